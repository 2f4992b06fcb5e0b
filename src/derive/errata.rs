//! Words of the official text that are wrong (`corrections` in a class or
//! bulletin): kept as published in the source, printed as the
//! jurisdiction's `style.corrections` says — "tactually [sic]" or
//! "tactfully" — in every output, never silently changed.

use serde::Serialize;

use crate::model::common::Correction;
use crate::model::jurisdiction::CorrectionStyle;

/// One correction as it prints.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Erratum {
    /// As published: "tactually".
    pub wrong: String,
    /// What is meant: "tactfully".
    pub right: String,
    /// What the documents print in its place: "tactually [sic]" or
    /// "tactfully".
    pub printed: String,
}

/// The errata of a document's corrections under a style.
pub fn errata<'a>(corrections: impl IntoIterator<Item = &'a Correction>, style: CorrectionStyle) -> Vec<Erratum> {
    corrections
        .into_iter()
        .filter(|c| !c.wrong.trim().is_empty())
        .map(|c| Erratum {
            wrong: c.wrong.trim().to_string(),
            right: c.right.trim().to_string(),
            printed: match style {
                CorrectionStyle::Sic => format!("{} [sic]", c.wrong.trim()),
                CorrectionStyle::Correct => c.right.trim().to_string(),
            },
        })
        .collect()
}

/// `text` with every whole-word occurrence of each erratum's wrong words
/// replaced by what prints; a capitalized or upper-case occurrence keeps
/// its case ("Tactually" → "Tactfully", "TACTUALLY" → "TACTFULLY").
pub fn apply(text: &str, errata: &[Erratum]) -> String {
    let mut out = text.to_string();
    for e in errata {
        if e.wrong.is_empty() || e.wrong == e.printed {
            continue;
        }
        for (wrong, printed) in [
            (e.wrong.clone(), e.printed.clone()),
            (capitalized(&e.wrong), capitalized(&e.printed)),
            (e.wrong.to_uppercase(), e.printed.to_uppercase()),
        ] {
            out = replace_words(&out, &wrong, &printed);
        }
    }
    out
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Replace `wrong` where it stands as whole words (no letter or digit
/// right before or after it).
fn replace_words(text: &str, wrong: &str, printed: &str) -> String {
    if wrong.is_empty() || !text.contains(wrong) {
        return text.to_string();
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(i) = rest.find(wrong) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + wrong.len()..].chars().next();
        out.push_str(&rest[..i]);
        if word(before) || word(after) {
            out.push_str(wrong);
        } else {
            out.push_str(printed);
        }
        rest = &rest[i + wrong.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(style: CorrectionStyle) -> Vec<Erratum> {
        let c: Correction = toml::from_str("wrong = \"tactually\"\nright = \"tactfully\"").unwrap();
        errata([&c], style)
    }

    #[test]
    fn prints_sic_or_the_correction_keeping_case_and_words() {
        let t = "Deal tactually; TACTUALLY. Tactually, but not tactuallyness.";
        assert_eq!(
            apply(t, &e(CorrectionStyle::Sic)),
            "Deal tactually [sic]; TACTUALLY [SIC]. Tactually [sic], but not tactuallyness."
        );
        assert_eq!(
            apply(t, &e(CorrectionStyle::Correct)),
            "Deal tactfully; TACTFULLY. Tactfully, but not tactuallyness."
        );
    }
}
