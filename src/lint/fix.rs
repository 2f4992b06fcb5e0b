//! `lint --fix`: rewrites that are mechanical and lossless, made on the
//! exact bytes of the source. Today one kind: a sentence in capitals put
//! in sentence case.
//!
//! Edits change letters in place (a letter's case, same length in UTF-8),
//! so quotes, escapes, line-continuation backslashes, comments, line
//! endings and the rest of the file stay byte for byte; after editing, the
//! file is parsed again with `toml_edit` and every edited value must read
//! as intended, or the file is left alone. (Setting the value through
//! `toml_edit` would re-encode the whole string and lose its layout.)

use std::collections::BTreeMap;
use std::ops::Range;

use crate::diag::{FileId, Span};

/// One mechanical rewrite of a source file.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    pub file: FileId,
    /// Byte ranges of the file and their replacements (same lengths).
    pub edits: Vec<(Range<usize>, String)>,
    /// The text before and after, for the printed diff.
    pub before: String,
    pub after: String,
}

impl Fix {
    /// The edits that turn `sentence` (plain text, located at `span` of
    /// `file_text`) into `fixed` (the same letters, other case). `None`
    /// when the raw text cannot be matched letter for letter.
    pub fn case_change(file_text: &str, span: &Span, sentence: &str, fixed: &str) -> Option<Fix> {
        let raw = file_text.get(span.range.clone())?;
        let plain: Vec<char> = sentence.chars().collect();
        let want: Vec<char> = fixed.chars().collect();
        if plain.len() != want.len() {
            return None;
        }
        let mut edits = Vec::new();
        let mut p = 0;
        let mut iter = raw.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if p >= plain.len() {
                break;
            }
            if c == plain[p] {
                if want[p] != c {
                    if want[p].len_utf8() != c.len_utf8() {
                        return None;
                    }
                    let at = span.range.start + i;
                    edits.push((at..at + c.len_utf8(), want[p].to_string()));
                }
                p += 1;
                continue;
            }
            if c == '\\' {
                match iter.peek().map(|(_, n)| *n) {
                    // A line continuation: the newline and the spaces after it vanish.
                    Some('\n') | Some('\r') | Some(' ') | Some('\t') => {
                        while iter.peek().is_some_and(|(_, n)| n.is_whitespace()) {
                            iter.next();
                        }
                    }
                    // An escape stands for one character of the text; never edited.
                    Some(_) => {
                        let (_, e) = iter.next()?;
                        let hex = match e {
                            'u' => 4,
                            'U' => 8,
                            'x' => 2,
                            _ => 0,
                        };
                        for _ in 0..hex {
                            iter.next();
                        }
                        if want[p] != plain[p] {
                            return None;
                        }
                        p += 1;
                    }
                    None => return None,
                }
                continue;
            }
            if (c == '\n' || c == '\r') && plain[p] == ' ' {
                if c == '\r' && iter.peek().is_some_and(|(_, n)| *n == '\n') {
                    iter.next();
                }
                p += 1;
                continue;
            }
            // Markdown syntax (`*`, `_`) that plain text drops.
            if matches!(c, '*' | '_' | '`' | '\n' | '\r') {
                continue;
            }
            return None;
        }
        if p != plain.len() || edits.is_empty() {
            return None;
        }
        Some(Fix {
            file: span.file,
            edits,
            before: sentence.to_string(),
            after: fixed.to_string(),
        })
    }
}

/// A sentence of capitals in sentence case: words the dictionary knows in
/// lower case are lowered, proper nouns the dictionary knows capitalised
/// keep their capital, acronyms (listed, or short words the dictionary
/// does not know) stay in capitals, the first word is capitalised, and the
/// plan's names (`names`: jurisdiction, departments, class titles) get
/// their own casing back.
pub fn sentence_case(sentence: &str, acronyms: &std::collections::HashSet<String>, names: &Names) -> String {
    let dict = super::spelling::dictionary();
    let mut out: Vec<char> = sentence.chars().collect();
    // Byte offset → char index.
    let idx: BTreeMap<usize, usize> = sentence.char_indices().enumerate().map(|(n, (b, _))| (b, n)).collect();
    let words = super::measure::words(sentence);
    let mut first = true;
    for w in &words {
        let word = &sentence[w.clone()];
        let lower = lowercase_same_len(word);
        let capital = capitalise(&lower);
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        let choice: String = if acronyms.contains(word) || word.chars().any(|c| c.is_ascii_digit()) {
            word.to_string()
        } else if lower == "i" {
            "I".into()
        } else if dict.is_some_and(|d| d.check(&lower)) {
            if first { capital } else { lower }
        } else if dict.is_some_and(|d| d.check(&capital)) {
            capital
        } else if letters <= 4 {
            word.to_string()
        } else if first {
            capital
        } else {
            lower
        };
        first = false;
        let start = idx.get(&w.start).copied().unwrap_or(0);
        for (k, c) in choice.chars().enumerate() {
            if let Some(slot) = out.get_mut(start + k) {
                *slot = c;
            }
        }
    }
    let mut s: String = out.into_iter().collect();
    // The plan's own names keep their casing. Putting a name back changes
    // no letter's lower case, so the lower-case text is made once.
    let ls = lowercase_same_len(&s);
    if ls.len() != s.len() {
        return s;
    }
    for (ln, name) in &names.0 {
        let mut from = 0;
        while let Some(pos) = ls[from..].find(ln.as_str()) {
            let at = from + pos;
            let end = at + ln.len();
            let bounded = !ls[..at].ends_with(|c: char| c.is_alphanumeric())
                && !ls[end..].starts_with(|c: char| c.is_alphanumeric());
            if bounded && s.is_char_boundary(at) && s.is_char_boundary(end) {
                s.replace_range(at..end, name);
            }
            from = end;
        }
    }
    s
}

/// Names of two words or more with their casing, longest first (so
/// "Department of Water and Power" wins over a name inside it), each with
/// its lower case made once.
#[derive(Debug, Default, Clone)]
pub struct Names(Vec<(String, String)>);

impl Names {
    pub fn new(names: impl IntoIterator<Item = String>) -> Names {
        let mut v: Vec<(String, String)> = names
            .into_iter()
            .filter(|n| n.split_whitespace().count() >= 2)
            .filter_map(|n| {
                let l = lowercase_same_len(&n);
                (l.len() == n.len()).then_some((l, n))
            })
            .collect();
        v.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.1.cmp(&b.1)));
        v.dedup();
        Names(v)
    }
}

/// Lower case, character by character, keeping characters whose lower
/// case is longer (so positions stay put).
fn lowercase_same_len(s: &str) -> String {
    s.chars()
        .map(|c| {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(x), None) if x.len_utf8() == c.len_utf8() => x,
                _ => c,
            }
        })
        .collect()
}

fn capitalise(lower: &str) -> String {
    let mut c = lower.chars();
    match c.next() {
        Some(f) => {
            let mut u = f.to_uppercase();
            let first = match (u.next(), u.next()) {
                (Some(x), None) if x.len_utf8() == f.len_utf8() => x,
                _ => f,
            };
            std::iter::once(first).chain(c).collect()
        }
        None => String::new(),
    }
}

/// `text` with `fixes` applied (overlapping ones skipped), if the result
/// still parses and every fixed sentence reads as intended.
pub fn apply(text: &str, fixes: &[&Fix]) -> Option<String> {
    let mut edits: Vec<&(Range<usize>, String)> = fixes.iter().flat_map(|f| f.edits.iter()).collect();
    edits.sort_by_key(|(r, _)| r.start);
    edits.dedup_by(|a, b| a.0.start < b.0.end);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (r, rep) in edits {
        if r.start < at || r.end > text.len() || !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end) {
            return None;
        }
        out.push_str(&text[at..r.start]);
        out.push_str(rep);
        at = r.end;
    }
    out.push_str(&text[at..]);
    // Still TOML, and every fixed sentence reads as intended.
    let doc = out.parse::<toml_edit::DocumentMut>().ok()?;
    let mut strings = Vec::new();
    collect_strings(doc.as_item(), &mut strings);
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, '*' | '_' | '`'))
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let strings: Vec<String> = strings.iter().map(|s| squash(s)).collect();
    for f in fixes {
        let want = squash(&f.after);
        if !strings.iter().any(|s| s.contains(&want)) {
            return None;
        }
    }
    Some(out)
}

fn collect_strings(item: &toml_edit::Item, out: &mut Vec<String>) {
    match item {
        toml_edit::Item::Value(v) => collect_value(v, out),
        toml_edit::Item::Table(t) => t.iter().for_each(|(_, i)| collect_strings(i, out)),
        toml_edit::Item::ArrayOfTables(a) => a
            .iter()
            .for_each(|t| t.iter().for_each(|(_, i)| collect_strings(i, out))),
        toml_edit::Item::None => {}
    }
}

fn collect_value(v: &toml_edit::Value, out: &mut Vec<String>) {
    match v {
        toml_edit::Value::String(s) => out.push(s.value().clone()),
        toml_edit::Value::Array(a) => a.iter().for_each(|x| collect_value(x, out)),
        toml_edit::Value::InlineTable(t) => t.iter().for_each(|(_, x)| collect_value(x, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn case(s: &str) -> String {
        let acr: HashSet<String> = ["LADWP".to_string()].into_iter().collect();
        sentence_case(s, &acr, &Names::new(["City of Los Angeles".to_string()]))
    }

    #[test]
    fn capitals_become_sentence_case_keeping_names_and_acronyms() {
        assert_eq!(
            case("THIS EXAMINATION IS GIVEN ONLY ON AN INTERDEPARTMENTAL PROMOTIONAL BASIS."),
            "This examination is given only on an interdepartmental promotional basis."
        );
        assert_eq!(
            case("THE CITY OF LOS ANGELES AND LADWP ARE EQUAL EMPLOYMENT OPPORTUNITY EMPLOYERS IN CALIFORNIA."),
            "The City of Los Angeles and LADWP are equal employment opportunity employers in California."
        );
    }

    #[test]
    fn edits_change_letters_in_place_through_escapes_and_continuations() {
        let file = "a = \"\"\"\nTHE \\\"FORM\\\" IS \\\n  DUE NOW.\"\"\"\n";
        let start = file.find("THE").unwrap();
        let end = file.find("NOW.").unwrap() + 4;
        let span = Span::new(FileId(0), start..end);
        let sentence = "THE \"FORM\" IS DUE NOW.";
        let fixed = "The \"form\" is due now.";
        let f = Fix::case_change(file, &span, sentence, fixed).unwrap();
        let out = apply(file, &[&f]).unwrap();
        assert_eq!(out, "a = \"\"\"\nThe \\\"form\\\" is \\\n  due now.\"\"\"\n");
    }
}
