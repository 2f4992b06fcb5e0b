//! Identifiers: every source value that becomes a file name, a path
//! segment, a URL fragment or a key in published JSON (jurisdiction ids,
//! class codes, bulletin ids, question ids).
//!
//! The safe set is documented in docs/format.md: 1 to 64 ASCII letters,
//! digits, `-`, `_` and `.`, starting and ending with a letter or digit, no
//! `..`, and not a name Windows reserves (`CON`, `NUL`, `COM1`, ...). Such a
//! value can never name a parent directory, a hidden file, a subdirectory
//! or a URL with a query or fragment, whatever the platform. Uniqueness is
//! case-insensitive (macOS and Windows file systems fold case); the rules
//! that compare identifiers use [`Id::folded`].

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The longest identifier accepted.
pub const MAX_LEN: usize = 64;

/// The JSON Schema `format` of identifier fields; the structure checker
/// validates it with [`check`].
pub const FORMAT: &str = "classplan-identifier";

/// Names Windows reserves for devices, with or without an extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2",
    "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Why `s` is not an identifier, or `Ok`.
pub fn check(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Err("is empty".into());
    }
    if s.len() > MAX_LEN {
        return Err(format!("is {} characters long (at most {MAX_LEN})", s.chars().count()));
    }
    if let Some(c) = s
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(format!(
            "contains {}; use ASCII letters, digits, `-`, `_` and `.`",
            describe_char(c)
        ));
    }
    let (first, last) = (s.as_bytes()[0], s.as_bytes()[s.len() - 1]);
    if !first.is_ascii_alphanumeric() || !last.is_ascii_alphanumeric() {
        return Err("must start and end with a letter or digit".into());
    }
    if s.contains("..") {
        return Err("contains `..`".into());
    }
    let stem = s.split('.').next().unwrap_or(s).to_ascii_lowercase();
    if RESERVED.contains(&stem.as_str()) {
        return Err(format!("`{stem}` is a device name on Windows"));
    }
    Ok(())
}

fn describe_char(c: char) -> String {
    match c {
        '/' | '\\' => format!("a path separator `{c}`"),
        ' ' => "a space".into(),
        c if c.is_control() => format!("a control character (U+{:04X})", c as u32),
        c => format!("`{c}`"),
    }
}

/// A validated identifier.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(String);

impl Id {
    /// Validate `s`.
    pub fn new(s: impl Into<String>) -> Result<Id, String> {
        let s = s.into();
        check(&s)?;
        Ok(Id(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form two identifiers are compared in for uniqueness.
    pub fn folded(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}

impl From<Id> for String {
    fn from(id: Id) -> String {
        id.0
    }
}

impl std::ops::Deref for Id {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Id::new(s.clone()).map_err(|why| serde::de::Error::custom(format!("`{s}` is not an identifier: it {why}")))
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl JsonSchema for Id {
    fn schema_name() -> Cow<'static, str> {
        "Identifier".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": FORMAT,
            "minLength": 1,
            "maxLength": MAX_LEN,
            "pattern": "^(?!.*\\.\\.)[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$",
            "description": "An identifier: ASCII letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit (it becomes part of file names and links)."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_codes_and_refuses_paths() {
        for ok in ["1229", "css2", "la-city", "la-city-1229-2025", "A123.5", "x_y"] {
            assert!(check(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "../../victim/package",
            "a/b",
            ".hidden",
            "x y#?%",
            "a..b",
            "trailing-",
            "CON",
            "nul.txt",
            "é",
            "a\u{1b}b",
        ] {
            assert!(check(bad).is_err(), "{bad:?}");
        }
        assert!(check(&"a".repeat(65)).is_err());
        assert_eq!(Id::new("Testville").unwrap().folded(), "testville");
    }
}
