//! Diagnostics as text: rustc-style snippets rendered by annotate-snippets
//! (the renderer rustc uses), one-line `file:line:col: severity[rule]:
//! message` for editors and CI annotations, and JSON.
//!
//! Text from sources is shown through [`crate::text::terminal_safe`], so a
//! control character in a source cannot reach the terminal.

use std::borrow::Cow;
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde::Serialize;

use super::{Diagnostic, Severity, Sources, Span};
use crate::text::terminal_safe;

/// How to render: colour (ANSI styles; strip them when printing where
/// colour is off) and the prefix that makes workspace-relative paths
/// relative to the current directory.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    pub color: bool,
    /// Prepended to workspace-relative paths (e.g. `../plan`); empty when
    /// the workspace is the current directory.
    pub base: std::path::PathBuf,
}

impl RenderOptions {
    pub fn plain() -> Self {
        RenderOptions::default()
    }

    /// A workspace-relative path as the user should see it.
    pub fn path(&self, rel: &str) -> String {
        // "(built-in) bulletin.md" names no file on disk.
        if self.base.as_os_str().is_empty() || Path::new(rel).is_absolute() || rel.starts_with("(built-in) ") {
            rel.to_string()
        } else {
            self.base.join(rel).to_string_lossy().replace('\\', "/")
        }
    }
}

/// The lines of `text` that hold `ranges`: the window's text, its first
/// line number and byte offset.
fn window(text: &str, ranges: &[std::ops::Range<usize>]) -> (usize, usize, usize) {
    let lo = ranges.iter().map(|r| r.start).min().unwrap_or(0).min(text.len());
    let hi = ranges
        .iter()
        .map(|r| r.end.max(r.start))
        .max()
        .unwrap_or(0)
        .min(text.len());
    let start = text[..floor(text, lo)].rfind('\n').map_or(0, |i| i + 1);
    let end = text[ceil(text, hi)..].find('\n').map_or(text.len(), |i| hi + i);
    let line = text[..start].matches('\n').count() + 1;
    (start, end.max(start), line)
}

fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i.min(s.len())
}

/// The longest source line shown whole; longer lines are cut to a window
/// around the annotation so a minified file does not flood the terminal.
const MAX_LINE: usize = 240;

/// Render one diagnostic rustc-style:
///
/// ```text
/// error[CP0022]: bulletin refers to class `la-city/1230`, which does not exist
///  --> bulletins/la-1229.toml:3:9
///   |
/// 3 | class = "la-city/1230"
///   |         ^^^^^^^^^^^^^^
///   = help: did you mean `la-city/1229`?
/// ```
pub fn render(diag: &Diagnostic, sources: &Sources, opts: &RenderOptions) -> String {
    let level = match diag.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let message = terminal_safe(&diag.message, false);
    let title = level.primary_title(message.as_ref()).id(diag.rule.id());
    let mut elements: Vec<annotate_snippets::Element> = Vec::new();
    let mut other_files: Vec<(String, usize, usize, String)> = Vec::new();
    // Owned strings the snippet borrows.
    let mut texts: Vec<Shown> = Vec::new();
    match (&diag.span, diag.source(sources)) {
        (Some(span), Some(file)) => {
            let mut ranges: Vec<(Span, bool, String)> = vec![(span.clone(), true, String::new())];
            for (s, note) in &diag.labels {
                if s.file == span.file {
                    ranges.push((s.clone(), false, note.clone()));
                } else {
                    let (p, l, c) = sources.locate(s);
                    other_files.push((opts.path(&p), l, c, note.clone()));
                }
            }
            let plain: Vec<std::ops::Range<usize>> = ranges.iter().map(|(s, _, _)| s.range.clone()).collect();
            let (start, end, line) = window(&file.text, &plain);
            let shown = &file.text[start..end];
            // Clip very long lines around the primary annotation.
            let (shown, offset) = clip_long(shown, span.range.start.saturating_sub(start));
            let base = start + offset;
            let safe = sanitize(&shown);
            let annotations = ranges
                .into_iter()
                .map(|(s, primary, note)| {
                    // On character boundaries of the text shown (a span
                    // may fall inside the "…" of a clipped line, or inside
                    // a character when it comes from a corrupt file).
                    let a = floor(&safe, s.range.start.saturating_sub(base).min(safe.len()));
                    let b = ceil(&safe, s.range.end.saturating_sub(base).clamp(a, safe.len()));
                    (a..b, primary, note)
                })
                .collect();
            texts.push(Shown {
                path: opts.path(&file.path),
                text: safe,
                line,
                annotations,
            });
        }
        _ => {
            if let Some(path) = &diag.path {
                let shown = opts.path(&path.to_string_lossy());
                other_files.push((shown, 0, 0, String::new()));
            }
        }
    }
    for Shown {
        path,
        text,
        line,
        annotations,
    } in &texts
    {
        let snippet = Snippet::source(text.as_str())
            .path(path.as_str())
            .line_start(*line)
            .fold(false)
            .annotations(annotations.iter().map(|(r, primary, note)| {
                let kind = if *primary {
                    AnnotationKind::Primary
                } else {
                    AnnotationKind::Context
                };
                let a = kind.span(r.clone());
                if note.is_empty() { a } else { a.label(note.as_str()) }
            }));
        elements.push(snippet.into());
    }
    let mut group = title.elements(elements);
    let origins: Vec<String> = other_files
        .iter()
        .filter(|(_, _, _, note)| note.is_empty())
        .map(|(p, _, _, _)| p.clone())
        .collect();
    for p in &origins {
        group = group.element(Origin::path(p.as_str()));
    }
    let notes: Vec<String> = other_files
        .iter()
        .filter(|(_, _, _, note)| !note.is_empty())
        .map(|(p, l, c, note)| format!("{note} at {p}:{l}:{c}"))
        .collect();
    for n in &notes {
        group = group.element(Level::NOTE.message(n.as_str()));
    }
    let hints: Vec<Cow<str>> = diag.hints.iter().map(|h| terminal_safe(h, false)).collect();
    for h in &hints {
        group = group.element(Level::HELP.message(h.as_ref()));
    }
    let renderer = if opts.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let report: Vec<Group> = vec![group];
    let mut out = renderer.render(&report);
    out.push('\n');
    out
}

/// The lines of a source a diagnostic shows, with its annotations: byte
/// range in `text`, whether primary, note.
struct Shown {
    path: String,
    text: String,
    line: usize,
    annotations: Vec<(std::ops::Range<usize>, bool, String)>,
}

/// A long line's text cut to at most [`MAX_LINE`] characters around byte
/// `at`, with "…" where it was cut; returns the text and how many bytes of
/// the original were dropped before it (the "…" takes their place).
fn clip_long(shown: &str, at: usize) -> (String, usize) {
    if shown.contains('\n') || shown.chars().count() <= MAX_LINE {
        return (shown.to_string(), 0);
    }
    let at = floor(shown, at.min(shown.len()));
    let start = floor(shown, at.saturating_sub(MAX_LINE / 2));
    let end = ceil(shown, (start + MAX_LINE).min(shown.len()));
    let mut out = String::new();
    let mut dropped = start;
    if start > 0 {
        out.push('…');
        // "…" is 3 bytes: shift spans by the bytes cut minus those added.
        dropped = start.saturating_sub('…'.len_utf8());
    }
    out.push_str(&shown[start..end]);
    if end < shown.len() {
        out.push('…');
    }
    (out, dropped)
}

/// Control characters in a quoted source line would garble the terminal;
/// show each as a space (one byte for one byte, so spans stay put) and tabs
/// as spaces.
fn sanitize(text: &str) -> String {
    text.chars()
        .map(|c| {
            if (c.is_control() && c != '\n') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
                // Same byte length: replace with spaces of the same length.
                " ".repeat(c.len_utf8())
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// One line per diagnostic: `path:line:col: error[CP0022]: message`
/// (`--format short`, for editors and CI annotations).
pub fn short(diag: &Diagnostic, sources: &Sources, opts: &RenderOptions) -> String {
    let at = match (&diag.span, diag.source(sources)) {
        (Some(span), Some(f)) => {
            let (l, c) = f.line_col(span.range.start);
            format!("{}:{l}:{c}: ", opts.path(&f.path))
        }
        _ => diag
            .path
            .as_ref()
            .map(|p| format!("{}: ", opts.path(&p.to_string_lossy())))
            .unwrap_or_default(),
    };
    format!(
        "{at}{}[{}]: {}",
        diag.severity.as_str(),
        diag.rule.id(),
        terminal_safe(&diag.message, false)
    )
}

/// Machine-readable form of a diagnostic (`--format json`).
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
    /// Secondary locations ("first listed here").
    pub labels: Vec<JsonLabel>,
    pub hints: Vec<String>,
    /// Suggested replacement text, from "did you mean `x`?" hints.
    pub suggestions: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct JsonLabel {
    pub message: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
}

pub fn to_json(diag: &Diagnostic, sources: &Sources) -> JsonDiagnostic {
    let (file, line, column, end_line, end_column) = match (&diag.span, diag.source(sources)) {
        (Some(span), Some(f)) => {
            let (l, c) = f.line_col(span.range.start);
            let (el, ec) = f.line_col(span.range.end);
            (Some(f.path.clone()), Some(l), Some(c), Some(el), Some(ec))
        }
        _ => (
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
        labels: diag
            .labels
            .iter()
            .map(|(s, note)| {
                let (p, l, c) = sources.locate(s);
                JsonLabel {
                    message: note.clone(),
                    file: p,
                    line: l,
                    column: c,
                }
            })
            .collect(),
        hints: diag.hints.clone(),
        suggestions: diag
            .hints
            .iter()
            .filter_map(|h| h.strip_prefix("did you mean `")?.strip_suffix("`?").map(str::to_string))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Diagnostic, FileId, Sources, Span};
    use crate::rules::Rule;

    #[test]
    fn spans_in_a_clipped_long_line_never_split_a_character() {
        // Found by the fuzzer: a label past the end of a clipped line (or
        // before its start) fell inside the "…" that marks the cut.
        let line = format!("text = \"{}…{}\"", "a".repeat(300), "é".repeat(200));
        let mut sources = Sources::default();
        let id = sources.add("x.toml".into(), line.clone());
        assert_eq!(id, FileId(0));
        for (primary, label) in [(10..11, 300..420), (400..402, 2..5), (305..309, 307..700)] {
            let label = label.start.min(line.len())..label.end.min(line.len());
            let d = Diagnostic::new(Rule::InvalidValue, "x")
                .at(Span::new(id, primary))
                .label(Span::new(id, label), "here");
            let out = render(&d, &sources, &RenderOptions::plain());
            assert!(out.contains('…'), "{out}");
        }
    }
}
