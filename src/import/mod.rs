//! `classplan import`: published plain-text bulletins into a checked
//! workspace — per bulletin a class spec (unless the workspace has the
//! class: then how the bulletin differs from it) and a bulletin, each with
//! its provenance. Files are read in parallel and written atomically; a
//! file that exists is never replaced unless `--force` (then its diff is
//! printed); importing the same sources again writes the same bytes.
//!
//! Steps: [`decode`] bytes to lines; a profile ([`la`]) reads the lines
//! into the model, accounting for every line in a [`doc::Doc`]; the plan is
//! merged (editions of one class, class titles resolved to codes); [`emit`]
//! writes TOML; the [`Report`] says what happened to every file and line.

pub mod decode;
pub mod doc;
pub mod emit;
pub mod la;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::Context;
use rayon::prelude::*;
use serde::Serialize;

use self::doc::{Doc, Finding, Kind};
use crate::derive::career::{Resolution, Resolver};
use crate::model::ClassSpec;
use crate::model::common::Provenance;
use crate::model::jurisdiction::Jurisdiction;
use crate::model::requirements::{Item, Requirements};

/// The largest source the importer reads (real bulletins are under 50 KB).
pub const MAX_SOURCE_BYTES: u64 = 2 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct Options {
    pub profile: String,
    /// The workspace to import into (created when missing).
    pub into: PathBuf,
    /// Replace files that exist and differ.
    pub force: bool,
}

/// What happened to one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Its files were written (or replaced with `--force`).
    Imported,
    /// Its files exist with the same content.
    Unchanged,
    /// Some of its files exist with other content; they were left as they
    /// are (use `--force`).
    Conflict,
    /// Not a bulletin the profile can read (with the reason).
    Refused,
    /// It could not be read or written.
    Failed,
}

/// The report of one source file.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub source: String,
    /// The file name, as the provenance records it.
    pub name: String,
    pub status: Status,
    pub reason: Option<String>,
    pub encoding: Option<&'static str>,
    /// Workspace-relative files written or compared for it.
    pub class: Option<String>,
    pub bulletin: Option<String>,
    pub lines: usize,
    pub lines_not_imported: usize,
    /// Requirement routes read into typed items, and kept as text.
    pub routes_typed: usize,
    pub routes_other: usize,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    pub files: usize,
    pub imported: usize,
    pub unchanged: usize,
    pub conflicts: usize,
    pub refused: usize,
    pub failed: usize,
    pub lines: usize,
    pub lines_not_imported: usize,
    pub requirement_sets: usize,
    /// Requirement sets whose every route is typed.
    pub requirement_sets_typed: usize,
    pub routes_typed: usize,
    pub routes_other: usize,
    /// Findings by kind.
    pub findings: BTreeMap<String, usize>,
}

/// `import --report`: the whole import, file by file.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// `classplan/import-report/1`.
    pub schema: &'static str,
    pub profile: String,
    pub workspace: String,
    pub files: Vec<FileReport>,
    pub totals: Totals,
    /// Files written, replaced or in conflict (workspace-relative), with
    /// the diff of each replaced or conflicting file.
    pub writes: Vec<Write>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Write {
    pub path: String,
    pub action: WriteAction,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WriteAction {
    Created,
    Replaced,
    Unchanged,
    Conflict,
}

/// The profiles `import` knows.
pub const PROFILES: [&str; 1] = [la::PROFILE];

/// One source read by the profile.
struct Read {
    source: String,
    name: String,
    blake3: String,
    encoding: &'static str,
    doc: Doc,
    parsed: Result<la::Parsed, String>,
}

/// Source files under the inputs: files as given, directories walked
/// (sorted, hidden entries and links skipped).
pub fn sources(inputs: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in inputs {
        let meta = std::fs::metadata(p).with_context(|| format!("cannot read {}", p.display()))?;
        if meta.is_dir() {
            let mut v: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .collect();
            out.append(&mut v);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn read_one(path: &Path, j: &Jurisdiction) -> Read {
    let source = path.display().to_string();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let fail = |reason: String| Read {
        source: source.clone(),
        name: name.clone(),
        blake3: String::new(),
        encoding: "",
        doc: Doc::new(Vec::new()),
        parsed: Err(reason),
    };
    let size = match std::fs::metadata(path) {
        Ok(m) => m.len(),
        Err(e) => return fail(format!("cannot read it: {e}")),
    };
    if size > MAX_SOURCE_BYTES {
        return fail(format!(
            "it is {} MB, more than any bulletin ({} MB at most): not imported",
            size / (1024 * 1024),
            MAX_SOURCE_BYTES / (1024 * 1024)
        ));
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return fail(format!("cannot read it: {e}")),
    };
    if bytes.iter().take(8192).filter(|b| **b == 0).count() > 0 {
        return fail("it is a binary file (it holds NUL bytes), not a text bulletin".into());
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return fail("it is empty".into());
    }
    let d = decode::decode(&bytes);
    let mut doc = Doc::new(d.lines);
    let parsed = la::parse(&mut doc, &name, j);
    Read {
        source,
        name,
        blake3: blake3::hash(&bytes).to_hex().to_string(),
        encoding: d.encoding,
        doc,
        parsed,
    }
}

/// The jurisdiction the workspace has, else the profile's.
fn jurisdiction(into: &Path) -> anyhow::Result<(Jurisdiction, bool)> {
    let path = into.join("specs").join(la::PROFILE).join("jurisdiction.toml");
    let (text, exists) = match std::fs::read_to_string(&path) {
        Ok(t) => (t, true),
        Err(_) => (la::JURISDICTION_TOML.to_string(), false),
    };
    let parsed = crate::load::parse_document::<Jurisdiction>(
        &text,
        crate::schema::SourceKind::Jurisdiction,
        crate::diag::FileId(0),
    );
    match parsed {
        Ok((j, _)) => Ok((j, exists)),
        Err(d) => anyhow::bail!(
            "{} does not load ({}); fix it with `classplan check` first",
            path.display(),
            d.first().map(|d| d.message.clone()).unwrap_or_default()
        ),
    }
}

/// Pin experience class references to codes with the plan's resolver
/// (`derive::career::Resolver`, as `check` and the career paths resolve
/// them); return what it left as titles: (title, why).
fn resolve(r: &mut Requirements, resolver: &Resolver, jurisdiction: &str, own: &str) -> Vec<(String, String)> {
    let mut left = Vec::new();
    let mut fix = |item: &mut Item| {
        if let Item::Experience(e) = item {
            for cr in e.in_classes.iter_mut().chain(e.at_level_of.iter_mut()) {
                match resolver.resolve(jurisdiction, cr) {
                    Resolution::Class(key, _) if key.code != own => cr.class = Some(key.code),
                    // A class's own title: `check` reports it (self-reference).
                    Resolution::Class(..) => {}
                    Resolution::Ambiguous(keys) => {
                        let codes: Vec<&str> = keys.iter().map(|k| k.code.as_str()).collect();
                        left.push((
                            cr.title.clone(),
                            format!(
                                "names several classes of the plan ({}): kept as a title",
                                codes.join(", ")
                            ),
                        ));
                    }
                    Resolution::Unresolved | Resolution::NoJurisdiction(_) | Resolution::NoCode(_) => {
                        left.push((
                            cr.title.clone(),
                            "is not a class of the plan: kept as a title".to_string(),
                        ));
                    }
                }
            }
        }
    };
    for route in r.routes.iter_mut() {
        for it in route.value.items.iter_mut() {
            fix(&mut it.value);
        }
        for p in route.value.parts.iter_mut() {
            for it in p.value.items.iter_mut() {
                fix(&mut it.value);
            }
        }
    }
    left
}

/// A short, plain statement of how two class specs differ (title, duties,
/// requirements), or `None` when they agree.
fn class_difference(a: &ClassSpec, b: &ClassSpec) -> Option<String> {
    let mut d = Vec::new();
    if crate::text::normalize(&a.title) != crate::text::normalize(&b.title) {
        d.push(format!("title \"{}\" vs \"{}\"", b.title.value, a.title.value));
    }
    if crate::text::normalize(&a.summary) != crate::text::normalize(&b.summary) {
        d.push("the duties".to_string());
    }
    if a.requirements != b.requirements {
        d.push("the requirements".to_string());
    }
    (!d.is_empty()).then(|| crate::derive::phrase::join_list(&d, "and"))
}

/// Import `inputs` into the workspace. Errors only for what stops the
/// whole import (the workspace's jurisdiction does not load); each file's
/// fate is in the report.
pub fn run(inputs: &[PathBuf], opts: &Options, progress: Option<&indicatif::ProgressBar>) -> anyhow::Result<Report> {
    if !PROFILES.contains(&opts.profile.as_str()) {
        anyhow::bail!(
            "unknown profile `{}`; the profiles are: {}",
            opts.profile,
            PROFILES.join(", ")
        );
    }
    let (j, j_exists) = jurisdiction(&opts.into)?;
    let files = sources(inputs)?;
    if let Some(p) = progress {
        p.set_length(files.len() as u64);
    }
    let mut reads: Vec<Read> = files
        .par_iter()
        .map(|f| {
            let r = read_one(f, &j);
            if let Some(p) = progress {
                p.inc(1);
            }
            r
        })
        .collect();

    // The workspace's own classes (left as they are) and the imported ones.
    let existing = if opts.into.join("specs").exists() {
        Some(crate::check_sources(&opts.into))
    } else {
        None
    };
    let jid = j.id.as_str().to_string();
    let existing_classes: HashMap<String, &ClassSpec> = existing
        .as_ref()
        .and_then(|ws| ws.plan.jurisdictions.get(&jid))
        .map(|jp| jp.classes.iter().map(|c| (c.code.to_string(), &*c.value)).collect())
        .unwrap_or_default();

    // Editions of one class: the latest one's content is the class spec.
    let mut by_code: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in reads.iter().enumerate() {
        if let Ok(p) = &r.parsed {
            by_code.entry(p.class.code.to_string()).or_default().push(i);
        }
    }
    let mut class_source: HashMap<String, usize> = HashMap::new();
    for (code, idx) in &by_code {
        let best = idx
            .iter()
            .copied()
            .max_by(|&a, &b| {
                let (pa, pb) = (reads[a].parsed.as_ref().ok(), reads[b].parsed.as_ref().ok());
                (pa.map(|p| p.date), &reads[b].name).cmp(&(pb.map(|p| p.date), &reads[a].name))
            })
            .unwrap_or(idx[0]);
        class_source.insert(code.clone(), best);
    }

    let source_names: HashMap<String, String> = class_source
        .iter()
        .map(|(c, &k)| (c.clone(), reads[k].name.clone()))
        .collect();
    // Resolve class titles against every class the plan will have.
    let imported_classes: Vec<ClassSpec> = class_source
        .values()
        .filter_map(|&i| reads[i].parsed.as_ref().ok().map(|p| p.class.clone()))
        .collect();
    // The workspace's classes first (by code, so the order is the same on
    // every run), then the imported ones (by code).
    let mut all: Vec<&ClassSpec> = existing_classes.values().copied().collect();
    all.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
    let mut imported: Vec<&ClassSpec> = imported_classes.iter().collect();
    imported.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
    all.extend(imported);
    let resolver = Resolver::for_classes(&jid, all);
    for r in reads.iter_mut() {
        let Ok(p) = r.parsed.as_mut() else { continue };
        let own = p.class.code.to_string();
        if let Some(req) = p.class.requirements.as_mut() {
            for (t, why) in resolve(req, &resolver, &jid, &own) {
                let line = (0..r.doc.len()).find(|&i| r.doc.line(i).contains(&t)).unwrap_or(0);
                r.doc.find(line, Kind::Unresolved, format!("\"{t}\" {why}"));
            }
        }
    }

    // Bulletin ids: code and open date, numbered when one class has two
    // editions the same day.
    let mut ids: HashMap<usize, String> = HashMap::new();
    let mut used_ids: HashMap<String, usize> = HashMap::new();
    let mut order: Vec<usize> = (0..reads.len()).collect();
    order.sort_by(|&a, &b| reads[a].name.cmp(&reads[b].name));
    for &i in &order {
        let Ok(p) = &reads[i].parsed else { continue };
        let posted = p
            .bulletin
            .posted
            .as_ref()
            .map(|d| d.value.to_string())
            .unwrap_or_default();
        let base = format!("{}-{}", p.class.code.as_str(), posted);
        let n = used_ids.entry(base.clone()).or_insert(0);
        *n += 1;
        ids.insert(i, if *n == 1 { base } else { format!("{base}-{n}") });
    }

    let out = crate::write::OutDir::create(&opts.into)?;
    let mut writes: Vec<Write> = Vec::new();
    let write = |rel: &str, text: &str, writes: &mut Vec<Write>| -> anyhow::Result<WriteAction> {
        let path = out.path(rel)?;
        let action = match std::fs::read(&path) {
            Ok(old) if old == text.as_bytes() => WriteAction::Unchanged,
            Ok(old) => {
                let old = String::from_utf8_lossy(&old).into_owned();
                let diff = similar::TextDiff::from_lines(&old, text)
                    .unified_diff()
                    .header(&format!("a/{rel}"), &format!("b/{rel}"))
                    .to_string();
                if opts.force {
                    crate::write::replace_source(&path, text.as_bytes())?;
                    writes.push(Write {
                        path: rel.to_string(),
                        action: WriteAction::Replaced,
                        diff: Some(diff),
                    });
                    return Ok(WriteAction::Replaced);
                }
                writes.push(Write {
                    path: rel.to_string(),
                    action: WriteAction::Conflict,
                    diff: Some(diff),
                });
                return Ok(WriteAction::Conflict);
            }
            Err(_) => {
                crate::write::write_new(&path, text.as_bytes())?;
                WriteAction::Created
            }
        };
        writes.push(Write {
            path: rel.to_string(),
            action,
            diff: None,
        });
        Ok(action)
    };

    if !j_exists {
        let rel = format!("specs/{}/jurisdiction.toml", la::PROFILE);
        write(&rel, la::JURISDICTION_TOML, &mut writes)?;
    }

    let mut reports = Vec::new();
    for (i, r) in reads.iter_mut().enumerate() {
        let mut fr = FileReport {
            source: r.source.clone(),
            name: r.name.clone(),
            status: Status::Imported,
            reason: None,
            encoding: (!r.encoding.is_empty()).then_some(r.encoding),
            class: None,
            bulletin: None,
            lines: 0,
            lines_not_imported: 0,
            routes_typed: 0,
            routes_other: 0,
            findings: Vec::new(),
        };
        let parsed = match &r.parsed {
            Ok(p) => p.clone(),
            Err(reason) => {
                fr.status = if r.encoding.is_empty() {
                    Status::Failed
                } else {
                    Status::Refused
                };
                fr.reason = Some(reason.clone());
                fr.lines = r.doc.counts().0;
                reports.push(fr);
                continue;
            }
        };
        let provenance = Provenance {
            file: r.name.clone(),
            blake3: r.blake3.clone(),
            profile: opts.profile.clone(),
        };
        let code = parsed.class.code.to_string();
        let mut bulletin = parsed.bulletin.clone();
        bulletin.imported = Some(provenance.clone());
        // The class this bulletin belongs to: the workspace's, else the
        // latest edition's (written from that edition).
        let is_source = class_source.get(&code) == Some(&i);
        let class_rel = format!("specs/{}/classes/{code}.toml", j.id.as_str());
        fr.class = Some(class_rel.clone());
        // A class the workspace has from this very source is ours to
        // rewrite (unchanged, a conflict, or replaced with --force).
        let ours = existing_classes
            .get(&code)
            .is_some_and(|c| c.imported.as_ref().is_some_and(|p| p.file == r.name));
        let source_class: Option<ClassSpec> = match existing_classes.get(&code) {
            Some(_) if ours && is_source => None,
            Some(c) => Some((*c).clone()),
            None if is_source => None,
            None => imported_classes.iter().find(|c| c.code.as_str() == code).cloned(),
        };
        let mut actions: Vec<WriteAction> = Vec::new();
        match &source_class {
            Some(other) => {
                if let Some(d) = class_difference(other, &parsed.class) {
                    let from = if existing_classes.contains_key(&code) {
                        format!("the workspace's {class_rel}")
                    } else {
                        format!(
                            "the class imported from \"{}\"",
                            source_names.get(&code).map(String::as_str).unwrap_or("another edition")
                        )
                    };
                    r.doc.find(
                        0,
                        Kind::Inconsistent,
                        format!("this bulletin's class differs from {from} in {d}; the bulletin keeps its own"),
                    );
                    if other.requirements != parsed.class.requirements {
                        bulletin.requirements = parsed.class.requirements.clone().map(|mut req| {
                            req.reason = Some(format!(
                                "As published in \"{}\"; the class spec follows another edition.",
                                r.name
                            ));
                            req
                        });
                    }
                    if crate::text::normalize(&other.summary) != crate::text::normalize(&parsed.class.summary) {
                        bulletin.duties = Some(parsed.class.summary.clone());
                    }
                }
            }
            None => {
                let mut class = parsed.class.clone();
                class.imported = Some(provenance.clone());
                let header = vec![
                    format!(
                        "Class {code}, imported from \"{}\" by `classplan import --profile {}`.",
                        r.name, opts.profile
                    ),
                    "Edit freely: importing the same source again only rewrites this file with --force.".to_string(),
                ];
                let text = emit::toml(&class, &header);
                match write(&class_rel, &text, &mut writes) {
                    Ok(a) => actions.push(a),
                    Err(e) => {
                        fr.status = Status::Failed;
                        fr.reason = Some(format!("{e:#}"));
                    }
                }
            }
        }
        let id = ids.get(&i).cloned().unwrap_or_else(|| code.clone());
        let bulletin_rel = format!("bulletins/{id}.toml");
        fr.bulletin = Some(bulletin_rel.clone());
        let header = vec![format!(
            "Bulletin for class {code}, imported from \"{}\" by `classplan import --profile {}`.",
            r.name, opts.profile
        )];
        let text = emit::toml(&bulletin, &header);
        if fr.status != Status::Failed {
            match write(&bulletin_rel, &text, &mut writes) {
                Ok(a) => actions.push(a),
                Err(e) => {
                    fr.status = Status::Failed;
                    fr.reason = Some(format!("{e:#}"));
                }
            }
        }
        if fr.status != Status::Failed {
            fr.status = if actions.contains(&WriteAction::Conflict) {
                Status::Conflict
            } else if actions.iter().all(|a| *a == WriteAction::Unchanged) {
                Status::Unchanged
            } else {
                Status::Imported
            };
        }
        r.doc.finish();
        let (lines, dropped) = r.doc.counts();
        fr.lines = lines;
        fr.lines_not_imported = dropped;
        fr.routes_typed = parsed.typed;
        fr.routes_other = parsed.other;
        fr.findings = r.doc.findings.clone();
        reports.push(fr);
    }

    let mut t = Totals {
        files: reports.len(),
        ..Default::default()
    };
    for f in &reports {
        match f.status {
            Status::Imported => t.imported += 1,
            Status::Unchanged => t.unchanged += 1,
            Status::Conflict => t.conflicts += 1,
            Status::Refused => t.refused += 1,
            Status::Failed => t.failed += 1,
        }
        t.lines += f.lines;
        t.lines_not_imported += f.lines_not_imported;
        if f.routes_typed + f.routes_other > 0 {
            t.requirement_sets += 1;
            if f.routes_other == 0 {
                t.requirement_sets_typed += 1;
            }
        }
        t.routes_typed += f.routes_typed;
        t.routes_other += f.routes_other;
        for x in &f.findings {
            *t.findings.entry(x.kind.as_str().to_string()).or_default() += 1;
        }
    }
    Ok(Report {
        schema: "classplan/import-report/1",
        profile: opts.profile.clone(),
        workspace: opts.into.display().to_string(),
        files: reports,
        totals: t,
        writes,
    })
}

/// The report as text: each finding located in its source, then the totals.
pub fn text(r: &Report) -> String {
    use std::fmt::Write as _;
    let mut o = String::new();
    for f in &r.files {
        if let Some(reason) = &f.reason {
            let _ = writeln!(o, "{}: {}: {reason}", f.source, status_word(f.status));
        }
        for x in &f.findings {
            let _ = writeln!(
                o,
                "{}:{}:{}: {}: {}",
                f.source,
                x.line,
                x.col,
                x.kind.as_str(),
                x.message
            );
        }
    }
    for w in &r.writes {
        if let Some(d) = &w.diff {
            let what = match w.action {
                WriteAction::Replaced => "replaced",
                _ => "exists and differs (not replaced; use --force)",
            };
            let _ = writeln!(o, "{}: {what}\n{d}", w.path);
        }
    }
    let t = &r.totals;
    let pct = |a: usize, b: usize| if b == 0 { 0.0 } else { 100.0 * a as f64 / b as f64 };
    let _ = writeln!(
        o,
        "imported {} of {} files into {} ({} unchanged, {} in conflict, {} refused, {} failed); requirement sets fully typed: {} of {} ({:.1} %); routes typed {} of {}; lines not imported: {} of {} ({:.2} %)",
        t.imported + t.unchanged,
        t.files,
        r.workspace,
        t.unchanged,
        t.conflicts,
        t.refused,
        t.failed,
        t.requirement_sets_typed,
        t.requirement_sets,
        pct(t.requirement_sets_typed, t.requirement_sets),
        t.routes_typed,
        t.routes_typed + t.routes_other,
        t.lines_not_imported,
        t.lines,
        pct(t.lines_not_imported, t.lines),
    );
    crate::text::terminal_safe(&o, true).into_owned()
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Imported => "imported",
        Status::Unchanged => "unchanged",
        Status::Conflict => "conflict",
        Status::Refused => "not imported",
        Status::Failed => "failed",
    }
}
