//! Text the PDF cannot show: characters that neither the bundled fonts nor
//! the workspace's `fonts/` have (rule CP0078), reported at the TOML value,
//! once per value. The HTML, Markdown and text outputs show any character;
//! only the PDF needs a font with the glyph.

use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, FileId, Sources, Span};
use crate::fonts::FontSet;
use crate::rules::Rule;

/// Characters of string values that no font of `fonts` covers, one
/// diagnostic per value; and the font files that could not be read.
pub fn uncovered(sources: &Sources, fonts: &FontSet) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (path, why) in &fonts.unreadable {
        out.push(
            Diagnostic::new(Rule::MissingGlyph, format!("the font file cannot be used: {why}"))
                .at_path(path)
                .hint("fonts/ may hold .ttf, .otf, .ttc and .otc files"),
        );
    }
    for (file, source) in sources.iter() {
        // Only TOML sources are documents; ASCII is always covered.
        if source.text.is_ascii() || !source.path.ends_with(".toml") {
            continue;
        }
        let Ok(table) = DeTable::parse(&source.text) else {
            continue;
        };
        for (_, v) in table.get_ref().iter() {
            walk(v, file, &source.text, fonts, &mut out);
        }
    }
    out
}

fn walk(v: &toml::Spanned<DeValue<'_>>, file: FileId, text: &str, fonts: &FontSet, out: &mut Vec<Diagnostic>) {
    match v.get_ref() {
        DeValue::String(s) => {
            let missing: Vec<(usize, char)> = s
                .char_indices()
                .filter(|(_, c)| !c.is_ascii() && !c.is_whitespace() && !c.is_control() && !fonts.covers(*c))
                .collect();
            let Some(&(first, c)) = missing.first() else { return };
            let mut shown: Vec<char> = missing.iter().map(|(_, c)| *c).collect();
            shown.dedup();
            let list: String = shown.iter().take(8).flat_map(|c| [*c, ' ']).collect();
            let more = if shown.len() > 8 {
                format!(" and {} more", shown.len() - 8)
            } else {
                String::new()
            };
            let span = v.span();
            let raw = text.get(span.clone()).unwrap_or("");
            let at = crate::diag::locate::raw_range(raw, first..first + c.len_utf8())
                .map(|r| span.start + r.start..span.start + r.end)
                .unwrap_or(span);
            out.push(
                Diagnostic::new(
                    Rule::MissingGlyph,
                    format!(
                        "no font can show {} in the PDF: {}{more}",
                        if shown.len() == 1 { "this character" } else { "these characters" },
                        list.trim_end()
                    ),
                )
                .at(Span::new(file, at))
                .hint("put a font that has them (e.g. a Noto font for the script) in the workspace's fonts/ folder; the HTML, Markdown and text outputs show them either way"),
            );
        }
        DeValue::Array(items) => items.iter().for_each(|x| walk(x, file, text, fonts, out)),
        DeValue::Table(t) => t.iter().for_each(|(_, x)| walk(x, file, text, fonts, out)),
        _ => {}
    }
}
