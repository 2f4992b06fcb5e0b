//! Calendar facts used when scheduling filing periods: US federal holidays
//! and weekends, and rolling a date one year on to the same weekday.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// The same weekday 52 weeks later (e.g. Friday, February 28, 2025 →
/// Friday, February 27, 2026).
pub fn same_weekday_next_year(d: NaiveDate) -> NaiveDate {
    let next = d + Duration::weeks(52);
    // Keep the date within a week of its anniversary: after a long year drift, add a week.
    if d.with_year(d.year() + 1)
        .is_some_and(|anniv| (anniv - next).num_days() > 3)
    {
        next + Duration::weeks(1)
    } else {
        next
    }
}

fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u8) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n)
}

fn last_weekday(year: i32, month: u32, weekday: Weekday) -> Option<NaiveDate> {
    (1..=5)
        .rev()
        .find_map(|n| NaiveDate::from_weekday_of_month_opt(year, month, weekday, n))
}

/// US federal holidays of a year (as observed when on a weekend).
pub fn federal_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let fixed = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    let observed = |d: Option<NaiveDate>| {
        d.map(|d| match d.weekday() {
            Weekday::Sat => d - Duration::days(1),
            Weekday::Sun => d + Duration::days(1),
            _ => d,
        })
    };
    let list = [
        (observed(fixed(1, 1)), "New Year's Day"),
        (nth_weekday(year, 1, Weekday::Mon, 3), "Martin Luther King Jr. Day"),
        (nth_weekday(year, 2, Weekday::Mon, 3), "Presidents' Day"),
        (last_weekday(year, 5, Weekday::Mon), "Memorial Day"),
        (observed(fixed(6, 19)), "Juneteenth"),
        (observed(fixed(7, 4)), "Independence Day"),
        (nth_weekday(year, 9, Weekday::Mon, 1), "Labor Day"),
        (nth_weekday(year, 10, Weekday::Mon, 2), "Columbus Day"),
        (observed(fixed(11, 11)), "Veterans Day"),
        (nth_weekday(year, 11, Weekday::Thu, 4), "Thanksgiving Day"),
        (observed(fixed(12, 25)), "Christmas Day"),
    ];
    list.into_iter().filter_map(|(d, n)| d.map(|d| (d, n))).collect()
}

/// Why a date is a poor day to open or close filing, if it is.
pub fn non_working(d: NaiveDate) -> Option<String> {
    if let Some((_, name)) = federal_holidays(d.year()).into_iter().find(|(h, _)| *h == d) {
        return Some(format!("{name} (a federal holiday)"));
    }
    match d.weekday() {
        Weekday::Sat | Weekday::Sun => Some(format!("a {}", d.format("%A"))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rolls_to_the_same_weekday() {
        let d = NaiveDate::from_ymd_opt(2025, 2, 28).unwrap();
        assert_eq!(same_weekday_next_year(d), NaiveDate::from_ymd_opt(2026, 2, 27).unwrap());
        let d = NaiveDate::from_ymd_opt(2026, 3, 12).unwrap();
        assert_eq!(same_weekday_next_year(d), NaiveDate::from_ymd_opt(2027, 3, 11).unwrap());
    }

    #[test]
    fn knows_holidays() {
        assert!(
            non_working(NaiveDate::from_ymd_opt(2027, 5, 31).unwrap())
                .unwrap()
                .contains("Memorial Day")
        );
        assert!(
            non_working(NaiveDate::from_ymd_opt(2025, 3, 1).unwrap())
                .unwrap()
                .contains("Saturday")
        );
        assert!(non_working(NaiveDate::from_ymd_opt(2025, 2, 28).unwrap()).is_none());
    }
}
