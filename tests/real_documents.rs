//! Constructs of real plans on a small workspace
//! (`tests/fixtures/workspaces/real-documents`): a class described by its
//! summary alone, classification facts, superseded requirements, lettered
//! parts, a substitution and a filing allowance, a competency model with a
//! level not stated and a bank entry with a title only, and a 2017-style
//! bulletin (no job number, a posted date, a day-only deadline, department
//! pay, a flat rate, an open-ended period). It checks clean, and each
//! construct reaches the outputs as it should.

mod common;

use chrono::NaiveDate;
use classplan::site::build;
use common::*;

fn built(as_of: (i32, u32, u32)) -> (tempfile::TempDir, std::path::PathBuf) {
    let ws = classplan::check(&repo().join("tests/fixtures/workspaces/real-documents"));
    assert!(ws.diagnostics.is_empty(), "{:#?}", ws.diagnostics);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let opts = text_build(&out, NaiveDate::from_ymd_opt(as_of.0, as_of.1, as_of.2).unwrap());
    build(&ws, &opts).unwrap();
    (tmp, out)
}

fn read(p: std::path::PathBuf) -> String {
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn department_pay_is_printed_apart_and_never_in_the_headline() {
    let (_tmp, out) = built((2017, 5, 20));
    let dir = out.join("testville/bulletins/records-2017");
    let txt = read(dir.join("bulletin.txt"));
    assert!(txt.contains("Salary: $43,639 to $72,182 Annually"), "{txt}");
    assert!(txt.contains("$43,639 to $63,809; and $72,182 (flat rate)"), "{txt}");
    assert!(
        txt.contains("The salary in the Department of Water and Power is $54,663 to $99,922."),
        "{txt}"
    );
    let ld: serde_json::Value = serde_json::from_str(&read(dir.join("jobposting.jsonld"))).unwrap();
    assert_eq!(ld["baseSalary"]["value"]["minValue"], 43639.0);
    assert_eq!(ld["baseSalary"]["value"]["maxValue"], 72182.0);
}

#[test]
fn day_only_and_open_ended_periods_read_as_the_source_says() {
    let (_tmp, out) = built((2017, 10, 2));
    let dir = out.join("testville/bulletins/records-2017");
    let txt = read(dir.join("bulletin.txt"));
    assert!(
        txt.contains("From Friday, May 12, 2017 to Thursday, May 25, 2017."),
        "{txt}"
    );
    assert!(
        txt.contains("Applications will be accepted from Friday, September 1, 2017 until further notice."),
        "{txt}"
    );
    assert!(txt.contains("Posted: 05/12/2017"), "{txt}");
    assert!(!txt.contains("Job number"), "{txt}");
    assert!(
        txt.contains("(Exam Open to All, including Current City Employees)"),
        "{txt}"
    );
    assert!(txt.contains("Examination Weight:\n  Written Test: 100%"), "{txt}");
    // The current period never closes: no validThrough.
    let ld: serde_json::Value = serde_json::from_str(&read(dir.join("jobposting.jsonld"))).unwrap();
    assert!(ld.get("validThrough").is_none(), "{ld:#}");
    assert_eq!(ld["identifier"]["value"], "records-2017");
}

#[test]
fn parts_substitutions_and_allowances_reach_text_and_questionnaire() {
    let (_tmp, out) = built((2017, 5, 20));
    let txt = read(out.join("testville/bulletins/records-2017/bulletin.txt"));
    for want in [
        "1. Two years of full-time paid experience as a Senior Clerk or in a class at that level with the City of Testville; or",
        "2. Completion of one of the following:\n   a. An associate degree in business; or\n   b. Four years of full-time records management experience.",
        "Completion of four courses, of at least 3 semester or 4 quarter units each, in records management may be substituted for a maximum of six months of the experience of Requirement #1.",
        "Applicants filing under Requirement #1 who lack six months or less of the required experience may file for this examination.",
        "the experience must be as a Senior Clerk or in a class at that level.",
        "Requirement #2(b) (Part 1 of 3): I have the following amount of full-time records management experience:",
    ] {
        assert!(txt.contains(want), "missing {want:?} in\n{txt}");
    }
}

#[test]
fn class_facts_superseded_requirements_and_partial_models_are_published() {
    let (_tmp, out) = built((2017, 5, 20));
    let json: serde_json::Value = serde_json::from_str(&read(out.join("testville/classes/300.json"))).unwrap();
    let facts: Vec<(String, String)> = json["facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["label"].as_str().unwrap().into(), f["value"].as_str().unwrap().into()))
        .collect();
    assert_eq!(
        facts,
        [
            ("FLSA status".to_string(), "Exempt".to_string()),
            ("Bargaining unit".into(), "Supervisory Blue Collar (Unit 12)".into()),
            ("Job family".into(), "Records".into()),
            ("SOC code".into(), "43-1011".into()),
        ]
    );
    assert_eq!(json["superseded"][0]["until"], "2019-06-30");
    let html = read(out.join("testville/classes/300.html"));
    assert!(html.contains("<dt>FLSA status</dt><dd>Exempt</dd>"), "{html}");
    // The partial model (no level stated) is its own document, linked.
    assert!(html.contains("competency-models&#x2F;300.html"), "{html}");
    let model = read(out.join("testville/competency-models/300.html"));
    assert!(model.contains("3. Leadership"), "{model}");
    assert!(!model.contains("(level  required)"), "{model}");
}

#[test]
fn a_series_document_becomes_one_class_per_level() {
    let (_tmp, out) = built((2017, 5, 20));
    let one = read(out.join("testville/classes/401.md"));
    let two = read(out.join("testville/classes/402.md"));
    for doc in [&one, &two] {
        assert!(doc.contains("1. Answers the telephone and greets visitors."), "{doc}");
        assert!(doc.contains("- **Series:** Office Assistant, level"), "{doc}");
    }
    assert!(
        one.contains("Performs office support work of increasing difficulty."),
        "{one}"
    );
    assert!(!one.contains("Trains Office Assistant 1 staff."), "{one}");
    assert!(
        two.contains(
            "In addition to the above duties, the Office Assistant 2 will:\n\n1. Trains Office Assistant 1 staff."
        ),
        "{two}"
    );
    assert!(
        two.contains("Performs a full range of office support work independently."),
        "{two}"
    );
    assert!(two.contains("level 2 of 2"), "{two}");
    assert!(two.contains("- **FLSA status:** Non-exempt"), "{two}");
    assert!(two.contains("Training methods."), "{two}");
}

#[test]
fn a_class_named_with_its_level_numeral_is_that_class() {
    // "at the level of Mechanical Engineering Associate II, Class Code
    // 7554" names class 7554, "Mechanical Engineering Associate", at a
    // level: no title mismatch; another title still is one.
    let tmp = tempfile::tempdir().unwrap();
    copy_workspace(&repo().join("tests/fixtures/workspaces/real-documents"), tmp.path());
    let spec = tmp.path().join("specs/testville/classes/300.toml");
    let text = std::fs::read_to_string(&spec).unwrap();
    for (title, warned) in [
        ("Senior Clerk II", false),
        ("Senior Clerk IX", true),
        ("Head Clerk", true),
    ] {
        let edited = text.replace(
            "{ title = \"Senior Clerk\", class = \"200\" }",
            &format!("{{ title = \"{title}\", class = \"200\" }}"),
        );
        assert_ne!(edited, text);
        std::fs::write(&spec, edited).unwrap();
        let (out, _) = check_output(tmp.path());
        assert_eq!(out.contains("but its title is"), warned, "{title}: {out}");
    }
}
