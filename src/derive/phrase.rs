//! Words computed from data: numbers in words, durations, dates with
//! weekday names, times, money. Jurisdiction style decides the form.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use crate::model::jurisdiction::NumberStyle;
use crate::model::requirements::DurationUnit;

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// A number in English words (0..=999; larger numbers stay digits).
pub fn number_words(n: u32) -> String {
    match n {
        0..=19 => ONES[n as usize].to_string(),
        20..=99 => {
            let (t, o) = (n / 10, n % 10);
            if o == 0 {
                TENS[t as usize].to_string()
            } else {
                format!("{}-{}", TENS[t as usize], ONES[o as usize])
            }
        }
        100..=999 => {
            let (h, r) = (n / 100, n % 100);
            if r == 0 {
                format!("{} hundred", ONES[h as usize])
            } else {
                format!("{} hundred {}", ONES[h as usize], number_words(r))
            }
        }
        _ => group_digits(n as u64),
    }
}

/// A number written in words or digits, as sources write them: "two",
/// "eighteen", "twenty-four", "36", "1,040" (the inverse of
/// [`number_words`] below a hundred).
pub fn parse_number(s: &str) -> Option<u32> {
    let s = s.trim().to_ascii_lowercase();
    if let Ok(n) = s.replace(',', "").parse::<u32>() {
        return Some(n);
    }
    if let Some(i) = ONES.iter().position(|w| *w == s) {
        return Some(i as u32);
    }
    let (t, o) = s.split_once('-').unwrap_or((&s, ""));
    let ti = TENS.iter().position(|w| !w.is_empty() && *w == t)? as u32;
    let oi = if o.is_empty() {
        0
    } else {
        ONES.iter().position(|w| *w == o).filter(|&i| i > 0 && i < 10)? as u32
    };
    Some(ti * 10 + oi)
}

/// A count of any size in words when small ("two"), in digits otherwise.
pub fn count_words(n: u64) -> String {
    match u32::try_from(n) {
        Ok(n) if n < 1000 => number_words(n),
        _ => group_digits(n),
    }
}

/// A count in the jurisdiction's number style: "six", "Six (6)" style, "6".
pub fn count(n: u32, style: NumberStyle) -> String {
    match style {
        NumberStyle::Words => number_words(n),
        NumberStyle::WordsAndDigits => format!("{} ({n})", number_words(n)),
        NumberStyle::Digits => n.to_string(),
    }
}

pub fn unit_word(unit: DurationUnit, n: u32) -> &'static str {
    match (unit, n == 1) {
        (DurationUnit::Years, true) => "year",
        (DurationUnit::Years, false) => "years",
        (DurationUnit::Months, true) => "month",
        (DurationUnit::Months, false) => "months",
        (DurationUnit::Weeks, true) => "week",
        (DurationUnit::Weeks, false) => "weeks",
        (DurationUnit::Hours, true) => "hour",
        (DurationUnit::Hours, false) => "hours",
    }
}

/// "one year", "six (6) months", "1,040 hours" (hours are counted in
/// digits whatever the style).
pub fn duration(n: u32, unit: DurationUnit, style: NumberStyle) -> String {
    let n_text = if unit == DurationUnit::Hours {
        group_digits(n as u64)
    } else {
        count(n, style)
    };
    format!("{n_text} {}", unit_word(unit, n))
}

/// Full-time months as a reader says them, in the jurisdiction's style:
/// "six months", "two years", "18 months", "6.5 months".
pub fn months_phrase(m: f64, style: NumberStyle) -> String {
    let whole = m.round();
    if (m - whole).abs() > 0.05 || !(0.0..=1.0e6).contains(&whole) {
        return format!("{m:.1} months");
    }
    let whole = whole as u32;
    if whole > 0 && whole.is_multiple_of(12) {
        duration(whole / 12, DurationUnit::Years, style)
    } else {
        duration(whole, DurationUnit::Months, style)
    }
}

/// Months as a figure for comparisons: "24 months", "5.5 months".
pub fn months_figure(m: f64) -> String {
    if (m - m.round()).abs() < 0.05 {
        format!("{} months", m.round() as i64)
    } else {
        format!("{m:.1} months")
    }
}

/// "four-week" (an adjective: singular unit, hyphenated).
pub fn duration_adjective(n: u32, unit: DurationUnit) -> String {
    format!("{}-{}", number_words(n), unit_word(unit, 1))
}

/// Upper-case the first letter.
pub fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// "a" or "an" before a word, by its sound: "a one-year course", "a
/// university", "a U.S. high school", "an hour", "an 18-month program",
/// "an 8-week class", "an LVN license".
pub fn article(word: &str) -> &'static str {
    let w = word.trim_start().to_ascii_lowercase();
    // Vowel letters that sound like a consonant ("you", "wun").
    const A: [&str; 9] = ["one", "once", "uni", "use", "usu", "u.s", "ure", "euro", "ewe"];
    // A silent h.
    const AN: [&str; 4] = ["hour", "honest", "honor", "heir"];
    if A.iter().any(|p| w.starts_with(p)) {
        return "a";
    }
    if AN.iter().any(|p| w.starts_with(p)) {
        return "an";
    }
    let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        // "an eight", "an eleven", "an eighteen", "an eighty-…", "an 800".
        let n = digits.len();
        let lead_eleven_or_eighteen =
            (n == 2 || n == 5 || n == 8) && (digits.starts_with("11") || digits.starts_with("18"));
        return if digits.starts_with('8') || lead_eleven_or_eighteen {
            "an"
        } else {
            "a"
        };
    }
    // A capitalised abbreviation read letter by letter: "an LVN", "an RN".
    let first_word = word
        .trim_start()
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    if first_word.len() > 1 && first_word.chars().all(|c| c.is_ascii_uppercase()) {
        return match first_word.chars().next() {
            Some('A' | 'E' | 'F' | 'H' | 'I' | 'L' | 'M' | 'N' | 'O' | 'R' | 'S' | 'X') => "an",
            _ => "a",
        };
    }
    match w.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

/// "A, B and C" / "A or B".
pub fn join_list(items: &[String], word: &str) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        2 => format!("{} {word} {}", items[0], items[1]),
        _ => format!(
            "{}, {word} {}",
            items[..items.len() - 1].join(", "),
            items[items.len() - 1]
        ),
    }
}

/// "FRIDAY, FEBRUARY 28, 2025" or "Friday, February 28, 2025".
pub fn long_date(d: NaiveDate, upper: bool) -> String {
    let s = format!("{}, {} {}, {}", d.format("%A"), d.format("%B"), d.day(), d.year());
    if upper { s.to_uppercase() } else { s }
}

/// "8:00 am", "11:59 pm".
pub fn time_of_day(t: NaiveDateTime) -> String {
    let (pm, h) = t.hour12();
    format!("{}:{:02} {}", h, t.minute(), if pm { "pm" } else { "am" })
}

/// "02/28/2025".
pub fn short_date(d: NaiveDate) -> String {
    d.format("%m/%d/%Y").to_string()
}

/// Whether a strftime pattern is one chrono can format (no unknown `%`
/// directive).
pub fn valid_date_format(fmt: &str) -> bool {
    !fmt.is_empty() && chrono::format::StrftimeItems::new(fmt).all(|i| !matches!(i, chrono::format::Item::Error))
}

/// A date in a jurisdiction's short form (`style.short_date`, a strftime
/// pattern such as "%m-%d-%y"); "02/28/2025" by default or when the
/// pattern is not valid (`check` reports it).
pub fn format_date(d: NaiveDate, fmt: Option<&str>) -> String {
    match fmt {
        Some(f) if valid_date_format(f) => d.format(f).to_string(),
        _ => short_date(d),
    }
}

/// "1,040".
pub fn group_digits(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "100%" or "Qualifying": an examination component's weight.
pub fn weight(w: &crate::model::bulletin::Weight) -> String {
    match w {
        crate::model::bulletin::Weight::Percent(p) if p.fract() == 0.0 => format!("{}%", *p as i64),
        crate::model::bulletin::Weight::Percent(p) => format!("{p}%"),
        crate::model::bulletin::Weight::Keyword(k) => match k {
            crate::model::bulletin::WeightKeyword::Qualifying => "Qualifying".into(),
            crate::model::bulletin::WeightKeyword::PassFail => "Pass/Fail".into(),
            crate::model::bulletin::WeightKeyword::Advisory => "Advisory".into(),
        },
    }
}

/// "$60,489" for whole amounts, "$35.30" otherwise.
pub fn money(x: f64) -> String {
    let cents = (x * 100.0).round() as i64;
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let whole = group_digits(cents / 100);
    if cents.is_multiple_of(100) {
        format!("{sign}${whole}")
    } else {
        format!("{sign}${whole}.{:02}", cents % 100)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn articles_follow_the_sound() {
        for (w, a) in [
            ("one hundred hours", "a"),
            ("one-year course", "a"),
            ("university", "a"),
            ("U.S. high school", "a"),
            ("hour", "an"),
            ("18-month program", "an"),
            ("8-week class", "an"),
            ("80-hour course", "an"),
            ("11-month term", "an"),
            ("1,000-hour program", "a"),
            ("24-week course", "a"),
            ("LVN license", "an"),
            ("RN license", "an"),
            ("CPR card", "a"),
            ("apprenticeship", "an"),
            ("electrician", "an"),
            ("bachelor's degree", "a"),
        ] {
            assert_eq!(article(w), a, "{w}");
        }
    }
    use super::*;

    #[test]
    fn words() {
        assert_eq!(number_words(6), "six");
        assert_eq!(number_words(24), "twenty-four");
        assert_eq!(count(6, NumberStyle::WordsAndDigits), "six (6)");
        assert_eq!(duration(1, DurationUnit::Years, NumberStyle::Words), "one year");
        assert_eq!(duration_adjective(4, DurationUnit::Weeks), "four-week");
    }

    #[test]
    fn dates_and_money() {
        let d = NaiveDate::from_ymd_opt(2025, 2, 28).unwrap();
        assert_eq!(long_date(d, true), "FRIDAY, FEBRUARY 28, 2025");
        assert_eq!(time_of_day(d.and_hms_opt(23, 59, 0).unwrap()), "11:59 pm");
        assert_eq!(time_of_day(d.and_hms_opt(8, 0, 0).unwrap()), "8:00 am");
        assert_eq!(money(60489.0), "$60,489");
        assert_eq!(money(35.3), "$35.30");
        assert_eq!(money(1234567.891), "$1,234,567.89");
    }
}
