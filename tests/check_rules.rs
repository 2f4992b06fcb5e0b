//! Every check rule on a fixture, with the exact expected diagnostics.
//!
//! A case is `tests/fixtures/check/<case>/`: `files/` overlays a base
//! workspace (`_base/`, or the repository's sample workspace when the case
//! has a `base` file saying `sample`), or the case itself is a whole
//! workspace. `expected.txt` is the golden output; `UPDATE_GOLDEN=1`
//! rewrites it (review every change). A case with a `lint` file runs as
//! `check --lint`: the lint rules' fixtures.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use classplan::rules::Rule;
use common::*;

fn build_case(case: &Path, into: &Path) {
    if case.join("specs").exists() || case.join("bulletins").exists() {
        copy_workspace(case, into);
        return;
    }
    let base = std::fs::read_to_string(case.join("base")).unwrap_or_default();
    if base.trim() == "sample" {
        copy_workspace(&repo(), into);
    } else {
        copy_workspace(&repo().join("tests/fixtures/check/_base"), into);
    }
    if case.join("files").exists() {
        copy_dir(&case.join("files"), into);
    }
}

#[test]
fn every_rule_fixture_matches_its_golden_output() {
    let root = repo().join("tests/fixtures/check");
    let mut failures = Vec::new();
    let mut covered: BTreeSet<&'static str> = BTreeSet::new();
    let mut cases = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for case in entries {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with('_') || !case.is_dir() {
            continue;
        }
        cases += 1;
        let tmp = tempfile::tempdir().unwrap();
        build_case(&case, tmp.path());
        let (out, ws) = if case.join("lint").exists() {
            lint_output(tmp.path())
        } else {
            check_output(tmp.path())
        };
        if ws.diagnostics.is_empty() {
            failures.push(format!("{name}: no diagnostics at all"));
        }
        for d in &ws.diagnostics {
            covered.insert(d.rule.id());
        }
        if let Err(e) = golden(&case.join("expected.txt"), &out) {
            failures.push(format!("{name}: {e}"));
        }
        // A build of a workspace with errors changes nothing under out/.
        if ws.has_errors() {
            let out_dir = tmp.path().join("out");
            std::fs::create_dir_all(out_dir.join("la-city/classes")).unwrap();
            std::fs::write(out_dir.join("la-city/classes/1229.html"), "previous build").unwrap();
            let opts = classplan::site::BuildOptions {
                out: out_dir.clone(),
                formats: classplan::render::OutputFormat::ALL.into_iter().collect(),
                as_of: chrono::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
                pdf_threads: 1,
                feedback: classplan::site::Feedback::Silent,
                force: false,
                base_url: None,
                drafts: false,
            };
            if classplan::site::build(&ws, &opts).is_ok() {
                failures.push(format!("{name}: build succeeded despite errors"));
            }
            let files: Vec<_> = walkdir::WalkDir::new(&out_dir)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .collect();
            if files.len() != 1
                || std::fs::read_to_string(out_dir.join("la-city/classes/1229.html")).unwrap() != "previous build"
            {
                failures.push(format!("{name}: a failed build changed out/"));
            }
        }
    }
    // Rules exercised by tests/bad_input.rs (files that cannot live in git).
    {
        let r = Rule::Io;
        covered.insert(r.id());
    }
    let missing: Vec<&str> = Rule::ALL
        .iter()
        .map(|r| r.id())
        .filter(|id| !covered.contains(id))
        .collect();
    if !missing.is_empty() {
        failures.push(format!("rules with no fixture: {missing:?}"));
    }
    assert!(cases >= 30, "expected at least 30 cases, found {cases}");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_base_fixture_and_the_sample_workspace_are_clean() {
    for dir in [repo().join("tests/fixtures/check/_base"), repo()] {
        let (out, ws) = check_output(&dir);
        assert!(ws.diagnostics.is_empty(), "{} is not clean:\n{out}", dir.display());
    }
}

#[test]
fn readme_lists_every_rule() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for r in Rule::ALL {
        assert!(
            readme.contains(&format!("| {} | `{}` |", r.id(), r.name())),
            "README lacks rule {} ({})",
            r.id(),
            r.name()
        );
    }
}

#[test]
fn published_schemas_are_current() {
    for (file, text) in classplan::schema_files() {
        let path = repo().join("schema").join(file);
        if let Err(e) = golden(&path, &text) {
            panic!("{e}\nrun `cargo run -- schema --out schema` and commit the result");
        }
    }
}
