//! Incremental builds are clean builds: after any sequence of edits to the
//! sources, the templates, the options or the output directory itself, a
//! build into the same output directory (the no-op check first, as the
//! CLI does it) leaves exactly the tree a build into a new directory makes.
//!
//! `serve`'s parsed-source cache, and the parsed sources a build keeps in
//! its output directory, are held to the same standard: after each edit,
//! checking with them finds the plan and the diagnostics checking from
//! scratch finds.
//!
//! The edits are structured (which class, which field, what text), over a
//! generated plan whose classes name each other in their requirements, so
//! that one edit reaches other documents: a new title changes the pages of
//! the classes that lead to it, the index and the career paths page.

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use common::*;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Edit {
    /// A class's title (its index row, the career paths of its neighbours).
    Retitle(usize, u8),
    /// One of a class's duties (its own pages only); with an even number,
    /// a near copy of it too (a warning).
    Duty(usize, u8),
    /// A class and its bulletins removed.
    RemoveClass(usize),
    /// A new class, a copy of another under a new code and title.
    AddClass(usize, u16),
    /// A bulletin's department (its page and its index row).
    Department(usize, u8),
    /// A bulletin made a draft (left out of the site without `--drafts`).
    Draft(usize),
    /// The index template overridden with a comment of its own, or the
    /// override removed.
    IndexTemplate(Option<u8>),
    /// An output file changed in place, by the user or another program.
    Tamper(usize),
    /// An output file deleted.
    DeleteOutput(usize),
    /// A file of one's own put into the output directory.
    ForeignFile,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..64usize, any::<u8>()).prop_map(|(i, n)| Edit::Retitle(i, n)),
        (0..64usize, any::<u8>()).prop_map(|(i, n)| Edit::Duty(i, n)),
        (0..64usize).prop_map(Edit::RemoveClass),
        (0..64usize, 0..1000u16).prop_map(|(i, n)| Edit::AddClass(i, n)),
        (0..64usize, any::<u8>()).prop_map(|(i, n)| Edit::Department(i, n)),
        (0..64usize).prop_map(Edit::Draft),
        proptest::option::of(any::<u8>()).prop_map(Edit::IndexTemplate),
        (0..4096usize).prop_map(Edit::Tamper),
        (0..4096usize).prop_map(Edit::DeleteOutput),
        Just(Edit::ForeignFile),
    ]
}

/// A build step: an edit, then a build as of one of two dates (which
/// changes every bulletin's filing status), with or without drafts, with
/// or without a site address (canonical URLs, the sitemap).
#[derive(Debug, Clone)]
struct Step {
    edit: Edit,
    later: bool,
    drafts: bool,
    published: bool,
}

fn step() -> impl Strategy<Value = Step> {
    (
        edit(),
        any::<bool>(),
        proptest::bool::weighted(0.2),
        proptest::bool::weighted(0.2),
    )
        .prop_map(|(edit, later, drafts, published)| Step {
            edit,
            later,
            drafts,
            published,
        })
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == ext))
        .map(|e| e.into_path())
        .collect();
    v.sort();
    v
}

fn classes(ws: &Path) -> Vec<PathBuf> {
    files(&ws.join("specs"), "toml")
        .into_iter()
        .filter(|p| p.parent().is_some_and(|d| d.ends_with("classes")))
        .collect()
}

fn replace_line(path: &Path, starts: &str, line: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let new: Vec<String> = text
        .lines()
        .map(|l| {
            if l.starts_with(starts) {
                line.to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    std::fs::write(path, new.join("\n") + "\n").unwrap();
}

/// The value of `key = "..."` in a TOML file.
fn value(path: &Path, key: &str) -> Option<String> {
    std::fs::read_to_string(path).ok()?.lines().find_map(|l| {
        let rest = l.strip_prefix(key)?.trim_start().strip_prefix('=')?;
        Some(rest.trim().trim_matches('"').to_string())
    })
}

fn apply(ws: &Path, out: &Path, edit: &Edit) {
    let cs = classes(ws);
    let bs = files(&ws.join("bulletins"), "toml");
    let pick = |v: &[PathBuf], i: usize| v.get(i % v.len().max(1)).cloned();
    match edit {
        Edit::Retitle(i, n) => {
            if let Some(c) = pick(&cs, *i) {
                replace_line(&c, "title = ", &format!("title = \"Retitled Analyst {n}\""));
            }
        }
        Edit::Duty(i, n) => {
            if let Some(c) = pick(&cs, *i) {
                let text = std::fs::read_to_string(&c).unwrap();
                // An even number adds a near copy too: a warning of the
                // rules about one class alone (what `serve` keeps for an
                // unchanged class).
                let mut duties = format!("  \"Reviews item {n} for accuracy;\",\n");
                if n % 2 == 0 {
                    duties += &format!("  \"Carefully reviews item {n} for accuracy;\",\n");
                }
                let text = text.replacen("duties = [\n", &format!("duties = [\n{duties}"), 1);
                std::fs::write(&c, text).unwrap();
            }
        }
        Edit::RemoveClass(i) => {
            // Keep a few classes: the plan stays a plan.
            if cs.len() > 4
                && let Some(c) = pick(&cs, *i)
            {
                let j = c.parent().and_then(Path::parent).and_then(Path::file_name).unwrap();
                let key = format!("{}/{}", j.to_string_lossy(), value(&c, "code").unwrap());
                for b in &bs {
                    if value(b, "class").as_deref() == Some(key.as_str()) {
                        std::fs::remove_file(b).unwrap();
                    }
                }
                let model = c
                    .parent()
                    .unwrap()
                    .with_file_name("competency-models")
                    .join(c.file_name().unwrap());
                let _ = std::fs::remove_file(model);
                std::fs::remove_file(&c).unwrap();
            }
        }
        Edit::AddClass(i, n) => {
            if let Some(c) = pick(&cs, *i) {
                let code = format!("9{n:03}");
                let to = c.with_file_name(format!("{code}.toml"));
                if !to.exists() {
                    let text = std::fs::read_to_string(&c).unwrap();
                    std::fs::write(&to, text).unwrap();
                    replace_line(&to, "code = ", &format!("code = \"{code}\""));
                    replace_line(&to, "title = ", &format!("title = \"New Class {code}\""));
                }
            }
        }
        Edit::Department(i, n) => {
            if let Some(b) = pick(&bs, *i) {
                replace_line(&b, "department = ", &format!("department = \"Department {n}\""));
            }
        }
        Edit::Draft(i) => {
            if let Some(b) = pick(&bs, *i) {
                let text = std::fs::read_to_string(&b).unwrap();
                if !text.contains("[adoption]") {
                    std::fs::write(&b, text + "\n[adoption]\nstage = \"draft\"\n").unwrap();
                }
            }
        }
        Edit::IndexTemplate(n) => {
            let path = ws.join("templates/index.html");
            match n {
                Some(n) => {
                    let builtin = classplan::render::templates::BUILTIN
                        .iter()
                        .find(|(name, _)| *name == "index.html")
                        .unwrap()
                        .1;
                    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                    std::fs::write(&path, format!("{builtin}\n<!-- edition {n} -->\n")).unwrap();
                }
                None => {
                    let _ = std::fs::remove_file(&path);
                }
            }
        }
        Edit::Tamper(i) => {
            let outs = output_files(out);
            if let Some(f) = pick(&outs, *i) {
                let mut bytes = std::fs::read(&f).unwrap();
                if let Some(b) = bytes.first_mut() {
                    // Same length: only the file's time gives it away.
                    *b = if *b == b'#' { b'%' } else { b'#' };
                }
                std::fs::write(&f, bytes).unwrap();
            }
        }
        Edit::DeleteOutput(i) => {
            let outs = output_files(out);
            if let Some(f) = pick(&outs, *i) {
                std::fs::remove_file(f).unwrap();
            }
        }
        Edit::ForeignFile => {
            if out.is_dir() {
                std::fs::write(out.join("my-notes.txt"), "not classplan's").unwrap();
            }
        }
    }
}

/// The files a build wrote (not its own bookkeeping, not the user's).
fn output_files(out: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            e.file_type().is_file() && !name.starts_with(".classplan") && name != "my-notes.txt"
        })
        .map(|e| e.into_path())
        .collect()
}

/// Build as `classplan build` does: the no-op check, then the full path.
/// `None` when the workspace has errors (nothing is built).
fn build(ws: &Path, out: &Path, step: &Step) -> Option<()> {
    let as_of = if step.later {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
    } else {
        NaiveDate::from_ymd_opt(2020, 1, 10).unwrap()
    };
    let mut opts = text_build(out, as_of);
    opts.drafts = step.drafts;
    opts.base_url = step.published.then(|| "https://jobs.example.gov/plan".to_string());
    // Up to date, or the files the check found (the load takes them).
    let found = match classplan::site::fresh::fresh(ws, &opts) {
        Ok(_) => return Some(()),
        Err(found) => found,
    };
    // The output directory locked and read while the sources are checked,
    // and the parsed sources the last build kept in it.
    let prepared = classplan::site::prepare(out);
    let mut kept = classplan::site::kept_sources::open(ws, out);
    let checked = classplan::check_kept_found(ws, &mut kept, found);
    if checked.has_errors() {
        return None;
    }
    classplan::site::build_prepared(&checked, &opts, prepared).unwrap();
    classplan::site::kept_sources::keep(out, &mut kept).unwrap();
    Some(())
}

/// Build as `serve` does in its own directory: no no-op check, the last
/// manifest kept in `session` instead of read from disk.
fn serve_build(ws: &Path, out: &Path, step: &Step, session: &mut classplan::site::Session) {
    let mut opts = text_build(
        out,
        if step.later {
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
        } else {
            NaiveDate::from_ymd_opt(2020, 1, 10).unwrap()
        },
    );
    opts.drafts = step.drafts;
    opts.base_url = step.published.then(|| "https://jobs.example.gov/plan".to_string());
    classplan::site::build_in(&classplan::check(ws), &opts, Some(session), &|_| {}).unwrap();
}

/// What a build wrote: the tree without the stamps (file times, by design)
/// and without the user's own file.
fn built(out: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut t = tree(out);
    t.remove("my-notes.txt");
    t
}

/// The workspace's sources (everything under `specs/` and `bulletins/`),
/// by workspace-relative path.
fn sources(ws: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut all = std::collections::BTreeMap::new();
    for dir in ["specs", "bulletins"] {
        all.extend(
            tree(&ws.join(dir))
                .into_iter()
                .map(|(rel, b)| (format!("{dir}/{rel}"), b)),
        );
    }
    all
}

/// What the rules about one class alone found is kept with the class's
/// parse; when another file comes or goes, the class's file id changes and
/// the kept diagnostics must point at the new one.
#[test]
fn kept_diagnostics_follow_their_file() {
    let (_tmp, ws) = generated_plan(6, 0, 1, 3);
    let cs = classes(&ws);
    let last = cs.last().unwrap();
    let text = std::fs::read_to_string(last).unwrap().replacen(
        "duties = [\n",
        "duties = [\n  \"Reviews item 4 for accuracy;\",\n  \"Carefully reviews item 4 for accuracy;\",\n",
        1,
    );
    std::fs::write(last, text).unwrap();
    let mut cache = classplan::CheckCache::default();
    let near = |w: &classplan::load::Workspace| {
        w.diagnostics
            .iter()
            .filter(|d| d.rule.id() == "CP0071")
            .map(|d| w.sources.locate(d.span.as_ref().unwrap()))
            .collect::<Vec<_>>()
    };
    let first = classplan::check_cached(&ws, Some(&mut cache));
    assert_eq!(near(&first).len(), 1, "{:?}", first.diagnostics);
    assert!(!cache.local.is_empty());
    // A file before it goes: every later file's id moves down by one.
    std::fs::remove_file(&cs[0]).unwrap();
    let again = classplan::check_cached(&ws, Some(&mut cache));
    let plain = classplan::check(&ws);
    assert_eq!(near(&again), near(&plain));
    assert_eq!(format!("{:?}", again.diagnostics), format!("{:?}", plain.diagnostics));
    // What the removed class's rules found is let go.
    assert_eq!(cache.local.len(), cs.len() - 1);
}

/// A cache a watcher reports to reads the files it is told about (and the
/// files under a folder it is told about, and everything after
/// `read_all`), and only those: a change nobody reported is not seen.
#[test]
fn a_watched_cache_reads_what_it_is_told_changed() {
    let (_tmp, ws) = generated_plan(6, 2, 1, 7);
    let class = classes(&ws)[0].clone();
    let rel = classplan::load::rel_path(&ws, &class);
    let title = |w: &classplan::load::Workspace| {
        w.plan
            .jurisdictions
            .values()
            .flat_map(|j| &j.classes)
            .find(|c| c.path == rel)
            .map(|c| c.title.value.clone())
    };
    let mut cache = classplan::CheckCache::default();
    cache.sources.watching();
    // The first load after the watcher starts reads every file.
    replace_line(&class, "title = ", "title = \"Before Watching\"");
    assert_eq!(
        title(&classplan::check_cached(&ws, Some(&mut cache))).as_deref(),
        Some("Before Watching")
    );
    let seen = |cache: &mut classplan::CheckCache, t: &str| {
        replace_line(&class, "title = ", &format!("title = \"{t}\""));
        title(&classplan::check_cached(&ws, Some(cache)))
    };
    // Not reported: the cache's text stands (that is the saving).
    assert_eq!(seen(&mut cache, "Unreported").as_deref(), Some("Before Watching"));
    // The file reported.
    cache.sources.changed(&rel);
    assert_eq!(seen(&mut cache, "Reported File").as_deref(), Some("Reported File"));
    // Its folder reported (a folder renamed or replaced).
    let folder = rel.rsplit_once('/').unwrap().0.to_string();
    cache.sources.changed(&folder);
    assert_eq!(seen(&mut cache, "Reported Folder").as_deref(), Some("Reported Folder"));
    // A folder whose name only starts like it is not its parent.
    cache.sources.changed(&format!("{folder}x"));
    assert_eq!(seen(&mut cache, "Sibling").as_deref(), Some("Reported Folder"));
    // Files that come and go: discovery is skipped only while every
    // reported path is a file it found that is still there.
    let codes = |w: &classplan::load::Workspace| w.plan.jurisdictions.values().flat_map(|j| &j.classes).count();
    let n = codes(&classplan::check_cached(&ws, Some(&mut cache)));
    // A copy of the class under another code, beside it.
    let copy_as = |code: &str| {
        let path = class.with_file_name(format!("{code}.toml"));
        let text = std::fs::read_to_string(&class).unwrap();
        std::fs::write(&path, text.replacen("code = \"", &format!("code = \"{code}\" # "), 1)).unwrap();
        path
    };
    let new = copy_as("9999");
    let new_rel = classplan::load::rel_path(&ws, &new);
    assert_eq!(
        codes(&classplan::check_cached(&ws, Some(&mut cache))),
        n,
        "an unreported new file is not seen"
    );
    cache.sources.changed(&new_rel);
    assert_eq!(
        codes(&classplan::check_cached(&ws, Some(&mut cache))),
        n + 1,
        "a reported new file is found"
    );
    std::fs::remove_file(&new).unwrap();
    cache.sources.changed(&new_rel);
    assert_eq!(
        codes(&classplan::check_cached(&ws, Some(&mut cache))),
        n,
        "a reported removed file is gone"
    );
    // An editor's save: a temporary file written, then renamed over the
    // source. The temporary path is gone: discovery is still skipped (an
    // unreported new file stays unseen), the edit is read.
    let unseen = copy_as("9998");
    cache.sources.changed(&format!("{folder}/sedX1y2Z3"));
    cache.sources.changed(&format!("{folder}/notes.txt"));
    std::fs::write(class.with_file_name("notes.txt"), "not a source").unwrap();
    cache.sources.changed(&rel);
    assert_eq!(
        seen(&mut cache, "Saved Atomically").as_deref(),
        Some("Saved Atomically")
    );
    assert_eq!(
        codes(&classplan::check_cached(&ws, Some(&mut cache))),
        n,
        "discovery was skipped"
    );
    std::fs::remove_file(&unseen).unwrap();
    std::fs::remove_file(class.with_file_name("notes.txt")).unwrap();
    // A folder that held sources, gone (renamed): found again.
    let moved = ws.join(format!("{folder}-moved"));
    std::fs::rename(ws.join(&folder), &moved).unwrap();
    cache.sources.changed(&folder);
    let gone = classplan::check_cached(&ws, Some(&mut cache));
    assert_eq!(codes(&gone), 0, "the classes' folder is gone");
    let walked = classplan::check(&ws);
    assert_eq!(
        format!("{:?}", gone.diagnostics),
        format!("{:?}", walked.diagnostics),
        "its files are not read, but found where they are now"
    );
    std::fs::rename(&moved, ws.join(&folder)).unwrap();
    cache.sources.changed(&folder);
    assert_eq!(codes(&classplan::check_cached(&ws, Some(&mut cache))), n);
    // A known file replaced by a folder of that name.
    let original = std::fs::read_to_string(&class).unwrap();
    std::fs::remove_file(&class).unwrap();
    std::fs::create_dir(&class).unwrap();
    cache.sources.changed(&rel);
    let replaced = classplan::check_cached(&ws, Some(&mut cache));
    assert!(
        replaced
            .diagnostics
            .iter()
            .any(|d| d.message.contains("is a directory")),
        "{:?}",
        replaced.diagnostics
    );
    std::fs::remove_dir(&class).unwrap();
    std::fs::write(&class, &original).unwrap();
    cache.sources.changed(&rel);
    assert_eq!(codes(&classplan::check_cached(&ws, Some(&mut cache))), n);
    // A known file that cannot be read any more (not UTF-8): it leaves the
    // cache, so a later load that is told nothing reads it again rather
    // than taking the text it had.
    std::fs::write(&class, b"title = \"\xff\"\n").unwrap();
    let not_text = |w: &classplan::load::Workspace| w.diagnostics.iter().any(|d| d.message.contains("is not UTF-8"));
    cache.sources.changed(&rel);
    assert!(not_text(&classplan::check_cached(&ws, Some(&mut cache))));
    let told_nothing = classplan::check_cached(&ws, Some(&mut cache));
    assert!(
        not_text(&told_nothing),
        "the unreadable file's old text was taken from the cache"
    );
    assert_eq!(title(&told_nothing), None);
    std::fs::write(&class, &original).unwrap();
    cache.sources.changed(&rel);
    assert!(!not_text(&classplan::check_cached(&ws, Some(&mut cache))));
    // Events missed.
    cache.sources.read_all();
    assert_eq!(seen(&mut cache, "After Rescan").as_deref(), Some("After Rescan"));
    // An overlay's text (an edit being checked) is not kept as the file's:
    // the next load reads the file.
    cache.sources.changed(&rel);
    let on_disk = seen(&mut cache, "On Disk");
    assert_eq!(on_disk.as_deref(), Some("On Disk"));
    let overlay = std::collections::BTreeMap::from([(
        rel.clone(),
        std::fs::read_to_string(&class)
            .unwrap()
            .replace("title = \"On Disk\"", "title = \"Unsaved\""),
    )]);
    let with_overlay = classplan::load::load_cached(&ws, &overlay, Some(&mut cache.sources));
    assert_eq!(title(&with_overlay).as_deref(), Some("Unsaved"));
    assert_eq!(
        title(&classplan::check_cached(&ws, Some(&mut cache))).as_deref(),
        Some("On Disk")
    );
    // A cache nobody watches reads every file.
    let mut plain = classplan::CheckCache::default();
    classplan::check_cached(&ws, Some(&mut plain));
    assert_eq!(seen(&mut plain, "Unwatched").as_deref(), Some("Unwatched"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, max_shrink_iters: 64, .. ProptestConfig::default() })]

    #[test]
    fn incremental_builds_leave_what_clean_builds_leave(seed in 0..1000u64, steps in proptest::collection::vec(step(), 1..7)) {
        let tmp = tempfile::tempdir().unwrap();
        let ws = tmp.path().join("ws");
        classplan::bench::generate::generate(
            &classplan::bench::generate::CorpusSpec { classes: 16, bulletins: 10, jurisdictions: 2, seed },
            &ws,
        )
        .unwrap();
        // Sources an hour old: the up-to-date check trusts the stamps of
        // those no step touches, and the load takes their hashes from it
        // (each edit gives its file a new time).
        common::age_all(&ws);
        let out = tmp.path().join("incremental");
        let first = Step { edit: Edit::ForeignFile, later: false, drafts: false, published: false };
        prop_assert!(build(&ws, &out, &first).is_some(), "the generated plan does not build");
        // A build in a session (as `serve` builds into its own directory).
        let served = tmp.path().join("served");
        let mut session = classplan::site::Session::default();
        serve_build(&ws, &served, &first, &mut session);
        // What `serve` keeps between rebuilds.
        let mut cache = classplan::CheckCache::default();
        classplan::check_cached(&ws, Some(&mut cache));
        // And as `serve` keeps it once its watcher runs: told the paths
        // that changed, it reads only those.
        let mut watched = classplan::CheckCache::default();
        watched.sources.watching();
        classplan::check_cached(&ws, Some(&mut watched));
        for (n, step) in steps.iter().enumerate() {
            let sources_before = sources(&ws);
            apply(&ws, &out, &step.edit);
            let sources_after = sources(&ws);
            for rel in sources_before.keys().chain(sources_after.keys()) {
                if sources_before.get(rel) != sources_after.get(rel) {
                    watched.sources.changed(rel);
                }
            }
            // Reusing parsed sources loads what loading from scratch loads.
            let (cached, plain) = (classplan::check_cached(&ws, Some(&mut cache)), classplan::check(&ws));
            let told = classplan::check_cached(&ws, Some(&mut watched));
            // So does taking the trees the last build kept on disk.
            let mut on_disk = classplan::site::kept_sources::open(&ws, &out).read_only();
            let from_disk = classplan::check_kept(&ws, &mut on_disk);
            // And with the files a discovery found just before (as `build`
            // hands the up-to-date check's walk to the load).
            let mut on_disk = classplan::site::kept_sources::open(&ws, &out).read_only();
            let found = classplan::load::Discovery::of(&ws);
            let found_first = classplan::check_kept_found(&ws, &mut on_disk, Some(found));
            for (what, a, b) in [
                ("plan", canonical(&cached.plan), canonical(&plain.plan)),
                ("diagnostics", format!("{:?}", cached.diagnostics), format!("{:?}", plain.diagnostics)),
                ("plan (watched)", canonical(&told.plan), canonical(&plain.plan)),
                ("diagnostics (watched)", format!("{:?}", told.diagnostics), format!("{:?}", plain.diagnostics)),
                ("plan (kept on disk)", canonical(&from_disk.plan), canonical(&plain.plan)),
                ("diagnostics (kept on disk)", format!("{:?}", from_disk.diagnostics), format!("{:?}", plain.diagnostics)),
                ("plan (found first)", canonical(&found_first.plan), canonical(&plain.plan)),
                ("diagnostics (found first)", format!("{:?}", found_first.diagnostics), format!("{:?}", plain.diagnostics)),
            ] {
                let at = a.bytes().zip(b.bytes()).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
                let around = |s: &str| s.get(at.saturating_sub(300)..(at + 300).min(s.len())).unwrap_or("").to_string();
                prop_assert!(a == b, "the {what} differs with the cache, at …{}… vs …{}…", around(&a), around(&b));
            }
            prop_assert_eq!(cache.sources.len(), plain.sources.iter().count());
            let clean = tmp.path().join(format!("clean-{n}"));
            if build(&ws, &out, step).is_none() {
                continue;
            }
            build(&ws, &clean, step).unwrap();
            let (a, b) = (built(&out), built(&clean));
            let differ: std::collections::BTreeSet<&String> = a
                .keys()
                .chain(b.keys())
                .filter(|k| a.get(*k) != b.get(*k))
                .collect();
            prop_assert!(differ.is_empty(), "after step {n} ({step:?}) the incremental build differs from a clean one in {differ:?}");
            // The session's directory too, but for the manifest it keeps in memory.
            serve_build(&ws, &served, step, &mut session);
            let mut s = built(&served);
            let mut c = b.clone();
            prop_assert!(s.remove(".classplan-manifest").is_none(), "a session wrote its manifest");
            c.remove(".classplan-manifest");
            // `serve` keeps its parsed sources in memory.
            prop_assert!(s.remove(classplan::site::kept_sources::KEPT_SOURCES).is_none(), "a session kept its sources on disk");
            c.remove(classplan::site::kept_sources::KEPT_SOURCES);
            let differ: std::collections::BTreeSet<&String> =
                s.keys().chain(c.keys()).filter(|k| s.get(*k) != c.get(*k)).collect();
            prop_assert!(differ.is_empty(), "after step {n} ({step:?}) the session's build differs from a clean one in {differ:?}");
            std::fs::remove_dir_all(&clean).unwrap();
        }
    }
}

/// A bulletin's cross-file findings are kept while its class's parse is the
/// same: its class edited, the bulletin is checked again (here: neither
/// states pay any more).
#[test]
fn a_bulletin_is_checked_again_when_its_class_changes() {
    let (_tmp, ws) = generated_plan(4, 2, 1, 11);
    let bulletin = files(&ws.join("bulletins"), "toml")[0].clone();
    let class_ref = value(&bulletin, "class").unwrap();
    let (j, code) = class_ref.split_once('/').unwrap();
    let class = ws.join(format!("specs/{j}/classes/{code}.toml"));
    // Every `[[pay]]` table of a file left out.
    let without_pay = |path: &Path| {
        let text = std::fs::read_to_string(path).unwrap();
        let mut out = String::new();
        let mut skipping = false;
        for line in text.lines() {
            if line.starts_with('[') {
                skipping = line == "[[pay]]";
            }
            if !skipping {
                out += line;
                out.push('\n');
            }
        }
        std::fs::write(path, out).unwrap();
    };
    let no_pay = |w: &classplan::load::Workspace| {
        w.diagnostics
            .iter()
            .any(|d| d.message.contains("states no pay, and neither does its class"))
    };
    without_pay(&bulletin);
    let mut cache = classplan::CheckCache::default();
    assert!(
        !no_pay(&classplan::check_cached(&ws, Some(&mut cache))),
        "its class states pay"
    );
    without_pay(&class);
    let cached = classplan::check_cached(&ws, Some(&mut cache));
    assert!(no_pay(&classplan::check(&ws)));
    assert!(
        no_pay(&cached),
        "the bulletin's findings were kept though its class changed"
    );
    assert_eq!(
        format!("{:?}", cached.diagnostics),
        format!("{:?}", classplan::check(&ws).diagnostics)
    );
}

/// A retitle keeps the cross-file findings that read nothing of the
/// titles it changed, and checks again those that did: a step found by
/// title, a step pinned by code whose title is compared with the class's,
/// and a "did you mean" (which reads every title).
#[test]
fn a_retitle_checks_again_what_read_the_title() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_workspace(&common::repo().join("tests/fixtures/workspaces/paths"), tmp.path());
    let ws = tmp.path();
    let classes = ws.join("specs/testville/classes");
    let class = |code: &str, title: &str, named: &str| {
        std::fs::write(
            classes.join(format!("{code}.toml")),
            format!(
                "code = \"{code}\"\ntitle = \"{title}\"\nsummary = \"Does work.\"\nduties = [\"Does the work.\"]\n\n\
                 [requirements]\n\n[[requirements.routes]]\n\
                 items = [{{ type = \"experience\", amount = 1, unit = \"years\", in_classes = [{named}] }}]\n"
            ),
        )
        .unwrap();
    };
    class("700", "Mail Clerk", "{ title = \"Clerk\" }");
    class("701", "Mail Lead", "{ class = \"100\", title = \"Clerk\" }");
    class("702", "Mail Supervisor", "{ title = \"Filing Clerk\" }");
    let mut cache = classplan::CheckCache::default();
    let same = |cache: &mut classplan::CheckCache, what: &str| {
        let cached = classplan::check_cached(ws, Some(cache));
        let plain = classplan::check(ws);
        let shown = |w: &classplan::load::Workspace| {
            let mut v: Vec<String> = w
                .diagnostics
                .iter()
                .map(|d| format!("{} {:?}", d.message, d.hints))
                .collect();
            v.sort();
            v
        };
        assert_eq!(shown(&cached), shown(&plain), "{what}");
        shown(&plain)
    };
    let first = same(&mut cache, "the first check");
    assert!(first.iter().any(|d| d.contains("\"Filing Clerk\"")), "{first:#?}");
    let retitle = |path: &str, from: &str, to: &str| {
        let p = classes.join(path);
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(
            &p,
            text.replace(&format!("title = \"{from}\""), &format!("title = \"{to}\"")),
        )
        .unwrap();
    };
    // The class named by title, and pinned by code, retitled: the title
    // step finds nothing, the pinned one names another title now.
    retitle("100.toml", "Clerk", "Clerk Typist");
    let after = same(&mut cache, "the class named by title and by code retitled");
    assert!(
        after.iter().any(|d| d.contains("but its title is \"Clerk Typist\"")),
        "{after:#?}"
    );
    // A class nobody names retitled close to the unresolved title: the
    // "did you mean" of 702 proposes it.
    retitle("400.toml", "Office Manager", "Filing Clerks Lead");
    let near = same(&mut cache, "a class retitled near an unresolved title");
    assert!(near.iter().any(|d| d.contains("Filing Clerks Lead")), "{near:#?}");
    // And back.
    retitle("100.toml", "Clerk Typist", "Clerk");
    retitle("400.toml", "Filing Clerks Lead", "Office Manager");
    assert_eq!(same(&mut cache, "both retitled back"), first);
}

/// What `serve` keeps of the paths page between rebuilds is kept by a key
/// of what that page reads: a duty's words, or a word added to a summary
/// (which moves every requirement after it in the file), keep the key; a
/// retitle, or a step's months, change it. (That a kept page is right
/// after any edit is `incremental_builds_leave_what_clean_builds_leave`.)
#[test]
fn the_paths_pages_key_follows_what_they_read() {
    let (_tmp, ws) = generated_plan(24, 0, 1, 5);
    let key = || {
        let plain = classplan::check(&ws);
        let paths = classplan::derive::paths::plan_paths(&plain.plan);
        assert!(!paths.graph.edges.is_empty(), "the generated plan has no steps");
        classplan::render::index::CareerPages::key(&plain.plan, &paths)
    };
    let first = key();
    // A class with a step into it: an experience item naming a class.
    let cs = classes(&ws);
    let stepped = cs
        .iter()
        .find(|c| std::fs::read_to_string(c).unwrap().contains("in_classes = ["))
        .expect("a class with a step into it")
        .clone();
    let text = std::fs::read_to_string(&stepped).unwrap();
    std::fs::write(
        &stepped,
        text.replacen("duties = [\n", "duties = [\n  \"Reviews item 9 for accuracy;\",\n", 1),
    )
    .unwrap();
    assert_eq!(key(), first, "a duty changed the key");
    let text = std::fs::read_to_string(&stepped).unwrap();
    std::fs::write(&stepped, text.replacen("summary = \"", "summary = \"Carefully ", 1)).unwrap();
    assert_eq!(key(), first, "a word in the summary changed the key");
    // The step's months: its item's amount.
    let text = std::fs::read_to_string(&stepped).unwrap();
    let line = text.lines().find(|l| l.contains("in_classes = [")).unwrap();
    let amount = line
        .split("amount = ")
        .nth(1)
        .and_then(|r| r.split(',').next())
        .unwrap();
    let longer = line.replacen(
        &format!("amount = {amount},"),
        &format!("amount = {}0,", amount.trim()),
        1,
    );
    assert_ne!(longer, line);
    std::fs::write(&stepped, text.replacen(line, &longer, 1)).unwrap();
    assert_ne!(key(), first, "a step's months kept the key");
    let before = key();
    for c in &cs {
        replace_line(c, "title = ", "title = \"Retitled Analyst\"");
        if key() != before {
            return;
        }
    }
    panic!("no retitle changed the key");
}

/// A session keeps what the rules that search every text found in each
/// (inline `lint-allow` comments, characters no font has) by the text it
/// read: through edits the watcher reports, a comment without a reason
/// and a character no font has come and go with their files' texts, and
/// every check says what a check from scratch says.
#[test]
fn a_sessions_text_scans_follow_the_edits() {
    let (_tmp, ws) = generated_plan(6, 2, 1, 11);
    let cs = classes(&ws);
    let (a, b) = (&cs[0], &cs[1]);
    let (rel_a, rel_b) = (classplan::load::rel_path(&ws, a), classplan::load::rel_path(&ws, b));
    let (text_a, text_b) = (std::fs::read_to_string(a).unwrap(), std::fs::read_to_string(b).unwrap());
    let mut cache = classplan::CheckCache::default();
    cache.sources.watching();
    let rules = |w: &classplan::load::Workspace| -> Vec<String> {
        let mut r: Vec<String> = w
            .diagnostics
            .iter()
            .filter(|d| ["CP0078", "CP0082"].contains(&d.rule.id()))
            .map(|d| format!("{} {:?}", d.rule.id(), w.sources.locate(d.span.as_ref().unwrap())))
            .collect();
        r.sort();
        r
    };
    let mut step = |edits: &[(&Path, &str, String)], want: &[&str]| {
        for (path, rel, text) in edits {
            std::fs::write(path, text).unwrap();
            cache.sources.changed(rel);
        }
        let kept = classplan::check_cached(&ws, Some(&mut cache));
        let plain = classplan::check(&ws);
        assert_eq!(format!("{:?}", kept.diagnostics), format!("{:?}", plain.diagnostics));
        let found = rules(&kept);
        assert_eq!(found.len(), want.len(), "{found:?}");
        for (f, w) in found.iter().zip(want) {
            assert!(f.starts_with(w), "{f} is not {w}");
        }
    };
    step(&[], &[]);
    step(&[], &[]);
    let allow = text_a.replacen("title = ", "# lint-allow(shouting)\ntitle = ", 1);
    step(&[(a, &rel_a, allow)], &["CP0082"]);
    let hangul = text_b.replacen("title = \"", "title = \"고 ", 1);
    step(&[(b, &rel_b, hangul)], &["CP0078", "CP0082"]);
    step(&[], &["CP0078", "CP0082"]);
    step(&[(a, &rel_a, text_a.clone())], &["CP0078"]);
    step(&[(b, &rel_b, text_b.clone())], &[]);
}
