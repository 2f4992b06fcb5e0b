//! The plan's inventory: jurisdictions, classes and bulletins with the
//! references other commands accept (`classplan list`).

use serde::Serialize;

use crate::model::Plan;
use crate::model::class::State;

#[derive(Debug, Serialize)]
pub struct Listing {
    /// `classplan/list/1`.
    pub schema: &'static str,
    pub jurisdictions: Vec<ListJurisdiction>,
    pub bulletins: Vec<ListBulletin>,
}

#[derive(Debug, Serialize)]
pub struct ListJurisdiction {
    pub id: String,
    pub name: String,
    pub path: String,
    pub classes: Vec<ListClass>,
}

#[derive(Debug, Serialize)]
pub struct ListClass {
    pub reference: String,
    pub code: String,
    pub title: String,
    pub status: &'static str,
    pub series: Option<String>,
    pub path: String,
    pub competency_model: bool,
}

#[derive(Debug, Serialize)]
pub struct ListBulletin {
    pub reference: String,
    pub class: String,
    pub job_number: String,
    pub periods: usize,
    pub path: String,
}

/// Everything `list` shows, sorted (classes by code).
pub fn listing(plan: &Plan) -> Listing {
    Listing {
        schema: "classplan/list/1",
        jurisdictions: plan
            .jurisdictions
            .values()
            .map(|j| {
                let mut classes: Vec<ListClass> = j
                    .classes
                    .iter()
                    .map(|c| ListClass {
                        reference: format!("{}/{}", j.id(), *c.code),
                        code: c.code.to_string(),
                        title: c.title.value.clone(),
                        status: match c.status.state {
                            State::Active => "active",
                            State::Abolished => "abolished",
                        },
                        series: c.series.as_ref().map(|s| s.name.clone()),
                        path: c.path.clone(),
                        competency_model: j.model_for(&c.code).is_some(),
                    })
                    .collect();
                classes.sort_by(|a, b| a.code.cmp(&b.code));
                ListJurisdiction {
                    id: j.id().to_string(),
                    name: j.def.name.clone(),
                    path: j.def.path.clone(),
                    classes,
                }
            })
            .collect(),
        bulletins: plan
            .bulletins
            .iter()
            .map(|(id, b)| ListBulletin {
                reference: id.clone(),
                class: b.class.value.clone(),
                job_number: b.job_number().to_string(),
                periods: b.periods.len(),
                path: b.path.clone(),
            })
            .collect(),
    }
}

/// `list` as text (safe for a terminal).
pub fn listing_text(l: &Listing) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for j in &l.jurisdictions {
        let _ = writeln!(out, "{}  {}", j.id, j.name);
        for c in &j.classes {
            let status = if c.status == "active" {
                String::new()
            } else {
                format!(" ({})", c.status)
            };
            let _ = writeln!(out, "  {:<20} {}{status}", c.reference, c.title);
        }
    }
    if !l.bulletins.is_empty() {
        let _ = writeln!(out, "bulletins");
        for b in &l.bulletins {
            let job = if b.job_number.is_empty() {
                String::new()
            } else {
                format!("job {}, ", b.job_number)
            };
            let _ = writeln!(
                out,
                "  {:<20} {} ({job}{} filing period{})",
                b.reference,
                b.class,
                b.periods,
                if b.periods == 1 { "" } else { "s" }
            );
        }
    }
    crate::text::terminal_safe(&out, true).into_owned()
}

/// A correction of the official text, where it is and how it prints
/// (`classplan list --errata`: the analyst's erratum report).
#[derive(Debug, Serialize)]
pub struct ListErratum {
    /// `path:line:col` of the correction's `wrong` value.
    pub at: String,
    /// The class or bulletin reference.
    pub document: String,
    pub wrong: String,
    pub right: String,
    /// What the documents print: "tactually [sic]" or "tactfully".
    pub printed: String,
}

/// Every correction declared in the plan, by file.
pub fn errata(plan: &Plan, sources: &crate::diag::Sources) -> Vec<ListErratum> {
    let mut out = Vec::new();
    let mut push = |doc: String, file, cs: &[crate::model::common::Correction], style| {
        for (c, e) in cs.iter().zip(super::errata::errata(cs, style)) {
            let (path, line, col) = sources.locate(&crate::diag::Span::new(file, c.wrong.span.clone()));
            out.push(ListErratum {
                at: format!("{path}:{line}:{col}"),
                document: doc.clone(),
                wrong: e.wrong,
                right: e.right,
                printed: e.printed,
            });
        }
    };
    for j in plan.jurisdictions.values() {
        for c in &j.classes {
            push(
                format!("{}/{}", j.id(), *c.code),
                c.file,
                &c.corrections,
                j.def.style.corrections,
            );
        }
    }
    for (id, b) in &plan.bulletins {
        let style = crate::model::ClassKey::parse(&b.class)
            .and_then(|k| plan.jurisdictions.get(&k.jurisdiction))
            .map(|j| j.def.style.corrections)
            .unwrap_or_default();
        push(id.clone(), b.file, &b.corrections, style);
    }
    out
}

/// `list --errata` as text (safe for a terminal).
pub fn errata_text(list: &[ListErratum]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    if list.is_empty() {
        out.push_str("no corrections of official wording\n");
    }
    for e in list {
        let _ = writeln!(
            out,
            "{}: {}: `{}` means `{}`; printed as `{}`",
            e.at, e.document, e.wrong, e.right, e.printed
        );
    }
    crate::text::terminal_safe(&out, true).into_owned()
}
