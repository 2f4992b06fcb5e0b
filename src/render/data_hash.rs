//! The hash of data templates are given: what decides whether the site's
//! listing and paths pages are rendered again.
//!
//! The value's serde form is hashed (BLAKE3) as a tagged, self-delimiting
//! encoding: every value starts with a byte naming its kind, strings and
//! names carry their length, numbers a fixed width, and sequences, maps
//! and structs end with a byte no value starts with. Two values whose
//! encodings are equal are therefore the same serde value: the same JSON
//! for the templates (the encoding tells more kinds apart than JSON does,
//! which can only render a page again for nothing). Made for this instead
//! of hashing the JSON: JSON escapes every string byte by byte, and the
//! site's data is 23,000 rows of text at 10,000 classes; this hashes the
//! bytes as they are.

use serde::ser::{self, Serialize};

/// The hash of `value`'s serde form. Serializing plain data cannot fail;
/// a failure (a map key or a custom `Serialize` that refuses) is hashed
/// as its message, so the data still hashes as itself or as something
/// no other data hashes as.
pub fn data_hash(value: &impl Serialize) -> blake3::Hash {
    let mut s = HashSer {
        hasher: blake3::Hasher::new(),
        buf: Vec::with_capacity(BUF),
    };
    if let Err(e) = value.serialize(&mut s) {
        s.put(b"!");
        s.str(&e.0);
    }
    s.hasher.update(&s.buf);
    s.hasher.finalize()
}

/// Bytes gathered before they go to the hasher (which takes large blocks
/// far faster than the few bytes of one token).
const BUF: usize = 1 << 16;

// The first byte of each kind of value, and the end of a container.
const BOOL: u8 = b'b';
const INT: u8 = b'i';
const UINT: u8 = b'u';
const FLOAT: u8 = b'f';
const STR: u8 = b's';
const BYTES: u8 = b'y';
const NONE: u8 = b'n';
const SOME: u8 = b'o';
const UNIT: u8 = b'z';
const UNIT_STRUCT: u8 = b'Z';
const UNIT_VARIANT: u8 = b'e';
const NEWTYPE_STRUCT: u8 = b'w';
const NEWTYPE_VARIANT: u8 = b'W';
const SEQ: u8 = b'[';
const TUPLE: u8 = b't';
const TUPLE_STRUCT: u8 = b'T';
const TUPLE_VARIANT: u8 = b'v';
const MAP: u8 = b'{';
const STRUCT: u8 = b'(';
const STRUCT_VARIANT: u8 = b'V';
const END: u8 = b'.';

struct HashSer {
    hasher: blake3::Hasher,
    buf: Vec<u8>,
}

impl HashSer {
    fn put(&mut self, bytes: &[u8]) {
        if self.buf.len() + bytes.len() > BUF {
            self.hasher.update(&self.buf);
            self.buf.clear();
        }
        if bytes.len() > BUF {
            self.hasher.update(bytes);
        } else {
            self.buf.extend_from_slice(bytes);
        }
    }

    fn len(&mut self, n: usize) {
        self.put(&(n as u64).to_le_bytes());
    }

    /// A string's bytes, after its length.
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.put(s.as_bytes());
    }

    /// The tag of a named value and its name.
    fn named(&mut self, tag: u8, name: &str) {
        self.put(&[tag]);
        self.str(name);
    }
}

#[derive(Debug)]
struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

type Result = std::result::Result<(), Error>;

/// Numbers of a narrower type hashed as the widest of their kind (JSON
/// does not tell them apart either).
macro_rules! widen {
    ($($($method:ident($ty:ty))* => $wide:ident;)*) => {$($(
        fn $method(self, v: $ty) -> Result {
            self.$wide(v.into())
        }
    )*)*};
}

impl<'s> ser::Serializer for &'s mut HashSer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = &'s mut HashSer;
    type SerializeTuple = &'s mut HashSer;
    type SerializeTupleStruct = &'s mut HashSer;
    type SerializeTupleVariant = &'s mut HashSer;
    type SerializeMap = &'s mut HashSer;
    type SerializeStruct = &'s mut HashSer;
    type SerializeStructVariant = &'s mut HashSer;

    fn serialize_bool(self, v: bool) -> Result {
        self.put(&[BOOL, u8::from(v)]);
        Ok(())
    }
    widen! {
        serialize_i8(i8) serialize_i16(i16) serialize_i32(i32) serialize_i64(i64) => serialize_i128;
        serialize_u8(u8) serialize_u16(u16) serialize_u32(u32) serialize_u64(u64) => serialize_u128;
        serialize_f32(f32) => serialize_f64;
    }
    fn serialize_i128(self, v: i128) -> Result {
        self.put(&[INT]);
        self.put(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result {
        self.put(&[UINT]);
        self.put(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result {
        self.put(&[FLOAT]);
        self.put(&v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result {
        self.put(&[STR]);
        self.str(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result {
        self.put(&[BYTES]);
        self.len(v.len());
        self.put(v);
        Ok(())
    }
    fn serialize_none(self) -> Result {
        self.put(&[NONE]);
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result {
        self.put(&[SOME]);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.put(&[UNIT]);
        Ok(())
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result {
        self.named(UNIT_STRUCT, name);
        Ok(())
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result {
        self.named(UNIT_VARIANT, variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, name: &'static str, value: &T) -> Result {
        self.named(NEWTYPE_STRUCT, name);
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.named(NEWTYPE_VARIANT, variant);
        value.serialize(self)
    }
    fn serialize_seq(self, _len: Option<usize>) -> std::result::Result<Self, Error> {
        self.put(&[SEQ]);
        Ok(self)
    }
    fn serialize_tuple(self, _len: usize) -> std::result::Result<Self, Error> {
        self.put(&[TUPLE]);
        Ok(self)
    }
    fn serialize_tuple_struct(self, name: &'static str, _len: usize) -> std::result::Result<Self, Error> {
        self.named(TUPLE_STRUCT, name);
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> std::result::Result<Self, Error> {
        self.named(TUPLE_VARIANT, variant);
        Ok(self)
    }
    fn serialize_map(self, _len: Option<usize>) -> std::result::Result<Self, Error> {
        self.put(&[MAP]);
        Ok(self)
    }
    fn serialize_struct(self, name: &'static str, _len: usize) -> std::result::Result<Self, Error> {
        self.named(STRUCT, name);
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> std::result::Result<Self, Error> {
        self.named(STRUCT_VARIANT, variant);
        Ok(self)
    }
}

/// Members one after the other (each self-delimiting), then [`END`].
macro_rules! members {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for &mut HashSer {
            type Ok = ();
            type Error = Error;
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
                value.serialize(&mut **self)
            }
            fn end(self) -> Result {
                self.put(&[END]);
                Ok(())
            }
        }
    )*};
}

members!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for &mut HashSer {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result {
        self.put(&[END]);
        Ok(())
    }
}

/// A field is its name (a string) and its value; a skipped one is not
/// there, and the names of those that are tell them apart.
macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for &mut HashSer {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result {
                self.put(&[STR]);
                self.str(key);
                value.serialize(&mut **self)
            }
            fn end(self) -> Result {
                self.put(&[END]);
                Ok(())
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(serde::Serialize)]
    struct Row {
        #[serde(skip_serializing_if = "Option::is_none")]
        a: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        b: Option<String>,
        tags: Vec<String>,
    }

    fn row(a: Option<&str>, b: Option<&str>, tags: &[&str]) -> blake3::Hash {
        data_hash(&Row {
            a: a.map(str::to_string),
            b: b.map(str::to_string),
            tags: tags.iter().map(|t| t.to_string()).collect(),
        })
    }

    /// Values whose JSON differs hash differently, including those a
    /// naive concatenation would run together: strings split at another
    /// place, a member moved across a list's end, a skipped field's value
    /// under another field's name.
    #[test]
    fn different_data_hashes_differently() {
        let hashes = [
            row(Some("x"), None, &[]),
            row(None, Some("x"), &[]),
            row(Some("ab"), None, &["c"]),
            row(Some("a"), None, &["bc"]),
            row(Some("a"), None, &["b", "c"]),
            row(Some("a"), None, &["bc", ""]),
            row(Some(""), None, &[]),
            row(None, None, &[""]),
            row(None, None, &[]),
            data_hash(&(vec![vec![1u32], vec![]], 2u8)),
            data_hash(&(vec![vec![1u32]], vec![2u8])),
            data_hash(&(1u64, -1i64)),
            data_hash(&(1.0f64, 1u64)),
            data_hash(&(i128::MIN, u128::MAX)),
            data_hash(&(i128::MAX, u128::MAX - 1)),
            data_hash(&(-64i64, 63u64, 128u32)),
            data_hash(&(63i64, -64i64, 128u32)),
            data_hash(&BTreeMap::from([("k", "v")])),
            data_hash(&BTreeMap::from([("k", "v"), ("", "")])),
            data_hash(&"x\u{1}\"\\"),
        ];
        for (i, a) in hashes.iter().enumerate() {
            for (j, b) in hashes.iter().enumerate().skip(i + 1) {
                assert_ne!(a, b, "{i} and {j}");
            }
        }
        // The same data, the same hash; long strings and many rows (past
        // the buffer) too.
        assert_eq!(row(Some("x"), None, &["y"]), row(Some("x"), None, &["y"]));
        let long = "é".repeat(BUF);
        let many: Vec<String> = (0..20_000).map(|i| format!("row {i}")).collect();
        assert_eq!(data_hash(&(&long, &many)), data_hash(&(&long, &many)));
        let mut other = many.clone();
        other[19_999].push('!');
        assert_ne!(data_hash(&(&long, &many)), data_hash(&(&long, &other)));
    }
}
