//! Text the PDF cannot show: characters that neither the bundled fonts nor
//! the workspace's `fonts/` have (rule CP0078), reported at the TOML value,
//! once per value. The HTML, Markdown and text outputs show any character;
//! only the PDF needs a font with the glyph.

use std::path::PathBuf;

use rustc_hash::FxHashSet;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, FileId, Sources, Span};
use crate::fonts::FontSet;
use crate::rules::Rule;
use crate::validate::texts::{TextMemo, scan_all};

/// Characters of string values that neither the bundled fonts nor those in
/// `font_dirs` cover, one diagnostic per value; and the font files there
/// that could not be read. The fonts are loaded only when something needs
/// them (a font folder, whose files are checked, or a source beyond
/// ASCII), and a source is parsed only when its text has a character no
/// font covers: a plan whose text the fonts show costs one scan of each
/// text that is not ASCII.
pub fn uncovered(sources: &Sources, font_dirs: &[PathBuf]) -> Vec<Diagnostic> {
    uncovered_kept(sources, font_dirs, None)
}

/// Which texts have a character no font covers, kept by a long-running
/// process (`serve`) for the next check: for the same font folders, an
/// unchanged text is not scanned again.
#[derive(Default)]
pub struct Memo {
    font_dirs: Vec<PathBuf>,
    texts: TextMemo<bool>,
}

/// [`uncovered`], taking from `memo` (when given) which unchanged texts
/// have a character no font covers.
pub fn uncovered_kept(sources: &Sources, font_dirs: &[PathBuf], memo: Option<&mut Memo>) -> Vec<Diagnostic> {
    let loaded = std::sync::OnceLock::new();
    let fonts = || *loaded.get_or_init(|| crate::fonts::shared(font_dirs));
    let mut out = Vec::new();
    if !font_dirs.is_empty() {
        for (path, why) in &fonts().unreadable {
            out.push(
                Diagnostic::new(Rule::MissingGlyph, format!("the font file cannot be used: {why}"))
                    .at_path(path)
                    .hint("fonts/ may hold .ttf, .otf, .ttc and .otc files"),
            );
        }
    }
    // Only TOML sources are documents; ASCII is always covered.
    let documents: Vec<(FileId, &crate::diag::SourceFile)> =
        sources.iter().filter(|(_, s)| s.path.ends_with(".toml")).collect();
    let texts: Vec<&std::sync::Arc<str>> = documents.iter().map(|(_, s)| &s.text).collect();
    // The fonts a folder list makes never change (`fonts::shared`): what
    // was found for the same folders holds.
    let memo = memo.map(|m| {
        if m.font_dirs != font_dirs {
            m.texts.clear();
            m.font_dirs = font_dirs.to_vec();
        }
        &mut m.texts
    });
    let found = scan_all(memo, &texts, |text| !text.is_ascii() && has_uncovered(text, fonts()));
    for ((file, source), _) in documents.iter().zip(found).filter(|(_, found)| *found) {
        let (file, fonts) = (*file, fonts());
        let Ok(table) = DeTable::parse(&source.text) else {
            continue;
        };
        for (_, v) in table.get_ref().iter() {
            walk(v, file, &source.text, fonts, &mut out);
        }
    }
    out
}

/// Whether a character of `text` (comments and keys included) needs a
/// glyph no font of `fonts` has; each character is looked up once.
fn has_uncovered(text: &str, fonts: &FontSet) -> bool {
    let mut seen = FxHashSet::default();
    beyond_ascii(text)
        .filter(|&c| needs_glyph(c))
        .any(|c| seen.insert(c) && !fonts.covers(c))
}

/// The characters of `text` beyond ASCII, in order. Runs of ASCII (most
/// of a source) are passed over a block at a time.
fn beyond_ascii(text: &str) -> impl Iterator<Item = char> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            let block = bytes.get(at..bytes.len().min(at + 64))?;
            if block.is_empty() || !block.is_ascii() {
                break;
            }
            at += block.len();
        }
        // A byte beyond ASCII after ASCII ones starts a character.
        at += bytes.get(at..)?.iter().position(|b| !b.is_ascii())?;
        let c = text.get(at..)?.chars().next()?;
        at += c.len_utf8();
        Some(c)
    })
}

/// Whether `c` is shown with a glyph the bundled or workspace fonts must
/// have (ASCII always is; whitespace and control characters show none).
fn needs_glyph(c: char) -> bool {
    !c.is_ascii() && !c.is_whitespace() && !c.is_control()
}

fn walk(v: &toml::Spanned<DeValue<'_>>, file: FileId, text: &str, fonts: &FontSet, out: &mut Vec<Diagnostic>) {
    match v.get_ref() {
        DeValue::String(s) => {
            let missing: Vec<(usize, char)> = s
                .char_indices()
                .filter(|&(_, c)| needs_glyph(c) && !fonts.covers(c))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn found(texts: &[(&str, &str)]) -> Vec<Diagnostic> {
        let mut sources = Sources::default();
        for (path, text) in texts {
            sources.add(path.to_string(), *text);
        }
        uncovered(&sources, &[])
    }

    /// Text the bundled fonts show (accents, dashes, curly quotes) is not
    /// reported, whether in values, keys or comments; a character no font
    /// has is reported where it is, in a value nested anywhere, and only
    /// there (not in a comment, not in a file that is not a source).
    #[test]
    fn only_characters_no_font_has_are_reported_where_they_are() {
        let shown = "title = \"Café Manager — Level 1\"\n# révisé\nduties = [\"Reviews the city’s “plans”\"]\n";
        assert!(found(&[("specs/x/classes/1.toml", shown)]).is_empty());
        let fonts = crate::fonts::shared(&[]);
        assert!(!has_uncovered(shown, fonts));

        // Hangul: no bundled font has it.
        let odd = "title = \"Clerk\"\n# 고 in a comment\n[[routes]]\nitems = [{ kind = \"a 고 b\" }]\n";
        assert!(has_uncovered(odd, fonts));
        let ds = found(&[("specs/x/classes/2.toml", odd), ("specs/x/notes.md", "고")]);
        assert_eq!(ds.len(), 1, "{ds:?}");
        let at = ds[0].span.as_ref().unwrap().range.clone();
        assert_eq!(&odd[at], "고");
        assert!(ds[0].message.contains("this character"), "{}", ds[0].message);
    }

    proptest::proptest! {
        /// The characters beyond ASCII are every one `chars` gives, in
        /// order, wherever they fall against the blocks passed over
        /// (texts long enough to cross several, made of ASCII runs and
        /// characters of every UTF-8 length).
        #[test]
        fn beyond_ascii_finds_what_chars_finds(
            parts in proptest::collection::vec(("[ -~]{0,90}", proptest::option::of(proptest::char::any())), 0..12)
        ) {
            let text: String = parts.iter().flat_map(|(a, c)| a.chars().chain(*c)).collect();
            let want: Vec<char> = text.chars().filter(|c| !c.is_ascii()).collect();
            proptest::prop_assert_eq!(beyond_ascii(&text).collect::<Vec<_>>(), want);
        }
    }
}
