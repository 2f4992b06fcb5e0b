//! `classplan paths` and the career path graph on a small plan with every
//! kind of step: exact and normalised titles ("Clerks", "Sr. Clerk"), "at
//! the level of", two routes to one class, a cycle with another way in,
//! and titles that need escaping in DOT and GraphML.

mod common;

use common::{golden, repo, run_in, stderr};

fn workspace() -> std::path::PathBuf {
    repo().join("tests/fixtures/workspaces/paths")
}

/// A temporary copy of the fixture (`paths` keeps the plan's graph in the
/// workspace's `out/`).
fn copied() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_workspace(&workspace(), tmp.path());
    tmp
}

/// What `paths` says when it answers from the graph kept in `out/`.
const KEPT: &str = "the plan's graph as kept in";

/// `paths ARGS -v` in `dir`: stdout, and whether the kept graph answered.
fn paths_v(dir: &std::path::Path, args: &[&str]) -> (String, bool) {
    let mut all = vec!["paths", "-v"];
    all.extend_from_slice(args);
    let out = run_in(dir, &all);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    let kept = stderr(&out).contains(KEPT);
    (String::from_utf8(out.stdout).unwrap(), kept)
}

#[test]
fn paths_of_a_class_in_every_format_match_golden_files() {
    let tmp = copied();
    let dir = tmp.path();
    // The first run loads the plan and keeps its graph; every case below
    // is then answered twice, from the loaded plan and from the kept graph.
    let (_, kept) = paths_v(dir, &["testville/100"]);
    assert!(!kept, "nothing was kept yet");
    assert!(dir.join("out/.classplan-paths").is_file());
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
        let mut loading = args.clone();
        loading.push("--no-cache");
        let (loaded, kept) = paths_v(dir, &loading[1..]);
        assert!(!kept, "{name}: --no-cache used the kept graph");
        if let Err(e) = golden(&repo().join("tests/golden/paths").join(name), &loaded) {
            failures.push(e);
        }
        let (text, kept) = paths_v(dir, &args[1..]);
        assert!(kept, "{name}: the kept graph was not used");
        assert_eq!(text, loaded, "{name}: the kept graph answers differently");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Write `text` to `rel` in `dir` with the file's time set `ago` seconds back.
fn write_aged(dir: &std::path::Path, rel: &str, text: &str, ago: u64) {
    let path = dir.join(rel);
    std::fs::write(&path, text).unwrap();
    let when = std::time::SystemTime::now() - std::time::Duration::from_secs(ago);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(when)
        .unwrap();
}

/// Every source's time set an hour back: files a record may trust by time.
fn age_sources(dir: &std::path::Path) {
    for e in walkdir::WalkDir::new(dir) {
        let e = e.unwrap();
        if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "toml") {
            let text = std::fs::read_to_string(e.path()).unwrap();
            let rel = e.path().strip_prefix(dir).unwrap().to_str().unwrap().to_string();
            write_aged(dir, &rel, &text, 3600);
        }
    }
}

#[test]
fn a_kept_graph_answers_only_while_no_source_changed() {
    let tmp = copied();
    let dir = tmp.path();
    age_sources(dir);
    let class = "specs/testville/classes/100.toml";
    let fresh = |args: &[&str]| {
        let mut all = args.to_vec();
        all.push("--no-cache");
        paths_v(dir, &all).0
    };
    let before = paths_v(dir, &["testville/300"]).0;
    assert!(
        paths_v(dir, &["testville/300"]).1,
        "an unchanged workspace uses the kept graph"
    );

    // Only the time changed (a checkout, `touch`): the text decides, the
    // graph is used, and the record takes the new time (so the next run
    // trusts it without reading the file).
    let record = dir.join("out/.classplan-paths");
    let made = std::fs::read(&record).unwrap();
    let text = std::fs::read_to_string(dir.join(class)).unwrap();
    write_aged(dir, class, &text, 1800);
    assert!(paths_v(dir, &["testville/300"]).1, "the same text at another time");
    assert_ne!(std::fs::read(&record).unwrap(), made, "the record keeps the new time");

    // A retitle: the next run loads the plan and says the new title.
    let text = std::fs::read_to_string(dir.join(class)).unwrap();
    write_aged(
        dir,
        class,
        &text.replace("title = \"Clerk\"", "title = \"Clerk Typist\""),
        3600,
    );
    let (after, kept) = paths_v(dir, &["testville/300"]);
    assert!(!kept, "a changed source: the kept graph must not answer");
    assert_ne!(after, before);
    assert_eq!(after, fresh(&["testville/300"]));
    assert!(paths_v(dir, &["testville/300"]).1, "kept again after loading");

    // The same length and the same time, other text: within two seconds
    // of the record, a time is not trusted and the text decides.
    let recent = std::time::SystemTime::now();
    let principal = dir.join("specs/testville/classes/300.toml");
    let text = std::fs::read_to_string(&principal).unwrap();
    let retitled = |title: &str| {
        std::fs::write(&principal, text.replace("title = \"Principal Clerk\"", title)).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&principal)
            .unwrap()
            .set_modified(recent)
            .unwrap();
    };
    retitled("title = \"Principal Clerx\"");
    std::fs::remove_file(dir.join("out/.classplan-paths")).unwrap();
    assert!(paths_v(dir, &["testville/300"]).0.starts_with("Principal Clerx"));
    retitled("title = \"Principal Clerz\"");
    let (same_size, kept) = paths_v(dir, &["testville/300"]);
    assert!(!kept, "a file of the same size and time written just before the record");
    assert!(same_size.starts_with("Principal Clerz"), "{same_size}");

    // A new class, and a class removed.
    paths_v(dir, &["testville/300"]);
    let extra = "specs/testville/classes/600.toml";
    let text = std::fs::read_to_string(dir.join("specs/testville/classes/400.toml")).unwrap();
    write_aged(dir, extra, &text.replace("code = \"400\"", "code = \"600\""), 3600);
    let (_, kept) = paths_v(dir, &["testville/600"]);
    assert!(!kept, "a new source");
    std::fs::remove_file(dir.join(extra)).unwrap();
    let out = run_in(dir, &["paths", "-v", "testville/600"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a removed class is not found: {}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains(KEPT));
    let out = run_in(dir, &["paths", "-v", "testville/30"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(KEPT) && stderr(&out).contains("did you mean"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_damaged_moved_or_refused_record_is_not_used() {
    let tmp = copied();
    let dir = tmp.path();
    age_sources(dir);
    let expected = paths_v(dir, &["testville/300", "--no-cache"]).0;
    assert!(!dir.join("out").exists(), "--no-cache keeps nothing");
    paths_v(dir, &["testville/300"]);
    let record = dir.join("out/.classplan-paths");
    let bytes = std::fs::read(&record).unwrap();
    // Cut short, or every byte of the graph's part changed: loaded again.
    for damaged in [
        bytes[..bytes.len() / 2].to_vec(),
        bytes.iter().map(|b| b ^ 0x5a).collect(),
    ] {
        std::fs::write(&record, &damaged).unwrap();
        let (text, kept) = paths_v(dir, &["testville/300"]);
        assert!(!kept);
        assert_eq!(text, expected);
    }
    assert!(paths_v(dir, &["testville/300"]).1, "the record was made again");
    // The workspace moved elsewhere, with its out/: the record names the
    // other place, so the plan is loaded.
    let moved = tempfile::tempdir().unwrap();
    common::copy_dir(dir, moved.path());
    age_sources(moved.path());
    let (text, kept) = paths_v(moved.path(), &["testville/300"]);
    assert!(!kept, "a record of another workspace");
    assert_eq!(text, expected);
}

#[test]
fn errors_elsewhere_are_noted_from_a_kept_graph_too() {
    let tmp = copied();
    let dir = tmp.path();
    let bulletin = "bulletins/principal-clerk-2025.toml";
    let text = std::fs::read_to_string(dir.join(bulletin)).unwrap();
    std::fs::write(dir.join(bulletin), format!("{text}\nnot_a_field = 1\n")).unwrap();
    age_sources(dir);
    for expect_kept in [false, true] {
        let out = run_in(dir, &["paths", "-v", "testville/300"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(stderr(&out).contains(KEPT), expect_kept, "{}", stderr(&out));
        assert!(
            stderr(&out).contains("note: the workspace has 1 error elsewhere"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn the_quickest_path_goes_through_the_shorter_chain() {
    // Principal Clerk: 4 years as a Clerk (route 2), or 1 year as a Senior
    // Clerk, who needs 2 years as a Clerk: 36 months beat 48.
    let tmp = copied();
    let out = run_in(tmp.path(), &["paths", "testville/300", "--format", "json"]);
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
    let tmp = copied();
    let out = run_in(tmp.path(), &["paths", "testville/30"]);
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
