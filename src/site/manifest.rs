//! What the output directory holds: the manifest of the files a build
//! wrote (content hash, size, document, format), and one walk of the
//! directory when the manifest cannot be trusted.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rustc_hash::FxHashSet as HashSet;
use serde::{Deserialize, Serialize};

use crate::render::OutputFormat;

/// The manifest file, inside the output directory: the [`Manifest`] in
/// postcard's compact binary encoding (a 10,000-class plan's 120,000
/// entries read and write several times faster than as JSON).
pub const MANIFEST: &str = ".classplan-manifest";

/// Where earlier builds kept the manifest, as JSON: still read (its files
/// are classplan's to replace), removed once the binary one is written.
pub const LEGACY_MANIFEST: &str = ".classplan-manifest.json";

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub version: String,
    /// Input hash of each document (`class:la-city/1229`, `bulletin:<id>`).
    pub inputs: BTreeMap<String, String>,
    /// Every file written, with its content hash and document.
    pub files: BTreeMap<String, ManifestFile>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestFile {
    pub hash: String,
    /// Size in bytes: a file of another size on disk was changed since.
    #[serde(default)]
    pub len: u64,
    pub doc: String,
    pub format: Option<OutputFormat>,
}

/// The version a manifest must carry to be trusted.
pub fn version() -> String {
    format!("classplan {}", env!("CARGO_PKG_VERSION"))
}

/// The content hash the manifest records.
pub fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex()[..32].to_string()
}

/// The manifest of `out` (empty when there is none or it is unreadable).
pub fn read(out: &Path) -> Manifest {
    if let Some(m) = super::read_own(&out.join(MANIFEST), super::MAX_OWN_BYTES).and_then(|b| decode(&b)) {
        return m;
    }
    super::read_own(&out.join(LEGACY_MANIFEST), super::MAX_OWN_BYTES)
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// The manifest's bytes on disk.
pub fn encode(m: &Manifest) -> anyhow::Result<Vec<u8>> {
    Ok(postcard::to_stdvec(m)?)
}

/// A manifest from its bytes (`None` when they are not one: another
/// version's, or damaged).
pub fn decode(bytes: &[u8]) -> Option<Manifest> {
    postcard::from_bytes(bytes).ok()
}

/// What the output directory holds before a build.
#[derive(Default)]
pub struct OutTree {
    /// Files, relative, with `/` separators.
    pub files: HashSet<String>,
    /// Directories, relative, with `/` separators.
    pub dirs: BTreeSet<String>,
}

/// Walk the output directory once. Temporary files of an earlier build that
/// was killed mid-write (`.classplan-*.tmp`, see `write::write_atomic`) are
/// removed on the way; nothing else is. Symbolic links are not followed.
pub fn scan(out: &Path) -> OutTree {
    let mut tree = OutTree::default();
    if !out.is_dir() {
        return tree;
    }
    for e in walkdir::WalkDir::new(out)
        .follow_links(false)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = crate::load::rel_path(out, e.path());
        if e.file_type().is_dir() {
            tree.dirs.insert(rel);
        } else if e.file_type().is_file() {
            let name = e.file_name().to_string_lossy();
            if name.starts_with(".classplan-") && name.ends_with(".tmp") {
                let _ = std::fs::remove_file(e.path());
            } else {
                tree.files.insert(rel);
            }
        }
    }
    tree
}
