//! The rebuild loop: watch the workspace, check it, build what changed,
//! tell the pages.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use super::{Notice, Overlay, Shared, since};
use crate::render::OutputFormat;
use crate::site::{BuildError, BuildOptions, Feedback};

/// Changes closer together than this are one rebuild.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// Folders of the workspace whose changes rebuild the site.
const WATCHED: &[&str] = &["specs", "bulletins", "templates", "fonts"];

/// Check the workspace and build it into the output directory; tell the
/// pages what changed, or show them the errors.
pub(super) fn rebuild(shared: &Shared, feedback: Feedback, notice: &(dyn Fn(Notice) + Sync)) {
    let t = Instant::now();
    // Rebuilds run one at a time (the watcher's thread); the lock is only
    // for the compiler's sake.
    let ws = match shared.check_cache.lock() {
        Ok(mut cache) => crate::check_cached(&shared.root, Some(&mut cache)),
        Err(_) => crate::check(&shared.root),
    };
    if ws.has_errors() {
        let errors: Vec<_> = ws.diagnostics.iter().filter(|d| d.is_error()).cloned().collect();
        show_errors(shared, "check", &errors, &ws.sources);
        notice(Notice::Errors {
            ws: &ws,
            millis: since(t),
        });
        return;
    }
    let opts = BuildOptions {
        out: shared.out.clone(),
        formats: OutputFormat::ALL
            .into_iter()
            .filter(|f| *f != OutputFormat::Pdf)
            .collect(),
        as_of: shared.as_of,
        pdf_threads: 1,
        feedback,
        force: false,
        base_url: None,
        // A preview for the people who write the plan: drafts and proposed
        // documents are shown, marked as such.
        drafts: true,
    };
    // The pages of the documents that changed reload as soon as they are
    // written (the sources passed the check: the overlay goes); the
    // site's own pages and what was removed follow when the build ends.
    let announced: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let documents_written = |files: &[String]| {
        shared.reload(files, false);
        if let Ok(mut a) = announced.lock() {
            a.extend_from_slice(files);
        }
    };
    let mut session = shared.session.as_ref().and_then(|s| s.lock().ok());
    let built = crate::site::build_in(&ws, &opts, session.as_deref_mut(), &documents_written);
    drop(session);
    match built {
        Ok(report) => {
            let warnings = ws.diagnostics.len();
            let all = report
                .changed_files
                .iter()
                .any(|f| f.starts_with("assets/") || f.ends_with(".css") || f.ends_with(".js"));
            let announced: HashSet<String> = announced.into_inner().unwrap_or_default().into_iter().collect();
            let rest: Vec<String> = report
                .changed_files
                .iter()
                .filter(|f| !announced.contains(*f))
                .cloned()
                .collect();
            shared.reload(&rest, all);
            // PDFs of the new sources are compiled again on request. The
            // workspace they replace is dropped on a thread of its own
            // (freeing 10,000 classes takes tens of milliseconds).
            let old = shared.good.lock().ok().and_then(|mut g| g.replace(Arc::new(ws)));
            std::thread::spawn(move || drop(old));
            notice(Notice::Rebuilt {
                millis: since(t),
                changed: report.changed_files.len(),
                warnings,
            });
        }
        Err(BuildError::Diagnostics { diagnostics, .. }) => {
            show_errors(shared, "build", &diagnostics, &ws.sources);
            let mut ws = ws;
            ws.diagnostics = diagnostics;
            notice(Notice::Errors {
                ws: &ws,
                millis: since(t),
            });
        }
        Err(BuildError::Io(e)) => {
            let overlay = Overlay {
                errors: true,
                summary: "classplan build failed".into(),
                text: format!("{e:#}"),
            };
            shared.show(overlay);
            notice(Notice::Failed {
                message: format!("{e:#}"),
            });
        }
    }
}

/// Show `diagnostics` (of `check` or `build`) over every page, as `check`
/// prints them, with paths relative to the workspace.
fn show_errors(shared: &Shared, stage: &str, diagnostics: &[crate::diag::Diagnostic], sources: &crate::diag::Sources) {
    let opts = crate::diag::RenderOptions::plain();
    let text: String = diagnostics
        .iter()
        .map(|d| crate::diag::render(d, sources, &opts))
        .collect();
    let n = diagnostics.len();
    let overlay = Overlay {
        errors: true,
        summary: format!("classplan {stage}: {n} error{}", if n == 1 { "" } else { "s" }),
        text,
    };
    shared.show(overlay);
}

/// Whether a changed path is one the site is made from.
fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        // Canonical paths (macOS /private/var, symlinked roots).
        return true;
    };
    rel.components()
        .next()
        .and_then(|c| c.as_os_str().to_str())
        .is_some_and(|first| WATCHED.contains(&first))
}

/// Watch the workspace and rebuild after each burst of changes, on a
/// thread of its own (which owns the watcher). The debouncing is here, not
/// `notify-debouncer-mini`'s: that one drops the event kinds, and reading
/// the sources (a rebuild) must not count as a change.
pub(super) fn start(shared: Arc<Shared>, notice: super::NoticeFn) -> anyhow::Result<()> {
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx)?;
    // Watched and matched as an absolute path: the watcher reports paths
    // under it in that form whatever the root was given as (`.` by
    // default), and a path not under the root means "read everything".
    let root = std::path::absolute(&shared.root).unwrap_or_else(|_| shared.root.clone());
    // The root itself (not recursively), so that a folder created later
    // (templates/) is seen and then watched.
    watcher.watch(&root, RecursiveMode::NonRecursive)?;
    let mut watched: HashSet<PathBuf> = HashSet::new();
    watch_folders(&mut watcher, &root, &mut watched);
    // From here on the watcher reports every change to the source cache:
    // a rebuild reads only the files it names (the first one reads all,
    // for what changed before the watcher started).
    if let Ok(mut c) = shared.check_cache.lock() {
        c.sources.watching();
    }
    std::thread::spawn(move || {
        let changes = |ev: &notify::Result<notify::Event>| -> bool { note(&shared, &root, ev) };
        while let Ok(first) = rx.recv() {
            if shared.stop.load(Ordering::SeqCst) {
                break;
            }
            let mut changed = changes(&first);
            // A burst (an editor's save, a checkout) is one rebuild: wait
            // until the changes stop for a moment.
            while let Ok(more) = rx.recv_timeout(DEBOUNCE) {
                changed |= changes(&more);
            }
            watch_folders(&mut watcher, &root, &mut watched);
            if changed {
                rebuild(&shared, Feedback::Silent, &*notice);
                // What the rebuild itself caused (reading files) is not a change.
                let mut again = false;
                while let Ok(ev) = rx.try_recv() {
                    again |= changes(&ev);
                }
                if again {
                    // A real change during the rebuild: go round again.
                    rebuild(&shared, Feedback::Silent, &*notice);
                }
            }
        }
        drop(watcher);
    });
    Ok(())
}

/// Tell the source cache what an event changed; whether it changed
/// anything the site is made from. An error or an overflowed queue means
/// changes may have been missed: the next rebuild reads every file.
fn note(shared: &Shared, root: &Path, ev: &notify::Result<notify::Event>) -> bool {
    let Ok(e) = ev else {
        if let Ok(mut c) = shared.check_cache.lock() {
            c.sources.read_all();
        }
        return true;
    };
    if matches!(e.kind, EventKind::Access(_)) {
        return false;
    }
    let Ok(mut cache) = shared.check_cache.lock() else {
        return true;
    };
    if e.need_rescan() {
        cache.sources.read_all();
        return true;
    }
    let mut any = false;
    for p in e.paths.iter().filter(|p| relevant(root, p)) {
        any = true;
        if p.starts_with(root) {
            cache.sources.changed(&crate::load::rel_path(root, p));
        } else {
            // Not under the root as given (a canonical path): which file
            // it is is not known.
            cache.sources.read_all();
        }
    }
    any
}

/// Watch each of the workspace's folders that exists and is not watched yet.
fn watch_folders(w: &mut notify::RecommendedWatcher, root: &Path, watched: &mut HashSet<PathBuf>) {
    for dir in WATCHED {
        let p = root.join(dir);
        if !p.is_dir() {
            // Deleted: watch it again when it comes back.
            watched.remove(&p);
            continue;
        }
        if !watched.contains(&p) && w.watch(&p, RecursiveMode::Recursive).is_ok() {
            watched.insert(p);
        }
    }
}
