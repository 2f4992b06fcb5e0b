//! A kept tree deserialized straight into the model: the value that
//! [`super::decode`] and toml's deserializer give, without the document
//! tree between them.
//!
//! Making that tree (a map per table, keys hashed as they are inserted,
//! every value boxed in its span) and taking it apart again was as much
//! work as the deserialization itself. Here the model's `Deserialize`
//! reads the tree's bytes as it goes. Each call answers what toml's
//! deserializer (`toml::de::ValueDeserializer` and the table, array, key
//! and enum deserializers beside it) answers for the same value: the same
//! visitor method with the same value, spans for `Spanned`, a date or
//! time as the map `toml_datetime` reads, a string or a one-entry table
//! for an enum. What it does not do the same way (an enum written as a
//! table of numbered entries, an integer past 64 bits, a key read as a
//! number) is an error, and an error means the text is parsed, as for a
//! tree that does not decode: slower, never another value.
//! `load::tests::a_kept_tree_is_the_value_of_its_parse` checks the two
//! agree on every source of the sample, the fixtures and a generated
//! plan; the tests below, on each form and on random documents.

use std::borrow::Cow;
use std::ops::Range;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use serde_spanned::de::SpannedDeserializer;
use toml::de::DeValue;

use super::{
    ARRAY, DATETIME, FALSE, FLOAT, INTEGER, LITERAL, PLAIN_DATETIME, SLICE, STRING, TABLE, TRUE, TreeReader,
    plain_datetime_kept, scalar_literal,
};

/// The document `tree` (made by [`super::encode`] from a text equal to
/// `text`) deserialized as a `T`; `None` when the bytes are not such a
/// tree of this text, or when `T` reads it in a way this deserializer
/// leaves to toml's (see the module's comment).
pub(in crate::load) fn deserialize<T: DeserializeOwned>(tree: &[u8], text: &str) -> Option<T> {
    let mut cur = TreeReader::new(tree, text);
    // The document is a table: its span, then its members.
    let span = cur.span()?;
    let value = T::deserialize(ValueDe::new(&mut cur, TABLE, span)).ok()?;
    (cur.r.at == tree.len()).then_some(value)
}

/// Why a tree was not deserialized here (the text is parsed instead):
/// nothing more is needed of it.
#[derive(Debug)]
pub(in crate::load) struct Bail;

impl std::fmt::Display for Bail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not read from the kept tree")
    }
}

impl std::error::Error for Bail {}

impl de::Error for Bail {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Bail
    }
}

type Result<T> = std::result::Result<T, Bail>;

fn ok<T>(v: Option<T>) -> Result<T> {
    v.ok_or(Bail)
}

impl TreeReader<'_, '_> {
    /// Past the string whose tag was read (its form, and a slice's place).
    fn skip_str(&mut self) -> Option<()> {
        match self.r.u8()? {
            SLICE => {
                self.r.var()?;
                self.r.var()?;
                Some(())
            }
            LITERAL => Some(()),
            _ => None,
        }
    }

    /// Past one value (tag, span and what it holds), reading every span on
    /// the way (each span is written from the one before it).
    fn skip_value(&mut self) -> Option<()> {
        let tag = self.r.u8()?;
        self.span()?;
        match tag {
            STRING => self.skip_str(),
            INTEGER | FLOAT | DATETIME | PLAIN_DATETIME | FALSE | TRUE => Some(()),
            ARRAY => {
                self.deeper()?;
                let n = self.len()?;
                (0..n).try_for_each(|_| self.skip_value())?;
                self.depth -= 1;
                Some(())
            }
            TABLE => {
                self.deeper()?;
                let n = self.len()?;
                (0..n).try_for_each(|_| {
                    self.span()?;
                    self.skip_str()?;
                    self.skip_value()
                })?;
                self.depth -= 1;
                Some(())
            }
            _ => None,
        }
    }

    /// The keys of the table whose length is next, read without moving
    /// past them.
    fn peek_keys(&mut self) -> Option<Vec<String>> {
        let (at, last, depth) = (self.r.at, self.last, self.depth);
        let keys = (|| {
            let n = self.len()?;
            let mut keys = Vec::with_capacity(n);
            for _ in 0..n {
                let span = self.span()?;
                keys.push(self.str(&span)?.into_owned());
                self.skip_value()?;
            }
            Some(keys)
        })();
        (self.r.at, self.last, self.depth) = (at, last, depth);
        keys
    }
}

/// One value of the tree, its tag and span read: what toml's
/// `ValueDeserializer` is for a value of the document.
struct ValueDe<'c, 't, 'a> {
    cur: &'c mut TreeReader<'t, 'a>,
    tag: u8,
    span: Range<usize>,
    /// A struct variant's table: its keys must all be the struct's fields
    /// (as toml's deserializer checks them).
    validate_struct_keys: bool,
}

impl<'c, 't, 'a> ValueDe<'c, 't, 'a> {
    fn new(cur: &'c mut TreeReader<'t, 'a>, tag: u8, span: Range<usize>) -> Self {
        ValueDe {
            cur,
            tag,
            span,
            validate_struct_keys: false,
        }
    }

    /// The next value of the tree.
    fn next(cur: &'c mut TreeReader<'t, 'a>) -> Result<Self> {
        let tag = ok(cur.r.u8())?;
        let span = ok(cur.span())?;
        Ok(ValueDe::new(cur, tag, span))
    }
}

/// A number or date as toml's deserializer gives it: an integer as the
/// narrowest of `i64`, `u64` that holds it (wider ones are left to
/// toml), a date as its map.
fn visit_scalar<'a, V: Visitor<'a>>(tag: u8, value: DeValue<'_>, visitor: V) -> Result<V::Value> {
    match (tag, value) {
        (INTEGER, DeValue::Integer(i)) => {
            if let Ok(v) = i64::from_str_radix(i.as_str(), i.radix()) {
                visitor.visit_i64(v)
            } else if let Ok(v) = u64::from_str_radix(i.as_str(), i.radix()) {
                visitor.visit_u64(v)
            } else {
                Err(Bail)
            }
        }
        (FLOAT, DeValue::Float(f)) => {
            let v: f64 = f.as_str().parse().map_err(|_| Bail)?;
            if v.is_infinite() && !f.as_str().contains("inf") {
                Err(Bail)
            } else {
                visitor.visit_f64(v)
            }
        }
        (DATETIME, DeValue::Datetime(d)) => visitor.visit_map(DateMap {
            text: Some(d.to_string()),
        }),
        _ => Err(Bail),
    }
}

impl<'a> de::Deserializer<'a> for ValueDe<'_, '_, 'a> {
    type Error = Bail;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        match self.tag {
            STRING => match ok(self.cur.str(&self.span))? {
                Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
                Cow::Owned(s) => visitor.visit_string(s),
            },
            INTEGER | FLOAT | DATETIME => {
                visit_scalar(self.tag, ok(scalar_literal(self.cur.text, &self.span))?, visitor)
            }
            PLAIN_DATETIME => {
                let (_, shown) = ok(plain_datetime_kept(self.cur.text, &self.span))?;
                visitor.visit_map(DateMap { text: Some(shown) })
            }
            FALSE => visitor.visit_bool(false),
            TRUE => visitor.visit_bool(true),
            ARRAY => {
                ok(self.cur.deeper())?;
                let left = ok(self.cur.len())?;
                let mut seq = Seq { cur: self.cur, left };
                let v = visitor.visit_seq(&mut seq)?;
                seq.rest()?;
                seq.cur.depth -= 1;
                Ok(v)
            }
            TABLE => {
                ok(self.cur.deeper())?;
                let left = ok(self.cur.len())?;
                let mut map = Map {
                    cur: self.cur,
                    left,
                    value_next: false,
                };
                let v = visitor.visit_map(&mut map)?;
                map.rest()?;
                map.cur.depth -= 1;
                Ok(v)
            }
            _ => Err(Bail),
        }
    }

    // There is no null in TOML: a value that is there is `Some`.
    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(self, _name: &'static str, visitor: V) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        if serde_spanned::de::is_spanned(name) {
            let span = self.span.clone();
            return visitor.visit_map(SpannedDeserializer::new(self, span));
        }
        // A date's struct from a date is the date's map, as `deserialize_any`
        // gives it; from anything else, what that value is.
        if self.validate_struct_keys && self.tag == TABLE {
            let keys = ok(self.cur.peek_keys())?;
            if keys.iter().any(|k| !fields.contains(&k.as_str())) {
                return Err(Bail);
            }
        }
        self.deserialize_any(visitor)
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.tag {
            STRING => {
                let s: Cow<'a, str> = ok(self.cur.str(&self.span))?;
                visitor.visit_enum(IntoDeserializer::<Bail>::into_deserializer(s))
            }
            TABLE => {
                ok(self.cur.deeper())?;
                // Exactly one entry: the variant and what it holds.
                if ok(self.cur.len())? != 1 {
                    return Err(Bail);
                }
                let v = visitor.visit_enum(Enum { cur: &mut *self.cur })?;
                self.cur.depth -= 1;
                Ok(v)
            }
            _ => Err(Bail),
        }
    }

    serde::forward_to_deserialize_any! {
        <W: Visitor<'a>>
        bool u8 u16 u32 u64 i8 i16 i32 i64 f32 f64 char str string seq
        bytes byte_buf map unit i128 u128
        ignored_any unit_struct tuple_struct tuple identifier
    }
}

impl<'c, 't, 'a> IntoDeserializer<'a, Bail> for ValueDe<'c, 't, 'a> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

/// The key toml's dates are read under (`toml_datetime`'s, checked by a
/// test against its deserializer).
const DATETIME_FIELD: &str = "$__toml_private_datetime";

/// A date or time as toml's `DatetimeDeserializer` gives it: a map of one
/// entry, the date's text as its `Display` writes it.
struct DateMap {
    text: Option<String>,
}

impl<'a> de::MapAccess<'a> for DateMap {
    type Error = Bail;

    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.text.is_none() {
            return Ok(None);
        }
        seed.deserialize(de::value::BorrowedStrDeserializer::new(DATETIME_FIELD))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(IntoDeserializer::<Bail>::into_deserializer(ok(self.text.take())?))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(usize::from(self.text.is_some()))
    }
}

/// An array's members, as toml's `ArraySeqAccess` gives them.
struct Seq<'c, 't, 'a> {
    cur: &'c mut TreeReader<'t, 'a>,
    left: usize,
}

impl Seq<'_, '_, '_> {
    /// Past the members the visitor did not take.
    fn rest(&mut self) -> Result<()> {
        for _ in 0..std::mem::take(&mut self.left) {
            ok(self.cur.skip_value())?;
        }
        Ok(())
    }
}

impl<'a> de::SeqAccess<'a> for Seq<'_, '_, 'a> {
    type Error = Bail;

    fn next_element_seed<T: DeserializeSeed<'a>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(ValueDe::next(self.cur)?).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

/// A table's entries, as toml's `TableMapAccess` gives them.
struct Map<'c, 't, 'a> {
    cur: &'c mut TreeReader<'t, 'a>,
    left: usize,
    /// A key was read and its value not yet.
    value_next: bool,
}

impl Map<'_, '_, '_> {
    /// Past the entries the visitor did not take.
    fn rest(&mut self) -> Result<()> {
        if std::mem::take(&mut self.value_next) {
            ok(self.cur.skip_value())?;
        }
        for _ in 0..std::mem::take(&mut self.left) {
            ok(self.cur.span())?;
            ok(self.cur.skip_str())?;
            ok(self.cur.skip_value())?;
        }
        Ok(())
    }
}

impl<'a> de::MapAccess<'a> for Map<'_, '_, 'a> {
    type Error = Bail;

    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.value_next {
            // The visitor skipped a value without reading it.
            self.value_next = false;
            ok(self.cur.skip_value())?;
        }
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        let span = ok(self.cur.span())?;
        let key = ok(self.cur.str(&span))?;
        let k = seed.deserialize(KeyDe { key, span })?;
        self.value_next = true;
        Ok(Some(k))
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value> {
        if !std::mem::take(&mut self.value_next) {
            return Err(Bail);
        }
        seed.deserialize(ValueDe::next(self.cur)?)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

/// Methods that leave the value to toml's deserializer (an error here).
macro_rules! refuse {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'a>>(self, _visitor: V) -> Result<V::Value> {
            Err(Bail)
        }
    )*};
}

/// A table key, as toml's `KeyDeserializer` gives it: a string, or the
/// key's span with it for `Spanned`.
struct KeyDe<'a> {
    key: Cow<'a, str>,
    span: Range<usize>,
}

impl<'a> de::Deserializer<'a> for KeyDe<'a> {
    type Error = Bail;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        match self.key {
            Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            Cow::Owned(s) => visitor.visit_string(s),
        }
    }

    fn deserialize_str<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        if serde_spanned::de::is_spanned(name) {
            return visitor.visit_map(SpannedDeserializer::<Cow<'a, str>, Bail>::new(self.key, self.span));
        }
        self.deserialize_any(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(self, _name: &'static str, visitor: V) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        // A unit variant named by the key, as a string names one.
        visitor.visit_enum(IntoDeserializer::<Bail>::into_deserializer(self.key))
    }

    serde::forward_to_deserialize_any! {
        <W: Visitor<'a>>
        f32 f64 seq string bytes byte_buf map option unit
        ignored_any unit_struct tuple_struct tuple identifier
    }

    // A key read as a number, a boolean or a character (toml parses the
    // key's text): left to toml.
    refuse! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_char
    }
}

/// An enum written as a one-entry table: the key names the variant, the
/// value is what it holds (toml's `TableMapAccess` as an `EnumAccess`).
struct Enum<'c, 't, 'a> {
    cur: &'c mut TreeReader<'t, 'a>,
}

impl<'c, 't, 'a> de::EnumAccess<'a> for Enum<'c, 't, 'a> {
    type Error = Bail;
    type Variant = VariantDe<'c, 't, 'a>;

    fn variant_seed<V: DeserializeSeed<'a>>(self, seed: V) -> Result<(V::Value, Self::Variant)> {
        let span = ok(self.cur.span())?;
        let key = ok(self.cur.str(&span))?;
        let v = seed.deserialize(KeyDe { key, span })?;
        Ok((v, VariantDe(ValueDe::next(self.cur)?)))
    }
}

/// What an enum's one-entry table holds (toml's `TableEnumDeserializer`).
struct VariantDe<'c, 't, 'a>(ValueDe<'c, 't, 'a>);

impl<'a> de::VariantAccess<'a> for VariantDe<'_, '_, 'a> {
    type Error = Bail;

    fn unit_variant(self) -> Result<()> {
        // An empty array or table.
        match self.0.tag {
            ARRAY | TABLE if ok(self.0.cur.len())? == 0 => Ok(()),
            _ => Err(Bail),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'a>>(self, seed: T) -> Result<T::Value> {
        seed.deserialize(self.0)
    }

    fn tuple_variant<V: Visitor<'a>>(self, len: usize, visitor: V) -> Result<V::Value> {
        // An array of that length (a table of numbered entries is left to
        // toml).
        if self.0.tag != ARRAY {
            return Err(Bail);
        }
        let at = (self.0.cur.r.at, self.0.cur.last);
        let n = ok(self.0.cur.len())?;
        (self.0.cur.r.at, self.0.cur.last) = at;
        if n != len {
            return Err(Bail);
        }
        de::Deserializer::deserialize_any(self.0, visitor)
    }

    fn struct_variant<V: Visitor<'a>>(mut self, fields: &'static [&'static str], visitor: V) -> Result<V::Value> {
        self.0.validate_struct_keys = true;
        de::Deserializer::deserialize_struct(self.0, "", fields, visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{decode, encode};
    use super::*;
    use serde::Deserialize;
    use serde_spanned::Spanned;
    use std::collections::BTreeMap;
    use toml::de::DeTable;

    /// `T` from the text's kept tree, read here and read by toml's
    /// deserializer from the decoded tree: both, or `None` when either
    /// fails.
    fn both<T: DeserializeOwned>(text: &str) -> (Option<T>, Option<T>) {
        let (doc, errors) = DeTable::parse_recoverable(text);
        assert!(errors.is_empty(), "{errors:?}");
        let tree = encode(&doc, text).expect("encodes");
        let copy = text.to_string();
        let here = deserialize::<T>(&tree, &copy);
        let toml = decode(&tree, &copy).and_then(|d| {
            T::deserialize(toml::de::Deserializer::from(d))
                .map_err(|e| eprintln!("toml: {e}"))
                .ok()
        });
        (here, toml)
    }

    /// Read here, the same value as toml's deserializer reads.
    fn agrees<T: DeserializeOwned + PartialEq + std::fmt::Debug>(text: &str) -> T {
        let (here, toml) = both::<T>(text);
        let toml = toml.expect("toml reads it");
        assert_eq!(here.as_ref(), Some(&toml), "{text}");
        toml
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    enum Kind {
        Plain,
        Counted(u32),
        Pair(i64, String),
        Shaped {
            w: f64,
            #[serde(default)]
            h: Option<f64>,
        },
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(untagged)]
    enum Loose {
        N(f64),
        S(String),
        Many(Vec<Loose>),
        Table(BTreeMap<String, Loose>),
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(tag = "type", rename_all = "kebab-case")]
    enum Tagged {
        Years { n: u32 },
        Degree { field: String, level: Option<String> },
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Name(String);

    #[derive(Debug, PartialEq, Deserialize)]
    struct Doc {
        title: Spanned<String>,
        #[serde(default)]
        escaped: Option<String>,
        n: i64,
        big: u64,
        f: Spanned<f64>,
        yes: bool,
        no: bool,
        when: toml::value::Datetime,
        at: Spanned<toml::value::Datetime>,
        kinds: Vec<Spanned<Kind>>,
        loose: Vec<Loose>,
        tagged: Vec<Tagged>,
        pair: (u8, String),
        name: Name,
        by_key: BTreeMap<Spanned<String>, Spanned<Kind>>,
        any: toml::Value,
    }

    /// A date's map is the one `toml_datetime` gives: its key, and the
    /// date's text.
    #[test]
    fn a_date_is_the_map_toml_datetime_gives() {
        use de::MapAccess;
        struct Key;
        impl<'de> de::Visitor<'de> for Key {
            type Value = String;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E>(self, v: &str) -> std::result::Result<String, E> {
                Ok(format!("str {v}"))
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> std::result::Result<String, E> {
                Ok(format!("borrowed {v}"))
            }
            fn visit_string<E>(self, v: String) -> std::result::Result<String, E> {
                Ok(format!("string {v}"))
            }
        }
        impl<'de> DeserializeSeed<'de> for Key {
            type Value = String;
            fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<String, D::Error> {
                d.deserialize_any(self)
            }
        }
        let date: toml::value::Datetime = "1979-05-27 07:32:00".parse().unwrap();
        let mut theirs = toml_datetime::de::DatetimeDeserializer::<Bail>::new(date);
        let mut ours = DateMap {
            text: Some(date.to_string()),
        };
        assert_eq!(ours.size_hint(), theirs.size_hint());
        assert_eq!(ours.next_key_seed(Key).unwrap(), theirs.next_key_seed(Key).unwrap());
        assert_eq!(ours.next_value_seed(Key).unwrap(), theirs.next_value_seed(Key).unwrap());
        assert_eq!(ours.size_hint(), theirs.size_hint());
        assert_eq!(ours.next_key_seed(Key).unwrap(), theirs.next_key_seed(Key).unwrap());
    }

    #[test]
    fn every_form_reads_as_toml_reads_it() {
        let text = r#"
title = "Senior \"Clerk\""
escaped = "tab\there"
n = 0x7f
big = 18446744073709551615
f = 1_0.5e2
yes = true
no = false
when = 2025-02-28
at = 1979-05-27T00:32:00.999999-07:00
kinds = ["plain", { counted = 3 }, { pair = [-1, "x"] }, { shaped = { w = 2.5 } }, { plain = [] }]
loose = [1, "two", [3.0, "four"], { five = 5, six = [] }]
pair = [7, 'seven']
name = "N"
any = { a = [1, 2.5, "s", 2025-01-01, { b = true }], "quoted key" = 'v' }
ignored = { deep = [[1], [2, { x = "y" }]] }

[[tagged]]
type = "years"
n = 4

[[tagged]]
type = "degree"
field = "Engineering"

[by_key]
first = "plain"
"sec ond" = { shaped = { w = 1, h = 2.0 } }
"#;
        let doc = agrees::<Doc>(text);
        assert_eq!(doc.kinds.len(), 5);
        assert_eq!(doc.title.get_ref(), "Senior \"Clerk\"");
    }

    /// A scalar of any kind TOML has, strings with the characters that
    /// make a writer escape or quote them.
    fn scalar() -> impl proptest::strategy::Strategy<Value = toml::Value> {
        use proptest::prelude::*;
        let text = proptest::collection::vec(
            prop_oneof![
                "[a-zA-Z0-9 ]{0,8}",
                Just("\"".to_string()),
                Just("\\".to_string()),
                Just("\n".to_string()),
                Just("\t".to_string()),
                Just("'''".to_string()),
                Just("é’—".to_string()),
                Just("\u{1}".to_string()),
            ],
            0..5,
        )
        .prop_map(|v| v.concat());
        let date = (
            1900u16..2100,
            1u8..13,
            1u8..29,
            proptest::option::of((0u8..24, 0u8..60, 0u8..60)),
        )
            .prop_map(|(y, m, d, t)| {
                let s = match t {
                    Some((h, mi, se)) => format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{se:02}"),
                    None => format!("{y:04}-{m:02}-{d:02}"),
                };
                toml::Value::Datetime(s.parse().unwrap())
            });
        prop_oneof![
            text.prop_map(toml::Value::String),
            any::<i64>().prop_map(toml::Value::Integer),
            (-1e9f64..1e9).prop_map(toml::Value::Float),
            any::<bool>().prop_map(toml::Value::Boolean),
            date,
        ]
    }

    /// Tables and arrays of them, nested a few levels.
    fn document() -> impl proptest::strategy::Strategy<Value = toml::Table> {
        use proptest::prelude::*;
        let key = prop_oneof![
            "[a-z][a-z0-9_-]{0,6}",
            Just("quoted key".to_string()),
            Just("é".to_string())
        ];
        let value = scalar().prop_recursive(3, 24, 4, move |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(toml::Value::Array),
                proptest::collection::btree_map("[a-z]{1,4}", inner, 0..4)
                    .prop_map(|m| toml::Value::Table(m.into_iter().collect())),
            ]
        });
        proptest::collection::btree_map(key, value, 0..6).prop_map(|m| m.into_iter().collect())
    }

    proptest::proptest! {
        /// Any document, written by toml's own writer (inline tables,
        /// arrays of tables, every kind of string), reads here as toml's
        /// deserializer reads it: as a whole value, and as spanned values.
        #[test]
        fn any_document_reads_as_toml_reads_it(doc in document()) {
            let text = toml::to_string(&doc).unwrap();
            let (here, toml) = both::<toml::Table>(&text);
            proptest::prop_assert!(toml.is_some(), "{}", text);
            proptest::prop_assert_eq!(format!("{here:?}"), format!("{toml:?}"), "{}", text);
            let (here, toml) = both::<BTreeMap<Spanned<String>, Spanned<toml::Value>>>(&text);
            proptest::prop_assert!(toml.is_some(), "{}", text);
            proptest::prop_assert_eq!(format!("{here:?}"), format!("{toml:?}"), "{}", text);
        }
    }

    /// A damaged tree (cut short, any byte changed, against another text)
    /// is refused or read as something, never a panic, whatever it is read
    /// as.
    #[test]
    fn a_damaged_tree_is_never_a_panic() {
        let text = "code = \"1229\"\ntitle = \"Clerk \\\"A\\\"\"\nwhen = 2025-01-01\n\
                    n = [1, 2.5, { k = 'v' }]\nkinds = [\"plain\", { counted = 3 }]\n";
        let (doc, _) = DeTable::parse_recoverable(text);
        let bytes = encode(&doc, text).unwrap();
        let read = |b: &[u8], t: &str| {
            let _ = deserialize::<toml::Table>(b, t);
            let _ = deserialize::<BTreeMap<Spanned<String>, Spanned<toml::Value>>>(b, t);
            let _ = deserialize::<crate::model::ClassSpec>(b, t);
            #[derive(Deserialize)]
            #[allow(dead_code)]
            struct Partly {
                kinds: Option<Vec<Kind>>,
                n: Option<(Spanned<i64>, f64)>,
            }
            let _ = deserialize::<Partly>(b, t);
        };
        for cut in 0..bytes.len() {
            assert!(
                deserialize::<toml::Table>(&bytes[..cut], text).is_none(),
                "cut at {cut}"
            );
            read(&bytes[..cut], text);
        }
        for i in 0..bytes.len() {
            for flip in [0x01, 0x80, 0xff] {
                let mut b = bytes.clone();
                b[i] ^= flip;
                read(&b, text);
            }
        }
        read(&bytes, "a");
        read(&bytes, "");
        assert!(deserialize::<toml::Table>(&bytes, text).is_some());
    }

    /// What toml's deserializer refuses is refused here too; what only
    /// toml reads (a number past 64 bits) is left to it, never read as
    /// something else.
    #[test]
    fn what_toml_refuses_or_alone_reads_is_not_read_here() {
        #[derive(Debug, PartialEq, Deserialize)]
        struct One {
            k: Kind,
        }
        for text in [
            "k = { plain = 1 }",
            "k = { counted = 1, plain = [] }",
            "k = {}",
            "k = 3",
            "k = { shaped = { w = 1, extra = 2 } }",
            "k = { pair = [1] }",
            "k = \"unknown\"",
        ] {
            let (here, toml) = both::<One>(text);
            assert!(toml.is_none(), "{text}");
            assert!(here.is_none(), "{text}");
        }
        // A span inside an internally tagged enum (its content is
        // buffered first): refused by both.
        #[derive(Debug, PartialEq, Deserialize)]
        #[serde(tag = "type")]
        enum Buffered {
            Years { n: Spanned<u32> },
        }
        let (here, toml) = both::<Buffered>("type = 'Years'\nn = 4\n");
        assert!(toml.is_none() && here.is_none());
        #[derive(Debug, PartialEq, Deserialize)]
        struct Wide {
            n: i128,
        }
        let (here, toml) = both::<Wide>("n = 170141183460469231731687303715884105727");
        assert!(toml.is_some());
        assert!(here.is_none());
        agrees::<Wide>("n = -5");
    }

    /// A visitor that stops early (a struct ignoring keys, a tuple
    /// reading fewer members than the array has) leaves the reader at the
    /// next value, with every later span right.
    #[test]
    fn values_a_visitor_skips_are_passed_over() {
        #[derive(Debug, PartialEq, Deserialize)]
        struct Few {
            a: Spanned<String>,
            z: Spanned<Vec<Spanned<i64>>>,
        }
        agrees::<Few>(
            "a = 'x'\nb = { c = [1, { d = \"e\\u0041\" }], f = 2025-01-01T00:00:00Z }\ng = \"esc\\n\"\nz = [1, 2]\n",
        );
        #[derive(Debug, PartialEq, Deserialize)]
        struct Short {
            t: (i64,),
            after: Spanned<String>,
        }
        let (here, toml) = both::<Short>("t = [1, 2, 3]\nafter = 'x'\n");
        assert_eq!(here, toml);
    }
}
