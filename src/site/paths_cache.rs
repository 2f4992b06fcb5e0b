//! The plan's career graph kept in the output directory, so `classplan
//! paths` answers without loading the plan while no source has changed.
//!
//! After `paths` loads a workspace it writes `out/.classplan-paths`: the
//! graph (`CareerGraph::encode`), every class of the plan, the number of
//! errors the workspace had, and the stamps of every file discovery found
//! (size, modification time, content hash), under a key of this binary and
//! the workspace's real path. [`read`] trusts it only when the key is the
//! same, discovery finds the same files and each still matches its stamp
//! (the same test as `build`'s no-op path: a file modified shortly before
//! the record was made is compared by content). Anything else — another
//! binary, an edited, added or removed source, a file that cannot be read
//! or decoded — means the plan is loaded again. The file is written
//! atomically (temporary file and rename), so a run cut short leaves the
//! last complete record or none; it is safe to delete.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::fresh::{Compared, binary_hasher, compare_all, finish_key, source_stamps};
use crate::derive::career::CareerGraph;
use crate::load::{InputFile, Workspace};
use crate::model::ClassKey;
use crate::write::OutDir;

/// The record's file, inside the output directory.
pub const PATHS_CACHE: &str = ".classplan-paths";

#[derive(Serialize, Deserialize)]
struct Record {
    key: String,
    loaded_at_ns: u64,
    inputs: Vec<InputFile>,
    /// Errors the workspace had (`paths` says how many).
    errors: usize,
    /// Every class of the plan, sorted (the graph holds a duplicate
    /// code's first class only).
    classes: Vec<ClassKey>,
    graph: Vec<u8>,
}

/// What a kept record gives `paths`.
pub struct Kept {
    pub graph: CareerGraph,
    pub classes: Vec<ClassKey>,
    pub errors: usize,
}

fn key(root: &Path) -> String {
    let mut h = binary_hasher();
    h.update(b"paths/1");
    finish_key(h, root)
}

/// The record in `out` for the workspace at `root`, when it is this
/// binary's and every source is as it was when it was made.
pub fn read(root: &Path, out: &Path) -> Option<Kept> {
    let bytes = super::read_own(&out.join(PATHS_CACHE), super::MAX_OWN_BYTES)?;
    let record: Record = postcard::from_bytes(&bytes).ok()?;
    if record.key != key(root) {
        return None;
    }
    let started = crate::load::now_ns();
    // Discovery (one thread) and the recorded files' stamps (the others)
    // at once: most of the time here is system calls.
    let (found, compared) = rayon::join(
        || crate::load::Discovery::of(root),
        || compare_all(root, &record.inputs, record.loaded_at_ns),
    );
    if !found.is(&[], &record.inputs) || compared.contains(&Compared::Changed) {
        return None;
    }
    let graph = CareerGraph::decode(&record.graph)?;
    // Files whose text had to be read again to be trusted get the stamps
    // they have now, as of now: the next run trusts their times.
    let mut record = record;
    if compared.iter().any(|c| matches!(c, Compared::SameText(..))) {
        for (s, c) in record.inputs.iter_mut().zip(&compared) {
            if let Compared::SameText(len, mtime) = *c {
                (s.len, s.mtime_ns) = (len, mtime);
            }
        }
        record.loaded_at_ns = started;
        let _ = keep(out, &record);
    }
    Some(Kept {
        graph,
        classes: record.classes,
        errors: record.errors,
    })
}

fn keep(out: &Path, record: &Record) -> anyhow::Result<()> {
    OutDir::create(out)?.write(PATHS_CACHE, &postcard::to_stdvec(record)?)
}

/// Keep `graph` (the career graph of `ws`'s whole plan) and what `paths`
/// reports besides it in `out` (created when missing).
pub fn write(ws: &Workspace, out: &Path, graph: &CareerGraph, errors: usize) -> anyhow::Result<()> {
    let record = Record {
        key: key(&ws.root),
        loaded_at_ns: ws.loaded_at_ns,
        inputs: source_stamps(ws),
        errors,
        classes: ws.plan.class_keys(),
        graph: graph.encode(),
    };
    keep(out, &record)
}
