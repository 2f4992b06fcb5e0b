//! Structural check of one parsed TOML document against its JSON Schema:
//! unknown keys (with "did you mean"), missing keys, wrong types, bad
//! dates. Reports every problem in the document, not just the first.
//!
//! The schemas are generated once per process; each of their nodes is
//! compiled once into a [`Node`] (references resolved, keywords looked up),
//! and key paths for messages are built only when there is a message.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use serde_json::{Map, Value};
use serde_spanned::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, FileId, Span, did_you_mean};
use crate::model::common::toml_date;
use crate::model::ident;
use crate::rules::Rule;
use crate::schema::SourceKind;

/// Keys the format once named otherwise: `(old, new)`. A file written for
/// an earlier version gets the new name as its fix (the rest of the file
/// is checked as if renamed).
const RENAMED: &[(&str, &str, &str)] = &[
    // Education units became semester units beside quarter units.
    ("units", "semester_units", ""),
    // A license's free-text `when` ("prior to appointment") became the
    // stage `at` ("appointment").
    (
        "when",
        "at",
        ", with the stage as its value: `at = \"appointment\"` for \"prior to appointment\" (or `filing`, `selection`, `hire`)",
    ),
];
/// A schema node with its `$ref` resolved and its keywords looked up.
#[derive(Clone)]
struct Node {
    /// The resolved schema.
    schema: &'static Value,
    /// `anyOf`/`oneOf` alternatives, resolved, without `null`.
    alts: Option<Vec<&'static Value>>,
    /// For alternatives that are internally tagged enums: the tag key and
    /// each alternative's tag value.
    tag: Option<(String, Vec<(&'static str, &'static Value)>)>,
    types: Vec<String>,
    format: Option<&'static str>,
    props: Option<&'static Map<String, Value>>,
    additional: Option<&'static Value>,
    required: Vec<&'static str>,
    items: Option<&'static Value>,
    allowed: Option<Vec<&'static str>>,
    minimum: Option<f64>,
    maximum: Option<f64>,
}

fn resolve(root: &'static Value, mut s: &'static Value) -> &'static Value {
    for _ in 0..32 {
        match s.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let name = r.rsplit('/').next().unwrap_or("");
                match root.get("$defs").and_then(|d| d.get(name)) {
                    Some(t) => s = t,
                    None => return s,
                }
            }
            None => return s,
        }
    }
    s
}

impl Node {
    fn compile(root: &'static Value, s: &'static Value) -> Node {
        let schema = resolve(root, s);
        let alts: Option<Vec<&'static Value>> = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Value::as_array)
            .map(|alts| {
                alts.iter()
                    .map(|a| resolve(root, a))
                    .filter(|a| a.get("type").and_then(Value::as_str) != Some("null"))
                    .collect()
            });
        let tag = alts.as_deref().and_then(|alts| {
            let name = discriminator(alts)?;
            let consts = alts
                .iter()
                .filter_map(|a| {
                    a.pointer(&format!("/properties/{name}/const"))
                        .and_then(Value::as_str)
                        .map(|c| (c, *a))
                })
                .collect();
            Some((name, consts))
        });
        let allowed = if let Some(c) = schema.get("const").and_then(Value::as_str) {
            Some(vec![c])
        } else {
            schema
                .get("enum")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
        };
        Node {
            schema,
            alts,
            tag,
            types: types_of(schema),
            format: schema.get("format").and_then(Value::as_str),
            props: schema.get("properties").and_then(Value::as_object),
            additional: schema.get("additionalProperties"),
            required: schema
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default(),
            items: schema.get("items"),
            allowed,
            minimum: schema.get("minimum").and_then(Value::as_f64),
            maximum: schema.get("maximum").and_then(Value::as_f64),
        }
    }
}

/// Hashes a node's address as it is: addresses are already unique and
/// well spread, and this lookup runs for every value of every document.
#[derive(Default)]
struct AddressHasher(u64);

impl std::hash::Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_usize(&mut self, n: usize) {
        // Objects are at least 8-byte aligned; mix the high bits in.
        self.0 = (n as u64 >> 3).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type NodeMap = HashMap<usize, Node, std::hash::BuildHasherDefault<AddressHasher>>;

/// Every object in every schema, compiled, by address.
fn nodes() -> &'static NodeMap {
    static NODES: OnceLock<NodeMap> = OnceLock::new();
    NODES.get_or_init(|| {
        let mut map = NodeMap::default();
        fn visit(root: &'static Value, v: &'static Value, map: &mut NodeMap) {
            match v {
                Value::Object(o) => {
                    map.insert(v as *const Value as usize, Node::compile(root, v));
                    o.values().for_each(|c| visit(root, c, map));
                }
                Value::Array(a) => a.iter().for_each(|c| visit(root, c, map)),
                _ => {}
            }
        }
        for kind in SourceKind::ALL {
            let root = kind.schema();
            visit(root, root, &mut map);
        }
        map
    })
}

/// Where a value is in its document (`duties[2].text`), built lazily.
#[derive(Clone, Copy)]
enum KeyPath<'p> {
    Root,
    Key(&'p KeyPath<'p>, &'p str),
    Index(&'p KeyPath<'p>, usize),
}

impl KeyPath<'_> {
    fn is_root(&self) -> bool {
        matches!(self, KeyPath::Root)
    }
}

impl fmt::Display for KeyPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyPath::Root => Ok(()),
            KeyPath::Key(p, k) if p.is_root() => f.write_str(k),
            KeyPath::Key(p, k) => write!(f, "{p}.{k}"),
            KeyPath::Index(p, i) => write!(f, "{p}[{i}]"),
        }
    }
}

pub struct Checker<'a> {
    root: &'static Value,
    nodes: &'static NodeMap,
    file: FileId,
    text: &'a str,
    /// Structural problems: the document cannot be deserialized.
    pub diags: Vec<Diagnostic>,
    /// Problems inside string values (Markdown subset, spelling, typed
    /// dates): reported, but the document still loads.
    pub lints: Vec<Diagnostic>,
    /// How to make a document with structural errors deserializable anyway.
    pub repairs: Repairs,
    /// How many of `diags` are unknown keys (which a repair removes exactly).
    unknown: usize,
    /// Words the document declares wrong in its `corrections` (lower
    /// case): known misspellings of these are acknowledged, not reported.
    acknowledged: Vec<String>,
}

/// A step into a document: a key of a table or an index of an array.
#[derive(Clone, Debug, PartialEq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// How a document with structural errors can still be read, so that its
/// semantic errors are reported too: misspelt keys read under the name
/// they were meant as, other unknown keys ignored, and top-level entries
/// that hold any other structural error left out.
#[derive(Debug, Default)]
pub struct Repairs {
    /// (the table's path, the key as written, the key it was meant as).
    pub renames: Vec<(Vec<Seg>, String, String)>,
    /// (the table's path, an unknown key).
    pub removals: Vec<(Vec<Seg>, String)>,
    /// Top-level keys whose values hold other structural errors.
    pub broken: Vec<String>,
    /// The root itself lacks a required key: no repair can help.
    pub fatal: bool,
}

impl KeyPath<'_> {
    fn segs(&self) -> Vec<Seg> {
        let mut out = Vec::new();
        let mut cur = self;
        loop {
            match cur {
                KeyPath::Root => break,
                KeyPath::Key(p, k) => {
                    out.push(Seg::Key(k.to_string()));
                    cur = p;
                }
                KeyPath::Index(p, i) => {
                    out.push(Seg::Index(*i));
                    cur = p;
                }
            }
        }
        out.reverse();
        out
    }
}

impl<'a> Checker<'a> {
    pub fn new(root: &'static Value, file: FileId, text: &'a str) -> Self {
        Self {
            root,
            nodes: nodes(),
            file,
            text,
            diags: Vec::new(),
            lints: Vec::new(),
            repairs: Repairs::default(),
            unknown: 0,
            acknowledged: Vec::new(),
        }
    }

    pub fn check_document(&mut self, table: &Spanned<DeTable<'_>>) {
        if let Some(DeValue::Array(items)) = table.get_ref().get("corrections").map(|v| v.get_ref()) {
            for item in items {
                if let DeValue::Table(t) = item.get_ref()
                    && let Some(DeValue::String(w)) = t.get("wrong").map(|v| v.get_ref())
                {
                    self.acknowledged.push(w.trim().to_lowercase());
                }
            }
        }
        let start = table.span().start;
        let node = self.node(self.root);
        self.check_table(&node, table.get_ref(), start..start, &KeyPath::Root);
    }

    fn span(&self, r: std::ops::Range<usize>) -> Span {
        Span::new(self.file, r)
    }

    /// The compiled form of a schema object (every one is compiled).
    fn node(&self, s: &'static Value) -> std::borrow::Cow<'static, Node> {
        match self.nodes.get(&(s as *const Value as usize)) {
            Some(n) => std::borrow::Cow::Borrowed(n),
            // Not reached for the generated schemas; compile on the spot
            // rather than fail.
            None => std::borrow::Cow::Owned(Node::compile(self.root, s)),
        }
    }

    /// Check a value against a schema, pushing diagnostics.
    fn check(&mut self, schema: &'static Value, v: &Spanned<DeValue<'_>>, path: &KeyPath<'_>) {
        let node = self.node(schema);
        let node = &*node;
        if let Some(alts) = &node.alts {
            self.check_alternatives(node, alts, v, path);
            return;
        }
        let found = type_name(v.get_ref());
        if let Some(fmt @ ("date" | "partial-date-time" | "date-or-date-time")) = node.format {
            self.check_date(fmt, v, path);
            return;
        }
        let types = &node.types;
        if !types.is_empty() && !types.iter().any(|t| matches_type(t, v.get_ref())) {
            self.diags.push(
                Diagnostic::new(
                    Rule::WrongType,
                    format!("{}expected {}, found {found}", at(path), expected_names(types)),
                )
                .at(self.span(v.span())),
            );
            return;
        }
        match v.get_ref() {
            DeValue::Table(t) => self.check_table(node, t, v.span(), path),
            DeValue::Array(items) => {
                if let Some(item_schema) = node.items {
                    for (i, item) in items.iter().enumerate() {
                        self.check(item_schema, item, &KeyPath::Index(path, i));
                    }
                }
            }
            DeValue::String(s) => self.check_string(node, s, v.span(), path),
            DeValue::Integer(i) => {
                let n = i64::from_str_radix(i.as_str().replace('_', "").trim_start_matches('+'), i.radix());
                let Ok(n) = n else {
                    self.diags.push(
                        Diagnostic::new(Rule::WrongType, format!("{}{} is too large", at(path), i.as_str()))
                            .at(self.span(v.span())),
                    );
                    return;
                };
                self.check_range(node, n as f64, &n.to_string(), v.span(), path);
                if node.format == Some("uint32") && n > u32::MAX as i64 {
                    self.diags.push(
                        Diagnostic::new(Rule::WrongType, format!("{}{n} is too large", at(path)))
                            .at(self.span(v.span())),
                    );
                }
            }
            DeValue::Float(f) => {
                let raw = f.as_str().replace('_', "");
                let x: f64 = match raw.trim_start_matches('+') {
                    "inf" | "-inf" | "nan" | "-nan" => f64::NAN,
                    other => other.parse().unwrap_or(f64::NAN),
                };
                if !x.is_finite() {
                    self.diags.push(
                        Diagnostic::new(
                            Rule::WrongType,
                            format!("{}expected a finite number, found {}", at(path), f.as_str()),
                        )
                        .at(self.span(v.span()))
                        .hint("amounts, weights and hours are ordinary numbers such as 60489 or 35.30"),
                    );
                    return;
                }
                self.check_range(node, x, f.as_str(), v.span(), path);
            }
            _ => {}
        }
    }

    /// A number against the schema's `minimum` / `maximum`.
    fn check_range(&mut self, node: &Node, x: f64, shown: &str, span: std::ops::Range<usize>, path: &KeyPath<'_>) {
        let fmt = |b: f64| {
            if b.fract() == 0.0 && b.abs() < 1e15 {
                format!("{}", b as i64)
            } else {
                format!("{b}")
            }
        };
        let what = match (node.minimum, node.maximum) {
            (Some(lo), Some(hi)) if x < lo || x > hi => Some(format!("a number from {} to {}", fmt(lo), fmt(hi))),
            (Some(lo), None) if x < lo => Some(format!("a number of at least {}", fmt(lo))),
            (None, Some(hi)) if x > hi => Some(format!("a number of at most {}", fmt(hi))),
            _ => None,
        };
        if let Some(what) = what {
            self.diags.push(
                Diagnostic::new(Rule::WrongType, format!("{}expected {what}, found {shown}", at(path)))
                    .at(self.span(span)),
            );
        }
    }

    fn check_string(&mut self, node: &Node, s: &str, span: std::ops::Range<usize>, path: &KeyPath<'_>) {
        let issues = super::text::check_text(s);
        for issue in issues {
            let word = issue.range.clone().and_then(|r| s.get(r)).unwrap_or("").to_lowercase();
            if issue.rule == Rule::Spelling && self.acknowledged.contains(&word) {
                continue;
            }
            // Point at the words themselves, through quotes and escapes.
            let raw = self.text.get(span.clone()).unwrap_or("");
            let range = issue
                .range
                .and_then(|r| crate::diag::locate::raw_range(raw, r))
                .map(|r| span.start + r.start..span.start + r.end)
                .unwrap_or_else(|| span.clone());
            self.lints.push(
                Diagnostic::new(issue.rule, format!("{}{}", at(path), issue.message))
                    .at(self.span(range))
                    .hint(issue.hint),
            );
        }
        if let Some(allowed) = &node.allowed
            && !allowed.contains(&s)
        {
            self.push_not_allowed(s, allowed, span.clone(), path);
        }
        if node.format == Some(ident::FORMAT)
            && let Err(why) = ident::check(s)
        {
            self.diags.push(
                Diagnostic::new(
                    Rule::InvalidValue,
                    format!("{}`{}` is not an identifier: it {why}", at(path), clip(s)),
                )
                .at(self.span(span))
                .hint("identifiers become file names and links: 1 to 64 ASCII letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit"),
            );
        }
    }

    fn push_not_allowed(&mut self, s: &str, allowed: &[&str], span: std::ops::Range<usize>, path: &KeyPath<'_>) {
        let list = allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
        let d = Diagnostic::new(
            Rule::WrongType,
            format!("{}`{s}` is not one of the allowed values", at(path)),
        )
        .at(self.span(span))
        .maybe_hint(did_you_mean(s, allowed.iter().copied()).map(|m| format!("did you mean `{m}`?")))
        .hint(format!("allowed values: {list}"));
        self.diags.push(d);
    }

    fn check_date(&mut self, fmt: &str, v: &Spanned<DeValue<'_>>, path: &KeyPath<'_>) {
        let either = fmt == "date-or-date-time";
        let want_time = fmt == "partial-date-time";
        let example = if want_time || either {
            "2025-02-28T08:00:00"
        } else {
            "2025-02-28"
        };
        let what = if either {
            "a local date-time or a date"
        } else if want_time {
            "a local date-time"
        } else {
            "a date"
        };
        let span = self.span(v.span());
        match v.get_ref() {
            DeValue::Datetime(dt) => {
                let shape_ok = match (dt.date, dt.time, dt.offset) {
                    (Some(_), None, None) => !want_time,
                    (Some(_), Some(_), None) => want_time || either,
                    _ => false,
                };
                if !shape_ok {
                    let mut d = Diagnostic::new(
                        Rule::InvalidDate,
                        format!("{}expected {what} like {example}, found `{dt}`", at(path)),
                    )
                    .at(span);
                    if dt.offset.is_some() {
                        d = d.hint("times are local to the jurisdiction's time zone; drop the offset");
                    }
                    self.diags.push(d);
                    return;
                }
                if let Some(date) = dt.date
                    && let Err(e) = toml_date(&date)
                {
                    self.diags
                        .push(Diagnostic::new(Rule::InvalidDate, format!("{}{e}", at(path))).at(span));
                }
            }
            DeValue::String(s) => {
                self.diags.push(
                    Diagnostic::new(
                        Rule::InvalidDate,
                        format!("{}expected {what}, found the string \"{}\"", at(path), clip(s)),
                    )
                    .at(span)
                    .hint(format!(
                        "write dates as TOML dates without quotes, e.g. {example}; weekday names are computed"
                    )),
                );
            }
            other => {
                self.diags.push(
                    Diagnostic::new(
                        Rule::WrongType,
                        format!("{}expected {what}, found {}", at(path), type_name(other)),
                    )
                    .at(span),
                );
            }
        }
    }

    fn check_table(&mut self, node: &Node, t: &DeTable<'_>, span: std::ops::Range<usize>, path: &KeyPath<'_>) {
        let props = node.props;
        // Required keys that a misspelt key already explains.
        let mut suggested: Vec<&str> = Vec::new();
        for (key, value) in t.iter() {
            let k: &str = key.get_ref();
            let child = KeyPath::Key(path, k);
            let before = (self.diags.len(), self.unknown);
            match props.and_then(|p| p.get(k)) {
                Some(s) => self.check(s, value, &child),
                None => match node.additional {
                    Some(Value::Bool(false)) => {
                        let names: Vec<&str> = props
                            .map(|p| p.keys().map(String::as_str).collect())
                            .unwrap_or_default();
                        let mut d = Diagnostic::new(Rule::UnknownKey, format!("unknown key `{child}`"))
                            .at(self.span(key.span()));
                        let top_level = !path.is_root()
                            && self
                                .root
                                .pointer(&format!("/properties/{}", k.replace('~', "~0").replace('/', "~1")))
                                .is_some();
                        if top_level {
                            let path = path.to_string();
                            d = d.hint(format!(
                                "`{k}` is a top-level key, but it comes after a [{}] header here; move it above the first [table] header",
                                path.split('[').next().unwrap_or(&path)
                            ));
                        }
                        self.unknown += 1;
                        // A key an earlier version of the format named
                        // otherwise, else the nearest spelling.
                        let renamed = RENAMED.iter().find(|(old, new, _)| *old == k && names.contains(new));
                        let note = renamed.map(|(_, _, note)| *note).unwrap_or("");
                        let renamed = renamed.map(|(_, new, _)| *new);
                        d = match renamed.or_else(|| did_you_mean(k, names.iter().copied())) {
                            Some(m) if renamed.is_some() && t.get(m).is_none() => {
                                suggested.push(m);
                                self.repairs.renames.push((path.segs(), k.to_string(), m.to_string()));
                                d.hint(format!("`{k}` is now called `{m}`; rename it{note}"))
                            }
                            Some(m) if t.get(m).is_none() => {
                                suggested.push(m);
                                self.repairs.renames.push((path.segs(), k.to_string(), m.to_string()));
                                d.hint(format!("did you mean `{m}`?"))
                            }
                            Some(m) => {
                                self.repairs.removals.push((path.segs(), k.to_string()));
                                d.hint(format!("did you mean `{m}`?"))
                            }
                            None => {
                                self.repairs.removals.push((path.segs(), k.to_string()));
                                d.hint(format!(
                                    "the keys allowed here are: {}",
                                    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                                ))
                            }
                        };
                        self.diags.push(d);
                    }
                    Some(s @ Value::Object(_)) => self.check(s, value, &child),
                    _ => {}
                },
            }
            // A top-level entry with errors other than unknown keys is left
            // out of a repaired reading.
            if path.is_root() && self.diags.len() - before.0 > self.unknown - before.1 {
                self.repairs.broken.push(k.to_string());
            }
        }
        for &name in &node.required {
            if t.get(name).is_none() && !suggested.contains(&name) {
                let mut d = Diagnostic::new(
                    Rule::MissingKey,
                    format!("missing required key `{}`", KeyPath::Key(path, name)),
                )
                .at(self.span(span.clone()));
                if let Some(desc) = props
                    .and_then(|p| p.get(name))
                    .map(|s| self.node(s).schema)
                    .and_then(|s| s.get("description"))
                    .and_then(Value::as_str)
                {
                    d = d.hint(format!("`{name}`: {}", first_sentence(desc)));
                }
                if path.is_root() {
                    self.repairs.fatal = true;
                }
                self.diags.push(d);
            }
        }
    }

    fn check_alternatives(
        &mut self,
        node: &Node,
        alts: &[&'static Value],
        v: &Spanned<DeValue<'_>>,
        path: &KeyPath<'_>,
    ) {
        if alts.len() == 1 {
            self.check(alts[0], v, path);
            return;
        }
        // Internally tagged enums: pick the alternative by its tag.
        if let (DeValue::Table(t), Some((tag, consts))) = (v.get_ref(), &node.tag) {
            let names: Vec<&str> = consts.iter().map(|(c, _)| *c).collect();
            match t.get(tag.as_str()) {
                None => {
                    let list = names.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ");
                    self.diags.push(
                        Diagnostic::new(
                            Rule::MissingKey,
                            format!("missing required key `{}`", KeyPath::Key(path, tag)),
                        )
                        .at(self.span(v.span()))
                        .hint(format!("`{tag}` is one of {list}")),
                    );
                }
                Some(tv) => match tv.get_ref().as_str() {
                    Some(s) => match consts.iter().find(|(c, _)| *c == s) {
                        Some((_, alt)) => self.check(alt, v, path),
                        None => self.push_not_allowed(s, &names, tv.span(), &KeyPath::Key(path, tag)),
                    },
                    None => self.diags.push(
                        Diagnostic::new(
                            Rule::WrongType,
                            format!(
                                "{}expected a string, found {}",
                                at(&KeyPath::Key(path, tag)),
                                type_name(tv.get_ref())
                            ),
                        )
                        .at(self.span(tv.span())),
                    ),
                },
            }
            return;
        }
        // Untagged: accept the first alternative without errors; otherwise
        // report the errors of the first one whose type fits the value.
        let mut fitting: Option<(Vec<Diagnostic>, Vec<Diagnostic>)> = None;
        for alt in alts {
            let mut sub = Checker::new(self.root, self.file, self.text);
            sub.check(alt, v, path);
            if sub.diags.is_empty() {
                self.lints.extend(sub.lints);
                return;
            }
            if fitting.is_none() && accepts_type(alt, v.get_ref()) {
                fitting = Some((sub.diags, sub.lints));
            }
        }
        if let Some((diags, lints)) = fitting {
            self.diags.extend(diags);
            self.lints.extend(lints);
            return;
        }
        let mut names: Vec<String> = Vec::new();
        for alt in alts {
            for t in types_of(alt) {
                names.push(t);
            }
            if let Some(c) = alt.get("const").and_then(Value::as_str) {
                names.push(format!("\"{c}\""));
            }
            if let Some(e) = alt.get("enum").and_then(Value::as_array) {
                names.extend(e.iter().filter_map(Value::as_str).map(|c| format!("\"{c}\"")));
            }
        }
        names.dedup();
        self.diags.push(
            Diagnostic::new(
                Rule::WrongType,
                format!(
                    "{}expected {}, found {}",
                    at(path),
                    expected_names(&names),
                    describe(v.get_ref())
                ),
            )
            .at(self.span(v.span())),
        );
    }
}

fn accepts_type(alt: &Value, v: &DeValue<'_>) -> bool {
    if alt
        .get("format")
        .and_then(Value::as_str)
        .is_some_and(|f| f.contains("date"))
    {
        return v.is_datetime() || v.is_str();
    }
    let types = types_of(alt);
    if !types.is_empty() {
        return types.iter().any(|t| matches_type(t, v));
    }
    if alt.get("const").is_some() || alt.get("enum").is_some() {
        return v.is_str();
    }
    true
}

fn discriminator(alts: &[&Value]) -> Option<String> {
    let first = alts.first()?.get("properties")?.as_object()?;
    first
        .iter()
        .find(|(name, s)| {
            s.get("const").is_some()
                && alts
                    .iter()
                    .all(|a| a.pointer(&format!("/properties/{name}/const")).is_some())
        })
        .map(|(name, _)| name.clone())
}

fn types_of(schema: &Value) -> Vec<String> {
    match schema.get("type") {
        Some(Value::String(s)) if s != "null" => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .filter(|s| *s != "null")
            .map(String::from)
            .collect(),
        _ => Vec::new(),
    }
}

fn matches_type(t: &str, v: &DeValue<'_>) -> bool {
    match t {
        "string" => v.is_str(),
        "integer" => v.is_integer(),
        "number" => v.is_integer() || v.is_float(),
        "boolean" => v.is_bool(),
        "array" => v.is_array(),
        "object" => v.is_table(),
        _ => true,
    }
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

fn describe(v: &DeValue<'_>) -> String {
    match v {
        DeValue::String(s) => format!("the string \"{}\"", clip(s)),
        DeValue::Integer(i) => format!("the integer {}", i.as_str()),
        DeValue::Float(f) => format!("the float {}", f.as_str()),
        DeValue::Boolean(b) => format!("the boolean {b}"),
        other => type_name(other).to_string(),
    }
}

fn expected_names(types: &[String]) -> String {
    let names: Vec<String> = types
        .iter()
        .map(|t| match t.as_str() {
            "string" => "a string".to_string(),
            "integer" => "an integer".to_string(),
            "number" => "a number".to_string(),
            "boolean" => "a boolean".to_string(),
            "array" => "an array".to_string(),
            "object" => "a table".to_string(),
            other => other.to_string(),
        })
        .collect();
    match names.len() {
        0 => "a value".into(),
        1 => names[0].clone(),
        _ => format!("{} or {}", names[..names.len() - 1].join(", "), names[names.len() - 1]),
    }
}

fn at(path: &KeyPath<'_>) -> String {
    if path.is_root() {
        String::new()
    } else {
        format!("`{path}`: ")
    }
}

fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out.escape_debug().to_string()
}

/// The first paragraph of a schema description (the doc comment).
fn first_sentence(s: &str) -> &str {
    s.split("\n\n").next().unwrap_or(s).trim()
}
