//! What the output directory holds: the manifest of the files a build
//! wrote (content hash, size, time, document, format), written whole or
//! as the changes since it was ([`write`], [`read_base`]), and one walk of
//! the directory when the manifest cannot be trusted.

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
/// second one records each file's time; the third names the manifest its
/// changes apply to by a 128-bit hash).
pub fn version() -> String {
    format!("classplan {} (manifest 3)", env!("CARGO_PKG_VERSION"))
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

/// The manifest of `out` (empty when there is none or it is unreadable),
/// with the changes written beside it applied.
pub fn read(out: &Path) -> Manifest {
    read_base(out).0
}

/// The manifest of `out` as [`read`] gives it, and what it was made of on
/// disk (for the next build to write only the changes to it).
pub fn read_base(out: &Path) -> (Manifest, Option<Base>) {
    if let Some(bytes) = super::read_own(&out.join(MANIFEST), super::MAX_OWN_BYTES)
        && let Some(mut m) = decode(&bytes)
    {
        if m.version != version() {
            return (m, None);
        }
        let mut base = Base {
            id: base_id(&bytes),
            len: bytes.len(),
            inputs: BTreeSet::new(),
            files: BTreeSet::new(),
        };
        let changes = super::read_own(&out.join(MANIFEST_CHANGES), super::MAX_OWN_BYTES);
        if let Some(c) = changes.and_then(|b| changes_to(&b, &base.id)) {
            for (key, hash) in c.inputs {
                match hash {
                    Some(h) => m.inputs.insert(key.clone(), h),
                    None => m.inputs.remove(&key),
                };
                base.inputs.insert(key);
            }
            for (rel, file) in c.files {
                match file {
                    Some(f) => m.files.insert(rel.clone(), f),
                    None => m.files.remove(&rel),
                };
                base.files.insert(rel);
            }
        }
        return (m, Some(base));
    }
    let legacy = super::read_own(&out.join(LEGACY_MANIFEST), super::MAX_OWN_BYTES)
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    (legacy, None)
}

/// The file beside the manifest that holds what changed since it was
/// written: a build that changes a few documents' files writes these
/// changes, not the whole manifest (15 MB at 10,000 classes), until they
/// grow to an eighth of it.
pub const MANIFEST_CHANGES: &str = ".classplan-manifest-changes";

/// The changes to a manifest, as [`MANIFEST_CHANGES`] holds them: each
/// input and file set (`Some`) or removed (`None`) since the manifest
/// with id `base` was written.
#[derive(Debug, Serialize, Deserialize)]
struct Changes {
    version: String,
    base: crate::load::TextHash,
    inputs: BTreeMap<String, Option<String>>,
    files: BTreeMap<String, Option<ManifestFile>>,
}

/// A manifest of this version as it is on disk: the written one's id (the
/// hash of its bytes, which the changes beside it name: changes left
/// beside a manifest written after them are not applied), and the inputs
/// and files the changes beside it set or removed.
#[derive(Debug)]
pub struct Base {
    id: crate::load::TextHash,
    len: usize,
    inputs: BTreeSet<String>,
    files: BTreeSet<String>,
}

impl Base {
    /// The input `key` may differ from the written manifest's.
    pub fn input_changed(&mut self, key: &str) {
        if !self.inputs.contains(key) {
            self.inputs.insert(key.to_string());
        }
    }

    /// The file `rel` may differ from the written manifest's.
    pub fn file_changed(&mut self, rel: &str) {
        if !self.files.contains(rel) {
            self.files.insert(rel.to_string());
        }
    }
}

/// A manifest's id: the hash of its bytes (as a source's text is hashed).
fn base_id(bytes: &[u8]) -> crate::load::TextHash {
    crate::load::text_hash(bytes)
}

/// The changes in `bytes`, when they are this version's changes to the
/// manifest with id `base`.
fn changes_to(bytes: &[u8], base: &crate::load::TextHash) -> Option<Changes> {
    postcard::from_bytes::<Changes>(bytes)
        .ok()
        .filter(|c| c.version == version() && c.base == *base)
}

/// Write `m` into `out`: as its changes since `base` (the manifest on
/// disk, read under the output directory's lock, when it is this
/// version's) while they stay small, else whole (and then the changes
/// written beside the last one go). Each file is written atomically;
/// changes left beside a newer manifest (a build killed between the two
/// steps) name another manifest and are not applied.
pub fn write(out: &crate::write::OutDir, m: &Manifest, base: Option<&Base>) -> anyhow::Result<()> {
    if let Some(base) = base {
        let changes = Changes {
            version: m.version.clone(),
            base: base.id,
            inputs: base
                .inputs
                .iter()
                .map(|k| (k.clone(), m.inputs.get(k).cloned()))
                .collect(),
            files: base
                .files
                .iter()
                .map(|k| (k.clone(), m.files.get(k).cloned()))
                .collect(),
        };
        let bytes = postcard::to_stdvec(&changes)?;
        if bytes.len() <= base.len / 8 {
            return out.write(MANIFEST_CHANGES, &bytes);
        }
    }
    let bytes = encode(m)?;
    // Changes beside that name these very bytes (a manifest the builds
    // since returned to) would apply to them if the process were killed
    // between the two steps below: they go first (what they changed is in
    // `m`, and nothing reads them against another manifest).
    let id = base_id(&bytes);
    if super::read_own(&out.root().join(MANIFEST_CHANGES), super::MAX_OWN_BYTES)
        .is_some_and(|b| changes_to(&b, &id).is_some())
    {
        out.remove(MANIFEST_CHANGES)?;
    }
    out.write(MANIFEST, &bytes)?;
    out.remove(MANIFEST_CHANGES)?;
    Ok(())
}

/// The manifest's bytes on disk.
pub fn encode(m: &Manifest) -> anyhow::Result<Vec<u8>> {
    // About the size it will have (not grown, and copied, a dozen times).
    let size = m.files.len() * 128 + m.inputs.len() * 80;
    Ok(postcard::to_extend(m, Vec::with_capacity(size))?)
}

/// A manifest from its bytes (`None` when they are not one: damaged, or
/// of a format this version does not read). One of another version keeps
/// its version (the caller takes it for an older one: its files are
/// classplan's to replace): one of this layout (another release, or
/// another format of the changes beside it: its version names a
/// `(manifest N)` format), or the first one's, without file times.
pub fn decode(bytes: &[u8]) -> Option<Manifest> {
    let (v, _) = postcard::take_from_bytes::<&str>(bytes).ok()?;
    if v == version() || v.contains(" (manifest ") {
        return match postcard::take_from_bytes::<Manifest>(bytes) {
            Ok((m, [])) => Some(m),
            _ => None,
        };
    }
    match postcard::take_from_bytes::<ManifestV1>(bytes) {
        Ok((m, [])) => Some(Manifest::from(m)),
        _ => None,
    }
}

/// What the up-to-date check reads of a manifest of this version: each
/// file's path, size and time, borrowed from the bytes (no string copied),
/// with the changes beside it applied.
pub struct Listing<'a> {
    base: BaseListing<'a>,
    changes: Option<Changes>,
}

/// Postcard writes a map as its length and its entries, as it writes a
/// list of pairs.
#[derive(Deserialize)]
struct BaseListing<'a> {
    #[serde(borrow)]
    _version: &'a str,
    #[serde(borrow)]
    _inputs: Vec<(&'a str, &'a str)>,
    #[serde(borrow)]
    files: Vec<(&'a str, Listed<'a>)>,
}

#[derive(Deserialize)]
struct Listed<'a> {
    #[serde(borrow)]
    _hash: &'a str,
    len: u64,
    mtime: u64,
    #[serde(borrow)]
    _doc: &'a str,
    _format: Option<OutputFormat>,
}

impl Listing<'_> {
    /// Every file the manifest lists, in path order, with its size and
    /// time.
    pub fn files(&self) -> Vec<(&str, u64, u64)> {
        let Some(changes) = &self.changes else {
            return self.base.files.iter().map(|(rel, f)| (*rel, f.len, f.mtime)).collect();
        };
        let base = self.base.files.iter().map(|(rel, f)| (*rel, Some((f.len, f.mtime))));
        let changed = changes
            .files
            .iter()
            .map(|(rel, f)| (rel.as_str(), f.as_ref().map(|f| (f.len, f.mtime))));
        // Both in path order: merged, a change taking the place of the
        // base's entry for its file.
        let mut out = Vec::with_capacity(self.base.files.len() + changes.files.len());
        let (mut base, mut changed) = (base.peekable(), changed.peekable());
        loop {
            let next = match (base.peek(), changed.peek()) {
                (None, None) => break,
                (Some(_), None) => base.next(),
                (None, Some(_)) => changed.next(),
                (Some(b), Some(c)) => match b.0.cmp(c.0) {
                    std::cmp::Ordering::Less => base.next(),
                    std::cmp::Ordering::Greater => changed.next(),
                    std::cmp::Ordering::Equal => {
                        base.next();
                        changed.next()
                    }
                },
            };
            if let Some((rel, Some((len, mtime)))) = next {
                out.push((rel, len, mtime));
            }
        }
        out
    }
}

/// The [`Listing`] of a manifest's bytes, when they are a whole manifest
/// of this version, with `changes`, the bytes of the changes beside it,
/// when they are changes to it (as [`read`] applies them).
pub fn listing<'a>(bytes: &'a [u8], changes: Option<&[u8]>) -> Option<Listing<'a>> {
    let (v, _) = postcard::take_from_bytes::<&str>(bytes).ok()?;
    if v != version() {
        return None;
    }
    let base = match postcard::take_from_bytes::<BaseListing>(bytes) {
        Ok((l, [])) => l,
        _ => return None,
    };
    let changes = changes.and_then(|c| changes_to(c, &base_id(bytes)));
    Some(Listing { base, changes })
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
        let listing = listing(&bytes, None).unwrap();
        let listed = listing.files();
        let files: Vec<(&str, u64, u64)> = m.files.iter().map(|(rel, f)| (rel.as_str(), f.len, f.mtime)).collect();
        assert_eq!(listed, files);
        assert!(self::listing(&bytes[..bytes.len() - 1], None).is_none());
        let mut more = bytes.clone();
        more.push(0);
        assert!(self::listing(&more, None).is_none());
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
        assert!(listing(&bytes, None).is_none());
        // This version's manifest is not misread as an earlier one's.
        assert_eq!(decode(&encode(&m).unwrap()).unwrap().version, version());
    }

    /// A manifest of this layout written by another release, or beside
    /// changes of another format (another `(manifest N)`), is read as an
    /// older one: its files are still classplan's to replace.
    #[test]
    fn a_manifest_of_another_release_is_read_as_an_older_one() {
        for other in ["classplan 0.0.9 (manifest 2)", "classplan 9.9.9 (manifest 3)"] {
            let mut m = sample();
            m.version = other.to_string();
            let back = decode(&encode(&m).unwrap()).unwrap();
            assert_eq!(back.version, other);
            assert_eq!(back.inputs, m.inputs);
            assert_eq!(back.files, m.files);
            assert!(listing(&encode(&m).unwrap(), None).is_none());
        }
    }

    /// A manifest written as its changes reads back whole; changes left
    /// beside a manifest written after them (a build killed between the
    /// two writes) are not applied; changes that grow past an eighth of the
    /// manifest are written as a whole manifest, and their file goes.
    #[test]
    fn changes_beside_the_manifest_read_as_the_whole_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let out = crate::write::OutDir::create(dir.path()).unwrap();
        let first = sample();
        write(&out, &first, None).unwrap();
        assert!(!dir.path().join(MANIFEST_CHANGES).exists());
        let (back, base) = read_base(dir.path());
        assert_eq!(format!("{back:?}"), format!("{first:?}"));
        let mut base = base.expect("this version's manifest is a base");

        // A few documents change: one file rewritten, one gone, one new,
        // one input changed and one gone.
        let mut next = back.clone();
        next.files.insert("j/7/index.html".into(), file("class:j/7", 7_000));
        next.files.remove("j/8/index.md");
        next.files.insert("j/new/index.html".into(), file("class:j/new", 1));
        next.inputs.insert("class:j/7".into(), "changed".into());
        next.inputs.remove("class:j/9");
        for rel in ["j/7/index.html", "j/8/index.md", "j/new/index.html"] {
            base.file_changed(rel);
        }
        base.input_changed("class:j/7");
        base.input_changed("class:j/9");
        let whole = std::fs::read(dir.path().join(MANIFEST)).unwrap();
        write(&out, &next, Some(&base)).unwrap();
        assert_eq!(
            std::fs::read(dir.path().join(MANIFEST)).unwrap(),
            whole,
            "the manifest itself is not rewritten"
        );
        let changes = std::fs::metadata(dir.path().join(MANIFEST_CHANGES)).unwrap().len();
        assert!(changes > 0 && changes < whole.len() as u64 / 8, "{changes}");
        let (back, base) = read_base(dir.path());
        assert_eq!(format!("{back:?}"), format!("{next:?}"));
        // The up-to-date check's listing is the same files.
        let changes_bytes = std::fs::read(dir.path().join(MANIFEST_CHANGES)).unwrap();
        let listing_now = listing(&whole, Some(&changes_bytes)).unwrap();
        let listed = listing_now.files();
        let files: Vec<(&str, u64, u64)> = next
            .files
            .iter()
            .map(|(rel, f)| (rel.as_str(), f.len, f.mtime))
            .collect();
        assert_eq!(listed, files);

        // More changes accumulate in the same file.
        let mut base = base.unwrap();
        let mut third = back.clone();
        third.files.insert("j/10/index.html".into(), file("class:j/10", 10_000));
        base.file_changed("j/10/index.html");
        write(&out, &third, Some(&base)).unwrap();
        assert_eq!(format!("{:?}", read(dir.path())), format!("{third:?}"));

        // A manifest written whole after the changes (and the process
        // killed before their file went): the changes are not applied.
        let changes_before = std::fs::read(dir.path().join(MANIFEST_CHANGES)).unwrap();
        let mut fourth = first.clone();
        fourth
            .files
            .insert("j/11/index.html".into(), file("class:j/11", 11_111));
        write(&out, &fourth, None).unwrap();
        std::fs::write(dir.path().join(MANIFEST_CHANGES), &changes_before).unwrap();
        assert_eq!(format!("{:?}", read(dir.path())), format!("{fourth:?}"));
        let whole = std::fs::read(dir.path().join(MANIFEST)).unwrap();
        assert_eq!(
            listing(&whole, Some(&changes_before)).unwrap().files().len(),
            fourth.files.len()
        );
        // Written whole as the very manifest the changes name: they go.
        write(&out, &first, None).unwrap();
        std::fs::write(dir.path().join(MANIFEST_CHANGES), &changes_before).unwrap();
        assert_eq!(format!("{:?}", read(dir.path())), format!("{third:?}"));
        write(&out, &first, None).unwrap();
        assert!(!dir.path().join(MANIFEST_CHANGES).exists());
        assert_eq!(format!("{:?}", read(dir.path())), format!("{first:?}"));

        // Changes as large as a rebuild of every document: written whole.
        let (back, base) = read_base(dir.path());
        let mut base = base.unwrap();
        let mut all = back.clone();
        for (rel, f) in all.files.iter_mut() {
            f.mtime += 1;
            base.file_changed(rel);
        }
        write(&out, &all, Some(&base)).unwrap();
        assert!(!dir.path().join(MANIFEST_CHANGES).exists());
        assert_eq!(
            format!(
                "{:?}",
                decode(&std::fs::read(dir.path().join(MANIFEST)).unwrap()).unwrap()
            ),
            format!("{all:?}")
        );
    }
}
