//! The no-op fast path of `build`: recognise that nothing changed without
//! loading the plan.
//!
//! After a successful build, [`record`] writes `out/.classplan-stamps`:
//! the build's options, the size, modification time and content hash of
//! every input (sources and template overrides), the modification time of
//! every output directory, the size and time of the manifest (which
//! records every output file's size and time), and the warnings the build
//! printed. [`fresh`] compares the workspace and `out/` against them with
//! one directory walk and one `stat` per file, and re-reads only inputs
//! whose stamp cannot be trusted (changed, recently modified, or symbolic
//! links). An output file changed in place (truncated, edited) no longer
//! matches the manifest, so the build takes the full path and rewrites it.
//! When something differs, what the check saw of each source (its size
//! and time) goes to the load with the workspace's walk
//! ([`crate::load::Seen`]).
//!
//! Owns only the stamps file. It never decides what a document depends on
//! (the manifest does): any mismatch sends the build down the full path,
//! which is always correct.

use std::collections::BTreeSet;
use std::path::Path;

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::{Deserialize, Serialize};

use super::manifest::{Manifest, ManifestFile};
use super::{BuildOptions, BuildReport};
use crate::dir_at::{Dirs, FileStat};
use crate::load::{Discovery, InputFile, Seen, Workspace, stat, text_hash};
use crate::write::OutDir;

/// The stamps file, inside the output directory (postcard's binary
/// encoding: it is read on every build, so it is kept compact).
pub const STAMPS: &str = ".classplan-stamps";

/// The stamps file of versions that wrote it as JSON: never trusted,
/// removed when new stamps are recorded.
const LEGACY_STAMPS: &str = ".classplan-stamps.json";

/// A file modified less than this before loading started may have changed
/// again within the file system's timestamp granularity (FAT: 2 s), so its
/// stamp alone is not trusted; its content hash decides.
const RACY_NS: u64 = 2_000_000_000;

/// The stamps file: postcard writes a struct as its fields one after
/// another, so the up-to-date check decodes the [`Head`] alone, and the
/// [`Tail`] (the 23,000 output directories of a 10,000-class plan) only
/// when every input is as recorded.
#[derive(Debug, Serialize, Deserialize)]
struct Stamps {
    head: Head,
    tail: Tail,
}

#[derive(Debug, Serialize, Deserialize)]
struct Head {
    key: String,
    loaded_at_ns: u64,
    /// Sources (as discovery found them) and then files under `templates/`.
    inputs: Vec<InputFile>,
    /// Documents and files of the build that wrote them, for the report.
    documents: usize,
    files: usize,
    /// The warnings as printed (styled; printing strips the styles where
    /// colour is off).
    warnings: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Tail {
    /// Every directory under the output directory, with its mtime.
    dirs: Vec<(String, u64)>,
    /// The size and modification time (ns) of the manifest and of the
    /// changes beside it (when there are): the manifest the build left,
    /// whose files' sizes and times are the outputs'.
    manifest: ManifestStat,
}

/// What an up-to-date output directory holds, for the report.
#[derive(Debug)]
pub struct Fresh {
    pub report: BuildReport,
    /// The warnings of the build that produced it, rendered as it printed them.
    pub warnings: Vec<String>,
}

/// Everything besides the inputs that decides the outputs: this binary,
/// its built-in templates, the formats, the date, `--drafts`,
/// `--base-url` and the workspace.
fn key(root: &Path, opts: &BuildOptions) -> String {
    let mut h = binary_hasher();
    for (name, text) in crate::render::templates::BUILTIN {
        h.update(name.as_bytes());
        h.update(text.as_bytes());
    }
    // Every option that changes what is written (the site's address is in
    // every page and decides the sitemap).
    h.update(
        format!(
            "{:?} {} drafts={} base={:?}",
            opts.formats, opts.as_of, opts.drafts, opts.base_url
        )
        .as_bytes(),
    );
    finish_key(h, root)
}

/// A hasher that has taken this binary (its version, size and time): a
/// record one binary wrote is not trusted by another.
pub(super) fn binary_hasher() -> blake3::Hasher {
    let mut h = blake3::Hasher::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    if let Some((len, mtime)) = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::metadata(p).ok())
        .map(|m| stat(&m))
    {
        h.update(&len.to_le_bytes());
        h.update(&mtime.to_le_bytes());
    }
    h
}

/// The key of a record: `h` with the workspace's real path.
pub(super) fn finish_key(h: blake3::Hasher, root: &Path) -> String {
    blake3::Hash::from_bytes(finish_key_bytes(h, root)).to_hex().to_string()
}

/// [`finish_key`] as bytes.
pub(super) fn finish_key_bytes(mut h: blake3::Hasher, root: &Path) -> [u8; 32] {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    h.update(root.to_string_lossy().as_bytes());
    *h.finalize().as_bytes()
}

/// Files under `templates/`, sorted (all of them: a superset of the overrides).
fn template_files(root: &Path) -> Vec<(String, bool)> {
    let dir = root.join("templates");
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files: Vec<(String, bool)> = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| (crate::load::rel_path(root, e.path()), e.path_is_symlink()))
        .collect();
    files.sort();
    files
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How a file compares with its stamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Compared {
    /// Its size and time are the stamp's, which can be trusted.
    Same,
    /// Its text is the stamp's, read again (the stamp's time was too close
    /// to the record's, or the file's time changed): its size and time now.
    SameText(u64, u64),
    Changed,
}

/// How `s`'s file (looked up in `dirs`, from the workspace's root)
/// compares with `s`.
fn compare(dirs: &mut Dirs, s: &InputFile, loaded_at_ns: u64) -> Compared {
    if !s.known {
        return Compared::Same; // an unknown file only has to exist, which discovery showed
    }
    // Not a regular file now (a pipe could make the read below wait forever).
    let Some(now) = dirs.stat(&s.path).filter(FileStat::is_file) else {
        return Compared::Changed;
    };
    let (len, mtime) = now.stamp();
    if len != s.len {
        return Compared::Changed;
    }
    if mtime == s.mtime_ns && !s.symlink && s.mtime_ns.saturating_add(RACY_NS) < loaded_at_ns {
        return Compared::Same;
    }
    let mut bytes = Vec::with_capacity(len as usize);
    let read = dirs
        .open(&s.path)
        .and_then(|mut f| std::io::Read::read_to_end(&mut f, &mut bytes));
    match (&s.hash, read) {
        (Some(h), Ok(_)) if text_hash(bytes.strip_prefix(BOM).unwrap_or(&bytes)) == *h => {
            Compared::SameText(len, mtime)
        }
        _ => Compared::Changed,
    }
}

/// What the check saw of each of `recorded`, from how it compared: the
/// size and time of a file whose stamp or text was as recorded.
fn seen(recorded: &[InputFile], compared: &[Compared]) -> Vec<Option<Seen>> {
    recorded
        .iter()
        .zip(compared)
        .map(|(s, c)| match *c {
            Compared::Same if s.known => Some(Seen {
                len: s.len,
                mtime_ns: s.mtime_ns,
            }),
            Compared::SameText(len, mtime_ns) => Some(Seen { len, mtime_ns }),
            _ => None,
        })
        .collect()
}

/// How each of `recorded` compares with its stamp, in parallel.
pub(super) fn compare_all(root: &Path, recorded: &[InputFile], loaded_at_ns: u64) -> Vec<Compared> {
    recorded
        .par_iter()
        .map_init(|| Dirs::new(root), |d, s| compare(d, s, loaded_at_ns))
        .collect()
}

/// What the stamps of `out` recorded of the output directory, if it has
/// any.
fn recorded_outputs(out: &Path) -> Option<Tail> {
    let bytes = super::read_own(&out.join(STAMPS), super::MAX_OWN_BYTES)?;
    let (_, rest) = postcard::take_from_bytes::<Head>(&bytes).ok()?;
    tail_of(rest)
}

/// The [`Tail`] of stamps from the bytes after their [`Head`].
fn tail_of(rest: &[u8]) -> Option<Tail> {
    match postcard::take_from_bytes::<Tail>(rest) {
        Ok((tail, [])) => Some(tail),
        _ => None,
    }
}

/// The output directory now, against the manifest of the last build (each
/// file's size and time) and its stamps (each directory's time), from one
/// `stat` of each: what `build` compares every output against.
#[derive(Debug, Default)]
pub struct OutputState {
    /// Each file the manifest lists whose size or time is not the recorded
    /// one, with its stat now (`None`: it does not exist, or is not a
    /// regular file). A listed file not in here is as the manifest
    /// records it.
    differ: HashMap<String, Option<(u64, u64)>>,
    /// Each recorded output directory with its modification time now, when
    /// none of them changed, the manifest is the one recorded with them,
    /// and every file it lists is as recorded: then the directory holds
    /// exactly what the last build wrote.
    pub intact_dirs: Option<HashMap<String, u64>>,
}

impl OutputState {
    /// Stat every file `manifest` (read from `out`) lists, and every
    /// directory the stamps of `out` recorded, once each, in parallel.
    pub fn read(out: &Path, manifest: &Manifest) -> OutputState {
        // In path order, so that files of one directory share its lookup.
        let files: Vec<(&String, &ManifestFile)> = manifest.files.iter().collect();
        let differ: HashMap<String, Option<(u64, u64)>> = files
            .par_iter()
            .map_init(
                || Dirs::new(out),
                |d, (rel, f)| {
                    let now = file_stat(d, rel);
                    (now != Some((f.len, f.mtime))).then(|| ((*rel).clone(), now))
                },
            )
            .flatten()
            .collect();
        let intact_dirs = recorded_outputs(out).filter(|_| differ.is_empty()).and_then(|tail| {
            if manifest_stat(&mut Dirs::new(out)) != Some(tail.manifest) {
                return None;
            }
            tail.dirs
                .par_iter()
                .map_init(
                    || Dirs::new(out),
                    |d, (rel, mtime)| dir_unchanged(d, rel, *mtime).then(|| (rel.clone(), *mtime)),
                )
                .collect()
        });
        OutputState { differ, intact_dirs }
    }

    /// The files the manifest lists that are not as it records.
    pub fn differing(&self) -> impl Iterator<Item = &str> {
        self.differ.keys().map(String::as_str)
    }

    /// Whether the output file `rel`, which the manifest lists, has the
    /// size and time it records.
    pub fn as_recorded(&self, rel: &str) -> bool {
        self.differ.is_empty() || !self.differ.contains_key(rel)
    }
}

/// Size and modification time of the output file `rel` (`None` when it
/// is missing or not a regular file; links are not followed).
fn file_stat(dirs: &mut Dirs, rel: &str) -> Option<(u64, u64)> {
    dirs.symlink_stat(rel).filter(FileStat::is_file).map(|s| s.stamp())
}

/// The manifest's size and time, and those of the changes beside it.
type ManifestStat = ((u64, u64), Option<(u64, u64)>);

/// The [`ManifestStat`] of the output directory (`None`: no manifest).
fn manifest_stat(dirs: &mut Dirs) -> Option<ManifestStat> {
    let base = file_stat(dirs, super::manifest::MANIFEST)?;
    Some((base, file_stat(dirs, super::manifest::MANIFEST_CHANGES)))
}

/// Whether the output directory `rel` still has the modification time
/// `mtime` (no entry added, removed or renamed in it since).
fn dir_unchanged(dirs: &mut Dirs, rel: &str, mtime: u64) -> bool {
    dirs.stat(rel).is_some_and(|s| s.is_dir() && s.mtime_ns == mtime)
}

/// The no-op path's check: every recorded directory as it was, the
/// manifest as written, and every file it lists as it records (stops at
/// the first that is not).
fn outputs_unchanged(out: &Path, tail: &Tail) -> bool {
    let same_dirs = || {
        tail.dirs
            .par_iter()
            .map_init(|| Dirs::new(out), |d, (rel, mtime)| dir_unchanged(d, rel, *mtime))
            .all(|same| same)
    };
    let same_files = || {
        if manifest_stat(&mut Dirs::new(out)) != Some(tail.manifest) {
            return false;
        }
        let read = |name| super::read_own(&out.join(name), super::MAX_OWN_BYTES);
        let (Some(bytes), changes) = (read(super::manifest::MANIFEST), read(super::manifest::MANIFEST_CHANGES)) else {
            return false;
        };
        let Some(listing) = super::manifest::listing(&bytes, changes.as_deref()) else {
            return false;
        };
        listing
            .files()
            .par_iter()
            .map_init(
                || Dirs::new(out),
                |d, &(rel, len, mtime)| file_stat(d, rel) == Some((len, mtime)),
            )
            .all(|same| same)
    };
    same_dirs() && same_files()
}

/// `Ok` when `out` holds exactly what a build of `root` with `opts` would
/// write: same options, same inputs, output directories untouched since.
/// Else the workspace's files, when they were walked to tell (the build
/// that follows takes them: [`crate::load::load_kept_found`]).
pub fn fresh(root: &Path, opts: &BuildOptions) -> Result<Fresh, Option<Discovery>> {
    let mut found = None;
    fresh_finding(root, opts, &mut found).ok_or(found)
}

fn fresh_finding(root: &Path, opts: &BuildOptions, found: &mut Option<Discovery>) -> Option<Fresh> {
    let bytes = super::read_own(&opts.out.join(STAMPS), super::MAX_OWN_BYTES)?;
    let (head, rest) = postcard::take_from_bytes::<Head>(&bytes).ok()?;
    if head.key != key(root, opts) {
        return None;
    }
    // Inputs first: an edited source ends the check before the outputs
    // are decoded or looked at. Discovery (one thread) and the recorded
    // files' stamps (the others) at once: most of the time here is system
    // calls.
    let ((mut discovery, templates), compared) = rayon::join(
        || (Discovery::of(root), template_files(root)),
        || compare_all(root, &head.inputs, head.loaded_at_ns),
    );
    // The same files, in the same places, each as recorded.
    let same = !compared.contains(&Compared::Changed) && discovery.is(&templates, &head.inputs);
    // What was seen of each, for the load that follows when something
    // differs.
    discovery.saw(&head.inputs, &seen(&head.inputs, &compared));
    *found = Some(discovery);
    if !same {
        return None;
    }
    if !outputs_unchanged(&opts.out, &tail_of(rest)?) {
        return None;
    }
    let report = BuildReport {
        documents: head.documents,
        skipped: head.documents,
        unchanged: head.files,
        ..Default::default()
    };
    Some(Fresh {
        report,
        warnings: head.warnings,
    })
}

/// Forget the stamps before a build changes `out` (a build cut short must
/// not look up to date).
pub fn invalidate(out: &OutDir) {
    let _ = out.remove(STAMPS);
}

/// The stamps of a successful build, all but the manifest's own (the
/// manifest is written meanwhile): [`record`] adds it and writes them.
pub struct Pending(Stamps);

/// The stamps after a successful build of `ws` that left the output
/// directory with the files of `manifest`; `before` is what it held before
/// and what the build changed.
pub fn stamps(
    ws: &Workspace,
    opts: &BuildOptions,
    manifest: &Manifest,
    before: &Recorded,
    documents: usize,
) -> Pending {
    let out = &opts.out;
    let inputs = input_stamps(ws);
    let touched: HashSet<&str> = before.changed.iter().map(String::as_str).collect();
    // Directory times last: everything else in them is written by now
    // (the manifest goes in the output directory itself, whose time is
    // not recorded).
    let dirs = dir_stamps(out, before, &touched);
    let shown = crate::diag::RenderOptions {
        color: true,
        base: std::path::PathBuf::new(),
    };
    let warnings = ws
        .diagnostics
        .iter()
        .map(|d| crate::diag::render(d, &ws.sources, &shown))
        .collect();
    Pending(Stamps {
        head: Head {
            key: key(&ws.root, opts),
            loaded_at_ns: ws.loaded_at_ns,
            inputs,
            documents,
            files: manifest.files.len() + 1,
            warnings,
        },
        // The manifest's own stamp is taken once it is written ([`record`]).
        tail: Tail {
            dirs,
            manifest: ((0, 0), None),
        },
    })
}

/// Write the stamps, once the manifest is written: its size and time are
/// the last stamp.
pub fn record(out_dir: &OutDir, stamps: Pending) -> anyhow::Result<()> {
    let mut stamps = stamps.0;
    stamps.tail.manifest =
        manifest_stat(&mut Dirs::new(out_dir.root())).ok_or_else(|| anyhow::anyhow!("the manifest was not written"))?;
    let _ = out_dir.remove(LEGACY_STAMPS);
    // About the size it will have (not grown, and copied, a dozen times).
    let size = stamps.head.inputs.len() * 160
        + stamps.tail.dirs.len() * 64
        + stamps.head.warnings.iter().map(String::len).sum::<usize>();
    out_dir.write(STAMPS, &postcard::to_extend(&stamps, Vec::with_capacity(size))?)
}

/// Every source as loaded (with the hash computed while loading) and every
/// template file (hashed only when it cannot have changed since loading).
fn input_stamps(ws: &Workspace) -> Vec<InputFile> {
    let mut inputs = source_stamps(ws);
    for (path, symlink) in template_files(&ws.root) {
        let full = ws.root.join(&path);
        let meta = std::fs::metadata(&full).ok();
        let (len, mtime_ns) = meta.as_ref().map(stat).unwrap_or((0, 0));
        // Templates were read by another step; a hash taken now is only
        // trustworthy for a file that has not changed since loading started
        // (and is a regular file: a pipe could make the read wait forever).
        let hash = (meta.is_some_and(|m| m.is_file()) && mtime_ns.saturating_add(RACY_NS) < ws.loaded_at_ns)
            .then(|| std::fs::read(&full).ok())
            .flatten()
            .map(|b| text_hash(b.strip_prefix(BOM).unwrap_or(&b)));
        inputs.push(InputFile {
            path,
            known: true,
            symlink,
            len,
            mtime_ns,
            hash,
        });
    }
    inputs
}

/// Every file discovery found as loaded, each source with the hash of
/// its text computed while loading.
pub(super) fn source_stamps(ws: &Workspace) -> Vec<InputFile> {
    let hashes: HashMap<&str, &crate::load::TextHash> = ws
        .sources
        .iter()
        .filter_map(|(id, f)| Some((f.path.as_str(), ws.text_hashes.get(id.0 as usize)?)))
        .collect();
    let mut inputs = ws.inputs.clone();
    for i in inputs.iter_mut().filter(|i| i.known) {
        i.hash = hashes.get(i.path.as_str()).map(|h| **h);
    }
    inputs
}

/// What the output directory held before a build, and what the build
/// wrote or removed: [`record`] takes the stats it can reuse from here.
pub struct Recorded<'a> {
    pub state: &'a OutputState,
    /// Directories the output directory held before the build.
    pub dirs: &'a BTreeSet<String>,
    /// Files the build wrote or removed.
    pub changed: &'a [String],
}

/// The modification time of every directory that may hold an output now:
/// a directory the build wrote nothing into (nor removed anything from)
/// keeps the time it had before; the others are stat'ed again. The
/// directories are those the output directory held before the build and
/// those of the files it wrote: a file the build did not write was there
/// before, in a directory it held.
fn dir_stamps(out: &std::path::Path, before: &Recorded, touched: &HashSet<&str>) -> Vec<(String, u64)> {
    // Writing or removing a file changes its directory; removing the last
    // file of a directory removes the directory, and then its parent changes.
    let mut restat: HashSet<&str> = HashSet::default();
    for rel in touched {
        let mut d = *rel;
        while let Some((parent, _)) = d.rsplit_once('/') {
            if !restat.insert(parent) {
                break;
            }
            d = parent;
        }
    }
    let mut all_dirs: BTreeSet<&str> = before.dirs.iter().map(String::as_str).collect();
    all_dirs.extend(restat.iter().copied());
    let all_dirs: Vec<&str> = all_dirs.into_iter().collect();
    let known = before.state.intact_dirs.as_ref();
    all_dirs
        .par_iter()
        .map_init(
            || Dirs::new(out),
            |dirs, d| {
                if !restat.contains(d)
                    && let Some(&mtime) = known.and_then(|k| k.get(*d))
                {
                    return Some((d.to_string(), mtime));
                }
                let now = dirs.stat(d).filter(FileStat::is_dir)?;
                Some((d.to_string(), now.mtime_ns))
            },
        )
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The up-to-date check decodes the stamps' head alone, then the
    /// tail from the bytes after it: together they are the stamps written,
    /// and a file with bytes after the tail is not taken for stamps.
    #[test]
    fn head_then_tail_are_the_stamps() {
        let input = |i: u64| InputFile {
            path: format!("specs/j/classes/{i}.toml"),
            known: true,
            symlink: i.is_multiple_of(7),
            len: i * 31,
            mtime_ns: i * 1_000_003,
            hash: i.is_multiple_of(3).then(|| text_hash(&i.to_le_bytes())),
        };
        let stamps = Stamps {
            head: Head {
                key: "k".repeat(64),
                loaded_at_ns: 1_700_000_000_123_456_789,
                inputs: (0..300).map(input).collect(),
                documents: 299,
                files: 1_201,
                warnings: vec!["\u{1b}[33mwarning\u{1b}[0m: x".to_string(); 3],
            },
            tail: Tail {
                dirs: (0..40).map(|i| (format!("j/classes/{i}"), i * 17)).collect(),
                manifest: (
                    (14_399_686, 1_700_000_000_987_654_321),
                    Some((4_211, 1_700_000_000_987_654_322)),
                ),
            },
        };
        let mut bytes = postcard::to_stdvec(&stamps).unwrap();
        let (head, rest) = postcard::take_from_bytes::<Head>(&bytes).unwrap();
        assert_eq!(format!("{head:?}"), format!("{:?}", stamps.head));
        assert_eq!(format!("{:?}", tail_of(rest)), format!("{:?}", Some(&stamps.tail)));
        bytes.push(0);
        let (_, rest) = postcard::take_from_bytes::<Head>(&bytes).unwrap();
        assert!(tail_of(rest).is_none());
    }
}
