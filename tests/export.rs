//! `classplan export`: the City of Los Angeles' competition CSV of imported
//! bulletins, checked field by field against rows written by hand from the
//! source text; and the class inventory as CSV and JSON.

mod common;

use std::collections::BTreeMap;

use common::*;

fn imported() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let opts = classplan::import::Options {
        profile: "la-city".into(),
        into: tmp.path().join("ws"),
        force: false,
    };
    classplan::import::run(&[repo().join("tests/fixtures/import/la-city")], &opts, None).unwrap();
    tmp
}

fn rows(csv_text: &str) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            header
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

/// Expected cells, written from the source bulletins (columns not named
/// are expected empty, except the file-wide ones checked elsewhere).
fn expect(
    all: &[BTreeMap<String, String>],
    file: &str,
    set: &str,
    subset: &str,
    cells: &[(&str, &str)],
) -> Vec<String> {
    let Some(row) = all
        .iter()
        .find(|r| r["FILE_NAME"] == file && r["REQUIREMENT_SET_ID"] == set && r["REQUIREMENT_SUBSET_ID"] == subset)
    else {
        return vec![format!("{file} {set}{subset}: no row")];
    };
    let requirement_columns = [
        "EDUCATION_YEARS",
        "SCHOOL_TYPE",
        "EDUCATION_MAJOR",
        "EXPERIENCE_LENGTH",
        "FULL_TIME_PART_TIME",
        "EXP_JOB_CLASS_TITLE",
        "EXP_JOB_CLASS_ALT_RESP",
        "EXP_JOB_CLASS_FUNCTION",
        "COURSE_COUNT",
        "COURSE_LENGTH",
        "COURSE_SUBJECT",
        "MISC_COURSE_DETAILS",
    ];
    let mut failures = Vec::new();
    for col in requirement_columns {
        let want = cells.iter().find(|(c, _)| *c == col).map(|(_, v)| *v).unwrap_or("");
        if row[col] != want {
            failures.push(format!("{file} {set}{subset} {col}: got {:?}, want {want:?}", row[col]));
        }
    }
    for (col, want) in cells.iter().filter(|(c, _)| !requirement_columns.contains(c)) {
        if row[*col] != *want {
            failures.push(format!(
                "{file} {set}{subset} {col}: got {:?}, want {want:?}",
                row[*col]
            ));
        }
    }
    failures
}

#[test]
fn kaggle_rows_match_what_the_bulletins_say() {
    let tmp = imported();
    let out = run_in(tmp.path(), &["-C", "ws", "export", "--format", "kaggle-la"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let all = rows(&text);
    assert_eq!(all[0].len(), 25);
    let mut failures = Vec::new();
    // "Graduation from an accredited four-year college or university and at
    // least 24 semester or 36 quarter units in accounting."
    failures.extend(expect(
        &all,
        "ACCOUNTANT 1513 062218.txt",
        "1",
        "",
        &[
            ("JOB_CLASS_TITLE", "Accountant"),
            ("JOB_CLASS_NO", "1513"),
            ("EDUCATION_YEARS", "4"),
            ("SCHOOL_TYPE", "COLLEGE OR UNIVERSITY"),
            ("COURSE_LENGTH", "24S|36Q"),
            ("COURSE_SUBJECT", "accounting"),
            // "Some positions may require a valid California driver's license."
            ("DRIVERS_LICENSE_REQ", "P"),
            ("EXAM_TYPE", "OPEN"),
            ("ENTRY_SALARY_GEN", "49903-72996"),
            ("ENTRY_SALARY_DWP", ""),
            ("OPEN_DATE", "06-22-18"),
        ],
    ));
    // "1. Completion of an apprenticeship as a carpenter or cabinetmaker; or
    //  2. Six years of full-time paid experience performing carpenter or
    //  cabinetmaker work."
    failures.extend(expect(
        &all,
        "CARPENTER 3344 011218.txt",
        "1",
        "",
        &[
            ("SCHOOL_TYPE", "APPRENTICESHIP"),
            ("MISC_COURSE_DETAILS", "apprenticeship as a carpenter or cabinetmaker"),
            ("EXAM_TYPE", "OPEN_INT_PROM"),
            ("ENTRY_SALARY_GEN", "86312"),
            ("ENTRY_SALARY_DWP", "93542"),
            ("OPEN_DATE", "01-12-18"),
        ],
    ));
    failures.extend(expect(
        &all,
        "CARPENTER 3344 011218.txt",
        "2",
        "",
        &[
            ("EXPERIENCE_LENGTH", "6"),
            ("FULL_TIME_PART_TIME", "FULL_TIME"),
            ("EXP_JOB_CLASS_FUNCTION", "performing carpenter or cabinetmaker work"),
            ("DRIVERS_LICENSE_REQ", "P"),
        ],
    ));
    // "Graduation ... with a major in a physical or natural science and
    // successful completion of 8 semester or 12 quarter units in general
    // chemistry." "A valid California driver's license is required prior
    // to appointment."
    failures.extend(expect(
        &all,
        "CRIMINALIST 2234 030918.txt",
        "1",
        "",
        &[
            ("EDUCATION_YEARS", "4"),
            ("SCHOOL_TYPE", "COLLEGE OR UNIVERSITY"),
            ("EDUCATION_MAJOR", "a physical or natural science"),
            ("COURSE_LENGTH", "8S|12Q"),
            ("COURSE_SUBJECT", "general chemistry"),
            ("DRIVERS_LICENSE_REQ", "R"),
            ("EXAM_TYPE", "OPEN"),
            ("ENTRY_SALARY_GEN", "65584-95901"),
            ("OPEN_DATE", "03-09-18"),
        ],
    ));
    // "2. Six months of full-time or 960 cumulative hours paid experience
    // with the City of Los Angeles Office of Finance at the level of a Tax
    // Renewal Assistant directly handling ... payments, and"
    failures.extend(expect(
        &all,
        "CUSTOMER SERVICE SPECIALIST 1229 101218.txt",
        "2",
        "",
        &[
            ("EXPERIENCE_LENGTH", "0.5"),
            ("FULL_TIME_PART_TIME", "FULL_TIME"),
            ("EXP_JOB_CLASS_TITLE", "Tax Renewal Assistant"),
            (
                "EXP_JOB_CLASS_FUNCTION",
                "directly handling or providing clerical support for processing business tax billings or payments",
            ),
            ("EXAM_TYPE", "OPEN_INT_PROM"),
        ],
    ));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // One row per route or lettered part; the memo is not there.
    assert!(!all.iter().any(|r| r["FILE_NAME"].starts_with("Vocational")));
    assert_eq!(
        all.iter()
            .filter(|r| r["FILE_NAME"] == "CARPENTER 3344 011218.txt")
            .count(),
        2
    );
}

#[test]
fn the_inventory_has_a_row_per_class_in_csv_and_json() {
    let tmp = imported();
    let out = run_in(
        tmp.path(),
        &["-C", "ws", "export", "--format", "csv", "--as-of", "2018-01-20"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let all = rows(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(all.len(), 25);
    let acc = all.iter().find(|r| r["code"] == "1513").unwrap();
    assert_eq!(acc["pay_min"], "49903");
    assert_eq!(acc["pay_max"], "80472");
    assert_eq!(acc["degree_required"], "true");
    // A degree and units, no experience: none is needed.
    assert_eq!(acc["least_experience_months"], "0");
    assert_eq!(acc["bulletins"], "1513-2018-06-22 (upcoming)");
    let carp = all.iter().find(|r| r["code"] == "3344").unwrap();
    // The apprenticeship route needs no experience.
    assert_eq!(carp["least_experience_months"], "0");
    assert_eq!(carp["degree_required"], "false");
    // DWP's $93,542 is not the headline.
    assert_eq!((carp["pay_min"].as_str(), carp["pay_max"].as_str()), ("86312", "86312"));
    let json_path = tmp.path().join("inventory.json");
    let out = run_in(
        tmp.path(),
        &[
            "-C",
            "ws",
            "export",
            "--format",
            "json",
            "--as-of",
            "2018-01-20",
            "--out",
            json_path.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(v["schema"], "classplan/inventory/1");
    assert_eq!(v["classes"].as_array().unwrap().len(), 25);
}

#[test]
fn a_plan_with_errors_is_not_exported() {
    let tmp = imported();
    std::fs::write(tmp.path().join("ws/specs/la-city/classes/1513.toml"), "code = ").unwrap();
    let out = run_in(tmp.path(), &["-C", "ws", "export", "--format", "kaggle-la"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}
