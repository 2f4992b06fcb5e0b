//! Sections and blocks of a City of Los Angeles bulletin: headings matched
//! case-insensitively against the vocabulary the 594 bulletins use (typos
//! and colons included), and each section's lines assembled into
//! paragraphs and numbered or lettered items, soft-wrapped lines joined.

use std::sync::LazyLock;

use regex::Regex;

use crate::import::decode::squeeze;
use crate::import::doc::Doc;

/// A major section of a bulletin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sec {
    Header,
    Salary,
    Duties,
    Requirements,
    ProcessNotes,
    SelectiveCert,
    WhereToApply,
    Deadline,
    Selection,
    /// Any other titled section (QUALIFICATIONS REVIEW, EXPERT REVIEW
    /// COMMITTEE, ADDITIONAL JOB INFORMATION, ...).
    Other,
}

/// A heading inside a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sub {
    Notes,
    Notice,
    /// "Passing Score for the Qualifying Written Test".
    PassingScore,
}

static MAJOR: LazyLock<Vec<(Sec, Regex)>> = LazyLock::new(|| {
    let r = |s: &str| Regex::new(&format!("(?i)^(?:{s})$")).expect("heading pattern");
    vec![
        (Sec::Salary, r(r"annual\s*salary")),
        (Sec::Duties, r(r"duties")),
        (
            Sec::Requirements,
            r(r"requirements?(\s*/\s*(minimum|minumum|mimin\w*)\s*(qualif\w*|requirements))?|minimum requirements"),
        ),
        (Sec::ProcessNotes, r(r"process notes?")),
        (Sec::SelectiveCert, r(r"selective certification")),
        (Sec::WhereToApply, r(r"where to apply|how to apply")),
        (Sec::Deadline, r(r"application deadline")),
        (Sec::Selection, r(r"sele\w*ion (process|procedure)")),
    ]
});

static OTHER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(quali\w*ions review|expert review committee|additional job information|certification|conditions of employment|application process|appointments?( is subject to)?|vacancies|special information|score banding|allowable calculators|required materials|approved test items fact sheet|selective certification notes)$",
    )
    .expect("pattern")
});

static SUB: LazyLock<Vec<(Sub, Regex)>> = LazyLock::new(|| {
    vec![
        (Sub::Notes, Regex::new(r"(?i)^notes?$").expect("pattern")),
        (Sub::Notice, Regex::new(r"(?i)^notice$").expect("pattern")),
        (
            Sub::PassingScore,
            Regex::new(r"(?i)^passing score for (the )?qualifying .{0,40}$").expect("pattern"),
        ),
    ]
});

/// The line as a heading candidate: squeezed, without a final colon.
fn candidate(line: &str) -> Option<String> {
    let s = squeeze(line);
    let s = s.trim_end_matches(':').trim().to_string();
    if s.is_empty() || s.len() > 90 {
        return None;
    }
    Some(s)
}

/// The major section a line opens, if it is a heading.
pub fn major(line: &str) -> Option<Sec> {
    let s = candidate(line)?;
    if let Some((sec, _)) = MAJOR.iter().find(|(_, r)| r.is_match(&s)) {
        return Some(*sec);
    }
    OTHER.is_match(&s).then_some(Sec::Other)
}

/// The sub-heading a line is, if any.
pub fn sub(line: &str) -> Option<Sub> {
    let s = candidate(line)?;
    SUB.iter().find(|(_, r)| r.is_match(&s)).map(|(k, _)| *k)
}

/// An inline "NOTE:" / "NOTICE:" paragraph label: its kind and the text
/// after it.
pub fn inline_label(text: &str) -> Option<(Sub, &str)> {
    static INLINE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^(notes?|notice)\s*:\s+(\S.*)$").expect("pattern"));
    let c = INLINE.captures(text)?;
    let kind = if c[1].to_ascii_lowercase().starts_with("notice") {
        Sub::Notice
    } else {
        Sub::Notes
    };
    Some((kind, c.get(2).map(|m| m.as_str()).unwrap_or("")))
}

/// A section: its heading line (none for the header) and body lines.
#[derive(Debug, Clone)]
pub struct Section {
    pub kind: Sec,
    pub heading: Option<usize>,
    pub title: String,
    pub lines: Vec<usize>,
}

/// Split the free lines of a document into sections. Lines already used
/// (the tail: basis, taglines, footers) are skipped.
pub fn sections(doc: &Doc) -> Vec<Section> {
    let mut out = vec![Section {
        kind: Sec::Header,
        heading: None,
        title: String::new(),
        lines: Vec::new(),
    }];
    for i in 0..doc.len() {
        if !doc.is_free(i) {
            continue;
        }
        let line = doc.line(i);
        // A heading is a short line of its own; an inline "SELECTIVE
        // CERTIFICATION: text" is not.
        if let Some(kind) = major(line) {
            out.push(Section {
                kind,
                heading: Some(i),
                title: squeeze(line).trim_end_matches(':').trim().to_string(),
                lines: Vec::new(),
            });
            continue;
        }
        if let Some(s) = out.last_mut() {
            s.lines.push(i);
        }
    }
    out
}

/// What starts a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    Para,
    /// "1." or "1)".
    Number(u32),
    /// "a." "a)" "(a)".
    Letter(char),
    /// "-" or "*" bullets.
    Bullet,
}

/// A paragraph or list item: its lines and text (squeezed, wrapped lines
/// joined, the list mark removed).
#[derive(Debug, Clone)]
pub struct Block {
    pub mark: Mark,
    pub lines: Vec<usize>,
    pub text: String,
    /// A sub-heading line ("NOTES:") rather than text.
    pub sub: Option<Sub>,
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{1,2})[.)](?:\s+|$)(.*)$").expect("pattern"));
static NUMBER_BARE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d)\s+([A-Z].*)$").expect("pattern"));
static LETTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\(([a-z])\)|([a-zA-Z])[.)])\s+(.*)$").expect("pattern"));
static BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[-*•]\s+(.*)$").expect("pattern"));

/// The mark a line starts with, and its text after the mark.
pub fn mark_of(text: &str) -> (Mark, String) {
    if let Some(c) = NUMBER.captures(text) {
        let n: u32 = c[1].parse().unwrap_or(0);
        return (Mark::Number(n), c[2].trim().to_string());
    }
    if let Some(c) = NUMBER_BARE.captures(text) {
        let n: u32 = c[1].parse().unwrap_or(0);
        return (Mark::Number(n), c[2].trim().to_string());
    }
    if let Some(c) = LETTER.captures(text) {
        let l = c.get(1).or(c.get(2)).map(|m| m.as_str()).unwrap_or("a");
        // A capital letter item only when it reads as one ("A. Three
        // years"), not a sentence starting "A valid ...".
        let ch = l.chars().next().unwrap_or('a');
        if ch.is_ascii_lowercase() || text.as_bytes().get(1) == Some(&b'.') {
            return (Mark::Letter(ch.to_ascii_lowercase()), c[3].trim().to_string());
        }
    }
    if let Some(c) = BULLET.captures(text) {
        return (Mark::Bullet, c[1].trim().to_string());
    }
    (Mark::Para, text.to_string())
}

/// Whether `next` continues the text of `prev` (a soft-wrapped line).
fn continues(prev: &str, next: &str) -> bool {
    let ends_open =
        !prev.ends_with(['.', ':', ';', '!', '?', ')']) && !prev.ends_with(" or") && !prev.ends_with(" and");
    let starts_low = next.chars().next().is_some_and(|c| c.is_lowercase()) || next.starts_with("http");
    ends_open && starts_low
}

/// Assemble lines into blocks: a blank line ends a block; a line with a
/// list mark starts one; a sub-heading is its own block; a soft-wrapped
/// line joins the one before.
pub fn blocks(doc: &Doc, lines: &[usize]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut open = false;
    for &i in lines {
        if doc.blank(i) {
            open = false;
            continue;
        }
        let text = doc.text(i);
        if let Some(s) = sub(&text) {
            out.push(Block {
                mark: Mark::Para,
                lines: vec![i],
                text: String::new(),
                sub: Some(s),
            });
            open = false;
            continue;
        }
        let (mark, rest) = mark_of(&text);
        let joins =
            open && mark == Mark::Para && out.last().is_some_and(|b| b.sub.is_none() && continues(&b.text, &rest));
        if joins && let Some(b) = out.last_mut() {
            b.text.push(' ');
            b.text.push_str(&rest);
            b.lines.push(i);
            continue;
        }
        out.push(Block {
            mark,
            lines: vec![i],
            text: rest,
            sub: None,
        });
        open = true;
    }
    out
}

/// Escape source text for classplan's Markdown: characters that would
/// start emphasis, code, links, HTML or a heading are backslash-escaped.
pub fn md(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let alnum = |k: Option<&char>| k.is_some_and(|c| c.is_alphanumeric());
        match c {
            // An underscore inside a word (URLs, file names) cannot start
            // emphasis; elsewhere it is escaped.
            '_' if alnum(i.checked_sub(1).and_then(|k| chars.get(k))) && alnum(chars.get(i + 1)) => out.push(c),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '#' if i == 0 => out.push_str("\\#"),
            c => out.push(c),
        }
    }
    // A paragraph that starts like a list item ("1990. The ...") stays a
    // paragraph.
    if let Some(dot) = out.find(". ")
        && dot > 0
        && dot <= 9
        && out[..dot].chars().all(|c| c.is_ascii_digit())
    {
        out.insert(dot, '\\');
    }
    if out.starts_with("- ") || out.starts_with("+ ") {
        out.insert(0, '\\');
    }
    out
}

/// Blocks as Markdown: paragraphs separated by blank lines, numbered items
/// as a numbered list, lettered and bulleted items as a bulleted list
/// (with their letter kept).
pub fn markdown(blocks: &[&Block]) -> String {
    let mut out = String::new();
    let mut prev: Option<&Mark> = None;
    for b in blocks {
        let item = match &b.mark {
            Mark::Para => md(&b.text),
            Mark::Number(n) => format!("{n}. {}", md(&b.text)),
            Mark::Letter(c) => format!("- {c}. {}", md(&b.text)),
            Mark::Bullet => format!("- {}", md(&b.text)),
        };
        let same_list = matches!(
            (prev, &b.mark),
            (Some(Mark::Number(_)), Mark::Number(_))
                | (Some(Mark::Letter(_)), Mark::Letter(_))
                | (Some(Mark::Bullet), Mark::Bullet)
        );
        if !out.is_empty() {
            out.push_str(if same_list { "\n" } else { "\n\n" });
        }
        out.push_str(&item);
        prev = Some(&b.mark);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_marks() {
        assert_eq!(major("REQUIREMENTS/MINUMUM QUALIFICATIONS"), Some(Sec::Requirements));
        assert_eq!(major("  REQUIREMENT/ MINIMUM QUALIFICATION "), Some(Sec::Requirements));
        assert_eq!(major("SELELCTION PROCESS"), Some(Sec::Selection));
        assert_eq!(major("QUALICATIONS REVIEW"), Some(Sec::Other));
        assert_eq!(major("ANNUALSALARY"), Some(Sec::Salary));
        assert_eq!(major("Two years of experience"), None);
        assert_eq!(sub("NOTES:"), Some(Sub::Notes));
        assert_eq!(sub("Notice:"), Some(Sub::Notice));
        assert_eq!(
            sub("Passing Score for the Qualifying Written Test"),
            Some(Sub::PassingScore)
        );
        assert_eq!(mark_of("1.\t\tTwo years").0, Mark::Number(1));
        assert_eq!(mark_of("a) Potable water").0, Mark::Letter('a'));
        assert_eq!(mark_of("(b) other").0, Mark::Letter('b'));
        assert_eq!(mark_of("A. Three years").0, Mark::Letter('a'));
        assert_eq!(mark_of("A valid license").0, Mark::Para);
        assert_eq!(md("1990. The *x* <b>"), "1990\\. The \\*x\\* \\<b\\>");
    }
}
