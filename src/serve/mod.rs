//! `classplan serve`: the site while you edit it.
//!
//! The workspace is built (text formats) into a private temporary
//! directory — never the workspace or `out/`, unless `--write` — by the
//! same incremental build as `classplan build`: only documents whose
//! inputs changed are rendered again. A watcher (`notify`, debounced;
//! editors' save-by-rename is one more event) rebuilds on every change
//! under `specs/`, `bulletins/`, `templates/` and `fonts/`, and a small
//! script in every page (`live.js`, over server-sent events) reloads the
//! pages the rebuild changed and shows the workspace's errors over the
//! last good page until they are fixed. PDFs are compiled on request and
//! kept by their input's hash.
//!
//! HTTP is `tiny_http` (loopback by default). Requests map to files of the
//! output directory only: the path is percent-decoded, every segment must
//! be a plain name (no `..`, `.`, backslash or NUL), and no symbolic link
//! is followed; anything else is a 404.

mod files;
mod watch;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use serde::Serialize;

use crate::load::Workspace;

/// The client script every served page loads.
const LIVE_JS: &str = include_str!("live.js");
const LIVE_TAG: &str = "<script src=\"/__classplan/live.js\" defer></script>";

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0: any free port.
    pub port: u16,
    pub as_of: NaiveDate,
    /// Build into the workspace's `out/` instead of a temporary directory.
    pub write: bool,
}

/// What `serve` tells its caller (the CLI prints it).
pub enum Notice<'a> {
    /// Serving at this address.
    Listening { url: String, out: &'a Path, loopback: bool },
    /// A rebuild finished: how long it took and the files it changed.
    Rebuilt {
        millis: u128,
        changed: usize,
        warnings: usize,
    },
    /// The workspace has errors: the last good build stays.
    Errors { ws: &'a Workspace, millis: u128 },
    /// The build failed for another reason (a template, the disk).
    Failed { message: String },
}

/// The errors shown over every page, as `check` prints them.
#[derive(Debug, Clone, Serialize, Default)]
struct Overlay {
    errors: bool,
    summary: String,
    text: String,
}

/// A compiled PDF and the hash of the input it was compiled from.
type CachedPdf = (blake3::Hash, Arc<Vec<u8>>);

/// What request handlers and the rebuild loop share.
struct Shared {
    root: PathBuf,
    out: PathBuf,
    as_of: NaiveDate,
    overlay: Mutex<Overlay>,
    /// Open event streams.
    clients: Mutex<Vec<mpsc::Sender<String>>>,
    /// The last workspace that built (for PDFs on request).
    good: Mutex<Option<Arc<Workspace>>>,
    pdfs: Mutex<HashMap<String, CachedPdf>>,
    /// What the last rebuild's check read, parsed and found, for the next.
    check_cache: Mutex<crate::CheckCache>,
    /// The last build's manifest, when serve alone writes the output
    /// directory (its temporary one; not with `--write`, where `build`
    /// may write `out/` too).
    session: Option<Mutex<crate::site::Session>>,
    /// Which files each rebuild changed, for a page that was served
    /// before a rebuild and opened its event stream after it.
    changes: Mutex<Changes>,
    stop: AtomicBool,
}

/// The rebuilds' changes: a number counting them, and for each file the
/// number of the last one that changed it.
#[derive(Default)]
struct Changes {
    generation: u64,
    /// The last rebuild that changed every page (a shared file).
    all: u64,
    files: HashMap<String, u64>,
}

impl Shared {
    /// Record that a rebuild changed `files` (every page with `all`), then
    /// tell the open pages.
    fn reload(&self, files: &[String], all: bool) {
        if let Ok(mut c) = self.changes.lock() {
            c.generation += 1;
            let generation = c.generation;
            if all {
                c.all = generation;
            }
            for f in files {
                c.files.insert(f.clone(), generation);
            }
        }
        #[derive(Serialize)]
        struct Reload<'a> {
            /// Pages (and other files) the rebuild wrote or removed.
            pages: &'a [String],
            /// A shared file changed (the stylesheet, a script): every page reloads.
            all: bool,
        }
        self.broadcast("reload", &Reload { pages: files, all });
    }

    /// The number of the last rebuild (what a page served now is as of).
    fn generation(&self) -> u64 {
        self.changes.lock().map(|c| c.generation).unwrap_or(0)
    }

    /// Whether a rebuild after `since` changed the file `page`.
    fn changed_since(&self, page: &str, since: u64) -> bool {
        self.changes
            .lock()
            .map(|c| c.all > since || c.files.get(page).is_some_and(|&g| g > since))
            .unwrap_or(true)
    }

    /// Send an event to every open page; forget pages that went away.
    fn broadcast(&self, event: &str, data: &impl Serialize) {
        let msg = format!(
            "event: {event}\ndata: {}\n\n",
            serde_json::to_string(data).unwrap_or_default()
        );
        if let Ok(mut c) = self.clients.lock() {
            c.retain(|tx| tx.send(msg.clone()).is_ok());
        }
    }
}

/// Who is told what `serve` does.
pub type NoticeFn = Arc<dyn Fn(Notice) + Send + Sync>;

/// Serve until interrupted (Ctrl-C). `notice` is told what happens;
/// `first_build` is the feedback of the first build.
pub fn serve(opts: &ServeOptions, first_build: crate::site::Feedback, notice: NoticeFn) -> anyhow::Result<()> {
    let temp;
    let out = if opts.write {
        opts.root.join("out")
    } else {
        temp = tempfile::Builder::new().prefix("classplan-serve-").tempdir()?;
        temp.path().to_path_buf()
    };
    let shared = Arc::new(Shared {
        root: opts.root.clone(),
        out: out.clone(),
        as_of: opts.as_of,
        overlay: Mutex::new(Overlay::default()),
        clients: Mutex::new(Vec::new()),
        good: Mutex::new(None),
        pdfs: Mutex::new(HashMap::new()),
        // The first load takes what the workspace's last build kept parsed.
        check_cache: Mutex::new(crate::CheckCache {
            kept: Some(crate::site::kept_sources::open(&opts.root, &opts.root.join("out"))),
            ..Default::default()
        }),
        session: (!opts.write).then(Default::default),
        changes: Mutex::new(Changes::default()),
        stop: AtomicBool::new(false),
    });
    watch::rebuild(&shared, first_build, &*notice);
    let server = bind(opts)?;
    // Watching before the address is announced: a change made right after
    // it is seen.
    watch::start(shared.clone(), notice.clone())?;
    let addr = server
        .server_addr()
        .to_ip()
        .unwrap_or(SocketAddr::new(opts.bind, opts.port));
    notice(Notice::Listening {
        url: format!("http://{}/", addr),
        out: &out,
        loopback: opts.bind.is_loopback(),
    });
    let server = Arc::new(server);
    {
        let shared = shared.clone();
        let server = server.clone();
        // Ctrl-C, SIGTERM or SIGHUP (ctrlc's `termination`): stop serving,
        // so the temporary directory is removed.
        let _ = ctrlc::set_handler(move || {
            shared.stop.store(true, Ordering::SeqCst);
            server.unblock();
        });
    }
    for rq in server.incoming_requests() {
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        let shared = shared.clone();
        std::thread::spawn(move || files::handle(&shared, rq));
    }
    shared.stop.store(true, Ordering::SeqCst);
    // End the event streams.
    if let Ok(mut c) = shared.clients.lock() {
        c.clear();
    }
    Ok(())
}

/// Bind the address, saying clearly when the port is taken.
fn bind(opts: &ServeOptions) -> anyhow::Result<tiny_http::Server> {
    let addr = SocketAddr::new(opts.bind, opts.port);
    tiny_http::Server::http(addr).map_err(|e| {
        let in_use = e
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::AddrInUse);
        if in_use {
            anyhow::anyhow!(
                "port {} is already in use on {} (another `classplan serve`?); choose one with --port N, or --port 0 for any free port",
                opts.port,
                opts.bind
            )
        } else {
            anyhow::anyhow!("cannot listen on {addr}: {e}")
        }
    })
}

/// Milliseconds since `t`.
fn since(t: Instant) -> u128 {
    t.elapsed().as_millis()
}

/// How long a page's event stream waits before a keep-alive comment.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
