//! The supplemental questionnaire of a bulletin: `questions.html` (a
//! fillable preview), `questions.md`, and `questions.json` (the
//! `QuestionsView`, for applicant-tracking systems; its schema is
//! `classplan schema questions`).

use super::view::QuestionsView;
use super::{DocPath, DocView, OutputFormat, RenderInput, Rendered, Renderer};
use crate::diag::Diagnostic;

pub struct QuestionsHtml;
pub struct QuestionsMd;
pub struct QuestionsJson;

impl Renderer for QuestionsHtml {
    fn format(&self) -> OutputFormat {
        OutputFormat::Html
    }
    fn file(&self, doc: &DocPath) -> Option<String> {
        doc.bulletin_file("questions.html")
    }
    fn render(&self, input: &mut RenderInput, rel: &str) -> Result<Rendered, Diagnostic> {
        Ok(Rendered::File(input.tera("questions.html", rel, &[])?.into_bytes()))
    }
}

impl Renderer for QuestionsMd {
    fn format(&self) -> OutputFormat {
        OutputFormat::Md
    }
    fn file(&self, doc: &DocPath) -> Option<String> {
        doc.bulletin_file("questions.md")
    }
    fn render(&self, input: &mut RenderInput, rel: &str) -> Result<Rendered, Diagnostic> {
        Ok(Rendered::File(input.tera("questions.md", rel, &[])?.into_bytes()))
    }
}

impl Renderer for QuestionsJson {
    fn format(&self) -> OutputFormat {
        OutputFormat::Json
    }
    fn file(&self, doc: &DocPath) -> Option<String> {
        doc.bulletin_file("questions.json")
    }
    fn render(&self, input: &mut RenderInput, _rel: &str) -> Result<Rendered, Diagnostic> {
        let DocView::Bulletin { view, .. } = &input.doc else {
            return Ok(Rendered::File(Vec::new()));
        };
        Ok(Rendered::File(
            super::json::pretty(&super::json::public(&QuestionsView::new(view), &view.errata)).into_bytes(),
        ))
    }
}
