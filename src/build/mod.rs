//! `classplan build`: check, then render every document and write `out/`.
//!
//! Steps: load + validate (errors stop the build; nothing is written) →
//! load templates → plan the documents → skip those whose inputs are
//! unchanged since the last build (manifest) → render the rest in parallel
//! (text formats on rayon, PDFs on their own OS threads) → write each file
//! atomically, only if its bytes changed → remove outputs whose sources are
//! gone → write the manifest. Never touches anything outside the output
//! directory; never deletes a file it did not write.
//!
//! [`fresh`] holds the fast path for a build with nothing to do.

pub mod fresh;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::load::Workspace;
use crate::model::{ClassKey, Plan};
use crate::render::json;
use crate::render::templates::Templates;
use crate::render::view::{self, BulletinView, ClassView};

/// Output formats, as named by `--only`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    Html,
    Md,
    Txt,
    Json,
    Jsonld,
    Pdf,
}

impl OutputFormat {
    pub const ALL: [OutputFormat; 6] = [
        OutputFormat::Html,
        OutputFormat::Md,
        OutputFormat::Txt,
        OutputFormat::Json,
        OutputFormat::Jsonld,
        OutputFormat::Pdf,
    ];
}

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub out: PathBuf,
    pub formats: BTreeSet<OutputFormat>,
    pub as_of: NaiveDate,
    /// Threads for PDF compilation (0 = number of cores).
    pub pdf_threads: usize,
    /// Show a progress line on stderr.
    pub progress: bool,
    /// Replace files in the output directory that classplan did not write.
    pub force: bool,
}

/// What a build did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct BuildReport {
    pub documents: usize,
    pub rendered: usize,
    pub skipped: usize,
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub pdfs: usize,
}

/// One file to write: path relative to the output directory, format, bytes.
struct Output {
    rel: String,
    format: Option<OutputFormat>,
    bytes: Vec<u8>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    version: String,
    /// Input hash of each document (`class:la-city/1229`, `bulletin:<id>`).
    inputs: BTreeMap<String, String>,
    /// Every file written, with its content hash and document.
    files: BTreeMap<String, ManifestFile>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ManifestFile {
    hash: String,
    doc: String,
    format: Option<OutputFormat>,
}

const MANIFEST: &str = ".classplan-manifest.json";

fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex()[..32].to_string()
}

/// A document to render: its key, the sources it depends on, what it is.
enum Doc<'a> {
    Class {
        key: ClassKey,
        j: &'a crate::model::JurisdictionPlan,
        c: &'a crate::model::ClassSpec,
    },
    Bulletin {
        id: &'a str,
        b: &'a crate::model::Bulletin,
        jurisdiction: String,
    },
}

impl Doc<'_> {
    fn key(&self) -> String {
        match self {
            Doc::Class { key, .. } => format!("class:{key}"),
            Doc::Bulletin { id, .. } => format!("bulletin:{id}"),
        }
    }
}

fn class_dir(key: &ClassKey) -> String {
    format!("{}/classes", key.jurisdiction)
}

pub fn bulletin_dir(jurisdiction: &str, id: &str) -> String {
    format!("{jurisdiction}/bulletins/{id}")
}

/// Relative path from a file at `from` (relative to out/) to the out/ root.
fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// Hash of everything a document's output depends on.
fn input_hash(
    ws: &Workspace,
    file_hashes: &[blake3::Hash],
    doc: &Doc,
    templates: &Templates,
    formats: &BTreeSet<OutputFormat>,
    as_of: NaiveDate,
) -> String {
    let mut h = blake3::Hasher::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(templates.fingerprint.as_bytes());
    h.update(format!("{formats:?}").as_bytes());
    let plan = &ws.plan;
    let mut files = Vec::new();
    match doc {
        Doc::Class { j, c, .. } => {
            files.push(j.def.file);
            if let Some(x) = j.classes.iter().find(|x| std::ptr::eq(&x.value, *c)) {
                files.push(x.file);
            }
            if let Some(m) = j.model_for(&c.code) {
                files.push(m.file);
                if let Some(b) = &j.bank {
                    files.push(b.file);
                }
            }
        }
        Doc::Bulletin { id, b, .. } => {
            h.update(as_of.to_string().as_bytes());
            if let Some(l) = plan.bulletins.get(*id) {
                files.push(l.file);
            }
            if let Some(key) = ClassKey::parse(&b.class)
                && let Some((j, c)) = plan.class(&key)
            {
                files.push(j.def.file);
                files.push(c.file);
            }
        }
    }
    for f in files {
        h.update(ws.sources.path(f).as_bytes());
        if let Some(fh) = file_hashes.get(f.0 as usize) {
            h.update(fh.as_bytes());
        }
    }
    h.finalize().to_hex()[..32].to_string()
}

/// The template data of one document, converted once and shared by its
/// formats (converting a view is a good part of rendering it).
struct DocContext(Option<tera::Context>);

impl DocContext {
    fn new() -> Self {
        DocContext(None)
    }

    /// The view's data plus `root` and `extra`; keys `extra` does not set
    /// are absent.
    fn with(
        &mut self,
        view: &impl Serialize,
        root: &str,
        extra: &[(&str, &str)],
    ) -> Result<&tera::Context, Diagnostic> {
        let ctx = match &mut self.0 {
            Some(ctx) => ctx,
            slot => slot.insert(tera::Context::from_serialize(view).map_err(|e| {
                Diagnostic::new(
                    crate::rules::Rule::Template,
                    format!("cannot prepare template data ({e})"),
                )
            })?),
        };
        for k in EXTRA_KEYS {
            ctx.remove(k);
        }
        ctx.insert("root", root);
        for (k, v) in extra {
            ctx.insert(*k, v);
        }
        Ok(ctx)
    }
}

/// Keys added to a view's data for some formats only.
const EXTRA_KEYS: [&str; 3] = ["root", "lang", "jsonld"];

/// Render one class's outputs except PDF; returns outputs and the PDF job data.
fn render_class(
    t: &Templates,
    key: &ClassKey,
    v: &ClassView,
    formats: &BTreeSet<OutputFormat>,
) -> Result<Vec<Output>, Diagnostic> {
    let dir = class_dir(key);
    let mut out = Vec::new();
    let base = format!("{dir}/{}", key.code);
    let mut data = DocContext::new();
    if formats.contains(&OutputFormat::Html) {
        let rel = format!("{base}.html");
        let ctx = data.with(v, &root_prefix(&rel), &[("lang", &v.jurisdiction.language)])?;
        out.push(Output {
            rel,
            format: Some(OutputFormat::Html),
            bytes: t.render(&key.jurisdiction, "class.html", ctx)?.into_bytes(),
        });
    }
    if formats.contains(&OutputFormat::Md) {
        let ctx = data.with(v, "", &[])?;
        out.push(Output {
            rel: format!("{base}.md"),
            format: Some(OutputFormat::Md),
            bytes: t.render(&key.jurisdiction, "class.md", ctx)?.into_bytes(),
        });
    }
    if formats.contains(&OutputFormat::Json) {
        out.push(Output {
            rel: format!("{base}.json"),
            format: Some(OutputFormat::Json),
            bytes: json::pretty(&json::public(v)).into_bytes(),
        });
    }
    Ok(out)
}

fn render_bulletin(
    t: &Templates,
    jur: &str,
    v: &BulletinView,
    formats: &BTreeSet<OutputFormat>,
) -> Result<Vec<Output>, Diagnostic> {
    let dir = bulletin_dir(jur, &v.id);
    let mut out = Vec::new();
    let posting = json::job_posting(v);
    let posting_text = json::pretty(&posting);
    let mut data = DocContext::new();
    if formats.contains(&OutputFormat::Html) {
        let rel = format!("{dir}/index.html");
        // Inside <script>, no markup may appear: `<`, `>`, `&` are escaped.
        let embedded = crate::text::json_for_script(posting_text.trim_end());
        let ctx = data.with(
            v,
            &root_prefix(&rel),
            &[("lang", &v.jurisdiction.language), ("jsonld", &embedded)],
        )?;
        out.push(Output {
            rel,
            format: Some(OutputFormat::Html),
            bytes: t.render(jur, "bulletin.html", ctx)?.into_bytes(),
        });
        let rel = format!("{dir}/questions.html");
        let ctx = data.with(v, &root_prefix(&rel), &[("lang", &v.jurisdiction.language)])?;
        out.push(Output {
            rel,
            format: Some(OutputFormat::Html),
            bytes: t.render(jur, "questions.html", ctx)?.into_bytes(),
        });
    }
    if formats.contains(&OutputFormat::Md) {
        let ctx = data.with(v, "", &[])?;
        out.push(Output {
            rel: format!("{dir}/bulletin.md"),
            format: Some(OutputFormat::Md),
            bytes: t.render(jur, "bulletin.md", ctx)?.into_bytes(),
        });
        out.push(Output {
            rel: format!("{dir}/questions.md"),
            format: Some(OutputFormat::Md),
            bytes: t.render(jur, "questions.md", ctx)?.into_bytes(),
        });
    }
    if formats.contains(&OutputFormat::Txt) {
        let ctx = data.with(v, "", &[])?;
        out.push(Output {
            rel: format!("{dir}/bulletin.txt"),
            format: Some(OutputFormat::Txt),
            bytes: t.render(jur, "bulletin.txt", ctx)?.into_bytes(),
        });
    }
    if formats.contains(&OutputFormat::Json) {
        out.push(Output {
            rel: format!("{dir}/bulletin.json"),
            format: Some(OutputFormat::Json),
            bytes: json::pretty(&json::public(v)).into_bytes(),
        });
        out.push(Output {
            rel: format!("{dir}/questions.json"),
            format: Some(OutputFormat::Json),
            bytes: json::pretty(&json::public(&crate::render::view::QuestionsView::new(v))).into_bytes(),
        });
    }
    if formats.contains(&OutputFormat::Jsonld) {
        out.push(Output {
            rel: format!("{dir}/jobposting.jsonld"),
            format: Some(OutputFormat::Jsonld),
            bytes: posting_text.into_bytes(),
        });
    }
    Ok(out)
}

/// The files a document's outputs go to in `formats` (what
/// `render_class` / `render_bulletin` and the PDF step write).
fn planned_files(doc: &Doc, formats: &BTreeSet<OutputFormat>) -> Vec<String> {
    let mut out = Vec::new();
    let has = |f| formats.contains(&f);
    match doc {
        Doc::Class { key, .. } => {
            let base = format!("{}/{}", class_dir(key), key.code);
            for (f, ext) in [
                (OutputFormat::Html, "html"),
                (OutputFormat::Md, "md"),
                (OutputFormat::Json, "json"),
                (OutputFormat::Pdf, "pdf"),
            ] {
                if has(f) {
                    out.push(format!("{base}.{ext}"));
                }
            }
        }
        Doc::Bulletin { id, jurisdiction, .. } => {
            let dir = bulletin_dir(jurisdiction, id);
            let files: [(OutputFormat, &[&str]); 6] = [
                (OutputFormat::Html, &["index.html", "questions.html"]),
                (OutputFormat::Md, &["bulletin.md", "questions.md"]),
                (OutputFormat::Txt, &["bulletin.txt"]),
                (OutputFormat::Json, &["bulletin.json", "questions.json"]),
                (OutputFormat::Jsonld, &["jobposting.jsonld"]),
                (OutputFormat::Pdf, &["bulletin.pdf"]),
            ];
            for (f, names) in files {
                if has(f) {
                    out.extend(names.iter().map(|n| format!("{dir}/{n}")));
                }
            }
        }
    }
    out
}

/// The site-wide files a build writes in `formats`.
fn site_files(formats: &BTreeSet<OutputFormat>) -> Vec<String> {
    if formats.contains(&OutputFormat::Html) {
        vec![
            "index.html".into(),
            "assets/classplan.css".into(),
            "assets/filter.js".into(),
        ]
    } else {
        Vec::new()
    }
}

/// Every document of the plan: classes by jurisdiction, then bulletins.
fn documents(plan: &Plan) -> Vec<Doc<'_>> {
    let mut docs: Vec<Doc> = Vec::new();
    for j in plan.jurisdictions.values() {
        for c in &j.classes {
            docs.push(Doc::Class {
                key: ClassKey {
                    jurisdiction: j.id().to_string(),
                    code: c.code.to_string(),
                },
                j,
                c: &c.value,
            });
        }
    }
    for (id, b) in &plan.bulletins {
        let jurisdiction = ClassKey::parse(&b.class).map(|k| k.jurisdiction).unwrap_or_default();
        docs.push(Doc::Bulletin { id, b, jurisdiction });
    }
    docs
}

/// One document's outputs in `formats` and, when `pdf`, its PDF task.
fn render_doc(
    t: &Templates,
    plan: &Plan,
    doc: &Doc,
    formats: &BTreeSet<OutputFormat>,
    pdf: bool,
    as_of: NaiveDate,
) -> Result<(Vec<Output>, Option<PdfTask>), Diagnostic> {
    Ok(match doc {
        Doc::Class { key, j, c } => {
            let v = view::class_view(j, c);
            (render_class(t, key, &v, formats)?, pdf.then(|| class_pdf_task(key, &v)))
        }
        Doc::Bulletin { id, b, jurisdiction } => match view::bulletin_view(plan, id, b, as_of) {
            Some(v) => (
                render_bulletin(t, jurisdiction, &v, formats)?,
                pdf.then(|| bulletin_pdf_task(jurisdiction, &v)),
            ),
            None => (Vec::new(), None),
        },
    })
}

/// Render every document's text formats in memory, writing nothing (for
/// the benchmark: the renderer's speed without the file system's).
/// Returns documents, files and bytes rendered.
pub fn render_in_memory(
    ws: &Workspace,
    formats: &BTreeSet<OutputFormat>,
    as_of: NaiveDate,
) -> Result<(usize, usize, usize), Vec<Diagnostic>> {
    let plan = &ws.plan;
    let jur_ids: Vec<String> = plan.jurisdictions.keys().cloned().collect();
    let templates = Templates::load(&ws.root, &jur_ids)?;
    let sum = |outs: Vec<Output>| (1, outs.len(), outs.iter().map(|o| o.bytes.len()).sum::<usize>());
    documents(plan)
        .par_iter()
        .map(|d| render_doc(&templates, plan, d, formats, false, as_of).map(|(outs, _)| sum(outs)))
        .try_reduce(|| (0, 0, 0), |a, b| Ok((a.0 + b.0, a.1 + b.1, a.2 + b.2)))
        .map_err(|d| vec![d])
}

/// Render the first class and bulletin of every jurisdiction with every
/// text template, returning the errors (for `check` with template overrides).
pub fn trial_render(plan: &Plan, t: &Templates) -> Vec<Diagnostic> {
    let as_of = NaiveDate::from_ymd_opt(2025, 1, 1).expect("valid date");
    let all: BTreeSet<OutputFormat> = OutputFormat::ALL
        .into_iter()
        .filter(|f| *f != OutputFormat::Pdf)
        .collect();
    let mut out = Vec::new();
    for j in plan.jurisdictions.values() {
        if let Some(c) = j.classes.first() {
            let key = ClassKey {
                jurisdiction: j.id().to_string(),
                code: c.code.to_string(),
            };
            if let Err(d) = render_class(t, &key, &view::class_view(j, c), &all) {
                out.push(d);
            }
        }
        let prefix = format!("{}/", j.id());
        if let Some((id, b)) = plan.bulletins.iter().find(|(_, b)| b.class.starts_with(&prefix))
            && let Some(v) = view::bulletin_view(plan, id, b, as_of)
            && let Err(d) = render_bulletin(t, j.id(), &v, &all)
        {
            out.push(d);
        }
    }
    out.sort_by(|a, b| a.message.cmp(&b.message));
    out.dedup();
    out
}

/// A PDF to compile.
pub struct PdfTask {
    pub rel: String,
    pub doc: String,
    pub jurisdiction: String,
    pub template: &'static str,
    pub data: serde_json::Value,
    pub title: String,
    pub lang: String,
    pub date: NaiveDate,
    pub ident: String,
}

/// The PDF of a class spec.
pub fn class_pdf_task(key: &ClassKey, v: &ClassView) -> PdfTask {
    PdfTask {
        rel: format!("{}/{}.pdf", class_dir(key), key.code),
        doc: format!("class:{key}"),
        jurisdiction: key.jurisdiction.clone(),
        template: "class.typ",
        title: format!("{} ({}) – {}", v.title, v.code, v.jurisdiction.name),
        lang: v.jurisdiction.language.clone(),
        // A class with no dated history gets a fixed date, never the clock.
        date: v
            .date
            .as_deref()
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            .unwrap_or(NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date")),
        ident: key.to_string(),
        data: json::typst_data(v),
    }
}

/// The PDF of a bulletin.
pub fn bulletin_pdf_task(jurisdiction: &str, v: &BulletinView) -> PdfTask {
    PdfTask {
        rel: format!("{}/bulletin.pdf", bulletin_dir(jurisdiction, &v.id)),
        doc: format!("bulletin:{}", v.id),
        jurisdiction: jurisdiction.to_string(),
        template: "bulletin.typ",
        title: format!("{} ({}) job bulletin – {}", v.title, v.code, v.jurisdiction.name),
        lang: v.jurisdiction.language.clone(),
        date: NaiveDate::parse_from_str(&v.revised, "%Y-%m-%d")
            .unwrap_or(NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date")),
        ident: format!("bulletin/{}", v.id),
        data: json::typst_data(v),
    }
}

/// Every PDF the plan would produce (for checks that read PDF text).
pub fn pdf_tasks(plan: &Plan, as_of: NaiveDate) -> Vec<PdfTask> {
    let mut out = Vec::new();
    for j in plan.jurisdictions.values() {
        for c in &j.classes {
            let key = ClassKey {
                jurisdiction: j.id().to_string(),
                code: c.code.to_string(),
            };
            out.push(class_pdf_task(&key, &view::class_view(j, c)));
        }
    }
    for (id, b) in &plan.bulletins {
        if let Some(v) = view::bulletin_view(plan, id, b, as_of) {
            let jur = ClassKey::parse(&b.class).map(|k| k.jurisdiction).unwrap_or_default();
            out.push(bulletin_pdf_task(&jur, &v));
        }
    }
    out
}

#[derive(Serialize)]
struct IndexClass {
    jurisdiction: String,
    jurisdiction_id: String,
    code: String,
    title: String,
    series: String,
    status: String,
    href: String,
    search: String,
}

#[derive(Serialize)]
struct IndexBulletin {
    title: String,
    class_reference: String,
    job_number: String,
    department: String,
    periods: Vec<String>,
    href: String,
    search: String,
}

#[derive(Serialize)]
struct IndexJurisdiction {
    id: String,
    name: String,
    classes: usize,
}

fn render_index(
    plan: &Plan,
    t: &Templates,
    bulletins: &[(String, String, view::BulletinSummary)],
    as_of: NaiveDate,
) -> Result<Output, Diagnostic> {
    let mut classes = Vec::new();
    for j in plan.jurisdictions.values() {
        let mut cs: Vec<_> = j.classes.iter().collect();
        cs.sort_by(|a, b| a.code.value.cmp(&b.code.value));
        for c in cs {
            let series = c.series.as_ref().map(|s| match s.level {
                Some(l) => format!("{} ({l})", s.name),
                None => s.name.clone(),
            });
            let status = match c.status.state {
                crate::model::class::State::Active => "Active".to_string(),
                crate::model::class::State::Abolished => match &c.status.effective {
                    Some(d) => format!("Abolished {}", d.value),
                    None => "Abolished".into(),
                },
            };
            classes.push(IndexClass {
                jurisdiction: j.def.name.clone(),
                jurisdiction_id: j.id().to_string(),
                code: c.code.to_string(),
                title: c.title.value.clone(),
                series: series.clone().unwrap_or_default(),
                status: status.clone(),
                href: format!("{}/classes/{}.html", j.id(), *c.code),
                search: format!(
                    "{} {} {} {} {} {}",
                    j.def.name,
                    j.id(),
                    *c.code,
                    *c.title,
                    series.unwrap_or_default(),
                    status
                )
                .to_lowercase(),
            });
        }
    }
    let bs: Vec<IndexBulletin> = bulletins
        .iter()
        .map(|(jur, id, v)| IndexBulletin {
            title: v.title.clone(),
            class_reference: v.class_reference.clone(),
            job_number: v.job_number.clone(),
            department: v.department.clone(),
            periods: v
                .periods
                .iter()
                .map(|p| format!("{} ({})", p.text.trim_end_matches('.'), p.status.as_str()))
                .collect(),
            href: format!("{}/index.html", bulletin_dir(jur, id)),
            search: format!(
                "{} {} {} {} {}",
                v.title, v.class_reference, v.job_number, v.department, v.jurisdiction_name
            )
            .to_lowercase(),
        })
        .collect();
    let js: Vec<IndexJurisdiction> = plan
        .jurisdictions
        .values()
        .map(|j| IndexJurisdiction {
            id: j.id().to_string(),
            name: j.def.name.clone(),
            classes: j.classes.len(),
        })
        .collect();
    let mut ctx = tera::Context::new();
    ctx.insert("root", "");
    ctx.insert("lang", "en");
    ctx.insert("classes", &classes);
    ctx.insert("bulletins", &bs);
    ctx.insert("jurisdictions", &js);
    ctx.insert("as_of", &as_of.to_string());
    Ok(Output {
        rel: "index.html".into(),
        format: Some(OutputFormat::Html),
        bytes: t.render("", "index.html", &ctx)?.into_bytes(),
    })
}

/// Why a build stopped before writing anything.
#[derive(Debug)]
pub enum BuildError {
    /// The sources or templates have errors (the diagnostics say which);
    /// `written` lists the files written before the error was found
    /// (complete files: every write is atomic).
    Diagnostics {
        diagnostics: Vec<Diagnostic>,
        written: Vec<String>,
    },
    /// Writing failed (disk full, permissions, ...).
    Io(anyhow::Error),
}

impl BuildError {
    fn diags(diagnostics: Vec<Diagnostic>) -> Self {
        BuildError::Diagnostics {
            diagnostics,
            written: Vec::new(),
        }
    }
}

/// Build the workspace. `ws` must be the result of [`crate::check`].
pub fn build(ws: &Workspace, opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    if ws.has_errors() {
        return Err(BuildError::diags(
            ws.diagnostics.iter().filter(|d| d.is_error()).cloned().collect(),
        ));
    }
    let plan = &ws.plan;
    let jur_ids: Vec<String> = plan.jurisdictions.keys().cloned().collect();
    let templates = Templates::load(&ws.root, &jur_ids).map_err(BuildError::diags)?;
    let formats = &opts.formats;

    let docs = documents(plan);

    let out_dir = &opts.out;
    let old: Manifest = std::fs::read(out_dir.join(MANIFEST))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let version = format!("classplan {}", env!("CARGO_PKG_VERSION"));
    // Files any version of classplan wrote here are ours to replace.
    let owned: std::collections::HashSet<String> = old.files.keys().cloned().collect();
    let old = if old.version == version {
        old
    } else {
        Manifest::default()
    };
    // What out/ holds: when no output directory changed since the last
    // build, exactly what its manifest lists; otherwise walk it.
    let existing = match fresh::intact_dirs(out_dir) {
        Some(dirs) if !old.files.is_empty() => OutTree {
            files: old.files.keys().cloned().collect(),
            dirs: dirs.into_iter().collect(),
        },
        _ => scan_out(out_dir),
    };

    // Each source's text hashed once (a competency bank is part of every
    // document of its jurisdiction's modelled classes).
    let texts: Vec<&str> = ws.sources.iter().map(|(_, f)| f.text.as_str()).collect();
    let file_hashes: Vec<blake3::Hash> = texts.par_iter().map(|t| blake3::hash(t.as_bytes())).collect();
    let hashes: Vec<String> = docs
        .par_iter()
        .map(|d| input_hash(ws, &file_hashes, d, &templates, formats, opts.as_of))
        .collect();
    // Files of the previous build by document (one pass, not one per document).
    let mut old_by_doc: std::collections::HashMap<&str, Vec<(&String, &ManifestFile)>> =
        std::collections::HashMap::new();
    for (rel, f) in &old.files {
        old_by_doc.entry(f.doc.as_str()).or_default().push((rel, f));
    }
    let unchanged = |i: usize| -> bool {
        let key = docs[i].key();
        old.inputs.get(&key) == Some(&hashes[i])
            && old_by_doc
                .get(key.as_str())
                .is_none_or(|files| files.iter().all(|(rel, _)| existing.files.contains(rel.as_str())))
    };

    // The index lists every bulletin, changed or not: only its summary.
    let bulletin_rows: Vec<(String, String, view::BulletinSummary)> = docs
        .par_iter()
        .filter_map(|d| match d {
            Doc::Bulletin { id, b, jurisdiction } => {
                view::bulletin_summary(plan, b, opts.as_of).map(|v| (jurisdiction.clone(), id.to_string(), v))
            }
            _ => None,
        })
        .collect();
    let changed: Vec<usize> = (0..docs.len()).filter(|&i| !unchanged(i)).collect();
    let with_pdf = formats.contains(&OutputFormat::Pdf);

    let render_doc = |i: usize, text: bool, pdf: bool| {
        let none = BTreeSet::new();
        render_doc(
            &templates,
            plan,
            &docs[i],
            if text { formats } else { &none },
            pdf,
            opts.as_of,
        )
    };

    // Preflight: render the first changed document of each kind in every
    // format before anything is written, so a template error stops the
    // build with out/ untouched.
    for want_class in [true, false] {
        if let Some(&i) = changed
            .iter()
            .find(|&&i| matches!(docs[i], Doc::Class { .. }) == want_class)
        {
            let (_, task) = render_doc(i, true, with_pdf).map_err(|d| BuildError::diags(vec![d]))?;
            if let Some(task) = task {
                let quiet = Progress::new(false, 1);
                if let Some(Err(ds)) =
                    crate::render::pdf::compile_all(&templates, std::slice::from_ref(&task), 1, &quiet).pop()
                {
                    return Err(BuildError::diags(ds));
                }
            }
        }
    }

    // Never replace a file classplan did not write (the user's own
    // index.html in `--out .`) unless asked to.
    if !opts.force {
        let mut foreign: Vec<String> = changed
            .iter()
            .flat_map(|&i| planned_files(&docs[i], formats))
            .chain(site_files(formats))
            .filter(|rel| existing.files.contains(rel.as_str()) && !owned.contains(rel))
            .collect();
        foreign.sort();
        foreign.dedup();
        if !foreign.is_empty() {
            let shown: Vec<&str> = foreign.iter().take(5).map(String::as_str).collect();
            return Err(BuildError::Io(anyhow::anyhow!(
                "{} already holds {} file{} classplan did not write ({}{}); nothing was written. Build into another directory, or use --force to replace them",
                out_dir.display(),
                foreign.len(),
                if foreign.len() == 1 { "" } else { "s" },
                shown.join(", "),
                if foreign.len() > 5 { ", ..." } else { "" }
            )));
        }
    }
    // From here on out/ changes: one build at a time, and a build cut short
    // must not look up to date.
    let out = crate::write::OutDir::create(out_dir).map_err(BuildError::Io)?;
    let _lock = out.lock().map_err(BuildError::Io)?;
    fresh::invalidate(&out);
    // Render and write as we go: memory stays flat whatever the plan's size.
    let written = AtomicUsize::new(0);
    let written_list: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let same = AtomicUsize::new(0);
    let write_out = |doc: &str, o: Output| -> Result<(String, ManifestFile), BuildError> {
        let h = hash(&o.bytes);
        if old.files.get(&o.rel).is_some_and(|f| f.hash == h) && existing.files.contains(&o.rel) {
            same.fetch_add(1, Ordering::Relaxed);
        } else {
            out.write(&o.rel, &o.bytes).map_err(BuildError::Io)?;
            written.fetch_add(1, Ordering::Relaxed);
            if let Ok(mut w) = written_list.lock() {
                w.push(o.rel.clone());
            }
        }
        Ok((
            o.rel,
            ManifestFile {
                hash: h,
                doc: doc.to_string(),
                format: o.format,
            },
        ))
    };
    let per_doc = if with_pdf { 2 } else { 1 };
    let progress = Progress::new(opts.progress, changed.len() * per_doc);
    let text_results: Vec<Result<Vec<(String, ManifestFile)>, BuildError>> = changed
        .par_iter()
        .map(|&i| {
            let (outs, _) = render_doc(i, true, false).map_err(|d| BuildError::diags(vec![d]))?;
            let key = docs[i].key();
            let entries = outs
                .into_iter()
                .map(|o| write_out(&key, o))
                .collect::<Result<Vec<_>, _>>()?;
            progress.tick();
            Ok(entries)
        })
        .collect();
    let mut entries: Vec<(String, ManifestFile)> = Vec::new();
    for r in text_results {
        match r {
            Err(BuildError::Diagnostics { diagnostics, .. }) => {
                return Err(BuildError::Diagnostics {
                    diagnostics,
                    written: written_list.lock().map(|w| w.clone()).unwrap_or_default(),
                });
            }
            r => entries.extend(r?),
        }
    }
    let mut pdf_count = 0;
    if with_pdf {
        let threads = if opts.pdf_threads == 0 {
            std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2)
        } else {
            opts.pdf_threads
        };
        // Chunks keep only a few documents' data and PDFs in memory at once.
        for chunk in changed.chunks(16 * threads) {
            let tasks: Vec<PdfTask> = chunk
                .par_iter()
                .filter_map(|&i| render_doc(i, false, true).ok().and_then(|(_, t)| t))
                .collect();
            let pdfs = crate::render::pdf::compile_all(&templates, &tasks, threads, &progress);
            let mut pdf_errors = Vec::new();
            for (task, r) in tasks.into_iter().zip(pdfs) {
                match r {
                    Ok(bytes) => {
                        pdf_count += 1;
                        entries.push(write_out(
                            &task.doc,
                            Output {
                                rel: task.rel,
                                format: Some(OutputFormat::Pdf),
                                bytes,
                            },
                        )?);
                    }
                    Err(ds) => pdf_errors.extend(ds),
                }
            }
            if !pdf_errors.is_empty() {
                return Err(BuildError::Diagnostics {
                    diagnostics: pdf_errors,
                    written: written_list.lock().map(|w| w.clone()).unwrap_or_default(),
                });
            }
        }
    }
    progress.finish();
    // Site-wide files: always rendered, written only when changed.
    if formats.contains(&OutputFormat::Html) {
        let index =
            render_index(plan, &templates, &bulletin_rows, opts.as_of).map_err(|d| BuildError::diags(vec![d]))?;
        entries.push(write_out("site", index)?);
        for asset in ["classplan.css", "filter.js"] {
            let o = Output {
                rel: format!("assets/{asset}"),
                format: Some(OutputFormat::Html),
                bytes: templates.raw("", asset).as_bytes().to_vec(),
            };
            entries.push(write_out("site", o)?);
        }
    }

    let changed_set: BTreeSet<usize> = changed.iter().copied().collect();
    let mut report = BuildReport {
        documents: docs.len(),
        rendered: changed.len(),
        skipped: docs.len() - changed.len(),
        pdfs: pdf_count,
        written: written.load(Ordering::Relaxed),
        unchanged: same.load(Ordering::Relaxed),
        ..Default::default()
    };
    let mut new = Manifest {
        version,
        ..Default::default()
    };
    for (i, d) in docs.iter().enumerate() {
        new.inputs.insert(d.key(), hashes[i].clone());
        if !changed_set.contains(&i) {
            for (rel, f) in old_by_doc.get(d.key().as_str()).into_iter().flatten() {
                new.files.insert((*rel).clone(), (*f).clone());
            }
        }
    }
    new.files.extend(entries);
    // Outputs of formats not built this time stay, as long as their document does.
    let live: BTreeSet<String> = docs.iter().map(Doc::key).chain(["site".to_string()]).collect();
    for (rel, f) in &old.files {
        if !new.files.contains_key(rel) && live.contains(&f.doc) && f.format.is_some_and(|fm| !formats.contains(&fm)) {
            new.files.insert(rel.clone(), f.clone());
        }
    }
    // Remove what this tool wrote before and no longer produces.
    for rel in old.files.keys() {
        if !new.files.contains_key(rel) && crate::write::safe_rel(rel) && out.remove(rel).unwrap_or(false) {
            report.removed += 1;
        }
    }
    let manifest = serde_json::to_vec(&new).map_err(|e| BuildError::Io(e.into()))?;
    let old_bytes = std::fs::read(out_dir.join(MANIFEST)).unwrap_or_default();
    if old_bytes != manifest {
        out.write(MANIFEST, &manifest).map_err(BuildError::Io)?;
    }
    // Without stamps the next build only takes the full path, so a failure
    // to record them is not an error.
    let mut dirs = existing.dirs;
    for rel in new.files.keys() {
        let mut d = rel.as_str();
        while let Some((parent, _)) = d.rsplit_once('/') {
            if !dirs.insert(parent.to_string()) {
                break;
            }
            d = parent;
        }
    }
    let root_files: Vec<String> = new
        .files
        .keys()
        .filter(|r| !r.contains('/'))
        .cloned()
        .chain([MANIFEST.to_string()])
        .collect();
    let _ = fresh::record(
        &out,
        ws,
        &file_hashes,
        opts,
        fresh::Written {
            documents: report.documents,
            dirs: &dirs,
            root_files,
            files: new.files.len() + 1,
        },
    );
    Ok(report)
}

/// What the output directory holds before a build, from one walk.
#[derive(Default)]
struct OutTree {
    /// Files, relative, with `/` separators.
    files: std::collections::HashSet<String>,
    /// Directories, relative, with `/` separators.
    dirs: BTreeSet<String>,
}

/// Walk the output directory once. Temporary files of an earlier build that
/// was killed mid-write (`.classplan-*.tmp`, see `write::write_atomic`) are
/// removed on the way; nothing else is.
fn scan_out(out: &Path) -> OutTree {
    let mut tree = OutTree::default();
    if !out.is_dir() {
        return tree;
    }
    for e in walkdir::WalkDir::new(out)
        .follow_links(false)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = crate::load::rel_path(out, e.path());
        if e.file_type().is_dir() {
            tree.dirs.insert(rel);
        } else if e.file_type().is_file() {
            let name = e.file_name().to_string_lossy();
            if name.starts_with(".classplan-") && name.ends_with(".tmp") {
                let _ = std::fs::remove_file(e.path());
            } else {
                tree.files.insert(rel);
            }
        }
    }
    tree
}

/// A progress line on stderr, shown only on a terminal and only once the
/// build has taken more than a moment.
pub struct Progress {
    enabled: bool,
    total: usize,
    done: AtomicUsize,
    start: std::time::Instant,
}

impl Progress {
    pub fn new(enabled: bool, total: usize) -> Self {
        Progress {
            enabled,
            total,
            done: AtomicUsize::new(0),
            start: std::time::Instant::now(),
        }
    }
    pub fn tick(&self) {
        let n = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if self.enabled && self.start.elapsed().as_millis() > 500 && (n.is_multiple_of(16) || n == self.total) {
            eprint!("\r  rendering {n}/{} documents", self.total);
        }
    }
    pub fn finish(&self) {
        if self.enabled && self.start.elapsed().as_millis() > 500 {
            eprintln!();
        }
    }
}
