//! PDF output: Typst templates (common.typ + class.typ / bulletin.typ)
//! compiled in-process by [`engine`], the view passed as data in
//! `sys.inputs.doc`. Fonts are bundled; the Typst world reads nothing
//! outside the workspace.

pub mod engine;

use std::sync::OnceLock;

use crate::build::{PdfTask, Progress};
use crate::diag::Diagnostic;
use crate::render::templates::Templates;
use crate::rules::Rule;
use engine::{PdfEngine, PdfJob};

/// The engine, with fonts parsed once per process.
pub fn engine() -> &'static PdfEngine {
    static ENGINE: OnceLock<PdfEngine> = OnceLock::new();
    ENGINE.get_or_init(PdfEngine::new)
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
        root: None,
    }
}

/// Compile every task on `threads` OS threads (0 = all cores).
pub fn compile_all(
    t: &Templates,
    tasks: &[PdfTask],
    threads: usize,
    progress: &Progress,
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
    let results = engine().compile_many(&jobs, threads);
    results
        .into_iter()
        .zip(tasks.iter().zip(&sources))
        .map(|(r, (task, (_, common_lines)))| {
            progress.tick();
            r.map_err(|errs| {
                errs.into_iter()
                    .map(|e| {
                        let (file, line) = if e.line > *common_lines {
                            (format!("templates/{}", task.template), e.line - common_lines)
                        } else {
                            ("templates/common.typ".to_string(), e.line)
                        };
                        let mut d = Diagnostic::new(
                            Rule::Template,
                            format!(
                                "{} while making {}: {}",
                                file_pos(&file, line, e.column),
                                task.rel,
                                e.message
                            ),
                        )
                        .at_path(file_pos(&file, line, e.column));
                        for h in e.hints {
                            d = d.hint(h);
                        }
                        d
                    })
                    .collect()
            })
        })
        .collect()
}

fn file_pos(file: &str, line: usize, column: usize) -> String {
    if line == 0 {
        file.to_string()
    } else {
        format!("{file}:{line}:{column}")
    }
}

/// The text a task's PDF would show (compiled, not exported).
pub fn task_text(t: &Templates, task: &PdfTask) -> Result<String, Vec<engine::PdfError>> {
    let (src, _) = source(t, &task.jurisdiction, task.template);
    engine().compile_text(&job(task, &src))
}

/// Typst's warnings for one task's document (tests: templates must compile
/// cleanly, not merely without errors).
pub fn task_warnings(t: &Templates, task: &PdfTask) -> Result<Vec<String>, Vec<engine::PdfError>> {
    let (src, _) = source(t, &task.jurisdiction, task.template);
    engine().compile_warnings(&job(task, &src))
}
