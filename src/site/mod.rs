//! `classplan build`: the plan as a site in the output directory.
//!
//! A build is a list of steps, each a function below: refuse a workspace
//! with errors → load the templates → take the plan as adopted (drafts and
//! proposed documents left out, unless `--drafts`) → plan the documents and hash their
//! inputs → compare with the manifest (what changed, what on disk is no
//! longer what was written) → preflight (render the first changed document
//! of each kind in every format, so a template error stops the build before
//! anything is written) → refuse to replace files classplan did not write
//! → lock the output directory → render and write the text formats → the
//! PDFs → the index → prune files of documents that are gone → record the
//! manifest and the stamps. [`fresh`] is the fast path for a build with
//! nothing to do.
//!
//! Architecture invariant: every file written or removed goes through
//! [`crate::write::OutDir`]; nothing outside the output directory is
//! touched, and only files a manifest lists as classplan's are deleted.

pub mod fresh;
pub mod kept_sources;
pub mod manifest;
pub mod paths_cache;
pub mod plan;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use rayon::prelude::*;
// Maps and sets of the output directory's 100,000+ paths: FxHash (the
// paths are classplan's own, not adversarial input).
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Serialize;

use crate::diag::Diagnostic;
use crate::load::Workspace;
use crate::model::Plan;
use crate::render::index::CareerPages;
use crate::render::pdf::PdfTask;
use crate::render::templates::Templates;
use crate::render::view::BulletinSummary;
use crate::render::{Output, OutputFormat};
use crate::write::OutDir;
use manifest::{MANIFEST, Manifest, ManifestFile, OutTree};
use plan::Doc;

pub use crate::render::OutputFormat as Format;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub out: PathBuf,
    pub formats: BTreeSet<OutputFormat>,
    pub as_of: NaiveDate,
    /// Threads for PDF compilation (0 = number of cores).
    pub pdf_threads: usize,
    /// How the build reports its progress on stderr.
    pub feedback: Feedback,
    /// Replace files in the output directory that classplan did not write.
    pub force: bool,
    /// Where the site is published ("https://jobs.example.gov/plan"): pages
    /// get canonical URLs and Open Graph tags, and the build writes
    /// `sitemap.xml` and `robots.txt`.
    pub base_url: Option<String>,
    /// Build the documents that are not adopted too (drafts and proposed,
    /// each page and PDF marked); without it they are left out.
    pub drafts: bool,
}

/// What a build did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct BuildReport {
    pub documents: usize,
    pub rendered: usize,
    pub skipped: usize,
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub pdfs: usize,
    /// The files written (new or changed bytes) and removed, relative to
    /// the output directory, sorted: what `serve` tells open pages.
    #[serde(skip)]
    pub changed_files: Vec<String>,
}

/// The bytes of classplan's own file at `path` in an output directory (the
/// manifest, the stamps, what `paths` and `build` keep): `None` when it is
/// missing, not a regular file (a pipe could make the read wait forever;
/// a link is not followed) or larger than `max` bytes.
pub(crate) fn read_own(path: &std::path::Path, max: u64) -> Option<Vec<u8>> {
    use std::io::Read;
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > max {
        return None;
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path).ok()?.take(max).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The largest bookkeeping file a build reads (the manifest of a
/// 10,000-class plan is about 25 MB).
pub(crate) const MAX_OWN_BYTES: u64 = 1 << 30;

/// Why a build stopped.
#[derive(Debug)]
pub enum BuildError {
    /// The sources or templates have errors (the diagnostics say which);
    /// `written` lists the files written before the error was found
    /// (complete files: every write is atomic).
    Diagnostics {
        diagnostics: Vec<Diagnostic>,
        written: Vec<String>,
    },
    /// Writing failed (disk full, permissions, a foreign file, ...).
    Io(anyhow::Error),
}

impl BuildError {
    fn diags(diagnostics: Vec<Diagnostic>) -> Self {
        BuildError::Diagnostics {
            diagnostics,
            written: Vec::new(),
        }
    }
}

/// What a process that alone writes an output directory (`serve`, into
/// its temporary directory) keeps between its builds: the last manifest.
/// A build in a session takes the directory to hold exactly what that
/// manifest lists (no stat of every output, no walk) and keeps the next
/// manifest here instead of on disk, with no stamps (nothing runs the
/// no-op check on a directory nobody else reads). The first build of a
/// session reads the directory like any build.
#[derive(Debug, Default)]
pub struct Session {
    manifest: Option<Manifest>,
    /// What the index lists for each bulletin, by the bulletin's input
    /// hash (everything its summary is made from): an unchanged bulletin's
    /// row is not made again.
    rows: IndexRows,
    /// Every class's career section, with the graph they were made from.
    careers: Option<plan::Careers>,
    /// The paths page's data, by its key: taken while the graph (and the
    /// jurisdictions' names and number styles) are the same.
    pages: Option<(blake3::Hash, Arc<CareerPages>)>,
}

/// Index rows of bulletins by their input hash.
type IndexRows = HashMap<String, Arc<BulletinSummary>>;

/// The site's own HTML pages a manifest lists.
fn site_pages(manifest: &Manifest) -> Vec<String> {
    manifest
        .files
        .iter()
        .filter(|(_, f)| f.doc == SITE && f.format == Some(OutputFormat::Html))
        .map(|(rel, _)| rel.clone())
        .collect()
}

/// Build the workspace. `ws` must be the result of [`crate::check`].
pub fn build(ws: &Workspace, opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_with(ws, opts, None, None, &|_| {})
}

/// An output directory a build is about to write, taken before its sources
/// are checked: locked, and what the last build left in it (its manifest,
/// its stamps, a `stat` of every file) read on another thread while the
/// sources load. [`build_prepared`] takes it.
pub struct Prepared {
    out: PathBuf,
    /// The lock, shared with the reading thread: held until both are done.
    lock: Arc<std::fs::File>,
    before: std::thread::JoinHandle<Before>,
}

/// Lock `out` and start reading it (see [`Prepared`]). `None` when there
/// is no such directory yet, or its lock cannot be taken now: the build
/// then takes it, and says why when it cannot.
pub fn prepare(out: &std::path::Path) -> Option<Prepared> {
    if !out.is_dir() {
        return None;
    }
    let lock = Arc::new(OutDir::existing(out).lock().ok()?);
    let (held, path) = (lock.clone(), out.to_path_buf());
    let before = std::thread::Builder::new()
        .name("output-reader".into())
        .spawn(move || {
            // Its own threads, in the background: the global pool's are
            // the load's and the checks' (a worker busy with 120,000 stats
            // would finish them before taking the checks' work), and the
            // build needs what is read here only once its documents are
            // known.
            let before = match rayon::ThreadPoolBuilder::new()
                .num_threads(rayon::current_num_threads())
                .thread_name(|i| format!("output-reader-{i}"))
                .start_handler(|_| background())
                .build()
            {
                Ok(pool) => pool.install(|| Before::read(&path)),
                Err(_) => Before::read(&path),
            };
            drop(held);
            before
        })
        .ok()?;
    Some(Prepared {
        out: out.to_path_buf(),
        lock,
        before,
    })
}

/// Make the calling thread yield the cores to the build's own threads
/// (a nice value of 10; on Linux the nice value is the thread's): for work
/// the build needs only later, or not at all, which then fills the moments
/// a core would idle. Nothing when the system refuses.
pub(crate) fn background() {
    #[cfg(unix)]
    let _ = rustix::process::setpriority_process(None, 10);
}

/// [`build`] into an output directory [`prepare`] took (when it could).
pub fn build_prepared(
    ws: &Workspace,
    opts: &BuildOptions,
    prepared: Option<Prepared>,
) -> Result<BuildReport, BuildError> {
    build_with(ws, opts, None, prepared, &|_| {})
}

/// [`build`] within a [`Session`] (when given). `documents_written` is told
/// the files the documents' renders wrote, as soon as they are written and
/// before the site's own pages (index, paths, search) are made: `serve`
/// reloads the pages that show them without waiting for the rest.
pub fn build_in(
    ws: &Workspace,
    opts: &BuildOptions,
    session: Option<&mut Session>,
    documents_written: &(dyn Fn(&[String]) + Sync),
) -> Result<BuildReport, BuildError> {
    build_with(ws, opts, session, None, documents_written)
}

fn build_with(
    ws: &Workspace,
    opts: &BuildOptions,
    mut session: Option<&mut Session>,
    prepared: Option<Prepared>,
    documents_written: &(dyn Fn(&[String]) + Sync),
) -> Result<BuildReport, BuildError> {
    refuse_errors(ws)?;
    let templates = &crate::templates(ws).map_err(BuildError::diags)?;
    let existed = opts.out.exists();
    let out = OutDir::create(&opts.out).map_err(BuildError::Io)?;
    // One build at a time, from reading what out/ holds (and clearing
    // temporary files left by a build that was killed) to recording what
    // it wrote: a second build waits, then sees the first one's result.
    let (lock, reading) = match prepared {
        Some(p) if p.out == opts.out => (p.lock, Some(p.before)),
        other => {
            // Prepared for another path (which may name the same
            // directory): its reader lets go of the lock first.
            if let Some(p) = other {
                let _ = p.before.join();
            }
            (Arc::new(out.lock().map_err(BuildError::Io)?), None)
        }
    };
    let before = match session.as_deref_mut() {
        Some(Session {
            manifest: m @ Some(_), ..
        }) => Before::kept(m.take().unwrap_or_default()),
        _ => match reading {
            // A reader that failed (it cannot, short of a bug) is replaced
            // by reading here.
            Some(r) => r.join().unwrap_or_else(|_| Before::read(&opts.out)),
            None => Before::read(&opts.out),
        },
    };
    let result = build_locked(ws, opts, templates, &out, before, session, documents_written);
    drop(lock);
    if result.is_err() && !existed {
        // Refused before writing anything: leave no new empty directory.
        let _ = std::fs::remove_file(opts.out.join(crate::write::LOCK_FILE));
        let _ = std::fs::remove_dir(&opts.out);
    }
    result
}

fn build_locked(
    ws: &Workspace,
    opts: &BuildOptions,
    templates: &Templates,
    out: &OutDir,
    before: Before,
    mut session: Option<&mut Session>,
    documents_written: &(dyn Fn(&[String]) + Sync),
) -> Result<BuildReport, BuildError> {
    // Without --drafts, the site is the plan as adopted: drafts and
    // proposed documents have no files, links, index rows or map nodes.
    let plan = &*ws.plan.published(opts.drafts);
    let paths = Arc::new(crate::derive::paths::plan_paths(plan));
    let prior_careers = session.as_deref_mut().map(|s| s.careers.take().unwrap_or_default());
    let prior_rows = session.as_deref_mut().map(|s| std::mem::take(&mut s.rows));
    let prior_pages = session.as_deref_mut().map(|s| s.pages.take());
    let at = plan::HashInputs {
        ws,
        plan,
        templates,
        formats: &opts.formats,
        as_of: opts.as_of,
        base_url: opts.base_url.as_deref(),
        drafts_shown: opts.drafts && plan.has_unadopted(),
    };
    // The documents and their input hashes, and the site's index data
    // (made from the plan alone, without a session's rows: a session finds
    // its rows by the documents' hashes, so makes it after them) at once.
    let ((docs, careers, hashes), early_site) = rayon::join(
        || {
            let common = at.common();
            let hash = |d: &Doc| d.input_hash_from(&common, &at);
            plan::documents_kept(plan, &paths, prior_careers, Some(&hash))
        },
        || {
            prior_rows
                .is_none()
                .then(|| SiteIndex::make(plan, &paths, templates, opts, &|_| None, None))
        },
    );
    let changed = changed(&docs, &hashes, &before);
    if let Err(e) = preflight(plan, &docs, &changed, templates, opts)
        .and_then(|()| refuse_foreign(plan, &docs, &changed, &before, opts))
    {
        // Nothing was written: the session keeps the manifest it had (else
        // its next build would take its own files for someone else's).
        if let Some(s) = session {
            s.manifest = Some(before.manifest);
        }
        return Err(e);
    }
    // A build cut short must not look up to date.
    fresh::invalidate(out);
    let writer = Writer::new(out, &before, opts.feedback, changed.len());
    let mut site_hash = None;
    let mut rows = IndexRows::default();
    let mut pages = None;
    let written = (|| {
        render_text(plan, &docs, &changed, templates, opts, &writer)?;
        if let Ok(w) = writer.written_list.lock()
            && !w.is_empty()
        {
            documents_written(&w);
        }
        // The site's pages before the PDFs: a PDF that cannot be made
        // leaves every other output in place.
        let index = early_site.unwrap_or_else(|| {
            let by_id: HashMap<&str, &String> = docs
                .iter()
                .zip(&hashes)
                .filter_map(|(d, h)| match d {
                    Doc::Bulletin { id, .. } => Some((*id, h)),
                    _ => None,
                })
                .collect();
            let prior = |id: &str| prior_rows.as_ref()?.get(*by_id.get(id)?).cloned();
            SiteIndex::make(plan, &paths, templates, opts, &prior, prior_pages.clone())
        });
        let site = SiteInputs {
            docs: &docs,
            hashes: &hashes,
            index,
            kept_rows: prior_rows.is_some(),
        };
        let rendered = render_site(&site, templates, opts, &writer);
        pages = site.index.as_ref().and_then(|i| i.pages.clone());
        // The index's data is large, and not read again.
        discard(site.index);
        (site_hash, rows) = rendered?;
        let pdfs = render_pdfs(plan, &docs, &changed, templates, opts, &writer)?;
        writer.progress_done();
        Ok(pdfs)
    })();
    let pdfs = match written {
        Ok(pdfs) => pdfs,
        Err(e) => {
            // What was written is ours: record it (with the old input
            // hashes, so its documents are rendered again) and the next
            // build replaces it instead of calling it foreign.
            let mut partial = before.manifest.clone();
            partial.version = manifest::version();
            partial.files.extend(writer.take_entries());
            match session {
                Some(s) => s.manifest = Some(partial),
                None => {
                    let _ = manifest::write(out, &partial, None);
                }
            }
            return Err(e);
        }
    };
    let entries = writer.take_entries();
    let (written, same) = (
        writer.written.load(Ordering::Relaxed),
        writer.same.load(Ordering::Relaxed),
    );
    let mut changed_files: Vec<String> = writer.written_list.lock().map(|w| w.clone()).unwrap_or_default();
    drop(writer);
    let Before {
        manifest: old,
        mut base,
        state,
        tree,
        ..
    } = before;
    let (new, old, manifest_same) =
        next_manifest(&docs, &hashes, &changed, (old, base.as_mut()), opts, site_hash, entries);
    // `old` holds what the new manifest did not take over.
    let removed_files = prune(out, &old, &new);
    let removed = removed_files.len();
    changed_files.extend(removed_files);
    changed_files.sort();
    let report = BuildReport {
        documents: docs.len(),
        rendered: changed.len(),
        skipped: docs.len() - changed.len(),
        pdfs,
        written,
        unchanged: same,
        removed,
        changed_files,
    };
    match session {
        Some(s) => {
            s.manifest = Some(new);
            s.rows = rows;
            s.careers = Some(careers);
            s.pages = pages;
            discard((old, state, tree));
        }
        None => {
            let recorded = fresh::Recorded {
                state: &state,
                dirs: &tree.dirs,
                changed: &report.changed_files,
            };
            // The stamps are made while the manifest is written.
            let (wrote, stamps) = rayon::join(
                || write_manifest(out, &new, base.as_ref(), manifest_same),
                || fresh::stamps(ws, opts, &new, &recorded, report.documents),
            );
            wrote?;
            // Without stamps the next build takes the full path, so a
            // failure to record them is not an error.
            let _ = fresh::record(out, stamps);
            discard((old, state, tree, new, rows, careers, hashes));
        }
    }
    Ok(report)
}

/// Whether the process ends with the build ([`ends_with_process`]).
static ENDS_WITH_PROCESS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Say that the process ends when the build does (the `build` command):
/// what the build no longer needs is then left to the process's end
/// instead of freed piece by piece ([`discard`]).
pub fn ends_with_process() {
    ENDS_WITH_PROCESS.store(true, Ordering::Relaxed);
}

/// Drop `value` on another thread: freeing the maps of a 10,000-class
/// build's 100,000 output files takes tens of milliseconds the build need
/// not wait for. Not freed at all when the process ends with the build
/// (the thread would only take a core from the build's last steps).
fn discard<T: Send + 'static>(value: T) {
    if ENDS_WITH_PROCESS.load(Ordering::Relaxed) {
        std::mem::forget(value);
        return;
    }
    // When no thread can be started, the value is dropped here.
    let _ = std::thread::Builder::new()
        .name("discard".into())
        .spawn(move || drop(value));
}

fn refuse_errors(ws: &Workspace) -> Result<(), BuildError> {
    if ws.has_errors() {
        return Err(BuildError::diags(
            ws.diagnostics.iter().filter(|d| d.is_error()).cloned().collect(),
        ));
    }
    Ok(())
}

/// The manifest's document key of the site's own files (never a document's:
/// those are `class:`, `bulletin:` or `model:` keys).
const SITE: &str = "site";

/// The output directory as the last build left it.
struct Before {
    manifest: Manifest,
    /// The manifest as it is on disk, when it is this version's: what
    /// the next one is written as changes to.
    base: Option<manifest::Base>,
    /// The manifest of another version of classplan (not trusted for
    /// anything else): its files are ours to replace too.
    older: Option<Manifest>,
    /// The directories, and the files when walked (see `listed`).
    tree: OutTree,
    /// The directory holds exactly the manifest's files (none of its
    /// directories changed since the last build): `tree.files` is not made.
    listed: bool,
    /// Each output file's stat when the last build ended and now.
    state: fresh::OutputState,
    /// The manifest was kept by the session that wrote every file it
    /// lists: each is taken to be as written.
    kept: bool,
    /// The documents of which a file the manifest lists is not as it
    /// records (changed, missing): they are rendered again.
    damaged: HashSet<String>,
    /// The site's own HTML pages the manifest lists.
    site_pages: Vec<String>,
}

impl Before {
    fn read(out: &std::path::Path) -> Before {
        let (raw, base) = manifest::read_base(out);
        let (manifest, older) = if raw.version == manifest::version() {
            (raw, None)
        } else {
            (Manifest::default(), Some(raw))
        };
        let state = fresh::OutputState::read(out, &manifest);
        // When no output directory changed since the last build, it holds
        // exactly what its manifest lists; otherwise walk it.
        let (tree, listed) = match &state.intact_dirs {
            Some(dirs) if !manifest.files.is_empty() => (
                OutTree {
                    files: Default::default(),
                    dirs: dirs.keys().cloned().collect(),
                },
                true,
            ),
            _ => (manifest::scan(out), false),
        };
        let damaged = state
            .differing()
            .filter_map(|rel| Some(manifest.files.get(rel)?.doc.clone()))
            .collect();
        Before {
            state,
            site_pages: site_pages(&manifest),
            manifest,
            base,
            older,
            tree,
            listed,
            kept: false,
            damaged,
        }
    }

    /// The output directory as a [`Session`]'s last build left it: what
    /// its manifest lists (the tree is not walked, and not copied: `kept`
    /// answers from the manifest; nothing else is in the directory).
    fn kept(manifest: Manifest) -> Before {
        Before {
            site_pages: site_pages(&manifest),
            manifest,
            base: None,
            older: None,
            tree: OutTree::default(),
            listed: true,
            state: fresh::OutputState::default(),
            kept: true,
            damaged: HashSet::default(),
        }
    }

    /// Whether some version of classplan wrote the file at `rel` (it is
    /// ours to replace).
    fn owned(&self, rel: &str) -> bool {
        self.manifest.files.contains_key(rel) || self.older.as_ref().is_some_and(|m| m.files.contains_key(rel))
    }

    /// Whether the output directory holds a file at `rel`.
    fn holds(&self, rel: &str) -> bool {
        match self.listed {
            true => self.manifest.files.contains_key(rel),
            false => self.tree.files.contains(rel),
        }
    }

    /// Whether the file at `rel`, which the manifest lists, is still what
    /// the last build wrote: it exists, and its size and time are those
    /// the manifest records.
    fn intact(&self, rel: &str) -> bool {
        self.kept || self.state.as_recorded(rel)
    }
}

/// The documents to render: new or changed inputs, or files on disk that
/// are missing or no longer what was written.
fn changed(docs: &[Doc], hashes: &[String], before: &Before) -> Vec<usize> {
    (0..docs.len())
        .into_par_iter()
        .filter(|&i| {
            let key = docs[i].key();
            // In a session every file the manifest lists is as written.
            before.manifest.inputs.get(&key) != Some(&hashes[i]) || before.damaged.contains(&key)
        })
        .collect()
}

/// Render the first changed document of each kind in every format (PDF
/// included) before anything is written: a template error stops the build
/// with the output directory untouched.
fn preflight(
    plan: &Plan,
    docs: &[Doc],
    changed: &[usize],
    templates: &Templates,
    opts: &BuildOptions,
) -> Result<(), BuildError> {
    for want_class in [true, false] {
        let Some(&i) = changed
            .iter()
            .find(|&&i| matches!(docs[i], Doc::Class { .. }) == want_class)
        else {
            continue;
        };
        let Some(view) = docs[i].view(plan, opts.as_of, opts.base_url.as_deref()) else {
            continue;
        };
        let (_, task) = crate::render::render_doc(templates, view.as_doc(), &opts.formats)
            .map_err(|d| BuildError::diags(vec![d]))?;
        if let Some(task) = task
            && let Some(Err(ds)) =
                crate::render::pdf::compile_all(templates, std::slice::from_ref(&task), 1, &|| {}).pop()
        {
            return Err(BuildError::diags(ds));
        }
    }
    Ok(())
}

/// Never replace a file classplan did not write (the user's own
/// index.html in `--out .`) unless asked to.
fn refuse_foreign(
    plan: &crate::model::Plan,
    docs: &[Doc],
    changed: &[usize],
    before: &Before,
    opts: &BuildOptions,
) -> Result<(), BuildError> {
    if opts.force {
        return Ok(());
    }
    let site = crate::render::index::site_files(plan, opts.base_url.as_deref(), &opts.formats);
    let mut foreign: Vec<String> = changed
        .iter()
        .flat_map(|&i| crate::render::planned_files(&docs[i].path(), &opts.formats))
        .chain(site)
        .filter(|rel| before.holds(rel) && !before.owned(rel))
        .collect();
    foreign.sort();
    foreign.dedup();
    if foreign.is_empty() {
        return Ok(());
    }
    let shown: Vec<&str> = foreign.iter().take(5).map(String::as_str).collect();
    Err(BuildError::Io(anyhow::anyhow!(
        "{} already holds {} file{} classplan did not write ({}{}); nothing was written. Build into another directory, or use --force to replace them",
        opts.out.display(),
        foreign.len(),
        if foreign.len() == 1 { "" } else { "s" },
        shown.join(", "),
        if foreign.len() > 5 { ", ..." } else { "" }
    )))
}

/// Writes outputs, skipping those whose bytes are already on disk, and
/// collects the manifest entries.
struct Writer<'a> {
    out: &'a OutDir,
    before: &'a Before,
    written: AtomicUsize,
    same: AtomicUsize,
    written_list: Mutex<Vec<String>>,
    entries: Mutex<Vec<(String, ManifestFile)>>,
    progress: Progress,
}

impl<'a> Writer<'a> {
    fn new(out: &'a OutDir, before: &'a Before, progress: Feedback, total: usize) -> Self {
        Writer {
            out,
            before,
            written: AtomicUsize::new(0),
            same: AtomicUsize::new(0),
            written_list: Mutex::new(Vec::new()),
            entries: Mutex::new(Vec::new()),
            progress: Progress::new(progress, total),
        }
    }

    fn write(&self, doc: &str, o: Output) -> Result<(), BuildError> {
        let h = manifest::hash(&o.bytes);
        let unchanged = self
            .before
            .manifest
            .files
            .get(&o.rel)
            .filter(|f| f.hash == h && self.before.intact(&o.rel));
        let mtime = match unchanged {
            Some(f) => {
                self.same.fetch_add(1, Ordering::Relaxed);
                f.mtime
            }
            None => {
                self.out.write(&o.rel, &o.bytes).map_err(BuildError::Io)?;
                self.written.fetch_add(1, Ordering::Relaxed);
                if let Ok(mut w) = self.written_list.lock() {
                    w.push(o.rel.clone());
                }
                // The time the manifest records (no time: never taken for
                // intact, so rendered again next time).
                std::fs::symlink_metadata(self.out.root().join(&o.rel)).map_or(0, |m| crate::load::stat(&m).1)
            }
        };
        let entry = ManifestFile {
            hash: h,
            len: o.bytes.len() as u64,
            mtime,
            doc: doc.to_string(),
            format: Some(o.format),
        };
        if let Ok(mut e) = self.entries.lock() {
            e.push((o.rel, entry));
        }
        Ok(())
    }

    /// Files of the last build that stay as they are without being
    /// rendered again: counted as unchanged, listed in the new manifest.
    fn keep(&self, files: &[&String]) {
        self.same.fetch_add(files.len(), Ordering::Relaxed);
        if let Ok(mut e) = self.entries.lock() {
            e.extend(
                files
                    .iter()
                    .filter_map(|rel| Some(((*rel).clone(), self.before.manifest.files.get(*rel)?.clone()))),
            );
        }
    }

    /// A diagnostics error with the files written so far.
    fn stopped(&self, diagnostics: Vec<Diagnostic>) -> BuildError {
        BuildError::Diagnostics {
            diagnostics,
            written: self.written_list.lock().map(|w| w.clone()).unwrap_or_default(),
        }
    }

    fn take_entries(&self) -> Vec<(String, ManifestFile)> {
        self.entries
            .lock()
            .map(|mut e| std::mem::take(&mut *e))
            .unwrap_or_default()
    }

    fn progress_done(&self) {
        self.progress.finish();
    }
}

/// Render and write the changed documents' text formats, in parallel, as
/// they come (memory stays flat whatever the plan's size).
fn render_text(
    plan: &Plan,
    docs: &[Doc],
    changed: &[usize],
    templates: &Templates,
    opts: &BuildOptions,
    w: &Writer,
) -> Result<(), BuildError> {
    let text: BTreeSet<OutputFormat> = opts
        .formats
        .iter()
        .copied()
        .filter(|f| *f != OutputFormat::Pdf)
        .collect();
    changed.par_iter().try_for_each(|&i| {
        let Some(view) = docs[i].view(plan, opts.as_of, opts.base_url.as_deref()) else {
            return Ok(());
        };
        let (outs, _) = crate::render::render_doc(templates, view.as_doc(), &text).map_err(|d| w.stopped(vec![d]))?;
        let key = docs[i].key();
        for o in outs {
            w.write(&key, o)?;
        }
        w.progress.tick();
        Ok(())
    })
}

/// Compile and write the changed documents' PDFs, in chunks (only a few
/// documents' data and PDFs in memory at once). Returns how many.
fn render_pdfs(
    plan: &Plan,
    docs: &[Doc],
    changed: &[usize],
    templates: &Templates,
    opts: &BuildOptions,
    w: &Writer,
) -> Result<usize, BuildError> {
    if !opts.formats.contains(&OutputFormat::Pdf) {
        return Ok(0);
    }
    let threads = if opts.pdf_threads == 0 {
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2)
    } else {
        opts.pdf_threads
    };
    let only_pdf: BTreeSet<OutputFormat> = [OutputFormat::Pdf].into();
    let mut count = 0;
    let mut errors = Vec::new();
    w.progress.phase("compiling PDFs of", changed.len());
    for chunk in changed.chunks(16 * threads) {
        // A document whose PDF task cannot be prepared is an error of the
        // build, never a PDF silently missing.
        let prepared: Vec<Result<(String, PdfTask), Diagnostic>> = chunk
            .par_iter()
            .filter_map(|&i| {
                let view = docs[i].view(plan, opts.as_of, opts.base_url.as_deref())?;
                match crate::render::render_doc(templates, view.as_doc(), &only_pdf) {
                    Ok((_, task)) => task.map(|t| Ok((docs[i].key(), t))),
                    Err(d) => Some(Err(d)),
                }
            })
            .collect();
        let mut prep_errors = Vec::new();
        let (mut keys, mut jobs): (Vec<String>, Vec<PdfTask>) = (Vec::new(), Vec::new());
        for p in prepared {
            match p {
                Ok((k, t)) => {
                    keys.push(k);
                    jobs.push(t);
                }
                Err(d) => prep_errors.push(d),
            }
        }
        if !prep_errors.is_empty() {
            return Err(w.stopped(prep_errors));
        }
        let pdfs = crate::render::pdf::compile_all(templates, &jobs, threads, &|| w.progress.tick());
        for ((key, task), r) in keys.into_iter().zip(jobs).zip(pdfs) {
            match r {
                Ok(bytes) => {
                    count += 1;
                    w.write(
                        &key,
                        Output {
                            rel: task.rel,
                            format: OutputFormat::Pdf,
                            bytes,
                        },
                    )?;
                }
                Err(ds) => errors.extend(ds),
            }
        }
    }
    // Every PDF that could be made is written; the others are errors.
    if !errors.is_empty() {
        return Err(w.stopped(errors));
    }
    Ok(count)
}

/// The site's own files: the questionnaire schema (with JSON), and with
/// HTML the listing pages, the career paths page and data, the sitemap and
/// the assets. Those are rendered only when what they are made from
/// ([`crate::render::index::SiteData`]) changed since the last build or
/// one of them is not what it wrote; returns the data's hash (`None`
/// without HTML).
/// What the site's own pages are made from, besides the plan.
struct SiteInputs<'a> {
    docs: &'a [Doc<'a>],
    /// Each document's input hash.
    hashes: &'a [String],
    /// The index's data (none without HTML).
    index: Option<SiteIndex>,
    /// Whether the rows are kept for a session's next build.
    kept_rows: bool,
}

/// The data of the site's own pages (index, search, map), with its hash
/// and the bulletins' index rows.
struct SiteIndex {
    rows: Vec<(String, String, Arc<BulletinSummary>)>,
    data: crate::render::index::SiteData,
    hash: String,
    /// The paths page's data with its key, for a session.
    pages: Option<(blake3::Hash, Arc<CareerPages>)>,
}

impl SiteIndex {
    /// The index of `plan` (none without HTML); `prior` gives a bulletin's
    /// row a session's last build made, by bulletin id, when its inputs
    /// are the same. With `prior_pages` (a session's: `Some`, holding the
    /// last build's paths page data if any), that data is taken when its
    /// key is the same, and the data used is kept with its key.
    fn make(
        plan: &Plan,
        paths: &crate::derive::paths::Paths,
        templates: &Templates,
        opts: &BuildOptions,
        prior: &(dyn Fn(&str) -> Option<Arc<BulletinSummary>> + Sync),
        prior_pages: Option<Option<(blake3::Hash, Arc<CareerPages>)>>,
    ) -> Option<SiteIndex> {
        if !opts.formats.contains(&OutputFormat::Html) {
            return None;
        }
        // In the documents' order (`plan::documents_kept`).
        let bulletins: Vec<(&String, &crate::model::Loaded<crate::model::Bulletin>)> = plan.bulletins.iter().collect();
        let rows: Vec<(String, String, Arc<BulletinSummary>)> = bulletins
            .par_iter()
            .filter_map(|(id, b)| {
                let jurisdiction = crate::model::ClassKey::parse(&b.class)
                    .map(|k| k.jurisdiction)
                    .unwrap_or_default();
                prior(id)
                    .or_else(|| crate::render::view::bulletin_summary(plan, b, opts.as_of).map(Arc::new))
                    .map(|v| (jurisdiction, id.to_string(), v))
            })
            .collect();
        let lint_report = opts.out.join(LINT_REPORT).is_file();
        let mut pages = None;
        let career = || match prior_pages {
            None => Arc::new(CareerPages::make(plan, paths)),
            Some(last) => {
                let key = CareerPages::key(plan, paths);
                let made = match last {
                    Some((k, p)) if k == key => p,
                    _ => Arc::new(CareerPages::make(plan, paths)),
                };
                pages = Some((key, made.clone()));
                made
            }
        };
        let data =
            crate::render::index::SiteData::new(plan, &rows, opts.as_of, opts.base_url.as_deref(), lint_report, career);
        let hash = data.hash(templates, &opts.formats);
        Some(SiteIndex {
            rows,
            data,
            hash,
            pages,
        })
    }
}

/// The site's own pages; the site's hash (none without HTML) and the
/// bulletins' index rows by input hash.
fn render_site(
    site: &SiteInputs,
    templates: &Templates,
    opts: &BuildOptions,
    w: &Writer,
) -> Result<(Option<String>, IndexRows), BuildError> {
    if opts.formats.contains(&OutputFormat::Json) {
        // What every questions.json names as its `$schema`.
        w.write(
            SITE,
            crate::render::Output {
                rel: crate::render::questions::SCHEMA_REL.to_string(),
                format: OutputFormat::Json,
                bytes: crate::render::questions::schema_text().into_bytes(),
            },
        )?;
    }
    let Some(SiteIndex { rows, data, hash, .. }) = &site.index else {
        return Ok((None, IndexRows::default()));
    };
    // Kept by a session only.
    let keep = || -> IndexRows {
        if !site.kept_rows {
            return IndexRows::default();
        }
        let by_id: HashMap<&str, &Arc<BulletinSummary>> = rows.iter().map(|(_, id, v)| (id.as_str(), v)).collect();
        site.docs
            .iter()
            .zip(site.hashes)
            .filter_map(|(d, hash)| match d {
                Doc::Bulletin { id, .. } => by_id.get(&**id).map(|v| (hash.clone(), Arc::clone(v))),
                _ => None,
            })
            .collect()
    };
    let before = w.before;
    let html_files: Vec<&String> = before.site_pages.iter().collect();
    if before.manifest.inputs.get(SITE) == Some(hash)
        && !html_files.is_empty()
        && html_files.iter().all(|rel| before.intact(rel))
    {
        w.keep(&html_files);
        return Ok((Some(hash.clone()), keep()));
    }
    let outs = crate::render::index::render(templates, data).map_err(|d| w.stopped(vec![d]))?;
    for o in outs {
        w.write(SITE, o)?;
    }
    Ok((Some(hash.clone()), keep()))
}

/// The manifest after this build, made from the last one in place: this
/// build's files, the files of unchanged documents, and files of formats
/// not built this time whose document still exists. Returns it, the files
/// of the last one it no longer lists (to be pruned), and whether it is
/// the last one unchanged (then it is not written again).
fn next_manifest(
    docs: &[Doc],
    hashes: &[String],
    changed: &[usize],
    (old, mut base): (Manifest, Option<&mut manifest::Base>),
    opts: &BuildOptions,
    site_hash: Option<String>,
    entries: Vec<(String, ManifestFile)>,
) -> (Manifest, BTreeMap<String, ManifestFile>, bool) {
    let mut m = old;
    let mut same = m.version == manifest::version();
    m.version = manifest::version();
    // What differs from the manifest on disk is noted in `base`.
    let mut input_set = |m: &mut Manifest, key: &str, hash: Option<&String>| {
        let differs = match hash {
            Some(h) => m.inputs.insert(key.to_string(), h.clone()).as_ref() != Some(h),
            None => m.inputs.remove(key).is_some(),
        };
        if differs && let Some(b) = base.as_deref_mut() {
            b.input_changed(key);
        }
        !differs
    };
    // An unchanged document's input hash is the one recorded (that is
    // what unchanged means): only those rendered now are set.
    let rendered_keys: Vec<String> = changed.iter().map(|&i| docs[i].key()).collect();
    for (key, &i) in rendered_keys.iter().zip(changed) {
        same &= input_set(&mut m, key, Some(&hashes[i]));
    }
    same &= input_set(&mut m, SITE, site_hash.as_ref());
    // Documents of the last build that are gone: with every document's key
    // in the inputs, there are more keys than documents.
    let keys: Vec<String> = docs.par_iter().map(Doc::key).collect();
    let live: HashSet<&str> = keys.iter().map(String::as_str).chain([SITE]).collect();
    let site = usize::from(m.inputs.contains_key(SITE));
    if m.inputs.len() != docs.len() + site {
        same = false;
        let gone: Vec<String> = m
            .inputs
            .keys()
            .filter(|k| !live.contains(k.as_str()))
            .cloned()
            .collect();
        for key in gone {
            input_set(&mut m, &key, None);
        }
    }
    // One pass over the last build's files: a file of a document rendered
    // now (the site's pages included) in a format built now, or of a
    // document that is gone, is taken out; what the render made comes
    // from `entries`.
    let rendered: HashSet<&str> = rendered_keys.iter().map(String::as_str).chain([SITE]).collect();
    let mut dropped = BTreeMap::new();
    m.files.retain(|rel, f| {
        // A file of a document no longer built goes, whether or not its
        // document has inputs recorded (a build stopped by an error
        // records the files it wrote, not their documents' inputs).
        let keep = live.contains(f.doc.as_str())
            && (!rendered.contains(f.doc.as_str()) || f.format.is_some_and(|fm| !opts.formats.contains(&fm)));
        if !keep {
            dropped.insert(rel.clone(), f.clone());
        }
        keep
    });
    for (rel, f) in entries {
        let differs = dropped.remove(&rel).as_ref() != Some(&f);
        if differs && let Some(b) = base.as_deref_mut() {
            b.file_changed(&rel);
        }
        same &= !differs;
        m.files.insert(rel, f);
    }
    same &= dropped.is_empty();
    if let Some(b) = base {
        for rel in dropped.keys() {
            b.file_changed(rel);
        }
    }
    (m, dropped, same)
}

/// Remove what classplan wrote before and no longer produces.
fn prune(out: &OutDir, dropped: &BTreeMap<String, ManifestFile>, new: &Manifest) -> Vec<String> {
    dropped
        .keys()
        .filter(|rel| !new.files.contains_key(*rel) && crate::write::safe_rel(rel))
        .filter(|rel| out.remove(rel).unwrap_or(false))
        .cloned()
        .collect()
}

/// Write `m`, unless it is the manifest on disk (`same`: made from it,
/// unchanged): as its changes to `base` when it can ([`manifest::write`]).
fn write_manifest(out: &OutDir, m: &Manifest, base: Option<&manifest::Base>, same: bool) -> Result<(), BuildError> {
    if !same || !out.root().join(MANIFEST).is_file() {
        manifest::write(out, m, base).map_err(BuildError::Io)?;
    }
    // An older version's manifest: the new one lists everything it did.
    let _ = out.remove(manifest::LEGACY_MANIFEST);
    Ok(())
}

/// Render every document's text formats in memory, writing nothing (for
/// the benchmark: the renderer's speed without the file system's).
/// Returns documents, files and bytes rendered.
pub fn render_in_memory(
    ws: &Workspace,
    formats: &BTreeSet<OutputFormat>,
    as_of: NaiveDate,
) -> Result<(usize, usize, usize), Vec<Diagnostic>> {
    let templates = &crate::templates(ws)?;
    plan::documents(&ws.plan)
        .par_iter()
        .map(|d| {
            let Some(view) = d.view(&ws.plan, as_of, None) else {
                return Ok((0, 0, 0));
            };
            let (outs, _) = crate::render::render_doc(templates, view.as_doc(), formats)?;
            Ok((1, outs.len(), outs.iter().map(|o| o.bytes.len()).sum::<usize>()))
        })
        .try_reduce(|| (0, 0, 0), |a, b| Ok((a.0 + b.0, a.1 + b.1, a.2 + b.2)))
        .map_err(|d| vec![d])
}

/// Every PDF the plan would produce (for checks that read PDF text).
pub fn pdf_tasks(ws: &Workspace, as_of: NaiveDate) -> Vec<PdfTask> {
    let Ok(templates) = crate::templates(ws) else {
        return Vec::new();
    };
    let templates = &templates;
    let only_pdf: BTreeSet<OutputFormat> = [OutputFormat::Pdf].into();
    plan::documents(&ws.plan)
        .iter()
        .filter_map(|d| {
            let view = d.view(&ws.plan, as_of, None)?;
            crate::render::render_doc(templates, view.as_doc(), &only_pdf).ok()?.1
        })
        .collect()
}

/// How a build reports progress on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feedback {
    /// Nothing (tests, `--quiet`).
    Silent,
    /// A progress bar (a terminal), once the build has run half a second.
    Bar,
    /// Phase lines and a count every ten seconds (a CI log, `--verbose`),
    /// for builds with more than a handful of documents.
    Lines,
}

/// Progress of the build: the documents rendered, then the PDFs compiled.
pub struct Progress {
    mode: Feedback,
    done: AtomicUsize,
    start: std::time::Instant,
    bar: Mutex<Option<indicatif::ProgressBar>>,
    last_line: Mutex<std::time::Instant>,
    phase: Mutex<&'static str>,
}

/// Builds of fewer documents say nothing until they are done.
const QUIET_BELOW: usize = 50;

impl Progress {
    pub fn new(mode: Feedback, total: usize) -> Self {
        let now = std::time::Instant::now();
        let p = Progress {
            mode: if total < QUIET_BELOW { Feedback::Silent } else { mode },
            done: AtomicUsize::new(0),
            start: now,
            bar: Mutex::new(None),
            last_line: Mutex::new(now),
            phase: Mutex::new(""),
        };
        p.phase("rendering", total);
        p
    }

    /// A new phase over `total` items: "rendering", "compiling PDFs".
    pub fn phase(&self, name: &'static str, total: usize) {
        self.done.store(0, Ordering::Relaxed);
        if let Ok(mut p) = self.phase.lock() {
            *p = name;
        }
        match self.mode {
            Feedback::Silent => {}
            Feedback::Lines => eprintln!(
                "classplan: {name} {total} documents ({:.1} s)",
                self.start.elapsed().as_secs_f64()
            ),
            Feedback::Bar => {
                if let Ok(mut b) = self.bar.lock() {
                    if let Some(old) = b.take() {
                        old.finish_and_clear();
                    }
                    let bar = indicatif::ProgressBar::with_draw_target(
                        Some(total as u64),
                        indicatif::ProgressDrawTarget::stderr(),
                    );
                    if let Ok(style) = indicatif::ProgressStyle::with_template("  {msg} {bar:30} {pos}/{len} ({eta})") {
                        bar.set_style(style);
                    }
                    bar.set_message(name);
                    *b = Some(bar);
                }
            }
        }
    }

    pub fn tick(&self) {
        let n = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        match self.mode {
            Feedback::Silent => {}
            Feedback::Bar => {
                if self.start.elapsed().as_millis() > 500
                    && let Ok(b) = self.bar.lock()
                    && let Some(bar) = b.as_ref()
                {
                    bar.set_position(n as u64);
                }
            }
            Feedback::Lines => {
                if let Ok(mut last) = self.last_line.lock()
                    && last.elapsed().as_secs() >= 10
                {
                    *last = std::time::Instant::now();
                    let phase = self.phase.lock().map(|p| *p).unwrap_or("");
                    eprintln!(
                        "classplan:   {phase}: {n} done ({:.0} s)",
                        self.start.elapsed().as_secs_f64()
                    );
                }
            }
        }
    }

    pub fn finish(&self) {
        if let Ok(mut b) = self.bar.lock()
            && let Some(bar) = b.take()
        {
            bar.finish_and_clear();
        }
    }
}

/// Where `lint --report` writes its page (the index links it when present).
pub const LINT_REPORT: &str = "lint/index.html";

/// Write the lint report (`lint/index.html`, `lint/lint.json`) into the
/// output directory `dir`; returns the page's path.
pub fn write_lint_report(
    ws: &Workspace,
    report: &crate::lint::report::Report,
    dir: &std::path::Path,
) -> anyhow::Result<PathBuf> {
    let out = OutDir::create(dir)?;
    let _lock = out.lock()?;
    let templates = crate::templates(ws).map_err(|d| {
        anyhow::anyhow!(
            "the templates have errors: {}",
            d.first().map(|d| d.message.clone()).unwrap_or_default()
        )
    })?;
    // One budget on the page: the jurisdictions' own when they agree.
    let budgets: BTreeSet<String> = ws
        .plan
        .jurisdictions
        .values()
        .map(|j| j.def.lint.grade.unwrap_or(crate::lint::DEFAULT_GRADE).to_string())
        .collect();
    let budget = match budgets.len() {
        1 => budgets
            .first()
            .and_then(|b| b.parse().ok())
            .unwrap_or(crate::lint::DEFAULT_GRADE),
        _ => crate::lint::DEFAULT_GRADE,
    };
    let site_index = dir.join("index.html").is_file();
    let files = crate::render::lint_report::render(report, &templates, site_index, budget)
        .map_err(|d| anyhow::anyhow!("{}", d.message))?;
    for (rel, bytes) in files {
        out.write(&rel, &bytes)?;
    }
    Ok(dir.join(LINT_REPORT))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A quiet HTML build into `out` as of `as_of`.
    fn html_only(out: std::path::PathBuf, as_of: NaiveDate) -> BuildOptions {
        BuildOptions {
            out,
            formats: [OutputFormat::Html].into_iter().collect(),
            as_of,
            pdf_threads: 1,
            feedback: Feedback::Silent,
            force: false,
            base_url: None,
            drafts: false,
        }
    }

    /// A session takes the last paths page data while its key is the same
    /// (a duty's words changed), and makes it again when it is not (a
    /// class retitled).
    #[test]
    fn a_session_keeps_the_paths_page_while_its_key_is_the_same() {
        let tmp = tempfile::tempdir().unwrap();
        let ws = tmp.path().join("ws");
        let spec = crate::bench::generate::CorpusSpec {
            classes: 12,
            bulletins: 6,
            jurisdictions: 1,
            seed: 3,
        };
        crate::bench::generate::generate(&spec, &ws).unwrap();
        let opts = html_only(tmp.path().join("out"), NaiveDate::from_ymd_opt(2025, 1, 1).unwrap());
        let mut session = Session::default();
        let mut build = || {
            build_in(&crate::check(&ws), &opts, Some(&mut session), &|_| {}).unwrap();
            session.pages.clone().expect("a session keeps the paths page")
        };
        let first = build();
        let class = walkdir::WalkDir::new(ws.join("specs"))
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| e.into_path())
            .find(|p| p.to_string_lossy().contains("/classes/"))
            .unwrap();
        let text = std::fs::read_to_string(&class).unwrap();
        let duty = text.replacen("duties = [\n", "duties = [\n  \"Reviews item 9 for accuracy;\",\n", 1);
        assert_ne!(duty, text);
        std::fs::write(&class, &duty).unwrap();
        let second = build();
        assert_eq!(second.0, first.0);
        assert!(Arc::ptr_eq(&second.1, &first.1), "the paths page was made again");
        let title = duty
            .lines()
            .map(|l| match l.starts_with("title = ") {
                true => "title = \"Retitled Analyst\"".to_string(),
                false => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(&class, title + "\n").unwrap();
        let third = build();
        assert_ne!(third.0, second.0);
        assert!(!Arc::ptr_eq(&third.1, &second.1));
    }

    fn file(doc: &str) -> ManifestFile {
        ManifestFile {
            hash: "0".repeat(32),
            len: 1,
            mtime: 1,
            doc: doc.to_string(),
            format: Some(OutputFormat::Html),
        }
    }

    /// The next manifest keeps the files of unchanged documents and drops
    /// those of documents no longer built, including one whose inputs the
    /// manifest never recorded (a build stopped by an error records the
    /// files it wrote, not their documents' inputs): its files are pruned.
    #[test]
    fn files_of_documents_no_longer_built_are_dropped() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let ws = crate::check(root);
        let docs = plan::documents(&ws.plan);
        let hashes: Vec<String> = (0..docs.len()).map(|i| format!("{i:032x}")).collect();
        let mut old = Manifest {
            version: manifest::version(),
            ..Default::default()
        };
        for (d, h) in docs.iter().zip(&hashes) {
            old.inputs.insert(d.key(), h.clone());
            old.files.insert(format!("{}.html", d.key()), file(&d.key()));
        }
        // Recorded with its inputs, and gone.
        old.inputs.insert("class:gone/1".into(), "1".repeat(32));
        old.files.insert("gone/1.html".into(), file("class:gone/1"));
        // Its files recorded, its inputs not, and gone.
        old.files.insert("stopped/2.html".into(), file("class:stopped/2"));
        let opts = html_only(
            std::path::PathBuf::from("out"),
            NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
        );
        // The old manifest on disk: the new one is written as its changes.
        let dir = tempfile::tempdir().unwrap();
        let out = OutDir::create(dir.path()).unwrap();
        manifest::write(&out, &old, None).unwrap();
        let (old, mut base) = manifest::read_base(dir.path());
        let (new, dropped, same) = next_manifest(&docs, &hashes, &[], (old, base.as_mut()), &opts, None, Vec::new());
        assert!(!same);
        assert_eq!(dropped.keys().collect::<Vec<_>>(), ["gone/1.html", "stopped/2.html"]);
        assert_eq!(new.files.len(), docs.len());
        assert!(!new.inputs.contains_key("class:gone/1"));
        assert_eq!(new.inputs.len(), docs.len());
        // The changes noted are what differs: the manifest read back is
        // the new one.
        manifest::write(&out, &new, base.as_ref()).unwrap();
        assert!(dir.path().join(manifest::MANIFEST_CHANGES).exists());
        assert_eq!(format!("{:?}", manifest::read(dir.path())), format!("{new:?}"));
        // Nothing changed since: the same manifest, not written again.
        let (again, dropped, same) = next_manifest(&docs, &hashes, &[], (new.clone(), None), &opts, None, Vec::new());
        assert!(same && dropped.is_empty());
        assert_eq!(format!("{again:?}"), format!("{new:?}"));
    }
}
