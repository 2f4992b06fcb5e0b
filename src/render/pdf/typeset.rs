//! Print typography for the PDF: typographic quotes and non-breaking
//! spaces inside dates, times, amounts and durations, applied to the text
//! of the data a Typst template receives (the HTML, Markdown and text
//! outputs keep the source's characters).

use std::sync::OnceLock;

use regex::Regex;
use serde_json::Value;

/// Keys whose strings are not prose: links, ids, ISO dates, enum names.
const NOT_PROSE: &[&str] = &[
    "url",
    "id",
    "kind",
    "state",
    "open",
    "close",
    "open_at",
    "close_at",
    "start",
    "end",
    "date",
    "revised",
    "posted",
    "effective",
    "as_of",
    "schema",
    "layout",
    "expression",
    "class_reference",
    "code",
];

/// Every prose string of `v`, typeset for print.
pub fn typeset_value(v: &mut Value) {
    match v {
        Value::String(s) => *s = typeset(s),
        Value::Array(xs) => xs.iter_mut().for_each(typeset_value),
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if !NOT_PROSE.contains(&k.as_str()) {
                    typeset_value(x);
                }
            }
        }
        _ => {}
    }
}

/// The joins that must not break across lines: "8:00 am", "March 13,
/// 2025", "24 months", "Section 1010", "$60,489 to $88,405" stays as
/// written (no space inside an amount).
fn joins() -> &'static [Regex] {
    static R: OnceLock<Vec<Regex>> = OnceLock::new();
    R.get_or_init(|| {
        let months = "January|February|March|April|May|June|July|August|September|October|November|December";
        [
            // 8:00 am, 11:59 PM, 8 a.m.
            r"(\d) ((?i:am|pm|a\.m\.|p\.m\.))\b".to_string(),
            // March 13 / MARCH 13
            format!(r"\b((?i:{months})) (\d)"),
            // 13, 2025
            r"(\d{1,2},) (\d{4})\b".to_string(),
            // 24 months, 960 cumulative hours, 12 semester units, 70%
            r"(\d) ((?i:years?|months?|weeks?|days?|hours?|cumulative|semester|quarter|units?|percent)\b)".to_string(),
            // Section 1010, Rule 5.31, Requirement #2, No. 4
            r"\b((?i:section|rule|requirement|no\.|class|code)) ([#\d])".to_string(),
        ]
        .iter()
        .filter_map(|p| Regex::new(p).ok())
        .collect()
    })
}

/// Typographic quotes and non-breaking spaces in one string.
pub fn typeset(s: &str) -> String {
    let mut out = smart_quotes(s);
    for re in joins() {
        // Twice: overlapping joins ("March 13, 2025" shares "13").
        for _ in 0..2 {
            out = re.replace_all(&out, "$1\u{a0}$2").into_owned();
        }
    }
    out
}

/// Straight quotes to typographic ones: an opening quote at the start or
/// after a space or an opening bracket, else a closing one (which is also
/// the apostrophe).
fn smart_quotes(s: &str) -> String {
    if !s.contains(['"', '\'']) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev: Option<char> = None;
    for c in s.chars() {
        let opening = prev.is_none_or(|p| p.is_whitespace() || "([{\u{2014}\u{2013}/-".contains(p));
        out.push(match (c, opening) {
            ('"', true) => '\u{201c}',
            ('"', false) => '\u{201d}',
            ('\'', true) => '\u{2018}',
            ('\'', false) => '\u{2019}',
            _ => c,
        });
        prev = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_joins() {
        assert_eq!(
            typeset(r#"select the "Apply" icon; the public's"#),
            "select the \u{201c}Apply\u{201d} icon; the public\u{2019}s"
        );
        assert_eq!(
            typeset("From 8:00 am FRIDAY, FEBRUARY 28, 2025 to 11:59 pm"),
            "From 8:00\u{a0}am FRIDAY, FEBRUARY\u{a0}28,\u{a0}2025 to 11:59\u{a0}pm"
        );
        assert_eq!(
            typeset("24 months or 960 cumulative hours"),
            "24\u{a0}months or 960\u{a0}cumulative hours"
        );
        assert_eq!(typeset("Charter Section 1010 (b)"), "Charter Section\u{a0}1010 (b)");
        // Not prose: left alone.
        let mut v = serde_json::json!({"url": "https://x.org/a'b", "text": "it's"});
        typeset_value(&mut v);
        assert_eq!(v["url"], "https://x.org/a'b");
        assert_eq!(v["text"], "it\u{2019}s");
    }
}
