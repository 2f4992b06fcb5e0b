//! `classplan lint`: levels and exceptions, `--fix`, `--report`, `explain`,
//! and bad input (the rules themselves have fixtures under
//! `tests/fixtures/check/lint-*`).

mod common;

use std::path::Path;

use classplan::rules::{Rule, Severity};
use common::*;
use proptest::prelude::*;

/// The base fixture workspace with `files` (relative path, text) added.
fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_workspace(&repo().join("tests/fixtures/check/_base"), tmp.path());
    for (rel, text) in files {
        let p = tmp.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    tmp
}

fn rules_of(root: &Path) -> Vec<(Rule, Severity)> {
    let (ws, _) = classplan::check_and_lint(root);
    ws.diagnostics.iter().map(|d| (d.rule, d.severity)).collect()
}

const SHOUTING: &str = "code = \"300\"\ntitle = \"Clerk Typist\"\nsummary = \"Types letters. THIS CLASS IS OPEN TO ALL RESIDENTS OF THE CITY OF TESTVILLE.\"\n";

#[test]
fn levels_allows_and_inline_exceptions_apply_to_the_findings() {
    let ws = workspace(&[("specs/testville/classes/300.toml", SHOUTING)]);
    assert_eq!(rules_of(ws.path()), vec![(Rule::Shouting, Severity::Warning)]);

    // The jurisdiction denies it: an error.
    let j = std::fs::read_to_string(ws.path().join("specs/testville/jurisdiction.toml")).unwrap();
    let denied = format!("{j}\n[lint]\nlevels = {{ shouting = \"deny\" }}\n");
    std::fs::write(ws.path().join("specs/testville/jurisdiction.toml"), &denied).unwrap();
    assert_eq!(rules_of(ws.path()), vec![(Rule::Shouting, Severity::Error)]);

    // The document allows it, with a reason: gone.
    let allowed =
        format!("{SHOUTING}\n[lint]\nallow = [\"shouting\"]\nreason = \"the notice as the charter words it\"\n");
    std::fs::write(ws.path().join("specs/testville/classes/300.toml"), &allowed).unwrap();
    assert_eq!(rules_of(ws.path()), vec![]);

    // One field, by a comment above it: gone; on another field: still there.
    let inline = SHOUTING.replace(
        "summary =",
        "# lint-allow(shouting): the notice as the charter words it\nsummary =",
    );
    std::fs::write(ws.path().join("specs/testville/classes/300.toml"), &inline).unwrap();
    assert_eq!(rules_of(ws.path()), vec![]);
    let other = SHOUTING.replace("title =", "# lint-allow(shouting): not this field\ntitle =");
    std::fs::write(ws.path().join("specs/testville/classes/300.toml"), &other).unwrap();
    assert_eq!(rules_of(ws.path()), vec![(Rule::Shouting, Severity::Error)]);

    // Allowed by the jurisdiction: gone everywhere; `check` alone never lints.
    let allowed_j = format!("{j}\n[lint]\nlevels = {{ shouting = \"allow\", CP0101 = \"deny\" }}\n");
    std::fs::write(ws.path().join("specs/testville/jurisdiction.toml"), &allowed_j).unwrap();
    std::fs::write(ws.path().join("specs/testville/classes/300.toml"), SHOUTING).unwrap();
    assert_eq!(rules_of(ws.path()), vec![]);
    assert!(classplan::check(ws.path()).diagnostics.is_empty());
}

#[test]
fn terms_of_art_are_not_counted_as_coded_words() {
    // "competitive examination", "competencies", "principles of": public
    // employment terms, not descriptions of the person wanted.
    let class = "code = \"300\"\ntitle = \"Accountant\"\nsummary = \"Given on an open competitive basis. The competencies tested include the principles of accounting. Leads audits.\"\n";
    let ws = workspace(&[("specs/testville/classes/300.toml", class)]);
    let (_, outcome) = classplan::check_and_lint(ws.path());
    let doc = outcome
        .report
        .documents
        .iter()
        .find(|d| d.id == "testville/300")
        .unwrap();
    assert_eq!(
        doc.masculine.keys().collect::<Vec<_>>(),
        vec!["lead*"],
        "{:?}",
        doc.masculine
    );
}

#[test]
fn check_rule_levels_live_in_the_same_table() {
    // A check warning (a typed date) allowed, then denied, by the jurisdiction.
    let class = "code = \"300\"\ntitle = \"Clerk\"\nsummary = \"The test is on Monday, March 3.\"\n";
    let ws = workspace(&[("specs/testville/classes/300.toml", class)]);
    let j = std::fs::read_to_string(ws.path().join("specs/testville/jurisdiction.toml")).unwrap();
    let rules = |ws: &Path| -> Vec<(Rule, Severity)> {
        classplan::check(ws)
            .diagnostics
            .iter()
            .map(|d| (d.rule, d.severity))
            .collect()
    };
    assert_eq!(rules(ws.path()), vec![(Rule::TypedDate, Severity::Warning)]);
    std::fs::write(
        ws.path().join("specs/testville/jurisdiction.toml"),
        format!("{j}\n[lint]\nlevels = {{ typed-date = \"deny\" }}\n"),
    )
    .unwrap();
    assert_eq!(rules(ws.path()), vec![(Rule::TypedDate, Severity::Error)]);
    std::fs::write(
        ws.path().join("specs/testville/jurisdiction.toml"),
        format!("{j}\n[lint]\nlevels = {{ typed-date = \"allow\" }}\n"),
    )
    .unwrap();
    assert_eq!(rules(ws.path()), vec![]);
}

#[test]
fn fix_puts_capitals_in_sentence_case_in_place_keeping_the_file_layout() {
    // CRLF line endings, a comment, a line-continued multi-line string.
    let class = "code = \"300\"\r\ntitle = \"Clerk Typist\"\r\n# the bulletin's notice\r\nsummary = \"\"\"\r\nTypes letters. THIS CLASS IS OPEN TO ALL \\\r\n  RESIDENTS OF THE CITY OF TESTVILLE.\"\"\"\r\n";
    let ws = workspace(&[("specs/testville/classes/300.toml", class)]);
    let path = ws.path().join("specs/testville/classes/300.toml");

    let dry = run_in(ws.path(), &["lint", "--fix", "--dry-run"]);
    assert_eq!(dry.status.code(), Some(0), "{}", stderr(&dry));
    let diff = String::from_utf8_lossy(&dry.stdout);
    assert!(diff.contains("+Types letters. This class is open to all \\"), "{diff}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        class,
        "--dry-run changed the file"
    );

    let fixed = run_in(ws.path(), &["lint", "--fix"]);
    assert_eq!(fixed.status.code(), Some(0), "{}", stderr(&fixed));
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        after,
        class
            .replace("THIS CLASS IS OPEN TO ALL", "This class is open to all")
            .replace(
                "RESIDENTS OF THE CITY OF TESTVILLE",
                "residents of the City of Testville"
            )
    );
    assert!(!stderr(&fixed).contains("CP0105"), "{}", stderr(&fixed));
    // Nothing left to fix: a second run changes nothing.
    let again = run_in(ws.path(), &["lint", "--fix"]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), after);
}

#[test]
fn the_report_is_a_page_with_charts_and_the_site_index_links_it() {
    let ws = sample_workspace();
    let out = run_in(ws.path(), &["lint", "--report", "-q"]);
    assert!(out.status.code() == Some(0), "{}", stderr(&out));
    let page = std::fs::read_to_string(ws.path().join("out/lint/index.html")).unwrap();
    assert!(page.contains("<svg") && page.contains("role=\"img\""), "no chart");
    assert!(page.contains("Documents by grade level"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ws.path().join("out/lint/lint.json")).unwrap()).unwrap();
    assert_eq!(json["schema"], "classplan/lint/1");
    assert_eq!(json["documents"].as_array().unwrap().len(), 4);
    assert!(json["summary"]["grade_median"].as_f64().unwrap() > 5.0);

    let built = run_in(ws.path(), &["build", "--only", "html", "-q"]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let index = std::fs::read_to_string(ws.path().join("out/index.html")).unwrap();
    assert!(index.contains("href=\"lint/index.html\""));
    // The build leaves the report alone.
    assert!(ws.path().join("out/lint/index.html").exists());
}

#[test]
fn explain_covers_every_rule_with_an_example() {
    for r in Rule::ALL {
        let out = run_in(&repo(), &["explain", r.id()]);
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.starts_with(&format!("{} {}", r.id(), r.name())), "{text}");
        if *r != Rule::Io {
            assert!(text.contains(&format!("[{}]", r.id())), "no example for {}", r.id());
        }
    }
    let by_name = run_in(&repo(), &["explain", "readability"]);
    assert!(String::from_utf8_lossy(&by_name.stdout).contains("Flesch-Kincaid"));
    let unknown = run_in(&repo(), &["explain", "readabilty"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("did you mean `readability`"));
}

#[test]
fn hard_text_never_panics_and_stays_bounded() {
    let enormous = "word ".repeat(200_000);
    let cases = [
        String::new(),
        " ".into(),
        enormous.trim().to_string(),
        "Der Bewerber muss über ausgezeichnete Deutschkenntnisse verfügen. これは日本語の文です。".into(),
        "Cafe\u{301} ma\u{301}s 👩🏽‍💻 emoji 🎉 and e\u{301}\u{301}\u{301}.".into(),
        "A. B. C. D. ... ??? !!! ... e.g. i.e. U.S.".into(),
        "x".repeat(100_000),
        "[here](https://x.org) [](https://y.org) <https://z.org>".into(),
    ];
    for (i, text) in cases.iter().enumerate() {
        let class = format!(
            "code = \"300\"\ntitle = \"Clerk\"\nsummary = {}\nphysical_requirements = {}\n",
            toml_string(text),
            toml_string(text)
        );
        let ws = workspace(&[("specs/testville/classes/300.toml", &class)]);
        let (_, outcome) = classplan::check_and_lint(ws.path());
        let doc = outcome.report.documents.iter().find(|d| d.id == "testville/300");
        assert!(doc.is_some() || text.trim().is_empty(), "case {i}");
    }
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

#[test]
fn a_bad_lint_table_is_located() {
    let j = "id = \"testville\"\nname = \"City of Testville\"\ntime_zone = \"America/Chicago\"\nlocation = { locality = \"Testville\", region = \"IL\" }\n[class_specs]\nblocks = [\"eeo\"]\n[blocks.eeo]\ntext = \"Testville is an equal opportunity employer.\"\n[lint]\ngrade = 99\nsentence_words = 0\nunknown = 1\n";
    let ws = workspace(&[("specs/testville/jurisdiction.toml", j)]);
    let (out, ws) = lint_output(ws.path());
    let rules: Vec<Rule> = ws.diagnostics.iter().map(|d| d.rule).collect();
    assert!(rules.contains(&Rule::WrongType), "{out}");
    assert!(rules.contains(&Rule::UnknownKey), "{out}");
    assert!(out.contains("jurisdiction.toml:10:"), "{out}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// Sentences and words of arbitrary text are ranges inside it, in
    /// order; the grade is finite.
    #[test]
    fn measures_of_any_text_are_well_formed(
        parts in proptest::collection::vec(
            prop_oneof![
                "[A-Za-z]{1,12}",
                "[A-Z]{2,6}",
                "[0-9]{1,4}(\\.[0-9]{1,2})?",
                Just(". ".to_string()), Just("? ".to_string()), Just("e.g. ".to_string()),
                Just("https://x.org/a.b ".to_string()), Just("café ".to_string()), Just("👩🏽‍💻".to_string()),
                Just(" ".to_string()), Just("-".to_string()), Just("'".to_string()),
            ],
            0..80,
        )
    ) {
        let text: String = parts.concat();
        let mut last = 0;
        for s in classplan::lint::measure::sentences(&text) {
            prop_assert!(s.start >= last && s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            last = s.end;
        }
        let mut last = 0;
        for w in classplan::lint::measure::words(&text) {
            prop_assert!(w.start >= last && w.end <= text.len() && w.start < w.end);
            prop_assert!(classplan::lint::measure::syllables(&text[w.clone()]) >= 1);
            last = w.end;
        }
        let mut c = classplan::lint::measure::Counts::default();
        for s in classplan::lint::measure::sentences(&text) {
            c.add_sentence(&text[s]);
        }
        if let Some(g) = c.grade() {
            prop_assert!(g.is_finite());
        }
    }
}
