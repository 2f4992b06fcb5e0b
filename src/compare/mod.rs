//! Comparing classes: the same class over time, a bulletin against its
//! class spec, or classes of different jurisdictions. Builds a
//! [`Comparison`] value (sections, aligned lists, normalized requirements
//! and pay, competencies, status) that every output format renders; and
//! ranks classes by similarity for `match` / `crosswalk` ([`matching`]).
//! Pure: inputs are model values; git and files are the CLI's business.

pub mod history;
pub mod matching;
pub mod report;
pub mod table;
pub mod text;

use serde::Serialize;

use crate::derive::requirements::{course_phrase, education_phrase, item_phrase, license_phrase, routes_text};
use crate::model::class::{ClassSpec, State};
use crate::model::requirements::{Item, Requirements};
use crate::model::{JurisdictionPlan, PayRange};
use text::{Idf, align, cosine, tokens};

/// Similarity below which two list items are not paired.
pub const PAIR_THRESHOLD: f64 = 0.3;

/// One side of a comparison.
pub struct ClassInput<'a> {
    /// `la-city/1229`, `la-city/1229@HEAD~3`, or a bulletin id.
    pub reference: String,
    pub jurisdiction: &'a JurisdictionPlan,
    pub class: std::borrow::Cow<'a, ClassSpec>,
    /// Pay to compare when the class itself states none (e.g. from its bulletin).
    pub pay: Vec<PayRange>,
    pub pay_source: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Side {
    pub reference: String,
    pub title: String,
    pub jurisdiction: String,
    pub status: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Same,
    Added,
    Removed,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WordChange {
    pub kind: ChangeKind,
    pub text: String,
}

/// Share of non-space characters two texts have in common, from their word diff.
pub fn shared_ratio(words: &[WordChange]) -> f64 {
    let count = |k: &[ChangeKind]| -> usize {
        words
            .iter()
            .filter(|w| k.contains(&w.kind))
            .map(|w| w.text.chars().filter(|c| !c.is_whitespace()).count())
            .sum()
    };
    let same = count(&[ChangeKind::Same]);
    let a = same + count(&[ChangeKind::Removed]);
    let b = same + count(&[ChangeKind::Added]);
    if a.max(b) == 0 {
        1.0
    } else {
        ((same as f64 / a.max(b) as f64) * 1000.0).round() / 1000.0
    }
}

/// A word-level diff from A to B.
pub fn word_diff(a: &str, b: &str) -> Vec<WordChange> {
    let diff = similar::TextDiff::from_words(a, b);
    let mut out: Vec<WordChange> = Vec::new();
    for c in diff.iter_all_changes() {
        let kind = match c.tag() {
            similar::ChangeTag::Equal => ChangeKind::Same,
            similar::ChangeTag::Insert => ChangeKind::Added,
            similar::ChangeTag::Delete => ChangeKind::Removed,
        };
        match out.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(c.value()),
            _ => out.push(WordChange {
                kind,
                text: c.value().to_string(),
            }),
        }
    }
    out
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ProseDiff {
    /// The model's name for the section (`summary`, ...), whatever each side calls it.
    pub section: String,
    pub label_a: String,
    pub label_b: String,
    pub a: Option<String>,
    pub b: Option<String>,
    pub changed: bool,
    /// Share of the text the two sides have in common (0..1).
    pub ratio: f64,
    pub words: Vec<WordChange>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Pair {
    pub a_index: usize,
    pub b_index: usize,
    pub a: String,
    pub b: String,
    pub similarity: f64,
    pub changed: bool,
    pub words: Vec<WordChange>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ListDiff {
    pub section: String,
    pub label_a: String,
    pub label_b: String,
    pub matched: Vec<Pair>,
    pub only_a: Vec<(usize, String)>,
    pub only_b: Vec<(usize, String)>,
    /// Matched items whose position differs (not a change by itself).
    pub moved: usize,
    pub changed: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RouteSummary {
    pub number: usize,
    pub text: String,
    /// Least full-time-equivalent months of experience the route accepts.
    pub months: Option<f64>,
    /// Where the experience must be gained, when restricted.
    pub employer: Vec<String>,
    pub education: Vec<String>,
    pub courses: Vec<String>,
    pub licenses: Vec<String>,
    /// Tests, ages, "equivalent combination" and free-text items.
    pub other: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RequirementsSummary {
    pub expression: String,
    pub routes: Vec<RouteSummary>,
    /// The least experience that qualifies through any way to qualify (FTE
    /// months; 0 when one needs none); `None` when no route states an
    /// amount of experience.
    pub min_months: Option<f64>,
    /// Substitution sentences.
    pub substitutions: Vec<String>,
    /// Filing allowances ("lack six months or less", anticipated degree).
    pub allowances: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RequirementsDiff {
    pub a: Option<RequirementsSummary>,
    pub b: Option<RequirementsSummary>,
    pub changed: bool,
    /// Plain statements of the differences.
    pub notes: Vec<String>,
}

pub use crate::derive::pay::AnnualPay;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PayDiff {
    pub a: Option<AnnualPay>,
    pub b: Option<AnnualPay>,
    /// B − A in money and percent of A, for min, max and midpoint.
    pub min: Option<(f64, f64)>,
    pub max: Option<(f64, f64)>,
    pub mid: Option<(f64, f64)>,
    pub changed: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CompetencyDiff {
    /// (number, title, level in A, level in B)
    pub both: Vec<(u32, String, u32, u32)>,
    pub only_a: Vec<(u32, String, u32)>,
    pub only_b: Vec<(u32, String, u32)>,
    pub changed: bool,
}

/// Everything that differs between two classes.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Comparison {
    pub a: Side,
    pub b: Side,
    pub identical: bool,
    pub title_changed: bool,
    pub status_notes: Vec<String>,
    pub prose: Vec<ProseDiff>,
    pub lists: Vec<ListDiff>,
    pub requirements: RequirementsDiff,
    /// Desirable qualifications, compared like the requirements.
    pub desirable: RequirementsDiff,
    /// Single facts: series and level, FLSA status, bargaining unit, job
    /// family, codes in other systems; only those that differ.
    pub fields: Vec<FieldChange>,
    pub pay: PayDiff,
    pub competencies: Option<CompetencyDiff>,
    /// Overall similarity of duties and KSAs (0..1).
    pub similarity: f64,
}

/// A fact that differs between two classes ("" when one side lacks it).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FieldChange {
    pub label: String,
    pub a: String,
    pub b: String,
}

/// The facts of a class that `fields` compares, by label.
fn facts(c: &ClassSpec) -> Vec<(String, String)> {
    let mut v = Vec::new();
    if let Some(s) = &c.series {
        v.push(("Series".to_string(), s.name.clone()));
        if let Some(l) = s.level {
            v.push((
                "Series level".into(),
                match s.levels {
                    Some(n) => format!("{l} of {n}"),
                    None => l.to_string(),
                },
            ));
        }
    }
    v.extend(c.metadata.facts());
    if !c.business_units.is_empty() {
        v.push(("Business units".into(), c.business_units.join(", ")));
    }
    v
}

fn field_changes(a: &ClassSpec, b: &ClassSpec) -> Vec<FieldChange> {
    let (fa, fb) = (facts(a), facts(b));
    let mut labels: Vec<&String> = fa.iter().chain(fb.iter()).map(|(l, _)| l).collect();
    let mut seen = std::collections::HashSet::new();
    labels.retain(|l| seen.insert(*l));
    let get = |f: &[(String, String)], l: &str| {
        f.iter()
            .find(|(k, _)| k == l)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    labels
        .into_iter()
        .filter_map(|l| {
            let (x, y) = (get(&fa, l), get(&fb, l));
            (x != y).then(|| FieldChange {
                label: l.clone(),
                a: x,
                b: y,
            })
        })
        .collect()
}

/// "active", "abolished 2005-06-01", or for a class not adopted its stage
/// ("draft", "proposed"): a draft compared with the adopted text differs.
fn status_text(c: &ClassSpec) -> String {
    let status = crate::derive::status::short(&c.status);
    match crate::model::Stage::of(c.adoption.as_ref()) {
        crate::model::Stage::Adopted => status,
        stage if c.status.state == State::Active => stage.name().to_string(),
        stage => format!("{} ({status})", stage.name()),
    }
}

fn side(i: &ClassInput) -> Side {
    Side {
        reference: i.reference.clone(),
        title: i.class.title.value.clone(),
        jurisdiction: i.jurisdiction.def.name.clone(),
        status: status_text(&i.class),
    }
}

/// Align two lists of items by meaning.
pub fn compare_lists(section: &str, label_a: &str, label_b: &str, a: &[String], b: &[String]) -> ListDiff {
    let ta: Vec<Vec<String>> = a.iter().map(|s| tokens(s)).collect();
    let tb: Vec<Vec<String>> = b.iter().map(|s| tokens(s)).collect();
    let idf = Idf::new(ta.iter().chain(tb.iter()));
    let va: Vec<_> = ta.iter().map(|t| idf.vector(t)).collect();
    let vb: Vec<_> = tb.iter().map(|t| idf.vector(t)).collect();
    let norm = |s: &str| crate::text::normalize(s);
    let sim: Vec<Vec<f64>> = a
        .iter()
        .zip(&va)
        .map(|(x, vx)| {
            b.iter()
                .zip(&vb)
                .map(|(y, vy)| {
                    if norm(x) == norm(y) {
                        1.0
                    } else {
                        cosine(vx, vy).min(0.999)
                    }
                })
                .collect()
        })
        .collect();
    let pairs = align(&sim, PAIR_THRESHOLD);
    let mut matched = Vec::new();
    let mut used_a = vec![false; a.len()];
    let mut used_b = vec![false; b.len()];
    for (i, j, s) in &pairs {
        used_a[*i] = true;
        used_b[*j] = true;
        let changed = norm(&a[*i]) != norm(&b[*j]);
        matched.push(Pair {
            a_index: *i,
            b_index: *j,
            a: a[*i].clone(),
            b: b[*j].clone(),
            similarity: (*s * 1000.0).round() / 1000.0,
            changed,
            words: if changed { word_diff(&a[*i], &b[*j]) } else { Vec::new() },
        });
    }
    // Moved: pairs whose relative order differs from A's order.
    let mut order: Vec<usize> = matched.iter().map(|p| p.b_index).collect();
    let sorted = {
        let mut s = order.clone();
        s.sort();
        s
    };
    let moved = order.iter().zip(&sorted).filter(|(x, y)| x != y).count();
    order.clear();
    let only_a: Vec<(usize, String)> = a
        .iter()
        .enumerate()
        .filter(|(i, _)| !used_a[*i])
        .map(|(i, s)| (i, s.clone()))
        .collect();
    let only_b: Vec<(usize, String)> = b
        .iter()
        .enumerate()
        .filter(|(i, _)| !used_b[*i])
        .map(|(i, s)| (i, s.clone()))
        .collect();
    let changed = !only_a.is_empty() || !only_b.is_empty() || matched.iter().any(|p| p.changed);
    ListDiff {
        section: section.into(),
        label_a: label_a.into(),
        label_b: label_b.into(),
        matched,
        only_a,
        only_b,
        moved,
        changed,
    }
}

fn summarize(r: &Requirements, j: &JurisdictionPlan) -> RequirementsSummary {
    let style = j.def.style.numbers;
    let hours = j.def.pay.hours_per_year;
    let texts = routes_text(r, style);
    let routes: Vec<RouteSummary> = r
        .routes
        .iter()
        .zip(texts)
        .map(|(route, t)| {
            let mut s = RouteSummary {
                number: t.number,
                text: {
                    let body = t.body();
                    body.trim_end_matches(&*t.closing).to_string()
                },
                months: crate::derive::requirements::route_months(route, hours),
                employer: Vec::new(),
                education: Vec::new(),
                courses: Vec::new(),
                licenses: Vec::new(),
                other: Vec::new(),
            };
            let items = route
                .items
                .iter()
                .chain(route.parts.iter().flat_map(|p| p.items.iter()));
            for item in items {
                match &item.value {
                    Item::Experience(e) => {
                        if let Some(w) = &e.with {
                            s.employer.push(w.trim_start_matches("with ").to_string());
                        }
                    }
                    Item::Education(e) => s.education.push(education_phrase(e, style)),
                    Item::Course(c) => s.courses.push(course_phrase(c, style)),
                    Item::License(l) => s.licenses.push(license_phrase(l)),
                    other => s.other.push(item_phrase(other, style)),
                }
            }
            s
        })
        .collect();
    let expr = r.expr().ok();
    let min_months = crate::derive::requirements::least_months(r, hours);
    RequirementsSummary {
        expression: expr.map(|e| e.to_string()).unwrap_or_default(),
        routes,
        min_months,
        substitutions: r
            .substitutions
            .iter()
            .map(|x| crate::derive::requirements::substitution_sentence(x, style))
            .collect(),
        allowances: crate::derive::requirements::allowance_sentences(r, style),
    }
}

fn months_text(m: f64) -> String {
    if m < 0.05 {
        "no experience".into()
    } else {
        crate::derive::phrase::months_figure(m)
    }
}

fn requirements_diff(a: Option<RequirementsSummary>, b: Option<RequirementsSummary>) -> RequirementsDiff {
    let mut notes = Vec::new();
    match (&a, &b) {
        (Some(x), Some(y)) => {
            if x.routes.len() != y.routes.len() {
                notes.push(format!("A has {} route(s); B has {}", x.routes.len(), y.routes.len()));
            }
            if x.expression != y.expression {
                notes.push(format!(
                    "A qualifies through `{}`; B through `{}`",
                    x.expression, y.expression
                ));
            }
            let least = |m: f64| {
                if m < 0.05 {
                    "has a way to qualify without experience".to_string()
                } else {
                    format!("needs at least {} of experience", months_text(m))
                }
            };
            match (x.min_months, y.min_months) {
                (Some(p), Some(q)) if (p - q).abs() > 0.05 => notes.push(format!("A {}; B {}", least(p), least(q))),
                (Some(p), None) => notes.push(format!("A {}; B states no amount of experience", least(p))),
                (None, Some(q)) => notes.push(format!("B {}; A states no amount of experience", least(q))),
                _ => {}
            }
            for s in y.substitutions.iter().filter(|s| !x.substitutions.contains(s)) {
                notes.push(format!("only B allows: {s}"));
            }
            for s in x.substitutions.iter().filter(|s| !y.substitutions.contains(s)) {
                notes.push(format!("only A allows: {s}"));
            }
            for s in y.allowances.iter().filter(|s| !x.allowances.contains(s)) {
                notes.push(format!("only B: {s}"));
            }
            for s in x.allowances.iter().filter(|s| !y.allowances.contains(s)) {
                notes.push(format!("only A: {s}"));
            }
            let employers = |s: &RequirementsSummary| -> Vec<String> {
                let mut v: Vec<String> = s.routes.iter().flat_map(|r| r.employer.clone()).collect();
                v.sort();
                v.dedup();
                v
            };
            let (ea, eb) = (employers(x), employers(y));
            if ea != eb {
                if !eb.is_empty() {
                    notes.push(format!(
                        "B accepts experience {} only on some routes: {}",
                        if eb.len() == 1 {
                            "with one employer"
                        } else {
                            "with named employers"
                        },
                        eb.join("; ")
                    ));
                }
                if !ea.is_empty() {
                    notes.push(format!("A restricts experience to: {}", ea.join("; ")));
                }
            }
            let courses = |s: &RequirementsSummary| s.routes.iter().flat_map(|r| r.courses.clone()).collect::<Vec<_>>();
            for c in courses(y).iter().filter(|c| !courses(x).contains(c)) {
                notes.push(format!("B accepts or requires {c}"));
            }
            for c in courses(x).iter().filter(|c| !courses(y).contains(c)) {
                notes.push(format!("A accepts or requires {c}"));
            }
            let edu = |s: &RequirementsSummary| s.routes.iter().flat_map(|r| r.education.clone()).collect::<Vec<_>>();
            if edu(x) != edu(y) {
                notes.push(format!(
                    "education: A {}; B {}",
                    if edu(x).is_empty() {
                        "none".into()
                    } else {
                        edu(x).join(", ")
                    },
                    if edu(y).is_empty() {
                        "none".into()
                    } else {
                        edu(y).join(", ")
                    }
                ));
            }
        }
        (Some(_), None) => notes.push("only A states minimum requirements".into()),
        (None, Some(_)) => notes.push("only B states minimum requirements".into()),
        (None, None) => {}
    }
    let changed = a.as_ref().map(|x| x.routes.iter().map(|r| &r.text).collect::<Vec<_>>())
        != b.as_ref().map(|x| x.routes.iter().map(|r| &r.text).collect::<Vec<_>>())
        || a.as_ref().map(|x| &x.expression) != b.as_ref().map(|x| &x.expression)
        || a.as_ref().map(|x| (&x.substitutions, &x.allowances))
            != b.as_ref().map(|x| (&x.substitutions, &x.allowances));
    if changed && notes.is_empty() {
        notes.push("the requirement wording differs".into());
    }
    RequirementsDiff { a, b, changed, notes }
}

/// Annualized pay range of a set of ranges (lowest minimum to highest maximum).
pub fn annual_pay(ranges: &[PayRange], hours: f64, source: Option<String>) -> Option<AnnualPay> {
    crate::derive::pay::annual(ranges, hours).map(|p| AnnualPay { source, ..p })
}

fn pay_diff(a: Option<AnnualPay>, b: Option<AnnualPay>) -> PayDiff {
    let d = |f: fn(&AnnualPay) -> f64| match (&a, &b) {
        (Some(x), Some(y)) => Some((
            (f(y) - f(x) * 1.0).round(),
            if f(x) > 0.0 {
                ((f(y) - f(x)) / f(x) * 1000.0).round() / 10.0
            } else {
                0.0
            },
        )),
        _ => None,
    };
    let (min, max, mid) = (d(|p| p.min), d(|p| p.max), d(|p| p.mid));
    let changed = match (&a, &b) {
        (Some(x), Some(y)) => (x.min - y.min).abs() > 0.5 || (x.max - y.max).abs() > 0.5,
        (None, None) => false,
        _ => true,
    };
    PayDiff {
        a,
        b,
        min,
        max,
        mid,
        changed,
    }
}

fn competency_diff(a: &ClassInput, b: &ClassInput) -> Option<CompetencyDiff> {
    let get = |i: &ClassInput| -> Option<Vec<(u32, String, u32)>> {
        let m = i.jurisdiction.model_for(&i.class.code)?;
        let bank = i.jurisdiction.bank.as_ref();
        Some(
            m.competencies
                .iter()
                .map(|e| {
                    let title = bank
                        .and_then(|bk| bk.competencies.iter().find(|c| *c.number == *e.number))
                        .map(|c| c.title.clone())
                        .unwrap_or_default();
                    (*e.number, title, e.level.as_ref().map(|l| **l).unwrap_or(0))
                })
                .collect(),
        )
    };
    let (ma, mb) = (get(a), get(b));
    if ma.is_none() && mb.is_none() {
        return None;
    }
    let (ma, mb) = (ma.unwrap_or_default(), mb.unwrap_or_default());
    // Competencies are matched by title (banks of different jurisdictions number differently).
    let key = |t: &str| crate::text::normalize(t);
    let mut both = Vec::new();
    let mut only_a = Vec::new();
    for (n, t, l) in &ma {
        match mb.iter().find(|(_, t2, _)| key(t2) == key(t)) {
            Some((_, _, l2)) => both.push((*n, t.clone(), *l, *l2)),
            None => only_a.push((*n, t.clone(), *l)),
        }
    }
    let only_b: Vec<(u32, String, u32)> = mb
        .iter()
        .filter(|(_, t, _)| !ma.iter().any(|(_, t2, _)| key(t2) == key(t)))
        .cloned()
        .collect();
    let changed = !only_a.is_empty() || !only_b.is_empty() || both.iter().any(|(_, _, x, y)| x != y);
    Some(CompetencyDiff {
        both,
        only_a,
        only_b,
        changed,
    })
}

/// Compare two classes.
pub fn compare(a: &ClassInput, b: &ClassInput) -> Comparison {
    let (ca, cb) = (&a.class, &b.class);
    let la = ca.labels.resolve(&a.jurisdiction.def.labels);
    let lb = cb.labels.resolve(&b.jurisdiction.def.labels);
    let text = |x: &Option<crate::model::Sp<String>>| x.as_ref().map(|s| s.value.clone());
    type Section<'s> = (&'s str, &'s str, &'s str, Option<String>, Option<String>);
    let prose_pairs: Vec<Section> = vec![
        (
            "summary",
            &la.summary,
            &lb.summary,
            Some(ca.summary.value.clone()),
            Some(cb.summary.value.clone()),
        ),
        (
            "distinguishing_features",
            &la.distinguishing_features,
            &lb.distinguishing_features,
            text(&ca.distinguishing_features),
            text(&cb.distinguishing_features),
        ),
        (
            "supervision_received",
            &la.supervision_received,
            &lb.supervision_received,
            text(&ca.supervision_received),
            text(&cb.supervision_received),
        ),
        (
            "supervision_exercised",
            &la.supervision_exercised,
            &lb.supervision_exercised,
            text(&ca.supervision_exercised),
            text(&cb.supervision_exercised),
        ),
        (
            "physical_requirements",
            &la.physical_requirements,
            &lb.physical_requirements,
            text(&ca.physical_requirements),
            text(&cb.physical_requirements),
        ),
        (
            "substitution",
            &la.substitution,
            &lb.substitution,
            text(&ca.substitution),
            text(&cb.substitution),
        ),
        ("notes", &la.notes, &lb.notes, text(&ca.notes), text(&cb.notes)),
    ];
    let prose: Vec<ProseDiff> = prose_pairs
        .into_iter()
        .filter(|(_, _, _, x, y)| x.is_some() || y.is_some())
        .map(|(section, l1, l2, x, y)| {
            let changed = x.as_deref().map(str::trim) != y.as_deref().map(str::trim);
            let (xa, yb) = (x.as_deref().unwrap_or(""), y.as_deref().unwrap_or(""));
            let words = if changed { word_diff(xa, yb) } else { Vec::new() };
            let ratio = shared_ratio(&word_diff(xa, yb));
            ProseDiff {
                section: section.into(),
                label_a: l1.to_string(),
                label_b: l2.to_string(),
                a: x,
                b: y,
                changed,
                ratio,
                words,
            }
        })
        .collect();
    // Further titled sections, matched by title.
    let mut prose = prose;
    let mut titles: Vec<String> = ca
        .sections
        .iter()
        .chain(cb.sections.iter())
        .filter_map(|n| n.title.clone())
        .collect();
    let mut seen = std::collections::HashSet::new();
    titles.retain(|t| seen.insert(crate::text::normalize(t)));
    for t in titles {
        let find = |c: &ClassSpec| {
            c.sections
                .iter()
                .find(|n| n.title.as_deref().map(crate::text::normalize) == Some(crate::text::normalize(&t)))
                .map(|n| n.text.value.clone())
        };
        let (x, y) = (find(ca), find(cb));
        let changed = x.as_deref().map(str::trim) != y.as_deref().map(str::trim);
        let (xa, yb) = (x.as_deref().unwrap_or(""), y.as_deref().unwrap_or(""));
        prose.push(ProseDiff {
            section: format!("sections/{t}"),
            label_a: t.clone(),
            label_b: t.clone(),
            words: if changed { word_diff(xa, yb) } else { Vec::new() },
            ratio: shared_ratio(&word_diff(xa, yb)),
            a: x,
            b: y,
            changed,
        });
    }
    let items = |v: &[crate::model::Sp<String>]| v.iter().map(|s| s.value.clone()).collect::<Vec<_>>();
    let duties = |c: &ClassSpec| c.duties.iter().map(|d| d.text.value.clone()).collect::<Vec<_>>();
    let lists = vec![
        compare_lists("duties", &la.duties, &lb.duties, &duties(ca), &duties(cb)),
        compare_lists(
            "knowledge",
            &la.knowledge,
            &lb.knowledge,
            &items(&ca.knowledge),
            &items(&cb.knowledge),
        ),
        compare_lists("skills", &la.skills, &lb.skills, &items(&ca.skills), &items(&cb.skills)),
        compare_lists(
            "abilities",
            &la.abilities,
            &lb.abilities,
            &items(&ca.abilities),
            &items(&cb.abilities),
        ),
    ]
    .into_iter()
    .filter(|l| !l.matched.is_empty() || !l.only_a.is_empty() || !l.only_b.is_empty())
    .collect::<Vec<_>>();
    let requirements = requirements_diff(
        ca.requirements.as_ref().map(|r| summarize(r, a.jurisdiction)),
        cb.requirements.as_ref().map(|r| summarize(r, b.jurisdiction)),
    );
    let desirable = requirements_diff(
        ca.desirable.as_ref().map(|r| summarize(r, a.jurisdiction)),
        cb.desirable.as_ref().map(|r| summarize(r, b.jurisdiction)),
    );
    let fields = field_changes(ca, cb);
    let pay_of = |i: &ClassInput| {
        let hours = i.jurisdiction.def.pay.hours_per_year;
        if i.class.pay.is_empty() {
            annual_pay(&i.pay, hours, i.pay_source.clone())
        } else {
            annual_pay(&i.class.pay, hours, None)
        }
    };
    let pay = pay_diff(pay_of(a), pay_of(b));
    let competencies = competency_diff(a, b);
    let mut status_notes = Vec::new();
    for (name, c) in [("A", ca), ("B", cb)] {
        if c.status.state == State::Abolished {
            status_notes.push(format!("{name} {}", status_text(c)));
        }
    }
    let (sa, sb) = (side(a), side(b));
    let title_changed = sa.title != sb.title;
    let similarity = matching::similarity(ca, cb);
    let identical = !title_changed
        && sa.status == sb.status
        && prose.iter().all(|p| !p.changed)
        && lists.iter().all(|l| !l.changed)
        && !requirements.changed
        && !desirable.changed
        && fields.is_empty()
        && !pay.changed
        && competencies.as_ref().is_none_or(|c| !c.changed);
    Comparison {
        a: sa,
        b: sb,
        identical,
        title_changed,
        status_notes,
        prose,
        lists,
        requirements,
        desirable,
        fields,
        pay,
        competencies,
        similarity,
    }
}
