//! Pay as numbers: annualized ranges (hourly × hours per year, biweekly ×
//! 26, monthly × 12; a published annual figure wins) and the pay that
//! stands for a class that states none (its latest bulletin's).

use serde::Serialize;

use super::phrase::money;
use crate::model::PayUnit;

use crate::model::{ClassSpec, JurisdictionPlan, PayRange, Plan};

/// An annualized pay range.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AnnualPay {
    pub min: f64,
    pub max: f64,
    pub mid: f64,
    /// Where the figures come from when not from the class itself
    /// ("bulletin la-city-1229-2025").
    pub source: Option<String>,
}

/// The annualized range of a set of ranges: lowest minimum to highest maximum.
pub fn annual(ranges: &[PayRange], hours: f64) -> Option<AnnualPay> {
    if ranges.is_empty() {
        return None;
    }
    let min = ranges.iter().map(|r| r.annual(hours).0).fold(f64::INFINITY, f64::min);
    let max = ranges.iter().map(|r| r.annual(hours).1).fold(0.0, f64::max);
    Some(AnnualPay {
        min,
        max,
        mid: (min + max) / 2.0,
        source: None,
    })
}

/// The pay of a class: its own ranges, else those of its latest bulletin
/// (with where they come from).
pub fn class_pay<'a>(plan: &'a Plan, j: &JurisdictionPlan, c: &'a ClassSpec) -> (&'a [PayRange], Option<String>) {
    if !c.pay.is_empty() {
        return (&c.pay, None);
    }
    let key = format!("{}/{}", j.id(), *c.code);
    plan.bulletins
        .iter()
        .filter(|(_, b)| *b.class == key && !b.pay.is_empty())
        .max_by_key(|(_, b)| b.revised.value)
        .map(|(id, b)| (b.pay.as_slice(), Some(format!("bulletin {id}"))))
        .unwrap_or((&[], None))
}

/// One pay range with its figures in words.
#[derive(Debug, Clone, Serialize)]
pub struct PayFigures {
    pub label: Option<String>,
    pub min: f64,
    pub max: Option<f64>,
    pub unit: PayUnit,
    /// "$60,489 to $88,405", "$35.30 to $42.94".
    pub range_text: String,
    /// "Hourly", "Monthly", "Annually", "Biweekly".
    pub unit_text: String,
    pub annual_min: f64,
    pub annual_max: f64,
    /// The same range in other units, as published.
    pub equivalents: Vec<PayFigures>,
}

pub fn unit_text(u: PayUnit) -> &'static str {
    match u {
        PayUnit::Hourly => "Hourly",
        PayUnit::Biweekly => "Biweekly",
        PayUnit::Monthly => "Monthly",
        PayUnit::Annual => "Annually",
    }
}

pub fn range_text(min: f64, max: Option<f64>) -> String {
    match max {
        Some(max) => format!("{} to {}", money(min), money(max)),
        None => format!("{} (flat rate)", money(min)),
    }
}

fn figures(r: &PayRange, hours: f64) -> PayFigures {
    let (amin, amax) = r.annual(hours);
    PayFigures {
        label: r.label.clone(),
        min: *r.min,
        max: r.max.as_ref().map(|m| **m),
        unit: r.unit,
        range_text: range_text(*r.min, r.max.as_ref().map(|m| **m)),
        unit_text: unit_text(r.unit).to_string(),
        annual_min: amin,
        annual_max: amax,
        equivalents: r
            .equivalents
            .iter()
            .map(|e| {
                let k = e.unit.per_year(hours);
                PayFigures {
                    label: None,
                    min: *e.min,
                    max: e.max.as_ref().map(|m| **m),
                    unit: e.unit,
                    range_text: range_text(*e.min, e.max.as_ref().map(|m| **m)),
                    unit_text: unit_text(e.unit).to_string(),
                    annual_min: *e.min * k,
                    annual_max: e.max.as_ref().map(|m| **m * k).unwrap_or(*e.min * k),
                    equivalents: Vec::new(),
                }
            })
            .collect(),
    }
}

/// Pay of a class or bulletin as printed.
#[derive(Debug, Clone, Serialize)]
pub struct Salary {
    /// One line: "$60,489 to $97,363 Annually" (lowest minimum to highest
    /// maximum), or for a single range with equivalents "$35.30 to $42.94
    /// Hourly / $6,119 to $7,443 Monthly / ...".
    pub summary: String,
    pub ranges: Vec<PayFigures>,
    /// "$60,489 to $88,405; and $66,565 to $97,363" when there are several ranges.
    pub ranges_text: Option<String>,
}

/// Pay ranges as printed; `annual` is the jurisdiction's word for annual pay.
pub fn salary(ranges: &[PayRange], hours: f64, annual: &str) -> Option<Salary> {
    if ranges.is_empty() {
        return None;
    }
    let mut views: Vec<PayFigures> = ranges.iter().map(|r| figures(r, hours)).collect();
    relabel(&mut views, annual);
    let summary = if views.len() == 1 {
        std::iter::once(&views[0])
            .chain(views[0].equivalents.iter())
            .map(|v| format!("{} {}", v.range_text, v.unit_text))
            .collect::<Vec<_>>()
            .join(" / ")
    } else {
        let same_unit = views.iter().all(|v| v.unit == views[0].unit);
        if same_unit {
            let min = views.iter().map(|v| v.min).fold(f64::INFINITY, f64::min);
            let max = views.iter().map(|v| v.max.unwrap_or(v.min)).fold(0.0, f64::max);
            format!("{} {}", range_text(min, Some(max)), views[0].unit_text)
        } else {
            let min = views.iter().map(|v| v.annual_min).fold(f64::INFINITY, f64::min);
            let max = views.iter().map(|v| v.annual_max).fold(0.0, f64::max);
            format!("{} {annual}", range_text(min, Some(max)))
        }
    };
    let ranges_text = (views.len() > 1).then(|| {
        let parts: Vec<String> = views
            .iter()
            .map(|v| match &v.label {
                Some(l) => format!("{l}: {}", v.range_text),
                None => v.range_text.clone(),
            })
            .collect();
        let last = parts.len() - 1;
        format!("{}; and {}", parts[..last].join("; "), parts[last])
    });
    Some(Salary {
        summary,
        ranges: views,
        ranges_text,
    })
}

fn relabel(views: &mut [PayFigures], annual: &str) {
    for v in views {
        if v.unit == PayUnit::Annual {
            v.unit_text = annual.to_string();
        }
        relabel(&mut v.equivalents, annual);
    }
}
