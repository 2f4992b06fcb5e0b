//! Editing sources in place (`period add`, `period roll`) and writing new
//! ones (`new class`, `new bulletin`).
//!
//! An edit keeps the file as its author wrote it: comments, key order and
//! formatting (toml_edit), line endings (LF or CRLF), a byte-order mark,
//! the file's mode, and a symbolic link (the file it points to is edited).
//! It holds an advisory lock on the file from reading to writing, so two
//! concurrent edits apply one after the other instead of losing one; the
//! result is checked with the same rules as `classplan check` before it is
//! written ([`crate::check_with`]); writes are atomic; `new` never
//! overwrites.

pub mod lint_fix;
pub mod period;
pub mod scaffold;

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::bail;

use crate::diag::{Diagnostic, Sources};
use crate::load::Workspace;

/// What an editing command did (or, with `--dry-run`, would do).
#[derive(Debug, Clone)]
pub struct Change {
    /// The file, relative to the workspace.
    pub path: String,
    /// Its text before (empty for a new file) and after, as saved.
    pub old: String,
    pub new: String,
    /// Things worth knowing that do not stop the edit (a deadline on a
    /// holiday, ...).
    pub warnings: Vec<String>,
    pub written: bool,
}

/// Why an editing command wrote nothing.
#[derive(Debug)]
pub enum EditError {
    /// The result would not pass `check`: its new errors, located in the
    /// edited text (`sources` holds it).
    Invalid {
        diagnostics: Vec<Diagnostic>,
        sources: Sources,
    },
    /// Anything else: a missing file, a lock, a date out of range, ...
    Failed(anyhow::Error),
}

impl From<anyhow::Error> for EditError {
    fn from(e: anyhow::Error) -> Self {
        EditError::Failed(e)
    }
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::Invalid { diagnostics, .. } => write!(
                f,
                "the change would not pass `check` ({} error{})",
                diagnostics.len(),
                if diagnostics.len() == 1 { "" } else { "s" }
            ),
            EditError::Failed(e) => write!(f, "{e:#}"),
        }
    }
}

/// The identity of an error diagnostic, to tell new errors from old ones.
fn error_key(d: &Diagnostic, sources: &Sources) -> (String, &'static str, String) {
    let path = d
        .source(sources)
        .map(|f| f.path.clone())
        .or_else(|| d.path.as_ref().map(|p| p.to_string_lossy().into_owned()))
        .unwrap_or_default();
    (path, d.rule.id(), d.message.clone())
}

/// Check the workspace with `rel` replaced by (or added as) `text`, by the
/// same rules as `check`: refuses when that brings an error `baseline` does
/// not have.
pub fn check_change(baseline: &Workspace, rel: &str, text: &str) -> Result<(), EditError> {
    let overlay: BTreeMap<String, String> = [(rel.to_string(), text.to_string())].into();
    let after = crate::check_sources_with(&baseline.root, &overlay);
    let before: std::collections::HashSet<_> = baseline
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| error_key(d, &baseline.sources))
        .collect();
    let new: Vec<Diagnostic> = after
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && !before.contains(&error_key(d, &after.sources)))
        .cloned()
        .collect();
    if new.is_empty() {
        Ok(())
    } else {
        Err(EditError::Invalid {
            diagnostics: new,
            sources: after.sources,
        })
    }
}

/// A source's text as its author saved it, split into what an edit works
/// on (LF line endings, no byte-order mark) and how to save it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub bom: bool,
    pub crlf: bool,
}

impl Layout {
    /// The layout of `raw` and its text normalised for editing.
    pub fn of(raw: &str) -> (Layout, String) {
        let (bom, body) = match raw.strip_prefix('\u{feff}') {
            Some(b) => (true, b),
            None => (false, raw),
        };
        let crlf_count = body.matches("\r\n").count();
        let lf_count = body.matches('\n').count();
        // A file is CRLF when most of its line breaks are.
        let crlf = crlf_count > 0 && crlf_count * 2 >= lf_count;
        let text = if crlf {
            body.replace("\r\n", "\n")
        } else {
            body.to_string()
        };
        (Layout { bom, crlf }, text)
    }

    /// `text` (LF) saved back in this layout.
    pub fn apply(&self, text: &str) -> String {
        let body = if self.crlf {
            text.replace("\r\n", "\n").replace('\n', "\r\n")
        } else {
            text.to_string()
        };
        if self.bom { format!("\u{feff}{body}") } else { body }
    }
}

/// The outcome of an edit: the file's text before and after (as saved).
#[derive(Debug, Clone)]
pub struct Edited {
    pub old: String,
    pub new: String,
}

/// Read `path` under its lock, let `edit` compute the new text (from and
/// to LF text without a byte-order mark), let `accept` examine the result
/// (it returns an error to refuse), then write it in the file's layout
/// unless `dry_run`. The lock is held throughout.
pub fn edit_source(
    path: &Path,
    dry_run: bool,
    edit: impl FnOnce(&str) -> anyhow::Result<String>,
    accept: impl FnOnce(&str) -> anyhow::Result<()>,
) -> anyhow::Result<Edited> {
    let locked = crate::write::lock_source(path)?;
    let (layout, text) = Layout::of(&locked.text);
    let new_text = edit(&text)?;
    let new = layout.apply(&new_text);
    accept(&new)?;
    if !dry_run && new != locked.text {
        crate::write::replace_source(path, new.as_bytes())?;
    }
    Ok(Edited { old: locked.text, new })
}

/// Write a new source, after checking the workspace with it by the same
/// rules as `check`. Never overwrites.
pub fn create_checked(ws: &Workspace, rel: &str, text: String, dry_run: bool) -> Result<Change, EditError> {
    let path = ws.root.join(rel);
    if std::fs::symlink_metadata(&path).is_ok() {
        return Err(EditError::Failed(anyhow::anyhow!(
            "{rel} already exists; classplan never overwrites a source (edit it, or remove it first)"
        )));
    }
    check_change(ws, rel, &text)?;
    if !dry_run {
        create_new(&path, &text)?;
    }
    Ok(Change {
        path: rel.to_string(),
        old: String::new(),
        new: text,
        warnings: Vec::new(),
        written: !dry_run,
    })
}

/// Write a new source file, refusing to overwrite an existing one.
pub fn create_new(path: &Path, text: &str) -> anyhow::Result<()> {
    if std::fs::symlink_metadata(path).is_ok() {
        bail!(
            "{} already exists; classplan never overwrites a source (edit it, or remove it first)",
            path.display()
        );
    }
    crate::write::write_new(path, text.as_bytes())
}

/// A unified diff of an edit, for printing (line endings shown as LF).
pub fn diff(path: &str, old: &str, new: &str) -> String {
    let (old, new) = (old.replace("\r\n", "\n"), new.replace("\r\n", "\n"));
    similar::TextDiff::from_lines(&old, &new)
        .unified_diff()
        .context_radius(2)
        .header(path, path)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_round_trips() {
        for raw in [
            "a = 1\nb = 2\n",
            "a = 1\r\nb = 2\r\n",
            "\u{feff}a = 1\r\n",
            "\u{feff}x\n",
        ] {
            let (layout, text) = Layout::of(raw);
            assert!(!text.contains('\r'));
            assert_eq!(layout.apply(&text), raw);
        }
    }
}
