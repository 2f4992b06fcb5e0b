//! `classplan paths` and the career path graph on a small plan with every
//! kind of step: exact and normalised titles ("Clerks", "Sr. Clerk"), "at
//! the level of", two routes to one class, a cycle with another way in,
//! and titles that need escaping in DOT and GraphML.

mod common;

use common::{golden, repo, run_in, stderr};

fn workspace() -> std::path::PathBuf {
    repo().join("tests/fixtures/workspaces/paths")
}

#[test]
fn paths_of_a_class_in_every_format_match_golden_files() {
    let dir = workspace();
    let mut failures = Vec::new();
    for (name, args) in [
        ("300.txt", vec!["paths", "testville/300"]),
        ("300-up-1.txt", vec!["paths", "testville/300", "--up", "--depth", "1"]),
        (
            "300-down.json",
            vec!["paths", "testville/300", "--down", "--format", "json"],
        ),
        ("501.dot", vec!["paths", "testville/501", "--format", "dot"]),
        ("501.graphml", vec!["paths", "testville/501", "--format", "graphml"]),
        ("100-down.txt", vec!["paths", "testville/100", "--down"]),
    ] {
        let out = run_in(&dir, &args);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        let text = String::from_utf8(out.stdout).unwrap();
        if let Err(e) = golden(&repo().join("tests/golden/paths").join(name), &text) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_quickest_path_goes_through_the_shorter_chain() {
    // Principal Clerk: 4 years as a Clerk (route 2), or 1 year as a Senior
    // Clerk, who needs 2 years as a Clerk: 36 months beat 48.
    let out = run_in(&workspace(), &["paths", "testville/300", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], "classplan/paths/1");
    assert_eq!(v["quickest"]["months"], 36.0);
    assert_eq!(
        v["quickest"]["classes"],
        serde_json::json!(["testville/100", "testville/200", "testville/300"])
    );
    assert_eq!(
        v["cycles"],
        serde_json::json!([["testville/500", "testville/501", "testville/500"]])
    );
}

#[test]
fn an_unknown_class_is_a_usage_error_with_a_suggestion() {
    let out = run_in(&workspace(), &["paths", "testville/30"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("did you mean"), "{}", stderr(&out));
}

/// The fixture copied and built (`--only FORMATS`) into its `out/`.
fn built(formats: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_workspace(&workspace(), tmp.path());
    let out = run_in(tmp.path(), &["build", "--only", formats, "--as-of", "2025-01-01"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    tmp
}

#[test]
fn pages_carry_the_career_path_section_and_the_map() {
    let tmp = built("html,json");
    let read = |rel: &str| std::fs::read_to_string(tmp.path().join("out").join(rel)).unwrap();
    let mut failures = Vec::new();
    for (golden_name, rel) in [
        ("300.html.main", "testville/classes/300.html"),
        (
            "bulletin.html.main",
            "testville/bulletins/principal-clerk-2025/index.html",
        ),
        ("paths-page.html.main", "paths/index.html"),
    ] {
        if let Err(e) = golden(
            &repo().join("tests/golden/paths").join(golden_name),
            &common::main_of(&read(rel)),
        ) {
            failures.push(e);
        }
    }
    for rel in ["paths/paths.json", "paths/paths.graphml", "paths/paths.dot"] {
        let name = rel.trim_start_matches("paths/");
        if let Err(e) = golden(&repo().join("tests/golden/paths/plan").join(name), &read(rel)) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The class JSON carries the section as data.
    let class: serde_json::Value = serde_json::from_str(&read("testville/classes/300.json")).unwrap();
    assert_eq!(class["career_path"]["from"][0]["title"], "Clerk");
    // Entry-level page links the map from the site index.
    assert!(read("index.html").contains("href=\"paths/index.html\""));
    // Titles are escaped in the diagram and the lists.
    assert!(!read("paths/index.html").contains("Records & \"Files\""));
}

#[test]
fn markdown_text_and_pdf_carry_the_career_path_section() {
    let tmp = built("md,txt");
    let read = |rel: &str| std::fs::read_to_string(tmp.path().join("out").join(rel)).unwrap();
    let mut failures = Vec::new();
    for (golden_name, rel) in [
        ("300.md", "testville/classes/300.md"),
        ("bulletin.md", "testville/bulletins/principal-clerk-2025/bulletin.md"),
        ("bulletin.txt", "testville/bulletins/principal-clerk-2025/bulletin.txt"),
    ] {
        if let Err(e) = golden(&repo().join("tests/golden/paths").join(golden_name), &read(rel)) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // A class in a cycle has the section too.
    assert!(read("testville/classes/501.md").contains("## Career path"));

    // The PDFs: the same lists, from the same view, and Typst has nothing
    // to warn about.
    let ws = classplan::check(&workspace());
    let templates = classplan::templates(&ws).ok().unwrap();
    let as_of = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let mut seen = 0;
    for task in classplan::site::pdf_tasks(&ws, as_of) {
        let Some(section) = task.data["career_path"].as_object() else {
            continue;
        };
        let warnings = classplan::render::pdf::task_warnings(&templates, &task).unwrap();
        assert!(warnings.is_empty(), "{}: {warnings:?}", task.rel);
        // Words as the PDF's text gives them (a bold title is its own run).
        let norm = |s: &str| {
            s.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .replace(" ,", ",")
                .replace(" :", ":")
        };
        let text = norm(&classplan::render::pdf::task_text(&templates, &task).unwrap());
        assert!(text.contains("Career path"), "{}: {text}", task.rel);
        for l in ["from", "to"].iter().flat_map(|k| section[*k].as_array().unwrap()) {
            for key in ["title", "phrase"] {
                let want = norm(l[key].as_str().unwrap());
                assert!(text.contains(&want), "{}: no {want:?} in {text}", task.rel);
            }
        }
        if let Some(q) = section["quickest"].as_str().map(norm) {
            assert!(text.contains(&q), "{}: no {q:?} in {text}", task.rel);
        }
        seen += 1;
    }
    // Every class with a step and the bulletin.
    assert!(seen >= 6, "{seen}");
}

#[test]
fn paths_json_counts_the_references_and_lists_the_loose_ones() {
    // Two classes titled "Typist" (ambiguous) and a misspelt "Senior
    // Clark" (no class): neither is a step, both are listed.
    let tmp = tempfile::tempdir().unwrap();
    common::copy_workspace(&workspace(), tmp.path());
    let base = std::fs::read_to_string(workspace().join("specs/testville/classes/100.toml")).unwrap();
    let class = |code: &str, title: &str, refs: &str| {
        base.replace("code = \"100\"", &format!("code = \"{code}\""))
            .replace("title = \"Clerk\"", &format!("title = \"{title}\""))
            .replace("kind = \"clerical\" }", &format!("kind = \"clerical\"{refs} }}"))
    };
    let dir = tmp.path().join("specs/testville/classes");
    std::fs::write(dir.join("601.toml"), class("601", "Typist", "")).unwrap();
    std::fs::write(dir.join("602.toml"), class("602", "Typist", "")).unwrap();
    std::fs::write(
        dir.join("603.toml"),
        class(
            "603",
            "Typing Supervisor",
            ", in_classes = [{ title = \"Typist\" }, { title = \"Senior Clark\" }, { title = \"Clerk\" }]",
        ),
    )
    .unwrap();
    let out = run_in(tmp.path(), &["build", "--only", "html,json", "--as-of", "2025-01-01"]);
    assert!(out.status.code().is_some_and(|c| c <= 1), "{}", stderr(&out));
    let graph: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("out/paths/paths.json")).unwrap()).unwrap();
    assert_eq!(
        graph["stats"]["references"],
        serde_json::json!({"total": 11, "resolved": 9, "own": 0, "ambiguous": 1, "unresolved": 1})
    );
    assert_eq!(
        graph["loose_references"],
        serde_json::json!([
            {"class": "testville/603", "route": "1", "title": "Typist", "candidates": ["testville/601", "testville/602"]},
            {"class": "testville/603", "route": "1", "title": "Senior Clark", "candidates": []},
        ])
    );
}
