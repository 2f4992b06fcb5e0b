//! JSON outputs: the view types as published (free text as its Markdown
//! source), the data handed to Typst (free text as a block tree), and the
//! schema.org `JobPosting` JSON-LD of a bulletin.

use serde_json::{Map, Value, json};

use super::markdown::to_blocks;
use super::view::BulletinView;
use crate::derive::phrase::capitalize;

/// Is this the serialized form of a [`super::markdown::Rich`]?
fn rich_markdown(m: &Map<String, Value>) -> Option<&str> {
    if m.len() == 3 && m.contains_key("html") && m.contains_key("text") {
        m.get("markdown").and_then(Value::as_str)
    } else {
        None
    }
}

fn map_rich(v: Value, f: &dyn Fn(&str) -> Value) -> Value {
    match v {
        Value::Object(m) => {
            if let Some(md) = rich_markdown(&m) {
                return f(md);
            }
            Value::Object(m.into_iter().map(|(k, v)| (k, map_rich(v, f))).collect())
        }
        Value::Array(a) => Value::Array(a.into_iter().map(|v| map_rich(v, f)).collect()),
        other => other,
    }
}

/// The published JSON of a view: free text as Markdown strings.
pub fn public(view: &impl serde::Serialize) -> Value {
    let v = serde_json::to_value(view).unwrap_or(Value::Null);
    map_rich(v, &|md| Value::String(md.to_string()))
}

/// The data given to a Typst template: free text as block trees.
pub fn typst_data(view: &impl serde::Serialize) -> Value {
    let v = serde_json::to_value(view).unwrap_or(Value::Null);
    map_rich(v, &|md| serde_json::to_value(to_blocks(md)).unwrap_or(Value::Null))
}

pub fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// schema.org JobPosting for a bulletin (Google's required and recommended
/// properties, plus responsibilities / qualifications / requirements).
pub fn job_posting(b: &BulletinView) -> Value {
    let current = b.current_period.and_then(|i| b.periods.get(i));
    let mut description = String::new();
    description.push_str(&b.duties.html);
    if let Some(r) = &b.requirements {
        description.push_str(&format!("<h2>{}</h2><ol>", crate::text::escape_html(&r.label)));
        for route in &r.routes {
            description.push_str(&format!("<li>{}</li>", crate::text::escape_html(&route.text)));
        }
        description.push_str("</ol>");
    }
    let mut posting = json!({
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": b.title,
        "description": description,
        "identifier": {
            "@type": "PropertyValue",
            "name": b.jurisdiction.employer,
            "value": b.job_number,
        },
        "datePosted": current.map(|p| p.open_at.clone()).unwrap_or_else(|| b.revised.clone()),
        "hiringOrganization": {
            "@type": "Organization",
            "name": b.jurisdiction.employer,
        },
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": b.jurisdiction.locality,
                "addressRegion": b.jurisdiction.region,
                "addressCountry": b.jurisdiction.country,
            }
        },
        "employmentType": b.employment_type,
        "occupationalCategory": format!("{} {}", b.code, b.title),
        "industry": "Public administration",
        "responsibilities": b.duties.text,
    });
    let obj = posting.as_object_mut().expect("object");
    if let Some(site) = &b.jurisdiction.website {
        obj["hiringOrganization"]["sameAs"] = Value::String(site.clone());
    }
    if let Some(p) = current {
        obj.insert("validThrough".into(), Value::String(p.close_at.clone()));
    }
    if let Some(s) = &b.salary {
        let min = s.ranges.iter().map(|r| r.min).fold(f64::INFINITY, f64::min);
        let max = s.ranges.iter().map(|r| r.max.unwrap_or(r.min)).fold(0.0, f64::max);
        let unit = match s.ranges[0].unit {
            crate::model::PayUnit::Hourly => "HOUR",
            crate::model::PayUnit::Biweekly => "WEEK",
            crate::model::PayUnit::Monthly => "MONTH",
            crate::model::PayUnit::Annual => "YEAR",
        };
        let same_unit = s.ranges.iter().all(|r| r.unit == s.ranges[0].unit);
        let (min, max, unit) = if same_unit && unit != "WEEK" {
            (min, max, unit)
        } else {
            let amin = s.ranges.iter().map(|r| r.annual_min).fold(f64::INFINITY, f64::min);
            let amax = s.ranges.iter().map(|r| r.annual_max).fold(0.0, f64::max);
            (amin, amax, "YEAR")
        };
        obj.insert(
            "baseSalary".into(),
            json!({
                "@type": "MonetaryAmount",
                "currency": b.jurisdiction.currency,
                "value": { "@type": "QuantitativeValue", "minValue": min, "maxValue": max, "unitText": unit }
            }),
        );
    }
    if let Some(r) = &b.requirements {
        let quals: Vec<String> = r.routes.iter().map(|x| x.text.clone()).collect();
        obj.insert("qualifications".into(), Value::String(quals.join(" ")));
        let months: Vec<f64> = r.route_months.iter().flatten().copied().collect();
        if let Some(min) = months.iter().copied().reduce(f64::min) {
            obj.insert(
                "experienceRequirements".into(),
                json!({ "@type": "OccupationalExperienceRequirements", "monthsOfExperience": (min * 10.0).round() / 10.0 }),
            );
        }
        let edu: Vec<&String> = r
            .by_kind
            .iter()
            .filter(|g| g.label.to_lowercase().contains("education"))
            .flat_map(|g| &g.items)
            .collect();
        if let Some(e) = edu.first() {
            obj.insert(
                "educationRequirements".into(),
                json!({ "@type": "EducationalOccupationalCredential", "credentialCategory": capitalize(e) }),
            );
        }
    }
    posting
}
