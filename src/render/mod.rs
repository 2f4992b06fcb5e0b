//! Rendering: view types → documents. One [`Renderer`] per output file
//! kind, each in its own file, all listed in [`RENDERERS`]; `site` asks
//! every renderer of the formats being built for its file of each
//! document. Renderers are pure functions from a view to bytes (or, for
//! PDF, to a Typst job); writing is `site`'s job.
//!
//! To add an output format: a file here with a `Renderer` (its format, the
//! file it writes for a class or bulletin, how it renders), and one line
//! in [`RENDERERS`].
//!
//! Architecture invariant: nothing here writes a file; template overrides
//! are read (by `templates`) and nothing else.

pub mod data_hash;
pub mod html;
pub mod index;
pub mod json;
pub mod jsonld;
pub mod lint_report;
pub mod markdown;
pub mod md;
pub mod paths;
pub mod pdf;
pub mod questions;
pub mod templates;
pub mod txt;
pub mod view;

use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::model::ClassKey;
use templates::Templates;
use view::{BulletinView, ClassView};

/// Output formats, as `--only` names them.
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
    /// The name `--only` uses.
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Html => "html",
            OutputFormat::Md => "md",
            OutputFormat::Txt => "txt",
            OutputFormat::Json => "json",
            OutputFormat::Jsonld => "jsonld",
            OutputFormat::Pdf => "pdf",
        }
    }

    pub fn from_name(name: &str) -> Option<OutputFormat> {
        OutputFormat::ALL.into_iter().find(|f| f.name() == name)
    }

    pub const ALL: [OutputFormat; 6] = [
        OutputFormat::Html,
        OutputFormat::Md,
        OutputFormat::Txt,
        OutputFormat::Json,
        OutputFormat::Jsonld,
        OutputFormat::Pdf,
    ];
}

/// Where a document's files go, known before anything is rendered.
#[derive(Debug, Clone, Copy)]
pub enum DocPath<'a> {
    Class(&'a ClassKey),
    Bulletin {
        jurisdiction: &'a str,
        id: &'a str,
    },
    /// A class's competency model.
    Model(&'a ClassKey),
}

impl DocPath<'_> {
    /// The directory of the document's files, relative to the output directory.
    pub fn dir(&self) -> String {
        match self {
            DocPath::Class(key) => format!("{}/classes", key.jurisdiction),
            DocPath::Bulletin { jurisdiction, id } => format!("{jurisdiction}/bulletins/{id}"),
            DocPath::Model(key) => format!("{}/competency-models", key.jurisdiction),
        }
    }

    /// The document's HTML page, relative to the output directory.
    pub fn page(&self) -> String {
        self.class_file("html")
            .or_else(|| self.bulletin_file("index.html"))
            .or_else(|| self.model_file("html"))
            .unwrap_or_default()
    }

    /// A file of a competency model: `<dir>/<code>.<ext>`.
    pub fn model_file(&self, ext: &str) -> Option<String> {
        match self {
            DocPath::Model(key) => Some(format!("{}/{}.{ext}", self.dir(), key.code)),
            _ => None,
        }
    }

    /// A file of the document: `<dir>/<code>.<ext>` for a class,
    /// `<dir>/<name>` for a bulletin.
    fn class_file(&self, ext: &str) -> Option<String> {
        match self {
            DocPath::Class(key) => Some(format!("{}/{}.{ext}", self.dir(), key.code)),
            _ => None,
        }
    }

    fn bulletin_file(&self, name: &str) -> Option<String> {
        match self {
            DocPath::Bulletin { .. } => Some(format!("{}/{name}", self.dir())),
            _ => None,
        }
    }
}

/// Relative path from a file at `from` (relative to out/) to the out/ root.
pub fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// A document ready to render: where it goes and its view.
pub enum DocView<'a> {
    Class {
        key: &'a ClassKey,
        view: &'a ClassView,
    },
    Bulletin {
        jurisdiction: &'a str,
        view: &'a BulletinView,
    },
    Model {
        key: &'a ClassKey,
        view: &'a view::CompetencyModelView,
    },
}

impl DocView<'_> {
    pub fn path(&self) -> DocPath<'_> {
        match self {
            DocView::Class { key, .. } => DocPath::Class(key),
            DocView::Bulletin { jurisdiction, view } => DocPath::Bulletin {
                jurisdiction,
                id: &view.id,
            },
            DocView::Model { key, .. } => DocPath::Model(key),
        }
    }

    /// The jurisdiction whose template overrides apply.
    pub fn jurisdiction(&self) -> &str {
        match self {
            DocView::Class { key, .. } | DocView::Model { key, .. } => &key.jurisdiction,
            DocView::Bulletin { jurisdiction, .. } => jurisdiction,
        }
    }

    fn language(&self) -> &str {
        match self {
            DocView::Class { view, .. } => &view.jurisdiction.language,
            DocView::Bulletin { view, .. } => &view.jurisdiction.language,
            DocView::Model { view, .. } => &view.jurisdiction.language,
        }
    }
}

/// What a renderer makes of a document.
pub enum Rendered {
    /// The bytes of its file.
    File(Vec<u8>),
    /// A PDF to compile (compiled in batches on their own threads).
    Pdf(pdf::PdfTask),
    /// No file for this document (a draft bulletin has no JobPosting).
    Nothing,
}

/// One kind of output file.
pub trait Renderer: Sync {
    /// The format it belongs to (what `--only` selects).
    fn format(&self) -> OutputFormat;
    /// The file it writes for a document, relative to the output
    /// directory; `None` when it has none for this kind of document.
    fn file(&self, doc: &DocPath) -> Option<String>;
    /// Render a document (only called when [`Renderer::file`] is `Some`).
    fn render(&self, input: &mut RenderInput, rel: &str) -> Result<Rendered, Diagnostic>;
}

/// Every renderer, in the order their files are written.
pub const RENDERERS: &[&dyn Renderer] = &[
    &html::Html,
    &questions::QuestionsHtml,
    &md::Markdown,
    &questions::QuestionsMd,
    &txt::Text,
    &json::Json,
    &questions::QuestionsJson,
    &jsonld::JsonLd,
    &pdf::Pdf,
];

/// A document being rendered, with what its renderers share: the
/// templates, and the view's template data converted once.
pub struct RenderInput<'a> {
    pub templates: &'a Templates,
    pub doc: DocView<'a>,
    data: Option<tera::Context>,
}

/// Keys added to a view's data for some files only.
const EXTRA_KEYS: [&str; 3] = ["root", "lang", "jsonld"];

impl<'a> RenderInput<'a> {
    pub fn new(templates: &'a Templates, doc: DocView<'a>) -> Self {
        RenderInput {
            templates,
            doc,
            data: None,
        }
    }

    /// Render a tera template with the view's data plus `root` (the path
    /// from `rel` back to the output directory) and `extra`.
    pub fn tera(&mut self, template: &str, rel: &str, extra: &[(&str, &str)]) -> Result<String, Diagnostic> {
        let ctx = match &mut self.data {
            Some(ctx) => ctx,
            slot => {
                let value = match &self.doc {
                    DocView::Class { view, .. } => json::public(view, &view.errata),
                    DocView::Bulletin { view, .. } => json::public(view, &view.errata),
                    DocView::Model { view, .. } => json::public(view, &view.errata),
                };
                let made = tera::Context::from_value(value);
                slot.insert(made.map_err(|e| {
                    Diagnostic::new(
                        crate::rules::Rule::Template,
                        format!("cannot prepare template data ({e})"),
                    )
                })?)
            }
        };
        for k in EXTRA_KEYS {
            ctx.remove(k);
        }
        ctx.insert("root", &root_prefix(rel));
        if rel.ends_with(".html") {
            ctx.insert("lang", self.doc.language());
        }
        for (k, v) in extra {
            ctx.insert(*k, v);
        }
        self.templates.render(self.doc.jurisdiction(), template, ctx)
    }
}

/// Render one document in `formats`: its files, and its PDF task when PDF
/// is among them.
pub fn render_doc(
    templates: &Templates,
    doc: DocView,
    formats: &std::collections::BTreeSet<OutputFormat>,
) -> Result<(Vec<Output>, Option<pdf::PdfTask>), Diagnostic> {
    let mut input = RenderInput::new(templates, doc);
    let mut files = Vec::new();
    let mut pdf = None;
    for r in RENDERERS.iter().filter(|r| formats.contains(&r.format())) {
        let Some(rel) = r.file(&input.doc.path()) else { continue };
        match r.render(&mut input, &rel)? {
            Rendered::File(bytes) => files.push(Output {
                rel,
                format: r.format(),
                bytes,
            }),
            Rendered::Pdf(task) => pdf = Some(task),
            Rendered::Nothing => {}
        }
    }
    Ok((files, pdf))
}

/// The files a document has in `formats`, without rendering it.
pub fn planned_files(doc: &DocPath, formats: &std::collections::BTreeSet<OutputFormat>) -> Vec<String> {
    RENDERERS
        .iter()
        .filter(|r| formats.contains(&r.format()))
        .filter_map(|r| r.file(doc))
        .collect()
}

/// One rendered file: path relative to the output directory, format, bytes.
pub struct Output {
    pub rel: String,
    pub format: OutputFormat,
    pub bytes: Vec<u8>,
}

/// Render the first class and the first bulletin of every jurisdiction in
/// every text format, returning the errors: how `check` tries a
/// workspace's template overrides on real data.
pub fn trial_render(plan: &crate::model::Plan, t: &Templates) -> Vec<Diagnostic> {
    let as_of = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
    let text: std::collections::BTreeSet<OutputFormat> = OutputFormat::ALL
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
            let v = view::class_view(j, c);
            if let Err(d) = render_doc(t, DocView::Class { key: &key, view: &v }, &text) {
                out.push(d);
            }
        }
        let prefix = format!("{}/", j.id());
        if let Some((id, b)) = plan.bulletins.iter().find(|(_, b)| b.class.starts_with(&prefix))
            && let Some(v) = view::bulletin_view(plan, id, b, as_of)
            && let Err(d) = render_doc(
                t,
                DocView::Bulletin {
                    jurisdiction: j.id(),
                    view: &v,
                },
                &text,
            )
        {
            out.push(d);
        }
    }
    out.sort_by(|a, b| a.message.cmp(&b.message));
    out.dedup();
    out
}
