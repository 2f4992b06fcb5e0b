//! Where a piece of a TOML string value is in its source: maps byte ranges
//! of the decoded string back to the raw text, through quotes, escapes
//! (`\"`, `\u00e9`, ...), a multi-line string's leading newline and
//! line-ending backslashes. Diagnostics about text inside a string (a
//! misspelt word, a malformed expression) point at the word itself.

use std::ops::Range;

/// For a raw TOML string token (quotes included), the raw offset of every
/// decoded byte boundary: `map[i]` is where decoded byte `i` starts in
/// `raw`, and `map[len]` where the closing quotes start. `None` when `raw`
/// is not a string token.
fn offsets(raw: &str) -> Option<Vec<usize>> {
    let b = raw.as_bytes();
    let (quote, multi) = if raw.starts_with("\"\"\"") {
        (b'"', true)
    } else if raw.starts_with("'''") {
        (b'\'', true)
    } else if raw.starts_with('"') {
        (b'"', false)
    } else if raw.starts_with('\'') {
        (b'\'', false)
    } else {
        return None;
    };
    let open = if multi { 3 } else { 1 };
    let close = if multi { 3 } else { 1 };
    if raw.len() < open + close {
        return None;
    }
    let end = raw.len() - close;
    let mut i = open;
    // A newline right after the opening delimiter is not part of the value.
    if multi {
        if raw[i..].starts_with("\r\n") {
            i += 2;
        } else if raw[i..].starts_with('\n') {
            i += 1;
        }
    }
    let mut map = Vec::with_capacity(end - i + 1);
    let literal = quote == b'\'';
    while i < end {
        let c = raw[i..].chars().next()?;
        if literal || c != '\\' {
            // One raw char decodes to itself.
            for _ in 0..c.len_utf8() {
                map.push(i);
            }
            i += c.len_utf8();
            continue;
        }
        // An escape.
        let next = *b.get(i + 1)?;
        match next {
            b'b' | b't' | b'n' | b'f' | b'r' | b'"' | b'\\' | b'e' => {
                map.push(i);
                i += 2;
            }
            b'x' | b'u' | b'U' => {
                let digits = match next {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let hex = raw.get(i + 2..i + 2 + digits)?;
                let ch = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
                for _ in 0..ch.len_utf8() {
                    map.push(i);
                }
                i += 2 + digits;
            }
            // A line-ending backslash: it and the whitespace after it vanish.
            b' ' | b'\t' | b'\r' | b'\n' if multi => {
                i += 1;
                while i < end && matches!(b[i], b' ' | b'\t' | b'\r' | b'\n') {
                    i += 1;
                }
            }
            _ => return None,
        }
    }
    map.push(end);
    Some(map)
}

/// The raw range, inside `raw` (a string token), of the decoded byte range
/// `decoded`; `None` when it cannot be mapped.
pub fn raw_range(raw: &str, decoded: Range<usize>) -> Option<Range<usize>> {
    let map = offsets(raw)?;
    let start = *map.get(decoded.start)?;
    let end = if decoded.end == decoded.start {
        start
    } else {
        // End just after the last decoded byte's raw character.
        let last = *map.get(decoded.end - 1)?;
        raw[last..].chars().next().map_or(last, |c| {
            if c == '\\' {
                // An escape: up to the next decoded byte's position.
                map.get(decoded.end).copied().unwrap_or(last + 1)
            } else {
                last + c.len_utf8()
            }
        })
    };
    Some(start..end.max(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, decoded: &str, needle: &str) {
        let at = decoded.find(needle).unwrap();
        let r = raw_range(raw, at..at + needle.len()).unwrap();
        assert_eq!(&raw[r.clone()], needle, "{raw:?} → {r:?}");
    }

    #[test]
    fn maps_through_every_kind_of_string() {
        check(r#""Deal tactually""#, "Deal tactually", "tactually");
        check(r#""caf\u00e9 \"tactually\"""#, "café \"tactually\"", "tactually");
        check(
            "\"\"\"\nfirst line \\\n   then tactually\"\"\"",
            "first line then tactually",
            "tactually",
        );
        check("'''\nraw \\n tactually'''", "raw \\n tactually", "tactually");
        check("'lit tactually'", "lit tactually", "tactually");
        // An escaped character itself.
        let raw = r#""a\u00e9b""#;
        assert_eq!(&raw[raw_range(raw, 1..3).unwrap()], "\\u00e9");
        assert!(raw_range("12", 0..1).is_none());
    }
}
