//! `export --format csv|json`: the plan inventory analysts keep in
//! spreadsheets — one row per class with its series and level, status,
//! annual headline pay, the least experience that qualifies, whether every
//! way to qualify needs a degree, and its bulletins with their filing
//! status as of a date.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::Plan;
use crate::model::class::State;
use crate::model::expr::RouteRef;
use crate::model::requirements::Item;

/// `classplan/inventory/1`.
#[derive(Debug, Clone, Serialize)]
pub struct Inventory {
    pub schema: &'static str,
    pub as_of: String,
    pub classes: Vec<Row>,
}

/// One class.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub jurisdiction: String,
    pub code: String,
    pub title: String,
    pub series: Option<String>,
    pub level: Option<u32>,
    /// "active" or "abolished".
    pub status: &'static str,
    /// "adopted", "proposed" or "draft" (the last two with `--drafts`).
    pub stage: &'static str,
    /// Annual headline pay (department and schedule ranges left out): the
    /// class's, else its latest bulletin's.
    pub pay_min: Option<f64>,
    pub pay_max: Option<f64>,
    /// The least experience any way to qualify accepts, in full-time
    /// months; none when the requirements state no amount.
    pub least_experience_months: Option<f64>,
    /// Every way to qualify includes a degree.
    pub degree_required: bool,
    pub bulletins: Vec<BulletinRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BulletinRow {
    pub id: String,
    /// "open", "upcoming" or "closed" as of the date; "open" for a period
    /// without a closing date that has begun.
    pub status: &'static str,
    /// "adopted", "proposed" or "draft": its own stage, or its class's
    /// when that is earlier.
    pub stage: &'static str,
}

pub fn inventory(plan: &Plan, as_of: NaiveDate) -> Inventory {
    let mut classes = Vec::new();
    // Bulletins by class reference, in id order (one pass, not one per class).
    let mut of_class: std::collections::HashMap<&str, Vec<(&String, &crate::model::Loaded<_>)>> =
        std::collections::HashMap::new();
    for (id, b) in &plan.bulletins {
        of_class.entry(b.class.as_str()).or_default().push((id, b));
    }
    for j in plan.jurisdictions.values() {
        let hours = j.def.pay.hours_per_year;
        let mut sorted: Vec<_> = j.classes.iter().collect();
        sorted.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
        for c in sorted {
            let (pay, _) = crate::derive::pay::class_pay(plan, j, c);
            let annual = crate::derive::pay::annual(pay, hours);
            let key = format!("{}/{}", j.id(), c.code.as_str());
            let r = c.requirements.as_ref();
            let degree_required = r.is_some_and(|r| {
                r.expr().is_ok_and(|e| {
                    e.every_way_has(&|at: RouteRef| {
                        r.items_of(at)
                            .iter()
                            .any(|i| matches!(&i.value, Item::Education(ed) if ed.level.contains("degree")))
                    })
                })
            });
            let bulletins = of_class
                .get(key.as_str())
                .into_iter()
                .flatten()
                .map(|&(id, b)| {
                    let infos = crate::derive::periods::periods(b, &j.def, as_of);
                    let status = crate::derive::periods::current(&infos)
                        .map(|p| p.status.as_str())
                        .unwrap_or("closed");
                    BulletinRow {
                        id: id.clone(),
                        status,
                        stage: plan.bulletin_stage(b).name(),
                    }
                })
                .collect();
            classes.push(Row {
                jurisdiction: j.id().to_string(),
                code: c.code.to_string(),
                title: c.title.value.clone(),
                series: c.series.as_ref().map(|s| s.name.clone()),
                level: c.series.as_ref().and_then(|s| s.level),
                status: match c.status.state {
                    State::Active => "active",
                    State::Abolished => "abolished",
                },
                stage: crate::model::Stage::of(c.adoption.as_ref()).name(),
                pay_min: annual.as_ref().map(|a| a.min.round()),
                pay_max: annual.as_ref().map(|a| a.max.round()),
                least_experience_months: r
                    .and_then(|r| crate::derive::requirements::least_months(r, hours))
                    .map(|m| (m * 10.0).round() / 10.0),
                degree_required,
                bulletins,
            });
        }
    }
    Inventory {
        schema: "classplan/inventory/1",
        as_of: as_of.format("%Y-%m-%d").to_string(),
        classes,
    }
}

pub const COLUMNS: [&str; 12] = [
    "jurisdiction",
    "code",
    "title",
    "series",
    "level",
    "status",
    "stage",
    "pay_min",
    "pay_max",
    "least_experience_months",
    "degree_required",
    "bulletins",
];

/// The inventory as CSV: bulletins as "id (status)" joined with "; ", a
/// bulletin not adopted as "id (status, draft)".
pub fn csv(inv: &Inventory) -> anyhow::Result<String> {
    let num = |x: Option<f64>| {
        x.map(|v| {
            if v.fract() == 0.0 {
                format!("{}", v as i64)
            } else {
                format!("{v}")
            }
        })
        .unwrap_or_default()
    };
    let rows: Vec<Vec<String>> = inv
        .classes
        .iter()
        .map(|r| {
            vec![
                r.jurisdiction.clone(),
                r.code.clone(),
                r.title.clone(),
                r.series.clone().unwrap_or_default(),
                r.level.map(|l| l.to_string()).unwrap_or_default(),
                r.status.to_string(),
                r.stage.to_string(),
                num(r.pay_min),
                num(r.pay_max),
                num(r.least_experience_months),
                r.degree_required.to_string(),
                r.bulletins
                    .iter()
                    .map(|b| match b.stage {
                        "adopted" => format!("{} ({})", b.id, b.status),
                        stage => format!("{} ({}, {stage})", b.id, b.status),
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            ]
        })
        .collect();
    super::csv_text(&COLUMNS, &rows)
}
