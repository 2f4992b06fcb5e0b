//! The published JSON of classes and bulletins (`<code>.json`,
//! `bulletin.json`): the view types, free text as its Markdown source
//! (docs/outputs.md). Also the JSON helpers other renderers share.

use serde_json::Value;

use super::{DocPath, DocView, OutputFormat, RenderInput, Rendered, Renderer};
use crate::diag::Diagnostic;

pub struct Json;

impl Renderer for Json {
    fn format(&self) -> OutputFormat {
        OutputFormat::Json
    }

    fn file(&self, doc: &DocPath) -> Option<String> {
        doc.class_file("json").or_else(|| doc.bulletin_file("bulletin.json"))
    }

    fn render(&self, input: &mut RenderInput, _rel: &str) -> Result<Rendered, Diagnostic> {
        let v = match &input.doc {
            DocView::Class { view, .. } => public(view),
            DocView::Bulletin { view, .. } => public(view),
        };
        Ok(Rendered::File(pretty(&v).into_bytes()))
    }
}

/// The published JSON of a view: free text as Markdown strings.
pub fn public(view: &impl serde::Serialize) -> Value {
    serde_json::to_value(view).unwrap_or(Value::Null)
}

/// The data given to a Typst template: free text as block trees.
/// Prose gets print typography (typographic quotes, non-breaking spaces
/// in dates, times and amounts).
pub fn typst_data(view: &impl serde::Serialize) -> Value {
    let mut v = super::markdown::for_typst(|| serde_json::to_value(view).unwrap_or(Value::Null));
    super::pdf::typeset::typeset_value(&mut v);
    v
}

pub fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}
