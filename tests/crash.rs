//! Crash safety: a build killed while it writes leaves every file in out/
//! either as the previous build wrote it or as the new build writes it,
//! never truncated; the next build finishes the job and removes leftovers.

mod common;

use common::tree;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn classplan() -> Command {
    Command::new(env!("CARGO_BIN_EXE_classplan"))
}

/// `classplan build` of the text formats into `out`.
fn build_command(ws: &Path, out: &Path) -> Command {
    let mut c = classplan();
    c.args([
        "build",
        "--only",
        "html,md,txt,json,jsonld",
        "--as-of",
        "2025-01-01",
        "--out",
    ])
    .arg(out)
    .arg(ws);
    c
}

fn build(ws: &Path, out: &Path) {
    let st = build_command(ws, out).output().unwrap();
    assert!(st.status.success(), "{}", String::from_utf8_lossy(&st.stderr));
}

#[test]
fn a_killed_build_never_leaves_a_truncated_file() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    classplan::bench::generate::generate(
        &classplan::bench::generate::CorpusSpec {
            classes: 600,
            bulletins: 600,
            jurisdictions: 3,
            seed: 3,
        },
        &ws,
    )
    .unwrap();
    let out = tmp.path().join("out");
    build(&ws, &out);
    let old = tree(&out);

    // Change every class and bulletin so every output changes.
    for e in walkdir::WalkDir::new(&ws)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "toml"))
    {
        let text = std::fs::read_to_string(e.path()).unwrap();
        let text = text
            .replace("Apply on-line at the City's job site.", "Apply on-line (changed).")
            .replace("does related work.", "does related work (changed).");
        std::fs::write(e.path(), text).unwrap();
    }
    let expected_new = tmp.path().join("expected");
    build(&ws, &expected_new);
    let new = tree(&expected_new);

    // Start the build and kill it once it has begun writing.
    let mut child = build_command(&ws, &out).spawn().unwrap();
    let start = Instant::now();
    let sample = out.join(old.keys().find(|k| k.ends_with(".md")).unwrap());
    let old_sample = std::fs::read(&sample).unwrap();
    loop {
        let changed = std::fs::read(&sample).map(|b| b != old_sample).unwrap_or(false);
        let wrote_any = walkdir::WalkDir::new(&out).into_iter().filter_map(Result::ok).any(|e| {
            let n = e.file_name().to_string_lossy();
            n.starts_with(".classplan-") && n.ends_with(".tmp")
        });
        if changed || wrote_any || start.elapsed() > Duration::from_secs(60) {
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let _ = child.kill();
    let _ = child.wait();

    let after = tree(&out);
    let mut mixed = (0, 0);
    for (rel, bytes) in &after {
        let name = rel.rsplit('/').next().unwrap();
        if name.starts_with(".classplan-") {
            continue; // a temporary file, never a published name
        }
        let is_old = old.get(rel) == Some(bytes);
        let is_new = new.get(rel) == Some(bytes);
        assert!(
            is_old || is_new,
            "{rel} is neither the old nor the new version (truncated?)"
        );
        if is_new && !is_old {
            mixed.1 += 1;
        } else {
            mixed.0 += 1;
        }
    }
    // The next build completes and leaves no temporary files.
    build(&ws, &out);
    let done = tree(&out);
    let bookkeeping = [
        classplan::site::manifest::MANIFEST,
        classplan::site::manifest::MANIFEST_CHANGES,
        classplan::site::kept_sources::KEPT_SOURCES,
    ];
    assert!(
        done.keys().all(|k| {
            let name = k.rsplit('/').next().unwrap();
            !name.starts_with(".classplan-") || bookkeeping.contains(&name)
        }),
        "{:?}",
        done.keys().filter(|k| k.contains(".classplan-")).collect::<Vec<_>>()
    );
    for (rel, bytes) in &new {
        if !rel.ends_with(classplan::site::manifest::MANIFEST) {
            assert_eq!(done.get(rel), Some(bytes), "{rel} not finished by the next build");
        }
    }
    eprintln!("after the kill: {} files old, {} files new", mixed.0, mixed.1);
}

#[test]
fn concurrent_builds_of_one_output_directory_all_succeed_as_if_one_after_another() {
    // A second build used to scan out/ before taking the lock, deleting the
    // first build's temporary files ("cannot write …: No such file").
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    common::copy_workspace(&common::repo(), &ws);
    let serial = tmp.path().join("serial");
    build(&ws, &serial);
    let out = tmp.path().join("out");
    for round in 0..3 {
        let children: Vec<_> = (0..4)
            .map(|_| {
                build_command(&ws, &out)
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let o = c.wait_with_output().unwrap();
            assert!(
                o.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        assert_eq!(tree(&out), tree(&serial), "round {round}");
    }
}
