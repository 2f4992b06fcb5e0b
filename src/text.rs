//! Small text utilities shared by every stage: normalising text for
//! comparison, and escaping text from sources for the places it goes
//! (HTML, JSON inside HTML, CSV cells, the terminal).
//!
//! Architecture invariant: this module depends on nothing else in the
//! crate; validate, derive, compare and render all use it, so none of them
//! has to import another for a string function.

/// `n` and the noun, plural unless `n` is one ("1 PDF", "3 PDFs").
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Lower-case, letters and digits only, single spaces.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let word = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        };
        if word {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            space = true;
        }
    }
    out
}

/// Escape text for HTML element content and attribute values. Control
/// characters (which HTML forbids) become U+FFFD.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Escape text for XML content and attribute values (GraphML, SVG): as
/// for HTML, and the noncharacters XML 1.0 forbids become U+FFFD too.
pub fn escape_xml(s: &str) -> String {
    escape_html(s).replace(['\u{FFFE}', '\u{FFFF}'], "\u{FFFD}")
}

/// JSON text made safe to embed in an HTML `<script>` element: `<`, `>`,
/// `&` and the line separators U+2028/U+2029 are written as `\u` escapes.
/// Those characters only occur inside JSON strings, where the escape means
/// the same character, so the JSON value is unchanged; but no `</script>`,
/// `<!--` or `<script` can appear in the element's text.
pub fn json_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// A CSV cell that a spreadsheet will not run as a formula: a value
/// starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading
/// apostrophe (OWASP's advice for CSV injection). Numbers are left alone.
pub fn csv_cell(s: &str) -> std::borrow::Cow<'_, str> {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err();
    if risky {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Text from sources made safe to print on a terminal: control characters
/// (ESC, which starts colour and cursor sequences, BEL, backspace, ...) and
/// the bidirectional overrides that can reorder what a reader sees are
/// shown as `\u{..}` escapes; newlines and tabs are kept when `multiline`.
pub fn terminal_safe(s: &str, multiline: bool) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c.is_control() && !(multiline && (c == '\n' || c == '\t')))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if bad(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// At most `n` characters of `s`, with "…" when cut.
pub fn clip_chars(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes() {
        assert_eq!(
            normalize("  Checks and verifies billing orders;"),
            "checks and verifies billing orders"
        );
    }

    #[test]
    fn json_in_script_has_no_markup() {
        let json = serde_json::to_string(&serde_json::json!({"a": "</script><!--<script>&\u{2028}"})).unwrap();
        let safe = json_for_script(&json);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        assert!(!safe.contains('\u{2028}') && safe.contains("\\u2028"), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["a"], "</script><!--<script>&\u{2028}");
    }

    #[test]
    fn csv_and_terminal() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell("-12.5"), "-12.5");
        assert_eq!(csv_cell("Clerk"), "Clerk");
        assert_eq!(terminal_safe("a\u{1b}[31mb", false), "a\\u{1b}[31mb");
        assert_eq!(terminal_safe("a\nb", true), "a\nb");
        assert_eq!(terminal_safe("a\nb", false), "a\\u{a}b");
    }
}
