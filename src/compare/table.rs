//! `compare A B C ...`: several classes side by side — pay, experience by
//! route, education, licenses, and how similar their duties and KSAs are
//! to each other's. A [`Table`] holds numbers as numbers; the renderings
//! (text, Markdown, CSV here; HTML through the `compare-table.html`
//! template) format them.

use serde::Serialize;

use super::{AnnualPay, ClassInput, compare};
use crate::derive::phrase::money;
use crate::model::requirements::Item;

/// Version of the JSON of a comparison table.
pub const SCHEMA: &str = "classplan/compare/1";

#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub schema: &'static str,
    pub classes: Vec<TableClass>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableClass {
    pub reference: String,
    pub title: String,
    pub jurisdiction: String,
    pub status: String,
    /// Annualized pay (lowest minimum to highest maximum), when stated.
    pub pay: Option<AnnualPay>,
    /// Least full-time-equivalent months of experience of each route.
    pub routes: Vec<RouteMonths>,
    /// The least experience that qualifies through any way (months).
    pub least_months: Option<f64>,
    pub education: Vec<String>,
    pub desirable_education: Vec<String>,
    pub licenses: Vec<String>,
    /// Similarity of duties and KSAs to each class of the table, in order
    /// (0..1; the same figure `diff` reports).
    pub similarity: Vec<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RouteMonths {
    pub number: usize,
    pub months: Option<f64>,
}

/// Compare `inputs` with each other.
pub fn table(inputs: &[ClassInput]) -> Table {
    let cmp: Vec<_> = inputs.iter().map(|i| compare(&inputs[0], i)).collect();
    let classes = inputs
        .iter()
        .zip(&cmp)
        .map(|(inp, c)| {
            let summary = c.requirements.b.as_ref();
            TableClass {
                reference: inp.reference.clone(),
                title: inp.class.title.value.clone(),
                jurisdiction: inp.jurisdiction.def.name.clone(),
                status: c.b.status.clone(),
                pay: c.pay.b.clone(),
                routes: summary
                    .map(|r| {
                        r.routes
                            .iter()
                            .map(|x| RouteMonths {
                                number: x.number,
                                months: x.months,
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                least_months: summary.and_then(|r| r.min_months),
                education: summary
                    .map(|r| r.routes.iter().flat_map(|x| x.education.clone()).collect())
                    .unwrap_or_default(),
                desirable_education: inp
                    .class
                    .desirable
                    .iter()
                    .flat_map(|d| d.routes.iter().flat_map(|r| r.items.iter()))
                    .filter_map(|it| match &it.value {
                        Item::Education(x) => Some(x.level.clone()),
                        _ => None,
                    })
                    .collect(),
                licenses: inp.class.licenses.iter().map(|l| l.name.clone()).collect(),
                similarity: inputs
                    .iter()
                    .map(|other| super::matching::similarity(&other.class, &inp.class))
                    .collect(),
            }
        })
        .collect();
    Table {
        schema: SCHEMA,
        classes,
    }
}

fn months(m: Option<f64>) -> String {
    m.map(|m| format!("{m:.1}")).unwrap_or_else(|| "—".into())
}

fn list_or_dash(v: &[String]) -> String {
    if v.is_empty() { "—".into() } else { v.join("; ") }
}

/// The table as display rows: a label, then one cell per class.
pub fn rows(t: &Table) -> (Vec<String>, Vec<Vec<String>>) {
    let header: Vec<String> = std::iter::once(String::new())
        .chain(t.classes.iter().map(|c| c.reference.clone()))
        .collect();
    let row = |label: &str, f: &dyn Fn(&TableClass) -> String| -> Vec<String> {
        std::iter::once(label.to_string())
            .chain(t.classes.iter().map(f))
            .collect()
    };
    let mut rows = vec![
        row("Title", &|c| c.title.clone()),
        row("Jurisdiction", &|c| c.jurisdiction.clone()),
        row("Status", &|c| c.status.clone()),
        row("Annual pay", &|c| {
            c.pay
                .as_ref()
                .map(|p| format!("{} – {}", money(p.min.round()), money(p.max.round())))
                .unwrap_or_else(|| "not stated".into())
        }),
        row("Experience by route (FTE months)", &|c| {
            if c.routes.is_empty() {
                return "—".into();
            }
            c.routes
                .iter()
                .map(|r| format!("#{}: {}", r.number, months(r.months)))
                .collect::<Vec<_>>()
                .join("; ")
        }),
        row("Least experience (FTE months)", &|c| months(c.least_months)),
        row("Education", &|c| {
            let mut e = c.education.clone();
            e.extend(c.desirable_education.iter().map(|x| format!("{x} (desirable)")));
            list_or_dash(&e)
        }),
        row("License", &|c| list_or_dash(&c.licenses)),
    ];
    for (k, other) in t.classes.iter().enumerate() {
        rows.push(row(
            &format!("Similarity to {} (duties and KSAs)", other.reference),
            &|c| format!("{:.0}%", (c.similarity[k] * 100.0).round() + 0.0),
        ));
    }
    (header, rows)
}

/// Terminal text: aligned columns, long cells cut with "…".
pub fn text(t: &Table) -> String {
    let (header, rows) = rows(t);
    let all: Vec<&Vec<String>> = std::iter::once(&header).chain(&rows).collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|c| all.iter().map(|r| r[c].chars().count().min(48)).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for r in all {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let c: String = if c.chars().count() > 48 {
                    c.chars().take(47).collect::<String>() + "…"
                } else {
                    c.clone()
                };
                format!("{c:<w$}", w = widths[i])
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    crate::text::terminal_safe(&out, true).into_owned()
}

/// CSV: one row per class, numbers as numbers (pay in the currency's
/// units per year, experience in months, similarity 0..1).
pub fn csv(t: &Table) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "reference",
        "title",
        "jurisdiction",
        "status",
        "pay_min",
        "pay_max",
        "least_months",
        "route_months",
        "education",
        "desirable_education",
        "licenses",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(t.classes.iter().map(|c| format!("similarity_to:{}", c.reference)));
    w.write_record(&header)?;
    for c in &t.classes {
        let num = |x: Option<f64>| {
            x.map(|v| format!("{}", (v * 100.0).round() / 100.0))
                .unwrap_or_default()
        };
        let mut rec: Vec<String> = vec![
            c.reference.clone(),
            c.title.clone(),
            c.jurisdiction.clone(),
            c.status.clone(),
            num(c.pay.as_ref().map(|p| p.min)),
            num(c.pay.as_ref().map(|p| p.max)),
            num(c.least_months),
            c.routes
                .iter()
                .map(|r| r.months.map(|m| format!("{m:.1}")).unwrap_or_default())
                .collect::<Vec<_>>()
                .join(";"),
            c.education.join("; "),
            c.desirable_education.join("; "),
            c.licenses.join("; "),
        ];
        rec.extend(c.similarity.iter().map(|s| format!("{s:.3}")));
        w.write_record(rec.iter().map(|x| crate::text::csv_cell(x).into_owned()))?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}
