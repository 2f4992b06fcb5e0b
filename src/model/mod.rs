//! The classification plan as data: every source kind's types, and the
//! loaded [`Plan`] that ties them together. Model types do no I/O and know
//! nothing about files beyond the [`FileId`] their spans belong to.
//!
//! Every source struct rejects unknown keys; `schema` derives the published
//! JSON Schema from these same types, so format, checker and editor
//! completion cannot drift apart.

pub mod adoption;
pub mod bulletin;
pub mod class;
pub mod common;
pub mod competency;
pub mod expr;
pub mod ident;
pub mod jurisdiction;
pub mod lint;
pub mod requirements;
pub mod series;

use std::collections::BTreeMap;

pub use adoption::{Adoption, Stage};
pub use bulletin::Bulletin;
pub use class::ClassSpec;
pub use common::{Date, LocalDateTime, PayRange, PayUnit, Sp, Text};
pub use competency::{CompetencyBank, CompetencyModel};
pub use ident::Id;
pub use jurisdiction::Jurisdiction;
pub use requirements::Requirements;

use crate::diag::{FileId, Span};

/// A bulletin's id: its file name without the one `.toml` extension, in
/// whatever folder under `bulletins/` it is (folders only organise files;
/// two files with one id are an error).
pub fn bulletin_id(rel: &str) -> String {
    file_stem(rel).to_string()
}

/// A source's file name without its one `.toml` extension.
pub fn file_stem(rel: &str) -> &str {
    let name = rel.rsplit(['/', '\\']).next().unwrap_or(rel);
    name.strip_suffix(".toml").unwrap_or(name)
}

/// A source value with the file it was loaded from.
#[derive(Clone, Debug)]
pub struct Loaded<T> {
    pub file: FileId,
    /// Workspace-relative path with `/` separators.
    pub path: String,
    /// Shared: a long-running process (`serve`) gives every load the same
    /// parse of an unchanged file (change one with `Arc::make_mut`).
    pub value: std::sync::Arc<T>,
}

impl<T> Loaded<T> {
    /// A span in this file.
    pub fn span(&self, range: &std::ops::Range<usize>) -> Span {
        Span::new(self.file, range.clone())
    }
}

impl<T> std::ops::Deref for Loaded<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// One jurisdiction with everything under its folder.
#[derive(Clone, Debug)]
pub struct JurisdictionPlan {
    pub def: Loaded<Jurisdiction>,
    /// Classes in file-path order (duplicates are reported, first one kept in `by_code`).
    pub classes: Vec<Loaded<ClassSpec>>,
    pub bank: Option<Loaded<CompetencyBank>>,
    pub models: Vec<Loaded<CompetencyModel>>,
    /// Position of the first class and model with each code (see [`Self::reindex`]).
    pub class_index: rustc_hash::FxHashMap<String, usize>,
    pub model_index: rustc_hash::FxHashMap<String, usize>,
}

impl JurisdictionPlan {
    pub fn new(def: Loaded<Jurisdiction>) -> Self {
        JurisdictionPlan {
            def,
            classes: Vec::new(),
            bank: None,
            models: Vec::new(),
            class_index: Default::default(),
            model_index: Default::default(),
        }
    }

    pub fn id(&self) -> &str {
        &self.def.id
    }

    /// Rebuild the lookup indexes after `classes` or `models` changed.
    pub fn reindex(&mut self) {
        self.class_index.clear();
        self.class_index.reserve(self.classes.len());
        for (i, c) in self.classes.iter().enumerate() {
            self.class_index.entry(c.code.to_string()).or_insert(i);
        }
        self.model_index.clear();
        for (i, m) in self.models.iter().enumerate() {
            self.model_index.entry(m.class.to_string()).or_insert(i);
        }
    }

    pub fn class(&self, code: &str) -> Option<&Loaded<ClassSpec>> {
        self.class_index.get(code).map(|&i| &self.classes[i])
    }

    pub fn model_for(&self, code: &str) -> Option<&Loaded<CompetencyModel>> {
        self.model_index.get(code).map(|&i| &self.models[i])
    }
}

/// The loaded plan: jurisdictions (by id) and bulletins (by id).
#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub jurisdictions: BTreeMap<String, JurisdictionPlan>,
    pub bulletins: BTreeMap<String, Loaded<Bulletin>>,
    /// Jurisdictions with a source that failed to load: references into
    /// them are not reported as missing (the load error says why).
    pub incomplete: std::collections::BTreeSet<String>,
}

/// What the rest of a plan looks like to one class's or bulletin's
/// cross-file rules and to the career graph's reading of its requirements:
/// the jurisdictions (their parses, ids, files and paths, whether they
/// loaded whole) and every class's file, path, code, title and state, in
/// order. Two plans of one shape resolve every class reference alike and
/// number the career graph's classes alike, so what was found for a class
/// or bulletin whose parse did not change can be kept (`serve`); two of one
/// frame (the same but for titles and states) number them alike, and
/// resolve alike every reference that looks up none of the titles renamed
/// ([`PlanShape::renamed`]). The
/// jurisdictions' parses are held, so their addresses are not reused while
/// a shape is compared against.
#[derive(Clone, Default)]
pub struct PlanShape {
    jurisdictions: Vec<std::sync::Arc<Jurisdiction>>,
    /// Everything but the classes' titles and states.
    frame: [u8; 32],
    /// Every class's jurisdiction (its position), code, title and state, in order.
    names: Vec<(u32, String, String, u8)>,
}

/// A class whose title or state differs between two plans of one frame
/// (see [`PlanShape::renamed`]): its jurisdiction, and its title before
/// and after.
pub struct Renamed<'a> {
    pub jurisdiction: &'a str,
    pub code: &'a str,
    pub before: &'a str,
    pub after: &'a str,
}

impl PlanShape {
    pub fn of(plan: &Plan) -> PlanShape {
        // Written out, then hashed once: hashing many short fields one by
        // one costs more than the bytes.
        fn text(b: &mut Vec<u8>, s: &str) {
            b.extend_from_slice(&(s.len() as u64).to_le_bytes());
            b.extend_from_slice(s.as_bytes());
        }
        let mut b = Vec::with_capacity(64 * 1024);
        let mut jurisdictions = Vec::with_capacity(plan.jurisdictions.len());
        let mut names = Vec::with_capacity(plan.jurisdictions.values().map(|j| j.classes.len()).sum());
        for (ji, (id, j)) in plan.jurisdictions.iter().enumerate() {
            jurisdictions.push(j.def.value.clone());
            text(&mut b, id);
            text(&mut b, &j.def.path);
            b.extend_from_slice(&j.def.file.0.to_le_bytes());
            b.extend_from_slice(&(j.classes.len() as u64).to_le_bytes());
            for c in &j.classes {
                b.extend_from_slice(&c.file.0.to_le_bytes());
                text(&mut b, &c.path);
                text(&mut b, &c.code);
                names.push((
                    ji as u32,
                    c.code.to_string(),
                    c.title.value.clone(),
                    c.status.state as u8,
                ));
            }
        }
        b.extend_from_slice(&(plan.incomplete.len() as u64).to_le_bytes());
        for id in &plan.incomplete {
            text(&mut b, id);
        }
        PlanShape {
            jurisdictions,
            frame: blake3::hash(&b).into(),
            names,
        }
    }

    fn same_frame(&self, other: &PlanShape) -> bool {
        self.frame == other.frame
            && self.names.len() == other.names.len()
            && self.jurisdictions.len() == other.jurisdictions.len()
            && self
                .jurisdictions
                .iter()
                .zip(&other.jurisdictions)
                .all(|(a, b)| std::sync::Arc::ptr_eq(a, b))
    }

    pub fn same(&self, other: &PlanShape) -> bool {
        self.same_frame(other) && self.names == other.names
    }

    /// When `now` has this shape's frame (the same jurisdictions, and
    /// classes in the same files, paths and codes), the classes whose
    /// title or state differ; `None` for another frame. A reference
    /// resolves alike in both unless it probes a title of one of them.
    pub fn renamed<'a>(&'a self, now: &'a PlanShape) -> Option<Vec<Renamed<'a>>> {
        if !self.same_frame(now) {
            return None;
        }
        Some(
            self.names
                .iter()
                .zip(&now.names)
                .filter(|(a, b)| a != b)
                .map(|((j, code, before, _), (_, _, after, _))| Renamed {
                    jurisdiction: self.jurisdictions[*j as usize].id.as_str(),
                    code,
                    before,
                    after,
                })
                .collect(),
        )
    }
}

/// A class reference `jurisdiction/code`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct ClassKey {
    pub jurisdiction: String,
    pub code: String,
}

impl ClassKey {
    pub fn parse(s: &str) -> Option<ClassKey> {
        let (j, c) = ClassKey::split(s)?;
        Some(ClassKey {
            jurisdiction: j.to_string(),
            code: c.to_string(),
        })
    }

    /// `jurisdiction/code` as its two parts, borrowed (what [`ClassKey::parse`]
    /// accepts).
    pub fn split(s: &str) -> Option<(&str, &str)> {
        let (j, c) = s.split_once('/')?;
        if j.is_empty() || c.is_empty() || c.contains('/') {
            return None;
        }
        Some((j, c))
    }
}

impl std::fmt::Display for ClassKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.jurisdiction, self.code)
    }
}

/// The error for a class reference that names none of `keys` (with the
/// nearest, when one is near).
pub fn no_class(reference: &str, keys: &[ClassKey]) -> String {
    let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
    let hint = crate::diag::did_you_mean(reference, keys.iter().map(String::as_str))
        .map(|m| format!("; did you mean `{m}`?"))
        .unwrap_or_default();
    format!("no class `{reference}`{hint} (`classplan list` shows them)")
}

impl Plan {
    pub fn class(&self, key: &ClassKey) -> Option<(&JurisdictionPlan, &Loaded<ClassSpec>)> {
        let j = self.jurisdictions.get(&key.jurisdiction)?;
        Some((j, j.class(&key.code)?))
    }

    /// Every class reference in the plan, sorted.
    pub fn class_keys(&self) -> Vec<ClassKey> {
        let mut keys: Vec<ClassKey> = self
            .jurisdictions
            .values()
            .flat_map(|j| {
                j.classes.iter().map(move |c| ClassKey {
                    jurisdiction: j.id().to_string(),
                    code: c.code.to_string(),
                })
            })
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }

    /// A bulletin by id (`la-city-1229-2025`) or by its file
    /// (`bulletins/la-city-1229-2025.toml`); the error says what exists.
    pub fn find_bulletin(&self, name: &str) -> Result<(&String, &Loaded<Bulletin>), String> {
        let id = bulletin_id(name.trim_start_matches("./"));
        if let Some(found) = self.bulletins.get_key_value(&id) {
            return Ok(found);
        }
        let hint = crate::diag::did_you_mean(&id, self.bulletins.keys().map(String::as_str))
            .map(|m| format!("; did you mean `{m}`?"))
            .unwrap_or_default();
        Err(format!("no bulletin `{id}`{hint} (`classplan list` shows them)"))
    }

    /// A class by reference (`la-city/1229`); the error says what exists.
    pub fn find_class(&self, reference: &str) -> Result<(ClassKey, &JurisdictionPlan, &Loaded<ClassSpec>), String> {
        if let Some(key) = ClassKey::parse(reference)
            && let Some((j, c)) = self.class(&key)
        {
            return Ok((key, j, c));
        }
        Err(no_class(reference, &self.class_keys()))
    }

    /// A bulletin's stage: its own, or its class's when that is earlier (a
    /// bulletin of a draft class is a draft).
    pub fn bulletin_stage(&self, b: &Bulletin) -> Stage {
        let own = Stage::of(b.adoption.as_ref());
        let class = ClassKey::parse(&b.class)
            .and_then(|k| self.class(&k))
            .map_or(Stage::Adopted, |(_, c)| Stage::of(c.adoption.as_ref()));
        own.min(class)
    }

    /// Whether any class or bulletin is not adopted.
    pub fn has_unadopted(&self) -> bool {
        self.jurisdictions
            .values()
            .flat_map(|j| &j.classes)
            .any(|c| !Stage::of(c.adoption.as_ref()).is_adopted())
            || self
                .bulletins
                .values()
                .any(|b| !Stage::of(b.adoption.as_ref()).is_adopted())
    }

    /// The plan as published: without the classes and bulletins that are
    /// not adopted (nor the bulletins of such classes, nor their
    /// competency models' documents).
    /// The plan as published: itself with `drafts` (or when everything is
    /// adopted), else [`Plan::adopted_only`]. What `build` and `export` work on.
    pub fn published(&self, drafts: bool) -> std::borrow::Cow<'_, Plan> {
        if drafts || !self.has_unadopted() {
            std::borrow::Cow::Borrowed(self)
        } else {
            std::borrow::Cow::Owned(self.adopted_only())
        }
    }

    pub fn adopted_only(&self) -> Plan {
        let mut p = self.clone();
        p.bulletins.retain(|_, b| self.bulletin_stage(b).is_adopted());
        for j in p.jurisdictions.values_mut() {
            j.classes.retain(|c| Stage::of(c.adoption.as_ref()).is_adopted());
            j.reindex();
        }
        p
    }

    /// The requirements that apply to a bulletin: its own, else its class's.
    pub fn bulletin_requirements<'a>(&'a self, b: &'a Bulletin) -> Option<&'a Requirements> {
        if let Some(r) = &b.requirements {
            return Some(r);
        }
        let key = ClassKey::parse(&b.class)?;
        self.class(&key)?.1.requirements.as_ref()
    }
}
