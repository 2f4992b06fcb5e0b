//! Answering requests: the site's files (pages with the live script), the
//! event stream, the overlay state, PDFs compiled on request.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, mpsc};

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::{KEEP_ALIVE, LIVE_JS, LIVE_TAG, Shared};
use crate::render::OutputFormat;

/// Answer one request (on its own thread).
pub(super) fn handle(shared: &Shared, rq: Request) {
    if !matches!(rq.method(), Method::Get | Method::Head) {
        let _ = rq.respond(Response::from_string("method not allowed").with_status_code(405));
        return;
    }
    let path = rq.url().split(['?', '#']).next().unwrap_or("/").to_string();
    match path.as_str() {
        "/__classplan/live.js" => {
            let _ = rq.respond(with_type(
                Response::from_string(LIVE_JS),
                "text/javascript; charset=utf-8",
            ));
        }
        "/__classplan/state" => {
            let state = shared.overlay();
            let body = serde_json::to_string(&state).unwrap_or_default();
            let _ = rq.respond(with_type(Response::from_string(body), "application/json"));
        }
        "/__classplan/events" => events(shared, rq),
        _ => file(shared, rq, &path),
    }
}

/// The page and the rebuild it was served as of, from a request for
/// `/__classplan/events?page=P&since=N`.
fn page_since(url: &str) -> (Option<String>, Option<u64>) {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    let (mut page, mut since) = (None, None);
    for pair in query.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = percent_encoding::percent_decode_str(v).decode_utf8_lossy();
        match k {
            "page" => page = Some(v.into_owned()),
            "since" => since = v.parse::<u64>().ok(),
            _ => {}
        }
    }
    (page, since)
}

fn with_type<R: std::io::Read>(r: Response<R>, ty: &str) -> Response<R> {
    let r = r.with_header(Header::from_bytes("Cache-Control", "no-store").expect("constant header"));
    match Header::from_bytes("Content-Type", ty) {
        Ok(h) => r.with_header(h),
        Err(()) => r,
    }
}

fn not_found(rq: Request) {
    let _ = rq.respond(with_type(
        Response::from_string("404: no such page in the site").with_status_code(404),
        "text/plain; charset=utf-8",
    ));
}

/// A server-sent event stream: held open, one message per rebuild. It
/// starts with what the page must know now (`Shared::subscribe`): a
/// reload if a rebuild since the page was served changed it (its event
/// came before the stream was open), and the errors shown. The response
/// head is written here (tiny_http buffers streamed bodies); requests are
/// still parsed by tiny_http.
fn events(shared: &Shared, rq: Request) {
    let (page, since) = page_since(rq.url());
    let rx = shared.subscribe(page.as_deref(), since);
    let mut w = rq.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: classplan serve\n\n";
    if w.write_all(head.as_bytes()).and_then(|_| w.flush()).is_err() {
        return;
    }
    loop {
        let msg = match rx.recv_timeout(KEEP_ALIVE) {
            Ok(m) => m,
            Err(mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if w.write_all(msg.as_bytes()).and_then(|_| w.flush()).is_err() {
            return;
        }
    }
}

/// The file of the output directory `url_path` names, if it is one: every
/// segment a plain name, no symbolic link on the way.
pub(super) fn resolve(out: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(url_path).decode_utf8().ok()?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut rel = PathBuf::new();
    let segments: Vec<&str> = decoded.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        if seg.is_empty() {
            // The leading slash, or a trailing one (a folder's index).
            if i == 0 || i + 1 == segments.len() {
                continue;
            }
            return None;
        }
        let mut comps = Path::new(seg).components();
        match (comps.next(), comps.next()) {
            (Some(Component::Normal(_)), None) => rel.push(seg),
            _ => return None,
        }
    }
    let mut at = out.to_path_buf();
    for c in rel.components() {
        at.push(c);
        let meta = std::fs::symlink_metadata(&at).ok()?;
        if meta.file_type().is_symlink() {
            return None;
        }
    }
    if at.is_dir() {
        at.push("index.html");
        let meta = std::fs::symlink_metadata(&at).ok()?;
        if !meta.is_file() {
            return None;
        }
    }
    at.is_file().then_some(at)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" | "jsonld" => "application/json",
        "md" => "text/markdown; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "graphml" => "application/xml",
        "dot" => "text/vnd.graphviz; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn file(shared: &Shared, rq: Request, url_path: &str) {
    let Some(path) = resolve(&shared.out, url_path) else {
        // PDFs are compiled when asked for.
        if url_path.ends_with(".pdf")
            && let Some(bytes) = pdf(shared, url_path.trim_start_matches('/'))
        {
            let _ = rq.respond(with_type(Response::from_data(bytes.to_vec()), "application/pdf"));
            return;
        }
        return not_found(rq);
    };
    // Taken before the file is read: a rebuild that writes it meanwhile
    // makes the page reload once more, never miss a change.
    let generation = shared.generation();
    let Ok(bytes) = std::fs::read(&path) else {
        return not_found(rq);
    };
    let ty = content_type(&path);
    let body = if ty.starts_with("text/html") {
        inject(bytes, generation)
    } else {
        bytes
    };
    let _ = rq.respond(with_type(
        Response::from_data(body).with_status_code(StatusCode(200)),
        ty,
    ));
}

/// A page with the live script in its head, and the rebuild it is as of.
fn inject(html: Vec<u8>, generation: u64) -> Vec<u8> {
    let Ok(text) = String::from_utf8(html) else {
        return Vec::new();
    };
    let tags = format!("<meta name=\"classplan-generation\" content=\"{generation}\">{LIVE_TAG}");
    match text.find("</head>") {
        Some(at) => format!("{}{tags}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tags}").into_bytes(),
    }
}

/// The PDF at `rel`, compiled from the last good workspace and kept by the
/// hash of its input until that changes.
fn pdf(shared: &Shared, rel: &str) -> Option<Arc<Vec<u8>>> {
    let decoded = percent_encoding::percent_decode_str(rel)
        .decode_utf8()
        .ok()?
        .to_string();
    let ws = shared.good.lock().ok()?.clone()?;
    let templates = crate::templates(&ws).ok()?;
    let only_pdf: BTreeSet<OutputFormat> = [OutputFormat::Pdf].into();
    let docs = crate::site::plan::documents(&ws.plan);
    let doc = docs
        .iter()
        .find(|d| crate::render::planned_files(&d.path(), &only_pdf).contains(&decoded))?;
    let view = doc.view(&ws.plan, shared.as_of, None)?;
    let (_, task) = crate::render::render_doc(&templates, view.as_doc(), &only_pdf).ok()?;
    let task = task?;
    let mut h = blake3::Hasher::new();
    h.update(serde_json::to_string(&task.data).unwrap_or_default().as_bytes());
    h.update(task.template.as_bytes());
    h.update(templates.raw(&task.jurisdiction, task.template).as_bytes());
    h.update(task.date.to_string().as_bytes());
    let key = h.finalize();
    if let Some((k, bytes)) = shared.pdfs.lock().ok()?.get(&decoded)
        && *k == key
    {
        return Some(bytes.clone());
    }
    let bytes = crate::render::pdf::compile_all(&templates, std::slice::from_ref(&task), 1, &|| {})
        .pop()?
        .ok()?;
    let bytes = Arc::new(bytes);
    shared.pdfs.lock().ok()?.insert(decoded, (key, bytes.clone()));
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_inside_the_output_directory_resolve() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        std::fs::create_dir_all(out.join("la-city/classes")).unwrap();
        std::fs::write(out.join("index.html"), "i").unwrap();
        std::fs::write(out.join("la-city/classes/1229.html"), "c").unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "s").unwrap();
        assert_eq!(resolve(&out, "/"), Some(out.join("index.html")));
        assert_eq!(
            resolve(&out, "/la-city/classes/1229.html"),
            Some(out.join("la-city/classes/1229.html"))
        );
        // An encoded name is the same file.
        assert_eq!(
            resolve(&out, "/la-city/classes/%31229.html"),
            Some(out.join("la-city/classes/1229.html"))
        );
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/la-city/../../secret.txt",
            "/la-city/%2e%2e/%2e%2e/secret.txt",
            "/..%2fsecret.txt",
            "/..%5csecret.txt",
            "/./index.html",
            "//etc/passwd",
            "/../../etc/passwd",
            "/%2fetc%2fpasswd",
            "/index.html%00.txt",
            "/%ff",
        ] {
            assert_eq!(resolve(&out, bad), None, "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(tmp.path().join("secret.txt"), out.join("link.txt")).unwrap();
            assert_eq!(resolve(&out, "/link.txt"), None);
        }
    }
}
