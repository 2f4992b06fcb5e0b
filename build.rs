//! Embeds, for `classplan explain`, one example of each rule firing: the
//! first diagnostic of that rule in the check fixtures' golden outputs
//! (`tests/fixtures/check/<case>/expected.txt`), which the test suite
//! proves the rule really prints.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let root = Path::new("tests/fixtures/check");
    println!("cargo::rerun-if-changed=tests/fixtures/check");
    let mut cases: Vec<_> = std::fs::read_dir(root)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    cases.sort();
    let mut seen = std::collections::BTreeMap::new();
    for case in cases {
        let Ok(text) = std::fs::read_to_string(case.join("expected.txt")) else {
            continue;
        };
        println!("cargo::rerun-if-changed={}", case.join("expected.txt").display());
        let name = case
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Diagnostic blocks start at `error[` / `warning[` at a line start.
        let mut starts: Vec<usize> = text
            .match_indices('\n')
            .map(|(i, _)| i + 1)
            .chain(std::iter::once(0))
            .filter(|&i| text[i..].starts_with("error[") || text[i..].starts_with("warning["))
            .collect();
        starts.sort();
        for (k, &s) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(text.len());
            let block = text[s..end].trim_end();
            let Some(id) = block.split('[').nth(1).and_then(|r| r.split(']').next()) else {
                continue;
            };
            // Keep the summary line out of the example.
            let block: String = block
                .lines()
                .take_while(|l| !l.starts_with("checked ") && !l.starts_with("found "))
                .collect::<Vec<_>>()
                .join("\n");
            seen.entry(id.to_string()).or_insert((name.clone(), block));
        }
    }
    let mut out = String::from(
        "/// (rule id, fixture case, the diagnostic as `check` prints it)\npub const EXAMPLES: &[(&str, &str, &str)] = &[\n",
    );
    for (id, (case, block)) in &seen {
        let _ = writeln!(out, "    ({id:?}, {case:?}, {block:?}),");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("rule_examples.rs");
    let _ = std::fs::write(dest, out);
}
