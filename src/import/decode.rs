//! Source bytes to lines: UTF-8 (with or without a byte-order mark), else
//! Windows-1252 (which the legacy bulletins were saved in; `encoding_rs`
//! decodes it, Latin-1 being its subset), with CRLF, LF and a lone CR each
//! ending a line. Each line keeps its number in the source.

/// A decoded source: its lines (without line endings or trailing
/// whitespace) and which encoding was used.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub lines: Vec<String>,
    pub encoding: &'static str,
}

/// Decode a source's bytes. Never fails: undecodable bytes cannot occur in
/// Windows-1252 (every byte maps to a character).
pub fn decode(bytes: &[u8]) -> Decoded {
    let (text, encoding) = match std::str::from_utf8(bytes) {
        Ok(t) => (t.strip_prefix('\u{feff}').unwrap_or(t).to_string(), "UTF-8"),
        Err(_) => {
            let (cow, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (cow.into_owned(), "windows-1252")
        }
    };
    Decoded {
        lines: split_lines(&text),
        encoding,
    }
}

/// Split on CRLF, LF or a lone CR; trailing whitespace removed; form feeds
/// and other control characters (but tabs) become spaces.
pub fn split_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(std::mem::take(&mut cur).trim_end().to_string());
            }
            '\n' => out.push(std::mem::take(&mut cur).trim_end().to_string()),
            '\t' => cur.push('\t'),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => cur.push(' '),
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur.trim_end().to_string());
    }
    out
}

/// A line with its tabs and runs of spaces collapsed to one space, trimmed.
pub fn squeeze(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.trim().chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_and_encodings() {
        assert_eq!(split_lines("a\r\nb\rc\nd"), ["a", "b", "c", "d"]);
        assert_eq!(split_lines("a  \r\n\r\n"), ["a", ""]);
        let d = decode(b"r\xe9sum\xe9\r\n");
        assert_eq!(d.lines, ["résumé"]);
        assert_eq!(d.encoding, "windows-1252");
        let d = decode("\u{feff}x\n".as_bytes());
        assert_eq!((d.lines.as_slice(), d.encoding), (&["x".to_string()][..], "UTF-8"));
        assert_eq!(squeeze("\t a \t b  "), "a b");
    }
}
