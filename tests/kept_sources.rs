//! Parsed sources kept on disk (`load::kept`, `out/.classplan-sources`):
//! a load that takes a source's tree instead of parsing its text loads the
//! same plan, spans and diagnostics; only what changed is parsed again; a
//! damaged, cut or deleted file changes nothing but the time.

mod common;

use std::path::{Path, PathBuf};

use classplan::load::Kept;
use common::*;

const KEY: [u8; 32] = [3; 32];

/// Check `ws` from scratch, then with nothing kept (which makes a blob),
/// then with that blob: the three agree, and the last parses nothing.
fn loads_the_same(ws: &Path) {
    let plain = classplan::check(ws);
    let mut first = Kept::empty(KEY);
    let made = classplan::check_kept(ws, &mut first);
    assert_eq!(first.used(), 0);
    let blob = first.take_next().expect("a first load makes a blob");
    let mut second = Kept::open(KEY, blob);
    assert!(!second.is_empty(), "{}: nothing kept", ws.display());
    let taken = classplan::check_kept(ws, &mut second);
    for (what, ws2) in [("made", &made), ("taken", &taken)] {
        assert_eq!(
            canonical(&ws2.plan),
            canonical(&plain.plan),
            "{}: the plan differs ({what})",
            ws.display()
        );
        assert_eq!(
            format!("{:?}", ws2.diagnostics),
            format!("{:?}", plain.diagnostics),
            "{}: the diagnostics differ ({what})",
            ws.display()
        );
        assert_eq!(ws2.text_hashes, plain.text_hashes);
    }
    // Every kept source was taken, and the next blob would be the same.
    assert_eq!(second.used(), second.len(), "{}", ws.display());
    assert!(
        second.take_next().is_none(),
        "{}: an unchanged workspace made a new blob",
        ws.display()
    );
}

#[test]
fn every_fixture_workspace_loads_the_same_from_kept_trees() {
    let mut workspaces: Vec<PathBuf> = vec![repo(), repo().join("tests/fixtures/corpus")];
    for dir in ["tests/fixtures/workspaces"] {
        for e in std::fs::read_dir(repo().join(dir)).unwrap() {
            workspaces.push(e.unwrap().path());
        }
    }
    for ws in &workspaces {
        loads_the_same(ws);
    }
}

#[test]
fn a_generated_plan_loads_the_same_from_kept_trees() {
    let (_tmp, ws) = generated_plan(60, 40, 2, 7);
    loads_the_same(&ws);
}

/// A source with findings (here a warning and an error) is not kept, and
/// its findings are reported every time; the others are kept.
#[test]
fn a_source_with_findings_is_parsed_every_time() {
    let tmp = sample_workspace();
    let ws = tmp.path();
    let class = ws.join("specs/la-city/classes/1229.toml");
    let text = std::fs::read_to_string(&class).unwrap();
    // An unknown key (a warning or error of the structure walk).
    std::fs::write(&class, format!("nonsense_key = 1\n{text}")).unwrap();
    loads_the_same(ws);
    let mut first = Kept::empty(KEY);
    let plain = classplan::check_kept(ws, &mut first);
    let mut second = Kept::open(KEY, first.take_next().unwrap());
    let again = classplan::check_kept(ws, &mut second);
    assert!(
        again
            .diagnostics
            .iter()
            .any(|d| format!("{d:?}").contains("nonsense_key")),
        "{:?}",
        again.diagnostics
    );
    assert_eq!(second.used(), plain.sources.iter().count() - 1);
}

/// A class source in which the rules about one class alone find
/// something (here a duty listed twice, CP0070) is not kept either: a kept
/// source's classes are not looked at by those rules again, so its
/// warning is found and reported on every load, and the other sources
/// are taken as kept.
#[test]
fn a_class_with_findings_of_its_own_rules_is_parsed_every_time() {
    let tmp = sample_workspace();
    let ws = tmp.path();
    let class = ws.join("specs/la-city/classes/1229.toml");
    let text = std::fs::read_to_string(&class).unwrap();
    let duty = "  \"Uses good judgment in dealing with irate customers;\",\n";
    assert!(text.contains(duty));
    std::fs::write(&class, text.replacen(duty, &format!("{duty}{duty}"), 1)).unwrap();
    loads_the_same(ws);
    let repeats = |w: &classplan::load::Workspace| {
        w.diagnostics
            .iter()
            .filter(|d| format!("{d:?}").contains("repeats duty"))
            .count()
    };
    let mut first = Kept::empty(KEY);
    let plain = classplan::check_kept(ws, &mut first);
    assert_eq!(repeats(&plain), 1, "{:?}", plain.diagnostics);
    let mut second = Kept::open(KEY, first.take_next().unwrap());
    assert_eq!(second.len(), plain.sources.iter().count() - 1);
    let again = classplan::check_kept(ws, &mut second);
    assert_eq!(repeats(&again), 1, "{:?}", again.diagnostics);
    assert_eq!(second.used(), plain.sources.iter().count() - 1);
    // Read only (`check`): the same findings.
    let mut read_only = Kept::open(KEY, {
        let mut k = Kept::empty(KEY);
        classplan::check_kept(ws, &mut k);
        k.take_next().unwrap()
    })
    .read_only();
    assert_eq!(repeats(&classplan::check_sources_kept(ws, &mut read_only)), 1);
}

/// One source edited: only it is parsed; the blob is made again with its
/// new tree, which the next load takes.
#[test]
fn an_edit_parses_only_the_file_edited() {
    let tmp = sample_workspace();
    let ws = tmp.path();
    let mut k = Kept::empty(KEY);
    let n = classplan::check_kept(ws, &mut k).sources.iter().count();
    let blob = k.take_next().unwrap();
    let class = ws.join("specs/la-city/classes/1229.toml");
    let text = std::fs::read_to_string(&class).unwrap();
    std::fs::write(&class, text.replacen("title = \"", "title = \"Senior ", 1)).unwrap();
    let mut k = Kept::open(KEY, blob);
    let edited = classplan::check_kept(ws, &mut k);
    assert_eq!(k.used(), n - 1);
    assert_eq!(canonical(&edited.plan), canonical(&classplan::check(ws).plan));
    assert!(format!("{:?}", edited.plan).contains("Senior "));
    let blob = k.take_next().expect("an edit makes a new blob");
    let mut k = Kept::open(KEY, blob.clone());
    classplan::check_kept(ws, &mut k);
    assert_eq!(k.used(), n);
    assert!(k.take_next().is_none());
    // A source removed: the blob is made again, without it.
    std::fs::remove_file(ws.join("bulletins/la-city-1229-2025.toml")).unwrap();
    let mut k = Kept::open(KEY, blob);
    classplan::check_kept(ws, &mut k);
    assert_eq!(k.used(), n - 1);
    let smaller = Kept::open(KEY, k.take_next().expect("a removal makes a new blob"));
    assert_eq!(smaller.len(), n - 1);
}

/// Through the binary: `build` keeps the sources; cut short, damaged or
/// deleted, the next build is still what a clean build makes.
#[test]
fn a_damaged_kept_file_changes_nothing_but_the_time() {
    let tmp = sample_workspace();
    let ws = tmp.path();
    let build = |out: &str| {
        let o = run_in(
            ws,
            &[
                "build",
                "--only",
                "html,md,txt,json",
                "--as-of",
                "2025-03-01",
                "--out",
                out,
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
    };
    build("out");
    let kept = ws.join("out/.classplan-sources");
    let blob = std::fs::read(&kept).unwrap();
    assert!(blob.len() > 100);
    let class = ws.join("specs/la-city/classes/1229.toml");
    let touch = |n: usize| {
        let mut t = std::fs::read_to_string(&class).unwrap();
        t.push_str(&format!("# edit {n}\n"));
        std::fs::write(&class, t).unwrap();
    };
    let damages: Vec<(&str, Vec<u8>)> = vec![
        ("cut in half", blob[..blob.len() / 2].to_vec()),
        ("garbage", vec![0xA5; blob.len()]),
        (
            "flipped bytes",
            blob.iter()
                .enumerate()
                .map(|(i, b)| if i % 97 == 50 { !b } else { *b })
                .collect(),
        ),
        ("empty", Vec::new()),
    ];
    for (n, (what, bytes)) in damages.into_iter().enumerate() {
        touch(n);
        std::fs::write(&kept, bytes).unwrap();
        build("out");
        let clean = format!("clean-{n}");
        build(&clean);
        let (a, b) = (tree(&ws.join("out")), tree(&ws.join(&clean)));
        let differ: Vec<&String> = a
            .keys()
            .chain(b.keys())
            .filter(|k| !k.starts_with(".classplan") && a.get(*k) != b.get(*k))
            .collect();
        assert!(differ.is_empty(), "{what}: {differ:?}");
        std::fs::remove_dir_all(ws.join(&clean)).unwrap();
        // The build made it whole again.
        assert!(
            std::fs::read(&kept).unwrap().starts_with(b"classplan-sources/"),
            "{what}"
        );
    }
    std::fs::remove_file(&kept).unwrap();
    touch(99);
    build("out");
    assert!(kept.exists());
    // `check` reads it and writes nothing; `-v` says what it took.
    let before = std::fs::read(&kept).unwrap();
    touch(100);
    let o = run_in(ws, &["check", "-v"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("parsed 1 of 9 sources; 8 taken as kept in"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&kept).unwrap(), before);
    // A build parses the one file changed, and keeps its new tree.
    let o = run_in(ws, &["build", "-v", "--only", "html", "--as-of", "2025-03-01"]);
    assert!(
        stderr(&o).contains("parsed 1 of 9 sources; 8 taken as kept in"),
        "{}",
        stderr(&o)
    );
    let o = run_in(ws, &["check", "-v"]);
    assert!(
        stderr(&o).contains("parsed 0 of 9 sources; 9 taken as kept in"),
        "{}",
        stderr(&o)
    );
}

/// `serve`'s first load takes what a build kept, and from then on holds
/// every source in memory: the plan and diagnostics are those of a load
/// from scratch, before and after an edit.
#[test]
fn a_first_load_in_memory_takes_the_kept_trees() {
    let tmp = sample_workspace();
    let ws = tmp.path();
    let mut first = Kept::empty(KEY);
    classplan::check_kept(ws, &mut first);
    let mut cache = classplan::CheckCache {
        kept: Some(Kept::open(KEY, first.take_next().unwrap())),
        ..Default::default()
    };
    let plain = classplan::check(ws);
    let served = classplan::check_cached(ws, Some(&mut cache));
    assert!(cache.kept.is_none(), "the kept trees are for the first load only");
    assert_eq!(cache.sources.len(), plain.sources.iter().count());
    assert_eq!(canonical(&served.plan), canonical(&plain.plan));
    assert_eq!(format!("{:?}", served.diagnostics), format!("{:?}", plain.diagnostics));
    let class = ws.join("specs/la-city/classes/1229.toml");
    let text = std::fs::read_to_string(&class).unwrap();
    std::fs::write(&class, text.replacen("title = \"", "title = \"Senior ", 1)).unwrap();
    let served = classplan::check_cached(ws, Some(&mut cache));
    assert_eq!(canonical(&served.plan), canonical(&classplan::check(ws).plan));
}

/// A kept file too large to be one is not read (a sparse file: no disk).
#[test]
fn an_oversized_kept_file_is_not_read() {
    let tmp = sample_workspace();
    let ws = tmp.path();
    let out = ws.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let f = std::fs::File::create(out.join(classplan::site::kept_sources::KEPT_SOURCES)).unwrap();
    f.set_len(classplan::site::kept_sources::MAX_KEPT_BYTES + 1).unwrap();
    let mut kept = classplan::site::kept_sources::open(ws, &out);
    assert!(kept.is_empty());
    let plain = classplan::check(ws);
    assert_eq!(
        canonical(&classplan::check_kept(ws, &mut kept).plan),
        canonical(&plain.plan)
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, .. proptest::prelude::ProptestConfig::default() })]

    /// Any bytes of a real blob changed: the load is the load from scratch
    /// (the blob is refused whole; it never yields another document).
    #[test]
    fn a_blob_changed_anywhere_loads_what_parsing_loads(
        changes in proptest::collection::vec((0.0..1.0f64, 1..=255u8), 1..4),
    ) {
        let ws = repo();
        let plain = classplan::check(&ws);
        let mut first = Kept::empty(KEY);
        classplan::check_kept(&ws, &mut first);
        let mut blob = first.take_next().unwrap();
        for (at, x) in &changes {
            let i = ((blob.len() as f64) * at) as usize % blob.len();
            blob[i] ^= x;
        }
        let mut kept = Kept::open(KEY, blob);
        proptest::prop_assert!(kept.is_empty());
        let loaded = classplan::check_kept(&ws, &mut kept);
        proptest::prop_assert_eq!(canonical(&loaded.plan), canonical(&plain.plan));
        proptest::prop_assert_eq!(format!("{:?}", loaded.diagnostics), format!("{:?}", plain.diagnostics));
    }
}

/// While few sources miss the blob (at most one in `LEFT_AS_IS`), a load
/// makes no new one: the next load parses what changed and takes the
/// rest, and loads the same plan and diagnostics as a plain check, edit
/// after edit; once more miss it, the next blob is made and holds every
/// source as it is now.
#[test]
fn a_blob_left_as_is_after_a_few_edits_loads_the_same() {
    let (_tmp, ws) = generated_plan(600, 500, 2, 11);
    let classes: Vec<PathBuf> = walkdir::WalkDir::new(ws.join("specs"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.to_string_lossy().contains("/classes/") && p.extension().is_some_and(|x| x == "toml"))
        .collect();
    let mut first = Kept::empty(KEY);
    classplan::check_kept(&ws, &mut first);
    let mut blob = first.take_next().unwrap();
    let sources = Kept::open(KEY, blob.clone()).len();
    // Two misses are left as they are, four are not.
    assert_eq!(sources / classplan::load::kept::LEFT_AS_IS, 2, "{sources} sources kept");
    // Each step: a class edited (its text new), then the load with the
    // blob as it is; whether it made a new one.
    let steps: [(usize, &str, bool); 4] = [
        (0, "# one", false),
        (0, "# two", false),
        (1, "# three", true),
        (2, "# four", false),
    ];
    for (n, (class, comment, remade)) in steps.into_iter().enumerate() {
        let path = &classes[class];
        let text = std::fs::read_to_string(path).unwrap();
        std::fs::write(path, format!("{text}{comment}\n")).unwrap();
        let plain = classplan::check(&ws);
        let mut kept = Kept::open(KEY, blob.clone());
        let taken = classplan::check_kept(&ws, &mut kept);
        assert_eq!(canonical(&taken.plan), canonical(&plain.plan), "step {n}");
        assert_eq!(
            format!("{:?}", taken.diagnostics),
            format!("{:?}", plain.diagnostics),
            "step {n}"
        );
        assert!(kept.used() >= sources - 2, "step {n}: {} taken", kept.used());
        match kept.take_next() {
            Some(next) => {
                assert!(remade, "step {n}: a blob made for one miss");
                assert_eq!(Kept::open(KEY, next.clone()).len(), sources, "step {n}");
                blob = next;
            }
            None => assert!(!remade, "step {n}: no blob made for {} misses", 2 * (n + 1)),
        }
    }
}
