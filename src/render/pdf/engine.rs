//! The in-process Typst engine: one [`PdfEngine`] per process holds the
//! bundled fonts (parsed once); each [`PdfJob`] gets a small sandboxed
//! [`World`] whose main file is the template and whose `sys.inputs.doc` is
//! the job's data. Reads no file and never reads the clock.

use std::sync::Arc;

use chrono::Datelike;
use typst::diag::{FileError, FileResult, Severity};
use typst::foundations::{Bytes, Datetime, Dict, IntoValue, Smart, Value};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

/// Bundled fonts, parsed once.
pub struct PdfEngine {
    book: LazyHash<FontBook>,
    fonts: Arc<Vec<Font>>,
}

/// One document to compile.
pub struct PdfJob<'a> {
    /// Name used in diagnostics, e.g. "bulletin.typ".
    pub template_name: &'a str,
    /// Typst source of the template.
    pub template: &'a str,
    /// Exposed to the template as `sys.inputs.doc`.
    pub data: &'a serde_json::Value,
    /// PDF document title (PDF/UA-1 requires one).
    pub title: &'a str,
    pub lang: &'a str,
    /// `today()`, the PDF timestamp and (with `ident`) the document id.
    pub date: chrono::NaiveDate,
    pub ident: &'a str,
}

/// A compile error, located in the template.
#[derive(Debug, Clone)]
pub struct PdfError {
    pub message: String,
    /// 1-based; 0 when the error has no location in the template.
    pub line: usize,
    pub column: usize,
    pub hints: Vec<String>,
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for PdfError {}

impl Default for PdfEngine {
    fn default() -> Self {
        Self::new()
    }
}

/// The fixed virtual path of every job's main file (file ids are interned
/// for the life of the process, so they must not be minted per document).
fn main_id() -> FileId {
    static ID: std::sync::OnceLock<FileId> = std::sync::OnceLock::new();
    *ID.get_or_init(|| {
        RootedPath::new(
            VirtualRoot::Project,
            VirtualPath::new("/template.typ").expect("valid path"),
        )
        .intern()
    })
}

struct JobWorld<'a> {
    library: LazyHash<Library>,
    book: &'a LazyHash<FontBook>,
    fonts: &'a [Font],
    main: Source,
    date: chrono::NaiveDate,
}

impl JobWorld<'_> {
    /// Templates read no file: their data comes in `sys.inputs`, fonts are
    /// bundled, and packages are not available offline.
    fn read(&self, id: FileId) -> FileResult<Bytes> {
        let path = id.get();
        if !matches!(path.root(), VirtualRoot::Project) {
            return Err(FileError::Other(Some(
                "packages are not available: classplan templates work offline".into(),
            )));
        }
        Err(FileError::AccessDenied)
    }
}

impl World for JobWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        self.book
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        let bytes = self.read(id)?;
        let text = String::from_utf8(bytes.to_vec()).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text))
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.text().to_string()));
        }
        self.read(id)
    }
    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Datetime::from_ymd(self.date.year(), self.date.month() as u8, self.date.day() as u8)
    }
}

impl PdfEngine {
    /// An engine with the bundled fonts only.
    pub fn new() -> Self {
        Self::with_fonts(crate::fonts::shared(&[]))
    }

    /// An engine with a font set (bundled fonts and a workspace's own).
    pub fn with_fonts(set: &crate::fonts::FontSet) -> Self {
        PdfEngine {
            book: LazyHash::new(set.book.clone()),
            fonts: set.fonts.clone(),
        }
    }

    /// Compile one document to PDF bytes.
    pub fn compile(&self, job: &PdfJob) -> Result<Vec<u8>, Vec<PdfError>> {
        self.compile_with(job, |doc, options| typst_pdf::pdf(doc, options).map_err(|d| d.to_vec()))
    }

    /// Compile one document and return the text laid out on its pages (in
    /// reading order of the frames), for tests and checks without a PDF reader.
    pub fn compile_text(&self, job: &PdfJob) -> Result<String, Vec<PdfError>> {
        fn walk(frame: &typst::layout::Frame, out: &mut String) {
            for (_, item) in frame.items() {
                match item {
                    typst::layout::FrameItem::Group(g) => walk(&g.frame, out),
                    typst::layout::FrameItem::Text(t) => {
                        out.push_str(&t.text);
                        out.push(' ');
                    }
                    _ => {}
                }
            }
        }
        self.compile_with(job, |doc, _| {
            let mut out = String::new();
            for page in doc.pages() {
                walk(&page.frame, &mut out);
                out.push('\n');
            }
            Ok(out)
        })
    }

    /// Typst's warnings for one document (a template problem Typst works
    /// around, such as an ignored paragraph), as messages with their line.
    pub fn compile_warnings(&self, job: &PdfJob) -> Result<Vec<String>, Vec<PdfError>> {
        self.compile_with_warnings(job, |_, _| Ok(())).map(|((), w)| w)
    }

    fn compile_with<T>(
        &self,
        job: &PdfJob,
        finish: impl FnOnce(&PagedDocument, &PdfOptions) -> Result<T, Vec<typst::diag::SourceDiagnostic>>,
    ) -> Result<T, Vec<PdfError>> {
        self.compile_with_warnings(job, finish).map(|(t, _)| t)
    }

    fn compile_with_warnings<T>(
        &self,
        job: &PdfJob,
        finish: impl FnOnce(&PagedDocument, &PdfOptions) -> Result<T, Vec<typst::diag::SourceDiagnostic>>,
    ) -> Result<(T, Vec<String>), Vec<PdfError>> {
        let value: Value = serde_json::from_value::<Value>(job.data.clone()).map_err(|e| {
            vec![PdfError {
                message: format!("cannot pass the document data to Typst ({e})"),
                line: 0,
                column: 0,
                hints: vec![],
            }]
        })?;
        let mut inputs = Dict::new();
        inputs.insert("doc".into(), value);
        inputs.insert("title".into(), job.title.into_value());
        inputs.insert("lang".into(), job.lang.into_value());
        let world = JobWorld {
            // `a11y-extras`: row header cells (`pdf.header-cell(scope: "row")`)
            // in tables, as the HTML's `<th scope="row">`.
            library: LazyHash::new(
                Library::builder()
                    .with_inputs(inputs)
                    .with_features([typst::Feature::A11yExtras].into_iter().collect())
                    .build(),
            ),
            book: &self.book,
            fonts: &self.fonts,
            main: Source::new(main_id(), job.template.to_string()),
            date: job.date,
        };
        let errors = |diags: &[typst::diag::SourceDiagnostic]| -> Vec<PdfError> {
            diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| {
                    let (line, column) = world
                        .range(d.span)
                        .filter(|_| d.span.id() == Some(main_id()))
                        .and_then(|r| world.main.lines().byte_to_line_column(r.start))
                        .map(|(l, c)| (l + 1, c + 1))
                        .unwrap_or((0, 0));
                    PdfError {
                        message: d.message.to_string(),
                        line,
                        column,
                        hints: d.hints.iter().map(|h| h.v.to_string()).collect(),
                    }
                })
                .collect()
        };
        let warned = typst::compile::<PagedDocument>(&world);
        let warnings: Vec<String> = warned
            .warnings
            .iter()
            .map(|d| {
                let line = world
                    .range(d.span)
                    .filter(|_| d.span.id() == Some(main_id()))
                    .and_then(|r| world.main.lines().byte_to_line_column(r.start))
                    .map_or(0, |(l, _)| l + 1);
                format!("line {line}: {}", d.message)
            })
            .collect();
        let doc = warned.output.map_err(|d| errors(&d))?;
        let ts =
            Datetime::from_ymd(job.date.year(), job.date.month() as u8, job.date.day() as u8).map(Timestamp::new_utc);
        let mut options = PdfOptions {
            ident: Smart::Custom(job.ident.to_string()),
            timestamp: ts,
            ..PdfOptions::default()
        };
        if let Ok(standards) = PdfStandards::new(&[PdfStandard::Ua_1]) {
            options.standards = standards;
        }
        finish(&doc, &options).map(|t| (t, warnings)).map_err(|d| errors(&d))
    }

    /// Compile many documents on `threads` plain OS threads (typst-pdf uses
    /// rayon internally; documents as rayon tasks would steal each other).
    /// Evicts typst's memoization cache as it goes so memory stays flat.
    /// Results are in input order.
    pub fn compile_many(&self, jobs: &[PdfJob], threads: usize) -> Vec<Result<Vec<u8>, Vec<PdfError>>> {
        let threads = threads.clamp(1, jobs.len().max(1));
        let next = std::sync::atomic::AtomicUsize::new(0);
        type Slot = Option<Result<Vec<u8>, Vec<PdfError>>>;
        let mut results: Vec<Slot> = (0..jobs.len()).map(|_| None).collect();
        let slots: Vec<std::sync::Mutex<&mut Slot>> = results.iter_mut().map(std::sync::Mutex::new).collect();
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if i >= jobs.len() {
                            break;
                        }
                        // A panic inside typst on one document must not abort the batch.
                        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.compile(&jobs[i])))
                            .unwrap_or_else(|_| {
                                Err(vec![PdfError {
                                    message: "the PDF engine failed on this document (internal error in typst)".into(),
                                    line: 0,
                                    column: 0,
                                    hints: vec![],
                                }])
                            });
                        if let Ok(mut slot) = slots[i].lock() {
                            **slot = Some(r);
                        }
                        if i % 8 == 7 {
                            comemo::evict(10);
                        }
                    }
                });
            }
        });
        drop(slots);
        comemo::evict(10);
        results
            .into_iter()
            .map(|r| {
                r.unwrap_or_else(|| {
                    Err(vec![PdfError {
                        message: "the PDF worker stopped".into(),
                        line: 0,
                        column: 0,
                        hints: vec![],
                    }])
                })
            })
            .collect()
    }
}
