//! Plain text: `bulletin.txt` through the `bulletin.txt` template (for
//! e-mail and applicant-tracking systems that take text).

use super::{DocPath, OutputFormat, RenderInput, Rendered, Renderer};
use crate::diag::Diagnostic;

pub struct Text;

impl Renderer for Text {
    fn format(&self) -> OutputFormat {
        OutputFormat::Txt
    }

    fn file(&self, doc: &DocPath) -> Option<String> {
        doc.bulletin_file("bulletin.txt")
    }

    fn render(&self, input: &mut RenderInput, rel: &str) -> Result<Rendered, Diagnostic> {
        Ok(Rendered::File(input.tera("bulletin.txt", rel, &[])?.into_bytes()))
    }
}
