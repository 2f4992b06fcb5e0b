//! Calendar facts used when scheduling filing periods: holidays (US
//! federal ones and the jurisdiction's own), weekends, and rolling a date
//! one year on to the same weekday.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::model::jurisdiction::{Holiday, Jurisdiction};

/// The same weekday 52 weeks later (e.g. Friday, February 28, 2025 →
/// Friday, February 27, 2026). Fails when the result would be outside the
/// dates classplan accepts.
pub fn same_weekday_next_year(d: NaiveDate) -> Result<NaiveDate, String> {
    let next = d
        .checked_add_signed(Duration::weeks(52))
        .ok_or_else(|| format!("{d} cannot be moved a year on"))?;
    // Keep the date within a week of its anniversary: after a long year drift, add a week.
    let next = if d
        .with_year(d.year() + 1)
        .is_some_and(|anniv| (anniv - next).num_days() > 3)
    {
        next.checked_add_signed(Duration::weeks(1))
            .ok_or_else(|| format!("{d} cannot be moved a year on"))?
    } else {
        next
    };
    crate::model::common::check_date_range(next)
}

fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u8) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n)
}

fn last_weekday(year: i32, month: u32, weekday: Weekday) -> Option<NaiveDate> {
    (1..=5)
        .rev()
        .find_map(|n| NaiveDate::from_weekday_of_month_opt(year, month, weekday, n))
}

/// A fixed-date holiday as observed: Saturday → Friday, Sunday → Monday.
fn observed(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => d - Duration::days(1),
        Weekday::Sun => d + Duration::days(1),
        _ => d,
    }
}

/// US federal holidays observed in a year. New Year's Day of the next year
/// is observed on December 31 when it falls on a Saturday.
pub fn federal_holidays(year: i32) -> Vec<(NaiveDate, String)> {
    let fixed = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).map(observed);
    let list = [
        (fixed(year, 1, 1), "New Year's Day"),
        (fixed(year + 1, 1, 1).filter(|d| d.year() == year), "New Year's Day"),
        (nth_weekday(year, 1, Weekday::Mon, 3), "Martin Luther King Jr. Day"),
        (nth_weekday(year, 2, Weekday::Mon, 3), "Presidents' Day"),
        (last_weekday(year, 5, Weekday::Mon), "Memorial Day"),
        (fixed(year, 6, 19), "Juneteenth"),
        (fixed(year, 7, 4), "Independence Day"),
        (nth_weekday(year, 9, Weekday::Mon, 1), "Labor Day"),
        (nth_weekday(year, 10, Weekday::Mon, 2), "Columbus Day"),
        (fixed(year, 11, 11), "Veterans Day"),
        (nth_weekday(year, 11, Weekday::Thu, 4), "Thanksgiving Day"),
        (fixed(year, 12, 25), "Christmas Day"),
    ];
    list.into_iter()
        .filter(|(d, _)| d.is_some_and(|d| d.year() == year))
        .filter_map(|(d, n)| d.map(|d| (d, n.to_string())))
        .collect()
}

/// The day a jurisdiction holiday falls on in `year`, if it does.
fn holiday_in(h: &Holiday, year: i32) -> Option<NaiveDate> {
    if let Some(d) = &h.date {
        return (d.0.year() == year).then_some(d.0);
    }
    let month = h.month?;
    match (h.day, h.weekday, h.nth) {
        (Some(day), _, _) => {
            let d = NaiveDate::from_ymd_opt(year, month, day)?;
            Some(if h.observed { observed(d) } else { d })
        }
        (None, Some(w), Some(-1)) => last_weekday(year, month, w.chrono()),
        (None, Some(w), Some(n)) if (1..=5).contains(&n) => nth_weekday(year, month, w.chrono(), n as u8),
        _ => None,
    }
}

/// Every holiday that applies to a jurisdiction in `year`, by date.
pub fn holidays(j: &Jurisdiction, year: i32) -> Vec<(NaiveDate, String)> {
    let mut out = if j.federal_holidays {
        federal_holidays(year)
    } else {
        Vec::new()
    };
    for h in &j.holidays {
        if let Some(d) = holiday_in(h, year) {
            out.push((d, h.name.clone()));
        }
    }
    out.sort();
    out
}

/// Why a date is a poor day to open or close filing, if it is: a weekend,
/// or one of `holidays` (a jurisdiction's; federal ones when `None`).
pub fn non_working(d: NaiveDate, j: Option<&Jurisdiction>) -> Option<String> {
    let list = match j {
        Some(j) => holidays(j, d.year()),
        None => federal_holidays(d.year()),
    };
    if let Some((_, name)) = list.into_iter().find(|(h, _)| *h == d) {
        return Some(format!("{name} (a holiday)"));
    }
    match d.weekday() {
        Weekday::Sat | Weekday::Sun => Some(format!("a {}", d.format("%A"))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn rolls_to_the_same_weekday() {
        assert_eq!(same_weekday_next_year(day(2025, 2, 28)), Ok(day(2026, 2, 27)));
        assert_eq!(same_weekday_next_year(day(2026, 3, 12)), Ok(day(2027, 3, 11)));
        // The last accepted year rolls into a refusal, not a panic.
        assert!(same_weekday_next_year(day(2199, 12, 20)).is_err());
    }

    #[test]
    fn knows_holidays() {
        assert!(non_working(day(2027, 5, 31), None).unwrap().contains("Memorial Day"));
        assert!(non_working(day(2025, 3, 1), None).unwrap().contains("Saturday"));
        assert!(non_working(day(2025, 2, 28), None).is_none());
        // January 1, 2028 is a Saturday: observed Friday, December 31, 2027.
        assert!(non_working(day(2027, 12, 31), None).unwrap().contains("New Year's Day"));
    }

    #[test]
    fn jurisdiction_holidays() {
        let j: Jurisdiction = toml::from_str(
            r#"id = "la-city"
name = "City of Los Angeles"
location = { locality = "Los Angeles", region = "CA" }
time_zone = "America/Los_Angeles"
[[holidays]]
name = "Cesar Chavez Day"
month = 3
day = 31
[[holidays]]
name = "Patriots' Day"
month = 4
weekday = "monday"
nth = 3
"#,
        )
        .unwrap();
        // March 31, 2024 is a Sunday: observed Monday, April 1.
        assert!(
            non_working(day(2024, 4, 1), Some(&j))
                .unwrap()
                .contains("Cesar Chavez Day")
        );
        assert!(
            non_working(day(2025, 4, 21), Some(&j))
                .unwrap()
                .contains("Patriots' Day")
        );
    }
}
