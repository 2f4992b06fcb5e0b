//! Rendering: model → view types → documents (HTML, Markdown, text, JSON,
//! JSON-LD, PDF) and the site index. Renderers are pure functions from a
//! view to bytes; writing is `build`'s job.

pub mod json;
pub mod markdown;
pub mod pdf;
pub mod templates;
pub mod view;
