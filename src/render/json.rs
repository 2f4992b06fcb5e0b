//! The published JSON of classes and bulletins (`<code>.json`,
//! `bulletin.json`): the view types, free text as its Markdown source
//! (docs/outputs.md). Also the JSON helpers other renderers share.

use serde_json::Value;

use crate::derive::errata::Erratum;

use super::{DocPath, DocView, OutputFormat, RenderInput, Rendered, Renderer};
use crate::diag::Diagnostic;

pub struct Json;

impl Renderer for Json {
    fn format(&self) -> OutputFormat {
        OutputFormat::Json
    }

    fn file(&self, doc: &DocPath) -> Option<String> {
        doc.class_file("json")
            .or_else(|| doc.bulletin_file("bulletin.json"))
            .or_else(|| doc.model_file("json"))
    }

    fn render(&self, input: &mut RenderInput, _rel: &str) -> Result<Rendered, Diagnostic> {
        let v = match &input.doc {
            DocView::Class { view, .. } => public(view, &view.errata),
            DocView::Bulletin { view, .. } => public(view, &view.errata),
            DocView::Model { view, .. } => public(view, &view.errata),
        };
        Ok(Rendered::File(pretty(&v).into_bytes()))
    }
}

/// The published JSON of a view: free text as Markdown strings, the
/// official text's wrong words as the jurisdiction prints them.
pub fn public(view: &impl serde::Serialize, errata: &[Erratum]) -> Value {
    let mut v = serde_json::to_value(view).unwrap_or(Value::Null);
    with_errata(&mut v, errata);
    v
}

/// Every string of an output value with the document's errata applied
/// (the list of errata itself, links and ids left as they are).
pub fn with_errata(v: &mut Value, errata: &[Erratum]) {
    if errata.is_empty() {
        return;
    }
    match v {
        Value::String(s) => *s = crate::derive::errata::apply(s, errata),
        Value::Array(xs) => xs.iter_mut().for_each(|x| with_errata(x, errata)),
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if !matches!(
                    k.as_str(),
                    "errata" | "url" | "id" | "page_url" | "class_page" | "reference"
                ) {
                    with_errata(x, errata);
                }
            }
        }
        _ => {}
    }
}

/// The data given to a Typst template: free text as block trees.
/// Prose gets print typography (typographic quotes, non-breaking spaces
/// in dates, times and amounts).
pub fn typst_data(view: &impl serde::Serialize, errata: &[Erratum]) -> Value {
    let mut v = super::markdown::for_typst(|| serde_json::to_value(view).unwrap_or(Value::Null));
    with_errata(&mut v, errata);
    super::pdf::typeset::typeset_value(&mut v);
    v
}

pub fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}
