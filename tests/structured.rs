//! Property tests over the *meaning* of inputs, not their bytes: arbitrary
//! identifiers in every field that becomes a path or link, requirement
//! expressions of any depth and width, numbers including non-finite ones,
//! and date-times across the whole TOML range and daylight-saving changes
//! in several zones. For each: `check` reports a located error, or the
//! build succeeds with every output inside `out/` (a sibling directory
//! untouched, every link of the index resolving), finite numbers and
//! offsets on every time.
//!
//! Cases per property: 64 by default (`PROPTEST_CASES` to change); each
//! case is a whole check + text build of a small workspace.

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use classplan::site::build;
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

/// A copy of the small check-fixture workspace, plus a sibling directory
/// whose files must never change.
fn workspace() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    common::copy_workspace(&common::repo().join("tests/fixtures/check/_base"), &ws);
    let victim = tmp.path().join("victim");
    std::fs::create_dir_all(&victim).unwrap();
    std::fs::write(victim.join("package.json"), "{}\n").unwrap();
    std::fs::write(victim.join("index.html"), "mine\n").unwrap();
    (tmp, ws, victim)
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Check, and when clean build the text formats; then the invariants.
/// Returns whether it built.
fn check_and_build(ws: &Path, victim: &Path) -> Result<bool, TestCaseError> {
    let before = common::tree(victim);
    let checked = classplan::check(ws);
    let out = ws.join("out");
    if checked.has_errors() {
        // Located: every error names a file (unless it is about the
        // workspace as a whole).
        for d in checked.diagnostics.iter().filter(|d| d.is_error()) {
            let rendered = classplan::diag::render(d, &checked.sources, &classplan::diag::RenderOptions::plain());
            prop_assert!(!rendered.is_empty());
        }
        prop_assert!(!out.exists(), "a workspace with errors wrote out/");
    } else {
        let opts = common::text_build(&out, NaiveDate::from_ymd_opt(2025, 2, 5).unwrap());
        build(&checked, &opts).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        // Everything under out/, no symbolic link, every index link there.
        for e in walkdir::WalkDir::new(&out).into_iter().filter_map(Result::ok) {
            prop_assert!(!e.path_is_symlink());
            prop_assert!(e.path().starts_with(&out));
        }
        let index = std::fs::read_to_string(out.join("index.html")).unwrap();
        for href in index.split("href=\"").skip(1).filter_map(|s| s.split('"').next()) {
            let href = html_unescape(href);
            if href.starts_with("http") || href.starts_with('#') || href.starts_with("mailto:") {
                continue;
            }
            let path = href.split('#').next().unwrap_or("");
            let decoded = percent_decode(path);
            prop_assert!(out.join(&decoded).exists(), "index links to missing {href}");
        }
    }
    prop_assert_eq!(common::tree(victim), before, "a file outside the workspace changed");
    Ok(!checked.has_errors())
}

fn html_unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("zz"), 16)
        {
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Identifiers as an attacker or a careless analyst writes them.
fn identifier() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9][a-z0-9-]{0,12}",
        "[A-Za-z0-9._-]{1,16}",
        Just(String::new()),
        Just("..".to_string()),
        Just("../../victim/package".to_string()),
        Just("a/b".to_string()),
        Just("x y#?%".to_string()),
        Just("CON".to_string()),
        Just("index".to_string()),
        Just("assets".to_string()),
        Just(".hidden".to_string()),
        Just("Testville".to_string()),
        Just("\u{0130}stanbul".to_string()),
        "\\PC{1,12}",
    ]
}

/// A file name the test can create (the loader, not the file system, must
/// judge it).
fn creatable(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', '\0']) && name.len() < 100
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    /// Any class code, jurisdiction folder or bulletin file name: an error,
    /// or outputs that stay inside out/ with working links.
    #[test]
    fn identifiers_never_escape_the_output_directory(
        code in identifier(),
        jurisdiction in identifier(),
        bulletin in identifier(),
    ) {
        let (_tmp, ws, victim) = workspace();
        // The class code, in its file and its file name (a mismatch is an
        // error too).
        let class = ws.join("specs/testville/classes/100.toml");
        let text = std::fs::read_to_string(&class).unwrap();
        std::fs::write(&class, text.replacen("code = \"100\"", &format!("code = {}", toml_str(&code)), 1)).unwrap();
        if creatable(&code) && code != "100" {
            let _ = std::fs::rename(&class, ws.join(format!("specs/testville/classes/{code}.toml")));
        }
        let b = ws.join("bulletins/clerk-2025.toml");
        let text = std::fs::read_to_string(&b).unwrap();
        std::fs::write(&b, text.replacen("\"testville/100\"", &toml_str(&format!("testville/{code}")), 1)).unwrap();
        if creatable(&bulletin) {
            let _ = std::fs::rename(&b, ws.join(format!("bulletins/{bulletin}.toml")));
        }
        // The jurisdiction folder and id.
        if creatable(&jurisdiction) && jurisdiction != "testville" {
            let j = ws.join("specs/testville/jurisdiction.toml");
            let text = std::fs::read_to_string(&j).unwrap();
            std::fs::write(&j, text.replacen("id = \"testville\"", &format!("id = {}", toml_str(&jurisdiction)), 1)).unwrap();
            let _ = std::fs::rename(ws.join("specs/testville"), ws.join(format!("specs/{jurisdiction}")));
        }
        check_and_build(&ws, &victim)?;
    }

    /// Any number where a number goes: a located error, or finite figures.
    #[test]
    fn numbers_are_finite_and_bounded_or_refused(
        min in prop_oneof![any::<f64>(), Just(f64::NAN), Just(f64::INFINITY), Just(-1.0), Just(0.0), Just(1e300), Just(40000.0)],
        max in prop_oneof![any::<f64>(), Just(f64::NEG_INFINITY), Just(5e-324), Just(50000.0)],
        hours in prop_oneof![any::<f64>(), Just(0.0), Just(-2080.0), Just(f64::NAN), Just(2080.0)],
        weight in prop_oneof![any::<i64>().prop_map(|w| w as f64), Just(f64::NAN), Just(150.0), Just(-50.0), Just(100.0)],
        amount in prop_oneof![any::<i64>(), Just(0i64), Just(1i64)],
    ) {
        let (_tmp, ws, victim) = workspace();
        let f = |x: f64| if x.is_nan() { "nan".to_string() } else if x.is_infinite() { if x > 0.0 { "inf".into() } else { "-inf".into() } } else { format!("{x:?}") };
        let b = ws.join("bulletins/clerk-2025.toml");
        let text = std::fs::read_to_string(&b).unwrap()
            .replacen("min = 40000", &format!("min = {}", f(min)), 1)
            .replacen("max = 50000", &format!("max = {}", f(max)), 1)
            .replacen("weight = 100", &format!("weight = {}", f(weight)), 1);
        std::fs::write(&b, text).unwrap();
        let c = ws.join("specs/testville/classes/100.toml");
        let text = std::fs::read_to_string(&c).unwrap().replacen("amount = 1,", &format!("amount = {amount},"), 1);
        std::fs::write(&c, text).unwrap();
        let j = ws.join("specs/testville/jurisdiction.toml");
        let text = std::fs::read_to_string(&j).unwrap();
        std::fs::write(&j, format!("{text}\n[pay]\nhours_per_year = {}\n", f(hours))).unwrap();
        if check_and_build(&ws, &victim)? {
            let out = ws.join("out");
            for (rel, bytes) in common::tree(&out) {
                let s = String::from_utf8_lossy(&bytes);
                for bad in ["NaN", "inf", "$-", "-%", "Zero years", "zero years", "Less than zero"] {
                    prop_assert!(!s.contains(bad), "{rel} contains {bad}");
                }
                if rel.ends_with(".json") || rel.ends_with(".jsonld") {
                    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                    fn finite(v: &serde_json::Value) -> bool {
                        match v {
                            serde_json::Value::Number(n) => n.as_f64().is_some_and(|x| x.is_finite() && x.abs() < 1e15),
                            serde_json::Value::Array(a) => a.iter().all(finite),
                            serde_json::Value::Object(m) => m.values().all(finite),
                            _ => true,
                        }
                    }
                    prop_assert!(finite(&v), "{rel} holds a number out of range");
                }
            }
        }
    }

    /// Any date-time across the TOML range, in zones with and without
    /// daylight saving: a located error, or periods whose every time has
    /// an offset.
    #[test]
    fn date_times_anywhere_get_an_offset_or_an_error(
        year in prop_oneof![0i32..=9999, 1899i32..=1901, 2198i32..=2201, 2020i32..=2030],
        month in 1u32..=12,
        day in 1u32..=31,
        hour in 0u32..=23,
        minute in prop_oneof![0u32..=59, Just(30u32)],
        days_open in 0i64..=40,
        zone in prop_oneof![
            Just("America/Chicago"), Just("America/Los_Angeles"), Just("Europe/London"),
            Just("Australia/Lord_Howe"), Just("America/Santiago"), Just("Asia/Kolkata"), Just("UTC"),
        ],
    ) {
        let Some(date) = NaiveDate::from_ymd_opt(year, month, day) else { return Ok(()); };
        let (_tmp, ws, victim) = workspace();
        let open = date.and_hms_opt(hour, minute, 0).unwrap();
        let close = open + chrono::Duration::days(days_open) + chrono::Duration::minutes(30);
        let b = ws.join("bulletins/clerk-2025.toml");
        let text = std::fs::read_to_string(&b).unwrap()
            .replacen("open = 2025-02-03T08:00:00", &format!("open = {}", open.format("%Y-%m-%dT%H:%M:%S")), 1)
            .replacen("close = 2025-02-14T17:00:00", &format!("close = {}", close.format("%Y-%m-%dT%H:%M:%S")), 1)
            .replacen("test_window = { start = 2025-03-03, end = 2025-03-07 }\n", "", 1);
        std::fs::write(&b, text).unwrap();
        let j = ws.join("specs/testville/jurisdiction.toml");
        let text = std::fs::read_to_string(&j).unwrap().replacen("America/Chicago", zone, 1);
        std::fs::write(&j, text).unwrap();
        if check_and_build(&ws, &victim)? {
            let bulletin = common::tree(&ws.join("out"))
                .into_iter()
                .find(|(k, _)| k.ends_with("/bulletin.json"))
                .unwrap();
            let v: serde_json::Value = serde_json::from_slice(&bulletin.1).unwrap();
            for p in v["periods"].as_array().unwrap() {
                for key in ["open_at", "close_at"] {
                    if let Some(t) = p[key].as_str() {
                        let offset = t.ends_with('Z') || t.rfind(['+', '-']).is_some_and(|i| i > 10 && t[i..].len() == 6);
                        prop_assert!(offset, "{key} = {t} has no offset");
                    }
                }
            }
        }
    }

    /// Expressions of any depth and width, well formed or not: parsed in
    /// bounded time and memory, checked with a located error when they do
    /// not fit the routes, and every derived figure computed without
    /// enumerating the ways to qualify.
    #[test]
    fn expressions_of_any_shape_are_bounded(expr in expression()) {
        if let Ok(e) = classplan::model::expr::Expr::parse(&expr) {
            let _ = e.methods();
            let _ = e.eval(&|r| r.route % 2 == 0);
            let _ = e.least_of_most(&|r| r.route as f64);
        }
        let (_tmp, ws, victim) = workspace();
        let c = ws.join("specs/testville/classes/100.toml");
        let text = std::fs::read_to_string(&c).unwrap().replacen("expression = \"1 or 2\"", &format!("expression = {}", toml_str(&expr)), 1);
        std::fs::write(&c, text).unwrap();
        check_and_build(&ws, &victim)?;
    }
}

/// Requirement expressions: nested groups up to depth 2,000, flat chains up
/// to 1,000 terms, the conjunction of disjunctions that once blew up
/// (`(1 or 2) and (3 or 4) and ...`), part letters, and garbage tokens.
fn expression() -> impl Strategy<Value = String> {
    let term = prop_oneof![
        (1u32..=3).prop_map(|n| n.to_string()),
        (1u32..=3, "[a-c]").prop_map(|(n, l)| format!("{n}{l}")),
        (4u32..=1000).prop_map(|n| n.to_string()),
    ];
    prop_oneof![
        (1usize..=2000).prop_map(|d| format!("{}1 or 2{}", "(".repeat(d), ")".repeat(d))),
        (1usize..=2000).prop_map(|d| format!("{}1 or 2", "(".repeat(d))),
        (1usize..=1000).prop_map(|n| (0..n)
            .map(|i| format!("({} or {})", i % 2 + 1, (i + 1) % 2 + 1))
            .collect::<Vec<_>>()
            .join(" and ")),
        proptest::collection::vec(
            (
                term,
                prop_oneof![Just(" and "), Just(" or "), Just(" AND "), Just(" xor "), Just(" ")]
            ),
            1..60
        )
        .prop_map(|v| v
            .into_iter()
            .map(|(t, op)| format!("{t}{op}"))
            .collect::<String>()
            .trim_end_matches([' ', 'a', 'n', 'd', 'o', 'r', 'x', 'A', 'N', 'D'])
            .to_string()),
        "[()0-9a-z ]{0,80}",
    ]
}
