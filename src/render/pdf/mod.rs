//! PDF output: Typst templates (common.typ + class.typ / bulletin.typ)
//! compiled in-process by [`engine`], the view passed as data in
//! `sys.inputs.doc`. Fonts are bundled; the Typst world reads no file.
//! The [`Pdf`] renderer makes a [`PdfTask`] per document; `site` compiles
//! them in batches with [`compile_all`] on their own threads.

pub mod engine;
pub mod typeset;

use chrono::NaiveDate;

use super::view::{BulletinView, ClassView};
use super::{DocPath, DocView, OutputFormat, RenderInput, Rendered, Renderer};
use crate::diag::Diagnostic;
use crate::model::ClassKey;
use crate::render::templates::Templates;
use crate::rules::Rule;
use engine::{PdfEngine, PdfJob};

pub struct Pdf;

impl Renderer for Pdf {
    fn format(&self) -> OutputFormat {
        OutputFormat::Pdf
    }

    fn file(&self, doc: &DocPath) -> Option<String> {
        doc.class_file("pdf")
            .or_else(|| doc.bulletin_file("bulletin.pdf"))
            .or_else(|| doc.model_file("pdf"))
    }

    fn render(&self, input: &mut RenderInput, rel: &str) -> Result<Rendered, Diagnostic> {
        Ok(Rendered::Pdf(match &input.doc {
            DocView::Class { key, view } => class_task(rel, key, view),
            DocView::Bulletin { jurisdiction, view } => bulletin_task(rel, jurisdiction, view),
            DocView::Model { key, view } => model_task(rel, key, view),
        }))
    }
}

/// A PDF to compile.
pub struct PdfTask {
    /// Where it goes, relative to the output directory.
    pub rel: String,
    pub jurisdiction: String,
    pub template: &'static str,
    pub data: serde_json::Value,
    pub title: String,
    pub lang: String,
    pub date: NaiveDate,
    pub ident: String,
}

/// A class's fixed date when it has no dated history (never the clock).
const UNDATED: (i32, u32, u32) = (2000, 1, 1);

fn undated() -> NaiveDate {
    NaiveDate::from_ymd_opt(UNDATED.0, UNDATED.1, UNDATED.2).unwrap_or_default()
}

/// The PDF of a class spec.
pub fn class_task(rel: &str, key: &ClassKey, v: &ClassView) -> PdfTask {
    PdfTask {
        rel: rel.to_string(),
        jurisdiction: key.jurisdiction.clone(),
        template: "class.typ",
        title: format!("{} – {}", v.display_title, v.jurisdiction.name),
        lang: v.jurisdiction.language.clone(),
        date: v
            .date
            .as_deref()
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            .unwrap_or_else(undated),
        ident: key.to_string(),
        data: super::json::typst_data(v, &v.errata),
    }
}

/// The PDF of a competency model.
pub fn model_task(rel: &str, key: &ClassKey, v: &super::view::CompetencyModelView) -> PdfTask {
    PdfTask {
        rel: rel.to_string(),
        jurisdiction: key.jurisdiction.clone(),
        template: "competency-model.typ",
        title: format!("{} – {}", v.display_title, v.jurisdiction.name),
        lang: v.jurisdiction.language.clone(),
        date: undated(),
        ident: format!("model/{key}"),
        data: super::json::typst_data(v, &v.errata),
    }
}

/// The PDF of a bulletin.
pub fn bulletin_task(rel: &str, jurisdiction: &str, v: &BulletinView) -> PdfTask {
    PdfTask {
        rel: rel.to_string(),
        jurisdiction: jurisdiction.to_string(),
        template: "bulletin.typ",
        title: format!("{} job bulletin – {}", v.display_title, v.jurisdiction.name),
        lang: v.jurisdiction.language.clone(),
        date: NaiveDate::parse_from_str(&v.date, "%Y-%m-%d").unwrap_or_else(|_| undated()),
        ident: format!("bulletin/{}", v.id),
        data: super::json::typst_data(v, &v.errata),
    }
}

/// The engine with the bundled fonts, built once per process.
pub fn engine() -> &'static PdfEngine {
    engine_for(&[])
}

/// The engine with the bundled fonts and those of `font_dirs`, built once
/// per process and folder list.
pub fn engine_for(font_dirs: &[std::path::PathBuf]) -> &'static PdfEngine {
    static ENGINES: crate::fonts::PerFolders<PdfEngine> = crate::fonts::PerFolders::new();
    ENGINES.get(font_dirs, || PdfEngine::with_fonts(crate::fonts::shared(font_dirs)))
}

/// The Typst source of a template: the shared definitions, then the template.
pub fn source(t: &Templates, jurisdiction: &str, template: &str) -> (String, usize) {
    let common = t.raw(jurisdiction, "common.typ");
    let lines = common.lines().count() + 1;
    (format!("{common}\n{}", t.raw(jurisdiction, template)), lines)
}

fn job<'a>(task: &'a PdfTask, src: &'a str) -> PdfJob<'a> {
    PdfJob {
        template_name: task.template,
        template: src,
        data: &task.data,
        title: &task.title,
        lang: &task.lang,
        date: task.date,
        ident: &task.ident,
    }
}

/// Compile every task on `threads` OS threads (0 = all cores), calling
/// `done` once per task.
pub fn compile_all(
    t: &Templates,
    tasks: &[PdfTask],
    threads: usize,
    done: &(dyn Fn() + Sync),
) -> Vec<Result<Vec<u8>, Vec<Diagnostic>>> {
    let threads = if threads == 0 {
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2)
    } else {
        threads
    };
    let sources: Vec<(String, usize)> = tasks
        .iter()
        .map(|task| source(t, &task.jurisdiction, task.template))
        .collect();
    let jobs: Vec<PdfJob> = tasks
        .iter()
        .zip(&sources)
        .map(|(task, (src, _))| job(task, src))
        .collect();
    let results = engine_for(&t.font_dirs).compile_many(&jobs, threads);
    results
        .into_iter()
        .zip(tasks.iter().zip(&sources))
        .map(|(r, (task, (_, common_lines)))| {
            done();
            r.map_err(|errs| {
                // Text no font can show: one error for the PDF, naming the
                // characters (check's CP0078 points at where they are),
                // not one per character at a built-in template.
                let (glyphs, errs): (Vec<_>, Vec<_>) =
                    errs.into_iter().partition(|e| e.message.contains("could not be displayed with font"));
                let mut chars: Vec<String> = glyphs
                    .iter()
                    .filter_map(|e| e.message.split('`').nth(1).map(|s| s.trim_matches('"').to_string()))
                    .collect();
                let mut seen = std::collections::BTreeSet::new();
                chars.retain(|c| seen.insert(c.clone()));
                let glyph_error = (!glyphs.is_empty()).then(|| {
                    Diagnostic::new(
                        Rule::Template,
                        format!(
                            "{} was not written: no font can show {} ({} in all)",
                            task.rel,
                            chars.iter().take(8).cloned().collect::<Vec<_>>().join(" "),
                            chars.len()
                        ),
                    )
                    .hint("put a font that has these characters in the workspace's fonts/ folder; `classplan check` shows where they are (rule CP0078)")
                });
                errs.into_iter()
                    .map(|e| {
                        let (name, line) = if e.line > *common_lines {
                            (task.template, e.line - common_lines)
                        } else {
                            ("common.typ", e.line)
                        };
                        let (path, text) = t
                            .file(&task.jurisdiction, name)
                            .unwrap_or_else(|| (format!("templates/{name}"), String::new()));
                        let mut d = Diagnostic::new(
                            Rule::Template,
                            format!("`{path}` failed while making {}: {}", task.rel, e.message),
                        );
                        d = match crate::render::templates::offset_of(&text, line, e.column) {
                            Some(o) if line > 0 && !text.is_empty() => d.in_file(path, &text, o..o + 1),
                            _ => d.at_path(path),
                        };
                        for h in e.hints {
                            d = d.hint(h);
                        }
                        d
                    })
                    .chain(glyph_error)
                    .collect()
            })
        })
        .collect()
}

/// The text a task's PDF would show (compiled, not exported).
pub fn task_text(t: &Templates, task: &PdfTask) -> Result<String, Vec<engine::PdfError>> {
    let (src, _) = source(t, &task.jurisdiction, task.template);
    engine_for(&t.font_dirs).compile_text(&job(task, &src))
}

/// Typst's warnings for one task's document (tests: templates must compile
/// cleanly, not merely without errors).
pub fn task_warnings(t: &Templates, task: &PdfTask) -> Result<Vec<String>, Vec<engine::PdfError>> {
    let (src, _) = source(t, &task.jurisdiction, task.template);
    engine_for(&t.font_dirs).compile_warnings(&job(task, &src))
}
