//! Shared helpers for the integration tests: building temporary
//! workspaces from fixtures, and golden-file comparison.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copy `specs/`, `bulletins/` and `templates/` of `from` into `to`.
pub fn copy_workspace(from: &Path, to: &Path) {
    for top in ["specs", "bulletins", "templates"] {
        let src = from.join(top);
        if src.exists() {
            copy_dir(&src, &to.join(top));
        }
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else if entry.file_type().is_symlink() {
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            let _ = std::fs::remove_file(&dest);
            #[cfg(unix)]
            std::os::unix::fs::symlink(std::fs::read_link(entry.path()).unwrap(), &dest).unwrap();
        } else {
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A temporary copy of the repository's sample workspace.
pub fn sample_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_workspace(&repo(), dir.path());
    dir
}

/// Compare `actual` with the golden file, or rewrite it when
/// `UPDATE_GOLDEN=1`. Returns a failure message instead of panicking so a
/// driver can report every mismatch at once.
pub fn golden(path: &Path, actual: &str) -> Result<(), String> {
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return Ok(());
    }
    let expected = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "{}: cannot read golden file ({e}); run with UPDATE_GOLDEN=1 and review it",
            path.display()
        )
    })?;
    if expected == actual {
        Ok(())
    } else {
        let diff = similar::TextDiff::from_lines(&expected, actual);
        Err(format!(
            "{} differs from the output (- golden, + actual):\n{}",
            path.display(),
            diff.unified_diff().context_radius(2)
        ))
    }
}

/// Render a workspace's diagnostics as `classplan check` prints them.
pub fn check_output(root: &Path) -> (String, classplan::load::Workspace) {
    render_diagnostics(classplan::check(root))
}

/// [`check_output`] of `check --lint`: the check and lint diagnostics.
pub fn lint_output(root: &Path) -> (String, classplan::load::Workspace) {
    render_diagnostics(classplan::check_and_lint(root).0)
}

fn render_diagnostics(ws: classplan::load::Workspace) -> (String, classplan::load::Workspace) {
    let mut out = String::new();
    for d in &ws.diagnostics {
        out.push_str(&classplan::diag::render(
            d,
            &ws.sources,
            &classplan::diag::RenderOptions::plain(),
        ));
        out.push('\n');
    }
    let errors = ws.diagnostics.iter().filter(|d| d.is_error()).count();
    out.push_str(&classplan::diag::summary(
        ws.sources.iter().count(),
        errors,
        ws.diagnostics.len() - errors,
    ));
    out.push('\n');
    (out, ws)
}

/// Every output file under `dir` (relative path with `/` → bytes), sorted.
/// The build's stamps file is left out; the manifest is the one it reads
/// (the changes written beside it applied, and their file left out), with
/// its file times zeroed: they record file times, by design (everything
/// else the manifest records is compared).
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    use classplan::site::manifest::{MANIFEST, MANIFEST_CHANGES};
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_file()
                && e.file_name() != classplan::site::fresh::STAMPS
                && e.file_name() != MANIFEST_CHANGES
        })
        .map(|e| {
            let mut bytes = std::fs::read(e.path()).unwrap();
            if e.file_name() == MANIFEST {
                let mut m = classplan::site::manifest::read(e.path().parent().unwrap());
                assert!(!m.version.is_empty(), "{}: not a manifest", e.path().display());
                m.files.values_mut().for_each(|f| f.mtime = 0);
                bytes = classplan::site::manifest::encode(&m).unwrap();
            }
            (
                e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"),
                bytes,
            )
        })
        .collect()
}

/// Run the classplan binary in `dir` (with colour off).
pub fn run_in(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_classplan"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// A command's stderr as text.
pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Options for building the five text formats (no PDF) into `out`.
pub fn text_build(out: &Path, as_of: chrono::NaiveDate) -> classplan::site::BuildOptions {
    use classplan::render::OutputFormat;
    classplan::site::BuildOptions {
        out: out.to_path_buf(),
        formats: [
            OutputFormat::Html,
            OutputFormat::Md,
            OutputFormat::Txt,
            OutputFormat::Json,
            OutputFormat::Jsonld,
        ]
        .into_iter()
        .collect(),
        as_of,
        pdf_threads: 1,
        feedback: classplan::site::Feedback::Silent,
        force: false,
        base_url: None,
        drafts: false,
    }
}

/// The `<main>` element of an HTML page, one tag per line (layout chrome
/// is not golden).
pub fn main_of(html: &str) -> String {
    let start = html.find("<main").unwrap_or(0);
    let end = html.find("</main>").map(|e| e + 7).unwrap_or(html.len());
    html[start..end].replace("><", ">\n<")
}

/// Compare every built file (HTML as its `<main>`; the site's assets and
/// hidden files left out) with its golden file under `golden_dir`; every
/// mismatch, joined.
pub fn golden_tree(files: &std::collections::BTreeMap<String, Vec<u8>>, golden_dir: &Path) -> Vec<String> {
    let mut failures = Vec::new();
    for (rel, bytes) in files {
        if rel.starts_with('.') || rel.starts_with("assets/") {
            continue;
        }
        let text = String::from_utf8(bytes.clone()).unwrap();
        let (name, content) = if rel.ends_with(".html") {
            (format!("{rel}.main"), main_of(&text))
        } else {
            (rel.clone(), text)
        };
        if let Err(e) = golden(&golden_dir.join(&name), &content) {
            failures.push(e);
        }
    }
    failures
}

/// A plan as text, in a fixed order (its indexes are hash maps, whose
/// order is not; they are made from the lists, which are compared). Spans
/// are part of it.
pub fn canonical(plan: &classplan::model::Plan) -> String {
    let mut s = String::new();
    for (id, j) in &plan.jurisdictions {
        s += &format!("{id}: {:?} {:?} {:?} {:?}\n", j.def, j.classes, j.bank, j.models);
    }
    s + &format!("{:?} {:?}", plan.bulletins, plan.incomplete)
}

/// Make a file an hour old, so its stamp is trusted without reading it.
pub fn age(path: &Path) {
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(old)
        .unwrap();
}

/// Make every file under `dir` an hour old.
pub fn age_all(dir: &Path) {
    for e in walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok) {
        if e.file_type().is_file() {
            age(e.path());
        }
    }
}

/// A plan made by `bench::generate` in a temporary directory (kept while
/// the first value lives).
pub fn generated_plan(
    classes: usize,
    bulletins: usize,
    jurisdictions: usize,
    seed: u64,
) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    let spec = classplan::bench::generate::CorpusSpec {
        classes,
        bulletins,
        jurisdictions,
        seed,
    };
    classplan::bench::generate::generate(&spec, &ws).unwrap();
    (tmp, ws)
}
