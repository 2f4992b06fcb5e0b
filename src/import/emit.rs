//! Sources written as readable TOML: a model value (through its JSON
//! form) laid out as an analyst would write it — plain keys first, then
//! tables and arrays of tables, short lists of small tables inline, long
//! text as multi-line strings wrapped at spaces, dates as TOML dates, and
//! empty or default values left out. Every file written is read back by
//! the importer's tests and must load to the same value.

use serde_json::Value;

/// Keys whose string values are TOML dates or local date-times.
const DATE_KEYS: [&str; 9] = [
    "posted",
    "revised",
    "open",
    "close",
    "start",
    "end",
    "date",
    "until",
    "effective",
];

/// Keys whose default is `true`, so `false` must be written.
const TRUE_DEFAULTS: [&str; 2] = ["valid", "federal_holidays"];

/// Tables a source must have even when every key in them is a default.
const REQUIRED_TABLES: [&str; 2] = ["application", "selection"];

/// Keys whose value equals their default and can be left out.
fn is_default(key: &str, v: &Value) -> bool {
    match v {
        Value::Object(_) if REQUIRED_TABLES.contains(&key) => false,
        Value::Null => true,
        Value::Bool(false) => !TRUE_DEFAULTS.contains(&key),
        Value::Bool(true) => TRUE_DEFAULTS.contains(&key),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty() || o.iter().all(|(k, v)| is_default(k, v)),
        Value::String(s) => matches!(
            (key, s.as_str()),
            ("parts_needed", "any")
                | ("layout", "numbered")
                | ("need", "required")
                | ("state", "active")
                | ("basis", "full-time")
                | ("job_type", "never")
        ),
        _ => false,
    }
}

fn prune(v: &Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.iter()
                .filter(|(k, v)| !is_default(k, v))
                .map(|(k, v)| (k.clone(), prune(v)))
                .filter(|(k, v)| !is_default(k, v))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(prune).collect()),
        other => other.clone(),
    }
}

fn is_date(key: &str, s: &str) -> bool {
    if !DATE_KEYS.contains(&key) {
        return false;
    }
    let b = s.as_bytes();
    (b.len() == 10 || b.len() == 19)
        && b[4] == b'-'
        && b[7] == b'-'
        && b[..4].iter().all(u8::is_ascii_digit)
        && (b.len() == 10 || b[10] == b'T')
}

fn bare_key(k: &str) -> String {
    if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        k.to_string()
    } else {
        string(k)
    }
}

/// A basic TOML string.
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A long or multi-line string: `"""` with lines wrapped at single spaces
/// (a line-ending backslash joins them back), newlines kept.
fn long_string(s: &str, width: usize) -> String {
    let mut out = String::from("\"\"\"\n");
    for (n, para) in s.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let escaped: String = para
            .chars()
            .map(|c| match c {
                '\\' => "\\\\".to_string(),
                '"' => "\\\"".to_string(),
                '\t' => "\\t".to_string(),
                c if c.is_control() => format!("\\u{:04X}", c as u32),
                c => c.to_string(),
            })
            .collect();
        let mut line = String::new();
        let bytes = escaped.as_bytes();
        let mut start = 0;
        let mut last_break = None;
        for i in 0..bytes.len() {
            // Break after a single space (not one of a run, which the
            // line-ending backslash would swallow), not inside an escape.
            if bytes[i] == b' '
                && bytes.get(i + 1).is_some_and(|b| *b != b' ')
                && (i == 0 || bytes[i - 1] != b' ')
                && (i == 0 || bytes[i - 1] != b'\\')
            {
                last_break = Some(i + 1);
            }
            if i - start >= width
                && let Some(b) = last_break.filter(|&b| b > start)
            {
                line.push_str(&escaped[start..b]);
                line.push_str("\\\n");
                start = b;
                last_break = None;
            }
        }
        line.push_str(&escaped[start..]);
        out.push_str(&line);
    }
    // A closing quote right after the text would read as part of it.
    if out.ends_with('"') {
        out.push_str("\\\n");
    }
    out.push_str("\"\"\"");
    out
}

fn scalar(key: &str, v: &Value) -> String {
    match v {
        Value::String(s) if is_date(key, s) => s.clone(),
        Value::String(s) if s.contains('\n') || s.len() > 90 => long_string(s, 96),
        Value::String(s) => string(s),
        Value::Number(n) => {
            if let Some(f) = n.as_f64()
                && f.fract() == 0.0
                && f.abs() < 1e15
            {
                format!("{}", f as i64)
            } else {
                n.to_string()
            }
        }
        Value::Bool(b) => b.to_string(),
        other => inline(key, other),
    }
}

/// A value on one line: `{ a = 1, b = "x" }`, `[1, 2]`.
fn inline(key: &str, v: &Value) -> String {
    match v {
        Value::Object(o) => {
            let parts: Vec<String> = o
                .iter()
                .map(|(k, v)| format!("{} = {}", bare_key(k), inline(k, v)))
                .collect();
            format!("{{ {} }}", parts.join(", "))
        }
        Value::Array(a) => {
            let parts: Vec<String> = a.iter().map(|x| inline(key, x)).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::String(s) if is_date(key, s) => s.clone(),
        Value::String(s) => string(s),
        other => scalar(key, other),
    }
}

fn is_table(v: &Value) -> bool {
    matches!(v, Value::Object(_))
}

fn is_table_array(v: &Value) -> bool {
    matches!(v, Value::Array(a) if !a.is_empty() && a.iter().all(is_table))
}

/// Whether an array of tables reads better inline (every table short).
fn fits_inline(key: &str, a: &[Value]) -> bool {
    a.iter().all(|x| {
        let s = inline(key, x);
        s.len() <= 110 && !s.contains("\\n")
    })
}

fn table(out: &mut String, path: &[String], o: &serde_json::Map<String, Value>) {
    // Plain keys (and inline arrays), then tables, then arrays of tables.
    for (k, v) in o {
        if is_table(v) || is_table_array(v) {
            if let Value::Array(a) = v
                && fits_inline(k, a)
            {
                out.push_str(&bare_key(k));
                out.push_str(" = [\n");
                for x in a {
                    out.push_str("  ");
                    out.push_str(&inline(k, x));
                    out.push_str(",\n");
                }
                out.push_str("]\n");
            }
            continue;
        }
        match v {
            Value::Array(a)
                if a.iter()
                    .any(|x| x.as_str().is_some_and(|s| s.len() > 60 || s.contains('\n'))) =>
            {
                out.push_str(&bare_key(k));
                out.push_str(" = [\n");
                for x in a {
                    out.push_str("  ");
                    out.push_str(&scalar(k, x));
                    out.push_str(",\n");
                }
                out.push_str("]\n");
            }
            _ => {
                out.push_str(&bare_key(k));
                out.push_str(" = ");
                out.push_str(&scalar(k, v));
                out.push('\n');
            }
        }
    }
    for (k, v) in o {
        if let Value::Object(sub) = v {
            let mut p = path.to_vec();
            p.push(bare_key(k));
            out.push_str(&format!("\n[{}]\n", p.join(".")));
            table(out, &p, sub);
        }
    }
    for (k, v) in o {
        if let Value::Array(a) = v
            && is_table_array(v)
            && !fits_inline(k, a)
        {
            let mut p = path.to_vec();
            p.push(bare_key(k));
            for x in a {
                if let Value::Object(sub) = x {
                    out.push_str(&format!("\n[[{}]]\n", p.join(".")));
                    table(out, &p, sub);
                }
            }
        }
    }
}

/// A model value as a TOML document, after `header` comment lines.
pub fn toml<T: serde::Serialize>(value: &T, header: &[String]) -> String {
    let v = serde_json::to_value(value).unwrap_or(Value::Null);
    let v = prune(&v);
    let mut out = String::new();
    for h in header {
        out.push_str("# ");
        out.push_str(h);
        out.push('\n');
    }
    if !header.is_empty() {
        out.push('\n');
    }
    if let Value::Object(o) = &v {
        table(&mut out, &[], o);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_strings_round_trip() {
        let texts = [
            "A short one.",
            "Applications must be received by THURSDAY, MAY 25, 2017.  Two  spaces and \"quotes\" and a \\ backslash, long enough to be wrapped onto several lines of the document written here.",
            "Line one\nLine two with a tab\tand more text that goes on and on and on until it has to wrap somewhere sensible.\n\n1. item",
            "ends with a quote \"",
        ];
        for t in texts {
            let doc = format!("x = {}\n", long_string(t, 40));
            let v: toml::Value = toml::from_str(&doc).unwrap_or_else(|e| panic!("{doc}\n{e}"));
            assert_eq!(v["x"].as_str(), Some(t), "{doc}");
        }
    }

    #[test]
    fn layout() {
        let v = serde_json::json!({
            "class": "la-city/1513",
            "posted": "2018-06-22",
            "basis": ["open-competitive"],
            "pay": [{ "min": 49903.0, "max": 72996.0, "unit": "annual" }],
            "application": { "how": "Apply on-line." },
            "selection": { "components": [{ "name": "Interview", "weight": 100.0 }] },
            "notes": [],
            "flag": false,
        });
        let t = toml(&v, &["made by a test".into()]);
        assert_eq!(
            t,
            "# made by a test\n\nclass = \"la-city/1513\"\nposted = 2018-06-22\nbasis = [\"open-competitive\"]\npay = [\n  { min = 49903, max = 72996, unit = \"annual\" },\n]\n\n[application]\nhow = \"Apply on-line.\"\n\n[selection]\ncomponents = [\n  { name = \"Interview\", weight = 100 },\n]\n"
        );
    }
}
