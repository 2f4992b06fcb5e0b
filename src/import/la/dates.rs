//! Dates and times as the bulletins write them: `05-12-17`, `THURSDAY,
//! MAY 25, 2017` (with the corpus's typos: `THURDAY`, `APRIL20`,
//! `JULY, 27, 2017`, `SEPTEMEBER`), `8:00 am`, `11:59 p.m.`, `MIDNIGHT`.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, NaiveTime};
use regex::Regex;

/// `MM-DD-YY` or `MM-DD-YYYY` (months and days of one or two digits).
pub fn short(text: &str) -> Option<NaiveDate> {
    static R: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d{1,2})-(\d{1,2})-(\d{4}|\d{2})\b").expect("pattern"));
    let c = R.captures(text)?;
    let m: u32 = c[1].parse().ok()?;
    let d: u32 = c[2].parse().ok()?;
    let y = year(&c[3])?;
    NaiveDate::from_ymd_opt(y, m, d).filter(|d| accepted(*d))
}

/// Only dates the source format accepts are read as dates (a year typed
/// `3018` stays text, reported like any line not imported).
fn accepted(d: NaiveDate) -> bool {
    crate::model::common::check_date_range(d).is_ok()
}

fn year(s: &str) -> Option<i32> {
    let y: i32 = s.parse().ok()?;
    Some(match s.len() {
        2 if y < 70 => 2000 + y,
        2 => 1900 + y,
        _ => y,
    })
}

static LONG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:(mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s*)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s*(\d{1,2})(?:st|nd|rd|th)?\s*,?\s*(\d{4})\b",
    )
    .expect("pattern")
});

/// A long date found in text, with its byte range and whether a stated
/// weekday disagrees with the calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub date: NaiveDate,
    pub range: std::ops::Range<usize>,
    pub weekday_wrong: bool,
}

/// Every long date in `text`, in order.
pub fn long_all(text: &str) -> Vec<Found> {
    LONG.captures_iter(text)
        .filter_map(|c| {
            let m = month(&c[2])?;
            let d: u32 = c[3].parse().ok()?;
            let y: i32 = c[4].parse().ok()?;
            let date = NaiveDate::from_ymd_opt(y, m, d).filter(|d| accepted(*d))?;
            let weekday_wrong = c.get(1).is_some_and(|w| {
                let w = w.as_str().to_ascii_lowercase();
                !date.weekday().to_string().to_ascii_lowercase().starts_with(&w)
            });
            let whole = c.get(0)?;
            Some(Found {
                date,
                range: whole.range(),
                weekday_wrong,
            })
        })
        .collect()
}

fn month(s: &str) -> Option<u32> {
    let names = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let s = s.to_ascii_lowercase();
    names.iter().position(|n| s.starts_with(n)).map(|i| i as u32 + 1)
}

/// A time of day: `8:00 am`, `11:59 p.m.`, `8:00 A.M`, `MIDNIGHT` (taken
/// as 11:59 pm, the end of the day), `NOON`.
pub fn time(text: &str) -> Option<NaiveTime> {
    static R: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\b(\d{1,2}):(\d{2})\s*([ap])\.?\s*m\b\.?").expect("pattern"));
    if let Some(c) = R.captures(text) {
        let mut h: u32 = c[1].parse().ok()?;
        let m: u32 = c[2].parse().ok()?;
        let pm = c[3].eq_ignore_ascii_case("p");
        if h == 12 {
            h = 0;
        }
        if pm {
            h += 12;
        }
        return NaiveTime::from_hms_opt(h, m, 0);
    }
    let lower = text.to_ascii_lowercase();
    if lower.contains("midnight") {
        return NaiveTime::from_hms_opt(23, 59, 0);
    }
    if lower.contains("noon") {
        return NaiveTime::from_hms_opt(12, 0, 0);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_date_forms() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(short("Open Date:  05-12-17"), Some(d(2017, 5, 12)));
        assert_eq!(short("Open Date:  3-09-18"), Some(d(2018, 3, 9)));
        assert_eq!(short("12-11-2015"), Some(d(2015, 12, 11)));
        for (text, want) in [
            ("THURSDAY, MAY 25, 2017.", d(2017, 5, 25)),
            ("THURSDAY, APRIL20, 2017", d(2017, 4, 20)),
            ("THURSDAY, MARCH 17 2016", d(2016, 3, 17)),
            ("THURSDAY, JANUARY 11 , 2018", d(2018, 1, 11)),
            ("Thursday, July, 27, 2017;", d(2017, 7, 27)),
            ("SEPTEMEBER 28, 2017", d(2017, 9, 28)),
            ("THURSDAY,  JANUARY  5, 2017", d(2017, 1, 5)),
        ] {
            let f = long_all(text);
            assert_eq!(f.first().map(|f| f.date), Some(want), "{text}");
            assert!(!f[0].weekday_wrong, "{text}");
        }
        assert!(long_all("THURDAY, DECEMBER 31, 2015")[0].date == d(2015, 12, 31));
        assert!(long_all("FRIDAY, DECEMBER 31, 2015")[0].weekday_wrong);
        assert_eq!(time("from 8:00 am"), NaiveTime::from_hms_opt(8, 0, 0));
        assert_eq!(time("to 11:59 p.m., THURSDAY"), NaiveTime::from_hms_opt(23, 59, 0));
        assert_eq!(time("TO MIDNIGHT"), NaiveTime::from_hms_opt(23, 59, 0));
        assert_eq!(time("12:00 pm"), NaiveTime::from_hms_opt(12, 0, 0));
    }
}
