//! The no-op fast path of `classplan build`: an unchanged workspace is
//! recognised without loading it, and every kind of change (a source, a new
//! or removed file, a template, the options, a file removed from out/) sends
//! the build down the full path.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// `classplan build` into `out/` (HTML, Markdown and JSON unless `extra`
/// says `--only`), as of 2025-03-01 unless `extra` says; (exit code, stderr).
fn build(ws: &Path, extra: &[&str]) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_classplan"));
    cmd.arg("build").arg(ws).args(extra);
    if !extra.contains(&"--only") {
        cmd.args(["--only", "html,md,json"]);
    }
    if !extra.contains(&"--as-of") {
        cmd.args(["--as-of", "2025-03-01"]);
    }
    let o = cmd.env("NO_COLOR", "1").output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn up_to_date(stderr: &str) -> bool {
    stderr.contains("is up to date")
}

#[test]
fn an_unchanged_workspace_is_up_to_date_and_replays_its_warnings() {
    let ws = sample_workspace();
    age_all(ws.path());
    let (code, first) = build(ws.path(), &[]);
    assert_eq!(code, 0, "{first}");
    assert!(!up_to_date(&first), "{first}");
    let before = tree(&ws.path().join("out"));
    let (code, second) = build(ws.path(), &[]);
    assert_eq!(code, 0, "{second}");
    assert!(up_to_date(&second), "{second}");
    // The same warnings, word for word, before the report line.
    let warnings = |s: &str| {
        s.lines()
            .take_while(|l| !l.starts_with("built "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let replayed = |s: &str| {
        s.lines()
            .filter(|l| !l.contains("is up to date"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(replayed(&second), warnings(&first));
    assert_eq!(tree(&ws.path().join("out")), before, "an up-to-date build changed out/");
}

#[test]
fn every_kind_of_change_takes_the_full_path() {
    let ws = sample_workspace();
    let root = ws.path();
    age_all(root);
    let out = root.join("out");
    assert_eq!(build(root, &[]).0, 0);
    assert!(up_to_date(&build(root, &[]).1));

    // A source edited to the same size, just now: its hash decides.
    let class = root.join("specs/sf-city/classes/1302.toml");
    let text = std::fs::read_to_string(&class).unwrap();
    std::fs::write(&class, text.replacen("Perform other job", "Perform OTHER job", 1)).unwrap();
    let (_, s) = build(root, &[]);
    assert!(!up_to_date(&s) && s.contains("1 rendered"), "{s}");
    assert!(up_to_date(&build(root, &[]).1));

    // Touched but identical: the hash shows nothing changed.
    std::fs::write(&class, std::fs::read(&class).unwrap()).unwrap();
    assert!(up_to_date(&build(root, &[]).1));

    // Other options.
    assert!(!up_to_date(&build(root, &["--as-of", "2025-03-02"]).1));
    assert!(!up_to_date(&build(root, &["--only", "html"]).1));
    assert!(!up_to_date(&build(root, &[]).1));
    assert!(up_to_date(&build(root, &[]).1));
    // The site's address is in every page (canonical URL) and the sitemap.
    let published = ["--base-url", "https://jobs.example.gov/plan"];
    assert!(!up_to_date(&build(root, &published).1));
    assert!(out.join("sitemap.xml").is_file());
    assert!(up_to_date(&build(root, &published).1));
    assert!(!up_to_date(&build(root, &[]).1));
    assert!(!out.join("sitemap.xml").exists());

    // An output removed by hand is written again.
    std::fs::remove_file(out.join("sf-city/classes/1302.md")).unwrap();
    let (_, s) = build(root, &[]);
    assert!(!up_to_date(&s), "{s}");
    assert!(out.join("sf-city/classes/1302.md").is_file());
    // Counted in words that agree with the numbers.
    assert!(s.contains("1 rendered (0 PDFs), 4 unchanged; 1 file written"), "{s}");
    std::fs::remove_file(out.join("index.html")).unwrap();
    assert!(!up_to_date(&build(root, &[]).1));
    assert!(out.join("index.html").is_file());

    // A new file in the workspace, even one classplan does not read.
    std::fs::write(root.join("specs/notes.txt.toml"), "").unwrap();
    let (_, s) = build(root, &[]);
    assert!(!up_to_date(&s) && s.contains("CP0003"), "{s}");
    assert!(up_to_date(&build(root, &[]).1));
    std::fs::remove_file(root.join("specs/notes.txt.toml")).unwrap();
    assert!(!up_to_date(&build(root, &[]).1));

    // A template override, added and then edited.
    std::fs::create_dir_all(root.join("templates")).unwrap();
    let css = root.join("templates/classplan.css");
    for color in ["#111", "#222"] {
        std::fs::write(&css, format!("body {{ color: {color}; }}\n")).unwrap();
        assert!(!up_to_date(&build(root, &[]).1));
        let built = std::fs::read_to_string(out.join("assets/classplan.css")).unwrap();
        assert!(built.contains(color), "{built}");
    }
}

#[test]
fn outputs_are_readable_like_any_new_file() {
    // Outputs are published: they get the mode a plain new file gets
    // (0666 less the umask), not a temporary file's private 0600.
    let ws = sample_workspace();
    assert_eq!(build(ws.path(), &[]).0, 0);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let plain = ws.path().join("plain.txt");
        std::fs::write(&plain, "x").unwrap();
        let want = std::fs::metadata(&plain).unwrap().permissions().mode() & 0o777;
        for rel in [
            "index.html",
            "sf-city/classes/1302.html",
            classplan::site::manifest::MANIFEST,
        ] {
            let mode = std::fs::metadata(ws.path().join("out").join(rel))
                .unwrap()
                .permissions()
                .mode()
                & 0o777;
            assert_eq!(mode, want, "{rel}: {mode:o}, a new file gets {want:o}");
        }
    }
}

#[test]
fn an_output_changed_in_place_is_repaired() {
    // Found by the audit: a truncated output stayed truncated, and the build
    // said "up to date" even after a template change (only the manifest was
    // compared, never the disk).
    let ws = sample_workspace();
    age_all(ws.path());
    let (code, err) = build(ws.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let page = ws.path().join("out/sf-city/classes/1302.html");
    let good = std::fs::read(&page).unwrap();
    std::fs::write(&page, &good[..100]).unwrap();
    let (code, err) = build(ws.path(), &[]);
    assert_eq!(code, 0, "{err}");
    assert!(!up_to_date(&err), "{err}");
    assert_eq!(
        std::fs::read(&page).unwrap(),
        good,
        "the truncated page was not rewritten"
    );
    // The same after a template change, where the new bytes equal the old
    // manifest's: the disk is compared, not only the manifest.
    std::fs::write(&page, &good[..100]).unwrap();
    let tdir = ws.path().join("templates");
    std::fs::create_dir_all(&tdir).unwrap();
    std::fs::write(tdir.join("bulletin.txt"), "{{ title }}\n").unwrap();
    let (code, err) = build(ws.path(), &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read(&page).unwrap(),
        good,
        "the truncated page was not rewritten"
    );
}

/// The sample workspace built into its `out/`, and the manifest it left.
fn built_sample() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    classplan::site::manifest::Manifest,
) {
    let ws = sample_workspace();
    let out = ws.path().join("out");
    let (code, first) = build(ws.path(), &[]);
    assert_eq!(code, 0, "{first}");
    let m = classplan::site::manifest::read(&out);
    assert!(!m.files.is_empty());
    (ws, out, m)
}

#[test]
fn an_output_directory_of_the_json_manifest_era_is_taken_over() {
    // Versions before the binary manifest wrote it as JSON: its files are
    // still classplan's to replace, and the old file goes.
    let (ws, out, m) = built_sample();
    std::fs::write(
        out.join(classplan::site::manifest::LEGACY_MANIFEST),
        serde_json::to_vec(&m).unwrap(),
    )
    .unwrap();
    std::fs::remove_file(out.join(classplan::site::manifest::MANIFEST)).unwrap();
    std::fs::remove_file(out.join(classplan::site::fresh::STAMPS)).unwrap();
    let (code, second) = build(ws.path(), &[]);
    assert_eq!(code, 0, "{second}");
    assert!(!out.join(classplan::site::manifest::LEGACY_MANIFEST).exists());
    assert_eq!(classplan::site::manifest::read(&out).files.len(), m.files.len());
}

#[test]
fn an_output_directory_another_release_built_is_taken_over() {
    // A manifest of this layout with another release's version (an
    // upgrade): its files are classplan's to replace, not someone else's,
    // and nothing in it is trusted to be up to date.
    let (ws, out, mut m) = built_sample();
    m.version = "classplan 0.0.1 (manifest 2)".to_string();
    std::fs::write(
        out.join(classplan::site::manifest::MANIFEST),
        classplan::site::manifest::encode(&m).unwrap(),
    )
    .unwrap();
    let (code, second) = build(ws.path(), &[]);
    assert_eq!(code, 0, "{second}");
    assert!(!up_to_date(&second), "{second}");
    assert!(!second.contains("did not write"), "{second}");
    let now = classplan::site::manifest::read(&out);
    assert_eq!(now.version, classplan::site::manifest::version());
    assert_eq!(now.files.len(), m.files.len());
}
