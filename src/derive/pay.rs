//! Pay as numbers: annualized ranges (hourly × hours per year, biweekly ×
//! 26, monthly × 12; a published annual figure wins) and the pay that
//! stands for a class that states none (its latest bulletin's).

use serde::Serialize;

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
