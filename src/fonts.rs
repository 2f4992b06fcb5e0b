//! The fonts a PDF can use: the bundled ones (typst-assets: Libertinus
//! Serif, New Computer Modern, DejaVu Sans Mono, parsed once per process)
//! and a workspace's own `fonts/` folder (`.ttf`, `.otf`, `.ttc`, `.otc`),
//! which adds the scripts the bundled fonts lack — Korean, Chinese,
//! Japanese, Armenian, Arabic, ... Typst falls back to any of them for a
//! character the template's font does not have. `check` uses the same set
//! to warn about text no font can show (rule CP0078).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};

/// The folder of a workspace whose fonts the PDFs may use.
pub const WORKSPACE_FONTS: &str = "fonts";

/// A set of fonts and what they cover.
pub struct FontSet {
    pub fonts: Arc<Vec<Font>>,
    pub book: FontBook,
    /// The workspace font files read, relative to their folder, with a
    /// hash of their bytes (part of every PDF's input).
    pub files: Vec<(String, blake3::Hash)>,
    /// Font files that could not be read or hold no font.
    pub unreadable: Vec<(PathBuf, String)>,
}

impl FontSet {
    /// Whether some font of the set has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.fonts.iter().any(|f| f.info().coverage.contains(c as u32))
    }

    /// A fingerprint of the workspace fonts ("" with none).
    pub fn fingerprint(&self) -> String {
        let mut h = blake3::Hasher::new();
        for (name, hash) in &self.files {
            h.update(name.as_bytes());
            h.update(hash.as_bytes());
        }
        if self.files.is_empty() {
            String::new()
        } else {
            h.finalize().to_hex().to_string()
        }
    }
}

fn bundled() -> &'static [Font] {
    static FONTS: OnceLock<Vec<Font>> = OnceLock::new();
    FONTS.get_or_init(|| {
        typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect()
    })
}

/// Font files are read up to this size (a full CJK font is 20 MB or so).
const MAX_FONT_BYTES: u64 = 64 << 20;

fn load(dirs: &[PathBuf]) -> FontSet {
    let mut fonts: Vec<Font> = bundled().to_vec();
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    for dir in dirs {
        let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(dir)
            .max_depth(3)
            .follow_links(false)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .filter(|p| {
                p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "ttf" | "otf" | "ttc" | "otc"))
            })
            .collect();
        paths.sort();
        for p in paths {
            let read = std::fs::metadata(&p).map_err(|e| e.to_string()).and_then(|m| {
                if m.len() > MAX_FONT_BYTES {
                    Err(format!("larger than {} MiB", MAX_FONT_BYTES >> 20))
                } else {
                    std::fs::read(&p).map_err(|e| e.to_string())
                }
            });
            match read {
                Ok(bytes) => {
                    let hash = blake3::hash(&bytes);
                    let found: Vec<Font> = Font::iter(Bytes::new(bytes)).collect();
                    if found.is_empty() {
                        unreadable.push((p.clone(), "it holds no font typst can read".into()));
                        continue;
                    }
                    let rel = p.strip_prefix(dir).unwrap_or(&p).to_string_lossy().replace('\\', "/");
                    files.push((rel, hash));
                    fonts.extend(found);
                }
                Err(e) => unreadable.push((p.clone(), e)),
            }
        }
    }
    let book = FontBook::from_infos(fonts.iter().map(|f| f.info().clone()));
    FontSet {
        fonts: Arc::new(fonts),
        book,
        files,
        unreadable,
    }
}

/// Values made once per process for each list of font folders (a process
/// sees one or two lists, so they live for the process).
pub struct PerFolders<T: 'static>(OnceLock<Mutex<Made<T>>>);

/// Each folder list with what was made for it.
type Made<T> = Vec<(Vec<PathBuf>, &'static T)>;

impl<T: Sync> PerFolders<T> {
    pub const fn new() -> Self {
        PerFolders(OnceLock::new())
    }

    /// The value for `dirs`, made by `make` the first time.
    pub fn get(&self, dirs: &[PathBuf], make: impl FnOnce() -> T) -> &'static T {
        let mut all = self
            .0
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some((_, v)) = all.iter().find(|(d, _)| d == dirs) {
            return v;
        }
        let v: &'static T = Box::leak(Box::new(make()));
        all.push((dirs.to_vec(), v));
        v
    }
}

impl<T: Sync> Default for PerFolders<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// The font set for these folders, loaded once per process.
pub fn shared(dirs: &[PathBuf]) -> &'static FontSet {
    static SETS: PerFolders<FontSet> = PerFolders::new();
    SETS.get(dirs, || load(dirs))
}

/// The font folders of a workspace: its `fonts/` when it has one.
pub fn workspace_dirs(root: &Path) -> Vec<PathBuf> {
    let dir = root.join(WORKSPACE_FONTS);
    if dir.is_dir() { vec![dir] } else { Vec::new() }
}
