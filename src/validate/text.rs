//! Checks on single free-text values, run on every string in every source:
//! the Markdown subset (no raw HTML, headings, images, tables, code), known
//! misspellings, and dates or weekdays typed by hand.

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::rules::Rule;

/// A problem inside one string: rule, message, hint, byte range within the
/// string (None = the whole value).
pub struct TextIssue {
    pub rule: Rule,
    pub message: String,
    pub hint: String,
    pub range: Option<std::ops::Range<usize>>,
}

/// Words that are misspellings in class specs, with the intended word.
const MISSPELLINGS: &[(&str, &str)] = &[
    ("tactually", "tactfully"),
    ("recieve", "receive"),
    ("recieves", "receives"),
    ("seperate", "separate"),
    ("occured", "occurred"),
    ("accomodation", "accommodation"),
    ("accomodate", "accommodate"),
    ("liason", "liaison"),
    ("independant", "independent"),
    ("maintainance", "maintenance"),
    ("responsiblity", "responsibility"),
    ("responsibilites", "responsibilities"),
    ("supervison", "supervision"),
    ("goverment", "government"),
    ("enviroment", "environment"),
    ("knowlege", "knowledge"),
    ("managment", "management"),
    ("comunicate", "communicate"),
    ("proficency", "proficiency"),
    ("calender", "calendar"),
    ("untill", "until"),
    ("definately", "definitely"),
    ("adminstrative", "administrative"),
    ("equivelant", "equivalent"),
    ("experiance", "experience"),
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Lower-case, letters and digits only, single spaces.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// All issues in one string value.
pub fn check_text(s: &str) -> Vec<TextIssue> {
    let mut out = Vec::new();
    if s.contains('<') || s.contains('#') || s.contains('!') || s.contains('|') || s.contains('`') || s.contains("    ")
    {
        markdown(s, &mut out);
    }
    words(s, &mut out);
    out
}

fn markdown(s: &str, out: &mut Vec<TextIssue>) {
    let parser = Parser::new_ext(s, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).into_offset_iter();
    for (event, range) in parser {
        let what = match &event {
            Event::Html(_) | Event::InlineHtml(_) => Some("raw HTML"),
            Event::Start(Tag::Heading { .. }) => Some("a Markdown heading"),
            Event::Start(Tag::Image { .. }) => Some("an image"),
            Event::Start(Tag::Table(_)) => Some("a table"),
            Event::Start(Tag::CodeBlock(_)) => Some("a code block"),
            Event::Code(_) => Some("inline code"),
            _ => None,
        };
        if let Some(what) = what {
            let snippet: String = s[range.clone()].chars().take(30).collect();
            out.push(TextIssue {
                rule: Rule::RawHtml,
                message: format!("free text contains {what}: `{}`", snippet.trim().escape_debug()),
                hint: "free text accepts paragraphs, *emphasis*, **strong**, lists and [links](https://...); escape a literal `<` as `\\<`".into(),
                range: Some(range),
            });
        }
    }
}

fn words(s: &str, out: &mut Vec<TextIssue>) {
    let mut toks: Vec<(usize, &str)> = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if c.is_alphanumeric() || c == '\'' {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(st) = start.take() {
            toks.push((st, &s[st..i]));
        }
    }
    if let Some(st) = start {
        toks.push((st, &s[st..]));
    }
    for (i, (pos, w)) in toks.iter().enumerate() {
        let lower = w.to_lowercase();
        if let Some((_, right)) = MISSPELLINGS.iter().find(|(wrong, _)| *wrong == lower) {
            out.push(TextIssue {
                rule: Rule::Misspelling,
                message: format!("`{w}` is probably a misspelling of `{right}`"),
                hint: format!("write `{right}`"),
                range: Some(*pos..pos + w.len()),
            });
        }
        if WEEKDAYS.contains(&lower.as_str()) {
            let month_follows = toks[i + 1..]
                .iter()
                .take(2)
                .any(|(_, n)| MONTHS.contains(&n.to_lowercase().as_str()));
            if month_follows {
                out.push(TextIssue {
                    rule: Rule::TypedDate,
                    message: format!("`{w}` next to a date typed by hand"),
                    hint: "put dates in date fields (e.g. a filing period or test window); weekday names are computed from them".into(),
                    range: Some(*pos..pos + w.len()),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_issue() {
        assert!(check_text("plain *emphasis* and [a link](https://x.org)").is_empty());
        assert_eq!(check_text("<script>x</script>")[0].rule, Rule::RawHtml);
        assert_eq!(check_text("Deal tactually with the public")[0].rule, Rule::Misspelling);
        assert_eq!(
            check_text("between TUESDAY, APRIL 29, 2025 and MONDAY, MAY 5 2025").len(),
            2
        );
        assert!(check_text("work on Monday mornings").is_empty());
    }

    #[test]
    fn normalizes() {
        assert_eq!(
            normalize("  Checks and verifies billing orders;"),
            "checks and verifies billing orders"
        );
    }
}
