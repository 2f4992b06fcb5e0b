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
    /// What the open pages are told, and what a page that opens its event
    /// stream learns first.
    live: Mutex<Live>,
    /// The last workspace that built (for PDFs on request).
    good: Mutex<Option<Arc<Workspace>>>,
    pdfs: Mutex<HashMap<String, CachedPdf>>,
    /// What the last rebuild's check read, parsed and found, for the next.
    check_cache: Mutex<crate::CheckCache>,
    /// The last build's manifest, when serve alone writes the output
    /// directory (its temporary one; not with `--write`, where `build`
    /// may write `out/` too).
    session: Option<Mutex<crate::site::Session>>,
    stop: AtomicBool,
}

/// The open pages' event streams and what they have been told, under one
/// lock: a page whose stream opens gets the state as of that moment and
/// then every event after it, in order — never an answer older than an
/// event it already had.
#[derive(Default)]
struct Live {
    /// The errors shown over every page (none once a build succeeds).
    overlay: Overlay,
    /// Open event streams.
    clients: Vec<mpsc::Sender<String>>,
    /// A number counting the rebuilds that changed files.
    generation: u64,
    /// The last rebuild that changed every page (a shared file).
    all: u64,
    /// For each file, the number of the last rebuild that changed it.
    files: HashMap<String, u64>,
}

impl Live {
    /// Send an event to every open stream; forget streams that went away.
    fn broadcast(&mut self, msg: &str) {
        self.clients.retain(|tx| tx.send(msg.to_string()).is_ok());
    }

    /// Whether a rebuild after `since` changed the file `page`.
    fn changed_since(&self, page: &str, since: u64) -> bool {
        self.all > since || self.files.get(page).is_some_and(|&g| g > since)
    }
}

/// One server-sent event.
fn event(name: &str, data: &impl Serialize) -> String {
    format!(
        "event: {name}\ndata: {}\n\n",
        serde_json::to_string(data).unwrap_or_default()
    )
}

/// What a `reload` event says.
#[derive(Serialize)]
struct Reload<'a> {
    /// Pages (and other files) the rebuild wrote or removed.
    pages: &'a [String],
    /// A shared file changed (the stylesheet, a script): every page reloads.
    all: bool,
}

impl Shared {
    fn live(&self) -> std::sync::MutexGuard<'_, Live> {
        // A handler that panicked holding the lock left consistent data:
        // every change to it is one assignment or one insert.
        self.live.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Record that a rebuild changed `files` (every page with `all`) and
    /// that the sources have no errors, then tell the open pages.
    fn reload(&self, files: &[String], all: bool) {
        let mut live = self.live();
        live.overlay = Overlay::default();
        live.generation += 1;
        let generation = live.generation;
        if all {
            live.all = generation;
        }
        for f in files {
            live.files.insert(f.clone(), generation);
        }
        live.broadcast(&event("reload", &Reload { pages: files, all }));
    }

    /// Show `overlay` over every page, open now or later.
    fn show(&self, overlay: Overlay) {
        let mut live = self.live();
        let msg = event("errors", &overlay);
        live.overlay = overlay;
        live.broadcast(&msg);
    }

    /// The errors shown now.
    fn overlay(&self) -> Overlay {
        self.live().overlay.clone()
    }

    /// The number of the last rebuild (what a page served now is as of).
    fn generation(&self) -> u64 {
        self.live().generation
    }

    /// Open an event stream. Its first events, before any later one: a
    /// reload of `page` when a rebuild after `since` (the rebuild the page
    /// was served as of) changed it, and the errors shown now.
    fn subscribe(&self, page: Option<&str>, since: Option<u64>) -> mpsc::Receiver<String> {
        let (tx, rx) = mpsc::channel();
        let mut live = self.live();
        if let (Some(page), Some(since)) = (page, since)
            && live.changed_since(page, since)
        {
            let _ = tx.send(event(
                "reload",
                &Reload {
                    pages: &[page.to_string()],
                    all: false,
                },
            ));
        }
        let _ = tx.send(event("errors", &live.overlay));
        live.clients.push(tx);
        rx
    }

    /// End every event stream.
    fn close_streams(&self) {
        self.live().clients.clear();
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
        live: Mutex::new(Live::default()),
        good: Mutex::new(None),
        pdfs: Mutex::new(HashMap::new()),
        // The first load takes what the workspace's last build kept parsed.
        check_cache: Mutex::new(crate::CheckCache {
            kept: Some(crate::site::kept_sources::open(&opts.root, &opts.root.join("out"))),
            ..Default::default()
        }),
        session: (!opts.write).then(Default::default),
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
    shared.close_streams();
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
