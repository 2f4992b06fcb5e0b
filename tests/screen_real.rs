//! `screen` on real bulletins (the corpus workspace, `tests/fixtures/corpus`):
//! a table of applicants, each with the verdict and reason the bulletin's
//! own words give — substitutions, the wrong class, an anticipated degree,
//! the filing allowance, grouped requirements, lettered parts, department
//! pay that has no say — and the batch mode over the same table.

mod common;

use classplan::derive::screen::{Screener, read_batch, screen_batch, verdict};
use common::*;
use serde_json::{Map, Value, json};

struct Case {
    who: &'static str,
    bulletin: &'static str,
    answers: Value,
    verdict: &'static str,
    /// Found in the screening's reasons (`under`, conditions or missing).
    reason: &'static str,
}

fn case(
    who: &'static str,
    bulletin: &'static str,
    answers: Value,
    verdict: &'static str,
    reason: &'static str,
) -> Case {
    Case {
        who,
        bulletin,
        answers,
        verdict,
        reason,
    }
}

/// Title and description answers for every route an applicant uses.
fn described(mut answers: Value) -> Value {
    let obj = answers.as_object_mut().unwrap();
    let ids: Vec<String> = obj
        .keys()
        .filter_map(|k| k.strip_suffix("-amount").map(str::to_string))
        .collect();
    for id in ids {
        obj.entry(format!("{id}-titles"))
            .or_insert(json!("Analyst, City of Los Angeles"));
        obj.entry(format!("{id}-description"))
            .or_insert(json!("Duties as the requirement describes."));
    }
    answers
}

/// The table, each applicant's answers completed as a real applicant
/// completes the form: every required question shown to them answered,
/// with the answer of one not filing under it ("N/A", "No", the first
/// amount, "None of these") where the case says nothing.
fn cases() -> Vec<Case> {
    let ws = workspace();
    table()
        .into_iter()
        .map(|mut c| {
            let screener = Screener::new(&ws.plan, c.bulletin).unwrap();
            complete(screener.questions(), c.answers.as_object_mut().unwrap());
            c
        })
        .collect()
}

fn complete(questions: &[classplan::derive::questionnaire::Question], a: &mut Map<String, Value>) {
    use classplan::model::bulletin::QuestionKind;
    for q in questions {
        let shown = q.show_if.as_ref().is_none_or(|c| {
            a.get(&c.question).is_some_and(|v| match v {
                Value::String(s) => c.any_of.contains(s),
                Value::Array(xs) => xs
                    .iter()
                    .any(|x| x.as_str().is_some_and(|s| c.any_of.contains(&s.to_string()))),
                _ => false,
            })
        });
        if !q.required || !shown || a.contains_key(&q.id) {
            continue;
        }
        let answer = match q.kind {
            QuestionKind::Text => json!("N/A"),
            QuestionKind::YesNo => json!("No"),
            QuestionKind::Acknowledgement => json!(true),
            QuestionKind::SingleChoice => json!(q.options[0]),
            QuestionKind::MultipleChoice => {
                json!([q
                    .options
                    .iter()
                    .rfind(|o| o.starts_with("None"))
                    .unwrap_or(&q.options[0])])
            }
            QuestionKind::Attachment => continue,
        };
        a.insert(q.id.clone(), answer);
    }
}

fn table() -> Vec<Case> {
    vec![
        // Accountant 1513: a degree and 24 semester units in accounting;
        // "within one semester or one quarter of obtaining their degrees
        // may apply ... cannot be appointed until they have received".
        case(
            "graduate with the units",
            "1513-2018-06-22",
            json!({"req-1-1-education": "Yes", "req-1-2-education": "Yes"}),
            "qualifies",
            "Requirement #1",
        ),
        case(
            "senior in the last semester",
            "1513-2018-06-22",
            json!({"req-1-1-education": "No, but I expect to within one semester or one quarter", "req-1-2-education": "Yes"}),
            "may-file",
            "cannot be appointed until the degree is received",
        ),
        case(
            "no degree",
            "1513-2018-06-22",
            json!({"req-1-1-education": "No", "req-1-2-education": "Yes"}),
            "does-not-qualify",
            "Requirement #1 (Part 1 of 2): needs Yes (answered: No)",
        ),
        case(
            "degree without the accounting units",
            "1513-2018-06-22",
            json!({"req-1-1-education": "Yes", "req-1-2-education": "No"}),
            "does-not-qualify",
            "Requirement #1 (Part 2 of 2): needs Yes (answered: No)",
        ),
        case(
            "answers in lower case",
            "1513-2018-06-22",
            json!({"req-1-1-education": "yes", "req-1-2-education": " YES "}),
            "qualifies",
            "Requirement #1",
        ),
        case(
            "an answer that is no option",
            "1513-2018-06-22",
            json!({"req-1-1-education": "Maybe", "req-1-2-education": "Yes"}),
            "does-not-qualify",
            "invalid req-1-1-education: `Maybe` is not one of the options",
        ),
        // Programmer Analyst 1431: 1. degree with 24 units and two years;
        // or 2. two years as an Applications Programmer; six months short
        // may file.
        case(
            "Applications Programmer",
            "1431-2017-09-22",
            described(json!({"req-1-1-education": "No", "req-2-amount": "Two years or more"})),
            "qualifies",
            "Requirement #2",
        ),
        case(
            "graduate with two years",
            "1431-2017-09-22",
            described(json!({"req-1-1-education": "Yes", "req-1-2-amount": "Two years or more"})),
            "qualifies",
            "Requirement #1",
        ),
        case(
            "graduate six months short",
            "1431-2017-09-22",
            described(json!({"req-1-1-education": "Yes", "req-1-2-amount": "Eighteen months to less than two years"})),
            "may-file",
            "until the full experience requirement is met",
        ),
        case(
            "graduate a year short",
            "1431-2017-09-22",
            described(json!({"req-1-1-education": "Yes", "req-1-2-amount": "One year to less than eighteen months"})),
            "does-not-qualify",
            "(answered: One year to less than eighteen months)",
        ),
        case(
            "programmer in another class, left the class blank",
            "1431-2017-09-22",
            described(json!({"req-1-1-education": "No", "req-2-amount": "Two years or more", "req-2-titles": "N/A"})),
            "does-not-qualify",
            "Requirement #2 (Part 2 of 3): an answer is required",
        ),
        // Senior Load Dispatcher 5235: three years as a Load Dispatcher;
        // a year in a named class may be substituted for one year.
        case(
            "three years as Load Dispatcher",
            "5235-2018-06-01",
            described(json!({"req-1-amount": "Three years or more"})),
            "qualifies",
            "Requirement #1",
        ),
        case(
            "two years plus a year as Steam Plant Operator",
            "5235-2018-06-01",
            described(json!({"req-1-amount": "Two years to less than thirty months", "sub-1": "Yes"})),
            "qualifies",
            "Requirement #1",
        ),
        case(
            "two years and no substitute",
            "5235-2018-06-01",
            described(json!({"req-1-amount": "Two years to less than thirty months", "sub-1": "No"})),
            "does-not-qualify",
            "(answered: Two years to less than thirty months)",
        ),
        case(
            "thirty months: within the allowance",
            "5235-2018-06-01",
            described(json!({"req-1-amount": "Thirty months to less than three years"})),
            "may-file",
            "until the full experience requirement is met",
        ),
        // Carpenter 3344: 1. an apprenticeship; or 2. six years; an 18-month
        // program may be substituted for each year lacking, up to two years.
        case(
            "apprenticeship",
            "3344-2018-01-12",
            json!({"req-1-course": "Yes"}),
            "qualifies",
            "Requirement #1",
        ),
        case(
            "four years plus the program",
            "3344-2018-01-12",
            described(
                json!({"req-1-course": "No", "req-2-amount": "Four years to less than sixty-six months", "sub-1": "Yes"}),
            ),
            "qualifies",
            "Requirement #2",
        ),
        case(
            "three years plus the program is not enough",
            "3344-2018-01-12",
            described(
                json!({"req-1-course": "No", "req-2-amount": "Three years to less than forty-two months", "sub-1": "Yes"}),
            ),
            "does-not-qualify",
            "(answered: Three years to less than forty-two months)",
        ),
        case(
            "sixty-six months: within the allowance",
            "3344-2018-01-12",
            described(json!({"req-1-course": "No", "req-2-amount": "Sixty-six months to less than six years"})),
            "may-file",
            "until the full experience requirement is met",
        ),
        // Communications Electrician 3686: 1. four years; or 2. two years
        // and a. a certificate program or b. a military course.
        case(
            "four years",
            "3686-2018-05-25",
            described(json!({"req-1-amount": "Four years or more"})),
            "qualifies",
            "Requirement #1",
        ),
        case(
            "two years and a certificate program",
            "3686-2018-05-25",
            described(
                json!({"req-1-amount": "Two years to less than four years", "req-2-amount": "Two years or more", "req-2a-course": "Yes", "req-2b-course": "No"}),
            ),
            "qualifies",
            "Requirement #2(a)",
        ),
        case(
            "two years and neither course",
            "3686-2018-05-25",
            described(
                json!({"req-1-amount": "Two years to less than four years", "req-2-amount": "Two years or more", "req-2a-course": "No", "req-2b-course": "No"}),
            ),
            "does-not-qualify",
            "Requirement #2(b) (Part 1 of 1): needs Yes (answered: No)",
        ),
        // Electric Distribution Mechanic 3879: 2. the pole climbing
        // certificate and one of a.-d.
        case(
            "apprenticeship and card",
            "3879-2017-04-07",
            json!({"req-1-1-course": "Yes", "req-1-2-license": "Yes"}),
            "qualifies",
            "Requirement #1",
        ),
        case(
            "tree trimmer with the certificate",
            "3879-2017-04-07",
            described(
                json!({"req-1-1-course": "No", "req-2-license": "Yes", "req-2c-amount": "Eighteen months or more"}),
            ),
            "qualifies",
            "Requirement #2(c)",
        ),
        case(
            "tree trimmer without the certificate",
            "3879-2017-04-07",
            described(
                json!({"req-1-1-course": "No", "req-2-license": "No", "req-2c-amount": "Eighteen months or more", "req-3-course": "No"}),
            ),
            "does-not-qualify",
            "Requirement #2 (Part 1 of 1): needs Yes (answered: No)",
        ),
        // Customer Service Specialist 1229: 1. two years; or 2. six months
        // with the Office of Finance; and 3. the ordinance class — read as
        // 1 or (2 and 3).
        case(
            "two years of customer service",
            "1229-2018-10-12",
            described(json!({"req-1-amount": "Two years or more"})),
            "qualifies",
            "Requirement #1",
        ),
        case(
            "Office of Finance and the class",
            "1229-2018-10-12",
            json!({"req-1-amount": "No experience", "req-2-experience": "Yes", "req-2-titles": "Tax Renewal Assistant", "req-2-description": "Billing", "req-3-course": "Yes"}),
            "qualifies",
            "Requirement #2 and #3",
        ),
        case(
            "Office of Finance without the class",
            "1229-2018-10-12",
            json!({"req-1-amount": "No experience", "req-2-experience": "Yes", "req-2-titles": "Tax Renewal Assistant", "req-2-description": "Billing", "req-3-course": "No"}),
            "does-not-qualify",
            "Requirement #3 (Part 1 of 1): needs Yes (answered: No)",
        ),
        case(
            "the class without the experience",
            "1229-2018-10-12",
            described(
                json!({"req-1-amount": "One year to less than two years", "req-2-experience": "No", "req-3-course": "Yes"}),
            ),
            "does-not-qualify",
            "(answered: One year to less than two years)",
        ),
        // Police Commander 2251: current Police Captain and a degree.
        case(
            "Captain with a degree",
            "2251-2017-09-29",
            json!({"req-1-employment": "Yes", "req-2-education": "Yes"}),
            "qualifies",
            "Requirement #1 and #2",
        ),
        case(
            "Lieutenant with a degree",
            "2251-2017-09-29",
            json!({"req-1-employment": "No", "req-2-education": "Yes"}),
            "does-not-qualify",
            "Requirement #1 (Part 1 of 1): needs Yes (answered: No)",
        ),
        // Fire Assistant Chief 2166: 1 or 2 or (3 and 4); the Leadership
        // Academy may be substituted for three months of the experience.
        case(
            "degree, twenty-one months and the Academy",
            "2166-2018-01-12",
            described(
                json!({"req-3-other": "Yes", "req-4-amount": "Twenty-one months to less than two years", "sub-1": "Yes"}),
            ),
            "qualifies",
            "Requirement #3 and #4",
        ),
        case(
            "degree and twenty-one months, no Academy",
            "2166-2018-01-12",
            described(
                json!({"req-3-other": "Yes", "req-4-amount": "Twenty-one months to less than two years", "sub-1": "No"}),
            ),
            "does-not-qualify",
            "(answered: Twenty-one months to less than two years)",
        ),
        // Water Utility Worker 3912: department pay has no say in screening.
        case(
            "eighteen months of water utility work",
            "3912-2017-12-08",
            described(json!({"req-1-amount": "Eighteen months or more"})),
            "qualifies",
            "Requirement #1",
        ),
        // Marine Environmental Supervisor 9433: 2. a master's and two years.
        case(
            "master's and two years",
            "9433-2014-07-11",
            described(
                json!({"req-1-amount": "Eighteen months to less than thirty months", "req-2-1-education": "Yes", "req-2-2-amount": "Two years or more"}),
            ),
            "qualifies",
            "Requirement #2",
        ),
    ]
}

fn workspace() -> classplan::load::Workspace {
    let ws = classplan::check(&repo().join("tests/fixtures/corpus"));
    assert!(!ws.has_errors());
    ws
}

/// Why: where a qualifying applicant qualifies and what stands before
/// appointment; else what each route lacks and the answers that are invalid.
fn reasons(s: &classplan::derive::screen::Screening) -> String {
    let mut out = Vec::new();
    if s.qualifies {
        out.push(s.qualifies_under.join("; or "));
        out.extend(s.conditions.iter().cloned());
    } else {
        for r in &s.routes {
            out.extend(r.missing.iter().map(|m| format!("#{}: {m}", r.requirement)));
        }
    }
    out.extend(
        s.invalid
            .iter()
            .map(|i| format!("invalid {}: {}", i.question, i.message)),
    );
    out.join(" | ")
}

#[test]
fn screening_real_applicants_gives_the_bulletins_verdicts() {
    let ws = workspace();
    let table = cases();
    assert!(table.len() >= 30);
    let mut wrong = Vec::new();
    for c in &table {
        if std::env::var_os("SHOW_SCREENING").is_some() {
            let screener = Screener::new(&ws.plan, c.bulletin).unwrap();
            let s = screener.screen(c.answers.as_object().unwrap());
            eprintln!("{} | {} | {}", c.who, verdict(&s), reasons(&s));
        }
        let screener = Screener::new(&ws.plan, c.bulletin).unwrap();
        let s = screener.screen(c.answers.as_object().unwrap());
        let why = reasons(&s);
        if verdict(&s) != c.verdict || !why.contains(c.reason) {
            wrong.push(format!(
                "{} ({}): expected {} with {:?}, got {}: {why}",
                c.who,
                c.bulletin,
                c.verdict,
                c.reason,
                verdict(&s)
            ));
        }
        // A qualifying applicant is not shown the routes they did not use.
        if s.qualifies {
            let text = classplan::derive::screen::text(&s);
            assert!(!text.contains("not met"), "{}: {text}", c.who);
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {}:\n{}",
        wrong.len(),
        table.len(),
        wrong.join("\n")
    );
}

#[test]
fn a_batch_gives_the_same_verdicts_in_the_input_order() {
    let ws = workspace();
    let table = cases();
    let c1513: Vec<&Case> = table.iter().filter(|c| c.bulletin == "1513-2018-06-22").collect();
    // JSON Lines.
    let lines: String = c1513
        .iter()
        .map(|c| format!("{}\n", json!({"id": c.who, "answers": c.answers})))
        .collect();
    let applicants = read_batch(&lines, false).unwrap();
    let screener = Screener::new(&ws.plan, "1513-2018-06-22").unwrap();
    let result = screen_batch(&screener, &applicants);
    let got: Vec<(&str, &str)> = result.rows.iter().map(|r| (r.id.as_str(), r.verdict)).collect();
    let want: Vec<(&str, &str)> = c1513.iter().map(|c| (c.who, c.verdict)).collect();
    assert_eq!(got, want, "{:#?}", result.rows);
    // CSV with the same answers, and a column that is no question: said
    // once, not on every row.
    let mut csv = String::from("id,req-1-1-education,req-1-2-education,favourite-colour\n");
    for c in &c1513 {
        let a = c.answers.as_object().unwrap();
        csv.push_str(&format!(
            "\"{}\",{},{},blue\n",
            c.who,
            a["req-1-1-education"].as_str().unwrap().replace(',', ";"),
            a["req-1-2-education"].as_str().unwrap()
        ));
    }
    let csv = csv
        .replace("No; but I expect", "\"No, but I expect")
        .replace("quarter,", "quarter\",");
    let applicants = read_batch(&csv, true).unwrap();
    let result = screen_batch(&screener, &applicants);
    let got: Vec<(&str, &str)> = result.rows.iter().map(|r| (r.id.as_str(), r.verdict)).collect();
    assert_eq!(got, want, "{:#?}", result.rows);
    assert_eq!(result.warnings.len(), 1, "{:?}", result.warnings);
    assert!(result.warnings[0].contains("favourite-colour"));
    assert!(result.rows.iter().all(|r| !r.reasons.contains("favourite-colour")));
    assert_eq!(result.summary.with_invalid, 1);
}

#[test]
fn the_batch_command_writes_csv_and_json_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let table = cases();
    let mut lines = String::new();
    for c in table.iter().filter(|c| c.bulletin == "3344-2018-01-12") {
        lines.push_str(&format!("{}\n", json!({"id": c.who, "answers": c.answers})));
    }
    let input = tmp.path().join("applicants.jsonl");
    std::fs::write(&input, &lines).unwrap();
    let ws = repo().join("tests/fixtures/corpus");
    let ws = ws.to_str().unwrap();
    let out = run_in(
        tmp.path(),
        &["-C", ws, "screen", "3344-2018-01-12", "--batch", "applicants.jsonl"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let csv = String::from_utf8(out.stdout.clone()).unwrap();
    let mut rows = csv.lines();
    assert_eq!(rows.next(), Some("id,verdict,under,reasons"));
    assert_eq!(rows.count(), 4, "{csv}");
    assert!(csv.contains("apprenticeship,qualifies,Requirement #1"), "{csv}");
    assert!(stderr(&out).contains("screened 4 applicants"), "{}", stderr(&out));
    // JSON Lines to a file.
    let out = run_in(
        tmp.path(),
        &[
            "-C",
            ws,
            "screen",
            "3344-2018-01-12",
            "--batch",
            "applicants.jsonl",
            "--batch-format",
            "jsonl",
            "--out",
            "verdicts.jsonl",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written = std::fs::read_to_string(tmp.path().join("verdicts.jsonl")).unwrap();
    let rows: Vec<Map<String, Value>> = written.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[1]["verdict"], "qualifies");
    // A file that is not JSON Lines: the line is named, exit 2.
    std::fs::write(tmp.path().join("bad.jsonl"), "{\"id\": 1}\nnot json\n").unwrap();
    let out = run_in(
        tmp.path(),
        &["-C", ws, "screen", "3344-2018-01-12", "--batch", "bad.jsonl"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("line 2"), "{}", stderr(&out));
}
