//! The benchmark corpus generator: small plans pass `check`, are
//! deterministic, and nonsense sizes or occupied directories are refused.

mod common;

use classplan::bench::generate::{CorpusSpec, generate};

fn spec(classes: usize, bulletins: usize, jurisdictions: usize) -> CorpusSpec {
    CorpusSpec {
        classes,
        bulletins,
        jurisdictions,
        seed: 7,
    }
}

fn files(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    common::tree(dir).into_iter().collect()
}

#[test]
fn a_small_corpus_checks_clean_and_is_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    generate(&spec(50, 50, 3), &a).unwrap();
    generate(&spec(50, 50, 3), &b).unwrap();
    assert_eq!(files(&a), files(&b));
    let ws = classplan::check(&a);
    assert!(
        ws.diagnostics.is_empty(),
        "{:#?}",
        ws.diagnostics.iter().take(5).collect::<Vec<_>>()
    );
    let classes: usize = ws.plan.jurisdictions.values().map(|j| j.classes.len()).sum();
    assert_eq!(
        (classes, ws.plan.bulletins.len(), ws.plan.jurisdictions.len()),
        (50, 50, 3)
    );
    // Every kind of requirement item, competency models, 1-3 periods, every pay unit.
    let all = files(&a)
        .into_iter()
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    for needle in [
        "type = \"experience\"",
        "type = \"education\"",
        "type = \"course\"",
        "type = \"license\"",
        "unit = \"hourly\"",
        "unit = \"biweekly\"",
        "unit = \"monthly\"",
        "unit = \"annual\"",
        "[requirements.filing_short]",
        "[[requirements.routes.parts]]",
        "[[requirements.substitutions]]",
    ] {
        assert!(all.contains(needle), "corpus lacks {needle}");
    }
    assert!(ws.plan.jurisdictions.values().any(|j| !j.models.is_empty()));
    assert!(ws.plan.bulletins.values().any(|b| b.periods.len() == 3));
}

#[test]
fn the_generated_plan_has_a_promotion_graph() {
    // Classes name classes ("as a", "at the level of", two classes), every
    // reference resolves, and the graph has long chains
    // but no cycle and no class that cannot be reached.
    let tmp = tempfile::tempdir().unwrap();
    generate(&spec(600, 10, 2), &tmp.path().join("p")).unwrap();
    let ws = classplan::check(&tmp.path().join("p"));
    // (Larger plans than the one above can have other warnings, such as
    // two generated duties sharing most words; none about career paths.)
    let career: Vec<_> = ws
        .diagnostics
        .iter()
        .filter(|d| d.is_error() || d.rule.id().starts_with("CP009"))
        .collect();
    assert!(career.is_empty(), "{:#?}", career.iter().take(5).collect::<Vec<_>>());
    let all = files(&tmp.path().join("p"))
        .into_iter()
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    for needle in [
        "in_classes = [{ title = ",
        "at_level_of = { title = ",
        "\" }, { title = ",
    ] {
        assert!(all.contains(needle), "corpus lacks {needle}");
    }
    let stats = classplan::derive::paths::plan_paths(&ws.plan).plan_graph().stats;
    assert!(stats.edges >= 300, "{stats:?}");
    assert!(stats.longest_path >= 100, "{stats:?}");
    assert_eq!((stats.cycles, stats.unreachable), (0, 0), "{stats:?}");
}

#[test]
fn nonsense_sizes_and_occupied_directories_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    for (s, msg) in [
        (spec(0, 0, 1), "at least one class"),
        (spec(5, 5, 0), "at least one class and one jurisdiction"),
        (spec(5, 5, 11), "at most 10"),
        (spec(2, 2, 3), "more jurisdictions"),
    ] {
        let err = generate(&s, &tmp.path().join("x")).unwrap_err().to_string();
        assert!(err.contains(msg), "{err}");
        assert!(!tmp.path().join("x").exists());
    }
    std::fs::create_dir_all(tmp.path().join("full")).unwrap();
    std::fs::write(tmp.path().join("full/keep.txt"), "mine").unwrap();
    assert!(
        generate(&spec(5, 5, 1), &tmp.path().join("full"))
            .unwrap_err()
            .to_string()
            .contains("not empty")
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("full/keep.txt")).unwrap(),
        "mine"
    );
    // No temporary corpus is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".classplan-corpus"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn the_query_benchmark_reads_the_workspace_given_with_dash_c() {
    // From a directory that is no workspace, `-C` names the plan (it was
    // ignored before: the positional default "." won).
    let tmp = tempfile::tempdir().unwrap();
    let ws = common::repo().join("tests/fixtures/corpus");
    let out = common::run_in(
        tmp.path(),
        &["-C", ws.to_str().unwrap(), "bench-queries", "--runs", "2"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["classes"], 25);
}
