//! Sentences, words and syllables of plain text, and the Flesch-Kincaid
//! grade level made of them.
//!
//! Syllables are counted with the Knuth-Liang hyphenation patterns of US
//! English (the `hyphenation` crate's embedded TeX patterns): a word has
//! one syllable more than it has hyphenation points. Words are runs of
//! letters and digits (with inner apostrophes and hyphens); URLs and
//! e-mail addresses are not words. A "sentence" of one or two words (a list
//! item such as "Reading comprehension;") adds its words but does not count
//! as a sentence — the convention of Python's `textstat`, the reference
//! these figures are compared with (see README).

use std::ops::Range;
use std::sync::OnceLock;

use hyphenation::{Hyphenator, Language, Load, Standard};

fn patterns() -> Option<&'static Standard> {
    static EN: OnceLock<Option<Standard>> = OnceLock::new();
    EN.get_or_init(|| {
        let mut d = Standard::from_embedded(Language::EnglishUS).ok()?;
        // Break points at least two letters from either end, as pyphen
        // (textstat's hyphenator) has them.
        d.minima = (2, 2);
        Some(d)
    })
    .as_ref()
}

/// Longest word hyphenated; longer runs (a pasted hash, a chemical name)
/// count one syllable per three letters.
const LONGEST_WORD: usize = 48;

/// Syllables of one word (letters, maybe hyphens and apostrophes).
pub fn syllables(word: &str) -> usize {
    let mut n = 0;
    for part in word.split(['-', '\u{2010}', '\u{2011}']) {
        let lower: String = part
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        if lower.is_empty() {
            continue;
        }
        if !lower.chars().any(|c| c.is_alphabetic()) {
            n += 1;
            continue;
        }
        let letters = lower.chars().count();
        if letters > LONGEST_WORD {
            n += letters.div_ceil(3);
            continue;
        }
        n += hyphenated_syllables(&lower);
    }
    n.max(1)
}

/// Syllables of a lower-case word by its hyphenation points, remembered
/// per thread (a plan repeats its words).
fn hyphenated_syllables(lower: &str) -> usize {
    thread_local! {
        static SEEN: std::cell::RefCell<std::collections::HashMap<String, usize>> = Default::default();
    }
    SEEN.with(|seen| {
        if let Some(&n) = seen.borrow().get(lower) {
            return n;
        }
        let n = 1 + patterns().map_or(0, |d| d.hyphenate(lower).breaks.len());
        let mut seen = seen.borrow_mut();
        // Bounded: a corpus has tens of thousands of distinct words.
        if seen.len() > 200_000 {
            seen.clear();
        }
        seen.insert(lower.to_string(), n);
        n
    })
}

/// A word of a text: its byte range.
pub type Word = Range<usize>;

/// Whether a whitespace-free token is a URL, an e-mail address or a bare
/// domain name.
fn is_url(token: &str) -> bool {
    let lower_start = token.get(..8).unwrap_or(token).to_ascii_lowercase();
    if lower_start.starts_with("http://") || lower_start.starts_with("https:/") || lower_start.starts_with("www.") {
        return true;
    }
    let is_mail = token.contains('@') && token.rsplit('@').next().is_some_and(|d| d.contains('.'));
    is_mail || (token.contains('.') && is_domain(token))
}

/// A bare domain name, maybe with a path: "lacity.org", "per.lacity.org/x.pdf".
fn is_domain(token: &str) -> bool {
    const TLDS: &[&str] = &["org", "com", "gov", "net", "edu", "us", "io", "info"];
    let host = token.split('/').next().unwrap_or("");
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && labels
            .last()
            .is_some_and(|t| TLDS.contains(&t.to_ascii_lowercase().as_str()))
}

/// URLs and e-mail addresses of a text: byte ranges, without the
/// punctuation around them. One pass over the whitespace-separated tokens.
pub fn urls(text: &str) -> Vec<Range<usize>> {
    let sep = |c: char| c.is_whitespace() || c == '<' || c == '>' || c == '"';
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let check = |from: usize, to: usize, out: &mut Vec<Range<usize>>| {
        let token = &text[from..to];
        if token.len() < 4 || !(token.contains('.') || token.contains(':') || token.contains('@')) {
            return;
        }
        let lead = token.len() - token.trim_start_matches(['(', '[', '\'', '\u{201c}']).len();
        let inner = token[lead..].trim_end_matches(['.', ',', ';', ':', ')', ']', '\'', '\u{201d}']);
        if !inner.is_empty() && is_url(inner) {
            out.push(from + lead..from + lead + inner.len());
        }
    };
    for (i, c) in text.char_indices() {
        if sep(c) {
            if let Some(st) = start.take() {
                check(st, i, &mut out);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        check(st, text.len(), &mut out);
    }
    out
}

/// The words of a text, URLs and e-mail addresses left out.
pub fn words(text: &str) -> Vec<Word> {
    let skip = urls(text);
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if let Some(u) = skip.iter().find(|u| u.start == i) {
            if let Some(s) = start.take() {
                out.push(s..i);
            }
            // Skip the URL.
            while chars.peek().is_some_and(|(j, _)| *j < u.end) {
                chars.next();
            }
            continue;
        }
        let inner = (c == '\'' || c == '\u{2019}' || c == '-' || c == '\u{2011}')
            && start.is_some()
            && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || is_mark(c) || inner {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push(s..i);
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// Combining marks stay with their letter.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "st", "no", "nos", "jr", "sr", "inc", "dept", "approx", "u.s",
    "a.m", "p.m", "ph.d", "m.a", "b.a", "b.s", "m.s", "sec", "ext", "ave", "blvd", "rm", "fig", "cf", "al", "min",
    "max",
];

/// The sentences of one block of plain text: byte ranges, trimmed.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    let urls = urls(text);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if let Some(u) = urls.iter().find(|u| u.start == i) {
            i = u.end;
            continue;
        }
        if matches!(c, b'.' | b'!' | b'?') {
            // Runs of closing punctuation and quotes stay with the sentence.
            let mut j = i + 1;
            while j < b.len() && matches!(b[j], b'.' | b'!' | b'?' | b'"' | b'\'' | b')') {
                j += 1;
            }
            let ends = j >= b.len() || b[j].is_ascii_whitespace();
            let next_starts = text[j..].trim_start().chars().next();
            let before = &text[start..i];
            let prev_word = before
                .rsplit(|ch: char| ch.is_whitespace() || ch == '(')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            let marker = prev_word.chars().count() == 1 && prev_word.chars().all(|ch| ch.is_alphabetic())
                || (1..=2).contains(&prev_word.len()) && prev_word.chars().all(|ch| ch.is_ascii_digit());
            // An item of a run-in list ("the following: a. Budgets; b. …"):
            // each item is read as a sentence of its own.
            let marker_start = i - prev_word.len();
            if c == b'.' && marker && ends && list_item_starts(&text[start..marker_start]) {
                push_trimmed(text, start..marker_start, &mut out);
                start = marker_start;
                i = j;
                continue;
            }
            let abbreviation = c == b'.'
                && (ABBREVIATIONS.contains(&prev_word.as_str())
                    // An initial ("J. Smith").
                    || (prev_word.chars().count() == 1 && prev_word.chars().all(|ch| ch.is_alphabetic())));
            let lowercase_follows = next_starts.is_some_and(|n| n.is_lowercase());
            if ends && !abbreviation && !lowercase_follows {
                push_trimmed(text, start..j, &mut out);
                start = j;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

/// Whether the text before a list marker ends where a run-in list item
/// starts: after ":" or ";", maybe with "or"/"and".
fn list_item_starts(before: &str) -> bool {
    let t = before.trim_end();
    let t = t
        .strip_suffix(" or")
        .or_else(|| t.strip_suffix(" and"))
        .map(str::trim_end)
        .unwrap_or(t);
    t.ends_with(':') || t.ends_with(';')
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(r.start + lead..r.end - trail);
    }
}

/// The text without its URLs and e-mail addresses.
pub fn without_urls(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut at = 0;
    for u in urls(text) {
        plain.push_str(&text[at..u.start]);
        at = u.end;
    }
    plain.push_str(&text[at..]);
    plain
}

/// Sentences of `text` as textstat counts them: pieces between runs of
/// `.`, `!`, `?` with more than two words.
fn reference_sentences(text: &str) -> usize {
    without_urls(text)
        .split(['.', '!', '?'])
        .filter(|piece| words(piece).len() > 2)
        .count()
}

/// Counts of a text, summed over its blocks.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Counts {
    pub sentences: usize,
    pub words: usize,
    pub syllables: usize,
}

impl Counts {
    /// Count one sentence (as [`sentences`] finds them). For the grade,
    /// its sentences are counted as the reference implementation counts
    /// them: every run of `.`, `!` or `?` ends one (also in "Rule 4.2" or
    /// "Sec. 24"), and pieces of one or two words do not count.
    pub fn add_sentence(&mut self, sentence: &str) {
        let ws = words(sentence);
        self.sentences += reference_sentences(sentence);
        self.words += ws.len();
        self.syllables += ws.iter().map(|w| syllables(&sentence[w.clone()])).sum::<usize>();
    }

    pub fn add(&mut self, other: Counts) {
        self.sentences += other.sentences;
        self.words += other.words;
        self.syllables += other.syllables;
    }

    /// The Flesch-Kincaid grade level: 0.39 × words per sentence + 11.8 ×
    /// syllables per word − 15.59. `None` without words.
    pub fn grade(&self) -> Option<f64> {
        if self.words == 0 {
            return None;
        }
        let sentences = self.sentences.max(1) as f64;
        let w = self.words as f64;
        Some(0.39 * w / sentences + 11.8 * self.syllables as f64 / w - 15.59)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_come_from_hyphenation_patterns() {
        assert_eq!(syllables("the"), 1);
        assert_eq!(syllables("administration"), 5);
        assert_eq!(syllables("full-time"), 2);
        assert_eq!(syllables("2025"), 1);
        assert_eq!(syllables("driver's"), 2);
        assert!(syllables(&"a".repeat(10_000)) > 1000);
    }

    #[test]
    fn sentences_do_not_end_at_abbreviations_or_inside_numbers() {
        let t =
            "Pay is $1.50 an hour, e.g. for a clerk. A B.S. degree is required! Apply at http://x.org/a.b now. Done";
        let s: Vec<&str> = sentences(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(
            s,
            vec![
                "Pay is $1.50 an hour, e.g. for a clerk.",
                "A B.S. degree is required!",
                "Apply at http://x.org/a.b now.",
                "Done"
            ]
        );
    }

    #[test]
    fn run_in_list_items_are_sentences_of_their_own() {
        let t = "Experience in one of these areas: a. Budgets and audits; or b. Personnel work. Done now.";
        let s: Vec<&str> = sentences(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(
            s,
            vec![
                "Experience in one of these areas:",
                "a. Budgets and audits; or",
                "b. Personnel work.",
                "Done now."
            ]
        );
    }

    #[test]
    fn words_leave_out_urls_and_keep_inner_hyphens() {
        let t = "Go to https://per.lacity.org/x.pdf or mail jobs@lacity.org; full-time, driver's.";
        let w: Vec<&str> = words(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(w, vec!["Go", "to", "or", "mail", "full-time", "driver's"]);
        let t = "Visit joinLAFD.org or per.lacity.org/exams today.";
        let w: Vec<&str> = words(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(w, vec!["Visit", "or", "today"]);
    }

    #[test]
    fn grade_follows_the_formula() {
        let mut c = Counts::default();
        c.add_sentence("The cat sat on the mat.");
        // 6 words, 6 syllables, 1 sentence: 0.39*6 + 11.8*1 - 15.59
        assert!((c.grade().unwrap() - (0.39 * 6.0 + 11.8 - 15.59)).abs() < 1e-9);
        assert_eq!(Counts::default().grade(), None);
    }
}
