//! The rebuild loop: watch the workspace, check it, build what changed,
//! tell the pages.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};
use serde::Serialize;

use super::{Notice, Overlay, Shared, since};
use crate::render::OutputFormat;
use crate::site::{BuildError, BuildOptions, Feedback};

/// Changes closer together than this are one rebuild.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// Folders of the workspace whose changes rebuild the site.
const WATCHED: &[&str] = &["specs", "bulletins", "templates", "fonts"];

#[derive(Serialize)]
struct Reload<'a> {
    /// Pages (and other files) the rebuild wrote or removed.
    pages: &'a [String],
    /// A shared file changed (the stylesheet, a script): every page reloads.
    all: bool,
}

/// Check the workspace and build it into the output directory; tell the
/// pages what changed, or show them the errors.
pub(super) fn rebuild(shared: &Shared, feedback: Feedback, notice: &(dyn Fn(Notice) + Sync)) {
    let t = Instant::now();
    // Rebuilds run one at a time (the watcher's thread); the lock is only
    // for the compiler's sake.
    let ws = match shared.sources.lock() {
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
    let mut session = shared.session.as_ref().and_then(|s| s.lock().ok());
    let built = crate::site::build_in(&ws, &opts, session.as_deref_mut());
    drop(session);
    match built {
        Ok(report) => {
            let warnings = ws.diagnostics.len();
            if let Ok(mut o) = shared.overlay.lock() {
                *o = Overlay::default();
            }
            let all = report
                .changed_files
                .iter()
                .any(|f| f.starts_with("assets/") || f.ends_with(".css") || f.ends_with(".js"));
            shared.broadcast(
                "reload",
                &Reload {
                    pages: &report.changed_files,
                    all,
                },
            );
            // PDFs of the new sources are compiled again on request.
            if let Ok(mut g) = shared.good.lock() {
                *g = Some(Arc::new(ws));
            }
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
            shared.broadcast("errors", &overlay);
            if let Ok(mut o) = shared.overlay.lock() {
                *o = overlay;
            }
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
    shared.broadcast("errors", &overlay);
    if let Ok(mut o) = shared.overlay.lock() {
        *o = overlay;
    }
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
    // The root itself (not recursively), so that a folder created later
    // (templates/) is seen and then watched.
    watcher.watch(&shared.root, RecursiveMode::NonRecursive)?;
    let mut watched: HashSet<PathBuf> = HashSet::new();
    watch_folders(&mut watcher, &shared.root, &mut watched);
    std::thread::spawn(move || {
        let root = shared.root.clone();
        let changes = |ev: &notify::Result<notify::Event>| -> bool {
            ev.as_ref()
                .is_ok_and(|e| !matches!(e.kind, EventKind::Access(_)) && e.paths.iter().any(|p| relevant(&root, p)))
        };
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
                while let Ok(ev) = rx.try_recv() {
                    if changes(&ev) {
                        // A real change during the rebuild: go round again.
                        rebuild(&shared, Feedback::Silent, &*notice);
                        break;
                    }
                }
            }
        }
        drop(watcher);
    });
    Ok(())
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
