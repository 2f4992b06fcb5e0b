//! HTML pages: a class spec (`<code>.html`) and a bulletin (`index.html`,
//! with its JobPosting JSON-LD embedded), through the `class.html` and
//! `bulletin.html` templates.

use super::{DocPath, DocView, OutputFormat, RenderInput, Rendered, Renderer};
use crate::diag::Diagnostic;

pub struct Html;

impl Renderer for Html {
    fn format(&self) -> OutputFormat {
        OutputFormat::Html
    }

    fn file(&self, doc: &DocPath) -> Option<String> {
        doc.class_file("html")
            .or_else(|| doc.bulletin_file("index.html"))
            .or_else(|| doc.model_file("html"))
    }

    fn render(&self, input: &mut RenderInput, rel: &str) -> Result<Rendered, Diagnostic> {
        let html = match &input.doc {
            DocView::Class { .. } => input.tera("class.html", rel, &[])?,
            DocView::Model { .. } => input.tera("competency-model.html", rel, &[])?,
            DocView::Bulletin { view, .. } => {
                // Inside <script>, no markup may appear: `<`, `>`, `&` are
                // escaped. A bulletin whose filing has closed is not a live
                // posting: its page embeds none (its jobposting.jsonld keeps
                // the expired `validThrough` for archives).
                let embedded = if view.apply.state == crate::derive::periods::FilingState::Closed {
                    String::new()
                } else {
                    let posting = super::json::pretty(&super::jsonld::job_posting(view));
                    crate::text::json_for_script(posting.trim_end())
                };
                input.tera("bulletin.html", rel, &[("jsonld", &embedded)])?
            }
        };
        Ok(Rendered::File(html.into_bytes()))
    }
}
