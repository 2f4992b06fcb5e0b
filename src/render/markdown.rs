//! Free text (classplan's Markdown subset): the [`Md`] value views hold,
//! and its conversions to HTML, plain text and a block tree for Typst.
//! Each output format converts only what it writes (the `markdown` and
//! `plain` template filters, the Typst data). Raw HTML never passes
//! through: it is escaped as text (the checker reports it as CP0073).

use std::cell::Cell;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::{Serialize, Serializer};

/// A free-text value of a view: its Markdown source, held once. It
/// serializes as that string (templates and the published JSON read it),
/// or, inside [`for_typst`], as the block tree the Typst templates lay out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Md(pub String);

impl Md {
    pub fn new(md: &str) -> Md {
        Md(md.trim().to_string())
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn html(&self) -> String {
        to_html(&self.0)
    }
    pub fn text(&self) -> String {
        to_text(&self.0)
    }
}

thread_local! {
    static TYPST: Cell<bool> = const { Cell::new(false) };
}

/// Serialize with every [`Md`] as Typst blocks instead of a string.
pub fn for_typst<T>(f: impl FnOnce() -> T) -> T {
    let was = TYPST.with(|t| t.replace(true));
    let out = f();
    TYPST.with(|t| t.set(was));
    out
}

impl Serialize for Md {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if TYPST.with(Cell::get) {
            to_blocks(&self.0).serialize(s)
        } else {
            s.serialize_str(&self.0)
        }
    }
}

impl schemars::JsonSchema for Md {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Markdown".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "Text in classplan's Markdown subset: paragraphs, *emphasis*, **strong**, lists and links."
        })
    }
}

fn parser(md: &str) -> Parser<'_> {
    Parser::new_ext(md, Options::ENABLE_STRIKETHROUGH)
}

/// Only http(s) and mailto links become links; anything else is text.
pub fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
}

pub use crate::text::escape_html;

/// Render the subset to HTML. Everything the subset does not allow is
/// written out as escaped text.
pub fn to_html(md: &str) -> String {
    let mut out = String::new();
    let mut link_stack: Vec<bool> = Vec::new();
    for event in parser(md) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => out.push_str("<p>"),
                Tag::Emphasis => out.push_str("<em>"),
                Tag::Strong => out.push_str("<strong>"),
                Tag::Strikethrough => out.push_str("<s>"),
                Tag::List(Some(start)) => {
                    if start == 1 {
                        out.push_str("<ol>");
                    } else {
                        out.push_str(&format!("<ol start=\"{start}\">"));
                    }
                }
                Tag::List(None) => out.push_str("<ul>"),
                Tag::Item => out.push_str("<li>"),
                Tag::Link { dest_url, .. } => {
                    let ok = safe_url(&dest_url);
                    if ok {
                        out.push_str(&format!("<a href=\"{}\">", escape_html(&dest_url)));
                    }
                    link_stack.push(ok);
                }
                Tag::BlockQuote(_) => out.push_str("<blockquote>"),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph => out.push_str("</p>"),
                TagEnd::Emphasis => out.push_str("</em>"),
                TagEnd::Strong => out.push_str("</strong>"),
                TagEnd::Strikethrough => out.push_str("</s>"),
                TagEnd::List(true) => out.push_str("</ol>"),
                TagEnd::List(false) => out.push_str("</ul>"),
                TagEnd::Item => out.push_str("</li>"),
                TagEnd::Link if link_stack.pop().unwrap_or(false) => {
                    out.push_str("</a>");
                }
                TagEnd::BlockQuote(_) => out.push_str("</blockquote>"),
                TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::Image => out.push(' '),
                _ => {}
            },
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => out.push_str(&escape_html(&t)),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push_str("<br>"),
            _ => {}
        }
    }
    out
}

/// Render the subset to plain text.
pub fn to_text(md: &str) -> String {
    let mut out = String::new();
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut links: Vec<String> = Vec::new();
    for event in parser(md) {
        match event {
            Event::Start(Tag::List(start)) => {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                let indent = "  ".repeat(lists.len().saturating_sub(1));
                match lists.last_mut() {
                    Some(Some(n)) => {
                        out.push_str(&format!("{indent}{n}. "));
                        *n += 1;
                    }
                    _ => out.push_str(&format!("{indent}- ")),
                }
            }
            Event::End(TagEnd::Item) if !out.ends_with('\n') => {
                out.push('\n');
            }
            Event::End(TagEnd::Paragraph) if lists.is_empty() => {
                out.push_str("\n\n");
            }
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                if let Some(url) = links.pop()
                    && !out.ends_with(&url)
                {
                    out.push_str(&format!(" ({url})"));
                }
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => out.push_str(&t),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            _ => {}
        }
    }
    out.trim_end().to_string()
}

/// A block of rich text for the Typst templates: data, never markup.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    Para {
        inlines: Vec<Inline>,
    },
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Inline {
    Text { text: String },
    Strong { inlines: Vec<Inline> },
    Emph { inlines: Vec<Inline> },
    Link { url: String, inlines: Vec<Inline> },
}

/// Parse the subset into blocks for Typst.
pub fn to_blocks(md: &str) -> Vec<Block> {
    // Stack of open containers: each frame collects blocks or inlines.
    enum Frame {
        Root(Vec<Block>),
        Para(Vec<Inline>),
        List(bool, u64, Vec<Vec<Block>>),
        Item(Vec<Block>, Vec<Inline>),
        Span(u8, String, Vec<Inline>),
    }
    fn push_inline(stack: &mut [Frame], i: Inline) {
        match stack.last_mut() {
            Some(Frame::Para(v)) | Some(Frame::Span(_, _, v)) | Some(Frame::Item(_, v)) => v.push(i),
            _ => {}
        }
    }
    fn push_block(stack: &mut [Frame], b: Block) {
        match stack.last_mut() {
            Some(Frame::Root(v)) => v.push(b),
            Some(Frame::Item(v, loose)) => {
                if !loose.is_empty() {
                    v.push(Block::Para {
                        inlines: std::mem::take(loose),
                    });
                }
                v.push(b)
            }
            _ => {}
        }
    }
    // Paragraphs never nest: a paragraph frame still open when a block starts
    // is an implicit one (text of a raw-HTML block); close it first.
    fn close_loose_paragraph(stack: &mut Vec<Frame>) {
        if matches!(stack.last(), Some(Frame::Para(_)))
            && let Some(Frame::Para(v)) = stack.pop()
        {
            push_block(stack, Block::Para { inlines: v });
        }
    }
    let mut stack = vec![Frame::Root(Vec::new())];
    for event in parser(md) {
        match event {
            Event::Start(Tag::Paragraph) => {
                close_loose_paragraph(&mut stack);
                stack.push(Frame::Para(Vec::new()))
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(Frame::Para(v)) = stack.pop() {
                    push_block(&mut stack, Block::Para { inlines: v });
                }
            }
            Event::Start(Tag::List(start)) => {
                close_loose_paragraph(&mut stack);
                stack.push(Frame::List(start.is_some(), start.unwrap_or(1), Vec::new()))
            }
            Event::End(TagEnd::List(_)) => {
                if let Some(Frame::List(o, s, items)) = stack.pop() {
                    push_block(
                        &mut stack,
                        Block::List {
                            ordered: o,
                            start: s,
                            items,
                        },
                    );
                }
            }
            Event::Start(Tag::Item) => stack.push(Frame::Item(Vec::new(), Vec::new())),
            Event::End(TagEnd::Item) => {
                if let Some(Frame::Item(mut blocks, loose)) = stack.pop() {
                    if !loose.is_empty() {
                        blocks.push(Block::Para { inlines: loose });
                    }
                    if let Some(Frame::List(_, _, items)) = stack.last_mut() {
                        items.push(blocks);
                    }
                }
            }
            Event::Start(Tag::Strong) => stack.push(Frame::Span(0, String::new(), Vec::new())),
            Event::Start(Tag::Emphasis) => stack.push(Frame::Span(1, String::new(), Vec::new())),
            Event::Start(Tag::Link { dest_url, .. }) => stack.push(Frame::Span(2, dest_url.to_string(), Vec::new())),
            Event::End(TagEnd::Strong | TagEnd::Emphasis | TagEnd::Link) => {
                if let Some(Frame::Span(k, url, inlines)) = stack.pop() {
                    let i = match k {
                        0 => Inline::Strong { inlines },
                        1 => Inline::Emph { inlines },
                        _ if safe_url(&url) => Inline::Link { url, inlines },
                        _ => Inline::Emph { inlines },
                    };
                    push_inline(&mut stack, i);
                }
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                if matches!(stack.last(), Some(Frame::Root(_))) {
                    stack.push(Frame::Para(Vec::new()));
                }
                push_inline(&mut stack, Inline::Text { text: t.to_string() })
            }
            Event::SoftBreak | Event::HardBreak => push_inline(&mut stack, Inline::Text { text: " ".into() }),
            _ => {}
        }
    }
    // Close anything left open (malformed input) from the top down.
    while stack.len() > 1 {
        match stack.pop() {
            Some(Frame::Para(v)) => push_block(&mut stack, Block::Para { inlines: v }),
            Some(Frame::Span(_, _, v)) => {
                for i in v {
                    push_inline(&mut stack, i)
                }
            }
            Some(Frame::Item(b, l)) => {
                for x in b {
                    push_block(&mut stack, x)
                }
                if !l.is_empty() {
                    push_block(&mut stack, Block::Para { inlines: l })
                }
            }
            Some(Frame::List(o, s, items)) => push_block(
                &mut stack,
                Block::List {
                    ordered: o,
                    start: s,
                    items,
                },
            ),
            _ => {}
        }
    }
    match stack.pop() {
        Some(Frame::Root(v)) => v,
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_everything_outside_the_subset() {
        assert_eq!(
            to_html("a <script>x</script> *b*"),
            "<p>a &lt;script&gt;x&lt;/script&gt; <em>b</em></p>"
        );
        assert_eq!(to_html("[x](javascript:alert(1))"), "<p>x</p>");
        assert_eq!(
            to_html("[x](https://a.org/?a=1&b=2)"),
            "<p><a href=\"https://a.org/?a=1&amp;b=2\">x</a></p>"
        );
    }

    #[test]
    fn raw_html_blocks_keep_the_text_after_them() {
        // Found by the property tests: the paragraph after a raw-HTML block was lost.
        let b = to_blocks("<script>alert(1)</script> \n a");
        let json = serde_json::to_string(&b).unwrap();
        assert!(json.contains("alert(1)") && json.contains("\"a\""), "{json}");
    }

    #[test]
    fn text_and_blocks() {
        assert_eq!(
            to_text("See [site](https://x.org).\n\n1. one\n2. two"),
            "See site (https://x.org).\n\n1. one\n2. two"
        );
        let b = to_blocks("**a** b\n\n- c");
        assert_eq!(b.len(), 2);
    }
}
