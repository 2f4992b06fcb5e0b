//! The applicant-facing words of a source file, each with where it is.
//!
//! Prose is found by walking the file's TOML (every value keeps its byte
//! span, so a finding points at the words themselves, through quotes and
//! escapes): the values of the prose keys (`summary`, `duties`, `text`,
//! `notes`, ...), and under `requirements` every phrase the route
//! sentences are made of. Markdown is reduced to plain text with a map
//! back to the source string; blocks (paragraphs, list items, array
//! elements) never share a sentence.

use std::ops::Range;

use serde_spanned::Spanned;
use toml::de::{DeTable, DeValue};

/// Keys whose string values (or arrays of strings, or tables' `text`)
/// applicants read as sentences.
const PROSE_KEYS: &[&str] = &[
    "summary",
    "distinguishing_features",
    "supervision_received",
    "supervision_exercised",
    "duties_intro",
    "duties",
    "more_duties",
    "text",
    "intro",
    "knowledge",
    "skills",
    "abilities",
    "qualifications_intro",
    "substitution",
    "physical_requirements",
    "notes",
    "sections",
    "how",
    "after_deadline",
    "deadline_intro",
    "salary_notes",
    "process_notes",
    "areas",
    "basis_text",
    "open_to",
    "agency_uses_intro",
    "agency_uses",
    "wording",
    "experience_note",
    "after",
    "before",
    "application",
    "selection",
    "selective_certification",
    "questionnaire",
];

/// Keys under a prose key whose values are not sentences: identifiers,
/// enumerations, headings, analysts' notes.
const NOT_PROSE: &[&str] = &[
    "title",
    "id",
    "kind",
    "type",
    "name",
    "agency",
    "weight",
    "weights_label",
    "url",
    "options",
    "disqualifying",
    "reason",
    "test",
    "window_test",
    "received_by",
    "label",
    "expression",
    "class",
    "unit",
    "basis",
    "layout",
    "parts_needed",
    "at",
    "need",
    "wrong",
    "right",
];

/// Keys under `requirements` whose strings are not words of the route
/// sentences.
const NOT_REQUIREMENT_WORDS: &[&str] = &[
    "expression",
    "class",
    "type",
    "unit",
    "basis",
    "layout",
    "parts_needed",
    "at",
    "need",
    "reason",
    "level",
];

/// What part of a document a piece of prose is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Sentences: measured for readability and checked word by word.
    Prose,
    /// A phrase of a requirement (`kind`, `doing`, `major`, ...): checked
    /// word by word; the route sentence made from it is measured instead.
    Fragment,
    /// The physical requirements (the accommodation rule looks here).
    Physical,
}

/// One string value of a source file that applicants read.
#[derive(Debug, Clone)]
pub struct Value {
    /// Key path, e.g. `duties[3]`, `selection.after[0].text`.
    pub path: String,
    /// The decoded string (Markdown source).
    pub text: String,
    /// Its raw token's byte range in the file (quotes included).
    pub span: Range<usize>,
    pub role: Role,
}

/// Every prose value of a class spec or bulletin, in file order.
pub fn values(text: &str) -> Vec<Value> {
    let Ok(table) = DeTable::parse(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk_table(table.get_ref(), "", Ctx::Outside, &mut out);
    out.sort_by_key(|v| v.span.start);
    out
}

/// The boilerplate blocks' texts of a jurisdiction file (`blocks.<id>.text`),
/// with the block id as the path's second part.
pub fn block_values(text: &str) -> Vec<Value> {
    let Ok(table) = DeTable::parse(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(DeValue::Table(blocks)) = table.get_ref().get("blocks").map(|v| v.get_ref()) {
        walk_table(blocks, "blocks", Ctx::Prose(Role::Prose), &mut out);
    }
    out.sort_by_key(|v| v.span.start);
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Ctx {
    Outside,
    Prose(Role),
    Requirements,
}

fn walk_table(t: &DeTable<'_>, path: &str, ctx: Ctx, out: &mut Vec<Value>) {
    for (k, v) in t.iter() {
        let key = k.get_ref().as_ref();
        let child_path = if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        };
        let child = match ctx {
            Ctx::Outside if key == "requirements" || key == "desirable" || key == "superseded" => Ctx::Requirements,
            Ctx::Outside if key == "physical_requirements" => Ctx::Prose(Role::Physical),
            Ctx::Outside if PROSE_KEYS.contains(&key) => Ctx::Prose(Role::Prose),
            Ctx::Outside => Ctx::Outside,
            Ctx::Prose(_) if NOT_PROSE.contains(&key) => continue,
            Ctx::Prose(r) => Ctx::Prose(r),
            Ctx::Requirements if NOT_REQUIREMENT_WORDS.contains(&key) => continue,
            // A class named in a requirement: its title is the plan's, not prose.
            Ctx::Requirements if key == "in_classes" || key == "at_level_of" => continue,
            // The requirement's own notes and wording are sentences.
            Ctx::Requirements if key == "notes" || key == "intro" || key == "wording" => Ctx::Prose(Role::Prose),
            Ctx::Requirements => Ctx::Requirements,
        };
        walk_value(v, &child_path, child, out);
    }
}

fn walk_value(v: &Spanned<DeValue<'_>>, path: &str, ctx: Ctx, out: &mut Vec<Value>) {
    match v.get_ref() {
        DeValue::String(s) => {
            let role = match ctx {
                Ctx::Outside => return,
                Ctx::Prose(r) => r,
                Ctx::Requirements => Role::Fragment,
            };
            if s.trim().is_empty() {
                return;
            }
            out.push(Value {
                path: path.to_string(),
                text: s.to_string(),
                span: v.span(),
                role,
            });
        }
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk_value(item, &format!("{path}[{i}]"), ctx, out);
            }
        }
        DeValue::Table(t) => walk_table(t, path, ctx, out),
        _ => {}
    }
}

/// A run of plain text that sentences do not cross (a paragraph, a list
/// item, a heading), with the source string's byte offset of each of its
/// bytes' runs.
#[derive(Debug, Clone, Default)]
pub struct Block {
    pub text: String,
    /// `(plain start, source start, length)`: plain `text[p..p+n]` is the
    /// source string's `[s..s+n]`. Bytes not covered (inserted spaces) map
    /// to the nearest run.
    runs: Vec<(usize, usize, usize)>,
}

impl Block {
    fn push(&mut self, s: &str, source_start: Option<usize>) {
        if let Some(src) = source_start {
            self.runs.push((self.text.len(), src, s.len()));
        }
        self.text.push_str(s);
    }

    /// The source string's byte range of plain `r`.
    pub fn source_range(&self, r: Range<usize>) -> Option<Range<usize>> {
        let map = |at: usize, end: bool| -> Option<usize> {
            let mut best = None;
            for &(p, s, n) in &self.runs {
                if at >= p && at <= p + n {
                    if at == p + n && !end && at < self.text.len() {
                        // The next run may start here.
                        best = Some(s + n);
                        continue;
                    }
                    return Some(s + (at - p));
                }
                if p <= at {
                    best = Some(s + n);
                }
            }
            best
        };
        let start = map(r.start, false)?;
        let end = map(r.end, true)?.max(start);
        Some(start..end)
    }
}

/// A link of the Markdown: its text's range in its block, and target.
#[derive(Debug, Clone)]
pub struct Link {
    pub block: usize,
    pub range: Range<usize>,
    pub url: String,
}

/// A string's plain text: blocks and links.
#[derive(Debug, Clone, Default)]
pub struct Plain {
    pub blocks: Vec<Block>,
    pub links: Vec<Link>,
}

/// Markdown (the subset `check` allows) to plain text by blocks.
pub fn plain(md: &str) -> Plain {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = Plain::default();
    let mut cur = Block::default();
    let mut link: Option<(usize, String)> = None;
    let flush = |cur: &mut Block, out: &mut Plain| {
        if !cur.text.trim().is_empty() {
            out.blocks.push(std::mem::take(cur));
        } else {
            *cur = Block::default();
        }
    };
    for (ev, range) in Parser::new(md).into_offset_iter() {
        match ev {
            Event::Text(t) | Event::Code(t) => {
                let src = md.get(range.clone()).filter(|s| *s == &*t).map(|_| range.start);
                cur.push(&t, src);
            }
            Event::SoftBreak => cur.push(" ", None),
            Event::HardBreak => flush(&mut cur, &mut out),
            Event::Start(Tag::Link { dest_url, .. }) => {
                link = Some((cur.text.len(), dest_url.to_string()));
            }
            Event::End(TagEnd::Link) => {
                if let Some((start, url)) = link.take() {
                    out.links.push(Link {
                        block: out.blocks.len(),
                        range: start..cur.text.len(),
                        url,
                    });
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::TableCell)
            | Event::Start(Tag::Item | Tag::List(_)) => flush(&mut cur, &mut out),
            Event::Html(h) | Event::InlineHtml(h) => {
                let src = md.get(range.clone()).filter(|s| *s == &*h).map(|_| range.start);
                cur.push(&h, src);
            }
            _ => {}
        }
    }
    flush(&mut cur, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_keys_are_found_with_their_spans() {
        let text = "code = \"1\"\ntitle = \"Clerk\"\nsummary = \"Does \\\"things\\\".\"\nduties = [\"Files.\", \"Types.\"]\n[requirements]\nexpression = \"1\"\n[[requirements.routes]]\nitems = [{ type = \"experience\", kind = \"clerical work\", in_classes = [{ title = \"Clerk\" }] }]\n[[selection.after]]\ntitle = \"NOTES\"\ntext = \"Be on time.\"\n";
        let v = values(text);
        let got: Vec<(&str, &str, Role)> = v.iter().map(|v| (v.path.as_str(), v.text.as_str(), v.role)).collect();
        assert_eq!(
            got,
            vec![
                ("summary", "Does \"things\".", Role::Prose),
                ("duties[0]", "Files.", Role::Prose),
                ("duties[1]", "Types.", Role::Prose),
                ("requirements.routes[0].items[0].kind", "clerical work", Role::Fragment),
                ("selection.after[0].text", "Be on time.", Role::Prose),
            ]
        );
        assert_eq!(&text[v[1].span.clone()], "\"Files.\"");
    }

    #[test]
    fn markdown_becomes_blocks_with_a_map_back() {
        let md = "See [the form](http://x.org/f.pdf) *now*.\n\n1. First item\n2. Second";
        let p = plain(md);
        let texts: Vec<&str> = p.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, vec!["See the form now.", "First item", "Second"]);
        assert_eq!(p.links.len(), 1);
        let b = &p.blocks[0];
        let r = p.links[0].range.clone();
        assert_eq!(&b.text[r.clone()], "the form");
        let src = b.source_range(r).unwrap();
        assert_eq!(&md[src], "the form");
        let src = b.source_range(13..16).unwrap();
        assert_eq!(&md[src], "now");
    }
}
