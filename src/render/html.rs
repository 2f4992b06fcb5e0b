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
            DocView::Class { view, .. } => {
                let svg = career_svg(&view.title, view.career_path.as_ref());
                input.tera("class.html", rel, &[("career_svg", &svg)])?
            }
            DocView::Model { .. } => input.tera("competency-model.html", rel, &[])?,
            DocView::Bulletin { view, .. } => {
                // Inside <script>, no markup may appear: `<`, `>`, `&` are
                // escaped. A bulletin whose filing has closed is not a live
                // posting: its page embeds none (its jobposting.jsonld keeps
                // the expired `validThrough` for archives).
                // Nor does a draft: it is no posting at all.
                let draft = view.adoption.as_ref().is_some_and(|a| a.mark.is_some());
                let embedded = if draft || view.apply.state == crate::derive::periods::FilingState::Closed {
                    String::new()
                } else {
                    let posting = super::json::pretty(&super::jsonld::job_posting(view));
                    crate::text::json_for_script(posting.trim_end())
                };
                let svg = career_svg(&view.title, view.career_path.as_ref());
                input.tera("bulletin.html", rel, &[("jsonld", &embedded), ("career_svg", &svg)])?
            }
        };
        Ok(Rendered::File(html.into_bytes()))
    }
}

/// The career path diagram of a page (empty when it has none).
fn career_svg(title: &str, c: Option<&super::view::CareerPathView>) -> String {
    let Some(c) = c else { return String::new() };
    let names = |l: &[super::view::CareerLinkView]| l.iter().map(|l| l.title.clone()).collect::<Vec<_>>();
    super::paths::section_svg(title, &names(&c.from), &names(&c.to)).unwrap_or_default()
}
