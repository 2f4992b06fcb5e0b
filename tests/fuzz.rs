//! A long-running mutation fuzzer (the stable-toolchain alternative to
//! cargo-fuzz) with two targets. Sources: real sources (the sample and the
//! 25-bulletin corpus workspace) are mutated (bit flips, byte insertions
//! and deletions, spliced lines from other files, truncation) and parsed
//! as every source kind; every diagnostic is rendered, which exercises span
//! arithmetic. Import: real published bulletins are mutated the same way
//! (and by swapping, dropping and repeating lines) and read by the
//! `la-city` profile; every line must stay accounted for. Nothing may panic.
//!
//! `FUZZ_SECONDS=600 cargo test --release --test fuzz -- --ignored --nocapture`
//! In the normal suite a short run (2 s) keeps it honest.

mod common;

use classplan::bench::generate::Rng;
use classplan::diag::{FileId, RenderOptions, Sources, render};
use classplan::schema::SourceKind;

fn seeds() -> Vec<String> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(common::repo().join("specs"))
        .sort_by_file_name()
        .into_iter()
        .chain(walkdir::WalkDir::new(common::repo().join("bulletins")).sort_by_file_name())
        .chain(walkdir::WalkDir::new(common::repo().join("tests/fixtures/corpus")).sort_by_file_name())
    {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "toml") {
            out.push(std::fs::read_to_string(e.path()).unwrap());
        }
    }
    out
}

fn mutate(r: &mut Rng, seeds: &[String]) -> Vec<u8> {
    let mut b = seeds[r.below(seeds.len())].as_bytes().to_vec();
    for _ in 0..r.range(1, 8) {
        if b.is_empty() {
            b.push(b'[');
        }
        let at = r.below(b.len());
        match r.below(7) {
            0 => b[at] ^= 1 << r.below(8),
            1 => b.insert(at, *r.pick(b"[]{}\"'=\n#\\.,-:0T".as_slice())),
            2 => {
                let end = (at + r.below(40)).min(b.len());
                b.drain(at..end);
            }
            3 => {
                let other = seeds[r.below(seeds.len())].as_bytes();
                let s = r.below(other.len().max(1));
                let e = (s + r.below(200)).min(other.len());
                let piece = other[s..e].to_vec();
                b.splice(at..at, piece);
            }
            4 => b.truncate(at),
            5 => b.insert(at, r.below(256) as u8),
            _ => {
                let dup = b[at..(at + r.below(30)).min(b.len())].to_vec();
                b.splice(at..at, dup);
            }
        }
    }
    b
}

fn exercise(bytes: &[u8]) -> usize {
    let Ok(text) = std::str::from_utf8(bytes) else { return 0 };
    let mut sources = Sources::default();
    let id = sources.add("fuzz.toml".into(), text.to_string());
    assert_eq!(id, FileId(0));
    let mut n = 0;
    for kind in SourceKind::ALL {
        let diags = match kind {
            SourceKind::Jurisdiction => {
                classplan::load::parse_document::<classplan::model::Jurisdiction>(text, kind, id).err()
            }
            SourceKind::Class => classplan::load::parse_document::<classplan::model::ClassSpec>(text, kind, id).err(),
            SourceKind::CompetencyBank => {
                classplan::load::parse_document::<classplan::model::CompetencyBank>(text, kind, id).err()
            }
            SourceKind::CompetencyModel => {
                classplan::load::parse_document::<classplan::model::CompetencyModel>(text, kind, id).err()
            }
            SourceKind::Bulletin => classplan::load::parse_document::<classplan::model::Bulletin>(text, kind, id).err(),
            SourceKind::Series => {
                classplan::load::parse_document::<classplan::model::series::SeriesSpec>(text, kind, id).err()
            }
        };
        for d in diags.unwrap_or_default() {
            let _ = render(
                &d,
                &sources,
                &RenderOptions {
                    color: true,
                    base: Default::default(),
                },
            );
            n += 1;
        }
    }
    n
}

/// Published bulletins (bytes: some are Windows-1252).
fn bulletin_seeds() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(common::repo().join("tests/fixtures/import/la-city")).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            out.push(std::fs::read(e.path()).unwrap());
        }
    }
    out
}

/// A bulletin mutated: bytes as for sources, or whole lines swapped,
/// dropped or repeated (headings out of place, sections missing).
fn mutate_bulletin(r: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let as_text: Vec<String> = seeds.iter().map(|b| String::from_utf8_lossy(b).into_owned()).collect();
    if r.below(2) == 0 {
        return mutate(r, &as_text);
    }
    let mut lines: Vec<Vec<u8>> = seeds[r.below(seeds.len())]
        .split(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    for _ in 0..r.range(1, 6) {
        if lines.is_empty() {
            break;
        }
        let (a, b) = (r.below(lines.len()), r.below(lines.len()));
        match r.below(3) {
            0 => lines.swap(a, b),
            1 => {
                lines.remove(a);
            }
            _ => {
                let l = lines[a].clone();
                lines.insert(b, l);
            }
        }
    }
    lines.join(&b'\n')
}

fn exercise_import(bytes: &[u8], j: &classplan::model::Jurisdiction) -> usize {
    use classplan::import::doc::{Doc, Kind};
    use classplan::import::{decode, emit, la};
    let d = decode::decode(bytes);
    let mut doc = Doc::new(d.lines);
    let Ok(parsed) = la::parse(&mut doc, "FUZZ 1234 010118.txt", j) else {
        // Refused (no code, not a bulletin): nothing is written.
        return doc.findings.len();
    };
    doc.finish();
    // Every line is used, blank, or reported as not imported.
    for i in 0..doc.len() {
        let reported = doc
            .findings
            .iter()
            .any(|f| f.line == i + 1 && f.kind == Kind::NotImported);
        assert!(
            doc.blank(i) || doc.used(i).is_some() || reported,
            "line {} is not accounted for: {:?}",
            i + 1,
            doc.line(i)
        );
    }
    // What would be written loads back.
    let text = emit::toml(&parsed.bulletin, &[]);
    let back = classplan::load::parse_document::<classplan::model::Bulletin>(&text, SourceKind::Bulletin, FileId(0));
    assert!(back.is_ok(), "{text}\n{:?}", back.err());
    let text = emit::toml(&parsed.class, &[]);
    let back = classplan::load::parse_document::<classplan::model::ClassSpec>(&text, SourceKind::Class, FileId(0));
    assert!(back.is_ok(), "{text}\n{:?}", back.err());
    doc.findings.len()
}

fn import_for(seconds: f64, seed: u64) -> (u64, usize) {
    let seeds = bulletin_seeds();
    let (j, _) = classplan::load::parse_document::<classplan::model::Jurisdiction>(
        classplan::import::la::JURISDICTION_TOML,
        SourceKind::Jurisdiction,
        FileId(0),
    )
    .unwrap();
    let mut r = Rng::new(seed);
    let start = std::time::Instant::now();
    let (mut execs, mut findings) = (0u64, 0usize);
    while start.elapsed().as_secs_f64() < seconds {
        let input = mutate_bulletin(&mut r, &seeds);
        findings += exercise_import(&input, &j);
        execs += 1;
    }
    (execs, findings)
}

fn fuzz_for(seconds: f64, seed: u64) -> (u64, usize) {
    let seeds = seeds();
    let mut r = Rng::new(seed);
    let start = std::time::Instant::now();
    let (mut execs, mut diags) = (0u64, 0usize);
    while start.elapsed().as_secs_f64() < seconds {
        let input = mutate(&mut r, &seeds);
        diags += exercise(&input);
        execs += 1;
    }
    (execs, diags)
}

#[test]
fn short_fuzz_run() {
    let (execs, diags) = fuzz_for(2.0, 1);
    assert!(execs > 10 && diags > 0, "{execs} executions, {diags} diagnostics");
    let (execs, findings) = import_for(2.0, 1);
    assert!(execs > 10 && findings > 0, "{execs} imports, {findings} findings");
}

#[test]
#[ignore = "long run: FUZZ_SECONDS=600 cargo test --release --test fuzz -- --ignored --nocapture"]
fn long_fuzz_run() {
    let seconds: f64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60.0);
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(42);
    // Half the time for each target.
    let (execs, diags) = fuzz_for(seconds / 2.0, seed);
    eprintln!(
        "fuzz sources: {execs} executions in {} s ({:.0}/s), {diags} diagnostics rendered, no panic",
        seconds / 2.0,
        execs as f64 / (seconds / 2.0)
    );
    let (execs, findings) = import_for(seconds / 2.0, seed);
    eprintln!(
        "fuzz import: {execs} bulletins read in {} s ({:.0}/s), {findings} findings, every line accounted for, no panic",
        seconds / 2.0,
        execs as f64 / (seconds / 2.0)
    );
}
