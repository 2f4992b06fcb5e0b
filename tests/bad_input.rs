//! Malformed sources that cannot live in git as fixtures (binary, huge,
//! symlinks, directories, deep nesting), and the CLI contract: exit codes,
//! JSON diagnostics, and `check` writing nothing.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

fn rules_of(root: &Path) -> Vec<String> {
    classplan::check(root)
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.rule.id(), d.message))
        .collect()
}

fn with_class(bytes: &[u8]) -> tempfile::TempDir {
    let ws = sample_workspace();
    std::fs::write(ws.path().join("specs/la-city/classes/1.toml"), bytes).unwrap();
    ws
}

fn assert_rule(diags: &[String], id: &str, needle: &str) {
    assert!(
        diags.iter().any(|d| d.starts_with(id) && d.contains(needle)),
        "expected {id} with {needle:?} in {diags:#?}"
    );
}

#[test]
fn binary_empty_huge_and_deep_files_get_diagnostics() {
    let ws = with_class(&[0u8, 159, 146, 150, 0, 255, 1, 2]);
    assert_rule(&rules_of(ws.path()), "CP0001", "is not UTF-8 text");

    let ws = with_class(b"");
    assert_rule(&rules_of(ws.path()), "CP0011", "missing required key `code`");

    let ws = with_class(b"code = \"1\"\x00\n");
    assert_rule(&rules_of(ws.path()), "CP0002", "invalid TOML");

    let mut big = b"code = \"1\"\ntitle = \"x\"\nsummary = \"".to_vec();
    big.extend(std::iter::repeat_n(b'x', 50 * 1024 * 1024));
    big.extend(b"\"\n");
    let ws = with_class(&big);
    assert_rule(&rules_of(ws.path()), "CP0001", "is too large");

    let deep = format!(
        "code = \"1\"\ntitle = \"x\"\nsummary = \"x\"\nduties = {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let ws = with_class(deep.as_bytes());
    assert_rule(&rules_of(ws.path()), "CP0002", "recursion");

    let long_word = format!(
        "code = \"1\"\ntitle = \"{}\"\nsummary = \"x\"\nduties = [\"x\"]\n",
        "w".repeat(200_000)
    );
    let ws = with_class(long_word.as_bytes());
    assert!(rules_of(ws.path()).is_empty(), "a very long word is not an error");
}

#[test]
fn directories_and_symlinks_are_refused() {
    let ws = sample_workspace();
    std::fs::create_dir_all(ws.path().join("specs/la-city/classes/folder.toml")).unwrap();
    assert_rule(&rules_of(ws.path()), "CP0001", "is a directory");

    #[cfg(unix)]
    {
        let ws = sample_workspace();
        std::os::unix::fs::symlink("/etc/passwd", ws.path().join("specs/la-city/classes/passwd.toml")).unwrap();
        let diags = rules_of(ws.path());
        assert_rule(&diags, "CP0001", "outside the workspace");
        assert!(!diags.iter().any(|d| d.contains("root:")), "the file outside was read");

        // A linked classes/ directory is named, not silently skipped.
        let ws = sample_workspace();
        let classes = ws.path().join("specs/sf-city/classes");
        let elsewhere = ws.path().join("elsewhere");
        std::fs::rename(&classes, &elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &classes).unwrap();
        assert_rule(&rules_of(ws.path()), "CP0001", "symbolic link to a directory");

        // A file name that is not UTF-8 is named, not mangled.
        use std::os::unix::ffi::OsStrExt;
        let ws = sample_workspace();
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.toml");
        std::fs::write(ws.path().join("specs/sf-city/classes").join(name), "code = 1").unwrap();
        assert_rule(&rules_of(ws.path()), "CP0001", "is not UTF-8 text");

        // A folder so named is named once; what is in it is not read
        // under a mangled name.
        let ws = sample_workspace();
        let folder = ws
            .path()
            .join("specs/sf-city/classes")
            .join(std::ffi::OsStr::from_bytes(b"d\xe9p"));
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("1300.toml"), "code = 1").unwrap();
        std::fs::write(folder.join("1301.toml"), "code = 1").unwrap();
        let found: Vec<String> = rules_of(ws.path())
            .into_iter()
            .filter(|d| d.contains("d\u{fffd}p"))
            .collect();
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].starts_with("CP0001") && found[0].contains("is not UTF-8 text; it is ignored"),
            "{found:#?}"
        );
    }
}

#[test]
fn empty_and_missing_workspaces() {
    let empty = tempfile::tempdir().unwrap();
    assert_rule(&rules_of(empty.path()), "CP0001", "no sources found");
    assert_rule(&rules_of(&empty.path().join("nope")), "CP0001", "is not a directory");
}

fn classplan() -> Command {
    Command::new(env!("CARGO_BIN_EXE_classplan"))
}

fn snapshot(dir: &Path) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            (
                e.path().display().to_string(),
                e.metadata().map(|m| m.len()).unwrap_or(0),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn check_exit_codes_json_and_no_writes() {
    let ws = sample_workspace();
    let ok = classplan()
        .args(["check", "--color", "never"])
        .arg(ws.path())
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(String::from_utf8_lossy(&ok.stderr).contains("0 errors, 0 warnings"));

    let bad = ws.path().join("bulletins/la-city-1229-2025.toml");
    let text = std::fs::read_to_string(&bad)
        .unwrap()
        .replace("class = \"la-city/1229\"", "class = \"la-city/1230\"");
    std::fs::write(&bad, text).unwrap();
    let before_bad = snapshot(ws.path());
    let err = classplan()
        .args(["check", "--color", "never"])
        .arg(ws.path())
        .output()
        .unwrap();
    assert_eq!(err.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&err.stderr);
    assert!(
        stderr.contains("error[CP0022]")
            && stderr.contains("bulletins/la-city-1229-2025.toml:7:9")
            && stderr.contains("did you mean `la-city/1229`?"),
        "{stderr}"
    );

    let json = classplan()
        .args(["check", "--format", "json"])
        .arg(ws.path())
        .output()
        .unwrap();
    assert_eq!(json.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["errors"], 1);
    assert_eq!(v["diagnostics"][0]["rule"], "CP0022");
    assert_eq!(v["diagnostics"][0]["line"], 7);

    assert_eq!(snapshot(ws.path()), before_bad, "check wrote something");

    let usage = classplan().args(["check", "--format", "yaml"]).output().unwrap();
    assert_eq!(usage.status.code(), Some(2));
    let build = classplan()
        .args(["build", "--color", "never"])
        .arg(ws.path())
        .output()
        .unwrap();
    assert_eq!(build.status.code(), Some(1));
    assert!(!ws.path().join("out").exists(), "a failed build wrote out/");
}

#[test]
fn warnings_fail_only_when_denied() {
    let ws = sample_workspace();
    let class = ws.path().join("specs/la-city/classes/1229.toml");
    // The known misspelling without its declared correction: a warning.
    let text = std::fs::read_to_string(&class).unwrap();
    let cut = text.find("[[corrections]]").unwrap();
    std::fs::write(&class, &text[..cut]).unwrap();
    let warn = classplan().arg("check").arg(ws.path()).output().unwrap();
    assert_eq!(warn.status.code(), Some(0));
    let deny = classplan()
        .args(["check", "--deny", "warnings"])
        .arg(ws.path())
        .output()
        .unwrap();
    assert_eq!(deny.status.code(), Some(1));
}

#[test]
fn list_shows_references() {
    let out = classplan()
        .args(["list", "--format", "json"])
        .arg(repo())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let refs: Vec<&str> = v["jurisdictions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|j| j["classes"].as_array().unwrap())
        .map(|c| c["reference"].as_str().unwrap())
        .collect();
    assert_eq!(refs, ["la-city/1229", "sf-city/1302", "wa-state/css2"]);
    assert_eq!(v["bulletins"][0]["reference"], "la-city-1229-2025");
}

/// Run classplan in `ws`, returning (status, stdout, stderr).
fn run_in(ws: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = classplan().args(args).arg("-C").arg(ws).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn dates_out_of_range_are_refused_without_a_panic() {
    // Found by the audit: `expect("valid TOML datetime")` in the editor
    // panicked (exit 101) on these.
    let ws = sample_workspace();
    let p = ws.path();
    let before = snapshot(p);
    for open in ["+10000-01-03T08:00", "-0001-01-03T08:00", "2300-01-03T08:00"] {
        let (code, _, err) = run_in(
            p,
            &[
                "period",
                "add",
                "la-city-1229-2025",
                &format!("--open={open}"),
                "--close",
                "2027-01-10T08:00",
            ],
        );
        assert_eq!(code, Some(2), "{open}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let (code, _, err) = run_in(
        p,
        &[
            "new",
            "bulletin",
            "la-city/1229",
            "--period",
            "+10000-01-03T08:00..+10000-01-09T08:00",
        ],
    );
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(snapshot(p), before, "a refused edit wrote something");
    // Rolling the last accepted year's period is refused, not a panic.
    let b = p.join("bulletins/la-city-1229-2025.toml");
    let text = std::fs::read_to_string(&b)
        .unwrap()
        .replace("open = 2026-02-27T08:00:00", "open = 2199-12-20T08:00:00")
        .replace("close = 2026-03-12T23:59:00", "close = 2199-12-30T23:59:00")
        .replace("test_window = { start = 2026-04-28, end = 2026-05-04 }\n", "");
    std::fs::write(&b, text).unwrap();
    let (code, _, err) = run_in(p, &["period", "roll", "la-city-1229-2025"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("outside the dates classplan accepts"), "{err}");
    // A source date out of range is a located check error.
    let text = std::fs::read_to_string(&b)
        .unwrap()
        .replace("revised = 2025-02-28", "revised = 2250-02-28");
    std::fs::write(&b, text).unwrap();
    let (code, _, err) = run_in(p, &["check"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("CP0013") && err.contains("2250-02-28 is outside"), "{err}");
}

#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    // Found by the audit: `check --format json | head -0` panicked.
    for args in [
        &["check", "--format", "json"][..],
        &["list"],
        &["schema", "bulletin"],
        &["compare", "la-city/1229", "sf-city/1302"],
        &["period", "list"],
        &["crosswalk", "la-city", "sf-city"],
    ] {
        let mut child = classplan()
            .args(args)
            .arg("-C")
            .arg(repo())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    }
}

#[test]
fn screen_and_edits_say_what_they_could_not_do() {
    let ws = sample_workspace();
    let p = ws.path();
    // A missing answers file is "could not screen" (2), not "does not qualify" (1).
    let (code, _, err) = run_in(p, &["screen", "la-city-1229-2025", "no-such-file.json"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("cannot read"), "{err}");
    // A period with a reversed test window would not pass check: refused with
    // the diagnostics check prints, nothing written.
    let before = snapshot(p);
    let (code, _, err) = run_in(
        p,
        &[
            "period",
            "add",
            "la-city-1229-2025",
            "--open",
            "2027-02-26T08:00",
            "--close",
            "2027-03-11T23:59",
            "--test-window",
            "2027-05-03..2027-04-27",
        ],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("error[CP0062]") && err.contains("nothing was written"),
        "{err}"
    );
    // A title with a newline cannot break out of the scaffold (values are
    // TOML strings, never spliced into comments); the heading it would be
    // is refused like in any source, as is HTML in a department, or an
    // escape sequence for the terminal.
    let (code, _, err) = run_in(p, &["new", "class", "la-city", "1231", "Clerk\n# injected"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("CP0073") && err.contains("nothing was written"), "{err}");
    let (code, _, err) = run_in(p, &["new", "class", "la-city", "1231", "Clerk\u{1b}[2J"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("CP0077") && !err.contains('\u{1b}'), "{err}");
    let (code, _, err) = run_in(
        p,
        &[
            "new",
            "bulletin",
            "la-city/1229",
            "--period",
            "2027-01-04T08:00..2027-01-15T17:00",
            "--department",
            "<b>x</b>",
        ],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("CP0073"), "{err}");
    // A code the jurisdiction has in another file is refused.
    let (code, _, err) = run_in(p, &["new", "class", "la-city", "../x", "Clerk"]);
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(snapshot(p), before);
}

#[test]
fn edits_keep_line_endings_byte_order_mark_mode_and_links() {
    let ws = sample_workspace();
    let p = ws.path();
    let real = p.join("bulletins/la-city-1229-2025.toml");
    let text = std::fs::read_to_string(&real).unwrap();
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    // The bulletin lives elsewhere in the workspace; bulletins/ holds a link.
    let kept = p.join("specs/la-city-1229-2025.bulletin");
    std::fs::write(&kept, &crlf).unwrap();
    std::fs::remove_file(&real).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o600)).unwrap();
        std::os::unix::fs::symlink(&kept, &real).unwrap();
    }
    #[cfg(not(unix))]
    std::fs::write(&real, &crlf).unwrap();
    let (code, out, err) = run_in(p, &["period", "roll", "la-city-1229-2025", "--revised", "2026-11-22"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("+open = 2027-02-26T08:00:00"), "{out}");
    let target = if cfg!(unix) { &kept } else { &real };
    let after = std::fs::read_to_string(target).unwrap();
    assert!(after.starts_with('\u{feff}'), "byte-order mark dropped");
    assert_eq!(
        after.matches('\n').count(),
        after.matches("\r\n").count(),
        "line endings changed"
    );
    assert!(after.contains("open = 2027-02-26T08:00:00\r\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert!(std::fs::symlink_metadata(&real).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::metadata(&kept).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

/// Run the binary in `dir`, failing the test if it has not finished within
/// 60 seconds (a read of a pipe waits forever).
#[cfg(unix)]
fn run_bounded(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut child = classplan()
        .current_dir(dir)
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("`classplan {}` did not finish (waiting on a pipe?)", args.join(" "));
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo {}", path.display());
}

/// A pipe where a source, a template or one of the build's own files
/// should be: reported or replaced, never opened (opening a pipe waits for
/// a writer forever).
#[cfg(unix)]
#[test]
fn pipes_in_place_of_files_are_never_opened() {
    let ws = sample_workspace();
    let root = ws.path();
    mkfifo(&root.join("specs/la-city/classes/9999.toml"));
    std::fs::create_dir_all(root.join("templates")).unwrap();
    mkfifo(&root.join("templates/index.html"));
    let o = run_bounded(root, &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("`specs/la-city/classes/9999.toml` is not a regular file"),
        "{err}"
    );
    assert!(
        err.contains("template `templates/index.html` is not a regular file"),
        "{err}"
    );
    std::fs::remove_file(root.join("specs/la-city/classes/9999.toml")).unwrap();
    std::fs::remove_file(root.join("templates/index.html")).unwrap();
    // The build's own files: taken for missing, and written anew.
    let out = root.join("out");
    std::fs::create_dir_all(&out).unwrap();
    for name in [
        ".classplan-sources",
        ".classplan-manifest",
        ".classplan-manifest-changes",
        ".classplan-stamps",
        ".classplan-paths",
    ] {
        mkfifo(&out.join(name));
    }
    let o = run_bounded(root, &["build", "--only", "html", "--as-of", "2025-03-01"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run_bounded(root, &["paths", "la-city/1229"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for name in [
        ".classplan-sources",
        ".classplan-manifest",
        ".classplan-stamps",
        ".classplan-paths",
    ] {
        assert!(std::fs::symlink_metadata(out.join(name)).unwrap().is_file(), "{name}");
    }
    // The manifest was written whole: the changes beside it (here a pipe)
    // are gone.
    assert!(!out.join(".classplan-manifest-changes").exists());
    // The lock file: refused with a message.
    std::fs::remove_file(out.join(".classplan.lock")).unwrap();
    mkfifo(&out.join(".classplan.lock"));
    std::fs::write(root.join("specs/la-city/classes/1229.toml"), {
        let mut t = std::fs::read_to_string(root.join("specs/la-city/classes/1229.toml")).unwrap();
        t.push_str("# changed\n");
        t
    })
    .unwrap();
    let o = run_bounded(root, &["build", "--only", "html", "--as-of", "2025-03-01"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("is not a regular file; remove it"),
        "{}",
        stderr(&o)
    );
}

/// The changes written beside the manifest: bytes that are not changes
/// (or changes to another manifest) are ignored, and the build leaves what
/// a clean build leaves; a symbolic link there is never followed: the
/// build refuses to replace it and says so, and the file it points to is
/// untouched.
#[cfg(unix)]
#[test]
fn the_manifest_changes_file_is_taken_for_nothing_unless_it_is_changes() {
    let ws = sample_workspace();
    let root = ws.path();
    let out = root.join("out");
    let build = |root: &Path| run_bounded(root, &["build", "--only", "html,md", "--as-of", "2025-03-01"]);
    let edit = |n: usize| {
        let class = root.join("specs/sf-city/classes/1302.toml");
        let mut text = std::fs::read_to_string(&class).unwrap();
        text.push_str(&format!("# edit {n}\n"));
        std::fs::write(&class, text).unwrap();
    };
    assert!(build(root).status.success());
    let changes = out.join(".classplan-manifest-changes");
    std::fs::write(&changes, b"\x07not changes at all").unwrap();
    edit(1);
    let o = build(root);
    assert!(o.status.success(), "{}", stderr(&o));
    let clean = tempfile::tempdir().unwrap();
    copy_workspace(root, clean.path());
    let _ = std::fs::remove_dir_all(clean.path().join("out"));
    assert!(build(clean.path()).status.success());
    // The kept sources name the workspace they were kept for.
    let kept = classplan::site::kept_sources::KEPT_SOURCES;
    let (mut a, mut b) = (tree(&out), tree(&clean.path().join("out")));
    a.retain(|k, _| k != kept);
    b.retain(|k, _| k != kept);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    let differ: Vec<&String> = a.keys().filter(|k| a.get(*k) != b.get(*k)).collect();
    assert!(differ.is_empty(), "differs from a clean build: {differ:?}");

    let elsewhere = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(elsewhere.path(), b"keep me").unwrap();
    std::fs::remove_file(&changes).ok();
    std::os::unix::fs::symlink(elsewhere.path(), &changes).unwrap();
    edit(2);
    let o = build(root);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("it is a symbolic link"), "{}", stderr(&o));
    assert_eq!(std::fs::read(elsewhere.path()).unwrap(), b"keep me");
    assert!(std::fs::symlink_metadata(&changes).unwrap().file_type().is_symlink());
}
