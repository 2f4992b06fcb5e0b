//! Diagnostics: the one error type of classplan.
//!
//! Owns [`Diagnostic`] (severity, rule id, message, primary span, labels,
//! hints), the [`Sources`] map that turns byte spans into `file:line:column`
//! (source files, and the template files a build uses), and their
//! renderings ([`render`]: rustc-style text through annotate-snippets, JSON,
//! one-line). Every stage reports through this type and keeps going.
//!
//! Architecture invariant: no I/O here; rendering returns strings.

pub mod locate;
pub mod render;

pub use render::{JsonDiagnostic, RenderOptions, render, short, to_json};

use std::ops::Range;
use std::path::PathBuf;

use serde::Serialize;

use crate::rules::Rule;

/// Index of a source file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
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

pub use crate::rules::Severity;

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
    /// The file `span` points into when it is not one of the workspace's
    /// sources (a template, built-in or the workspace's own).
    pub file: Option<std::sync::Arc<SourceFile>>,
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
            file: None,
        }
    }

    /// Point at `range` of a file that is not a workspace source (a
    /// template): the diagnostic carries the file's text.
    pub fn in_file(mut self, path: impl Into<String>, text: &str, range: Range<usize>) -> Self {
        let start = range.start.min(text.len());
        let end = range.end.clamp(start, text.len());
        self.file = Some(std::sync::Arc::new(SourceFile::new(path.into(), text.to_string())));
        self.span = Some(Span::new(FileId(u32::MAX), start..end));
        self
    }

    /// The file the primary span points into.
    pub fn source<'a>(&'a self, sources: &'a Sources) -> Option<&'a SourceFile> {
        let span = self.span.as_ref()?;
        match &self.file {
            Some(f) => Some(f),
            None => sources.files.get(span.file.0 as usize),
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
    /// Shared with the cache of a long-running process (`serve`), which
    /// hands the same text to every load.
    pub text: std::sync::Arc<str>,
    /// Byte offsets of line starts, computed on first use (most files never
    /// need them: only those with a diagnostic do).
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl PartialEq for SourceFile {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path && self.text == other.text
    }
}

impl Eq for SourceFile {}

impl SourceFile {
    pub fn new(path: String, text: impl Into<std::sync::Arc<str>>) -> Self {
        Self {
            path,
            text: text.into(),
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
    pub fn add(&mut self, path: String, text: impl Into<std::sync::Arc<str>>) -> FileId {
        self.files.push(SourceFile::new(path, text));
        FileId(self.files.len() as u32 - 1)
    }

    /// Room for `n` more files.
    pub fn reserve(&mut self, n: usize) {
        self.files.reserve(n);
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
            let (path, start) = match (&d.span, d.source(sources)) {
                (Some(s), Some(f)) => (f.path.clone(), s.range.start),
                _ => (
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

/// `check --format json`: the `classplan/check/1` report.
#[derive(Debug, Serialize)]
pub struct CheckReport {
    pub schema: &'static str,
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub diagnostics: Vec<JsonDiagnostic>,
}

impl CheckReport {
    pub fn new(diags: &[Diagnostic], sources: &Sources, files: usize) -> Self {
        let errors = diags.iter().filter(|d| d.is_error()).count();
        CheckReport {
            schema: "classplan/check/1",
            files,
            errors,
            warnings: diags.len() - errors,
            diagnostics: diags.iter().map(|d| to_json(d, sources)).collect(),
        }
    }
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
