//! The schema.org `JobPosting` of a bulletin (`jobposting.jsonld`; the
//! HTML page embeds the same value).

use serde_json::{Value, json};

use super::view::BulletinView;
use super::{DocPath, DocView, OutputFormat, RenderInput, Rendered, Renderer};
use crate::diag::Diagnostic;

pub struct JsonLd;

impl Renderer for JsonLd {
    fn format(&self) -> OutputFormat {
        OutputFormat::Jsonld
    }

    fn file(&self, doc: &DocPath) -> Option<String> {
        doc.bulletin_file("jobposting.jsonld")
    }

    fn render(&self, input: &mut RenderInput, _rel: &str) -> Result<Rendered, Diagnostic> {
        let DocView::Bulletin { view, .. } = &input.doc else {
            return Ok(Rendered::File(Vec::new()));
        };
        // Search engines must not index a posting that is not adopted.
        if view.adoption.as_ref().is_some_and(|a| a.mark.is_some()) {
            return Ok(Rendered::Nothing);
        }
        Ok(Rendered::File(super::json::pretty(&job_posting(view)).into_bytes()))
    }
}

/// schema.org JobPosting for a bulletin (Google's required and recommended
/// properties, plus responsibilities / qualifications / requirements).
pub fn job_posting(b: &BulletinView) -> Value {
    let current = b.current_period.and_then(|i| b.periods.get(i));
    let mut description = String::new();
    description.push_str(&b.duties.html());
    if let Some(r) = &b.requirements {
        description.push_str(&format!("<h2>{}</h2><ol>", crate::text::escape_html(&r.label)));
        for route in &r.routes {
            description.push_str(&format!("<li>{}</li>", crate::text::escape_html(&route.plain())));
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
            "value": b.job_number.clone().unwrap_or_else(|| b.id.clone()),
        },
        "datePosted": b.posted.clone().or_else(|| current.map(|p| p.open_at.clone())).unwrap_or_else(|| b.date.clone()),
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
        "occupationalCategory": match &b.published_code {
            Some(code) => format!("{code} {}", b.title),
            None => b.title.clone(),
        },
        "industry": "Public administration",
        "responsibilities": b.duties.text(),
    });
    let obj = posting.as_object_mut().expect("object");
    if let Some(site) = &b.jurisdiction.website {
        obj["hiringOrganization"]["sameAs"] = Value::String(site.clone());
    }
    if let Some(close) = current.and_then(|p| p.close_at.clone()) {
        obj.insert("validThrough".into(), Value::String(close));
    }
    // The posting's address: its page on the published site, else the
    // page where applications are made. `directApply` says whether that
    // address takes the application itself.
    if let Some(url) = b.page_url.as_ref().or(b.apply.url.as_ref()) {
        obj.insert("url".into(), Value::String(url.clone()));
        obj.insert("directApply".into(), Value::Bool(b.apply.url.as_ref() == Some(url)));
    }
    // Only the headline ranges make the posting's salary (a bulletin may
    // state department pay alone, or a pay reference: no baseSalary then).
    if let Some(s) = b.salary.as_ref().map(|s| &s.salary).filter(|s| !s.ranges.is_empty()) {
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
        // One run-on text, as the routes read in a sentence: "…; or six
        // months …; and completion …" (no capital after a connective).
        let quals: Vec<String> = r
            .routes
            .iter()
            .enumerate()
            .map(|(i, x)| if i == 0 { x.plain() } else { x.run_in() })
            .collect();
        obj.insert("qualifications".into(), Value::String(quals.join(" ")));
        if let Some(min) = r.stated_months {
            let exp = json!({ "@type": "OccupationalExperienceRequirements", "monthsOfExperience": (min * 10.0).round() / 10.0 });
            if r.experience_in_place_of_education {
                obj.insert("experienceInPlaceOfEducation".into(), Value::Bool(true));
            }
            obj.insert("experienceRequirements".into(), exp);
        } else if r.experience_in_place_of_education {
            obj.insert("experienceInPlaceOfEducation".into(), Value::Bool(true));
        }
        if !r.education.is_empty() {
            let creds: Vec<Value> = r
                .education
                .iter()
                .map(|e| json!({ "@type": "EducationalOccupationalCredential", "credentialCategory": e }))
                .collect();
            obj.insert(
                "educationRequirements".into(),
                if creds.len() == 1 {
                    creds[0].clone()
                } else {
                    Value::Array(creds)
                },
            );
        }
    }
    super::json::with_errata(&mut posting, &b.errata);
    posting
}
