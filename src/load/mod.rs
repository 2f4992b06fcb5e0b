//! Loading a workspace: find the source files, read them (size, encoding
//! and symlink checks), parse TOML with spans, check structure against the
//! schema, and deserialize into the model. Every problem becomes a
//! [`Diagnostic`]; loading never stops at the first one.
//!
//! This is the only module (with `write` and `cli`) that touches the
//! filesystem, and it only reads.

pub mod kept;
mod structure;
pub mod text;

use std::collections::{BTreeMap, HashSet};

use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use toml::de::DeTable;

use crate::diag::{Diagnostic, FileId, Sources, Span};
use crate::dir_at::Dirs;
use crate::model::{JurisdictionPlan, Loaded, Plan};
use crate::rules::Rule;
use crate::schema::SourceKind;
pub use kept::Kept;

/// Source files larger than this are refused (a class spec is a few KiB).
pub const MAX_SOURCE_BYTES: u64 = 4 * 1024 * 1024;

/// A source text's hash: what documents' input hashes, the stamps of the
/// up-to-date check, the kept trees and `serve`'s parses are keyed by.
/// XXH3's 128 bits: a content hash, not a seal (the workspace's author
/// writes every text it is taken of, and gains nothing by making two
/// collide); on the 23,000 small texts of a 10,000-class plan it takes a
/// tenth of BLAKE3's time.
pub type TextHash = [u8; 16];

/// The [`TextHash`] of `text` (as loaded: without a byte-order mark).
pub fn text_hash(text: &[u8]) -> TextHash {
    xxhash_rust::xxh3::xxh3_128(text).to_le_bytes()
}

/// A loaded workspace: the plan, the text of every source, and every
/// diagnostic from loading (validation adds more).
#[derive(Debug)]
pub struct Workspace {
    pub root: PathBuf,
    pub sources: Sources,
    pub plan: Plan,
    pub diagnostics: Vec<Diagnostic>,
    /// Every file discovery found, with its state when it was read: what
    /// `build` records to recognise an unchanged workspace next time.
    pub inputs: Vec<InputFile>,
    /// When loading started (nanoseconds since the Unix epoch).
    pub loaded_at_ns: u64,
    /// The [`TextHash`] of each source's text as loaded, by file id: what
    /// `build` keys documents and stamps by, and `serve`'s cache its parses.
    pub text_hashes: Vec<TextHash>,
    /// Whether each source's tree was taken from the kept sources
    /// (`load::kept`), by file id: its text is one a build kept, which
    /// the rules about one class alone found nothing in.
    pub from_kept: Vec<bool>,
}

/// One file found under `specs/` or `bulletins/`, as it was when read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InputFile {
    /// Path relative to the workspace root, with `/` separators.
    pub path: String,
    /// Whether it is read as a source (`false`: an unknown file, reported).
    pub known: bool,
    pub symlink: bool,
    pub len: u64,
    pub mtime_ns: u64,
    /// The [`TextHash`] of the text read, without a byte-order mark
    /// (filled in by `build` when it records stamps; `None` when not
    /// known).
    pub hash: Option<TextHash>,
}

/// Size and modification time (nanoseconds since the Unix epoch).
pub use crate::dir_at::stat;

/// Now, in nanoseconds since the Unix epoch.
pub fn now_ns() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

impl Workspace {
    /// How many source files were read.
    pub fn source_count(&self) -> usize {
        self.sources.iter().count()
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// One candidate source file found by discovery.
#[derive(Debug, Clone)]
struct Found {
    rel: String,
    kind: Option<SourceKind>,
    /// The jurisdiction folder for files under `specs/<j>/`.
    jurisdiction: Option<String>,
    symlink: bool,
}

/// Classify a workspace-relative path (with `/` separators).
fn classify(rel: &str) -> Option<(Option<SourceKind>, Option<String>)> {
    if !rel.ends_with(".toml") {
        return None;
    }
    let parts: Vec<&str> = rel.split('/').collect();
    match parts.as_slice() {
        ["bulletins", .., _] => Some((Some(SourceKind::Bulletin), None)),
        ["specs", j, "jurisdiction.toml"] => Some((Some(SourceKind::Jurisdiction), Some(j.to_string()))),
        ["specs", j, "competency-bank.toml"] => Some((Some(SourceKind::CompetencyBank), Some(j.to_string()))),
        ["specs", j, "classes", _, ..] => Some((Some(SourceKind::Class), Some(j.to_string()))),
        ["specs", j, "competency-models", _] => Some((Some(SourceKind::CompetencyModel), Some(j.to_string()))),
        ["specs", j, "series", _] => Some((Some(SourceKind::Series), Some(j.to_string()))),
        ["specs", ..] => Some((None, None)),
        _ => None,
    }
}

/// What discovery found in a workspace (its files under `specs/` and
/// `bulletins/`, sorted, and what it reported on the way): made once by
/// the up-to-date check, compared with the files recorded, and handed to
/// the load that follows when they differ (so the workspace is walked
/// once).
#[derive(Clone)]
pub struct Discovery {
    root: PathBuf,
    layout: Arc<Layout>,
    /// What the check saw of each file found, in the same order (see
    /// [`Discovery::saw`]).
    seen: Vec<Option<Seen>>,
}

/// What the up-to-date check saw of a source just before the load: its
/// size and time (`site::fresh`). A load reads such a file with one read
/// of that size (no `stat`, no second read to find its end), and still
/// hashes the text it read: no file time is trusted for a parse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seen {
    pub len: u64,
    pub mtime_ns: u64,
}

impl Discovery {
    /// Walk the workspace at `root`.
    pub fn of(root: &Path) -> Discovery {
        let mut reported = Vec::new();
        let found = discover(root, &mut reported);
        Discovery {
            root: root.to_path_buf(),
            seen: Vec::new(),
            layout: Arc::new((found, reported)),
        }
    }

    /// Note what the check saw of the files found: `seen` is one entry per
    /// file of `recorded`, the files of the last build, in path order.
    pub fn saw(&mut self, recorded: &[InputFile], seen: &[Option<Seen>]) {
        let mut at = 0;
        self.seen = self
            .layout
            .0
            .iter()
            .map(|f| {
                while recorded.get(at).is_some_and(|r| r.path < f.rel) {
                    at += 1;
                }
                recorded
                    .get(at)
                    .filter(|r| r.path == f.rel && r.known && !r.symlink && !f.symlink && f.kind.is_some())?;
                seen.get(at).copied().flatten()
            })
            .collect();
    }

    /// Whether the files found, then `more` (path, symlink), are the
    /// `recorded` ones in order (path, whether a source, whether a link),
    /// found without a problem.
    pub fn is(&self, more: &[(String, bool)], recorded: &[InputFile]) -> bool {
        let (found, reported) = &*self.layout;
        reported.is_empty()
            && found.len() + more.len() == recorded.len()
            && found
                .iter()
                .map(|f| (f.rel.as_str(), f.kind.is_some(), f.symlink))
                .chain(more.iter().map(|(p, link)| (p.as_str(), true, *link)))
                .zip(recorded)
                .all(|((p, known, link), s)| p == s.path && known == s.known && link == s.symlink)
    }
}

/// Find source files under `specs/` and `bulletins/`, sorted by path.
///
/// Directories are read in whatever order the file system gives; the
/// files found (and the problems, by path) are sorted once at the end,
/// which costs less than sorting every directory's entries by name.
fn discover(root: &Path, diags: &mut Vec<Diagnostic>) -> Vec<Found> {
    let mut found = Vec::new();
    let mut problems: Vec<(String, Diagnostic)> = Vec::new();
    for top in ["specs", "bulletins"] {
        let dir = root.join(top);
        if !dir.exists() {
            continue;
        }
        let mut walk = walkdir::WalkDir::new(&dir).follow_links(false).into_iter();
        while let Some(entry) = walk.next() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().map(|p| rel_path(root, p)).unwrap_or_else(|| top.to_string());
                    let d = Diagnostic::new(
                        Rule::Io,
                        format!("cannot read `{path}` ({})", io_reason(&e.to_string())),
                    )
                    .at_path(path.clone());
                    problems.push((path, d));
                    continue;
                }
            };
            let Some(rel) = rel_under(root, top, &dir, entry.path()) else {
                let rel = rel_path(root, entry.path());
                let d = Diagnostic::new(
                    Rule::Io,
                    format!("the name of `{}` is not UTF-8 text; it is ignored", rel.escape_debug()),
                )
                .at_path(rel.clone())
                .hint("rename it with letters, digits, `-`, `_` and `.`");
                problems.push((rel, d));
                if entry.file_type().is_dir() {
                    walk.skip_current_dir();
                }
                continue;
            };
            if entry.path_is_symlink() && std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir()) {
                let d = Diagnostic::new(
                    Rule::Io,
                    format!("`{rel}` is a symbolic link to a directory; classplan does not follow directory links"),
                )
                .at_path(rel.clone())
                .hint("move the directory into the workspace, or link the files in it one by one");
                problems.push((rel, d));
                continue;
            }
            let Some((kind, jurisdiction)) = classify(&rel) else {
                continue;
            };
            if entry.file_type().is_dir() && kind.is_none() {
                continue;
            }
            // A pipe, socket or device: opening it could wait forever.
            let t = entry.file_type();
            if !(t.is_file() || t.is_dir() || t.is_symlink()) {
                let d = Diagnostic::new(
                    Rule::Io,
                    format!("`{rel}` is not a regular file (a pipe, socket or device); it is not read"),
                )
                .at_path(rel.clone())
                .hint("sources are text files; replace it with one");
                problems.push((rel, d));
                continue;
            }
            found.push(Found {
                rel,
                kind,
                jurisdiction,
                symlink: entry.path_is_symlink(),
            });
        }
    }
    found.sort_by(|a, b| a.rel.cmp(&b.rel));
    problems.sort_by(|a, b| a.0.cmp(&b.0));
    diags.extend(problems.into_iter().map(|(_, d)| d));
    found
}

/// The workspace-relative path (`/` separators) of `path`, found by
/// walking `dir` (the folder `top` of the workspace at `root`); `None`
/// when a name under `dir` is not UTF-8. The walk's paths extend `dir`'s,
/// so the part after it is taken as it is, without splitting the path
/// into components.
fn rel_under(root: &Path, top: &str, dir: &Path, path: &Path) -> Option<String> {
    let Some(tail) = path
        .as_os_str()
        .as_encoded_bytes()
        .strip_prefix(dir.as_os_str().as_encoded_bytes())
    else {
        return path.to_str().is_some().then(|| rel_path(root, path));
    };
    let tail = std::str::from_utf8(tail).ok()?;
    let mut rel = String::with_capacity(top.len() + tail.len());
    rel.push_str(top);
    if std::path::MAIN_SEPARATOR == '/' {
        rel.push_str(tail);
    } else {
        rel.extend(
            tail.chars()
                .map(|c| if c == std::path::MAIN_SEPARATOR { '/' } else { c }),
        );
    }
    Some(rel)
}

/// `p` relative to `root`, with `/` separators.
pub fn rel_path(root: &Path, p: &Path) -> String {
    let rel = p.strip_prefix(root).unwrap_or(p);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn io_reason(s: &str) -> String {
    s.to_string()
}

/// The nearest directory from `start` upward that holds `specs/` or
/// `bulletins/` (as cargo finds Cargo.toml and git finds .git).
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|d| d.join("specs").is_dir() || d.join("bulletins").is_dir())
        .map(Path::to_path_buf)
}

/// A source's text with its size and modification time.
type ReadSource = (Arc<str>, (u64, u64));

/// Read one source as text, refusing what is not a readable UTF-8 file
/// inside the workspace. `symlink` is what discovery saw; a link is
/// followed only to a file inside the workspace.
fn read_source(dirs: &mut Dirs, root: &Path, rel: &str, symlink: bool) -> Result<ReadSource, Diagnostic> {
    use std::io::Read;
    let path = root.join(rel);
    let err = |msg: String| Diagnostic::new(Rule::Io, msg).at_path(rel);
    if symlink {
        let target = std::fs::canonicalize(&path)
            .map_err(|e| err(format!("`{rel}` is a symbolic link that cannot be followed ({e})")))?;
        let root_c = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        if !target.starts_with(&root_c) {
            return Err(err(format!(
                "`{rel}` is a symbolic link to `{}`, outside the workspace",
                target.display()
            ))
            .hint("sources must live inside the workspace; copy the file in instead"));
        }
        // A link to a pipe, socket or device: opening it could wait forever.
        if std::fs::metadata(&target).is_ok_and(|m| !(m.is_file() || m.is_dir())) {
            return Err(err(format!(
                "`{rel}` is a symbolic link to `{}`, which is not a regular file",
                target.display()
            ))
            .hint("sources are text files; link to one, or copy it in"));
        }
    }
    // One open (from the file's directory) and one fstat per file:
    // reading thousands of sources is bound by system calls.
    let file = dirs.open(rel).map_err(|e| err(format!("cannot read `{rel}` ({e})")))?;
    let meta = file.metadata().map_err(|e| err(format!("cannot read `{rel}` ({e})")))?;
    if meta.is_dir() {
        return Err(err(format!("`{rel}` is a directory, not a source file"))
            .hint("rename the directory so its name does not end in .toml"));
    }
    let too_large = |len: u64| {
        err(format!(
            "`{rel}` is too large ({len} bytes; a source may be at most {MAX_SOURCE_BYTES} bytes)"
        ))
    };
    if meta.len() > MAX_SOURCE_BYTES {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    (&file)
        .take(MAX_SOURCE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| err(format!("cannot read `{rel}` ({e})")))?;
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    let text = String::from_utf8(bytes).map_err(|e| not_utf8(rel, &e))?;
    let text: Arc<str> = text.strip_prefix('\u{feff}').unwrap_or(&text).into();
    Ok((text, stat(&meta)))
}

/// A source the up-to-date check saw (`seen`), read with one `read` of
/// the size it saw: its text, and the size and time the check saw (a
/// change since then gives the file another time, so the next check reads
/// it again). `None` when the file is not that size now (changed since),
/// cannot be opened, or is larger than a source may be: then it is read
/// as any other.
fn read_seen(dirs: &mut Dirs, rel: &str, seen: &Seen) -> Option<Result<ReadSource, Diagnostic>> {
    use std::io::Read;
    if seen.len > MAX_SOURCE_BYTES {
        return None;
    }
    let mut file = dirs.open(rel).ok()?;
    let len = seen.len as usize;
    // One byte more than the size seen: a read that returns exactly `len`
    // bytes is at the end of a regular file (one that returns more grew
    // since; fewer, shrank).
    let mut bytes = vec![0; len + 1];
    let got = loop {
        match file.read(&mut bytes) {
            Ok(n) => break n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    };
    if got != len {
        return None;
    }
    bytes.truncate(len);
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => return Some(Err(not_utf8(rel, &e))),
    };
    let text: Arc<str> = text.strip_prefix('\u{feff}').unwrap_or(&text).into();
    Some(Ok((text, (seen.len, seen.mtime_ns))))
}

/// The diagnostic of a source that is not UTF-8.
fn not_utf8(rel: &str, e: &std::string::FromUtf8Error) -> Diagnostic {
    let at = e.utf8_error().valid_up_to();
    Diagnostic::new(
        Rule::Io,
        format!("`{rel}` is not UTF-8 text (invalid byte at offset {at})"),
    )
    .at_path(rel)
    .hint("save the file as UTF-8")
}

/// A parsed source of any kind.
#[derive(Clone)]
enum Parsed {
    Jurisdiction(Arc<crate::model::Jurisdiction>),
    Class(Arc<crate::model::ClassSpec>),
    Bank(Arc<crate::model::CompetencyBank>),
    Model(Arc<crate::model::CompetencyModel>),
    Bulletin(Arc<crate::model::Bulletin>),
    Series(Arc<crate::model::series::SeriesSpec>),
}

/// Parse, structure-check and deserialize one document.
pub fn parse_document<T: DeserializeOwned>(
    text: &str,
    kind: SourceKind,
    file: FileId,
) -> Result<(T, Vec<Diagnostic>), Vec<Diagnostic>> {
    parse_document_kept(text, kind, file, false).0
}

/// A document's value and its lints, or what stopped it.
type DocResult<T> = Result<(T, Vec<Diagnostic>), Vec<Diagnostic>>;

/// [`parse_document`], and with `keep`, the document's tree for
/// [`kept`] when the document has no finding at all (for it, loading is
/// deserializing the tree).
fn parse_document_kept<T: DeserializeOwned>(
    text: &str,
    kind: SourceKind,
    file: FileId,
    keep: bool,
) -> (DocResult<T>, Option<Vec<u8>>) {
    let (table, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return (
            Err(errors
                .iter()
                .map(|e| {
                    let range = e.span().unwrap_or(0..0);
                    let msg = first_line(e.message());
                    if msg.starts_with("invalid date") || msg.starts_with("invalid time") {
                        Diagnostic::new(Rule::InvalidDate, format!("{msg}: not a calendar date or time"))
                            .at(Span::new(file, range))
                    } else {
                        Diagnostic::new(Rule::TomlSyntax, format!("invalid TOML: {msg}")).at(Span::new(file, range))
                    }
                })
                .collect()),
            None,
        );
    }
    let mut checker = structure::Checker::new(kind.schema(), file, text);
    checker.check_document(&table);
    let lints = std::mem::take(&mut checker.lints);
    if !checker.diags.is_empty() {
        // Read what can be read, so the file's semantic errors are found
        // too; its structural errors are reported either way.
        let mut diags = checker.diags;
        diags.extend(lints);
        if checker.repairs.fatal {
            return (Err(diags), None);
        }
        let mut table = table;
        repair(table.get_mut(), &checker.repairs);
        return match T::deserialize(toml::de::Deserializer::from(table)) {
            Ok(v) => (Ok((v, diags)), None),
            Err(_) => (Err(diags), None),
        };
    }
    let tree = if keep && lints.is_empty() {
        kept::encode(&table, text)
    } else {
        None
    };
    let de = toml::de::Deserializer::from(table);
    match T::deserialize(de) {
        Ok(v) => (Ok((v, lints)), tree),
        Err(e) => {
            let range = e.span().unwrap_or(0..0);
            let msg = first_line(e.message()).to_string();
            let rule = if msg.contains("date") {
                Rule::InvalidDate
            } else {
                Rule::WrongType
            };
            (Err(vec![Diagnostic::new(rule, msg).at(Span::new(file, range))]), None)
        }
    }
}

/// Apply a checker's [`structure::Repairs`] to a parsed document.
fn repair(root: &mut DeTable<'_>, r: &structure::Repairs) {
    use std::borrow::Cow;
    use toml::de::DeValue;
    fn table_at<'a, 'i>(mut t: &'a mut DeTable<'i>, path: &[structure::Seg]) -> Option<&'a mut DeTable<'i>> {
        let mut i = 0;
        while i < path.len() {
            let structure::Seg::Key(k) = &path[i] else { return None };
            let mut v = t.get_mut(k.as_str())?.get_mut();
            i += 1;
            while let Some(structure::Seg::Index(n)) = path.get(i) {
                v = match v {
                    DeValue::Array(a) => a.get_mut(*n)?.get_mut(),
                    _ => return None,
                };
                i += 1;
            }
            t = match v {
                DeValue::Table(t) => t,
                _ => return None,
            };
        }
        Some(t)
    }
    for k in &r.broken {
        root.remove(k.as_str());
    }
    for (path, from, to) in &r.renames {
        if let Some(t) = table_at(root, path)
            && let Some((key, value)) = t.remove_entry(from.as_str())
        {
            let span = key.span();
            t.insert(serde_spanned::Spanned::new(span, Cow::Owned(to.clone())), value);
        }
    }
    for (path, key) in &r.removals {
        if let Some(t) = table_at(root, path) {
            t.remove(key.as_str());
        }
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s).trim()
}

type ParseResult = Result<(Parsed, Vec<Diagnostic>), Vec<Diagnostic>>;

/// Parse a source of `kind`; with `keep`, also its tree for [`kept`] (see
/// [`parse_document_kept`]).
fn parse_kind(text: &str, kind: SourceKind, file: FileId, keep: bool) -> (ParseResult, Option<Vec<u8>>) {
    fn wrap<T>((r, tree): (DocResult<T>, Option<Vec<u8>>), f: fn(Arc<T>) -> Parsed) -> (ParseResult, Option<Vec<u8>>) {
        (r.map(|(v, lints)| (f(Arc::new(v)), lints)), tree)
    }
    match kind {
        SourceKind::Jurisdiction => wrap(parse_document_kept(text, kind, file, keep), Parsed::Jurisdiction),
        SourceKind::Class => wrap(parse_document_kept(text, kind, file, keep), Parsed::Class),
        SourceKind::CompetencyBank => wrap(parse_document_kept(text, kind, file, keep), Parsed::Bank),
        SourceKind::CompetencyModel => wrap(parse_document_kept(text, kind, file, keep), Parsed::Model),
        SourceKind::Bulletin => wrap(parse_document_kept(text, kind, file, keep), Parsed::Bulletin),
        SourceKind::Series => wrap(parse_document_kept(text, kind, file, keep), Parsed::Series),
    }
}

/// A kept source's value: its tree (from [`kept`]) deserialized, as
/// [`parse_kind`] deserializes the tree it parses; `None` when the tree
/// does not decode or deserialize (then the text is parsed).
fn kept_kind(text: &str, tree: &[u8], kind: SourceKind) -> Option<Parsed> {
    fn de<T: DeserializeOwned>(text: &str, tree: &[u8]) -> Option<Arc<T>> {
        kept::deserialize(tree, text).map(Arc::new)
    }
    Some(match kind {
        SourceKind::Jurisdiction => Parsed::Jurisdiction(de(text, tree)?),
        SourceKind::Class => Parsed::Class(de(text, tree)?),
        SourceKind::CompetencyBank => Parsed::Bank(de(text, tree)?),
        SourceKind::CompetencyModel => Parsed::Model(de(text, tree)?),
        SourceKind::Bulletin => Parsed::Bulletin(de(text, tree)?),
        SourceKind::Series => Parsed::Series(de(text, tree)?),
    })
}

/// The file id of diagnostics made before their file has its id.
const PENDING: FileId = FileId(u32::MAX);

/// Point a diagnostic made with [`PENDING`] at its file.
fn assign_file(d: &mut Diagnostic, id: FileId) {
    for span in d.span.iter_mut().chain(d.labels.iter_mut().map(|(s, _)| s)) {
        if span.file == PENDING {
            span.file = id;
        }
    }
}

/// Load the workspace at `root`. Never fails: problems are diagnostics.
pub fn load(root: &Path) -> Workspace {
    load_with(root, &BTreeMap::new())
}

/// Load the workspace at `root` as it would be with `overlay` (workspace-
/// relative path → text) in place of the files on disk: how an edit is
/// checked with the same rules as `check` before it is written.
pub fn load_with(root: &Path, overlay: &BTreeMap<String, String>) -> Workspace {
    load_cached(root, overlay, None)
}

/// Sources as a long-running process (`serve`) last read and parsed them,
/// by path. A file whose text hashes as it did then is not parsed,
/// structure-checked and deserialized again (its result is copied).
///
/// By default every file is still read: the cache trusts no file time.
/// A process that watches the workspace ([`SourceCache::watching`]) tells
/// the cache each path that changed ([`SourceCache::changed`]); then a
/// load reads only those files (and files under those folders, and files
/// it has not seen), and takes the others' text from the cache. When the
/// watcher may have missed something (its queue overflowed, it failed)
/// [`SourceCache::read_all`] makes the next load read everything again.
#[derive(Default)]
pub struct SourceCache {
    files: FxHashMap<String, CachedSource>,
    /// Whether a watcher reports changes to the cache.
    watched: bool,
    /// Paths (relative, `/` separators; files or folders) reported changed
    /// since the last load; `None`: read every file.
    changes: Option<HashSet<String>>,
    /// What the last discovery found (sorted by path) and reported, for a
    /// load after changes that cannot have changed it (see
    /// [`SourceCache::layout`]); shared with the loads that use it.
    found: Option<Arc<Layout>>,
}

/// What discovery found, sorted by path, and what it reported.
type Layout = (Vec<Found>, Vec<Diagnostic>);

/// Where a load took a file's text and parse from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// The cache, without reading the file (the watcher saw no change).
    Kept,
    /// The file, read again, with the text the cache had.
    Reread,
    /// The file, read and parsed now.
    Parsed,
}

/// One source as the cache holds it.
struct CachedSource {
    hash: TextHash,
    parsed: ParseResult,
    /// The text, its size and time as read (for a load that does not read
    /// the file again).
    text: Arc<str>,
    stat: (u64, u64),
}

impl SourceCache {
    /// Sources the cache holds.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// From now on a watcher reports every change: loads after the next
    /// one read only the files reported (the next one reads everything,
    /// for what changed before the watcher started).
    pub fn watching(&mut self) {
        self.watched = true;
        self.changes = None;
    }

    /// The file or folder at `rel` (relative to the workspace, `/`
    /// separators) changed: the next load reads it (everything under it).
    pub fn changed(&mut self, rel: &str) {
        if let Some(c) = &mut self.changes {
            c.insert(rel.trim_end_matches('/').to_string());
        }
    }

    /// Changes may have been missed: the next load reads every file.
    pub fn read_all(&mut self) {
        self.changes = None;
    }

    /// The last discovery's result, when the watcher reported only changes
    /// that cannot change what it finds: a file it found that is still the
    /// same kind of file (an edit saved in place, or by renaming over it),
    /// a path that is gone and held nothing it found (an editor's
    /// temporary file), a file that is not a `.toml` source, or anything
    /// outside `specs/` and `bulletins/`.
    fn layout(&self, root: &Path) -> Option<&Arc<Layout>> {
        let changes = self.changes.as_ref()?;
        let found = self.found.as_ref()?;
        let files = &found.0;
        let same = changes.iter().all(|c| {
            if !(c.starts_with("specs/") || c.starts_with("bulletins/")) {
                return !(c.is_empty() || c == "specs" || c == "bulletins");
            }
            let now = std::fs::symlink_metadata(root.join(c));
            match files.binary_search_by(|f| f.rel.as_str().cmp(c)) {
                Ok(i) => now.is_ok_and(|m| {
                    if files[i].symlink {
                        m.file_type().is_symlink()
                    } else {
                        m.is_file()
                    }
                }),
                Err(_) => match now {
                    // Gone: it held nothing found if no found path is under it.
                    Err(_) => {
                        let under = format!("{c}/");
                        let at = files.partition_point(|f| f.rel < under);
                        !files.get(at).is_some_and(|f| f.rel.starts_with(&under))
                    }
                    Ok(m) => m.is_file() && !c.ends_with(".toml"),
                },
            }
        });
        same.then_some(found)
    }

    /// What a load may take for `rel` from the cache without reading the
    /// file: a watcher reports changes, none touched `rel`, and the cache
    /// has it.
    fn unchanged(&self, rel: &str) -> Option<&CachedSource> {
        let changes = self.changes.as_ref()?;
        let touched = changes.iter().any(|c| {
            c.is_empty() || rel == c || (rel.starts_with(c.as_str()) && rel.as_bytes().get(c.len()) == Some(&b'/'))
        });
        if touched {
            return None;
        }
        self.files.get(rel)
    }
}

/// [`load_with`], reusing and then updating `cache` (when given).
pub fn load_cached(root: &Path, overlay: &BTreeMap<String, String>, cache: Option<&mut SourceCache>) -> Workspace {
    load_impl(root, overlay, cache, None, None)
}

/// [`load_cached`]; a source `cache` does not hold is taken from `kept`
/// (read only) when its text is the kept one (how `serve`'s first load
/// uses what the last build kept).
pub fn load_cached_kept(
    root: &Path,
    overlay: &BTreeMap<String, String>,
    cache: Option<&mut SourceCache>,
    kept: Option<Kept>,
) -> Workspace {
    let mut kept = kept.map(Kept::read_only);
    load_impl(root, overlay, cache, kept.as_mut(), None)
}

/// [`load`], taking the tree of every source whose text `kept` holds
/// unchanged from it instead of parsing the text, and leaving in `kept`
/// what the next load can take ([`Kept::take_next`]).
pub fn load_kept(root: &Path, kept: &mut Kept) -> Workspace {
    load_impl(root, &BTreeMap::new(), None, Some(kept), None)
}

/// [`load_kept`] with the files `found` lists (a discovery of `root` made
/// just before), when given.
pub fn load_kept_found(root: &Path, kept: &mut Kept, found: Option<Discovery>) -> Workspace {
    let found = found.filter(|d| d.root == root).map(|d| (d.layout, d.seen));
    load_impl(root, &BTreeMap::new(), None, Some(kept), found)
}

/// Where a load took a source's tree from, for the next [`Kept`] blob.
enum KeptTree {
    /// Not kept: a symbolic link, an overlay, a source with findings.
    No,
    /// Parsed now.
    New(Vec<u8>),
    /// The blob read, at this range.
    Prior(std::ops::Range<usize>),
}

/// One file as a load read it: the text and parse (or why it could not be
/// read), the text's hash and where it came from, and where its tree came
/// from.
type Read<'f> = (
    &'f Found,
    Result<(ReadSource, Option<ParseResult>), Diagnostic>,
    (TextHash, Origin),
    KeptTree,
);

fn load_impl(
    root: &Path,
    overlay: &BTreeMap<String, String>,
    mut cache: Option<&mut SourceCache>,
    kept: Option<&mut Kept>,
    found: Option<(Arc<Layout>, Vec<Option<Seen>>)>,
) -> Workspace {
    let loaded_at_ns = now_ns();
    let mut diagnostics = Vec::new();
    let mut sources = Sources::default();
    if !root.is_dir() {
        diagnostics.push(
            Diagnostic::new(Rule::Io, format!("`{}` is not a directory", root.display())).at_path(root.to_path_buf()),
        );
        return Workspace {
            root: root.to_path_buf(),
            sources,
            plan: Plan::default(),
            diagnostics,
            inputs: Vec::new(),
            loaded_at_ns,
            text_hashes: Vec::new(),
            from_kept: Vec::new(),
        };
    }
    let known = cache.as_deref().and_then(|c| c.layout(root)).cloned();
    // The same files as the last load found (the cache has every one
    // that was readable then).
    let same_layout = known.is_some();
    // What the up-to-date check saw of each file (only with its discovery).
    let (found, seen) = match found {
        Some((layout, seen)) if known.is_none() => (Some(layout), seen),
        _ => (None, Vec::new()),
    };
    let layout = match known.or(found) {
        Some(layout) => layout,
        None => {
            let mut reported = Vec::new();
            let found = discover(root, &mut reported);
            let layout = Arc::new((found, reported));
            if let Some(c) = cache.as_deref_mut() {
                c.found = Some(layout.clone());
            }
            layout
        }
    };
    diagnostics.extend(layout.1.iter().cloned());
    let extra: Vec<Found> = overlay
        .keys()
        .filter(|rel| layout.0.binary_search_by(|f| f.rel.as_str().cmp(rel)).is_err())
        .filter_map(|rel| {
            let (kind, jurisdiction) = classify(rel)?;
            Some(Found {
                rel: rel.clone(),
                kind,
                jurisdiction,
                symlink: false,
            })
        })
        .collect();
    let seen = seen.iter().copied().chain(std::iter::repeat(None));
    let mut found: Vec<(&Found, Option<Seen>)> = layout
        .0
        .iter()
        .zip(seen)
        .chain(extra.iter().map(|f| (f, None)))
        .collect();
    if !extra.is_empty() {
        found.sort_by(|a, b| a.0.rel.cmp(&b.0.rel));
    }

    // Read and parse in parallel; file ids follow the sorted path order.
    // Read and parse in one parallel pass (the text is parsed while it is
    // hot); a file gets its id afterwards, in path order, and the
    // diagnostics made while parsing it are pointed at that id.
    // The result, the text's hash, and whether it was parsed now (not
    // taken from the cache).
    let prior = cache.as_deref();
    let on_disk = kept.as_deref();
    let results: Vec<Read> = found
        .into_par_iter()
        .map_init(
            || Dirs::new(root),
            |dirs, (f, seen)| {
                // A file the watcher saw no change to: its text and parse as
                // they were (a symbolic link is read again: its target may be
                // a file nobody watches).
                if let Some(e) = prior
                    .filter(|_| !f.symlink && !overlay.contains_key(&f.rel))
                    .and_then(|c| c.unchanged(&f.rel))
                {
                    let r = Ok(((e.text.clone(), e.stat), Some(e.parsed.clone())));
                    return (f, r, (e.hash, Origin::Kept), KeptTree::No);
                }
                let on_disk = on_disk.filter(|_| !f.symlink && !overlay.contains_key(&f.rel));
                let mut tree = KeptTree::No;
                let mut read = |rel: &str, symlink: bool| match overlay.get(rel) {
                    Some(text) => Ok((
                        Arc::from(text.strip_prefix('\u{feff}').unwrap_or(text)),
                        (text.len() as u64, 0),
                    )),
                    None => match seen.and_then(|s| read_seen(dirs, rel, &s)) {
                        Some(r) => r,
                        None => read_source(dirs, root, rel, symlink),
                    },
                };
                let mut hashed = (TextHash::default(), Origin::Parsed);
                let r = match f.kind {
                    Some(kind) => read(&f.rel, f.symlink).map(|(text, st)| {
                        let h = text_hash(text.as_bytes());
                        let cached = prior
                            .and_then(|c| c.files.get(&f.rel))
                            .filter(|e| e.hash == h)
                            .map(|e| e.parsed.clone());
                        hashed = (
                            h,
                            if cached.is_none() {
                                Origin::Parsed
                            } else {
                                Origin::Reread
                            },
                        );
                        // The text a load kept the tree of: the tree.
                        let from_disk = || {
                            let k = on_disk?;
                            let (bytes, at) = k.tree(&f.rel, &h)?;
                            let parsed = kept_kind(&text, bytes, kind)?;
                            k.took_one();
                            Some((Ok((parsed, Vec::new())), KeptTree::Prior(at)))
                        };
                        let parsed = match cached {
                            Some(p) => p,
                            None => match from_disk() {
                                Some((p, t)) => {
                                    tree = t;
                                    p
                                }
                                None => {
                                    let keep = on_disk.is_some_and(|k| k.making);
                                    let (p, t) = parse_kind(&text, kind, PENDING, keep);
                                    tree = t.map_or(KeptTree::No, KeptTree::New);
                                    p
                                }
                            },
                        };
                        ((text, st), Some(parsed))
                    }),
                    None => Ok(((Arc::from(""), (0, 0)), None)),
                };
                (f, r, hashed, tree)
            },
        )
        .collect();
    let making = kept.as_deref().is_some_and(|k| k.making);
    if let Some(c) = cache {
        // Forget files that are gone (or unreadable now); keep what was
        // parsed now. With the last load's files, all read, and no
        // overlay, the cache holds exactly the files read.
        let all_read = results
            .iter()
            .all(|(f, r, ..)| f.kind.is_none() || matches!(r, Ok((_, Some(_)))));
        if !(same_layout && all_read && overlay.is_empty()) {
            let live: FxHashSet<&str> = results
                .iter()
                .filter(|(_, r, ..)| matches!(r, Ok((_, Some(_)))))
                .map(|(f, ..)| f.rel.as_str())
                .collect();
            c.files
                .retain(|rel, _| live.contains(rel.as_str()) && !overlay.contains_key(rel.as_str()));
        }
        // An overlay's text is not the file's: it is not kept (a later
        // load without the overlay would take it for what is on disk).
        let read_now = results
            .iter()
            .filter(|(f, _, (_, origin), _)| *origin != Origin::Kept && !overlay.contains_key(&f.rel));
        for (f, r, (h, origin), _) in read_now {
            match r {
                Ok(((text, stat), Some(parsed))) if *origin == Origin::Parsed => {
                    c.files.insert(
                        f.rel.clone(),
                        CachedSource {
                            hash: *h,
                            parsed: parsed.clone(),
                            text: text.clone(),
                            stat: *stat,
                        },
                    );
                }
                // Read again with the same text: its time may be new.
                Ok(((_, stat), Some(_))) => {
                    if let Some(e) = c.files.get_mut(&f.rel) {
                        e.stat = *stat;
                    }
                }
                _ => {}
            }
        }
        // What the watcher reported is read now.
        c.changes = c.watched.then(HashSet::new);
    }
    let mut parsed: Vec<(&Found, FileId, ParseResult)> = Vec::with_capacity(results.len());
    sources.reserve(results.len());
    let mut unreadable = Vec::new();
    let mut inputs = Vec::with_capacity(results.len());
    let mut text_hashes = Vec::with_capacity(results.len());
    let mut from_kept = Vec::with_capacity(results.len());
    // The candidates for the next kept blob: every source parsed without
    // findings, with its tree ([`Kept::finish`] makes the blob once the
    // checks are done).
    let mut pending = Vec::new();
    for (f, r, (hash, _), tree) in results {
        let (len, mtime_ns) = match &r {
            Ok(((_, (len, mtime)), _)) if f.kind.is_some() => (*len, *mtime),
            _ => (0, 0),
        };
        inputs.push(InputFile {
            path: f.rel.clone(),
            known: f.kind.is_some(),
            symlink: f.symlink,
            len,
            mtime_ns,
            hash: None,
        });
        if f.kind.is_none() {
            diagnostics.push(
                Diagnostic::new(Rule::UnknownFile, format!("`{}` is not in a place classplan reads sources from; it is ignored", f.rel))
                    .at_path(f.rel.clone())
                    .hint("class specs go in specs/<jurisdiction>/classes/, competency models in specs/<jurisdiction>/competency-models/, bulletins in bulletins/"),
            );
            continue;
        }
        match r {
            Ok(((text, _), Some(mut result))) => {
                let id = sources.add(f.rel.clone(), text);
                text_hashes.push(hash);
                from_kept.push(matches!(tree, KeptTree::Prior(_)));
                let tree = match tree {
                    KeptTree::New(bytes) => Some(kept::PendingTree::New(bytes)),
                    KeptTree::Prior(at) => Some(kept::PendingTree::Prior(at)),
                    KeptTree::No => None,
                };
                if let (true, Ok((_, lints)), Some(tree)) = (making, &result, tree)
                    && lints.is_empty()
                {
                    pending.push(kept::PendingEntry {
                        rel: f.rel.clone(),
                        hash,
                        tree,
                    });
                }
                match &mut result {
                    Ok((_, ds)) | Err(ds) => ds.iter_mut().for_each(|d| assign_file(d, id)),
                }
                parsed.push((f, id, result));
            }
            Ok((_, None)) => {}
            Err(d) => {
                diagnostics.push(d);
                if let Some(j) = &f.jurisdiction {
                    unreadable.push(j.clone());
                }
            }
        }
    }

    if let Some(k) = kept.filter(|k| k.making) {
        k.pending = Some(pending);
    }
    let mut plan = Plan::default();
    plan.incomplete.extend(unreadable);
    // By jurisdiction id (borrowed from the files found: no copy per file).
    let mut pending_classes: BTreeMap<&str, Vec<Loaded<crate::model::ClassSpec>>> = BTreeMap::new();
    let mut pending_banks: BTreeMap<&str, Vec<Loaded<crate::model::CompetencyBank>>> = BTreeMap::new();
    let mut pending_models: BTreeMap<&str, Vec<Loaded<crate::model::CompetencyModel>>> = BTreeMap::new();
    // Bulletin ids by their case-folded form, with the first file of each.
    let mut bulletin_ids: FxHashMap<String, &str> = FxHashMap::default();
    for (f, file, result) in parsed {
        let parsed = match result {
            Ok((p, lints)) => {
                diagnostics.extend(lints);
                p
            }
            Err(ds) => {
                diagnostics.extend(ds);
                if let Some(j) = &f.jurisdiction {
                    plan.incomplete.insert(j.clone());
                }
                continue;
            }
        };
        let j = f.jurisdiction.as_deref().unwrap_or_default();
        let path = f.rel.clone();
        match parsed {
            Parsed::Jurisdiction(value) => {
                if value.id.as_str() != j {
                    diagnostics.push(
                        Diagnostic::new(
                            Rule::MissingJurisdiction,
                            format!("jurisdiction id `{}` does not match its folder `specs/{j}`", *value.id),
                        )
                        .at(Span::new(file, value.id.span.clone()))
                        .hint(format!("set `id = \"{j}\"` or rename the folder")),
                    );
                }
                plan.jurisdictions
                    .insert(j.to_string(), JurisdictionPlan::new(Loaded { file, path, value }));
            }
            Parsed::Class(value) => pending_classes.entry(j).or_default().push(Loaded { file, path, value }),
            // A series document stands for one class per level.
            Parsed::Series(value) => {
                let classes = pending_classes.entry(j).or_default();
                for c in value.classes() {
                    classes.push(Loaded {
                        file,
                        path: path.clone(),
                        value: Arc::new(c),
                    });
                }
            }
            Parsed::Bank(value) => pending_banks.entry(j).or_default().push(Loaded { file, path, value }),
            Parsed::Model(value) => pending_models.entry(j).or_default().push(Loaded { file, path, value }),
            Parsed::Bulletin(value) => {
                let id = bulletin_id(&path);
                if let Err(why) = crate::model::ident::check(&id) {
                    diagnostics.push(
                        Diagnostic::new(
                            Rule::InvalidValue,
                            format!("bulletin id `{}` (the file name) is not an identifier: it {why}", id.escape_debug()),
                        )
                        .at_path(path.clone())
                        .hint("a bulletin's id is its file name without `.toml`; rename the file, e.g. `bulletins/la-city-1229-2025.toml`"),
                    );
                    continue;
                }
                match bulletin_ids.entry(id.to_ascii_lowercase()) {
                    std::collections::hash_map::Entry::Occupied(first) => {
                        diagnostics.push(
                            Diagnostic::new(
                                Rule::DuplicateBulletin,
                                format!("bulletin id `{id}` is also the id of `{}`", first.get()),
                            )
                            .at_path(path.clone())
                            .hint("a bulletin's id is its file name without `.toml`, in any folder under bulletins/ and in any letter case; rename one of the two files"),
                        );
                        continue;
                    }
                    std::collections::hash_map::Entry::Vacant(slot) => {
                        slot.insert(&f.rel);
                    }
                }
                plan.bulletins.insert(id, Loaded { file, path, value });
            }
        }
    }
    let orphan = |j: &str, file: FileId, diagnostics: &mut Vec<Diagnostic>| {
        diagnostics.push(
            Diagnostic::new(
                Rule::MissingJurisdiction,
                format!("folder `specs/{j}` has no valid jurisdiction.toml"),
            )
            .at(Span::new(file, 0..0))
            .hint(format!("create specs/{j}/jurisdiction.toml (see `classplan schema`)")),
        );
    };
    for (j, classes) in pending_classes {
        match plan.jurisdictions.get_mut(j) {
            Some(jp) => jp.classes = classes,
            None => classes.iter().for_each(|c| orphan(j, c.file, &mut diagnostics)),
        }
    }
    for (j, mut banks) in pending_banks {
        match plan.jurisdictions.get_mut(j) {
            Some(jp) => jp.bank = banks.pop(),
            None => banks.iter().for_each(|c| orphan(j, c.file, &mut diagnostics)),
        }
    }
    for (j, models) in pending_models {
        match plan.jurisdictions.get_mut(j) {
            Some(jp) => jp.models = models,
            None => models.iter().for_each(|c| orphan(j, c.file, &mut diagnostics)),
        }
    }
    for jp in plan.jurisdictions.values_mut() {
        jp.reindex();
    }
    if plan.jurisdictions.is_empty() && plan.bulletins.is_empty() && diagnostics.is_empty() {
        diagnostics.push(
            Diagnostic::new(Rule::Io, format!("no sources found in `{}`", root.display()))
                .at_path(root.to_path_buf())
                .hint("a workspace has specs/<jurisdiction>/jurisdiction.toml, class specs in specs/<jurisdiction>/classes/ and bulletins in bulletins/"),
        );
    }
    Workspace {
        root: root.to_path_buf(),
        sources,
        plan,
        diagnostics,
        inputs,
        loaded_at_ns,
        text_hashes,
        from_kept,
    }
}

pub use crate::model::{bulletin_id, file_stem};

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether two parses of a source are the same value.
    fn same_parse(a: &Parsed, b: &Parsed) -> bool {
        match (a, b) {
            (Parsed::Jurisdiction(x), Parsed::Jurisdiction(y)) => x == y,
            (Parsed::Class(x), Parsed::Class(y)) => x == y,
            (Parsed::Bank(x), Parsed::Bank(y)) => x == y,
            (Parsed::Model(x), Parsed::Model(y)) => x == y,
            (Parsed::Bulletin(x), Parsed::Bulletin(y)) => x == y,
            (Parsed::Series(x), Parsed::Series(y)) => x == y,
            _ => false,
        }
    }

    /// Every source of the sample workspace, of the test fixtures (real
    /// bulletins imported among them) and of a generated plan, taken from
    /// its kept tree (`kept::deserialize`, without toml's deserializer),
    /// is the value its parse gives, spans included.
    #[test]
    fn a_kept_tree_is_the_value_of_its_parse() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let generated = tempfile::tempdir().unwrap();
        let plan = generated.path().join("plan");
        let spec = crate::bench::generate::CorpusSpec {
            classes: 60,
            bulletins: 40,
            jurisdictions: 2,
            seed: 18,
        };
        crate::bench::generate::generate(&spec, &plan).unwrap();
        let dirs = [
            root.join("specs"),
            root.join("bulletins"),
            root.join("tests/fixtures"),
            plan,
        ];
        let (mut kept, mut kinds) = (0, std::collections::BTreeSet::new());
        for dir in dirs {
            for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
                let path = entry.unwrap().into_path();
                let p = path.to_string_lossy().replace('\\', "/");
                // The path from its workspace's `specs/` or `bulletins/`.
                let Some(at) = ["/specs/", "/bulletins/"].iter().filter_map(|d| p.rfind(d)).max() else {
                    continue;
                };
                let Some((Some(kind), _)) = classify(&p[at + 1..]) else {
                    continue;
                };
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let (parsed, tree) = parse_kind(&text, kind, FileId(0), true);
                // Only a source parsed without findings is kept.
                let (Ok((parsed, _)), Some(tree)) = (parsed, tree) else {
                    continue;
                };
                let from_tree = kept_kind(&text, &tree, kind);
                let from_tree = from_tree.unwrap_or_else(|| panic!("{p}: its kept tree is not read"));
                assert!(same_parse(&parsed, &from_tree), "{p}: its kept tree is another value");
                kept += 1;
                kinds.insert(format!("{kind:?}"));
            }
        }
        assert!(kept >= 250, "{kept} sources kept");
        assert_eq!(kinds.len(), 6, "{kinds:?}");
    }

    /// A source the up-to-date check saw is read with one read of the size
    /// it saw, and keeps the size and time it saw; a file of another size
    /// now (it changed since) is left to the ordinary read, and text that
    /// is not UTF-8 is reported as the ordinary read reports it.
    #[test]
    fn a_source_seen_by_the_check_is_read_at_the_size_seen() {
        let dir = tempfile::tempdir().unwrap();
        let text = "\u{feff}code = \"1\"\ntitle = \"Clerk\"\n";
        std::fs::write(dir.path().join("a.toml"), text).unwrap();
        std::fs::write(dir.path().join("bad.toml"), b"title = \"\xff\"\n").unwrap();
        let seen = |len: usize| Seen {
            len: len as u64,
            mtime_ns: 42,
        };
        let mut dirs = Dirs::new(dir.path());
        let (read, stat) = read_seen(&mut dirs, "a.toml", &seen(text.len())).unwrap().unwrap();
        assert_eq!(&*read, text.trim_start_matches('\u{feff}'));
        assert_eq!(stat, (text.len() as u64, 42));
        // Grown or shrunk since the check: not taken here.
        assert!(read_seen(&mut dirs, "a.toml", &seen(text.len() - 1)).is_none());
        assert!(read_seen(&mut dirs, "a.toml", &seen(text.len() + 1)).is_none());
        assert!(read_seen(&mut dirs, "gone.toml", &seen(3)).is_none());
        assert!(read_seen(&mut dirs, "a.toml", &seen(MAX_SOURCE_BYTES as usize + 1)).is_none());
        let bad = read_seen(&mut dirs, "bad.toml", &seen(12)).unwrap().unwrap_err();
        assert!(bad.message.contains("is not UTF-8 text"), "{}", bad.message);
    }
}
