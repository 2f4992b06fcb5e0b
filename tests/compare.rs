//! `diff`, `compare`, `match` and `crosswalk` on the seeds, on git history,
//! and on a plan with unrelated classes.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

fn classplan() -> Command {
    Command::new(env!("CARGO_BIN_EXE_classplan"))
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = classplan()
        .args(args)
        .arg("-C")
        .arg(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn seed_comparisons_match_golden_reports() {
    let cases: &[(&str, &[&str])] = &[
        ("la-1229-vs-sf-1302.txt", &["diff", "la-city/1229", "sf-city/1302"]),
        (
            "la-1229-vs-sf-1302.json",
            &["diff", "la-city/1229", "sf-city/1302", "--format", "json"],
        ),
        (
            "la-1229-vs-wa-css2.md",
            &["diff", "la-city/1229", "wa-state/css2", "--format", "md"],
        ),
        ("la-1229-bulletin-drift.txt", &["diff", "--drift", "la-city-1229-2025"]),
        (
            "compare-three.md",
            &[
                "compare",
                "la-city/1229",
                "sf-city/1302",
                "wa-state/css2",
                "--format",
                "md",
            ],
        ),
        ("crosswalk-la-sf.csv", &["crosswalk", "la-city", "sf-city"]),
    ];
    let mut failures = Vec::new();
    for (file, args) in cases {
        let (code, out, err) = run(&repo(), args);
        assert!(code == 0 || code == 1, "{args:?}: {err}");
        if let Err(e) = golden(&repo().join("tests/golden/compare").join(file), &out) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // The drift report shows the three routes against the spec's two.
    let (code, out, _) = run(&repo(), &["diff", "--drift", "la-city-1229-2025"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("A has 2 route(s); B has 3") && out.contains("`1 or (2 and 3)`"),
        "{out}"
    );
}

#[test]
fn a_class_compared_with_itself_is_identical() {
    let (code, out, _) = run(&repo(), &["diff", "sf-city/1302", "sf-city/1302"]);
    assert_eq!(code, 0);
    assert!(out.trim_end().ends_with("identical"));
}

#[test]
fn unknown_references_get_a_hint() {
    // An unknown class means the command could not run: status 2, not the
    // "different" of status 1.
    let (code, _, err) = run(&repo(), &["diff", "la-city/1292", "sf-city/1302"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `la-city/1229`?"), "{err}");
}

fn git(dir: &Path, args: &[&str]) {
    let st = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.org",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&st.stderr)
    );
}

#[test]
fn diff_against_earlier_revisions_read_from_git() {
    let ws = sample_workspace();
    let p = ws.path();
    git(p, &["init", "-q"]);
    git(p, &["add", "-A"]);
    git(p, &["commit", "-q", "-m", "seed"]);
    // Reorder two duties only: not a change.
    let file = p.join("specs/sf-city/classes/1302.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let i2 = lines
        .iter()
        .position(|l| l.contains("Receive queries from the general public"))
        .unwrap();
    let i3 = lines
        .iter()
        .position(|l| l.contains("Identify the type of service"))
        .unwrap();
    let mut swapped: Vec<&str> = lines.clone();
    swapped.swap(i2, i3);
    std::fs::write(&file, swapped.join("\n") + "\n").unwrap();
    git(p, &["commit", "-q", "-am", "reorder"]);
    let (code, out, err) = run(p, &["diff", "sf-city/1302@HEAD~1", "sf-city/1302"]);
    assert_eq!(code, 0, "reorder only must be identical: {out}{err}");
    // Reword one duty: one matched pair with a word diff.
    let text = std::fs::read_to_string(&file).unwrap().replace(
        "Receive queries from the general public",
        "Receive written and spoken queries from the general public",
    );
    std::fs::write(&file, text).unwrap();
    git(p, &["commit", "-q", "-am", "reword"]);
    let (code, out, _) = run(p, &["diff", "sf-city/1302@HEAD~2", "sf-city/1302", "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let duties = v["lists"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["section"] == "duties")
        .unwrap();
    let changed: Vec<&serde_json::Value> = duties["matched"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["changed"] == true)
        .collect();
    assert_eq!(changed.len(), 1, "{duties:#}");
    assert!(changed[0]["words"].to_string().contains("written and spoken"));
    assert!(duties["only_a"].as_array().unwrap().is_empty() && duties["only_b"].as_array().unwrap().is_empty());
    // A date names the last commit on or before it.
    let tomorrow = (chrono::Local::now().date_naive() + chrono::Duration::days(1)).to_string();
    let (code, _, _) = run(p, &["diff", &format!("sf-city/1302@{tomorrow}"), "sf-city/1302"]);
    assert_eq!(code, 0);
    // A date far after the last commit is that commit (the audit saw "no
    // commit exists" for @2100-01-02).
    let (code, _, err) = run(p, &["diff", "sf-city/1302@2100-01-02", "sf-city/1302"]);
    assert_eq!(code, 0, "{err}");
    // Bad revisions and files that did not exist get clear errors.
    let (code, _, err) = run(p, &["diff", "sf-city/1302@nope", "sf-city/1302"]);
    assert_eq!(code, 2);
    assert!(err.contains("`nope` is not a revision"), "{err}");
    std::fs::write(
        p.join("specs/sf-city/classes/1303.toml"),
        "code = \"1303\"\ntitle = \"New\"\nsummary = \"x\"\nduties = [\"y\"]\n",
    )
    .unwrap();
    let (code, _, err) = run(p, &["diff", "sf-city/1303@HEAD", "sf-city/1302"]);
    assert_eq!(code, 2);
    assert!(err.contains("did not exist at HEAD"), "{err}");
}

#[test]
fn match_ranks_related_classes_above_unrelated_ones() {
    let ws = sample_workspace();
    let unrelated = [
        (
            "sf-city",
            "7311",
            "Tree Trimmer",
            "Prunes, removes and plants trees in city parks and streets.",
            &[
                "Climbs trees using ropes and harnesses to prune limbs;",
                "Operates chippers, chain saws and aerial lifts;",
                "Removes hazardous trees after storms.",
            ][..],
        ),
        (
            "sf-city",
            "5241",
            "Civil Engineer",
            "Designs and inspects roads, bridges and storm drains.",
            &[
                "Prepares engineering plans and cost estimates for street improvements;",
                "Inspects construction of bridges and culverts;",
                "Calculates hydraulic capacity of storm drains.",
            ][..],
        ),
        (
            "wa-state",
            "lab1",
            "Laboratory Technician 1",
            "Performs chemical analyses of water and soil samples.",
            &[
                "Prepares reagents and calibrates instruments;",
                "Runs titrations and spectrophotometry;",
                "Records results in the laboratory information system.",
            ][..],
        ),
    ];
    for (j, code, title, summary, duties) in unrelated {
        let d: Vec<String> = duties.iter().map(|x| format!("{x:?}")).collect();
        std::fs::write(
            ws.path().join(format!("specs/{j}/classes/{code}.toml")),
            format!(
                "code = \"{code}\"\ntitle = \"{title}\"\nsummary = \"{summary}\"\nduties = [{}]\n",
                d.join(", ")
            ),
        )
        .unwrap();
    }
    let (code, out, err) = run(ws.path(), &["match", "la-city/1229", "--top", "5", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["schema"], "classplan/match/1");
    let v = &v["matches"];
    let refs: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["reference"].as_str().unwrap())
        .collect();
    assert_eq!(&refs[..2], &["sf-city/1302", "wa-state/css2"], "{out}");
    assert!(
        v[4]["weak"].as_bool().unwrap(),
        "an unrelated class should be flagged weak: {out}"
    );
    assert!(v[0]["shared_terms"].to_string().contains("customer"));
    let (_, out, _) = run(ws.path(), &["match", "la-city/1229", "--in", "wa-state", "--top", "1"]);
    assert!(out.starts_with("1. wa-state/css2"), "{out}");
}

#[test]
fn huge_lists_still_compare() {
    let a: Vec<String> = (0..1000)
        .map(|i| format!("Processes request type {i} for customers of division {}", i % 37))
        .collect();
    let mut b = a.clone();
    b.reverse();
    b[10] = "Reviews billing adjustments for large accounts".into();
    let d = classplan::compare::compare_lists("duties", "Duties", "Duties", &a, &b);
    assert_eq!(d.matched.len() + d.only_a.len(), 1000);
    assert!(d.changed);
}

#[test]
fn pay_is_annualized_from_every_unit() {
    use classplan::compare::annual_pay;
    #[derive(serde::Deserialize)]
    struct W {
        r: Vec<classplan::model::PayRange>,
    }
    let ranges = toml::from_str::<W>(
        r#"r = [
          { min = 10.0, max = 20.0, unit = "hourly" },
          { min = 1000.0, max = 2000.0, unit = "biweekly" },
          { min = 3000.0, max = 4000.0, unit = "monthly" },
        ]"#,
    )
    .unwrap()
    .r;
    let p = annual_pay(&ranges[..1], 2080.0, None).unwrap();
    assert_eq!((p.min, p.max, p.mid), (20800.0, 41600.0, 31200.0));
    assert_eq!(annual_pay(&ranges[1..2], 2080.0, None).unwrap().min, 26000.0);
    assert_eq!(annual_pay(&ranges[2..], 2080.0, None).unwrap().max, 48000.0);
}

#[test]
fn diff_escapes_control_characters_from_sources_and_keeps_its_own_colours() {
    // `diff` runs when the workspace has errors (and on sources read from
    // git, which `check` never saw): a title with an escape sequence must
    // not reach the terminal raw, in colour or not.
    let tmp = tempfile::tempdir().unwrap();
    common::copy_workspace(&common::repo(), tmp.path());
    let spec = tmp.path().join("specs/sf-city/classes/1302.toml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let edited = text.replacen("title = \"", "title = \"\\u001b]0;pwned\\u0007\\u001b[2J", 1);
    assert_ne!(edited, text);
    std::fs::write(&spec, edited).unwrap();
    for color in ["never", "always"] {
        let out = classplan()
            .args(["diff", "la-city/1229", "sf-city/1302", "--color", color, "-C"])
            .arg(tmp.path())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("\\u{1b}]0;pwned"), "{stdout}");
        assert!(
            !stdout.contains("\u{1b}]0;") && !stdout.contains("\u{1b}[2J"),
            "{stdout:?}"
        );
        assert!(!stdout.contains('\u{7}'));
        if color == "always" {
            // Its own colours are still there.
            assert!(stdout.contains("\u{1b}[1m"), "{stdout:?}");
        }
    }
}
