//! The 25 real bulletins of `tests/fixtures/import/la-city/` as a
//! maintained workspace (`tests/fixtures/corpus/`: what `import` wrote,
//! with the few items it could not type encoded by hand): it checks clean,
//! every output format matches its golden file, the PDFs carry the text,
//! and at least 98 % of each source's sentences and list items survive
//! into the outputs, measured as `../shared/tools/corpus-coverage` does.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use classplan::site::build;
use common::*;

fn workspace() -> PathBuf {
    repo().join("tests/fixtures/corpus")
}

fn sources() -> PathBuf {
    repo().join("tests/fixtures/import/la-city")
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 1).unwrap()
}

/// Build every format but PDF into a temporary directory.
fn built() -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let ws = classplan::check(&workspace());
    assert!(!ws.has_errors());
    build(&ws, &text_build(&out, as_of())).unwrap();
    let files = tree(&out);
    (tmp, files)
}

#[test]
fn the_corpus_workspace_checks_without_errors() {
    let (text, ws) = check_output(&workspace());
    assert!(!ws.has_errors(), "{text}");
    let golden_dir = repo().join("tests/golden/corpus");
    golden(&golden_dir.join("check.txt"), &text).unwrap();
}

#[test]
fn the_corpus_outputs_match_golden_files() {
    let (_tmp, files) = built();
    let failures = golden_tree(&files, &repo().join("tests/golden/corpus"));
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Lower-case words, punctuation dropped, as `corpus-coverage` compares.
fn words(text: &str) -> Vec<String> {
    let t = text.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'");
    t.split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '$' | '%' | '#')))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// A source's atoms: list items and sentences of four words or more,
/// their list markers dropped; long lines split at sentence ends.
fn atoms(text: &str) -> Vec<(String, Vec<String>)> {
    let marker = regex::Regex::new(r"^(?:[-*\u{2022}]\s+|\d+\.\s+|[a-z]\.\s+)+").unwrap();
    let sentence_end = regex::Regex::new(r"[.;:!?]\s+[A-Z(]").unwrap();
    let mut out = Vec::new();
    // Line breaks as Python's `splitlines` knows them (some sources end
    // lines with a bare CR).
    let breaks = [
        '\n', '\r', '\u{b}', '\u{c}', '\u{1c}', '\u{1d}', '\u{1e}', '\u{85}', '\u{2028}', '\u{2029}',
    ];
    for raw in text.split(breaks) {
        let line = raw.trim();
        let line = marker.replace(line, "");
        let line = line.trim().trim_matches(|c| matches!(c, '*' | '_' | ' '));
        if line.is_empty() {
            continue;
        }
        let mut pieces = Vec::new();
        if line.chars().count() > 160 {
            let mut start = 0;
            for m in sentence_end.find_iter(line) {
                // Split after the punctuation, before the capital.
                let cut = m.start() + 1;
                pieces.push(&line[start..cut]);
                start = m.end() - line[..m.end()].chars().next_back().map_or(0, char::len_utf8);
            }
            pieces.push(&line[start..]);
        } else {
            pieces.push(line);
        }
        for p in pieces {
            let w = words(p);
            if w.len() >= 4 {
                out.push((p.trim().to_string(), w));
            }
        }
    }
    out
}

fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| b as char).collect(),
    }
}

/// The words of a built document folder: its text, Markdown and HTML
/// (tags dropped, scripts and styles left out).
fn folder_words(files: &BTreeMap<String, Vec<u8>>, folder: &str) -> String {
    let mut chunks = Vec::new();
    for (rel, bytes) in files {
        let Some(name) = rel.strip_prefix(folder).and_then(|r| r.strip_prefix('/')) else {
            continue;
        };
        if name.contains('/') {
            continue;
        }
        let text = decode(bytes);
        if name.ends_with(".html") {
            let doc = scraper::Html::parse_document(&text);
            let mut parts = Vec::new();
            for node in doc.tree.nodes() {
                if let scraper::Node::Text(t) = node.value() {
                    let hidden = node.ancestors().any(|a| {
                        a.value()
                            .as_element()
                            .is_some_and(|e| matches!(e.name(), "script" | "style"))
                    });
                    if !hidden {
                        parts.push(t.to_string());
                    }
                }
            }
            chunks.push(parts.join(" "));
        } else if name.ends_with(".md") || name.ends_with(".txt") {
            chunks.push(text);
        }
    }
    format!(" {} ", words(&chunks.join("\n")).join(" "))
}

#[test]
fn at_least_98_percent_of_every_source_survives_into_the_outputs() {
    let (_tmp, files) = built();
    // Each source's folder: the one whose bulletin.json names it.
    let mut folder_of: BTreeMap<String, String> = BTreeMap::new();
    for (rel, bytes) in &files {
        if rel.ends_with("/bulletin.json") {
            let v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            if let Some(name) = v["imported"]["file"].as_str() {
                folder_of.insert(name.to_string(), rel.trim_end_matches("/bulletin.json").to_string());
            }
        }
    }
    let mut report = Vec::new();
    let (mut covered, mut total) = (0usize, 0usize);
    for entry in std::fs::read_dir(sources()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(folder) = folder_of.get(&name) else {
            // The memo is not a bulletin: import refuses it.
            assert!(name.starts_with("Vocational Worker"), "no output for {name}");
            continue;
        };
        let hay = folder_words(&files, folder);
        let ats = atoms(&decode(&std::fs::read(&path).unwrap()));
        let missing: Vec<&String> = ats
            .iter()
            .filter(|(_, w)| !hay.contains(&format!(" {} ", w.join(" "))))
            .map(|(s, _)| s)
            .filter(|s| !is_page_furniture(s))
            .collect();
        let n = ats.iter().filter(|(s, _)| !is_page_furniture(s)).count();
        covered += n - missing.len();
        total += n;
        let pct = 100.0 * (n - missing.len()) as f64 / n.max(1) as f64;
        if pct < 95.0 {
            report.push(format!("{pct:.1}% {name}: missing {missing:#?}"));
        }
    }
    let pct = 100.0 * covered as f64 / total as f64;
    eprintln!(
        "corpus coverage: {covered}/{total} atoms ({pct:.1}%) over {} sources",
        folder_of.len()
    );
    assert!(folder_of.len() >= 25, "{folder_of:?}");
    assert!(report.is_empty(), "{}", report.join("\n"));
    assert!(pct >= 98.0, "{covered}/{total} atoms = {pct:.1}%");
}

/// The page-break lines of the printed bulletins ("Class Code 2234 CONT
/// . . . . ."): furniture the outputs regenerate, not content.
fn is_page_furniture(atom: &str) -> bool {
    let lower = atom.to_ascii_lowercase();
    lower.starts_with("class code") && lower.contains(". . .")
}

#[test]
fn the_pdfs_carry_every_requirement_and_duty() {
    let ws = classplan::check(&workspace());
    let templates = classplan::render::templates::Templates::load(
        &workspace(),
        &ws.plan.jurisdictions.keys().cloned().collect::<Vec<_>>(),
    )
    .ok()
    .unwrap();
    let squash = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).collect::<String>();
    let mut checked = 0;
    for task in classplan::site::pdf_tasks(&ws, as_of()) {
        if !task.rel.ends_with("bulletin.pdf") {
            continue;
        }
        let view = &task.data;
        let mut text = squash(&classplan::render::pdf::task_text(&templates, &task).unwrap());
        // The running footer and header of each page break the body's text.
        let jur = squash(view["jurisdiction"]["name"].as_str().unwrap());
        let footer = regex::Regex::new(&format!("{jur}Page[0-9]+of[0-9]+")).unwrap();
        text = footer.replace_all(&text, "").into_owned();
        let header = squash(view["display_title"].as_str().unwrap())
            + &view["job_number"]
                .as_str()
                .map(|n| squash(&format!("Job number {n}")))
                .unwrap_or(jur);
        text = text.replace(&header, "");
        let mut expected = vec![view["title"].as_str().unwrap().to_string()];
        if let Some(r) = view["requirements"].as_object() {
            for route in r["routes"].as_array().unwrap() {
                expected.push(route["text"].as_str().unwrap().to_string());
            }
        }
        for d in view["duties"].as_array().into_iter().flatten() {
            if let Some(t) = d["text"].as_str() {
                expected.push(t.to_string());
            }
        }
        for e in expected.iter().filter(|e| !e.is_empty()) {
            // Markdown marks and Typst's hyphenation aside, the words are there.
            assert!(text.contains(&squash(e)), "{}: PDF text lacks {e:?}", task.rel);
        }
        checked += 1;
    }
    assert!(checked >= 25, "{checked} bulletins");
}
