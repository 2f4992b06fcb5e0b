//! The ANNUAL SALARY block: the general ranges (`$43,639 to $63,809 and
//! $47,376 to $69,279`, flat-rated amounts, labelled lines), department
//! ranges in their own sentence (`The salary in the Department of Water
//! and Power is ...`), and the notes after them.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::common::{PayRange, PayUnit, Sp};
use crate::model::jurisdiction::PayList;

/// Ranges read from one line, and what of the line they do not say.
#[derive(Debug, Clone, Default)]
pub struct Line {
    pub ranges: Vec<PayRange>,
    /// How the ranges were joined.
    pub list: Option<PayList>,
    /// Department or schedule, with the words before its figures.
    pub schedule: Option<(String, String)>,
    /// Text after the figures ("A shift differential is paid ...").
    pub rest: Option<String>,
    /// Text the line says beside the figures that the ranges do not carry
    /// (an asterisk, an effective date): the line is kept as a note too.
    pub extra: bool,
}

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\*?\$\s*\$?\s*(\d{1,3}(?:, ?\d{3})+|\d+)(\.\d{1,2})?\*?|\b(\d{2,3}, ?\d{3})(\.\d{1,2})?\b")
        .expect("pattern")
});
static FLAT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\s*\(?\s*flat[- ]rated\s*\)?").expect("pattern"));
static SCHEDULE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(Department of Water and Power|Harbor Department|Department of (?:Los Angeles World )?Airports?|Los Angeles World Airports?)",
    )
    .expect("pattern")
});

fn number(c: &regex::Captures) -> Option<f64> {
    let (whole, cents) = match c.get(1) {
        Some(w) => (w.as_str(), c.get(2)),
        None => (c.get(3)?.as_str(), c.get(4)),
    };
    let mut v: f64 = whole.replace([',', ' '], "").parse().ok()?;
    if let Some(cents) = cents {
        v += cents.as_str().parse::<f64>().ok()?;
    }
    (v > 0.0 && v < 100_000_000.0).then_some(v)
}

/// Read the pay figures of a line. `None` when the line states none.
pub fn line(text: &str) -> Option<Line> {
    let amounts: Vec<(std::ops::Range<usize>, f64)> = AMOUNT
        .captures_iter(text)
        .filter_map(|c| Some((c.get(0)?.range(), number(&c)?)))
        .collect();
    if amounts.is_empty() {
        return None;
    }
    let first = amounts[0].0.start;
    let lead = text[..first].trim();
    let mut out = Line::default();
    let mut label = None;
    if let Some(m) = SCHEDULE.find(lead) {
        out.schedule = Some((m.as_str().to_string(), lead.to_string()));
    } else if !lead.is_empty() {
        if lead.ends_with(':') {
            label = Some(lead.trim_end_matches(':').trim().to_string());
        } else {
            out.extra = true;
        }
    }
    let mut i = 0;
    let mut separators: Vec<String> = Vec::new();
    let mut end = first;
    while i < amounts.len() {
        let (r, min) = (&amounts[i].0, amounts[i].1);
        let between = |a: usize, b: usize| text[a..b].to_string();
        let mut max = None;
        let mut stop = r.end;
        if i + 1 < amounts.len() && between(r.end, amounts[i + 1].0.start).trim().eq_ignore_ascii_case("to") {
            max = Some(amounts[i + 1].1);
            stop = amounts[i + 1].0.end;
            i += 1;
        }
        let mut flat = None;
        if let Some(m) = FLAT.find(&text[stop..]) {
            flat = Some(true);
            stop += m.end();
        }
        // A "flat rated" word before the figure ("is flat-rated at $99,639").
        if text[..r.start]
            .to_ascii_lowercase()
            .trim_end()
            .ends_with("flat-rated at")
            || text[..r.start]
                .to_ascii_lowercase()
                .trim_end()
                .ends_with("flat rated at")
        {
            flat = Some(true);
        }
        match (flat, max) {
            // No max already means flat.
            (Some(true), None) => flat = None,
            // A single amount the source does not call flat-rated.
            (None, None) => flat = Some(false),
            _ => {}
        }
        out.ranges.push(PayRange {
            label: label.clone(),
            schedule: out.schedule.as_ref().map(|(s, _)| s.clone()),
            lead: None,
            flat,
            min: Sp::synthetic(min),
            max: max.map(Sp::synthetic),
            unit: PayUnit::Annual,
            equivalents: Vec::new(),
        });
        end = stop;
        i += 1;
        if i < amounts.len() {
            separators.push(text[end..amounts[i].0.start].trim().to_ascii_lowercase());
        }
    }
    out.list = list_style(&separators);
    if separators
        .iter()
        .any(|s| !matches!(s.as_str(), ";" | "and" | "; and" | "," | ", and" | ""))
    {
        out.extra = true;
    }
    let rest = text[end..].trim().trim_start_matches(['.', ',', ';']).trim();
    if !rest.is_empty() {
        out.rest = Some(rest.to_string());
    }
    if text.contains('*') {
        out.extra = true;
    }
    Some(out)
}

fn list_style(seps: &[String]) -> Option<PayList> {
    if seps.is_empty() {
        return None;
    }
    let last = seps.last().map(String::as_str).unwrap_or("");
    let head = &seps[..seps.len() - 1];
    Some(match last {
        "; and" if head.iter().all(|s| s == ";") => PayList::SemicolonAnd,
        ";" if head.iter().all(|s| s == ";") => PayList::Semicolon,
        "and" if head.iter().all(|s| s == "and") => PayList::And,
        "and" if head.iter().all(|s| s == ",") => PayList::CommaAnd,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(l: &Line) -> Vec<(f64, Option<f64>, Option<bool>)> {
        l.ranges
            .iter()
            .map(|r| (*r.min, r.max.as_ref().map(|m| **m), r.flat))
            .collect()
    }

    #[test]
    fn corpus_salary_lines() {
        let l = line("$43,639 to $63,809 and $47,376 to $69,279").unwrap();
        assert_eq!(
            figures(&l),
            [(43639.0, Some(63809.0), None), (47376.0, Some(69279.0), None)]
        );
        assert_eq!(l.list, Some(PayList::And));
        assert!(!l.extra && l.rest.is_none());
        let l = line("$86,312 (flat-rated)").unwrap();
        assert_eq!(figures(&l), [(86312.0, None, None)]);
        let l = line("$85,962 to $96,444 (flat-rated)").unwrap();
        assert_eq!(figures(&l), [(85962.0, Some(96444.0), Some(true))]);
        let l = line("The salary in the Department of Water and Power is $54,663 to $67,922 and $57,774 to $71,785.")
            .unwrap();
        assert_eq!(l.schedule.as_ref().unwrap().0, "Department of Water and Power");
        assert_eq!(
            l.schedule.as_ref().unwrap().1,
            "The salary in the Department of Water and Power is"
        );
        assert_eq!(l.ranges.len(), 2);
        assert!(l.rest.is_none());
        let l = line("$85,545 to $103,439; $82,893 to $121,166; and $87,528 to $127,994").unwrap();
        assert_eq!(l.list, Some(PayList::SemicolonAnd));
        let l = line("$110,371 to 137,139 and $122,690 to $152,444").unwrap();
        assert_eq!(l.ranges.len(), 2);
        let l = line(
            "The salary in the Department of Water and Power is $106,174 (flat-rated). A shift differential is paid.",
        )
        .unwrap();
        assert_eq!(l.rest.as_deref(), Some("A shift differential is paid."));
        let l = line("For trainee positions:  $74,666 to $96,006; $78,341 to $100,725").unwrap();
        assert_eq!(l.ranges[0].label.as_deref(), Some("For trainee positions"));
        assert!(line("Salary scale pending.").is_none());
    }
}
