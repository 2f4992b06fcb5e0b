//! A long-running mutation fuzzer for source loading (the stable-toolchain
//! alternative to cargo-fuzz): real sources are mutated (bit flips, byte
//! insertions and deletions, spliced lines from other files, truncation)
//! and parsed as every source kind; every diagnostic is rendered, which
//! exercises span arithmetic. Nothing may panic.
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
    let (execs, diags) = fuzz_for(seconds, seed);
    eprintln!(
        "fuzz: {execs} executions in {seconds} s ({:.0}/s), {diags} diagnostics rendered, no panic",
        execs as f64 / seconds
    );
}
