//! `classplan import` on real bulletins (`tests/fixtures/import/la-city/`,
//! 25 City of Los Angeles bulletins chosen for variety, plus a memo that is
//! not a bulletin): golden TOML, a workspace that checks clean, idempotent
//! re-imports, `--force` with a diff, every line accounted for on any text,
//! and bad input handled with a message and an exit code.

mod common;

use std::path::{Path, PathBuf};

use classplan::import::{Options, Status, doc::Kind};
use common::*;
use proptest::prelude::*;

fn fixtures() -> PathBuf {
    repo().join("tests/fixtures/import/la-city")
}

fn import(into: &Path, sources: &[PathBuf], force: bool) -> classplan::import::Report {
    let opts = Options {
        profile: "la-city".into(),
        into: into.to_path_buf(),
        force,
    };
    classplan::import::run(sources, &opts, None).unwrap()
}

#[test]
fn the_fixtures_import_to_their_golden_toml_and_check_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    let report = import(&ws, &[fixtures()], false);
    let t = &report.totals;
    assert_eq!((t.files, t.imported, t.refused), (26, 25, 1), "{t:?}");
    let memo = report
        .files
        .iter()
        .find(|f| f.name.starts_with("Vocational Worker"))
        .unwrap();
    assert_eq!(memo.status, Status::Refused);
    assert!(
        memo.reason.as_deref().unwrap().contains("Class Code"),
        "{:?}",
        memo.reason
    );
    // Every written file is golden (review each change as code).
    let golden_dir = repo().join("tests/golden/import");
    let mut failures = Vec::new();
    for (rel, bytes) in tree(&ws) {
        let text = String::from_utf8(bytes).unwrap();
        if let Err(e) = golden(&golden_dir.join(&rel), &text) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // The imported workspace is a valid plan.
    let checked = classplan::check(&ws);
    let errors: Vec<_> = checked.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // Nothing is silently lost: every non-blank line is used or reported.
    for f in &report.files {
        assert!(
            f.lines_not_imported * 20 <= f.lines.max(1),
            "{}: {} of {} lines not imported",
            f.name,
            f.lines_not_imported,
            f.lines
        );
    }
    // The provenance reaches the published JSON (what corpus-coverage
    // matches outputs to sources by).
    let b = std::fs::read_to_string(ws.join("bulletins/1513-2018-06-22.toml")).unwrap();
    assert!(b.contains("file = \"ACCOUNTANT 1513 062218.txt\""), "{b}");
}

#[test]
fn importing_again_writes_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    import(&ws, &[fixtures()], false);
    let first = tree(&ws);
    let again = import(&ws, &[fixtures()], false);
    assert_eq!(again.totals.unchanged, 25, "{:?}", again.totals);
    assert_eq!(again.totals.imported, 0);
    assert_eq!(tree(&ws), first);
}

#[test]
fn an_edited_file_is_kept_unless_forced_and_then_the_diff_is_shown() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    let src = fixtures().join("ACCOUNTANT 1513 062218.txt");
    import(&ws, std::slice::from_ref(&src), false);
    let class = ws.join("specs/la-city/classes/1513.toml");
    let edited = std::fs::read_to_string(&class)
        .unwrap()
        .replace("title = \"Accountant\"", "title = \"Staff Accountant\"");
    std::fs::write(&class, &edited).unwrap();
    // Without --force: a conflict, the file as the analyst left it, exit 1.
    let out = run_in(tmp.path(), &["import", "--into", "ws", src.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("exists and differs (not replaced; use --force)"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("-title = \"Staff Accountant\""),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&class).unwrap(), edited);
    // With --force: replaced, the diff printed, exit 0.
    let out = run_in(
        tmp.path(),
        &["import", "--force", "--into", "ws", src.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("specs/la-city/classes/1513.toml: replaced"),
        "{}",
        stderr(&out)
    );
    assert!(
        std::fs::read_to_string(&class)
            .unwrap()
            .contains("title = \"Accountant\"")
    );
}

#[test]
fn bad_input_gets_a_reason_and_the_exit_code_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("empty.txt"), "").unwrap();
    std::fs::write(src.join("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    std::fs::write(src.join("no-code.txt"), "ACCOUNTANT\n\nANNUAL SALARY\n\n$1 to $2\n").unwrap();
    // A 50 MB text file is not a bulletin.
    let big = std::fs::File::create(src.join("huge.txt")).unwrap();
    big.set_len(50 * 1024 * 1024).unwrap();
    let out = run_in(tmp.path(), &["import", "--into", "ws", "src"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    for want in [
        "empty.txt: failed: it is empty",
        "binary.txt: failed: it is a binary file",
        "no-code.txt: not imported: not a City of Los Angeles job bulletin: it has no \"Class Code:\" line",
        "huge.txt: failed: it is 50 MB, more than any bulletin",
        "imported 0 of 4 files",
    ] {
        assert!(err.contains(want), "missing {want:?} in\n{err}");
    }
    // Nothing was written but the jurisdiction.
    let written: Vec<String> = tree(&tmp.path().join("ws")).into_keys().collect();
    assert_eq!(written, ["specs/la-city/jurisdiction.toml"]);
    // A missing source is a usage error.
    let out = run_in(tmp.path(), &["import", "--into", "ws", "nowhere"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn a_directory_of_ten_thousand_files_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    for i in 0..10_000 {
        std::fs::write(src.join(format!("note-{i:05}.txt")), "just a note\n").unwrap();
    }
    let report = import(&tmp.path().join("ws"), &[src], false);
    assert_eq!((report.totals.files, report.totals.refused), (10_000, 10_000));
}

#[test]
fn two_editions_of_one_class_keep_their_own_requirements() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    let src = tmp.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    let text = std::fs::read_to_string(fixtures().join("ACCOUNTANT 1513 062218.txt")).unwrap();
    std::fs::write(src.join("ACCOUNTANT 1513 062218.txt"), &text).unwrap();
    // An earlier edition with another requirement.
    let older = text
        .replace("Open Date:  06-22-18", "Open Date:  06-23-17")
        .replace("24 semester or 36 quarter units", "12 semester or 18 quarter units");
    assert_ne!(older, text);
    std::fs::write(src.join("ACCOUNTANT 1513 062317.txt"), &older).unwrap();
    let report = import(&ws, &[src], false);
    assert_eq!(report.totals.imported, 2, "{:?}", report.totals);
    // The class follows the latest edition; the older bulletin keeps its
    // own requirements, with the reason.
    let class = std::fs::read_to_string(ws.join("specs/la-city/classes/1513.toml")).unwrap();
    assert!(class.contains("24 semester"), "{class}");
    let old = std::fs::read_to_string(ws.join("bulletins/1513-2017-06-23.toml")).unwrap();
    assert!(old.contains("12 semester"), "{old}");
    assert!(old.contains("As published in"), "{old}");
    let f = report.files.iter().find(|f| f.name.contains("062317")).unwrap();
    assert!(
        f.findings
            .iter()
            .any(|x| x.kind == Kind::Inconsistent && x.message.contains("requirements")),
        "{:?}",
        f.findings
    );
    let checked = classplan::check(&ws);
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
}

/// The Accountant bulletin with its requirement section replaced.
fn with_requirements(dir: &Path, requirement: &str) -> PathBuf {
    let text = std::fs::read_to_string(fixtures().join("ACCOUNTANT 1513 062218.txt")).unwrap();
    let start = text.find("REQUIREMENT/MINIMUM QUALIFICATION").unwrap();
    let end = text.find("PROCESS NOTES").unwrap();
    let edited = format!(
        "{}REQUIREMENT/MINIMUM QUALIFICATION\r\n\r\n{}\r\n\r\n{}",
        &text[..start],
        requirement.replace('\n', "\r\n"),
        &text[end..]
    );
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("ACCOUNTANT 1513 062218.txt");
    std::fs::write(&path, edited).unwrap();
    path
}

fn imported_requirements(requirement: &str) -> classplan::model::requirements::Requirements {
    let tmp = tempfile::tempdir().unwrap();
    let src = with_requirements(&tmp.path().join("src"), requirement);
    let ws = tmp.path().join("ws");
    let report = import(&ws, &[src], false);
    assert_eq!(report.totals.imported, 1, "{:?}", report.files);
    let checked = classplan::check(&ws);
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    let j = &checked.plan.jurisdictions["la-city"];
    let class = j.classes.iter().find(|c| c.value.code.as_str() == "1513").unwrap();
    class.value.requirements.clone().unwrap()
}

#[test]
fn a_numbered_list_of_substitutions_under_a_paragraph_leaves_the_paragraph_the_route() {
    // As Senior Load Dispatcher (5235) and Plumbing Inspector (4233) write it.
    let r = imported_requirements(
        "Three years of full-time paid experience as a Load Dispatcher with the City of Los Angeles.\n\n\
         1. One year as a Steam Plant Operator with the City of Los Angeles may be substituted for one year of the above required experience; or\n\
         2. One year as an Electrical Mechanic with the City of Los Angeles may be substituted for one year of the above required experience.",
    );
    assert_eq!(r.routes.len(), 1);
    assert!(r.notes.is_empty(), "{:?}", r.notes);
    let classplan::model::requirements::Item::Experience(e) = &*r.routes[0].items[0] else {
        panic!("{:?}", r.routes[0].items)
    };
    assert_eq!((e.amount, e.in_classes[0].title.as_str()), (Some(3), "Load Dispatcher"));
    assert_eq!(r.substitutions.len(), 2);
}

#[test]
fn lettered_items_under_a_note_stay_a_list() {
    // As Airport Police Officer (3225) writes its POST note.
    let r = imported_requirements(
        "1. Graduation from a U.S. high school.\n\n\
         A POST qualified candidate for this examination must either have:\n\
         a) Completed a POST-certified Basic Police Academy within the last three years; or\n\
         b) After having completed a POST-certified Basic Police Academy, been employed as a Police Officer within the last three years",
    );
    let note = r.notes[0].as_str();
    assert!(note.contains("either have:\n\n- a. Completed"), "{note}");
    assert!(note.contains("; or\n- b. After having"), "{note}");
}

#[test]
fn lines_under_a_part_that_ends_with_a_colon_are_its_list() {
    // As Transportation Engineering Aide (7285) writes its subjects.
    let r = imported_requirements(
        "1. Successful completion of any two of the following three categories:\n\
         a. One year of high school or college level algebra; or\n\
         b. One course at either the high school or college level in one of the following:\n\
         \t\t\tIntroduction to Engineering\n\
         \t\t\tDrafting\n\
         \t\t\tSurveying; or\n\
         c. Two years of full-time paid experience with the City of Los Angeles installing or inspecting traffic devices.",
    );
    assert!(r.notes.is_empty(), "{:?}", r.notes);
    let parts = &r.routes[0].parts;
    assert_eq!(parts.len(), 3, "{parts:?}");
    let classplan::model::requirements::Item::Other { text, .. } = &*parts[1].items[0] else {
        panic!("{:?}", parts[1])
    };
    assert!(
        text.ends_with("one of the following: Introduction to Engineering; Drafting; Surveying"),
        "{text}"
    );
    assert!(matches!(
        &*parts[2].items[0],
        classplan::model::requirements::Item::Experience(_)
    ));
}

/// Bulletin-like text: headings of the vocabulary, numbered and lettered
/// items, amounts, dates and free words, in any order.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("ANNUAL SALARY".to_string()),
        Just("DUTIES".to_string()),
        Just("REQUIREMENTS/MINIMUM QUALIFICATIONS".to_string()),
        Just("PROCESS NOTES".to_string()),
        Just("NOTES:".to_string()),
        Just("APPLICATION DEADLINE".to_string()),
        Just("SELECTION PROCESS".to_string()),
        Just("Class Code:       1234".to_string()),
        Just("Open Date:  05-12-17".to_string()),
        Just("THIS EXAMINATION IS TO BE GIVEN ONLY".to_string()),
        Just("ON AN OPEN COMPETITIVE BASIS".to_string()),
        Just("Class Code 9999 . . . . 01-02-03".to_string()),
        Just("AN EQUAL EMPLOYMENT OPPORTUNITY EMPLOYER".to_string()),
        "[0-9]{1,2}\\. [A-Za-z ,;$0-9]{0,60}",
        "[a-c]\\. [a-z ]{0,30}",
        "\\$[0-9]{2},[0-9]{3} to \\$[0-9]{2,3},[0-9]{3}( and \\$[0-9]{2},[0-9]{3} to \\$[0-9]{2},[0-9]{3})?",
        "Examination Weights?: [A-Za-z ]{1,20} \\. \\. \\. \\.[0-9]{1,3}%",
        "Applications must be received by (MONDAY|THURSDAY), (MAY|JUNE) [0-9]{1,2}, 20[0-9]{2}\\.",
        "(One|Two|Six) (years|months) of full-time paid experience as an? [A-Z][a-z]+( [A-Z][a-z]+)?( with the City of Los Angeles)?(; or|; and|\\.)",
        "[A-Za-z0-9 ,.;:()'\"/-]{0,80}",
        Just(String::new()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// On any text, import never panics, and every non-blank line is used
    /// or reported as not imported (with a reason).
    #[test]
    fn import_accounts_for_every_line(lines in proptest::collection::vec(line(), 0..60), crlf in any::<bool>()) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        let decoded = classplan::import::decode::decode(text.as_bytes());
        let mut doc = classplan::import::doc::Doc::new(decoded.lines);
        let j = classplan::load::parse_document::<classplan::model::Jurisdiction>(
            classplan::import::la::JURISDICTION_TOML,
            classplan::schema::SourceKind::Jurisdiction,
            classplan::diag::FileId(0),
        )
        .unwrap()
        .0;
        let parsed = classplan::import::la::parse(&mut doc, "x.txt", &j);
        if parsed.is_ok() {
            doc.finish();
            for i in 0..doc.len() {
                if doc.blank(i) {
                    continue;
                }
                let reported = doc.findings.iter().any(|f| f.line == i + 1 && f.kind == Kind::NotImported);
                prop_assert!(doc.used(i).is_some() || reported, "line {} unaccounted: {:?}", i + 1, doc.line(i));
            }
            // What is written loads back as it was read.
            let b = parsed.unwrap();
            let text = classplan::import::emit::toml(&b.bulletin, &[]);
            let back = classplan::load::parse_document::<classplan::model::Bulletin>(
                &text,
                classplan::schema::SourceKind::Bulletin,
                classplan::diag::FileId(0),
            );
            prop_assert!(back.is_ok(), "{text}\n{:?}", back.err());
            let text = classplan::import::emit::toml(&b.class, &[]);
            let back = classplan::load::parse_document::<classplan::model::ClassSpec>(
                &text,
                classplan::schema::SourceKind::Class,
                classplan::diag::FileId(0),
            );
            prop_assert!(back.is_ok(), "{text}\n{:?}", back.err());
            prop_assert_eq!(&back.unwrap().0, &b.class);
        }
    }
}

#[test]
fn the_last_lettered_part_carries_the_connective_to_the_next_requirement() {
    // As Advance Practice Provider 2325 writes it: the "; and" after b.
    // joins requirement 1 to 2; between a. and b. it is "or".
    let r = imported_requirements(
        "1. Must be licensed as a:\n\
         a. Registered Nurse and certified as a Nurse Practitioner by the California Board of Registered Nursing; or\n\
         b. Physician Assistant with a current license; and\n\
         2. Must have a current, valid American Heart Association Healthcare Provider CPR card.",
    );
    assert_eq!(r.expression.as_deref().map(|e| e.as_str()), Some("1 and 2"));
    assert_eq!(r.routes[0].parts.len(), 2);
    assert_eq!(
        r.routes[0].parts_needed,
        classplan::model::requirements::PartsNeeded::Any
    );
}

#[test]
fn a_year_outside_the_accepted_dates_stays_text_and_the_import_loads() {
    // Found by the fuzzer: "Friday, October 12, 3018" became a filing
    // period the written TOML could not load.
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    let text = std::fs::read_to_string(fixtures().join("ACCOUNTANT 1513 062218.txt")).unwrap();
    let typo = text.replace("Friday, June 22, 2018 to", "Friday, June 22, 3018 to");
    assert_ne!(typo, text);
    std::fs::write(src.join("ACCOUNTANT 1513 062218.txt"), &typo).unwrap();
    let ws = tmp.path().join("ws");
    let report = import(&ws, &[src], false);
    assert_eq!(report.totals.imported, 1, "{:?}", report.files);
    let checked = classplan::check(&ws);
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    let b = std::fs::read_to_string(ws.join("bulletins/1513-2018-06-22.toml")).unwrap();
    assert!(!b.contains("3018-06-22"), "{b}");
}

#[test]
fn a_title_of_two_classes_is_left_a_title_and_said_so() {
    // Two bulletins of classes titled "Senior Park Ranger" (codes 1966 and
    // 1967) and the Chief Park Ranger's "as a Senior Park Ranger": the
    // reference cannot be pinned to either. (Before the import used the
    // plan's resolver it pinned whichever the hash map listed first.)
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    let chief = "CHIEF PARK RANGER 1968 120106 REV 121306.txt";
    std::fs::copy(fixtures().join(chief), src.join(chief)).unwrap();
    let carpenter = std::fs::read_to_string(fixtures().join("CARPENTER 3344 011218.txt")).unwrap();
    for code in ["1966", "1967"] {
        let text = carpenter
            .replacen("CARPENTER", "SENIOR PARK RANGER", 1)
            .replace("Class Code: 3344", &format!("Class Code: {code}"));
        std::fs::write(src.join(format!("SENIOR PARK RANGER {code} 011218.txt")), text).unwrap();
    }
    let ws = tmp.path().join("ws");
    let report = import(&ws, &[src], false);
    assert_eq!(report.totals.imported, 3, "{:?}", report.files);
    let class = std::fs::read_to_string(ws.join("specs/la-city/classes/1968.toml")).unwrap();
    assert!(class.contains("title = \"Senior Park Ranger\""), "{class}");
    assert!(!class.contains("class = \"196"), "{class}");
    let f = report.files.iter().find(|f| f.name.contains("1968")).unwrap();
    assert!(
        f.findings.iter().any(|x| x.kind == Kind::Unresolved
            && x.message
                .contains("\"Senior Park Ranger\" names several classes of the plan (1966, 1967)")),
        "{:?}",
        f.findings
    );
}
