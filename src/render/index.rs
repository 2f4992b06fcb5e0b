//! The site index (`index.html`): every class and bulletin of the plan,
//! filterable, through the `index.html` template; and the site's assets.

use chrono::NaiveDate;
use serde::Serialize;

use super::templates::Templates;
use super::view::BulletinSummary;
use super::{DocPath, Output, OutputFormat};
use crate::diag::Diagnostic;
use crate::model::Plan;

#[derive(Serialize)]
struct IndexClass {
    jurisdiction: String,
    jurisdiction_id: String,
    code: String,
    title: String,
    series: String,
    status: String,
    href: String,
    search: String,
}

#[derive(Serialize)]
struct IndexBulletin {
    title: String,
    class_reference: String,
    job_number: String,
    department: String,
    periods: Vec<String>,
    href: String,
    search: String,
}

#[derive(Serialize)]
struct IndexJurisdiction {
    id: String,
    name: String,
    classes: usize,
}

/// The files the site index step writes.
pub const SITE_FILES: [&str; 3] = ["index.html", "assets/classplan.css", "assets/filter.js"];

fn classes(plan: &Plan) -> Vec<IndexClass> {
    let mut out = Vec::new();
    for j in plan.jurisdictions.values() {
        let mut cs: Vec<_> = j.classes.iter().collect();
        cs.sort_by(|a, b| a.code.value.cmp(&b.code.value));
        for c in cs {
            let series = c.series.as_ref().map(|s| match s.level {
                Some(l) => format!("{} ({l})", s.name),
                None => s.name.clone(),
            });
            let status = crate::derive::status::label(&c.status);
            out.push(IndexClass {
                jurisdiction: j.def.name.clone(),
                jurisdiction_id: j.id().to_string(),
                code: c.code.to_string(),
                title: c.title.value.clone(),
                series: series.clone().unwrap_or_default(),
                status: status.clone(),
                href: format!("{}/classes/{}.html", j.id(), *c.code),
                search: format!(
                    "{} {} {} {} {} {}",
                    j.def.name,
                    j.id(),
                    *c.code,
                    *c.title,
                    series.unwrap_or_default(),
                    status
                )
                .to_lowercase(),
            });
        }
    }
    out
}

/// The site index and its assets. `bulletins` are (jurisdiction, id,
/// summary) of every bulletin.
pub fn render(
    plan: &Plan,
    t: &Templates,
    bulletins: &[(String, String, BulletinSummary)],
    as_of: NaiveDate,
) -> Result<Vec<Output>, Diagnostic> {
    let bs: Vec<IndexBulletin> = bulletins
        .iter()
        .map(|(jur, id, v)| IndexBulletin {
            title: v.title.clone(),
            class_reference: v.class_reference.clone(),
            job_number: v.job_number.clone().unwrap_or_default(),
            department: v.department.clone().unwrap_or_default(),
            periods: v
                .periods
                .iter()
                .map(|p| format!("{} ({})", p.text.trim_end_matches('.'), p.status.as_str()))
                .collect(),
            href: format!("{}/index.html", DocPath::Bulletin { jurisdiction: jur, id }.dir()),
            search: format!(
                "{} {} {} {} {}",
                v.title,
                v.class_reference,
                v.job_number.as_deref().unwrap_or(""),
                v.department.as_deref().unwrap_or(""),
                v.jurisdiction_name
            )
            .to_lowercase(),
        })
        .collect();
    let js: Vec<IndexJurisdiction> = plan
        .jurisdictions
        .values()
        .map(|j| IndexJurisdiction {
            id: j.id().to_string(),
            name: j.def.name.clone(),
            classes: j.classes.len(),
        })
        .collect();
    let mut ctx = tera::Context::new();
    ctx.insert("root", "");
    ctx.insert("lang", "en");
    ctx.insert("classes", &classes(plan));
    ctx.insert("bulletins", &bs);
    ctx.insert("jurisdictions", &js);
    ctx.insert("as_of", &as_of.to_string());
    let mut out = vec![Output {
        rel: "index.html".into(),
        format: OutputFormat::Html,
        bytes: t.render("", "index.html", &ctx)?.into_bytes(),
    }];
    for asset in ["classplan.css", "filter.js"] {
        out.push(Output {
            rel: format!("assets/{asset}"),
            format: OutputFormat::Html,
            bytes: t.raw("", asset).as_bytes().to_vec(),
        });
    }
    Ok(out)
}
