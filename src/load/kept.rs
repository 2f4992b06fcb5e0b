//! Parsed sources kept between processes: what `serve` keeps in memory
//! (each source's parse, by path and text hash), in a form `build` can
//! keep on disk (`out/.classplan-sources`, written by
//! `site::kept_sources`).
//!
//! A source is kept as its TOML document tree with spans (the parser's
//! `DeTable`, in a compact binary form), under the hash of its path and
//! of its text (XXH3, 128 bits: [`super::TextHash`]). The tree holds no
//! text: a string that is a slice of the text is its offset and length,
//! and every other value (an escaped string, a number, a date) is read
//! again from its span of the text, as the parser reads it (checked when
//! the tree is made). So the blob names
//! no file and says nothing of a draft that is not published. Only a
//! source that parsed without any finding is kept: for it, loading is
//! exactly "deserialize the tree", so a load that takes the tree from here
//! instead of parsing the text gets the same value, spans included, and
//! the same (no) diagnostics. The tree is read into the model by
//! [`de`], which answers the model's `Deserialize` as toml's deserializer
//! answers it for the same document (and leaves what it does not answer
//! the same way to a parse of the text): toml stays the one place that
//! decides what a document means. Nor
//! is a class source kept in which the rules about one class alone
//! (`validate::class_alone`: they read its text and path only) find
//! something: a load marks the sources it took from here
//! (`Workspace::from_kept`) and validation does not run those rules on
//! them again; the next blob is made after validation
//! ([`Kept::finish`]).
//!
//! Every source is still read (the text is what diagnostics show and what
//! documents are keyed by); the kept tree is used only when the text read
//! hashes as the kept one, so no file time is trusted. A blob of another
//! key (another binary, another workspace), cut short or damaged (it
//! carries the hash of its contents, checked before anything in it is
//! used) is ignored as a whole; a tree that does not decode means the
//! text is parsed.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use rustc_hash::FxHashMap;
use serde_spanned::Spanned;
use toml::de::{DeTable, DeValue};

use super::{TextHash, text_hash};

mod de;
pub(super) use de::deserialize;

/// The blob read is written again when more than one in this many of its
/// sources miss it ([`Kept::finish`]).
pub const LEFT_AS_IS: usize = 512;

/// The first bytes of a blob, with the format's version.
const MAGIC: &[u8] = b"classplan-sources/3\n";

/// One kept source, as ranges of the blob.
struct Entry {
    hash: TextHash,
    tree: Range<usize>,
}

/// The sources kept by an earlier load, and what this load keeps for the
/// next one.
pub struct Kept {
    key: [u8; 32],
    blob: Vec<u8>,
    /// By the hash of the source's path (the blob names no file).
    entries: FxHashMap<TextHash, Entry>,
    /// What the last load took or made for the next blob, until the
    /// checks that decide which of it is kept are done ([`Kept::finish`]).
    pub(super) pending: Option<Vec<PendingEntry>>,
    /// What the next blob holds, when it differs from the blob read (see
    /// [`Kept::take_next`], which makes it).
    next: Option<Vec<PendingEntry>>,
    /// Whether a load makes the next blob (else it only takes trees).
    pub(super) making: bool,
    /// How many trees loads took from here.
    used: AtomicUsize,
}

impl Kept {
    /// Nothing kept yet, under `key` (what the caller's blobs are made
    /// for: a binary and a workspace).
    pub fn empty(key: [u8; 32]) -> Kept {
        Kept {
            key,
            blob: Vec::new(),
            entries: FxHashMap::default(),
            pending: None,
            next: None,
            making: true,
            used: AtomicUsize::new(0),
        }
    }

    /// The sources in `blob`, when it is a whole blob made under `key`;
    /// else nothing kept.
    pub fn open(key: [u8; 32], blob: Vec<u8>) -> Kept {
        match index(&key, &blob) {
            Some(entries) => Kept {
                key,
                blob,
                entries,
                pending: None,
                next: None,
                making: true,
                used: AtomicUsize::new(0),
            },
            None => Kept::empty(key),
        }
    }

    /// Only take trees: a load makes nothing for the next one (a command
    /// that writes nothing, such as `check`).
    pub fn read_only(mut self) -> Kept {
        self.making = false;
        self
    }

    /// How many sources are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Make the blob for the next load from what the last load took or
    /// made, leaving out the sources `unkept` names: those in which the
    /// rules about one class alone found something (a kept source is one
    /// those rules need not look at again; `crate::check_kept`). Nothing
    /// when the last load made nothing (read only), and no blob when it
    /// would be the blob read.
    ///
    /// The blob read is left as it is while few sources miss it (parsed
    /// now: changed, new; or in it and not taken: changed, gone, found
    /// something in now): at most one in [`LEFT_AS_IS`] of its sources.
    /// A miss costs the next load one parse, where writing the blob again
    /// copies, hashes and writes all of it (12 MB at 10,000 classes) after
    /// each edit. An entry left in it is still right for the text it was
    /// kept for: it is taken only for a text with that hash at that path.
    pub fn finish(&mut self, unkept: &dyn Fn(&str) -> bool) {
        let Some(mut pending) = self.pending.take() else {
            return;
        };
        pending.retain(|e| !unkept(&e.rel));
        // Each entry taken from the blob read is one of its entries, once.
        let taken = pending
            .iter()
            .filter(|e| matches!(e.tree, PendingTree::Prior(_)))
            .count();
        let misses = (pending.len() - taken) + (self.len() - taken);
        self.next = (misses > self.len() / LEFT_AS_IS).then_some(pending);
    }

    /// The blob for the next load, made from what [`Kept::finish`] kept,
    /// when it is not the blob read (a source changed, came or went). Made
    /// here, not in `finish`: copying 12 MB of trees and hashing them can
    /// wait for a thread that writes it.
    pub fn take_next(&mut self) -> Option<Vec<u8>> {
        let pending = self.next.take()?;
        let entries: Vec<NextEntry> = pending
            .iter()
            .map(|e| NextEntry {
                rel: &e.rel,
                hash: e.hash,
                tree: match &e.tree {
                    PendingTree::New(bytes) => bytes,
                    PendingTree::Prior(at) => self.tree_bytes(at),
                },
            })
            .collect();
        Some(blob(&self.key, &entries))
    }

    /// How many sources loads took from here instead of parsing them.
    pub fn used(&self) -> usize {
        self.used.load(Ordering::Relaxed)
    }

    /// A tree was taken (deserialized).
    pub(super) fn took_one(&self) {
        self.used.fetch_add(1, Ordering::Relaxed);
    }

    /// The kept tree of `rel` when its text hashed as `hash`, and where it
    /// lies in the blob (what the next blob copies).
    pub(super) fn tree(&self, rel: &str, hash: &TextHash) -> Option<(&[u8], Range<usize>)> {
        let e = self.entries.get(&text_hash(rel.as_bytes()))?;
        (e.hash == *hash).then(|| (&self.blob[e.tree.clone()], e.tree.clone()))
    }

    /// The tree bytes at `at` of the blob read.
    pub(super) fn tree_bytes(&self, at: &Range<usize>) -> &[u8] {
        self.blob.get(at.clone()).unwrap_or(&[])
    }
}

/// A source the last load took from the blob read or parsed without
/// findings: a candidate for the next blob.
pub(super) struct PendingEntry {
    pub rel: String,
    pub hash: TextHash,
    pub tree: PendingTree,
}

/// Where a candidate's tree is.
pub(super) enum PendingTree {
    /// Parsed now.
    New(Vec<u8>),
    /// In the blob read, at this range.
    Prior(Range<usize>),
}

/// A source for the next blob.
pub(super) struct NextEntry<'a> {
    pub rel: &'a str,
    pub hash: TextHash,
    pub tree: &'a [u8],
}

/// The length of a blob's checksum (the hash of everything after it).
const SUM: usize = 16;

/// The blob of `entries` under `key`.
pub(super) fn blob(key: &[u8; 32], entries: &[NextEntry<'_>]) -> Vec<u8> {
    let size: usize = entries.iter().map(|e| 36 + e.tree.len()).sum();
    let mut out = Vec::with_capacity(MAGIC.len() + 32 + SUM + 4 + size);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(key);
    // The hash of everything after it, filled in below.
    let sum_at = out.len();
    out.extend_from_slice(&[0; SUM]);
    put_u32(&mut out, entries.len() as u32);
    for e in entries {
        out.extend_from_slice(&text_hash(e.rel.as_bytes()));
        out.extend_from_slice(&e.hash);
        put_u32(&mut out, e.tree.len() as u32);
        out.extend_from_slice(e.tree);
    }
    let sum = text_hash(&out[sum_at + SUM..]);
    out[sum_at..sum_at + SUM].copy_from_slice(&sum);
    out
}

/// Index a blob: every entry's path and text hashes and where its tree lies.
fn index(key: &[u8; 32], blob: &[u8]) -> Option<FxHashMap<TextHash, Entry>> {
    let mut r = Reader { bytes: blob, at: 0 };
    if r.take(MAGIC.len())? != MAGIC || r.take(32)? != key {
        return None;
    }
    // A tree damaged in place could still decode, to another document:
    // the whole blob is checked before any of it is used.
    let sum = r.take(SUM)?;
    if text_hash(&blob[r.at..]) != sum {
        return None;
    }
    let n = r.u32()? as usize;
    let mut entries = FxHashMap::default();
    entries.reserve(n.min(blob.len() / 36));
    for _ in 0..n {
        let rel: TextHash = r.take(16)?.try_into().ok()?;
        let hash: TextHash = r.take(16)?.try_into().ok()?;
        let tree = r.sized_range()?;
        entries.insert(rel, Entry { hash, tree });
    }
    (r.at == blob.len()).then_some(entries)
}

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// An unsigned LEB128 number.
fn put_var(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a blob or a tree; every read is checked (a damaged blob is
/// `None`, never a panic).
struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(s)
    }
    fn u8(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn var(&mut self) -> Option<u64> {
        // Most numbers of a tree (lengths, offsets, tags) take one byte.
        if let Some(&b) = self.bytes.get(self.at)
            && b < 0x80
        {
            self.at += 1;
            return Some(u64::from(b));
        }
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(v);
            }
        }
        None
    }
    fn var_usize(&mut self) -> Option<usize> {
        usize::try_from(self.var()?).ok()
    }
    fn sized_range(&mut self) -> Option<Range<usize>> {
        let n = self.u32()? as usize;
        let start = self.at;
        self.take(n)?;
        Some(start..start + n)
    }
}

// The tree: a value is a tag, its span and its payload; a table or array
// its length and its members, a key its span and string. Numbers are
// LEB128; a span is its start as the difference from the last span's
// start (zigzag: keys and tables may come in any order) and its length. A
// string that is a slice of the text is its offset from the span's start
// (zigzag) and length; any other string (one with escapes), and every
// number and date, is read again from its span of the text, which
// `encode` checked gives the same value. A date or time whose literal
// the date parser alone reads to the same value (every one a parse
// makes, checked by `encode`) is `PLAIN_DATETIME`, read again that way:
// a quarter of a plan's literals, each a whole value parse otherwise. So
// the tree holds no text of the source: only structure, offsets and
// lengths.
const STRING: u8 = 0;
const INTEGER: u8 = 1;
const FLOAT: u8 = 2;
const FALSE: u8 = 3;
const TRUE: u8 = 4;
const DATETIME: u8 = 5;
const ARRAY: u8 = 6;
const TABLE: u8 = 7;
const PLAIN_DATETIME: u8 = 8;

/// A string's form: a slice of the text, or its span's literal parsed.
const SLICE: u8 = 0;
const LITERAL: u8 = 1;

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// The value of the literal `text[span]`, as the parser reads one value.
fn literal<'a>(text: &'a str, span: &Range<usize>) -> Option<DeValue<'a>> {
    Some(DeValue::parse(text.get(span.clone())?).ok()?.into_inner())
}

/// The date or time the literal `text[span]` is, read by the date parser
/// alone (`None`: it is not one to it).
fn plain_datetime(text: &str, span: &Range<usize>) -> Option<toml::value::Datetime> {
    text.get(span.clone())?.parse().ok()
}

/// How many bytes of literals the process keeps for [`scalar_literal`]
/// (they are never freed: a few hundred short literals in practice).
const LITERAL_BYTES_KEPT: usize = 256 * 1024;

/// The bytes of literals kept so far, on every thread.
static LITERAL_BYTES: AtomicUsize = AtomicUsize::new(0);

/// How many distinct dates each thread remembers for [`plain_datetime`].
const DATES_KEPT: usize = 4096;

/// Number and date literals read back while decoding, by their text, on
/// each thread: a plan repeats a few hundred of them (levels, amounts,
/// pay, dates) across thousands of sources, and reading one is a parse
/// of its own (a number: a whole value parse). A value is a function of
/// its literal's text alone, so one read from the same text is the same.
/// A number's value borrows its text, so what is kept is read from a copy
/// of the literal kept for the life of the process, within
/// [`LITERAL_BYTES_KEPT`] for the process; past that, literals are read
/// every time.
#[derive(Default)]
struct Literals {
    values: FxHashMap<&'static str, DeValue<'static>>,
    dates: FxHashMap<Box<str>, Option<(toml::value::Datetime, String)>>,
}

thread_local! {
    static LITERALS: std::cell::RefCell<Literals> = std::cell::RefCell::new(Literals::default());
}

/// [`literal`] of a number or date literal, remembered (see [`Literals`]).
fn scalar_literal<'a>(text: &'a str, span: &Range<usize>) -> Option<DeValue<'a>> {
    let lit = text.get(span.clone())?;
    let kept = LITERALS.with_borrow(|kept| kept.values.get(lit).cloned());
    if kept.is_some() {
        return kept;
    }
    let budget = LITERAL_BYTES.fetch_add(lit.len(), Ordering::Relaxed) + lit.len() <= LITERAL_BYTES_KEPT;
    if !budget {
        return literal(text, span);
    }
    let copy: &'static str = Box::leak(lit.to_owned().into_boxed_str());
    let v = DeValue::parse(copy).ok()?.into_inner();
    LITERALS.with_borrow_mut(|kept| kept.values.insert(copy, v.clone()));
    Some(v)
}

/// [`plain_datetime`], remembered on this thread (the first
/// [`DATES_KEPT`] distinct ones), with the text `Display` writes for it:
/// what toml's deserializer hands a date's reader (formatting a date is
/// ten times the work of finding it here).
fn plain_datetime_kept(text: &str, span: &Range<usize>) -> Option<(toml::value::Datetime, String)> {
    let lit = text.get(span.clone())?;
    LITERALS.with_borrow_mut(|kept| {
        if let Some(d) = kept.dates.get(lit) {
            return d.clone();
        }
        let d = lit.parse::<toml::value::Datetime>().ok().map(|d| (d, d.to_string()));
        if kept.dates.len() < DATES_KEPT {
            kept.dates.insert(lit.into(), d.clone());
        }
        d
    })
}

/// Whether two scalars are the same value (as the deserializer sees them).
fn same_scalar(a: &DeValue<'_>, b: &DeValue<'_>) -> bool {
    match (a, b) {
        (DeValue::String(x), DeValue::String(y)) => x == y,
        (DeValue::Integer(x), DeValue::Integer(y)) => x.as_str() == y.as_str() && x.radix() == y.radix(),
        (DeValue::Float(x), DeValue::Float(y)) => x.as_str() == y.as_str(),
        (DeValue::Datetime(x), DeValue::Datetime(y)) => x == y,
        _ => false,
    }
}

/// The bytes of `doc`, a document parsed from `text`; `None` when some
/// value cannot be found again from the text (never seen for a parse; the
/// source is then parsed every time).
pub(super) fn encode(doc: &Spanned<DeTable<'_>>, text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4);
    let mut w = Writer {
        out: &mut out,
        text,
        last: 0,
    };
    w.span(&doc.span())?;
    w.table(doc.get_ref())?;
    Some(out)
}

struct Writer<'o, 't> {
    out: &'o mut Vec<u8>,
    text: &'t str,
    /// The start of the last span written.
    last: usize,
}

impl Writer<'_, '_> {
    fn var(&mut self, v: usize) {
        put_var(self.out, v as u64);
    }
    fn span(&mut self, s: &Range<usize>) -> Option<()> {
        if s.end < s.start || s.end > self.text.len() {
            return None;
        }
        put_var(self.out, zigzag(s.start as i64 - self.last as i64));
        self.var(s.end - s.start);
        self.last = s.start;
        Some(())
    }
    /// The string `s`, whose literal is at `span` of the text.
    fn str(&mut self, s: &str, span: &Range<usize>) -> Option<()> {
        let base = self.text.as_ptr() as usize;
        let p = s.as_ptr() as usize;
        if !s.is_empty() && p >= base && p + s.len() <= base + self.text.len() {
            self.out.push(SLICE);
            put_var(self.out, zigzag((p - base) as i64 - self.last as i64));
            self.var(s.len());
        } else {
            let again = literal(self.text, span)?;
            if !same_scalar(&again, &DeValue::String(s.into())) {
                return None;
            }
            self.out.push(LITERAL);
        }
        Some(())
    }
    fn table(&mut self, t: &DeTable<'_>) -> Option<()> {
        self.var(t.len());
        for (k, v) in t.iter() {
            self.span(&k.span())?;
            self.str(k.get_ref(), &k.span())?;
            self.value(v)?;
        }
        Some(())
    }
    fn value(&mut self, v: &Spanned<DeValue<'_>>) -> Option<()> {
        let tag = match v.get_ref() {
            DeValue::String(_) => STRING,
            DeValue::Integer(_) => INTEGER,
            DeValue::Float(_) => FLOAT,
            DeValue::Boolean(false) => FALSE,
            DeValue::Boolean(true) => TRUE,
            DeValue::Datetime(d) if plain_datetime(self.text, &v.span()).as_ref() == Some(d) => PLAIN_DATETIME,
            DeValue::Datetime(_) => DATETIME,
            DeValue::Array(_) => ARRAY,
            DeValue::Table(_) => TABLE,
        };
        let span = v.span();
        self.out.push(tag);
        self.span(&span)?;
        match v.get_ref() {
            DeValue::String(s) => self.str(s, &span),
            // Read back as the tag chose it to be (checked above).
            DeValue::Datetime(_) if tag == PLAIN_DATETIME => Some(()),
            scalar @ (DeValue::Integer(_) | DeValue::Float(_) | DeValue::Datetime(_)) => {
                same_scalar(&literal(self.text, &span)?, scalar).then_some(())
            }
            DeValue::Boolean(_) => Some(()),
            DeValue::Array(a) => {
                self.var(a.len());
                a.iter().try_for_each(|x| self.value(x))
            }
            DeValue::Table(t) => self.table(t),
        }
    }
}

/// The document `tree` (made by [`encode`] from a text equal to `text`),
/// borrowing its strings from `text`; `None` when the bytes are not such a
/// tree of this text. A load deserializes trees without making the
/// document ([`deserialize`]); this is what that is checked against.
#[cfg(test)]
pub(super) fn decode<'a>(tree: &[u8], text: &'a str) -> Option<Spanned<DeTable<'a>>> {
    let mut r = TreeReader::new(tree, text);
    let span = r.span()?;
    let t = r.table()?;
    (r.r.at == tree.len()).then(|| Spanned::new(span, t))
}

/// How deep a decoded tree may nest (a parsed document cannot be deeper
/// than its text allows; this only bounds a damaged blob).
const MAX_DEPTH: usize = 256;

struct TreeReader<'t, 'a> {
    r: Reader<'t>,
    text: &'a str,
    last: usize,
    depth: usize,
}

impl<'t, 'a> TreeReader<'t, 'a> {
    /// A reader of `tree`, a tree of `text`, at its start.
    fn new(tree: &'t [u8], text: &'a str) -> Self {
        TreeReader {
            r: Reader { bytes: tree, at: 0 },
            text,
            last: 0,
            depth: 0,
        }
    }
    /// A position `delta` (zigzag) from the last span's start, in the text.
    fn at(&mut self) -> Option<usize> {
        let at = (self.last as i64).checked_add(unzigzag(self.r.var()?))?;
        usize::try_from(at).ok().filter(|&a| a <= self.text.len())
    }
    fn span(&mut self) -> Option<Range<usize>> {
        let start = self.at()?;
        let end = start.checked_add(self.r.var_usize()?)?;
        self.last = start;
        (end <= self.text.len()).then_some(start..end)
    }
    /// A string whose literal is at `span`.
    fn str(&mut self, span: &Range<usize>) -> Option<std::borrow::Cow<'a, str>> {
        match self.r.u8()? {
            SLICE => {
                let at = self.at()?;
                let n = self.r.var_usize()?;
                self.text.get(at..at.checked_add(n)?).map(std::borrow::Cow::Borrowed)
            }
            LITERAL => match literal(self.text, span)? {
                DeValue::String(s) => Some(s),
                _ => None,
            },
            _ => None,
        }
    }
    fn len(&mut self) -> Option<usize> {
        // Each member takes at least two bytes.
        let n = self.r.var_usize()?;
        (n <= self.r.bytes.len().saturating_sub(self.r.at) / 2).then_some(n)
    }
    fn deeper(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }
    #[cfg(test)]
    fn table(&mut self) -> Option<DeTable<'a>> {
        self.deeper()?;
        let n = self.len()?;
        let mut t = DeTable::with_capacity(n);
        for _ in 0..n {
            let span = self.span()?;
            let key = Spanned::new(span.clone(), self.str(&span)?);
            let value = self.value()?;
            t.insert(key, value);
        }
        self.depth -= 1;
        Some(t)
    }
    #[cfg(test)]
    fn value(&mut self) -> Option<Spanned<DeValue<'a>>> {
        let tag = self.r.u8()?;
        let span = self.span()?;
        let value = match tag {
            STRING => DeValue::String(self.str(&span)?),
            INTEGER | FLOAT | DATETIME => {
                let v = scalar_literal(self.text, &span)?;
                let right = matches!(
                    (tag, &v),
                    (INTEGER, DeValue::Integer(_)) | (FLOAT, DeValue::Float(_)) | (DATETIME, DeValue::Datetime(_))
                );
                right.then_some(v)?
            }
            PLAIN_DATETIME => DeValue::Datetime(plain_datetime_kept(self.text, &span)?.0),
            FALSE => DeValue::Boolean(false),
            TRUE => DeValue::Boolean(true),
            ARRAY => {
                self.deeper()?;
                let n = self.len()?;
                let mut a = toml::de::DeArray::new();
                for _ in 0..n {
                    a.push(self.value()?);
                }
                self.depth -= 1;
                DeValue::Array(a)
            }
            TABLE => DeValue::Table(self.table()?),
            _ => return None,
        };
        Some(Spanned::new(span, value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two trees are the same: kinds, values, spans, keys and their order.
    fn same(a: &Spanned<DeValue<'_>>, b: &Spanned<DeValue<'_>>) -> bool {
        a.span() == b.span()
            && match (a.get_ref(), b.get_ref()) {
                (DeValue::String(x), DeValue::String(y)) => x == y,
                (DeValue::Integer(x), DeValue::Integer(y)) => x.as_str() == y.as_str() && x.radix() == y.radix(),
                (DeValue::Float(x), DeValue::Float(y)) => x.as_str() == y.as_str(),
                (DeValue::Boolean(x), DeValue::Boolean(y)) => x == y,
                (DeValue::Datetime(x), DeValue::Datetime(y)) => x == y,
                (DeValue::Array(x), DeValue::Array(y)) => {
                    x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| same(p, q))
                }
                (DeValue::Table(x), DeValue::Table(y)) => same_table(x, y),
                _ => false,
            }
    }

    fn same_table(x: &DeTable<'_>, y: &DeTable<'_>) -> bool {
        x.len() == y.len()
            && x.iter()
                .zip(y.iter())
                .all(|((k1, v1), (k2, v2))| k1.span() == k2.span() && k1.get_ref() == k2.get_ref() && same(v1, v2))
    }

    fn round_trip(text: &str) {
        let (doc, errors) = DeTable::parse_recoverable(text);
        assert!(errors.is_empty(), "{errors:?}");
        let bytes = encode(&doc, text).unwrap();
        // Decoded against a copy of the text (as a load does: the kept text
        // is another allocation with the same content).
        let copy = text.to_string();
        let back = decode(&bytes, &copy).unwrap();
        assert_eq!(doc.span(), back.span());
        assert!(same_table(doc.get_ref(), back.get_ref()), "{text}\n{doc:?}\n{back:?}");
    }

    #[test]
    fn every_kind_of_value_comes_back_with_its_span() {
        round_trip(
            r#"
title = "Senior \"Clerk\"" # an escape: its own bytes
plain = 'literal'
multi = """
two
lines"""
n = 1_000
hex = 0xDEAD_beef
oct = 0o17
bin = -0
neg = -42
f = 6.02e23
g = -inf
h = nan
i = 1_0.5
yes = true
no = false
d = 2025-02-28
dt = 2025-02-28T08:30:00
odt = 1979-05-27T00:32:00.999999-07:00
zdt = 1979-05-27T07:32:00Z
space = 1979-05-27 07:32:00
lower = 1979-05-27t07:32:00z
t = 07:32
ns = 00:32:00.5
arr = [1, "two", [3.0], { four = 4 }]
inline = { a.b = 1, c = [] }
"" = "empty key"
"quoted key" = 1

[table.sub]
x = 1

[[routes]]
months = 24
[[routes]]
months = 36
"#,
        );
    }

    /// A number or date read back from what a thread remembers is the
    /// value the parser reads from that literal, on first sight and after
    /// (the same literal in other texts, at other places).
    #[test]
    fn remembered_literals_are_the_parsers_values() {
        let literals = [
            "0",
            "-0",
            "+7",
            "1_000",
            "0xDEAD_beef",
            "0o17",
            "0b101",
            "9223372036854775807",
            "6.02e23",
            "-inf",
            "nan",
            "1_0.5",
            "4000.00",
            "2025-02-28",
            "1979-05-27T00:32:00.999999-07:00",
            "07:32",
        ];
        for round in 0..3 {
            for lit in literals {
                // Another text each time, the literal at another place.
                let text = format!("{}x = {lit}", " ".repeat(round));
                let span = text.len() - lit.len()..text.len();
                let want = literal(&text, &span).unwrap();
                let got = scalar_literal(&text, &span).unwrap();
                assert!(same_scalar(&want, &got), "{lit}: {want:?} / {got:?}");
                if matches!(want, DeValue::Datetime(_)) {
                    let date = plain_datetime(&text, &span);
                    let kept = plain_datetime_kept(&text, &span);
                    assert_eq!(kept.as_ref().map(|k| k.0), date, "{lit}");
                    assert_eq!(kept.map(|k| k.1), date.map(|d| d.to_string()), "{lit}");
                }
            }
        }
        // Not a number, date or time: nothing the decoder takes.
        let text = "x = \"s\"";
        assert!(matches!(scalar_literal(text, &(4..7)), Some(DeValue::String(_))));
        assert_eq!(plain_datetime_kept(text, &(4..7)), None);
    }

    /// Each form of date and time a TOML parse reads is one the date
    /// parser alone reads to the same value, and is kept as such.
    #[test]
    fn dates_and_times_are_read_again_by_the_date_parser() {
        for literal_text in [
            "2025-02-28",
            "2025-02-28T08:30:00",
            "1979-05-27T00:32:00.999999-07:00",
            "1979-05-27T07:32:00Z",
            "1979-05-27 07:32:00",
            "1979-05-27t07:32:00z",
            "07:32",
            "00:32:00.5",
        ] {
            let text = format!("d = {literal_text}");
            let span = 4..text.len();
            let parsed = literal(&text, &span).unwrap();
            assert!(matches!(parsed, DeValue::Datetime(_)), "{literal_text}");
            assert!(same_scalar(
                &parsed,
                &DeValue::Datetime(plain_datetime(&text, &span).unwrap())
            ));
            let (doc, errors) = DeTable::parse_recoverable(&text);
            assert!(errors.is_empty(), "{errors:?}");
            let bytes = encode(&doc, &text).unwrap();
            // Root span (2 bytes), one member, the key's span (2) and
            // string (3), then the value's tag.
            assert_eq!(bytes[8], PLAIN_DATETIME, "{literal_text}: {bytes:?}");
            round_trip(&text);
        }
    }

    const CLERK: &str = "title = \"Clerk\"\n";

    /// The tree and text hash of [`CLERK`].
    fn clerk() -> (Vec<u8>, TextHash) {
        let (doc, _) = DeTable::parse_recoverable(CLERK);
        (encode(&doc, CLERK).unwrap(), text_hash(CLERK.as_bytes()))
    }

    /// A few sources missing the blob (changed, gone) leave it as it is;
    /// more than one in [`LEFT_AS_IS`] make the next one.
    #[test]
    fn the_blob_is_left_as_is_while_few_sources_miss_it() {
        let key = [3u8; 32];
        let (tree, hash) = clerk();
        let n = 2 * LEFT_AS_IS;
        let rels: Vec<String> = (0..n).map(|i| format!("specs/x/classes/{i}.toml")).collect();
        let entries: Vec<NextEntry> = rels.iter().map(|rel| NextEntry { rel, hash, tree: &tree }).collect();
        let mut kept = Kept::open(key, blob(&key, &entries));
        assert_eq!(kept.len(), n);
        // The first `changed` sources parsed now, the next `gone` not
        // loaded, the rest taken from the blob.
        let next = |kept: &mut Kept, changed: usize, gone: usize| {
            let pending = rels
                .iter()
                .enumerate()
                .filter(|(i, _)| !(changed..changed + gone).contains(i))
                .map(|(i, rel)| PendingEntry {
                    rel: rel.clone(),
                    hash,
                    tree: match i < changed {
                        true => PendingTree::New(tree.clone()),
                        false => PendingTree::Prior(kept.tree(rel, &hash).unwrap().1),
                    },
                })
                .collect();
            kept.pending = Some(pending);
            kept.finish(&|_| false);
            kept.take_next()
        };
        assert!(next(&mut kept, 0, 0).is_none());
        // Two misses each (parsed now, and an entry not taken): left as is.
        assert!(next(&mut kept, 1, 0).is_none());
        assert!(next(&mut kept, 0, 2).is_none());
        // Four: written again, with every source loaded.
        let again = next(&mut kept, 2, 0).unwrap();
        assert_eq!(Kept::open(key, again).len(), n);
        let fewer = next(&mut kept, 0, 3).unwrap();
        assert_eq!(Kept::open(key, fewer).len(), n - 3);
        // A source found something in is not kept, and is a miss.
        kept.pending = Some(
            rels.iter()
                .map(|rel| PendingEntry {
                    rel: rel.clone(),
                    hash,
                    tree: PendingTree::Prior(kept.tree(rel, &hash).unwrap().1),
                })
                .collect(),
        );
        kept.finish(&|rel| rel.ends_with("/1.toml") || rel.ends_with("/2.toml") || rel.ends_with("/3.toml"));
        assert_eq!(Kept::open(key, kept.take_next().unwrap()).len(), n - 3);
    }

    #[test]
    fn a_blob_holds_no_text_of_its_sources() {
        let text = "title = \"Secret \\\"Draft\\\" Title\"\nsalary = 123456\nopens = 2031-07-04\n\"Hidden key\" = 'Plain words'\n";
        let (doc, errors) = DeTable::parse_recoverable(text);
        assert!(errors.is_empty(), "{errors:?}");
        let tree = encode(&doc, text).unwrap();
        let b = blob(
            &[0; 32],
            &[NextEntry {
                rel: "specs/x/classes/1230.toml",
                hash: text_hash(text.as_bytes()),
                tree: &tree,
            }],
        );
        let lossy = String::from_utf8_lossy(&b);
        for word in ["Secret", "Draft", "123456", "2031", "Hidden", "Plain", "1230", "specs"] {
            assert!(!lossy.contains(word), "the blob holds `{word}`");
        }
        round_trip(text);
    }

    #[test]
    fn a_damaged_tree_is_refused_not_a_panic() {
        let text = "a = [1, { b = \"c\" }]\nd = 2025-01-01\n";
        let (doc, _) = DeTable::parse_recoverable(text);
        let bytes = encode(&doc, text).unwrap();
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut], text).is_none(), "cut at {cut}");
        }
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0xff;
            let _ = decode(&b, text);
        }
        // A slice past the text.
        assert!(decode(&bytes, "a").is_none());
    }

    #[test]
    fn a_blob_is_indexed_only_whole_and_under_its_key() {
        let key = [7u8; 32];
        let (text, (tree, hash)) = (CLERK, clerk());
        let rel = "specs/x/classes/1.toml";
        let b = blob(&key, &[NextEntry { rel, hash, tree: &tree }]);
        let kept = Kept::open(key, b.clone());
        assert_eq!(kept.len(), 1);
        let (bytes, at) = kept.tree(rel, &hash).unwrap();
        assert_eq!(bytes, &tree[..]);
        assert_eq!(kept.tree_bytes(&at), &tree[..]);
        assert!(decode(bytes, text).is_some());
        // Another text, another path: nothing.
        assert!(kept.tree(rel, &text_hash(b"other")).is_none());
        assert!(kept.tree("specs/x/classes/2.toml", &hash).is_none());
        // Another key, or any cut: nothing kept.
        assert!(Kept::open([8u8; 32], b.clone()).is_empty());
        for cut in 0..b.len() {
            assert!(Kept::open(key, b[..cut].to_vec()).is_empty(), "cut at {cut}");
        }
        // Any byte changed (a flipped bit in a tree could decode to
        // another document): nothing kept.
        for i in 0..b.len() {
            let mut d = b.clone();
            d[i] ^= 0x01;
            assert!(Kept::open(key, d).is_empty(), "byte {i} changed");
        }
    }
}
