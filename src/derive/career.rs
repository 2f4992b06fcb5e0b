//! Career paths: the plan's promotion graph, read from the requirements
//! themselves. An experience item that names a class ("as a Systems Aide",
//! "at the level of Management Assistant") is an edge from that class to
//! the class whose requirement it is. [`Resolver`] is the one place a
//! [`ClassRef`] becomes a class of the plan (by code, then title, then a
//! normalised title, then a title with a level numeral of a class);
//! [`CareerGraph`] holds the classes and edges with what graph checks and
//! documents need: entry-level classes, classes no entry-level class
//! reaches, cycles (strongly connected components), breadth-first reach up
//! or down, and the quickest path in months from an entry-level class.
//!
//! Pure and bounded: building is linear in the references (hash lookups),
//! reachability a worklist over the edges, cycles Tarjan's algorithm
//! without recursion, distances Dijkstra's; no path is ever enumerated, so
//! long chains and cycles of 10,000 classes cost no more than their edges.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, VecDeque};
use std::ops::Range;

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use crate::diag::FileId;
use crate::model::class::{ClassSpec, State};
use crate::model::common::Sp;
use crate::model::expr::{Expr, RouteRef};
use crate::model::requirements::{ClassRef, Item, PartsNeeded, Requirements, Route};
use crate::model::{ClassKey, JurisdictionPlan, Plan, PlanShape};
use crate::text::normalize;

/// How a reference found its class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum How {
    /// Pinned by `class = "code"` (or `jurisdiction/code`).
    Code,
    /// The title, compared without letter case and punctuation.
    Title,
    /// The title normalised: plurals, "Sr."/"Senior", roman/arabic levels.
    Normalised,
    /// A level of a class: "Civil Engineering Associate II" is level 2 of
    /// the class "Civil Engineering Associate".
    Level,
}

/// What a class reference resolves to.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolution {
    Class(ClassKey, How),
    /// The title names several classes (all of them, sorted).
    Ambiguous(Vec<ClassKey>),
    /// No class has the title.
    Unresolved,
    /// The reference names a jurisdiction the plan does not have.
    NoJurisdiction(String),
    /// A pinned code the jurisdiction does not have.
    NoCode(ClassKey),
}

/// A title as a key beyond case and punctuation: "Sr." is "senior",
/// plurals are singular, roman level numerals are arabic, and a
/// parenthesised remark ("(formerly ...)") is dropped.
pub fn title_key(title: &str) -> String {
    let bare = title.split(" (").next().unwrap_or(title);
    key_of_normalized(&normalize(bare))
}

/// [`title_key`] of a title already [`normalize`]d (and without its
/// parenthesised remark): one pass, one allocation.
fn key_of_normalized(norm: &str) -> String {
    let mut key = String::with_capacity(norm.len() + 8);
    for (i, w) in norm.split(' ').enumerate() {
        if i > 0 {
            key.push(' ');
        }
        match w {
            "sr" => key.push_str("senior"),
            "jr" => key.push_str("junior"),
            "asst" => key.push_str("assistant"),
            _ => match roman(w) {
                Some(n) => key.push(char::from(b'0' + n as u8)),
                None => key.push_str(singular(w)),
            },
        }
    }
    key
}

/// A title's exact key ([`normalize`]) and its [`title_key`], computing
/// the normalised text once when the title has no remark.
fn title_keys(title: &str) -> (String, String) {
    let norm = normalize(title);
    let key = match title.split_once(" (") {
        None => key_of_normalized(&norm),
        Some(_) => title_key(title),
    };
    (norm, key)
}

fn roman(w: &str) -> Option<u32> {
    Some(match w {
        "i" => 1,
        "ii" => 2,
        "iii" => 3,
        "iv" => 4,
        "v" => 5,
        "vi" => 6,
        // Class levels stop well before IX ("Senior Clerk IX" is no level).
        _ => return None,
    })
}

fn singular(w: &str) -> &str {
    if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        &w[..w.len() - 1]
    } else {
        w
    }
}

/// Whether a reference's title names a class of title `class_title`: the
/// same after [`title_key`], or a level of it ("Civil Engineering
/// Associate II" of "Civil Engineering Associate").
pub fn same_class_title(written: &str, class_title: &str) -> bool {
    let (w, c) = (title_key(written), title_key(class_title));
    w == c || without_level(&w) == Some(c.as_str())
}

/// The key without a trailing level ("civil engineering associate 2" →
/// "civil engineering associate"), when it has one.
fn without_level(key: &str) -> Option<&str> {
    let (base, last) = key.rsplit_once(' ')?;
    (last.len() <= 2 && last.chars().all(|c| c.is_ascii_digit())).then_some(base)
}

/// What a reference (or a rule checking one) read of a jurisdiction's
/// classes, hashed (see [`probe`]): a plan whose classes are the same but
/// for some titles reads the same unless one of them is among what
/// [`renamed_probes`] gives for the classes renamed.
#[derive(Clone, Copy)]
pub enum Probe<'a> {
    /// An exact title key ([`normalize`]) looked up.
    Exact(&'a str),
    /// A [`title_key`] looked up.
    Normalised(&'a str),
    /// The title of the class with this code read.
    Code(&'a str),
    /// Every title read (a "did you mean").
    AnyTitle,
}

/// `what` was read in `jurisdiction`, hashed.
pub fn probe(jurisdiction: &str, what: Probe) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    jurisdiction.hash(&mut h);
    match what {
        Probe::Exact(k) => (0u8, k).hash(&mut h),
        Probe::Normalised(k) => (1u8, k).hash(&mut h),
        Probe::Code(c) => (2u8, c).hash(&mut h),
        Probe::AnyTitle => 3u8.hash(&mut h),
    }
    h.finish()
}

/// Every probe that may read otherwise after `renamed` (classes whose title
/// or state changed): the keys their titles fill before and after, their
/// codes, and every title of their jurisdictions.
pub fn renamed_probes(renamed: &[crate::model::Renamed]) -> rustc_hash::FxHashSet<u64> {
    let mut set = rustc_hash::FxHashSet::default();
    for c in renamed {
        for title in [c.before, c.after] {
            let (exact, key) = title_keys(title);
            set.insert(probe(c.jurisdiction, Probe::Exact(&exact)));
            set.insert(probe(c.jurisdiction, Probe::Normalised(&key)));
        }
        set.insert(probe(c.jurisdiction, Probe::Code(c.code)));
        set.insert(probe(c.jurisdiction, Probe::AnyTitle));
    }
    set
}

/// Title indexes of every jurisdiction: the one place references resolve
/// (`validate`, the graph, and `import` when it pins titles to codes).
pub struct Resolver<'a> {
    jurisdictions: BTreeMap<&'a str, Titles<'a>>,
}

/// One jurisdiction's classes as references find them.
struct Titles<'a> {
    id: &'a str,
    /// The first class of each code (duplicates are reported by
    /// `duplicate-class`).
    classes: Vec<&'a ClassSpec>,
    codes: HashMap<&'a str, usize>,
    /// key → positions in `classes`.
    exact: HashMap<String, Vec<usize>>,
    normalised: HashMap<String, Vec<usize>>,
}

impl<'a> Titles<'a> {
    fn new(id: &'a str, classes: impl IntoIterator<Item = &'a ClassSpec>) -> Self {
        let mut t = Titles {
            id,
            classes: Vec::new(),
            codes: HashMap::default(),
            exact: HashMap::default(),
            normalised: HashMap::default(),
        };
        for c in classes {
            if t.codes.contains_key(c.code.as_str()) {
                continue;
            }
            t.codes.insert(c.code.as_str(), t.classes.len());
            t.classes.push(c);
        }
        // The keys of every title, in parallel (most of a large plan's
        // index time), then indexed in class order.
        let keys: Vec<(String, String)> = t.classes.par_iter().map(|c| title_keys(&c.title)).collect();
        t.exact.reserve(keys.len());
        t.normalised.reserve(keys.len());
        for (i, (exact, key)) in keys.into_iter().enumerate() {
            t.exact.entry(exact).or_default().push(i);
            t.normalised.entry(key).or_default().push(i);
        }
        t
    }

    fn key(&self, i: usize) -> ClassKey {
        ClassKey {
            jurisdiction: self.id.to_string(),
            code: self.classes[i].code.to_string(),
        }
    }
}

impl<'a> Resolver<'a> {
    pub fn new(plan: &'a Plan) -> Self {
        // Each jurisdiction's index on its own (most of it is filling the
        // maps, one jurisdiction at a time).
        let jurisdictions: Vec<&JurisdictionPlan> = plan.jurisdictions.values().collect();
        Resolver {
            jurisdictions: jurisdictions
                .par_iter()
                .map(|j| (j.id(), Titles::new(j.id(), j.classes.iter().map(|c| &*c.value))))
                .collect::<Vec<_>>()
                .into_iter()
                .collect(),
        }
    }

    /// A resolver over one jurisdiction's classes that are not (yet) a
    /// loaded plan: `import` pins the titles of the bulletins it reads to
    /// the classes the workspace will have. The first class of a code
    /// counts, as in a plan.
    pub fn for_classes(jurisdiction: &'a str, classes: impl IntoIterator<Item = &'a ClassSpec>) -> Self {
        Resolver {
            jurisdictions: [(jurisdiction, Titles::new(jurisdiction, classes))].into(),
        }
    }

    /// Resolve a reference written in `from` (a jurisdiction id).
    pub fn resolve(&self, from: &str, r: &ClassRef) -> Resolution {
        self.resolve_probing(from, r, &mut Vec::new())
    }

    /// [`Resolver::resolve`], adding to `probes` each title key it looked
    /// up ([`probe`]): a class retitled so that it fills none of them,
    /// before or after, leaves the result alone.
    pub fn resolve_probing(&self, from: &str, r: &ClassRef, probes: &mut Vec<u64>) -> Resolution {
        let j_id = r.jurisdiction.as_deref().unwrap_or(from);
        if let Some(code) = &r.class {
            let key = match code.split_once('/') {
                Some(_) => match ClassKey::parse(code) {
                    Some(k) => k,
                    None => {
                        return Resolution::NoCode(ClassKey {
                            jurisdiction: j_id.to_string(),
                            code: code.clone(),
                        });
                    }
                },
                None => ClassKey {
                    jurisdiction: j_id.to_string(),
                    code: code.clone(),
                },
            };
            return match self.jurisdictions.get(key.jurisdiction.as_str()) {
                None => Resolution::NoJurisdiction(key.jurisdiction),
                Some(j) if j.codes.contains_key(key.code.as_str()) => Resolution::Class(key, How::Code),
                Some(_) => Resolution::NoCode(key),
            };
        }
        let Some(j) = self.jurisdictions.get(j_id) else {
            return Resolution::NoJurisdiction(j_id.to_string());
        };
        // Each key only when the one before found nothing.
        let mut key = None;
        let norm = normalize(&r.title);
        for how in [How::Title, How::Normalised, How::Level] {
            let found = match how {
                How::Title => {
                    probes.push(probe(j_id, Probe::Exact(&norm)));
                    j.exact.get(&norm)
                }
                How::Normalised => {
                    let k = match r.title.contains(" (") {
                        false => key_of_normalized(&norm),
                        true => title_key(&r.title),
                    };
                    probes.push(probe(j_id, Probe::Normalised(&k)));
                    j.normalised.get(key.insert(k).as_str())
                }
                _ => key.as_deref().and_then(without_level).and_then(|base| {
                    probes.push(probe(j_id, Probe::Normalised(base)));
                    j.normalised.get(base)
                }),
            };
            let Some(found) = found else { continue };
            let keys = |idx: &mut dyn Iterator<Item = &usize>| -> Vec<ClassKey> {
                let mut v: Vec<ClassKey> = idx.map(|&i| j.key(i)).collect();
                v.sort();
                v
            };
            // Several classes of one title: an active one over abolished ones.
            let active: Vec<&usize> = found
                .iter()
                .filter(|&&i| j.classes[i].status.state == State::Active)
                .collect();
            let mut one = match (found.len(), active.len()) {
                (1, _) => keys(&mut found.iter()),
                (_, 1) => keys(&mut active.into_iter()),
                _ => return Resolution::Ambiguous(keys(&mut found.iter())),
            };
            return Resolution::Class(one.remove(0), how);
        }
        Resolution::Unresolved
    }

    /// Up to three titles of `jurisdiction` close to `title`, best first:
    /// the "did you mean" of an unresolved reference; `except` (the class whose requirement it is) is never proposed.
    pub fn near(&self, jurisdiction: &str, title: &str, except: Option<&ClassKey>) -> Vec<(ClassKey, String)> {
        let Some(j) = self.jurisdictions.get(jurisdiction) else {
            return Vec::new();
        };
        let want = title_key(title);
        let mut scored: Vec<(f64, ClassKey, String)> = j
            .classes
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let k = title_key(&c.title);
                let mut s = strsim::jaro_winkler(&want, &k);
                // "Police Officer and/or Police Detective" names "Police Officer".
                if k.len() >= 6 && (want.starts_with(&k) || want.contains(&format!(" {k}"))) {
                    s = s.max(0.9);
                }
                (s, j.key(i), c.title.value.clone())
            })
            .filter(|(s, k, _)| *s >= 0.88 && Some(k) != except)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        scored.into_iter().take(3).map(|(_, k, t)| (k, t)).collect()
    }

    /// A jurisdiction id close to `id`.
    pub fn near_jurisdiction(&self, id: &str) -> Option<&'a str> {
        crate::diag::did_you_mean(id, self.jurisdictions.keys().copied())
    }
}

/// A class of the graph.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Node {
    pub key: ClassKey,
    pub title: String,
    pub abolished: bool,
    /// Some way to qualify names no class of the plan.
    pub entry: bool,
    /// Some chain of classes from an entry-level class leads here (each
    /// step through a way to qualify whose named classes are reachable
    /// and not abolished).
    pub reachable: bool,
    /// Draft, proposed or adopted (the first two are in the graph only
    /// with `--drafts`).
    pub stage: crate::model::Stage,
    /// The series, else the department of its bulletins: how the paths
    /// page groups classes.
    pub group: Option<String>,
    pub file: FileId,
}

/// Experience in `from` that counts toward `to`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    /// The route or part of `to`'s requirements ("2", "1b").
    pub route: String,
    /// Full-time months of experience the item asks (none stated: `None`).
    pub months: Option<f64>,
    /// "at the level of" `from` rather than "as a" `from`.
    pub at_level: bool,
    /// The title as the requirement writes it.
    pub title: String,
    pub how: How,
    /// Where the experience item is.
    pub file: FileId,
    pub span: Range<usize>,
}

/// What reading one class's requirements found: its references' fate,
/// the loose ones and its edges.
#[derive(Clone, Default)]
struct Found {
    refs: RefCounts,
    loose: Vec<LooseRef>,
    edges: Vec<Edge>,
    /// The title keys its references looked up ([`probe`]).
    probes: Vec<u64>,
}

impl RefCounts {
    fn add(&mut self, o: &RefCounts) {
        self.total += o.total;
        self.resolved += o.resolved;
        self.own += o.own;
        self.ambiguous += o.ambiguous;
        self.unresolved += o.unresolved;
    }
}

/// The class groups of a list of items (one group per experience item
/// that names classes of the plan), adding an edge to `found` per class
/// named (`index`: the graph's nodes by class).
#[allow(clippy::too_many_arguments)]
fn item_groups(
    index: &HashMap<ClassKey, usize>,
    found: &mut Found,
    resolver: &Resolver,
    jurisdiction: &str,
    to: usize,
    at: RouteRef,
    items: &[Sp<Item>],
    file: FileId,
    hours: f64,
) -> Vec<Vec<usize>> {
    let mut groups = Vec::new();
    for item in items {
        let Item::Experience(e) = &item.value else { continue };
        let months = crate::derive::requirements::fte_months(e, hours);
        let mut group = Vec::new();
        let mut outside = false;
        let refs = e
            .in_classes
            .iter()
            .map(|r| (r, false))
            .chain(e.at_level_of.iter().map(|r| (r, true)));
        for (r, at_level) in refs {
            found.refs.total += 1;
            let loose = |candidates: Vec<ClassKey>| LooseRef {
                to,
                route: at.to_string(),
                title: r.title.clone(),
                candidates,
            };
            match resolver.resolve_probing(jurisdiction, r, &mut found.probes) {
                Resolution::Class(k, how) => {
                    let Some(&from) = index.get(&k) else {
                        // Not a class of the graph (a duplicate code).
                        found.refs.unresolved += 1;
                        found.loose.push(loose(Vec::new()));
                        continue;
                    };
                    if from == to {
                        // A level of the class itself (I → II): no step.
                        found.refs.own += 1;
                        outside = true;
                        continue;
                    }
                    found.refs.resolved += 1;
                    group.push(from);
                    found.edges.push(Edge {
                        from,
                        to,
                        route: at.to_string(),
                        months,
                        at_level,
                        title: r.title.clone(),
                        how,
                        file,
                        span: item.span.clone(),
                    });
                }
                // A class the plan does not have (or cannot tell): it
                // may be gained elsewhere, so it blocks nothing.
                Resolution::Ambiguous(keys) => {
                    found.refs.ambiguous += 1;
                    found.loose.push(loose(keys));
                    outside = true;
                }
                Resolution::Unresolved | Resolution::NoJurisdiction(_) | Resolution::NoCode(_) => {
                    found.refs.unresolved += 1;
                    found.loose.push(loose(Vec::new()));
                    outside = true;
                }
            }
        }
        if !group.is_empty() && !outside {
            groups.push(group);
        }
    }
    groups
}

/// How the class references of the plan's requirements resolved.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefCounts {
    /// Every class named by an experience item ("as a", "at the level of").
    pub total: usize,
    /// Found another class of the plan: a step.
    pub resolved: usize,
    /// Found the class itself (or a level of it): no step.
    pub own: usize,
    /// Found several classes.
    pub ambiguous: usize,
    /// Found no class (a title, code or jurisdiction the plan lacks).
    pub unresolved: usize,
}

/// A class reference that is no step: no class, or several.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LooseRef {
    /// The class whose requirement names it.
    pub to: usize,
    pub route: String,
    /// The title as the requirement writes it.
    pub title: String,
    /// The classes an ambiguous title names (empty: unresolved).
    pub candidates: Vec<ClassKey>,
}

/// The plan's promotion graph.
#[derive(Clone, Debug, Default)]
pub struct CareerGraph {
    pub nodes: Vec<Node>,
    /// Sorted by (to, from, route): deterministic whatever the input order.
    pub edges: Vec<Edge>,
    /// Edge positions by `from` and by `to`.
    pub out: Vec<Vec<usize>>,
    pub inc: Vec<Vec<usize>>,
    /// Shared by the graphs of plans of one shape (see `Reads`).
    index: std::sync::Arc<HashMap<ClassKey, usize>>,
    /// What became of every class reference of the requirements.
    pub refs: RefCounts,
    /// The references that found no class, or several, in the order of
    /// the nodes whose requirements they are in.
    pub loose: Vec<LooseRef>,
    /// Per node, its requirement set reduced to what reachability needs.
    reqs: Vec<Option<std::sync::Arc<Reduced>>>,
}

/// A requirement set as reachability sees it: the expression, and per
/// route (and part) the groups of classes of which one is needed.
#[derive(Clone, Debug)]
struct Reduced {
    expr: Expr,
    routes: Vec<ReducedRoute>,
}

#[derive(Clone, Debug, Default)]
struct ReducedRoute {
    own: Vec<Vec<usize>>,
    parts: Vec<Vec<Vec<usize>>>,
    all_parts: bool,
}

/// Breadth-first reach from a class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// The classes whose experience leads to it.
    Up,
    /// The classes it leads to.
    Down,
}

/// What [`CareerGraph::reach`] finds.
#[derive(Clone, Debug, Default)]
pub struct Reach {
    /// Nodes with their distance in steps, nearest first.
    pub nodes: Vec<(usize, u32)>,
    /// Edges between the nodes found.
    pub edges: Vec<usize>,
    /// Some nodes lie beyond the depth asked for.
    pub truncated: bool,
}

/// The quickest way from an entry-level class, in months.
#[derive(Clone, Debug)]
pub struct Quickest {
    /// Months along the path (experience of no stated amount counts 0).
    pub months: f64,
    /// The edges from the entry-level class, in order.
    pub path: Vec<usize>,
}

/// The parsed documents a plan is made of, by identity: two plans with
/// equal parts are made of the very same parses (the loader shares an
/// unchanged file's parse between loads; a command that checks and then
/// builds uses one plan), so their graphs are equal. The parts are held,
/// so no address is reused while they are compared against.
#[derive(Default)]
struct PlanParts {
    jurisdictions: Vec<std::sync::Arc<crate::model::Jurisdiction>>,
    classes: Vec<std::sync::Arc<ClassSpec>>,
    bulletins: Vec<std::sync::Arc<crate::model::Bulletin>>,
    /// Every part's file id and path, and each bulletin's id.
    names: Vec<(FileId, String)>,
}

impl PlanParts {
    fn of(plan: &Plan) -> PlanParts {
        let classes: usize = plan.jurisdictions.values().map(|j| j.classes.len()).sum();
        let mut p = PlanParts {
            jurisdictions: Vec::with_capacity(plan.jurisdictions.len()),
            classes: Vec::with_capacity(classes),
            bulletins: Vec::with_capacity(plan.bulletins.len()),
            names: Vec::with_capacity(plan.jurisdictions.len() + classes + 2 * plan.bulletins.len()),
        };
        for j in plan.jurisdictions.values() {
            p.jurisdictions.push(j.def.value.clone());
            p.names.push((j.def.file, j.def.path.clone()));
            for c in &j.classes {
                p.classes.push(c.value.clone());
                p.names.push((c.file, c.path.clone()));
            }
        }
        for (id, b) in &plan.bulletins {
            p.bulletins.push(b.value.clone());
            p.names.push((b.file, id.clone()));
            p.names.push((b.file, b.path.clone()));
        }
        p
    }

    /// Whether `plan` is made of these very parts (compared in place:
    /// most plans asked about are).
    fn are(&self, plan: &Plan) -> bool {
        use std::sync::Arc;
        let classes: usize = plan.jurisdictions.values().map(|j| j.classes.len()).sum();
        if self.jurisdictions.len() != plan.jurisdictions.len()
            || self.classes.len() != classes
            || self.bulletins.len() != plan.bulletins.len()
        {
            return false;
        }
        let mut names = self.names.iter();
        let mut name = |file: FileId, s: &str| names.next().is_some_and(|(f, n)| *f == file && n == s);
        let mut classes = self.classes.iter();
        for (j, kept) in plan.jurisdictions.values().zip(&self.jurisdictions) {
            if !Arc::ptr_eq(&j.def.value, kept) || !name(j.def.file, &j.def.path) {
                return false;
            }
            for c in &j.classes {
                if !classes.next().is_some_and(|k| Arc::ptr_eq(&c.value, k)) || !name(c.file, &c.path) {
                    return false;
                }
            }
        }
        plan.bulletins
            .iter()
            .zip(&self.bulletins)
            .all(|((id, b), kept)| Arc::ptr_eq(&b.value, kept) && name(b.file, id) && name(b.file, &b.path))
    }
}

/// The parse a class's requirements are read from: its spec's, or (for a
/// class whose spec states none) its bulletin's.
#[derive(Clone)]
enum Owner {
    Class(std::sync::Arc<ClassSpec>),
    Bulletin(std::sync::Arc<crate::model::Bulletin>),
}

impl Owner {
    fn same(&self, other: &Owner) -> bool {
        match (self, other) {
            (Owner::Class(a), Owner::Class(b)) => std::sync::Arc::ptr_eq(a, b),
            (Owner::Bulletin(a), Owner::Bulletin(b)) => std::sync::Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// What each class's requirements read to in the last graph [`CareerGraph::shared`]
/// built: in a plan of the same [`PlanShape`] frame (so the same classes
/// and node numbers), a class whose requirements are in the same parse
/// (held here) and file, and looked up no title key of a class retitled
/// since, reads the same.
#[derive(Default)]
struct Reads {
    shape: std::sync::Arc<PlanShape>,
    /// The nodes by class (the same in a plan of the same shape).
    index: std::sync::Arc<HashMap<ClassKey, usize>>,
    /// By node.
    by: Vec<Option<Read>>,
}

struct Read {
    owner: Owner,
    file: FileId,
    reduced: std::sync::Arc<Reduced>,
    found: std::sync::Arc<Found>,
    /// Some way to qualify names no class of the plan.
    entry: bool,
}

/// One class's requirements (node `n`'s, in `file`) as reachability sees
/// them, with the references and steps they name.
fn read_requirements(
    g: &CareerGraph,
    resolver: &Resolver,
    n: usize,
    r: &Requirements,
    file: FileId,
    hours: f64,
) -> (Reduced, Found) {
    let jurisdiction = g.nodes[n].key.jurisdiction.as_str();
    let mut found = Found::default();
    let mut reduced = Reduced {
        expr: r.expr().unwrap_or_else(|_| Expr::any_of(r.routes.len())),
        routes: Vec::with_capacity(r.routes.len()),
    };
    for (ri, route) in r.routes.iter().enumerate() {
        let mut rr = ReducedRoute {
            all_parts: route.parts_needed == PartsNeeded::All,
            ..Default::default()
        };
        let at = RouteRef::route(ri + 1);
        let mut groups = |at, items: &[Sp<Item>]| {
            item_groups(&g.index, &mut found, resolver, jurisdiction, n, at, items, file, hours)
        };
        rr.own = groups(at, &route.items);
        for (pi, part) in route.parts.iter().enumerate() {
            let at = RouteRef {
                route: ri + 1,
                part: Some(pi),
            };
            rr.parts.push(groups(at, &part.items));
        }
        reduced.routes.push(rr);
    }
    (reduced, found)
}

/// The last graph [`CareerGraph::shared`] built, the parts of its plan,
/// and what its classes' requirements read to.
type Last = (PlanParts, std::sync::Arc<CareerGraph>, Reads);

impl CareerGraph {
    /// [`CareerGraph::build`], built once for a plan made of the same
    /// parses as the last one asked for (see `PlanParts`): `check` and
    /// `build` in one run, and `serve`'s check and build after each edit,
    /// share it. For a plan of the last one's shape, only the
    /// requirements whose parse changed are read again (`Reads`). Without
    /// a `resolver`, one is made when the graph is built; without the
    /// plan's `shape` (which `serve`'s check makes for its own use), it
    /// is made here.
    pub fn shared(
        plan: &Plan,
        resolver: Option<&Resolver>,
        shape: Option<&std::sync::Arc<PlanShape>>,
    ) -> std::sync::Arc<CareerGraph> {
        static LAST: std::sync::Mutex<Option<Last>> = std::sync::Mutex::new(None);
        let mut prior = None;
        if let Ok(mut last) = LAST.lock() {
            if let Some((p, g, _)) = &*last
                && p.are(plan)
            {
                return g.clone();
            }
            prior = last.take().map(|(_, _, reads)| reads);
        }
        let parts = PlanParts::of(plan);
        let shape = shape
            .cloned()
            .unwrap_or_else(|| std::sync::Arc::new(PlanShape::of(plan)));
        // In a plan of the same frame, a class retitled (or abolished, or
        // restored) changes only the reading of requirements that looked
        // up one of its titles' keys, before or after.
        let mut renamed: rustc_hash::FxHashSet<u64> = Default::default();
        let prior = prior.filter(|r| match r.shape.renamed(&shape) {
            Some(classes) => {
                renamed = renamed_probes(&classes);
                true
            }
            None => false,
        });
        let (g, by) = match resolver {
            Some(r) => Self::build_reusing(plan, r, prior.as_ref(), &renamed),
            None => Self::build_reusing(plan, &Resolver::new(plan), prior.as_ref(), &renamed),
        };
        let g = std::sync::Arc::new(g);
        if let Ok(mut last) = LAST.lock() {
            let index = g.index.clone();
            *last = Some((parts, g.clone(), Reads { shape, index, by }));
        }
        g
    }

    /// The graph of every class of the plan, from its class spec's
    /// requirements (or, for a class whose spec states none, from those of
    /// its bulletin that sorts last).
    pub fn build(plan: &Plan, resolver: &Resolver) -> CareerGraph {
        Self::build_reusing(plan, resolver, None, &Default::default()).0
    }

    /// [`CareerGraph::build`], taking what a class's requirements read to
    /// from `prior` (of a plan of the same frame) when they are in the same
    /// parse and file and looked up none of the title keys in `renamed`,
    /// with what they read to now.
    fn build_reusing(
        plan: &Plan,
        resolver: &Resolver,
        prior: Option<&Reads>,
        renamed: &rustc_hash::FxHashSet<u64>,
    ) -> (CareerGraph, Vec<Option<Read>>) {
        let mut g = CareerGraph::default();
        // The same shape numbers the same classes alike.
        let mut index = match prior {
            Some(p) => Err(p.index.clone()),
            None => Ok(HashMap::default()),
        };
        // By (jurisdiction, code), borrowed: a class's bulletins' departments
        // with their counts, and the requirements of its last bulletin.
        let mut departments: HashMap<(&str, &str), Vec<(&str, usize)>> = HashMap::default();
        let mut bulletin_reqs: HashMap<(&str, &str), (&crate::model::Loaded<crate::model::Bulletin>, &Requirements)> =
            HashMap::default();
        for b in plan.bulletins.values() {
            let Some(k) = ClassKey::split(&b.class) else { continue };
            if let Some(d) = &b.department {
                let counts = departments.entry(k).or_default();
                match counts.iter_mut().find(|(name, _)| *name == d.as_str()) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((d.as_str(), 1)),
                }
            }
            if let Some(r) = &b.requirements {
                bulletin_reqs.insert(k, (b, r));
            }
        }
        let classes: usize = plan.jurisdictions.values().map(|j| j.classes.len()).sum();
        g.nodes.reserve(classes);
        let mut sets: Vec<(usize, FileId, &Requirements, f64, Owner)> = Vec::with_capacity(classes);
        for j in plan.jurisdictions.values() {
            for (i, c) in j.classes.iter().enumerate() {
                if j.class_index.get(c.code.as_str()) != Some(&i) {
                    continue;
                }
                let key = ClassKey {
                    jurisdiction: j.id().to_string(),
                    code: c.code.to_string(),
                };
                let borrowed = (j.id(), c.code.as_str());
                // The department most of its bulletins name (ties: the first by name).
                let group = c.series.as_ref().map(|s| s.name.clone()).or_else(|| {
                    departments.get(&borrowed).and_then(|d| {
                        d.iter()
                            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
                            .map(|(d, _)| d.to_string())
                    })
                });
                let n = g.nodes.len();
                let req = match &c.requirements {
                    Some(r) => Some((c.file, r, Owner::Class(c.value.clone()))),
                    None => bulletin_reqs
                        .get(&borrowed)
                        .map(|&(b, r)| (b.file, r, Owner::Bulletin(b.value.clone()))),
                };
                if let Some((file, r, owner)) = req {
                    sets.push((n, file, r, j.def.pay.hours_per_year, owner));
                }
                if let Ok(index) = &mut index {
                    index.insert(key.clone(), n);
                }
                g.nodes.push(Node {
                    key,
                    title: c.title.value.clone(),
                    abolished: c.status.state == State::Abolished,
                    entry: true,
                    reachable: false,
                    stage: crate::model::Stage::of(c.adoption.as_ref()),
                    group,
                    file: c.file,
                });
            }
        }
        g.index = match index {
            Ok(index) => std::sync::Arc::new(index),
            Err(kept) => kept,
        };
        g.reqs = vec![None; g.nodes.len()];
        // Each class's requirements are read on their own (in parallel:
        // reading every item of a large plan is most of the graph's time),
        // then merged in node order, so the result does not depend on it.
        let read: Vec<(usize, Read)> = sets
            .into_par_iter()
            .map(|(n, file, r, hours, owner)| {
                let kept = prior.and_then(|p| p.by.get(n)?.as_ref()).filter(|p| {
                    p.owner.same(&owner) && p.file == file && !p.found.probes.iter().any(|h| renamed.contains(h))
                });
                let (reduced, found, entry) = match kept {
                    Some(p) => (p.reduced.clone(), p.found.clone(), p.entry),
                    None => {
                        let (reduced, found) = read_requirements(&g, resolver, n, r, file, hours);
                        let entry = reduced.satisfied(&|_| false);
                        (std::sync::Arc::new(reduced), std::sync::Arc::new(found), entry)
                    }
                };
                let read = Read {
                    owner,
                    file,
                    reduced,
                    found,
                    entry,
                };
                (n, read)
            })
            .collect();
        let mut kept: Vec<Option<Read>> = Vec::new();
        kept.resize_with(g.nodes.len(), || None);
        let edges: usize = read.iter().map(|(_, r)| r.found.edges.len()).sum();
        g.edges.reserve(edges);
        for (n, r) in read {
            let found = &*r.found;
            g.nodes[n].entry = r.entry;
            g.reqs[n] = Some(r.reduced.clone());
            g.refs.add(&found.refs);
            g.loose.extend(found.loose.iter().cloned());
            g.edges.extend(found.edges.iter().cloned());
            kept[n] = Some(r);
        }
        g.edges
            .sort_by(|a, b| (a.to, a.from, &a.route, a.at_level).cmp(&(b.to, b.from, &b.route, b.at_level)));
        g.edges
            .dedup_by(|a, b| (a.to, a.from, &a.route) == (b.to, b.from, &b.route));
        g.out = vec![Vec::new(); g.nodes.len()];
        g.inc = vec![Vec::new(); g.nodes.len()];
        for (i, e) in g.edges.iter().enumerate() {
            g.out[e.from].push(i);
            g.inc[e.to].push(i);
        }
        g.mark_reachable();
        (g, kept)
    }

    fn mark_reachable(&mut self) {
        let mut reachable = vec![false; self.nodes.len()];
        let mut queue: VecDeque<usize> = VecDeque::new();
        for (i, n) in self.nodes.iter().enumerate() {
            if n.entry {
                reachable[i] = true;
                queue.push_back(i);
            }
        }
        // A class becomes reachable when one of its ways to qualify has, in
        // every group, a class that is reachable and not abolished; it is
        // looked at again only when a class it names becomes reachable.
        while let Some(u) = queue.pop_front() {
            if self.nodes[u].abolished {
                continue;
            }
            for &e in &self.out[u] {
                let v = self.edges[e].to;
                if reachable[v] {
                    continue;
                }
                let ok = |c: usize| reachable[c] && !self.nodes[c].abolished;
                if self.reqs[v].as_ref().is_some_and(|r| r.satisfied(&ok)) {
                    reachable[v] = true;
                    queue.push_back(v);
                }
            }
        }
        for (n, r) in self.nodes.iter_mut().zip(reachable) {
            n.reachable = r;
        }
    }

    /// The graph as bytes, for keeping it between runs (`paths` keeps the
    /// plan's graph in the output directory): its classes, steps and
    /// references; [`CareerGraph::decode`] rebuilds the rest.
    pub fn encode(&self) -> Vec<u8> {
        #[derive(Serialize)]
        struct Parts<'a> {
            nodes: &'a [Node],
            edges: &'a [Edge],
            refs: RefCounts,
            loose: &'a [LooseRef],
        }
        let parts = Parts {
            nodes: &self.nodes,
            edges: &self.edges,
            refs: self.refs,
            loose: &self.loose,
        };
        postcard::to_stdvec(&parts).unwrap_or_default()
    }

    /// A graph from [`CareerGraph::encode`]'s bytes, or `None` when they
    /// are not such a graph. It answers what reports ask (reach, the
    /// quickest ways in, cycles, the classes' and steps' facts) as the
    /// encoded graph did; what each class's requirements reduce to is not
    /// kept, so it is not built on again.
    pub fn decode(bytes: &[u8]) -> Option<CareerGraph> {
        #[derive(Deserialize)]
        struct Parts {
            nodes: Vec<Node>,
            edges: Vec<Edge>,
            refs: RefCounts,
            loose: Vec<LooseRef>,
        }
        let p: Parts = postcard::from_bytes(bytes).ok()?;
        let n = p.nodes.len();
        if p.edges.iter().any(|e| e.from >= n || e.to >= n) || p.loose.iter().any(|l| l.to >= n) {
            return None;
        }
        let mut index = HashMap::default();
        for (i, node) in p.nodes.iter().enumerate() {
            if index.insert(node.key.clone(), i).is_some() {
                return None;
            }
        }
        let mut g = CareerGraph {
            out: vec![Vec::new(); n],
            inc: vec![Vec::new(); n],
            index: std::sync::Arc::new(index),
            reqs: vec![None; n],
            nodes: p.nodes,
            edges: p.edges,
            refs: p.refs,
            loose: p.loose,
        };
        for (i, e) in g.edges.iter().enumerate() {
            g.out[e.from].push(i);
            g.inc[e.to].push(i);
        }
        Some(g)
    }

    pub fn find(&self, key: &ClassKey) -> Option<usize> {
        self.index.get(key).copied()
    }

    /// Breadth-first from `start`, up or down, at most `depth` steps.
    pub fn reach(&self, start: usize, dir: Direction, depth: Option<u32>) -> Reach {
        let mut dist: HashMap<usize, u32> = HashMap::default();
        dist.insert(start, 0);
        let mut order = vec![(start, 0)];
        let mut queue = VecDeque::from([start]);
        let mut truncated = false;
        while let Some(u) = queue.pop_front() {
            let d = dist[&u];
            let next = match dir {
                Direction::Up => &self.inc[u],
                Direction::Down => &self.out[u],
            };
            for &e in next {
                let v = match dir {
                    Direction::Up => self.edges[e].from,
                    Direction::Down => self.edges[e].to,
                };
                if dist.contains_key(&v) {
                    continue;
                }
                if depth.is_some_and(|max| d >= max) {
                    truncated = true;
                    continue;
                }
                dist.insert(v, d + 1);
                order.push((v, d + 1));
                queue.push_back(v);
            }
        }
        let mut edges: Vec<usize> = order
            .iter()
            .flat_map(|&(u, _)| self.out[u].iter().copied())
            .filter(|&e| dist.contains_key(&self.edges[e].to))
            .collect();
        edges.sort_unstable();
        Reach {
            nodes: order,
            edges,
            truncated,
        }
    }

    /// For every class, the quickest way from an entry-level class
    /// (Dijkstra's from all of them at once; ties go to the lower class
    /// and edge positions, so the answer is deterministic).
    pub fn quickest(&self) -> Vec<Option<Quickest>> {
        let n = self.nodes.len();
        let mut dist: Vec<Option<f64>> = vec![None; n];
        let mut via: Vec<Option<usize>> = vec![None; n];
        let mut heap: BinaryHeap<Reverse<(Months, usize)>> = BinaryHeap::new();
        for (i, node) in self.nodes.iter().enumerate() {
            if node.entry {
                dist[i] = Some(0.0);
                heap.push(Reverse((Months(0.0), i)));
            }
        }
        while let Some(Reverse((Months(d), u))) = heap.pop() {
            if dist[u].is_some_and(|best| d > best) || self.nodes[u].abolished && !self.nodes[u].entry {
                continue;
            }
            for &e in &self.out[u] {
                let edge = &self.edges[e];
                let nd = d + edge.months.unwrap_or(0.0);
                if dist[edge.to].is_none_or(|best| nd < best) {
                    dist[edge.to] = Some(nd);
                    via[edge.to] = Some(e);
                    heap.push(Reverse((Months(nd), edge.to)));
                }
            }
        }
        (0..n)
            .map(|i| {
                let months = dist[i]?;
                let mut path = Vec::new();
                let mut at = i;
                // Each step strictly follows a settled predecessor; the
                // bound guards against a tie loop all the same.
                while let Some(e) = via[at] {
                    if path.len() > n {
                        break;
                    }
                    path.push(e);
                    at = self.edges[e].from;
                }
                path.reverse();
                Some(Quickest { months, path })
            })
            .collect()
    }

    /// Strongly connected components of more than one class (cycles), each
    /// sorted, in the order of their first class. Tarjan's algorithm with
    /// an explicit stack: chains of any length, no recursion.
    pub fn cycles(&self) -> Vec<Vec<usize>> {
        let n = self.nodes.len();
        let mut index = vec![usize::MAX; n];
        let mut low = vec![0usize; n];
        let mut on_stack = vec![false; n];
        let mut stack: Vec<usize> = Vec::new();
        let mut next = 0usize;
        let mut out = Vec::new();
        for root in 0..n {
            if index[root] != usize::MAX {
                continue;
            }
            // (node, position in its out-edges)
            let mut call: Vec<(usize, usize)> = vec![(root, 0)];
            index[root] = next;
            low[root] = next;
            next += 1;
            stack.push(root);
            on_stack[root] = true;
            while let Some(&mut (u, ref mut pos)) = call.last_mut() {
                if let Some(&e) = self.out[u].get(*pos) {
                    *pos += 1;
                    let v = self.edges[e].to;
                    if index[v] == usize::MAX {
                        index[v] = next;
                        low[v] = next;
                        next += 1;
                        stack.push(v);
                        on_stack[v] = true;
                        call.push((v, 0));
                    } else if on_stack[v] {
                        low[u] = low[u].min(index[v]);
                    }
                    continue;
                }
                call.pop();
                if let Some(&(parent, _)) = call.last() {
                    low[parent] = low[parent].min(low[u]);
                }
                if low[u] == index[u] {
                    let mut comp = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp.push(w);
                        if w == u {
                            break;
                        }
                    }
                    if comp.len() > 1 {
                        comp.sort_unstable();
                        out.push(comp);
                    }
                }
            }
        }
        out.sort();
        out
    }

    /// The longest chain of steps through the graph with its cycles
    /// contracted (a step inside a cycle does not count): the plan's
    /// deepest career ladder.
    pub fn longest_path(&self) -> usize {
        let n = self.nodes.len();
        let mut comp_of: Vec<usize> = (0..n).collect();
        for c in self.cycles() {
            for &m in &c {
                comp_of[m] = c[0];
            }
        }
        // Kahn's order over the contracted graph.
        let mut indeg = vec![0usize; n];
        let mut succ: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
        for e in &self.edges {
            let (a, b) = (comp_of[e.from], comp_of[e.to]);
            if a != b && succ[a].insert(b) {
                indeg[b] += 1;
            }
        }
        let mut depth = vec![0usize; n];
        let mut queue: VecDeque<usize> = (0..n).filter(|&i| comp_of[i] == i && indeg[i] == 0).collect();
        let mut best = 0;
        while let Some(u) = queue.pop_front() {
            best = best.max(depth[u]);
            for &v in &succ[u] {
                depth[v] = depth[v].max(depth[u] + 1);
                indeg[v] -= 1;
                if indeg[v] == 0 {
                    queue.push_back(v);
                }
            }
        }
        best
    }
}

/// Months ordered for the heap (never NaN: amounts are finite).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Months(f64);
impl Eq for Months {}
impl PartialOrd for Months {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Months {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

impl Reduced {
    /// Whether some way to qualify is open when `ok` says which classes
    /// count: every group of a route needs one class that is ok.
    fn satisfied(&self, ok: &dyn Fn(usize) -> bool) -> bool {
        let groups_ok = |groups: &[Vec<usize>]| groups.iter().all(|g| g.iter().any(|&c| ok(c)));
        self.expr.eval(&|at: RouteRef| {
            let Some(route) = at.route.checked_sub(1).and_then(|i| self.routes.get(i)) else {
                return false;
            };
            if !groups_ok(&route.own) {
                return false;
            }
            match at.part {
                Some(p) => route.parts.get(p).is_some_and(|g| groups_ok(g)),
                None if route.parts.is_empty() => true,
                None if route.all_parts => route.parts.iter().all(|g| groups_ok(g)),
                None => route.parts.iter().any(|g| groups_ok(g)),
            }
        })
    }
}

/// Every experience item of a requirement set with its route reference.
pub fn experience_refs(r: &Requirements) -> impl Iterator<Item = (RouteRef, &Sp<Item>, &ClassRef)> {
    r.routes
        .iter()
        .enumerate()
        .flat_map(|(ri, route): (usize, &Sp<Route>)| {
            let own = route.items.iter().map(move |i| (RouteRef::route(ri + 1), i));
            let parts = route.parts.iter().enumerate().flat_map(move |(pi, p)| {
                p.items.iter().map(move |i| {
                    (
                        RouteRef {
                            route: ri + 1,
                            part: Some(pi),
                        },
                        i,
                    )
                })
            });
            own.chain(parts).flat_map(|(at, item)| {
                let refs: Vec<&ClassRef> = match &item.value {
                    Item::Experience(e) => e.in_classes.iter().chain(e.at_level_of.iter()).collect(),
                    _ => Vec::new(),
                };
                refs.into_iter().map(move |r| (at, item, r))
            })
        })
}

impl CareerGraph {
    /// One cycle through the first class of a strongly connected
    /// component, as edges: a breadth-first search inside the component
    /// from that class back to it (the shortest such cycle).
    pub fn cycle_through(&self, component: &[usize]) -> Vec<usize> {
        let Some(&start) = component.first() else {
            return Vec::new();
        };
        let inside: BTreeSet<usize> = component.iter().copied().collect();
        let mut via: HashMap<usize, usize> = HashMap::default();
        let mut queue = VecDeque::from([start]);
        while let Some(u) = queue.pop_front() {
            for &e in &self.out[u] {
                let v = self.edges[e].to;
                if !inside.contains(&v) {
                    continue;
                }
                if v == start {
                    let mut path = vec![e];
                    let mut at = u;
                    while at != start {
                        let Some(&p) = via.get(&at) else { break };
                        path.push(p);
                        at = self.edges[p].from;
                    }
                    path.reverse();
                    return path;
                }
                if let std::collections::hash_map::Entry::Vacant(slot) = via.entry(v) {
                    slot.insert(e);
                    queue.push_back(v);
                }
            }
        }
        Vec::new()
    }

    /// "Title (`code`)" of a node, for messages.
    pub fn label(&self, n: usize) -> String {
        let node = &self.nodes[n];
        format!("{} (`{}`)", node.title, node.key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A graph of `n` classes and edges `(from, to)`; each class's one
    /// route needs one of the classes with an edge into it (none: entry).
    fn graph(n: usize, edges: &[(usize, usize)]) -> CareerGraph {
        let mut g = CareerGraph::default();
        for i in 0..n {
            let key = ClassKey {
                jurisdiction: "j".into(),
                code: i.to_string(),
            };
            std::sync::Arc::make_mut(&mut g.index).insert(key.clone(), i);
            g.nodes.push(Node {
                key,
                title: format!("Class {i}"),
                abolished: false,
                entry: true,
                reachable: false,
                stage: crate::model::Stage::Adopted,
                group: None,
                file: FileId(0),
            });
        }
        let mut groups: Vec<Vec<usize>> = vec![Vec::new(); n];
        for &(a, b) in edges {
            if a == b {
                continue;
            }
            groups[b].push(a);
            g.edges.push(Edge {
                from: a,
                to: b,
                route: "1".into(),
                months: Some(12.0),
                at_level: false,
                title: format!("Class {a}"),
                how: How::Title,
                file: FileId(0),
                span: 0..0,
            });
        }
        g.edges.sort_by_key(|e| (e.to, e.from));
        g.edges.dedup_by_key(|e| (e.to, e.from));
        g.reqs = groups
            .into_iter()
            .map(|grp| {
                Some(std::sync::Arc::new(Reduced {
                    expr: Expr::any_of(1),
                    routes: vec![ReducedRoute {
                        own: if grp.is_empty() { vec![] } else { vec![grp] },
                        ..Default::default()
                    }],
                }))
            })
            .collect();
        for i in 0..n {
            g.nodes[i].entry = g.reqs[i].as_ref().is_some_and(|r| r.satisfied(&|_| false));
        }
        g.out = vec![Vec::new(); n];
        g.inc = vec![Vec::new(); n];
        for (i, e) in g.edges.iter().enumerate() {
            g.out[e.from].push(i);
            g.inc[e.to].push(i);
        }
        g.mark_reachable();
        g
    }

    /// What a report reads of a graph, as text.
    fn facts(g: &CareerGraph) -> String {
        let quickest: Vec<_> = g
            .quickest()
            .into_iter()
            .map(|q| q.map(|q| (q.months, q.path)))
            .collect();
        let found: Vec<_> = g.nodes.iter().map(|n| g.find(&n.key)).collect();
        let reach: Vec<_> = (0..g.nodes.len())
            .map(|i| {
                (
                    g.reach(i, Direction::Up, None).nodes,
                    g.reach(i, Direction::Down, Some(2)).nodes,
                )
            })
            .collect();
        format!(
            "{:?}\n{:?}\n{:?} {:?}\n{:?} {:?}\n{quickest:?}\n{:?}\n{found:?}\n{reach:?}",
            g.nodes,
            g.edges,
            g.out,
            g.inc,
            g.refs,
            g.loose,
            g.cycles()
        )
    }

    #[test]
    fn an_encoded_graph_decodes_to_one_that_reports_alike() {
        let mut g = graph(6, &[(0, 1), (1, 2), (2, 3), (3, 2), (1, 4), (4, 5)]);
        g.nodes[4].abolished = true;
        g.nodes[5].group = Some("Records".into());
        g.refs.total = 7;
        g.loose.push(LooseRef {
            to: 3,
            route: "2".into(),
            title: "Clerks".into(),
            candidates: vec![g.nodes[0].key.clone(), g.nodes[1].key.clone()],
        });
        let bytes = g.encode();
        let back = CareerGraph::decode(&bytes).expect("decodes");
        assert_eq!(facts(&back), facts(&g));
        // Cut anywhere: refused or decoded, never a panic.
        for n in 0..bytes.len() {
            if let Some(d) = CareerGraph::decode(&bytes[..n]) {
                let _ = facts(&d);
            }
        }
        // A step to a class the graph does not have, or one class twice.
        let mut bad = g.clone();
        bad.edges[0].to = 99;
        assert!(CareerGraph::decode(&bad.encode()).is_none());
        let mut twice = g.clone();
        twice.nodes[1].key = twice.nodes[0].key.clone();
        assert!(CareerGraph::decode(&twice.encode()).is_none());
    }

    #[test]
    fn titles_normalise_case_plurals_senior_and_levels() {
        assert_eq!(title_key("Sr. Clerks"), title_key("senior clerk"));
        assert_eq!(
            title_key("Civil Engineering Associate II"),
            "civil engineering associate 2"
        );
        assert_eq!(title_key("Electrical Tester (formerly X)"), "electrical tester");
        assert!(same_class_title(
            "Civil Engineering Associate III",
            "Civil Engineering Associate"
        ));
        assert!(!same_class_title("Senior Clerk IX", "Senior Clerk"));
        // Words that end in s but are not plurals stay as they are.
        assert_eq!(title_key("Business Analysis"), "business analysis");
    }

    #[test]
    fn a_chain_of_ten_thousand_classes_is_walked_without_recursion() {
        let n = 10_000;
        let edges: Vec<(usize, usize)> = (1..n).map(|i| (i - 1, i)).collect();
        let g = graph(n, &edges);
        assert!(g.nodes.iter().all(|n| n.reachable));
        assert_eq!(g.longest_path(), n - 1);
        assert!(g.cycles().is_empty());
        let q = g.quickest();
        assert_eq!(q[n - 1].as_ref().map(|q| q.path.len()), Some(n - 1));
        assert_eq!(q[n - 1].as_ref().map(|q| q.months), Some(12.0 * (n - 1) as f64));
        assert_eq!(g.reach(n - 1, Direction::Up, None).nodes.len(), n);
        let r = g.reach(n - 1, Direction::Up, Some(3));
        assert_eq!((r.nodes.len(), r.truncated), (4, true));
    }

    #[test]
    fn a_ring_of_ten_thousand_classes_is_one_closed_cycle() {
        let n = 10_000;
        let edges: Vec<(usize, usize)> = (0..n).map(|i| (i, (i + 1) % n)).collect();
        let g = graph(n, &edges);
        let cycles = g.cycles();
        assert_eq!(cycles.len(), 1);
        assert_eq!(cycles[0].len(), n);
        assert!(g.nodes.iter().all(|n| !n.reachable && !n.entry));
        assert_eq!(g.cycle_through(&cycles[0]).len(), n);
        assert_eq!(g.longest_path(), 0);
        assert!(g.quickest().iter().all(Option::is_none));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// The one-pass keys are the keys written the plain way (word by
        /// word, then joined), for titles made of the words that matter:
        /// abbreviations, level numerals, plurals, punctuation, a remark.
        #[test]
        fn title_keys_are_the_plain_ones(
            words in proptest::collection::vec(prop_oneof![
                Just("Sr."), Just("Jr"), Just("Asst."), Just("II"), Just("iv"), Just("IX"), Just("Clerks"),
                Just("Analysis"), Just("Status"), Just("Class"), Just("Engineer-in-Training"), Just("Café"),
                Just("ÉCOLES"), Just("3"), Just("(formerly"), Just("Typist)"), Just("&"), Just(""),
            ], 0..8),
            seps in proptest::collection::vec(prop_oneof![Just(" "), Just("  "), Just(", "), Just("/")], 8),
        ) {
            let title: String = words.iter().zip(&seps).map(|(w, s)| format!("{w}{s}")).collect();
            let plain = |t: &str| -> String {
                let bare = t.split(" (").next().unwrap_or(t);
                normalize(bare)
                    .split(' ')
                    .map(|w| match w {
                        "sr" => "senior".to_string(),
                        "jr" => "junior".to_string(),
                        "asst" => "assistant".to_string(),
                        _ => roman(w).map_or_else(|| singular(w).to_string(), |n| n.to_string()),
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            prop_assert_eq!(title_key(&title), plain(&title));
            prop_assert_eq!(title_keys(&title), (normalize(&title), plain(&title)));
        }

        /// Random graphs: no panic; cycles are exactly the strongly
        /// connected components; what is reachable follows from the entry
        /// classes; quickest paths are real paths from an entry class.
        #[test]
        fn random_graphs_keep_their_invariants(n in 1usize..40, raw in proptest::collection::vec((0usize..40, 0usize..40), 0..120)) {
            let edges: Vec<(usize, usize)> = raw.into_iter().map(|(a, b)| (a % n, b % n)).collect();
            let g = graph(n, &edges);
            // Every class in a cycle reaches every other one of it.
            for c in g.cycles() {
                for &m in &c {
                    let down: BTreeSet<usize> = g.reach(m, Direction::Down, None).nodes.iter().map(|x| x.0).collect();
                    prop_assert!(c.iter().all(|x| down.contains(x)));
                }
                prop_assert!(!g.cycle_through(&c).is_empty());
            }
            // Reachable means some entry class leads here (one group per
            // class: any class with an edge in that is reachable will do).
            for (i, node) in g.nodes.iter().enumerate() {
                let expected = node.entry || g.inc[i].iter().any(|&e| g.nodes[g.edges[e].from].reachable);
                prop_assert_eq!(node.reachable, expected);
            }
            for (i, q) in g.quickest().iter().enumerate() {
                if let Some(q) = q {
                    let start = q.path.first().map(|&e| g.edges[e].from).unwrap_or(i);
                    prop_assert!(g.nodes[start].entry);
                    prop_assert_eq!(q.months, 12.0 * q.path.len() as f64);
                }
            }
            let longest = g.longest_path();
            prop_assert!(longest < n.max(1));
            // Kept and read back (what `paths` answers from), it reports alike.
            let back = CareerGraph::decode(&g.encode());
            prop_assert!(back.is_some());
            prop_assert_eq!(facts(&back.unwrap()), facts(&g));
        }
    }
}
