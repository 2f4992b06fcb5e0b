//! Markdown documents: `<code>.md` for a class and for its competency
//! model, `bulletin.md` for a bulletin, through the `class.md`,
//! `competency-model.md` and `bulletin.md` templates.

use super::{DocPath, DocView, OutputFormat, RenderInput, Rendered, Renderer};
use crate::diag::Diagnostic;

pub struct Markdown;

impl Renderer for Markdown {
    fn format(&self) -> OutputFormat {
        OutputFormat::Md
    }

    fn file(&self, doc: &DocPath) -> Option<String> {
        doc.class_file("md")
            .or_else(|| doc.bulletin_file("bulletin.md"))
            .or_else(|| doc.model_file("md"))
    }

    fn render(&self, input: &mut RenderInput, rel: &str) -> Result<Rendered, Diagnostic> {
        let template = match input.doc {
            DocView::Class { .. } => "class.md",
            DocView::Bulletin { .. } => "bulletin.md",
            DocView::Model { .. } => "competency-model.md",
        };
        Ok(Rendered::File(input.tera(template, rel, &[])?.into_bytes()))
    }
}
