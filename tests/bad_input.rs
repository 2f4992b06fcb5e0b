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
    std::fs::write(ws.path().join("specs/la-city/classes/bad.toml"), bytes).unwrap();
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
    let text = std::fs::read_to_string(&class)
        .unwrap()
        .replace("Deal tactfully", "Deal tactually");
    std::fs::write(&class, text).unwrap();
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
