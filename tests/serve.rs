//! `classplan serve` through its HTTP interface (the browser test is
//! tests/e2e/serve.mjs): files only from the site, errors instead of
//! crashes on bad input, a clear message for a port in use.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

struct Serve {
    child: Child,
    port: u16,
}

impl Serve {
    fn start(ws: &Path, extra: &[&str]) -> Serve {
        Serve::start_with(ws, extra, None)
    }

    /// Start with `TMPDIR` set (where the site is built), when given.
    fn start_with(ws: &Path, extra: &[&str], tmpdir: Option<&Path>) -> Serve {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_classplan"));
        if let Some(t) = tmpdir {
            cmd.env("TMPDIR", t);
        }
        cmd.args(["serve", ws.to_str().unwrap()]).args(extra);
        Serve::spawn(cmd)
    }

    /// Run `cmd` (`classplan serve WS` and options) on a free port, quiet,
    /// as of a fixed date; wait for its address.
    fn spawn(mut cmd: Command) -> Serve {
        let mut child = cmd
            .args(["--port", "0", "--as-of", "2025-03-01", "-q"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .rsplit(':')
            .next()
            .and_then(|p| p.trim_end_matches('/').parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        Serve { child, port }
    }

    /// A raw request (the path as given, nothing normalised): status and body.
    fn get(&self, path: &str) -> (u16, String) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
        let mut out = Vec::new();
        s.read_to_end(&mut out).unwrap();
        let text = String::from_utf8_lossy(&out).into_owned();
        let status = text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
        let body = text
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }

    /// Wait until the overlay state says `errors` (or not).
    fn wait_errors(&self, errors: bool) -> String {
        let start = Instant::now();
        loop {
            let (_, body) = self.get("/__classplan/state");
            if body.contains(&format!("\"errors\":{errors}")) {
                return body;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "no state with errors={errors}: {body}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Serve {
    /// What an event stream opened now (`/__classplan/events?QUERY`) says
    /// first: its events up to the errors shown, which come last.
    fn first_events(&self, query: &str) -> String {
        let mut events = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            events,
            "GET /__classplan/events?{query} HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        events.set_read_timeout(Some(Duration::from_millis(100))).unwrap();
        let start = Instant::now();
        let mut got = String::new();
        let mut buf = [0u8; 4096];
        // The errors event is the last of the first ones: read until its end.
        while !got.split("event: errors").nth(1).is_some_and(|e| e.contains("\n\n")) {
            assert!(start.elapsed() < Duration::from_secs(10), "no errors event: {got}");
            if let Ok(n) = events.read(&mut buf) {
                got.push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        }
        got
    }

    /// Stop the server as a service manager or a terminal would (SIGTERM),
    /// so it removes its build directory; kill it if it has not exited
    /// within ten seconds.
    fn stop(&mut self) -> Option<std::process::ExitStatus> {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        None
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        self.stop();
    }
}

#[test]
fn stopping_serve_removes_the_directory_it_built_into() {
    let ws = sample_workspace();
    let tmp = tempfile::tempdir().unwrap();
    let mut s = Serve::start_with(ws.path(), &[], Some(tmp.path()));
    assert_eq!(s.get("/").0, 200);
    let built: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().filter_map(Result::ok).collect();
    assert_eq!(built.len(), 1, "serve builds into one directory under TMPDIR");
    assert!(s.stop().is_some(), "serve did not stop on SIGTERM");
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "serve left {left:?} behind");
}

#[test]
fn only_the_sites_files_are_served() {
    let ws = sample_workspace();
    std::fs::write(ws.path().join("secret.txt"), "secret").unwrap();
    let s = Serve::start(ws.path(), &[]);
    let (status, body) = s.get("/");
    assert_eq!(status, 200);
    assert!(
        body.contains("/__classplan/live.js"),
        "the live script is in every page"
    );
    assert_eq!(s.get("/la-city/classes/1229.html").0, 200);
    for bad in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2fsecret.txt",
        "/la-city/..%5c..%5csecret.txt",
        "//etc/passwd",
        "/index.html%00",
        "/assets/../../secret.txt",
    ] {
        let (status, body) = s.get(bad);
        assert_eq!(status, 404, "{bad}");
        assert!(!body.contains("secret") && !body.contains("root:"), "{bad}");
    }
    // PDFs are compiled when asked for.
    let (status, body) = s.get("/la-city/classes/1229.pdf");
    assert_eq!(status, 200);
    assert!(body.contains("%PDF-"), "not a PDF");
    // Nothing was written into the workspace.
    assert!(!ws.path().join("out").exists());
}

#[test]
fn bad_input_while_serving_is_reported_not_fatal() {
    let ws = sample_workspace();
    let s = Serve::start(ws.path(), &[]);
    let class = ws.path().join("specs/la-city/classes/1229.toml");
    let text = std::fs::read_to_string(&class).unwrap();
    // A binary file saved into specs/.
    std::fs::write(
        ws.path().join("specs/la-city/classes/9999.toml"),
        [0u8, 159, 146, 150, 255],
    )
    .unwrap();
    assert!(s.wait_errors(true).contains("CP0001"));
    std::fs::remove_file(ws.path().join("specs/la-city/classes/9999.toml")).unwrap();
    s.wait_errors(false);
    // A file replaced by a directory, then deleted.
    std::fs::remove_file(&class).unwrap();
    std::fs::create_dir(&class).unwrap();
    s.wait_errors(true);
    std::fs::remove_dir(&class).unwrap();
    s.wait_errors(true);
    // A thousand saves in a second, the last one good.
    for i in 0..1000 {
        std::fs::write(&class, if i % 2 == 0 { "broken = [" } else { text.as_str() }).unwrap();
    }
    std::fs::write(&class, &text).unwrap();
    s.wait_errors(false);
    // A template with a syntax error.
    std::fs::create_dir_all(ws.path().join("templates")).unwrap();
    std::fs::write(ws.path().join("templates/class.html"), "{% if %}").unwrap();
    assert!(s.wait_errors(true).contains("CP0080"));
    std::fs::remove_file(ws.path().join("templates/class.html")).unwrap();
    s.wait_errors(false);
    assert_eq!(s.get("/la-city/classes/1229.html").0, 200);
}

#[test]
fn a_port_in_use_says_so() {
    let ws = sample_workspace();
    let s = Serve::start(ws.path(), &[]);
    let out = Command::new(env!("CARGO_BIN_EXE_classplan"))
        .args([
            "serve",
            ws.path().to_str().unwrap(),
            "--port",
            &s.port.to_string(),
            "--color",
            "never",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is already in use") && err.contains("--port 0"), "{err}");
}

/// Started in the workspace as `classplan serve` is by default (`.`): a
/// file written beside `specs/` (a log the server's output goes to, an
/// editor's swap file) changes nothing the site is made from — it was
/// taken for a change outside the workspace, so every file was read
/// again, and a log of the server's own output made it rebuild forever —
/// while a source edit is still seen.
#[test]
fn a_relative_root_tells_its_sources_from_other_files() {
    let ws = sample_workspace();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_classplan"));
    cmd.current_dir(ws.path()).args(["serve", "."]);
    let s = Serve::spawn(cmd);
    let mut events = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    write!(events, "GET /__classplan/events HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    events.set_read_timeout(Some(Duration::from_millis(100))).unwrap();
    // What the stream says within `wait`.
    let mut read_for = |wait: Duration, until: &str| -> String {
        let start = Instant::now();
        let mut got = String::new();
        let mut buf = [0u8; 4096];
        while start.elapsed() < wait && !got.contains(until) {
            if let Ok(n) = events.read(&mut buf) {
                got.push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        }
        got
    };
    read_for(Duration::from_millis(500), "\u{0}");
    for i in 0..3 {
        std::fs::write(ws.path().join("serve.log"), format!("line {i}\n")).unwrap();
        std::thread::sleep(Duration::from_millis(50));
    }
    let after_log = read_for(Duration::from_millis(1500), "event:");
    assert!(
        !after_log.contains("event:"),
        "a file beside specs/ made it rebuild: {after_log}"
    );
    let class = ws.path().join("specs/la-city/classes/1229.toml");
    let text = std::fs::read_to_string(&class).unwrap();
    std::fs::write(&class, text.replacen("summary = \"\"\"", "summary = \"\"\"Edited ", 1)).unwrap();
    let after_edit = read_for(Duration::from_secs(20), "1229.html");
    assert!(
        after_edit.contains("event: reload"),
        "the edit was not seen: {after_edit}"
    );
}

/// A page served before a rebuild, whose event stream opens after it (the
/// rebuild's event came to no one), is told first thing on its stream that
/// it changed; a page the rebuild did not touch is not. Each page carries
/// the rebuild it is as of.
#[test]
fn a_page_that_missed_a_rebuild_learns_it_changed() {
    let ws = sample_workspace();
    let s = Serve::start(ws.path(), &[]);
    let generation = |page: &str| -> u64 {
        let (status, body) = s.get(&format!("/{page}"));
        assert_eq!(status, 200, "{page}");
        let tag = "<meta name=\"classplan-generation\" content=\"";
        let at = body.find(tag).unwrap_or_else(|| panic!("{page} carries no generation")) + tag.len();
        body[at..].split('"').next().unwrap().parse().unwrap()
    };
    let bulletin = "la-city/bulletins/la-city-1229-2025/index.html";
    let other = "sf-city/classes/1302.html";
    let (b, o) = (generation(bulletin), generation(other));
    let changed = |page: &str, since: u64| {
        let first = s.first_events(&format!("page={}&since={since}", page.replace('/', "%2F")));
        first.contains("event: reload")
    };
    assert!(!changed(bulletin, b));
    assert!(!changed(other, o));
    let file = ws.path().join("bulletins/la-city-1229-2025.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("permits work,", "permits work and more,", 1)).unwrap();
    let start = Instant::now();
    while !changed(bulletin, b) {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the bulletin's change was not recorded"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!changed(other, o), "a page the rebuild did not touch would reload");
    assert!(generation(bulletin) > b);
}

/// A page whose event stream opens while the sources have errors is told
/// them first thing on the stream, in order with every later event — it
/// asked `/__classplan/state` beside the stream, and an answer read just
/// before the errors came after their event and hid the overlay for good
/// (CI's browser test saw it once). When the errors are fixed, a new
/// stream starts with none.
#[test]
fn an_event_stream_starts_with_the_errors_shown_now() {
    let ws = sample_workspace();
    let s = Serve::start(ws.path(), &[]);
    let first = s.first_events("");
    assert!(
        first.contains("event: errors") && first.contains("\"errors\":false"),
        "{first}"
    );
    let file = ws.path().join("bulletins/la-city-1229-2025.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\nbroken = [\n")).unwrap();
    s.wait_errors(true);
    let first = s.first_events("page=index.html&since=0");
    assert!(first.contains("\"errors\":true") && first.contains("CP0002"), "{first}");
    std::fs::write(&file, &text).unwrap();
    s.wait_errors(false);
    let first = s.first_events("");
    assert!(first.contains("\"errors\":false"), "{first}");
}
