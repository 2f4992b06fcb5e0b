//! What the output directory holds: the manifest of the files a build
//! wrote (content hash, size, document, format), and one walk of the
//! directory when the manifest cannot be trusted.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rustc_hash::FxHashSet as HashSet;
use serde::{Deserialize, Serialize};

use crate::render::OutputFormat;

/// The manifest file, inside the output directory: the [`Manifest`] in
/// postcard's compact binary encoding (a 10,000-class plan's 120,000
/// entries read and write several times faster than as JSON).
pub const MANIFEST: &str = ".classplan-manifest";

/// Where earlier builds kept the manifest, as JSON: still read (its files
/// are classplan's to replace), removed once the binary one is written.
pub const LEGACY_MANIFEST: &str = ".classplan-manifest.json";

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub version: String,
    /// Input hash of each document (`class:la-city/1229`, `bulletin:<id>`).
    #[serde(deserialize_with = "sorted_map")]
    pub inputs: BTreeMap<String, String>,
    /// Every file written, with its content hash and document.
    #[serde(deserialize_with = "sorted_map")]
    pub files: BTreeMap<String, ManifestFile>,
}

/// A map decoded from its entries as written (a manifest's are in key
/// order): collected, then built in one pass, instead of by one searching
/// insert per entry (a 10,000-class manifest has 120,000 files).
fn sorted_map<'de, D, V>(d: D) -> Result<BTreeMap<String, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Entries<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Entries<V> {
        type Value = BTreeMap<String, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
            // The length a damaged file claims is not trusted for memory.
            let mut entries = Vec::with_capacity(m.size_hint().unwrap_or(0).min(1 << 16));
            while let Some(e) = m.next_entry()? {
                entries.push(e);
            }
            // Sorted already: `from_iter`'s stable sort is one pass; with
            // a key twice the last one stays, as with inserts.
            Ok(entries.into_iter().collect())
        }
    }
    d.deserialize_map(Entries(std::marker::PhantomData))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    pub hash: String,
    /// Size in bytes and modification time (nanoseconds since the Unix
    /// epoch) of the file as this build left it: a file with another size
    /// or time on disk was changed since.
    #[serde(default)]
    pub len: u64,
    #[serde(default)]
    pub mtime: u64,
    pub doc: String,
    pub format: Option<OutputFormat>,
}

/// The version a manifest must carry to be trusted (with its format: the
/// second one records each file's time).
pub fn version() -> String {
    format!("classplan {} (manifest 2)", env!("CARGO_PKG_VERSION"))
}

/// The manifest of versions that recorded no file times, as they wrote it:
/// still read (its files are classplan's to replace), never trusted.
#[derive(Deserialize)]
struct ManifestV1 {
    version: String,
    inputs: BTreeMap<String, String>,
    files: BTreeMap<String, FileV1>,
}

#[derive(Deserialize)]
struct FileV1 {
    hash: String,
    len: u64,
    doc: String,
    format: Option<OutputFormat>,
}

impl From<ManifestV1> for Manifest {
    fn from(m: ManifestV1) -> Manifest {
        let files = m
            .files
            .into_iter()
            .map(|(rel, f)| {
                let file = ManifestFile {
                    hash: f.hash,
                    len: f.len,
                    mtime: 0,
                    doc: f.doc,
                    format: f.format,
                };
                (rel, file)
            })
            .collect();
        Manifest {
            // Not this version's: taken for an older manifest.
            version: m.version,
            inputs: m.inputs,
            files,
        }
    }
}

/// The content hash the manifest records.
pub fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex()[..32].to_string()
}

/// The manifest of `out` (empty when there is none or it is unreadable).
pub fn read(out: &Path) -> Manifest {
    if let Some(m) = super::read_own(&out.join(MANIFEST), super::MAX_OWN_BYTES).and_then(|b| decode(&b)) {
        return m;
    }
    super::read_own(&out.join(LEGACY_MANIFEST), super::MAX_OWN_BYTES)
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// The manifest's bytes on disk.
pub fn encode(m: &Manifest) -> anyhow::Result<Vec<u8>> {
    // About the size it will have (not grown, and copied, a dozen times).
    let size = m.files.len() * 128 + m.inputs.len() * 80;
    Ok(postcard::to_extend(m, Vec::with_capacity(size))?)
}

/// A manifest from its bytes (`None` when they are not one: damaged, or
/// of a format this version does not read). One without file times (an
/// earlier version's) keeps its version.
pub fn decode(bytes: &[u8]) -> Option<Manifest> {
    let (v, _) = postcard::take_from_bytes::<&str>(bytes).ok()?;
    if v == version() {
        postcard::from_bytes(bytes).ok()
    } else {
        postcard::from_bytes::<ManifestV1>(bytes).ok().map(Manifest::from)
    }
}

/// What the up-to-date check reads of a manifest of this version: each
/// file's path, size and time, borrowed from the bytes (no string copied).
/// Postcard writes a map as its length and its entries, as it writes a
/// list of pairs.
#[derive(Deserialize)]
pub struct Listing<'a> {
    #[serde(borrow)]
    _version: &'a str,
    #[serde(borrow)]
    _inputs: Vec<(&'a str, &'a str)>,
    #[serde(borrow)]
    pub files: Vec<(&'a str, Listed<'a>)>,
}

#[derive(Deserialize)]
pub struct Listed<'a> {
    #[serde(borrow)]
    _hash: &'a str,
    pub len: u64,
    pub mtime: u64,
    #[serde(borrow)]
    _doc: &'a str,
    _format: Option<OutputFormat>,
}

/// The [`Listing`] of a manifest's bytes, when they are a whole manifest
/// of this version.
pub fn listing(bytes: &[u8]) -> Option<Listing<'_>> {
    let (v, _) = postcard::take_from_bytes::<&str>(bytes).ok()?;
    if v != version() {
        return None;
    }
    match postcard::take_from_bytes::<Listing>(bytes) {
        Ok((l, [])) => Some(l),
        _ => None,
    }
}

/// What the output directory holds before a build.
#[derive(Default)]
pub struct OutTree {
    /// Files, relative, with `/` separators.
    pub files: HashSet<String>,
    /// Directories, relative, with `/` separators.
    pub dirs: BTreeSet<String>,
}

/// Walk the output directory once. Temporary files of an earlier build that
/// was killed mid-write (`.classplan-*.tmp`, see `write::write_atomic`) are
/// removed on the way; nothing else is. Symbolic links are not followed.
pub fn scan(out: &Path) -> OutTree {
    let mut tree = OutTree::default();
    if !out.is_dir() {
        return tree;
    }
    for e in walkdir::WalkDir::new(out)
        .follow_links(false)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = crate::load::rel_path(out, e.path());
        if e.file_type().is_dir() {
            tree.dirs.insert(rel);
        } else if e.file_type().is_file() {
            let name = e.file_name().to_string_lossy();
            if name.starts_with(".classplan-") && name.ends_with(".tmp") {
                let _ = std::fs::remove_file(e.path());
            } else {
                tree.files.insert(rel);
            }
        }
    }
    tree
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(doc: &str, len: u64) -> ManifestFile {
        ManifestFile {
            hash: format!("{len:032x}"),
            len,
            mtime: len * 1_000_000_007,
            doc: doc.to_string(),
            format: Some(OutputFormat::Html),
        }
    }

    /// The maps decoded in one pass are the maps encoded, whatever order a
    /// file gives their entries in (the legacy JSON's need not be sorted;
    /// a key given twice keeps its last value, as inserting would).
    #[test]
    fn maps_decode_to_what_was_encoded() {
        let mut m = Manifest {
            version: version(),
            ..Default::default()
        };
        for i in (0..500u64).rev() {
            m.files
                .insert(format!("j/classes/{i}/index.html"), file(&format!("class:j/{i}"), i));
            m.inputs.insert(format!("class:j/{i}"), format!("{i:x}"));
        }
        let back = decode(&encode(&m).unwrap()).unwrap();
        assert_eq!(format!("{back:?}"), format!("{m:?}"));
        let json = r#"{"version":"v","inputs":{"b":"2","a":"1","b":"3"},"files":{"z.html":{"hash":"h","len":1,"doc":"d","format":"html"},"a.html":{"hash":"g","len":2,"doc":"d","format":null}}}"#;
        let legacy: Manifest = serde_json::from_str(json).unwrap();
        assert_eq!(
            legacy
                .inputs
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>(),
            ["a=1", "b=3"]
        );
        assert_eq!(legacy.files.keys().collect::<Vec<_>>(), ["a.html", "z.html"]);
    }

    fn sample() -> Manifest {
        let mut m = Manifest {
            version: version(),
            ..Default::default()
        };
        for i in 0..300u64 {
            m.files
                .insert(format!("j/{i}/index.html"), file(&format!("class:j/{i}"), i));
            m.files
                .insert(format!("j/{i}/index.md"), file(&format!("class:j/{i}"), i + 7));
            m.inputs.insert(format!("class:j/{i}"), format!("{i:x}"));
        }
        m
    }

    /// The up-to-date check's borrowed listing of a manifest is every
    /// file with the size and time the manifest records, in order; the
    /// bytes of a manifest cut short, or with a byte more, are no listing.
    #[test]
    fn the_listing_is_the_manifests_files() {
        let m = sample();
        let bytes = encode(&m).unwrap();
        let listing = listing(&bytes).unwrap();
        let listed: Vec<(&str, u64, u64)> = listing.files.iter().map(|(rel, f)| (*rel, f.len, f.mtime)).collect();
        let files: Vec<(&str, u64, u64)> = m.files.iter().map(|(rel, f)| (rel.as_str(), f.len, f.mtime)).collect();
        assert_eq!(listed, files);
        assert!(self::listing(&bytes[..bytes.len() - 1]).is_none());
        let mut more = bytes.clone();
        more.push(0);
        assert!(self::listing(&more).is_none());
    }

    /// A manifest an earlier version wrote (no file times) is still read:
    /// its files are classplan's to replace, and it is not taken for this
    /// version's (so nothing in it is trusted to be up to date).
    #[test]
    fn a_manifest_without_times_is_read_as_an_older_one() {
        #[derive(Serialize)]
        struct V1<'a> {
            version: &'a str,
            inputs: &'a BTreeMap<String, String>,
            files: BTreeMap<&'a str, (&'a str, u64, &'a str, Option<OutputFormat>)>,
        }
        let m = sample();
        let files = m
            .files
            .iter()
            .map(|(rel, f)| (rel.as_str(), (f.hash.as_str(), f.len, f.doc.as_str(), f.format)))
            .collect();
        let bytes = postcard::to_stdvec(&V1 {
            version: "classplan 0.1.0",
            inputs: &m.inputs,
            files,
        })
        .unwrap();
        let back = decode(&bytes).unwrap();
        assert_eq!(back.version, "classplan 0.1.0");
        assert_ne!(back.version, version());
        assert_eq!(back.inputs, m.inputs);
        assert_eq!(
            back.files.keys().collect::<Vec<_>>(),
            m.files.keys().collect::<Vec<_>>()
        );
        assert!(back.files.values().all(|f| f.mtime == 0));
        assert!(listing(&bytes).is_none());
        // This version's manifest is not misread as an earlier one's.
        assert_eq!(decode(&encode(&m).unwrap()).unwrap().version, version());
    }
}
