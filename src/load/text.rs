//! Checks on single text values, run on every string of every source while
//! it is loaded: control characters, the Markdown subset (no raw HTML,
//! headings, images, tables, code, unsafe links), known misspellings, and
//! dates or weekdays typed by hand. Rules across values and files are
//! `validate`'s.

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

/// Whether a lower-case word is one of the known misspellings `check`
/// reports (so `lint`'s dictionary check does not report it twice).
pub fn is_known_misspelling(lower: &str) -> bool {
    MISSPELLINGS.iter().any(|(wrong, _)| *wrong == lower)
}

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

/// Characters no source text may hold: controls other than line breaks
/// and tabs (ESC starts terminal sequences, NUL and the like break tools),
/// and the bidirectional overrides that make text read differently from
/// how it is stored.
fn forbidden_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// All issues in one string value.
pub fn check_text(s: &str) -> Vec<TextIssue> {
    let mut out = Vec::new();
    if let Some((i, c)) = s.char_indices().find(|(_, c)| forbidden_char(*c)) {
        out.push(TextIssue {
            rule: Rule::ControlCharacter,
            message: format!("text contains the control character U+{:04X}", c as u32),
            hint: "remove it; write line breaks as line breaks, and nothing else invisible".into(),
            range: Some(i..i + c.len_utf8()),
        });
    }
    if may_hold_markup(s) {
        markdown(s, &mut out);
    }
    words(s, &mut out);
    // A scaffold's placeholder ("TODO: describe the work of the class.")
    // must not be published as is.
    let t = s.trim_start();
    if t.starts_with("TODO") && !t[4..].starts_with(|c: char| c.is_alphanumeric()) {
        let at = s.len() - t.len();
        out.push(TextIssue {
            rule: Rule::Placeholder,
            message: "text is a placeholder left to be replaced".into(),
            hint: "write the real text; `classplan new` and `init` leave TODO where only you can say what goes".into(),
            range: Some(at..at + 4),
        });
    }
    out
}

/// Whether `s` may hold Markdown outside the subset (or a link): a cheap
/// test that spares most values a parse. Over-inclusive by design.
fn may_hold_markup(s: &str) -> bool {
    s.contains(['<', '#', '!', '|', '`', '~', '\t', '>', '[', '\\'])
        || s.contains("    ")
        || s.lines().any(|l| {
            // Setext heading underlines and thematic breaks: ---, ===, ***, ___.
            let t = l.trim();
            t.len() >= 2 && t.chars().all(|c| matches!(c, '-' | '=' | '*' | '_' | ' '))
        })
}

/// The longest link classplan accepts (browsers and PDF viewers handle
/// this much; real links are far shorter).
pub const MAX_URL: usize = 2048;

fn markdown(s: &str, out: &mut Vec<TextIssue>) {
    let parser = Parser::new_ext(s, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).into_offset_iter();
    for (event, range) in parser {
        if let Event::Start(Tag::Link { dest_url, .. }) = &event {
            let url = dest_url.trim();
            let lower = url.to_ascii_lowercase();
            let scheme_ok = ["https://", "http://", "mailto:"].iter().any(|p| lower.starts_with(p));
            let problem = if !scheme_ok {
                Some(format!(
                    "a link to `{}` (only https://, http:// and mailto: links are published)",
                    url.chars().take(40).collect::<String>().escape_debug()
                ))
            } else if url.len() > MAX_URL {
                Some(format!("a link of {} characters (at most {MAX_URL})", url.len()))
            } else {
                None
            };
            if let Some(what) = problem {
                out.push(TextIssue {
                    rule: Rule::RawHtml,
                    message: format!("free text contains {what}"),
                    hint: "links are [text](https://...); a javascript: or data: link would run or embed content"
                        .into(),
                    range: Some(range),
                });
            }
            continue;
        }
        let what = match &event {
            Event::Html(_) | Event::InlineHtml(_) => Some("raw HTML"),
            Event::Start(Tag::Heading { .. }) => Some("a Markdown heading"),
            Event::Start(Tag::Image { .. }) => Some("an image"),
            Event::Start(Tag::Table(_)) => Some("a table"),
            Event::Start(Tag::CodeBlock(_)) => Some("a code block"),
            Event::Start(Tag::BlockQuote(_)) => Some("a block quote"),
            Event::Rule => Some("a horizontal rule"),
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

/// A word in lower case, kept only when it is short enough to be one of the
/// listed words (none is longer than 16 bytes); no allocation for ASCII.
struct Lower {
    buf: [u8; 16],
    len: usize,
}

impl Lower {
    fn of(w: &str) -> Option<Lower> {
        let mut buf = [0u8; 16];
        if w.is_ascii() {
            let b = buf.get_mut(..w.len())?;
            b.copy_from_slice(w.as_bytes());
            b.make_ascii_lowercase();
            return Some(Lower { buf, len: w.len() });
        }
        let l = w.to_lowercase();
        buf.get_mut(..l.len())?.copy_from_slice(l.as_bytes());
        Some(Lower { buf, len: l.len() })
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
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
        let Some(lower) = Lower::of(w) else {
            continue;
        };
        let lower = lower.as_str();
        if let Some((_, right)) = MISSPELLINGS.iter().find(|(wrong, _)| *wrong == lower) {
            out.push(TextIssue {
                rule: Rule::Spelling,
                message: format!("`{w}` is probably a misspelling of `{right}`"),
                hint: format!("write `{right}`"),
                range: Some(*pos..pos + w.len()),
            });
        }
        if WEEKDAYS.contains(&lower) {
            let month_follows = toks[i + 1..]
                .iter()
                .take(2)
                .any(|(_, n)| Lower::of(n).is_some_and(|n| MONTHS.contains(&n.as_str())));
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
        assert_eq!(check_text("Deal tactually with the public")[0].rule, Rule::Spelling);
        assert_eq!(
            check_text("between TUESDAY, APRIL 29, 2025 and MONDAY, MAY 5 2025").len(),
            2
        );
        assert!(check_text("work on Monday mornings").is_empty());
        // Any case, ASCII or not; words longer than any listed one are skipped.
        assert_eq!(check_text("Deal TACTUALLY")[0].rule, Rule::Spelling);
        assert_eq!(check_text("Ünd seperate")[0].rule, Rule::Spelling);
        assert_eq!(
            check_text("MONDAY, MAİ 5 or Monday, März 5, Friday, May 9")[0].rule,
            Rule::TypedDate
        );
        assert!(check_text("counterrevolutionaries recieveeeeeeeeeeeee").is_empty());
    }

    #[test]
    fn every_markdown_block_outside_the_subset_is_found() {
        // Found by the audit: the pre-filter let these through.
        for s in [
            "Title\n=====",
            "Title\n-----",
            "~~~\ncode\n~~~",
            "\tindented code",
            "> quoted",
            "a\n\n---\n\nb",
            "[x](javascript:alert(1))",
            "[x](data:text/html,hi)",
        ] {
            assert!(check_text(s).iter().any(|i| i.rule == Rule::RawHtml), "{s:?}");
        }
        let long = format!("[x](https://example.org/{})", "a".repeat(8192));
        assert!(check_text(&long).iter().any(|i| i.message.contains("characters")));
        assert!(check_text("[site](https://per.lacity.org/x.pdf) and a - list").is_empty());
    }
}
