//! Diagnostics: the one error type of classplan.
//!
//! Owns [`Diagnostic`] (severity, rule id, message, primary span, labels,
//! hints), the [`Sources`] map that turns byte spans into `file:line:column`,
//! and the two renderings: rustc-style text and JSON. Every stage (load,
//! validate, render) reports through this type and keeps going; nothing here
//! performs I/O except writing the rendered text to a caller-given stream.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::rules::Rule;

/// Index of a source file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FileId(pub u32);

/// A byte range inside one source file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub range: Range<usize>,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Self {
        Self { file, range }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem found in the sources, with where it is and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub rule: Rule,
    pub message: String,
    /// The primary location; `None` for problems that have no file (e.g. an
    /// empty workspace).
    pub span: Option<Span>,
    /// A path for diagnostics about a file that could not be read as text.
    pub path: Option<PathBuf>,
    /// Secondary locations with a short note each ("first defined here").
    pub labels: Vec<(Span, String)>,
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// A diagnostic with the rule's default severity.
    pub fn new(rule: Rule, message: impl Into<String>) -> Self {
        Self {
            severity: rule.severity(),
            rule,
            message: message.into(),
            span: None,
            path: None,
            labels: Vec::new(),
            hints: Vec::new(),
        }
    }

    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    pub fn at_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    pub fn label(mut self, span: Span, note: impl Into<String>) -> Self {
        self.labels.push((span, note.into()));
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn maybe_hint(self, hint: Option<String>) -> Self {
        match hint {
            Some(h) => self.hint(h),
            None => self,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A source file's text with a line index, for locating spans.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the workspace root, with `/` separators.
    pub path: String,
    pub text: String,
    /// Byte offsets of line starts, computed on first use (most files never
    /// need them: only those with a diagnostic do).
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    pub fn new(path: String, text: String) -> Self {
        Self {
            path,
            text,
            line_starts: std::sync::OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(self.text.match_indices('\n').map(|(i, _)| i + 1));
            starts
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts();
        let line = match starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = starts[line];
        let col = self.text[start..floor_char_boundary(&self.text, offset)]
            .chars()
            .count();
        (line + 1, col + 1)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let starts = self.line_starts();
        let start = starts[line - 1];
        let end = starts.get(line).map(|e| e - 1).unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches('\r')
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// All source files read in one run, addressed by [`FileId`].
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, path: String, text: String) -> FileId {
        self.files.push(SourceFile::new(path, text));
        FileId(self.files.len() as u32 - 1)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn path(&self, id: FileId) -> &str {
        &self.get(id).path
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), f))
    }

    /// `path:line:column` of a span's start.
    pub fn locate(&self, span: &Span) -> (String, usize, usize) {
        let file = self.get(span.file);
        let (line, col) = file.line_col(span.range.start);
        (file.path.clone(), line, col)
    }
}

/// Sort diagnostics into a stable order: by file, position, then rule.
pub fn sort(diags: &mut [Diagnostic], sources: &Sources) {
    diags.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            let (path, start) = match &d.span {
                Some(s) => (sources.path(s.file).to_string(), s.range.start),
                None => (
                    d.path
                        .as_deref()
                        .map(|p| p.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    0,
                ),
            };
            (path, start, d.rule.id(), d.message.clone())
        };
        key(a).cmp(&key(b))
    });
}

/// Styles for the text rendering; plain when colour is off.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// Render one diagnostic rustc-style:
///
/// ```text
/// error[CP0012]: bulletin refers to class `la-city/1230`, which does not exist
///   --> bulletins/la-1229.toml:3:9
///    |
///  3 | class = "la-city/1230"
///    |         ^^^^^^^^^^^^^^
///    = help: did you mean `la-city/1229`?
/// ```
pub fn render(diag: &Diagnostic, sources: &Sources, root: &Path, style: Style) -> String {
    let mut out = String::new();
    let sev = match diag.severity {
        Severity::Error => style.paint("1;31", "error"),
        Severity::Warning => style.paint("1;33", "warning"),
    };
    let _ = writeln!(
        out,
        "{sev}{}: {}",
        style.paint("1", &format!("[{}]", diag.rule.id())),
        style.paint("1", &diag.message)
    );
    let blue = |s: &str| style.paint("1;34", s);
    match &diag.span {
        Some(span) => {
            let file = sources.get(span.file);
            let (line, col) = file.line_col(span.range.start);
            let (end_line, _) = file.line_col(span.range.end.max(span.range.start));
            let mut lines: Vec<(usize, String, usize, usize)> = Vec::new();
            let text = file.line_text(line);
            let width = if end_line == line {
                let (_, end_col) = file.line_col(span.range.end);
                end_col.saturating_sub(col).max(1)
            } else {
                text.chars().count().saturating_sub(col - 1).max(1)
            };
            lines.push((line, text.to_string(), col, width));
            let mut label_lines = Vec::new();
            for (lspan, note) in &diag.labels {
                if lspan.file == span.file {
                    let (l, c) = file.line_col(lspan.range.start);
                    let (el, ec) = file.line_col(lspan.range.end);
                    let w = if el == l { ec.saturating_sub(c).max(1) } else { 1 };
                    label_lines.push((l, file.line_text(l).to_string(), c, w, note.clone()));
                }
            }
            let gutter = lines
                .iter()
                .map(|l| l.0)
                .chain(label_lines.iter().map(|l| l.0))
                .max()
                .unwrap_or(line)
                .to_string()
                .len();
            let pad = " ".repeat(gutter);
            let _ = writeln!(
                out,
                "{pad}{} {}:{line}:{col}",
                blue("-->"),
                display_path(root, &file.path)
            );
            let _ = writeln!(out, "{pad} {}", blue("|"));
            let mut all: Vec<(usize, String, usize, usize, Option<String>)> =
                lines.into_iter().map(|(l, t, c, w)| (l, t, c, w, None)).collect();
            all.extend(label_lines.into_iter().map(|(l, t, c, w, n)| (l, t, c, w, Some(n))));
            all.sort_by_key(|a| (a.0, a.4.is_some()));
            let mut last_line = 0;
            for (l, t, c, w, note) in all {
                let (shown, c) = window(&sanitize_line(&t), c);
                if l != last_line {
                    let _ = writeln!(out, "{} {} {shown}", blue(&format!("{l:>gutter$}")), blue("|"));
                    last_line = l;
                }
                let marker = if note.is_some() { "-" } else { "^" };
                let carets = marker.repeat(w.min(shown.chars().count().max(1)));
                let carets = match &note {
                    Some(n) => style.paint("1;34", &format!("{carets} {n}")),
                    None => style.paint(
                        if diag.severity == Severity::Error {
                            "1;31"
                        } else {
                            "1;33"
                        },
                        &carets,
                    ),
                };
                let _ = writeln!(out, "{pad} {} {}{carets}", blue("|"), " ".repeat(c - 1));
            }
            for (lspan, note) in &diag.labels {
                if lspan.file != span.file {
                    let (p, l, c) = sources.locate(lspan);
                    let _ = writeln!(
                        out,
                        "{pad} {} note: {note} at {}:{l}:{c}",
                        blue("="),
                        display_path(root, &p)
                    );
                }
            }
        }
        None => {
            if let Some(path) = &diag.path {
                let _ = writeln!(out, "  {} {}", blue("-->"), path.display());
            }
        }
    }
    let pad = match &diag.span {
        Some(span) => " ".repeat(sources.get(span.file).line_col(span.range.start).0.to_string().len()),
        None => " ".to_string(),
    };
    for hint in &diag.hints {
        let _ = writeln!(out, "{pad} {} {}: {hint}", blue("="), style.paint("1", "help"));
    }
    out
}

/// A long source line is shown as a window of at most 140 characters
/// around the column (with "…" marking the cuts); returns the text and the
/// column within it.
fn window(line: &str, col: usize) -> (String, usize) {
    const MAX: usize = 140;
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= MAX {
        return (line.to_string(), col);
    }
    let start = col.saturating_sub(MAX / 2).min(chars.len().saturating_sub(MAX));
    let end = (start + MAX).min(chars.len());
    let mut out = String::new();
    let mut new_col = col - start;
    if start > 0 {
        out.push('…');
        new_col += 1;
    }
    out.extend(&chars[start..end]);
    if end < chars.len() {
        out.push('…');
    }
    (out, new_col.max(1))
}

/// Control characters and tabs in a quoted source line would garble the
/// terminal; show them as visible placeholders of the same width.
fn sanitize_line(line: &str) -> String {
    line.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

fn display_path(_root: &Path, rel: &str) -> String {
    rel.to_string()
}

/// Machine-readable form of a diagnostic (`check --format json`).
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    pub severity: Severity,
    pub rule: &'static str,
    pub name: &'static str,
    pub message: String,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    pub hints: Vec<String>,
}

pub fn to_json(diag: &Diagnostic, sources: &Sources) -> JsonDiagnostic {
    let (file, line, column, end_line, end_column) = match &diag.span {
        Some(span) => {
            let f = sources.get(span.file);
            let (l, c) = f.line_col(span.range.start);
            let (el, ec) = f.line_col(span.range.end);
            (Some(f.path.clone()), Some(l), Some(c), Some(el), Some(ec))
        }
        None => (
            diag.path.as_ref().map(|p| p.to_string_lossy().into_owned()),
            None,
            None,
            None,
            None,
        ),
    };
    JsonDiagnostic {
        severity: diag.severity,
        rule: diag.rule.id(),
        name: diag.rule.name(),
        message: diag.message.clone(),
        file,
        line,
        column,
        end_line,
        end_column,
        hints: diag.hints.clone(),
    }
}

/// The closest candidate to `word`, for "did you mean" hints.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// The closing line of `check`: "checked 7 files: 0 errors, 1 warning".
pub fn summary(files: usize, errors: usize, warnings: usize) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    format!(
        "checked {}: {}, {}",
        plural(files, "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}
