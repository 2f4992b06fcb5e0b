//! `classplan lint --fix`: apply the mechanical rewrites `lint` found
//! (`lint::fix`) to the sources, each file under its lock, only if it is
//! still the text that was linted. The edits change letters in place, so
//! line endings, a byte-order mark, comments and layout stay as they were;
//! the file's mode is kept by `write::replace_source`.

use std::collections::BTreeMap;

use super::Change;
use crate::diag::FileId;
use crate::lint::fix::{self, Fix};
use crate::load::Workspace;

/// Apply `fixes` (unless `dry_run`): one change per file.
pub fn apply(ws: &Workspace, fixes: &[Fix], dry_run: bool) -> anyhow::Result<Vec<Change>> {
    let mut by_file: BTreeMap<FileId, Vec<&Fix>> = BTreeMap::new();
    for f in fixes {
        by_file.entry(f.file).or_default().push(f);
    }
    let mut out = Vec::new();
    for (file, fs) in by_file {
        let src = ws.sources.get(file);
        let path = ws.root.join(&src.path);
        let locked = crate::write::lock_source(&path)?;
        let (bom, current) = match locked.text.strip_prefix('\u{feff}') {
            Some(rest) if !src.text.starts_with('\u{feff}') => (true, rest),
            _ => (false, locked.text.as_str()),
        };
        if current != &*src.text {
            anyhow::bail!(
                "{} changed since it was linted; run `classplan lint --fix` again",
                src.path
            );
        }
        let Some(new) = fix::apply(&src.text, &fs) else {
            anyhow::bail!(
                "{}: the fixes would not leave valid TOML with the intended text; nothing was changed",
                src.path
            );
        };
        let new = if bom { format!("\u{feff}{new}") } else { new };
        if !dry_run && new != locked.text {
            crate::write::replace_source(&path, new.as_bytes())?;
        }
        out.push(Change {
            path: src.path.clone(),
            old: locked.text.clone(),
            new,
            warnings: Vec::new(),
            written: !dry_run,
        });
    }
    Ok(out)
}
