//! Semantic checks over the loaded plan: references between files,
//! competency numbering, pay, dates, requirement expressions, duplicated
//! content. Pure: reads the model, returns diagnostics; no I/O.
//!
//! To add a rule: give it an id in `rules.rs`, emit it from the function
//! for the source kind it concerns (or a new one called from [`validate`]),
//! and add a fixture under `tests/fixtures/check/`.

mod adoption;
mod career;
pub mod glyphs;
pub mod lint_config;
mod requirements;
pub mod texts;

use crate::text::normalize;

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::derive::career::Resolver;
use crate::diag::{Diagnostic, FileId, Sources, did_you_mean};
use crate::model::bulletin::{Bulletin, Weight};
use crate::model::class::State;
use crate::model::common::{PayRange, Sp};
use crate::model::requirements::Requirements;
use crate::model::{ClassKey, ClassSpec, JurisdictionPlan, Loaded, Plan, PlanShape};
use crate::rules::Rule;

/// Every semantic diagnostic for the plan, in no particular order.
pub fn validate(plan: &Plan, sources: &Sources) -> Vec<Diagnostic> {
    validate_cached(plan, sources, None)
}

/// What checking found, kept by a long-running process (`serve`) for the
/// next check.
///
/// - The rules that look at one class alone (its own lists, history, file
///   name; [`class_alone`]): a class whose parse is the very one checked
///   last time (the loader shares the parse of an unchanged file) and
///   whose path is the same is not checked by them again; its file id may
///   have moved (spans are re-pointed).
/// - The rules of a class or bulletin that read the rest of the plan
///   (references, duplicate codes, its jurisdiction's blocks and pay, a
///   bulletin's class): kept while the plan's [`PlanShape`] frame is the
///   same and so are the parse, file and path (and a bulletin's class's
///   parse), unless they read a title of a class renamed since (what a
///   reference looked up, a pinned class's title, a "did you mean").
#[derive(Default)]
pub struct LocalCache {
    /// Counts checks: an entry a check did not use is dropped after it.
    check: u32,
    /// What [`class_alone`] found.
    classes: Kept<ClassSpec>,
    cross: Option<Cross>,
    /// Each text's inline `lint-allow` comments.
    lint_allows: lint_config::Memo,
}

/// The cross-file rules' findings in one plan shape.
struct Cross {
    shape: std::sync::Arc<PlanShape>,
    classes: Kept<ClassSpec>,
    bulletins: Kept<Bulletin>,
}

/// Findings by the address of the parse they were made from. The entry
/// holds the parse, so that address cannot be reused while it is here.
struct Kept<T>(FxHashMap<usize, Entry<T>>);

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Kept(FxHashMap::default())
    }
}

struct Entry<T> {
    parse: std::sync::Arc<T>,
    path: String,
    /// The file id when they were made (spans are re-pointed when the
    /// file's id changes).
    file: crate::diag::FileId,
    /// A bulletin's class's parse when it was checked.
    class: Option<std::sync::Arc<ClassSpec>>,
    diagnostics: Vec<Diagnostic>,
    /// What the rules read of other classes' titles (`career::probe`).
    probes: Vec<u64>,
    /// The last check that used it.
    check: u32,
}

/// Diagnostics made now, with what their rules read of other classes'
/// titles (`None`: what was kept holds).
type Made = Option<(Vec<Diagnostic>, Vec<u64>)>;

fn addr<T>(doc: &Loaded<T>) -> usize {
    std::sync::Arc::as_ptr(&doc.value) as usize
}

impl<T> Kept<T> {
    /// The entry made from `doc`'s very parse at its path.
    fn of(&self, doc: &Loaded<T>) -> Option<&Entry<T>> {
        self.0
            .get(&addr(doc))
            .filter(|e| std::sync::Arc::ptr_eq(&e.parse, &doc.value) && e.path == doc.path)
    }

    /// Whether findings that read the rest of the plan hold for `doc`
    /// (whose class now is `class`): its parse, path, file and class's
    /// parse are the same, and they read nothing of the classes renamed
    /// since (`renamed`: `career::renamed_probes`).
    fn holds(&self, doc: &Loaded<T>, class: Option<&Loaded<ClassSpec>>, renamed: &FxHashSet<u64>) -> bool {
        self.of(doc).is_some_and(|e| {
            e.file == doc.file
                && !e.probes.iter().any(|p| renamed.contains(p))
                && match (&e.class, class) {
                    (None, None) => true,
                    (Some(a), Some(b)) => std::sync::Arc::ptr_eq(a, &b.value),
                    _ => false,
                }
        })
    }

    /// What `doc`'s rules found: `made` now (kept for next time), or, when
    /// nothing was made, what was kept (pointed at its file id now).
    fn found(&mut self, doc: &Loaded<T>, class: Option<&Loaded<ClassSpec>>, made: Made, check: u32) -> Vec<Diagnostic> {
        if let Some((diagnostics, probes)) = made {
            // The entry of this parse from an earlier shape is updated in
            // place (a plan of another frame makes every entry again).
            if let Some(e) = self.0.get_mut(&addr(doc))
                && std::sync::Arc::ptr_eq(&e.parse, &doc.value)
                && e.path == doc.path
            {
                e.file = doc.file;
                e.class = class.map(|c| c.value.clone());
                e.diagnostics.clone_from(&diagnostics);
                e.probes = probes;
                e.check = check;
                return diagnostics;
            }
            let entry = Entry {
                parse: doc.value.clone(),
                path: doc.path.clone(),
                file: doc.file,
                class: class.map(|c| c.value.clone()),
                diagnostics: diagnostics.clone(),
                probes,
                check,
            };
            self.0.insert(addr(doc), entry);
            return diagnostics;
        }
        // Nothing made: the check found the entry of this very parse (no
        // two documents of a plan share a parse; the loader gives each
        // file, and each level of a series, its own).
        let Some(e) = self.0.get_mut(&addr(doc)) else {
            debug_assert!(false, "no kept findings for {}", doc.path);
            return Vec::new();
        };
        debug_assert!(std::sync::Arc::ptr_eq(&e.parse, &doc.value) && e.path == doc.path);
        e.check = check;
        let mut ds = e.diagnostics.clone();
        if e.file != doc.file {
            for d in &mut ds {
                for span in d.span.iter_mut().chain(d.labels.iter_mut().map(|(s, _)| s)) {
                    if span.file == e.file {
                        span.file = doc.file;
                    }
                }
            }
        }
        ds
    }

    /// Drop what `check` did not use (`used` entries it did).
    fn sweep(&mut self, check: u32, used: usize) {
        if self.0.len() != used {
            self.0.retain(|_, e| e.check == check);
        }
    }
}

impl LocalCache {
    /// Classes whose diagnostics are kept.
    pub fn len(&self) -> usize {
        self.classes.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.classes.0.is_empty()
    }
}

/// [`validate`], reusing and then updating `cache` (when given).
pub fn validate_cached(plan: &Plan, sources: &Sources, cache: Option<&mut LocalCache>) -> Vec<Diagnostic> {
    validate_with(plan, sources, cache, &[], &mut FxHashSet::default())
}

/// [`validate`] of a plan loaded with kept sources (`load::kept`): the
/// rules about one class alone ([`class_alone`]) are not run on the
/// classes of a source taken from them (`from_kept`, by file id: a source
/// is kept only while those rules find nothing in it, and they read
/// nothing but its text and path). Also returns the sources in which
/// those rules found something now, which are not to be kept.
pub fn validate_kept(plan: &Plan, sources: &Sources, from_kept: &[bool]) -> (Vec<Diagnostic>, FxHashSet<FileId>) {
    let mut found_alone = FxHashSet::default();
    let out = validate_with(plan, sources, None, from_kept, &mut found_alone);
    (out, found_alone)
}

fn validate_with(
    plan: &Plan,
    sources: &Sources,
    mut cache: Option<&mut LocalCache>,
    from_kept: &[bool],
    found_alone: &mut FxHashSet<FileId>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let caching = cache.is_some();
    // What was found last time, taken out to be updated: the cross-file
    // rules' findings hold in a plan of the same shape. Class references
    // resolve through one index of every title: both at once.
    let (shape, resolver) = rayon::join(
        || caching.then(|| std::sync::Arc::new(PlanShape::of(plan))),
        || Resolver::new(plan),
    );
    let (check, mut alone_kept, cross) = match cache.as_deref_mut() {
        Some(c) => {
            c.check = c.check.wrapping_add(1);
            (c.check, std::mem::take(&mut c.classes), c.cross.take())
        }
        None => (0, Kept::default(), None),
    };
    // In a plan of another frame nothing cross-file holds (the entries
    // are updated in place rather than made anew); in one of the same
    // frame, what read nothing of the classes renamed since.
    let renamed: Option<FxHashSet<u64>> = cross.as_ref().and_then(|x| {
        let classes = x.shape.renamed(shape.as_ref()?)?;
        Some(crate::derive::career::renamed_probes(&classes))
    });
    let same_frame = renamed.is_some();
    let renamed = renamed.unwrap_or_default();
    let (mut cross_classes, mut cross_bulletins) = match cross {
        Some(x) => (x.classes, x.bulletins),
        None => Default::default(),
    };
    // Jurisdiction ids are folder names: two that differ only in case are
    // one folder on macOS and Windows.
    let mut folded: HashMap<String, &str> = HashMap::new();
    for j in plan.jurisdictions.values() {
        if let Some(first) = folded.insert(j.def.id.folded(), &j.def.path) {
            out.push(
                Diagnostic::new(
                    Rule::MissingJurisdiction,
                    format!(
                        "jurisdiction `{}` differs from `{first}` only in letter case",
                        *j.def.id
                    ),
                )
                .at(j.def.span(&j.def.id.span))
                .hint("folder names that differ only in case are the same folder on macOS and Windows; rename one"),
            );
        }
    }
    // The career graph (one build, serial) while the documents are
    // checked (in parallel).
    let ((), career_found) = rayon::join(
        || {
            for j in plan.jurisdictions.values() {
                jurisdiction(j, &mut out);
                // The first class with each code, compared without letter case.
                let mut first_by_code: FxHashMap<String, usize> = FxHashMap::default();
                for (i, c) in j.classes.iter().enumerate() {
                    first_by_code.entry(c.code.folded()).or_insert(i);
                }
                // Classes are independent of each other: check them in parallel
                // (what is kept is not made again: `None`).
                let per_class: Vec<(Made, Made)> = j
                    .classes
                    .par_iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let v = (!(same_frame && cross_classes.holds(c, None, &renamed))).then(|| {
                            let mut v = Vec::new();
                            let probes = std::cell::RefCell::new(Vec::new());
                            let first = first_by_code.get(&c.code.folded()).copied().filter(|&k| k != i);
                            class(
                                plan,
                                sources,
                                &resolver,
                                j,
                                c,
                                first.map(|k| &j.classes[k]),
                                &probes,
                                &mut v,
                            );
                            adoption::fields(c, c.adoption.as_ref(), &mut v);
                            (v, probes.into_inner())
                        });
                        // A kept source's class: nothing (what a cache keeps
                        // holds its own findings instead).
                        let kept = !caching && from_kept.get(c.file.0 as usize).copied().unwrap_or(false);
                        let alone = (alone_kept.of(c).is_none() && !kept).then(|| {
                            let mut a = Vec::new();
                            class_alone(c, &mut a);
                            (a, Vec::new())
                        });
                        (v, alone)
                    })
                    .collect();
                for (c, (v, alone)) in j.classes.iter().zip(per_class) {
                    if alone.as_ref().is_some_and(|(a, _)| !a.is_empty()) {
                        found_alone.insert(c.file);
                    }
                    match caching {
                        true => out.extend(cross_classes.found(c, None, v, check)),
                        false => out.extend(v.unwrap_or_default().0),
                    }
                    match caching {
                        true => out.extend(alone_kept.found(c, None, alone, check)),
                        false => out.extend(alone.unwrap_or_default().0),
                    }
                }
                competencies(j, plan.incomplete.contains(j.id()), &mut out);
            }
            let mut job_numbers: FxHashMap<&str, &Loaded<Bulletin>> = FxHashMap::default();
            for b in plan.bulletins.values() {
                if let Some(n) = &b.job_number
                    && let Some(first) = job_numbers.insert(n.as_str(), b)
                {
                    out.push(
                        Diagnostic::new(
                            Rule::DuplicateBulletin,
                            format!("job number `{}` is also used by `{}`", n.value, first.path),
                        )
                        .at(b.span(&n.span))
                        .hint("each bulletin needs its own job number"),
                    );
                }
            }
            // Bulletins are independent of each other too.
            let class_of = |b: &Loaded<Bulletin>| {
                ClassKey::split(&b.class).and_then(|(j, code)| plan.jurisdictions.get(j)?.class(code))
            };
            let per_bulletin: Vec<Made> = plan
                .bulletins
                .par_iter()
                .map(|(_, b)| {
                    (!(same_frame && cross_bulletins.holds(b, class_of(b), &renamed))).then(|| {
                        let mut v = Vec::new();
                        let probes = std::cell::RefCell::new(Vec::new());
                        bulletin(plan, sources, &resolver, b, &probes, &mut v);
                        adoption::fields(b, b.adoption.as_ref(), &mut v);
                        adoption::bulletin_class(plan, b, &mut v);
                        (v, probes.into_inner())
                    })
                })
                .collect();
            for (b, v) in plan.bulletins.values().zip(per_bulletin) {
                match caching {
                    true => out.extend(cross_bulletins.found(b, class_of(b), v, check)),
                    false => out.extend(v.unwrap_or_default().0),
                }
            }
        },
        || {
            let mut v = Vec::new();
            career::check(plan, &resolver, shape.as_ref(), &mut v);
            v
        },
    );
    out.extend(career_found);
    out.extend(lint_config::check_kept(
        plan,
        sources,
        cache.as_deref_mut().map(|c| &mut c.lint_allows),
    ));
    if let (Some(c), Some(shape)) = (cache, shape) {
        // Only what this check used is kept (the parse of a changed or
        // removed file is let go).
        let classes = plan.jurisdictions.values().map(|j| j.classes.len()).sum();
        alone_kept.sweep(check, classes);
        cross_classes.sweep(check, classes);
        cross_bulletins.sweep(check, plan.bulletins.len());
        c.classes = alone_kept;
        c.cross = Some(Cross {
            shape,
            classes: cross_classes,
            bulletins: cross_bulletins,
        });
    }
    out
}

/// Top-level names of the output directory that are not jurisdictions.
pub const RESERVED_JURISDICTION_IDS: &[&str] = &["assets", "lint", "paths", "compare", "search", "index"];

fn jurisdiction(j: &JurisdictionPlan, out: &mut Vec<Diagnostic>) {
    let d = &j.def;
    // `index.html` would be a folder where the site's index page is: the
    // part before the first dot counts too.
    let folded = d.id.folded();
    let stem = folded.split('.').next().unwrap_or(&folded);
    if RESERVED_JURISDICTION_IDS.contains(&folded.as_str()) || RESERVED_JURISDICTION_IDS.contains(&stem) {
        out.push(
            Diagnostic::new(
                Rule::InvalidValue,
                format!("`{}` cannot be a jurisdiction id: the site uses that name", *d.id),
            )
            .at(d.span(&d.id.span))
            .hint(format!(
                "reserved names: {}",
                RESERVED_JURISDICTION_IDS
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
    }
    if let Some(f) = &d.style.short_date
        && !crate::derive::phrase::valid_date_format(f)
    {
        out.push(
            Diagnostic::new(Rule::InvalidValue, format!("`{}` is not a date pattern", f.value))
                .at(d.span(&f.span))
                .hint("write a strftime pattern such as \"%m/%d/%Y\" or \"%m-%d-%y\""),
        );
    }
    if let Some(f) = &d.bulletins.footer {
        let mut rest = f.as_str();
        while let Some(i) = rest.find('{') {
            let after = &rest[i + 1..];
            let name = after.split('}').next().unwrap_or("");
            if !["code", "date", "revised"].contains(&name) {
                out.push(
                    Diagnostic::new(
                        Rule::InvalidValue,
                        format!("the footer has an unknown placeholder `{{{name}`"),
                    )
                    .at(d.span(&f.span))
                    .hint("the footer may use {code}, {date} and {revised}"),
                );
                break;
            }
            rest = &after[name.len().min(after.len())..];
        }
    }
    if let Some(u) = &d.bulletins.apply_url
        && let Some(why) = web_url_problem(u)
    {
        out.push(url_diagnostic(u, &why).at(d.span(&u.span)));
    }
    if d.time_zone.parse::<chrono_tz::Tz>().is_err() {
        let names = chrono_tz::TZ_VARIANTS.iter().map(|t| t.name());
        out.push(
            Diagnostic::new(
                Rule::InvalidValue,
                format!("`{}` is not an IANA time zone", *d.time_zone),
            )
            .at(d.span(&d.time_zone.span))
            .maybe_hint(did_you_mean(&d.time_zone, names).map(|m| format!("did you mean `{m}`?")))
            .hint("use a name such as `America/Los_Angeles`"),
        );
    }
    let blocks = d
        .class_specs
        .blocks
        .iter()
        .chain(&d.bulletins.blocks)
        .chain(d.bulletins.certificate_block.iter());
    for b in blocks {
        block_ref(&j.def, b, &j.def, out);
    }
    // Acknowledgement ids are keys of every bulletin's questionnaire and of
    // `screen`'s answers: unique in any letter case, and not `answers`.
    let mut seen: HashMap<String, ()> = HashMap::new();
    for ack in d.questionnaire.opening.iter().chain(&d.questionnaire.closing) {
        let folded = ack.id.folded();
        if folded == "answers" {
            out.push(
                Diagnostic::new(
                    Rule::InvalidValue,
                    format!("question id `{}` cannot be used: `answers` is reserved", *ack.id),
                )
                .at(d.span(&ack.id.span))
                .hint("`classplan screen` reads an answers file wrapped as {\"answers\": {...}}; choose another id"),
            );
        } else if seen.insert(folded, ()).is_some() {
            out.push(
                Diagnostic::new(Rule::InvalidValue, format!("question id `{}` is used twice", *ack.id))
                    .at(d.span(&ack.id.span))
                    .hint("question ids must be unique within a questionnaire, in any letter case"),
            );
        }
    }
}

fn block_ref<T>(j: &Loaded<crate::model::Jurisdiction>, id: &Sp<String>, file: &Loaded<T>, out: &mut Vec<Diagnostic>) {
    if !j.blocks.contains_key(id.as_str()) {
        out.push(
            Diagnostic::new(
                Rule::MissingBlock,
                format!("jurisdiction `{}` has no boilerplate block `{}`", *j.id, id.value),
            )
            .at(file.span(&id.span))
            .maybe_hint(did_you_mean(id, j.blocks.keys().map(String::as_str)).map(|m| format!("did you mean `{m}`?")))
            .hint(format!("blocks are defined under [blocks.<id>] in {}", j.path)),
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn class(
    plan: &Plan,
    sources: &Sources,
    resolver: &Resolver,
    j: &JurisdictionPlan,
    c: &Loaded<ClassSpec>,
    same_code: Option<&Loaded<ClassSpec>>,
    probes: &std::cell::RefCell<Vec<u64>>,
    out: &mut Vec<Diagnostic>,
) {
    // Duplicate codes: report every class after the first with that code.
    if let Some(first) = same_code {
        out.push(
            Diagnostic::new(
                Rule::DuplicateClass,
                format!(
                    "class code `{}` is already used in `{}` by `{}`{}",
                    *c.code,
                    j.id(),
                    first.path,
                    if *first.code == *c.code {
                        String::new()
                    } else {
                        format!(" (as `{}`)", *first.code)
                    }
                ),
            )
            .at(c.span(&c.code.span))
            .hint("class codes must be unique within a jurisdiction, in any letter case (they become file names)"),
        );
    }
    pay(c, &c.pay, j.def.pay.hours_per_year, out);
    let superseded = c.superseded.iter().map(|s| &s.requirements);
    for r in [&c.requirements, &c.desirable].into_iter().flatten().chain(superseded) {
        let own = ClassKey {
            jurisdiction: j.id().to_string(),
            code: c.code.to_string(),
        };
        let cx = requirements::Ctx {
            plan,
            sources,
            own: Some(&own),
            jurisdiction: j.id(),
            file: c,
            hours_per_year: j.def.pay.hours_per_year,
            resolver,
            probes,
        };
        requirements::requirements(&cx, r, out);
    }
    for b in c.blocks.iter().flatten() {
        block_ref(&j.def, b, c, out);
    }
}

/// The rules that look at one class and nothing else (its file name, its
/// own lists and history): what [`LocalCache`] keeps.
fn class_alone(c: &Loaded<ClassSpec>, out: &mut Vec<Diagnostic>) {
    // The code names the output files; the source file carries the same name.
    let stem = crate::model::file_stem(&c.path);
    if stem != c.code.as_str() && !c.from_series {
        out.push(
            Diagnostic::new(
                Rule::InvalidValue,
                format!("class code `{}` does not match its file name `{}`", *c.code, c.path),
            )
            .at(c.span(&c.code.span))
            .hint(format!(
                "rename the file to `{}.toml`, or set `code = \"{stem}\"`",
                *c.code
            )),
        );
    }
    for (what, s) in [("title", &c.title), ("summary", &c.summary)] {
        if s.trim().is_empty() {
            // A series level without a summary has an empty synthetic one:
            // point at its code.
            let span = if s.span.is_empty() { &c.code.span } else { &s.span };
            out.push(
                Diagnostic::new(Rule::EmptySection, format!("`{what}` is empty"))
                    .at(c.span(span))
                    .hint(format!("every class spec needs a {what}")),
            );
        }
    }
    // A class may describe its work by its summary alone (many real specs
    // list no example duties); only a spec that says nothing is empty.
    if c.duties.is_empty() && c.summary.trim().is_empty() && c.status.state == State::Active {
        out.push(
            Diagnostic::new(Rule::EmptySection, format!("class `{}` describes no work", *c.code))
                .at(c.span(&c.code.span))
                .hint("add a `summary` of the work, or `duties = [\"...\"]` with example duties"),
        );
    }
    if c.status.state == State::Abolished && c.status.effective.is_none() {
        out.push(
            Diagnostic::new(Rule::MissingKey, "missing required key `status.effective` for an abolished class")
                .at(c.span(&c.code.span))
                .hint("give the date the abolition took effect, e.g. `status = { state = \"abolished\", effective = 2005-06-01 }`"),
        );
    }
    // History in order.
    let mut last: Option<&Sp<crate::model::Date>> = None;
    for h in &c.history {
        if let Some(d) = &h.date {
            if let Some(prev) = last
                && d.value < prev.value
            {
                out.push(
                    Diagnostic::new(
                        Rule::HistoryOrder,
                        format!("history entry dated {} comes after one dated {}", d.value, prev.value),
                    )
                    .at(c.span(&d.span))
                    .label(c.span(&prev.span), "later date here")
                    .hint("list history entries oldest first"),
                );
            }
            last = Some(d);
        }
    }
    let duties: Vec<&Sp<String>> = c.duties.iter().map(|d| d.text()).collect();
    duplicates(c, "duty", &duties, out);
    for (what, list) in [
        ("knowledge item", &c.knowledge),
        ("skill", &c.skills),
        ("ability", &c.abilities),
    ] {
        let items: Vec<&Sp<String>> = list.iter().collect();
        duplicates(c, what, &items, out);
    }
    let mut untils = std::collections::BTreeSet::new();
    for s in &c.superseded {
        if !untils.insert(s.until.value) {
            out.push(
                Diagnostic::new(
                    Rule::HistoryOrder,
                    format!("two superseded requirement sets both end on {}", s.until.value),
                )
                .at(c.span(&s.until.span))
                .hint("each superseded set ends on its own date"),
            );
        }
    }
}

/// Exact and near duplicates within one list.
fn duplicates<T>(file: &Loaded<T>, what: &str, items: &[&Sp<String>], out: &mut Vec<Diagnostic>) {
    let norms: Vec<String> = items.iter().map(|s| normalize(s)).collect();
    // Sorted, distinct words of each item as small integers, computed once
    // (FxHash: every list of every class goes through here).
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    let sets: Vec<Vec<u32>> = norms
        .iter()
        .map(|n| {
            let mut v: Vec<u32> = n
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(|w| {
                    let next = ids.len() as u32;
                    *ids.entry(w).or_insert(next)
                })
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect();
    let mut first_seen: FxHashMap<&str, usize> = FxHashMap::default();
    for i in 0..items.len() {
        if sets[i].is_empty() {
            out.push(
                Diagnostic::new(Rule::EmptySection, format!("empty {what}"))
                    .at(file.span(&items[i].span))
                    .hint("remove the empty entry"),
            );
            continue;
        }
        if let Some(&k) = first_seen.get(norms[i].as_str()) {
            out.push(
                Diagnostic::new(Rule::DuplicateDuty, format!("this {what} repeats {what} {}", k + 1))
                    .at(file.span(&items[i].span))
                    .label(file.span(&items[k].span), "first listed here")
                    .hint(format!("remove one of the two copies of this {what}")),
            );
            continue;
        }
        first_seen.insert(norms[i].as_str(), i);
        for k in 0..i {
            if sets[k].is_empty() || norms[k] == norms[i] {
                continue;
            }
            let sim = jaccard(&sets[i], &sets[k]);
            if sim >= NEAR_DUPLICATE {
                out.push(
                    Diagnostic::new(
                        Rule::NearDuplicateDuty,
                        format!(
                            "this {what} is nearly the same as {what} {} ({:.0}% of words shared)",
                            k + 1,
                            sim * 100.0
                        ),
                    )
                    .at(file.span(&items[i].span))
                    .label(file.span(&items[k].span), "similar one here")
                    .hint("merge the two, or make the difference clear"),
                );
                break;
            }
        }
    }
}

/// Share of distinct words two list items must have in common (Jaccard) to
/// be reported as near duplicates.
const NEAR_DUPLICATE: f64 = 0.8;

/// Jaccard similarity of two sorted, distinct word lists.
fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    // |A∩B|/|A∪B| can reach the threshold only if the sizes are close.
    if (small.len() as f64) < NEAR_DUPLICATE * large.len() as f64 {
        return 0.0;
    }
    let (mut i, mut j, mut inter) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - inter;
    if union == 0 { 0.0 } else { inter as f64 / union as f64 }
}

fn pay<T>(file: &Loaded<T>, ranges: &[PayRange], hours: f64, out: &mut Vec<Diagnostic>) {
    for r in ranges {
        let amounts = std::iter::once((&r.min, &r.max)).chain(r.equivalents.iter().map(|e| (&e.min, &e.max)));
        for (min, max) in amounts {
            if let Some(max) = max
                && min.value > max.value
            {
                out.push(
                    Diagnostic::new(
                        Rule::PayRange,
                        format!("pay minimum {} is greater than the maximum {}", min.value, max.value),
                    )
                    .at(file.span(&min.span))
                    .label(file.span(&max.span), "maximum here")
                    .hint("swap the two, or omit `max` for a flat rate"),
                );
            }
            if min.value < 0.0 {
                out.push(Diagnostic::new(Rule::PayRange, "pay cannot be negative").at(file.span(&min.span)));
            }
        }
    }
    // Order matters within a schedule (the general ranges, or one
    // department's), not across them.
    let mut schedules: Vec<Option<&str>> = Vec::new();
    for r in ranges {
        if !schedules.contains(&r.schedule.as_deref()) {
            schedules.push(r.schedule.as_deref());
        }
    }
    let pairs: Vec<[&PayRange; 2]> = schedules
        .into_iter()
        .flat_map(|s| {
            let of: Vec<&PayRange> = ranges.iter().filter(|r| r.schedule.as_deref() == s).collect();
            of.windows(2).map(|w| [w[0], w[1]]).collect::<Vec<_>>()
        })
        .collect();
    for w in pairs {
        let (a, b) = (w[0].annual(hours), w[1].annual(hours));
        if b.0 < a.0 {
            out.push(
                Diagnostic::new(
                    Rule::PayOrder,
                    "pay ranges are out of order: this one starts below the one before it",
                )
                .at(file.span(&w[1].min.span))
                .label(file.span(&w[0].min.span), "previous range")
                .hint("list pay ranges from lowest to highest (annualized)"),
            );
        }
    }
}

fn bulletin(
    plan: &Plan,
    sources: &Sources,
    resolver: &Resolver,
    b: &Loaded<Bulletin>,
    probes: &std::cell::RefCell<Vec<u64>>,
    out: &mut Vec<Diagnostic>,
) {
    let key = ClassKey::parse(&b.class);
    let class = key.as_ref().and_then(|k| plan.class(k));
    let incomplete = key.as_ref().is_some_and(|k| plan.incomplete.contains(&k.jurisdiction));
    if class.is_none() && !incomplete {
        let keys: Vec<String> = plan.class_keys().iter().map(ToString::to_string).collect();
        out.push(
            Diagnostic::new(
                Rule::MissingClass,
                format!("bulletin refers to class `{}`, which does not exist", *b.class),
            )
            .at(b.span(&b.class.span))
            .maybe_hint(did_you_mean(&b.class, keys.iter().map(String::as_str)).map(|m| format!("did you mean `{m}`?")))
            .hint("classes are referred to as `jurisdiction/code`; `classplan list` shows them all"),
        );
    }
    let jur = key.as_ref().and_then(|k| plan.jurisdictions.get(&k.jurisdiction));
    if b.department.as_deref().is_some_and(|d| d.trim().is_empty()) {
        out.push(
            Diagnostic::new(Rule::Placeholder, "the bulletin's department is empty")
                .at(b.span(&b.class.span))
                .hint("write the hiring department, e.g. `department = \"Finance\"`, or remove the key for a citywide examination"),
        );
    }
    let class_states_pay =
        class.is_some_and(|(_, c)| !c.pay.is_empty() || c.pay_list.is_some() || c.pay_reference.is_some());
    if b.pay.is_empty() && b.pay_reference.is_none() && !class_states_pay && class.is_some() {
        out.push(
            Diagnostic::new(Rule::Placeholder, "the bulletin states no pay, and neither does its class")
                .at(b.span(&b.class.span))
                .hint("add a [[pay]] range (`min`, `max`, `unit`) or a `pay_reference`: applicants and pay-transparency laws expect one"),
        );
    }
    if let Some(u) = &b.application.url
        && let Some(why) = web_url_problem(u)
    {
        out.push(url_diagnostic(u, &why).at(b.span(&u.span)));
    }
    if b.periods.is_empty() {
        out.push(
            Diagnostic::new(Rule::EmptySection, "bulletin has no filing periods")
                .at(b.span(&b.class.span))
                .hint("add a [[periods]] table with `open` and `close`"),
        );
    }
    for p in &b.periods {
        if let Some(close) = &p.close
            && close.value.end() <= p.open.value.start()
        {
            out.push(
                Diagnostic::new(
                    Rule::PeriodOrder,
                    format!(
                        "filing period closes ({}) before it opens ({})",
                        close.value.end(),
                        p.open.value.start()
                    ),
                )
                .at(b.span(&close.span))
                .label(b.span(&p.open.span), "opens here")
                .hint("check the two dates; `close` must be after `open`"),
            );
        }
        if let Some(w) = &p.test_window {
            if let Some(close) = &p.close
                && w.start.value.0 <= close.value.date()
            {
                out.push(
                    Diagnostic::new(
                        Rule::TestWindow,
                        format!(
                            "test window starts {} but its filing period closes {}",
                            w.start.value,
                            close.value.date()
                        ),
                    )
                    .at(b.span(&w.start.span))
                    .label(b.span(&close.span), "filing closes here")
                    .hint("testing starts after filing has closed"),
                );
            }
            if w.end.value < w.start.value {
                out.push(
                    Diagnostic::new(
                        Rule::TestWindow,
                        format!("test window ends {} before it starts {}", w.end.value, w.start.value),
                    )
                    .at(b.span(&w.end.span))
                    .hint("swap `start` and `end`"),
                );
            }
        }
    }
    if let Some(tz) = jur.and_then(|j| j.def.time_zone.parse::<chrono_tz::Tz>().ok()) {
        for p in &b.periods {
            for (what, t) in [("opens", Some(&p.open)), ("closes", p.close.as_ref())] {
                use crate::derive::periods::{LocalTime, local_time, offset_iso};
                let Some(t) = t.filter(|t| t.value.has_time()) else {
                    continue;
                };
                // Formatted only for the rare time a change of clocks touches.
                let kind = local_time(t.value.0, tz);
                if kind == LocalTime::Single {
                    continue;
                }
                let resolved = offset_iso(t.value.0, Some(tz));
                let msg = match kind {
                    LocalTime::Single => continue,
                    LocalTime::Gap => format!(
                        "the period {what} at {}, a time {} skips when clocks move forward; it is taken as {resolved}",
                        t.value.0.format("%Y-%m-%d %H:%M"),
                        tz.name()
                    ),
                    LocalTime::Ambiguous => format!(
                        "the period {what} at {}, a time {} has twice when clocks move back; the first is used, {resolved}",
                        t.value.0.format("%Y-%m-%d %H:%M"),
                        tz.name()
                    ),
                };
                out.push(
                    Diagnostic::new(Rule::LocalTime, msg)
                        .at(b.span(&t.span))
                        .hint("choose a time outside the change (deadlines are usually 5:00 pm or 11:59 pm)"),
                );
            }
        }
    }
    let mut order: Vec<&crate::model::bulletin::FilingPeriod> = b.periods.iter().collect();
    order.sort_by_key(|p| p.open.value.start());
    for w in order.windows(2) {
        match &w[0].close {
            Some(close) if w[1].open.value.start() < close.value.end() => out.push(
                Diagnostic::new(
                    Rule::PeriodOverlap,
                    format!(
                        "filing period opening {} overlaps the one closing {}",
                        w[1].open.value.start(),
                        close.value.end()
                    ),
                )
                .at(b.span(&w[1].open.span))
                .label(b.span(&close.span), "the other period closes here")
                .hint("filing periods must not overlap; move this one after the other closes"),
            ),
            None => out.push(
                Diagnostic::new(
                    Rule::PeriodOverlap,
                    format!(
                        "filing period opening {} follows one that never closes",
                        w[1].open.value.start()
                    ),
                )
                .at(b.span(&w[1].open.span))
                .label(b.span(&w[0].open.span), "open until further notice from here")
                .hint("give the earlier period a `close`, or remove this one"),
            ),
            _ => {}
        }
    }
    if let Some((_, c)) = class
        && c.status.state == State::Abolished
        && let Some(eff) = &c.status.effective
    {
        for p in &b.periods {
            let runs_to = p.close.as_ref().map(|c| c.value.date());
            if runs_to.is_none_or(|d| d >= eff.value.0) {
                out.push(
                    Diagnostic::new(
                        Rule::AbolishedClass,
                        format!(
                            "class `{}` was abolished effective {}, but this filing period runs to {}",
                            *b.class,
                            eff.value,
                            runs_to
                                .map(|d| d.to_string())
                                .unwrap_or_else(|| "no closing date".into())
                        ),
                    )
                    .at(b.span(&p.open.span))
                    .hint("a bulletin cannot recruit for an abolished class"),
                );
            }
        }
    }
    let hours = jur.map(|j| j.def.pay.hours_per_year).unwrap_or(2080.0);
    pay(b, &b.pay, hours, out);
    // Selection weights.
    let weights: Vec<&Sp<Weight>> = b.selection.components.iter().map(|c| &c.weight).collect();
    let percents: Vec<(f64, &Sp<Weight>)> = weights
        .iter()
        .filter_map(|w| match &w.value {
            Weight::Percent(p) => Some((*p, *w)),
            _ => None,
        })
        .collect();
    if !percents.is_empty() {
        let total: f64 = percents.iter().map(|p| p.0).sum();
        if (total - 100.0).abs() > 1e-6 {
            let mut d = Diagnostic::new(
                Rule::SelectionWeights,
                format!("selection weights add up to {}%, not 100%", fmt_num(total)),
            )
            .at(b.span(&percents[0].1.span))
            .hint("weighted components must add up to 100; mark pass/fail parts `weight = \"qualifying\"`");
            for (_, w) in &percents[1..] {
                d = d.label(b.span(&w.span), "weight");
            }
            out.push(d);
        }
    }
    if let Some(r) = &b.requirements {
        let jid = key.as_ref().map(|k| k.jurisdiction.as_str()).unwrap_or("");
        let cx = requirements::Ctx {
            plan,
            sources,
            own: key.as_ref(),
            jurisdiction: jid,
            file: b,
            hours_per_year: jur.map(|j| j.def.pay.hours_per_year).unwrap_or(2080.0),
            resolver,
            probes,
        };
        requirements::requirements(&cx, r, out);
        if r.reason.as_deref().map(str::trim).unwrap_or("").is_empty()
            && let Some((_, c)) = class
            && c.requirements.as_ref() != Some(r)
        {
            out.push(
                Diagnostic::new(Rule::RequirementsDrift, format!("bulletin's requirements differ from class `{}`'s, with no reason given", *b.class))
                    .at(b.span(&b.job_number.as_ref().map(|n| n.span.clone()).unwrap_or_else(|| b.class.span.clone())))
                    .hint("add `reason = \"...\"` under [requirements] to explain the difference, or update the class spec; `classplan diff --drift` shows it"),
            );
        }
    }
    if let Some(j) = jur {
        for id in b.blocks.iter().flatten() {
            block_ref(&j.def, id, b, out);
        }
    }
    if let (Some(j), Some((_, c))) = (jur, class) {
        question_ids(b, j, c, plan.bulletin_requirements(b), out);
    }
    // Process notes may refer to the requirements the bulletin prints.
    if let Some(r) = plan.bulletin_requirements(b) {
        let cx = requirements::Ctx {
            plan,
            sources,
            own: key.as_ref(),
            jurisdiction: key.as_ref().map(|k| k.jurisdiction.as_str()).unwrap_or(""),
            file: b,
            hours_per_year: jur.map(|j| j.def.pay.hours_per_year).unwrap_or(2080.0),
            resolver,
            probes,
        };
        for n in &b.process_notes {
            requirements::text_refs(&cx, r, n, &n.span, out);
        }
    }
}

/// Question ids are keys of published JSON and of `screen`'s answers:
/// unique across the whole questionnaire (generated questions included,
/// in any letter case), and not `answers` (the key `screen` accepts its
/// answers under).
fn question_ids(
    b: &Loaded<Bulletin>,
    j: &JurisdictionPlan,
    c: &Loaded<ClassSpec>,
    reqs: Option<&Requirements>,
    out: &mut Vec<Diagnostic>,
) {
    // Only custom questions can collide; the generated ones are unique by
    // construction (and generating them is most of a bulletin's check).
    if b.questionnaire.before.is_empty() && b.questionnaire.after.is_empty() {
        return;
    }
    let all = crate::derive::questionnaire::questionnaire(b, &j.def, &c.title, reqs);
    let mut count: HashMap<String, usize> = HashMap::new();
    for q in &all {
        *count.entry(q.id.to_ascii_lowercase()).or_default() += 1;
    }
    for q in b.questionnaire.before.iter().chain(&b.questionnaire.after) {
        let folded = q.id.folded();
        let why = if folded == "answers" {
            Some(
                "`answers` is reserved: `classplan screen` reads an answers file wrapped as {\"answers\": {...}}"
                    .to_string(),
            )
        } else if count.get(&folded).copied().unwrap_or(0) > 1 {
            Some("another question of this questionnaire has it (generated ids are `req-<route>-...`, `lang-...`, `retake` and the jurisdiction's acknowledgements)".to_string())
        } else {
            None
        };
        if let Some(why) = why {
            out.push(
                Diagnostic::new(
                    Rule::InvalidValue,
                    format!("question id `{}` cannot be used: {why}", *q.id),
                )
                .at(b.span(&q.id.span))
                .hint("give the question an id of its own"),
            );
        }
    }
}

fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn competencies(j: &JurisdictionPlan, plan_incomplete: bool, out: &mut Vec<Diagnostic>) {
    let mut by_number: BTreeMap<u32, &crate::model::competency::Competency> = BTreeMap::new();
    if let Some(bank) = &j.bank {
        for c in &bank.competencies {
            if let std::collections::btree_map::Entry::Vacant(e) = by_number.entry(*c.number) {
                e.insert(c);
            } else {
                out.push(
                    Diagnostic::new(
                        Rule::DuplicateCompetency,
                        format!("competency number {} appears twice in the bank", *c.number),
                    )
                    .at(bank.span(&c.number.span))
                    .hint("bank numbers must be unique"),
                );
            }
        }
    }
    let incomplete = plan_incomplete;
    for m in &j.models {
        if j.class(&m.class).is_none() && !incomplete {
            // Models often come before their class is specified: say so,
            // but the model is still checked and can be built later.
            let codes = j.classes.iter().map(|c| c.code.as_str());
            out.push(
                Diagnostic::new(
                    Rule::ModelWithoutClass,
                    format!(
                        "competency model is for class `{}`, which `{}` does not have (yet)",
                        *m.class,
                        j.id()
                    ),
                )
                .at(m.span(&m.class.span))
                .maybe_hint(did_you_mean(&m.class, codes).map(|c| format!("did you mean `{c}`?")))
                .hint("the model is not published until its class spec exists"),
            );
        }
        let Some(bank) = &j.bank else {
            if incomplete {
                continue;
            }
            out.push(
                Diagnostic::new(
                    Rule::MissingCompetency,
                    format!("`{}` has a competency model but no competency bank", j.id()),
                )
                .at(m.span(&m.class.span))
                .hint(format!("create specs/{}/competency-bank.toml", j.id())),
            );
            continue;
        };
        let mut seen = std::collections::BTreeSet::new();
        for e in &m.competencies {
            if !seen.insert(*e.number) {
                out.push(
                    Diagnostic::new(
                        Rule::DuplicateCompetency,
                        format!("competency {} is listed twice in the model", *e.number),
                    )
                    .at(m.span(&e.number.span)),
                );
            }
            let by_title = |t: &str| bank.competencies.iter().find(|c| same_title(&c.title, t));
            match by_number.get(&*e.number) {
                None => {
                    let hint = e
                        .title
                        .as_ref()
                        .and_then(|t| by_title(t))
                        .map(|c| format!("the bank has `{}` as number {}", c.title, *c.number));
                    out.push(
                        Diagnostic::new(
                            Rule::MissingCompetency,
                            format!("competency bank has no number {}", *e.number),
                        )
                        .at(m.span(&e.number.span))
                        .maybe_hint(hint)
                        .hint(format!("the bank is {}", bank.path)),
                    );
                }
                Some(c) => {
                    if let Some(t) = &e.title
                        && !same_title(&c.title, t)
                    {
                        let mut d = Diagnostic::new(
                            Rule::CompetencyTitle,
                            format!(
                                "competency {} is `{}` in the bank, not `{}`",
                                *e.number, c.title, t.value
                            ),
                        )
                        .at(m.span(&t.span))
                        .label(m.span(&e.number.span), "number given here");
                        d = match by_title(t) {
                            Some(other) => d.hint(format!(
                                "`{}` is number {} in the bank; fix the number or the title",
                                other.title, *other.number
                            )),
                            None => d.hint(format!("use the bank's title `{}` or fix the number", c.title)),
                        };
                        out.push(d);
                    }
                    let levels = c.levels.len() as u32;
                    if let Some(level) = &e.level
                        && (**level == 0 || (levels > 0 && **level > levels))
                    {
                        out.push(
                            Diagnostic::new(
                                Rule::CompetencyLevel,
                                format!(
                                    "required level {} is outside competency {}'s levels 1 to {levels}",
                                    **level, *e.number
                                ),
                            )
                            .at(m.span(&level.span))
                            .hint(format!(
                                "`{}` defines {levels} level{}",
                                c.title,
                                if levels == 1 { "" } else { "s" }
                            )),
                        );
                    }
                }
            }
        }
    }
}

fn same_title(a: &str, b: &str) -> bool {
    normalize(a) == normalize(b)
}

/// Why a value is not an absolute http(s) URL a browser can open, if it
/// is not: the Apply link and the JobPosting's `url` are printed as is.
pub fn web_url_problem(s: &str) -> Option<String> {
    if s.trim() != s
        || s.chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
    {
        return Some("it has spaces, quotes, angle brackets or control characters".into());
    }
    match url::Url::parse(s) {
        Err(e) => Some(format!("it is not a URL ({e})")),
        Ok(u) if !matches!(u.scheme(), "https" | "http") => Some(format!("its scheme is `{}`, not https", u.scheme())),
        Ok(u) if u.host_str().is_none_or(str::is_empty) => Some("it names no host".into()),
        Ok(_) => None,
    }
}

fn url_diagnostic(u: &str, why: &str) -> Diagnostic {
    Diagnostic::new(Rule::InvalidValue, format!("`{u}` cannot be an application URL: {why}"))
        .hint("write an absolute address such as \"https://www.governmentjobs.com/careers/lacity\"")
}
