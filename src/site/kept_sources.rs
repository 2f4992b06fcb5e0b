//! The workspace's parsed sources kept in the output directory
//! (`out/.classplan-sources`), so the next `build` or `check` reads and
//! parses only the sources that changed (`load::kept` says what is kept
//! and when an entry is trusted).
//!
//! The blob is made under a key of this binary (version, size, time) and
//! the workspace's real path: another binary or a copied workspace finds
//! nothing kept. An entry is used only for a text with the hash it was
//! kept under (no file time is trusted), so a build stopped at any point
//! leaves nothing that can be trusted wrongly; the file is written whole
//! (temporary file and rename) and is safe to delete.

use std::path::Path;

use super::fresh::{binary_hasher, finish_key_bytes};
use crate::load::Kept;
use crate::write::OutDir;

/// The kept sources' file, inside the output directory.
pub const KEPT_SOURCES: &str = ".classplan-sources";

fn key(root: &Path) -> [u8; 32] {
    let mut h = binary_hasher();
    h.update(b"sources/2");
    finish_key_bytes(h, root)
}

/// A kept file larger than this is not read (a 10,000-class plan keeps
/// about 12 MB): whatever put it there, it cannot make a load use
/// unbounded memory.
pub const MAX_KEPT_BYTES: u64 = 1 << 30;

/// The sources kept in `out` for the workspace at `root` (nothing when
/// there is no such file, or it is not a regular file, another binary's or
/// workspace's, damaged, or larger than [`MAX_KEPT_BYTES`]).
pub fn open(root: &Path, out: &Path) -> Kept {
    let key = key(root);
    match super::read_own(&out.join(KEPT_SOURCES), MAX_KEPT_BYTES) {
        Some(blob) => Kept::open(key, blob),
        None => Kept::empty(key),
    }
}

/// Write what the last load with `kept` made for the next one, when it
/// differs from what was read (`out` must exist: a build made it).
pub fn keep(out: &Path, kept: &mut Kept) -> anyhow::Result<()> {
    match kept.take_next() {
        Some(blob) => OutDir::create(out)?.write(KEPT_SOURCES, &blob),
        None => Ok(()),
    }
}

/// [`keep`] on another thread, into `out`, which exists (a build writes
/// its outputs meanwhile). When no thread can be started nothing is kept:
/// keeping is only a speed-up for the next load.
pub fn keep_aside(out: &Path, mut kept: Kept) -> Option<std::thread::JoinHandle<()>> {
    let dir = out.to_path_buf();
    std::thread::Builder::new()
        .name("kept-sources".into())
        .spawn(move || {
            let _ = keep(&dir, &mut kept);
        })
        .ok()
}
