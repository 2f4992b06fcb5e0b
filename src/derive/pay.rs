//! Pay as numbers: annualized ranges (hourly × hours per year, biweekly ×
//! 26, monthly × 12; a published annual figure wins) and the pay that
//! stands for a class that states none (its latest bulletin's).

use serde::Serialize;

use super::phrase::money;
use crate::model::PayUnit;
use crate::model::jurisdiction::PayList;

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

/// The headline ranges: those of no particular department or schedule.
pub fn headline(ranges: &[PayRange]) -> impl Iterator<Item = &PayRange> {
    ranges.iter().filter(|r| r.schedule.is_none())
}

/// The annualized headline range of a set of ranges: lowest minimum to
/// highest maximum (department and schedule ranges left out).
pub fn annual(ranges: &[PayRange], hours: f64) -> Option<AnnualPay> {
    let ranges: Vec<&PayRange> = headline(ranges).collect();
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
        .filter(|(_, b)| *b.class == key && headline(&b.pay).next().is_some())
        .max_by_key(|(_, b)| b.date())
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

/// "$60,489 to $88,405"; a flat amount or range followed by `flat`
/// ("(flat-rated)").
pub fn range_text(min: f64, max: Option<f64>, flat: Option<&str>) -> String {
    let figures = match max {
        Some(max) => format!("{} to {}", money(min), money(max)),
        None => money(min),
    };
    match flat {
        Some(label) => format!("{figures} {label}"),
        None => figures,
    }
}

/// How pay is printed: the jurisdiction's words.
#[derive(Debug, Clone)]
pub struct PayWords<'a> {
    pub hours: f64,
    /// The word for annual pay ("Annually").
    pub annual: &'a str,
    /// After a flat-rated amount ("(flat rate)").
    pub flat: &'a str,
    pub list: PayList,
    /// Before a schedule's ranges, with `{schedule}` for its name.
    pub schedule_lead: &'a str,
}

impl<'a> PayWords<'a> {
    pub fn of(j: &'a crate::model::Jurisdiction, list: Option<PayList>) -> PayWords<'a> {
        PayWords {
            hours: j.pay.hours_per_year,
            annual: j.pay.annual_label.as_deref().unwrap_or("Annually"),
            flat: j.pay.flat_label.as_deref().unwrap_or("(flat rate)"),
            list: list.unwrap_or(j.pay.list),
            schedule_lead: j
                .pay
                .schedule_lead
                .as_deref()
                .unwrap_or("The salary in the {schedule} is"),
        }
    }
}

/// Items joined as the list style says.
pub fn join_pay(parts: &[String], list: PayList) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        _ => {
            let last = parts.len() - 1;
            let head = &parts[..last];
            match list {
                PayList::SemicolonAnd => format!("{}; and {}", head.join("; "), parts[last]),
                PayList::Semicolon => parts.join("; "),
                PayList::And => parts.join(" and "),
                PayList::CommaAnd => format!("{} and {}", head.join(", "), parts[last]),
            }
        }
    }
}

fn figures(r: &PayRange, w: &PayWords) -> PayFigures {
    let hours = w.hours;
    let (amin, amax) = r.annual(hours);
    let flat = r.is_flat().then_some(w.flat);
    PayFigures {
        label: r.label.clone(),
        min: *r.min,
        max: r.max.as_ref().map(|m| **m),
        unit: r.unit,
        range_text: range_text(*r.min, r.max.as_ref().map(|m| **m), flat),
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
                    range_text: range_text(*e.min, e.max.as_ref().map(|m| **m), flat),
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
    /// maximum of the headline ranges), or for a single range with
    /// equivalents "$35.30 to $42.94 Hourly / $6,119 to $7,443 Monthly /
    /// ...", or the pay reference ("Salary Group B19").
    pub summary: String,
    /// The headline ranges.
    pub ranges: Vec<PayFigures>,
    /// "$60,489 to $88,405; and $66,565 to $97,363" when there are several
    /// headline ranges.
    pub ranges_text: Option<String>,
    /// Every headline range in one line, also when there is one ("$43,639
    /// to $63,809 and $47,376 to $69,279").
    pub list_text: String,
    /// Departments and schedules with their own ranges, one sentence each.
    pub schedules: Vec<ScheduleText>,
}

/// A department's or schedule's pay, as printed.
#[derive(Debug, Clone, Serialize)]
pub struct ScheduleText {
    pub name: String,
    pub ranges: Vec<PayFigures>,
    /// "The salary in the Department of Water and Power is $54,663 to
    /// $67,922 and $57,774 to $71,785."
    pub sentence: String,
}

/// Ranges listed; a label is printed once before the ranges it covers
/// ("For trainee positions: $1 to $2; $3 to $4"), groups under different
/// labels are sentences of their own, and a group of flat amounts says
/// "(flat-rated)" once at its end ("$106,675; $111,916 (flat-rated)"), as
/// the bulletins print them.
fn listed(views: &[PayFigures], list: PayList, flat: &str) -> String {
    let mut groups: Vec<(Option<&str>, Vec<&PayFigures>)> = Vec::new();
    for v in views {
        match groups.last_mut() {
            Some((label, members)) if *label == v.label.as_deref() => members.push(v),
            _ => groups.push((v.label.as_deref(), vec![v])),
        }
    }
    let suffix = format!(" {flat}");
    let texts: Vec<String> = groups
        .iter()
        .map(|(label, members)| {
            let all_flat = members.len() > 1 && members.iter().all(|m| m.range_text.ends_with(&suffix));
            let parts: Vec<String> = members
                .iter()
                .map(|m| {
                    if all_flat {
                        m.range_text.trim_end_matches(&suffix).to_string()
                    } else {
                        m.range_text.clone()
                    }
                })
                .collect();
            let mut text = join_pay(&parts, list);
            if all_flat {
                text.push_str(&suffix);
            }
            match label {
                Some(l) => format!("{l}: {text}"),
                None => text,
            }
        })
        .collect();
    if groups.iter().filter(|(l, _)| l.is_some()).count() > 1 {
        texts.join(". ")
    } else {
        join_pay(&texts, list)
    }
}

/// Pay ranges as printed in the jurisdiction's words; `reference` stands
/// when there are no headline figures.
pub fn salary(ranges: &[PayRange], reference: Option<&str>, w: &PayWords) -> Option<Salary> {
    if ranges.is_empty() && reference.is_none() {
        return None;
    }
    let mut views: Vec<PayFigures> = headline(ranges).map(|r| figures(r, w)).collect();
    relabel(&mut views, w.annual);
    let summary = if views.is_empty() {
        // No general pay: the pay reference, else the first department's.
        reference.map(str::to_string).unwrap_or_else(|| {
            let name = ranges.iter().find_map(|r| r.schedule.clone()).unwrap_or_default();
            let mut figs: Vec<PayFigures> = ranges
                .iter()
                .filter(|r| r.schedule.as_deref() == Some(name.as_str()))
                .map(|r| figures(r, w))
                .collect();
            relabel(&mut figs, w.annual);
            let min = figs.iter().map(|v| v.annual_min).fold(f64::INFINITY, f64::min);
            let max = figs.iter().map(|v| v.annual_max).fold(0.0, f64::max);
            if figs.is_empty() {
                String::new()
            } else if min == max {
                format!("{} {} ({name})", money(min), w.annual)
            } else {
                format!("{} {} ({name})", range_text(min, Some(max), None), w.annual)
            }
        })
    } else if views.len() == 1 {
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
            let text = if min == max {
                money(min)
            } else {
                range_text(min, Some(max), None)
            };
            format!("{text} {}", views[0].unit_text)
        } else {
            let min = views.iter().map(|v| v.annual_min).fold(f64::INFINITY, f64::min);
            let max = views.iter().map(|v| v.annual_max).fold(0.0, f64::max);
            format!("{} {}", range_text(min, Some(max), None), w.annual)
        }
    };
    let list_text = listed(&views, w.list, w.flat);
    let ranges_text = (views.len() > 1).then(|| list_text.clone());
    // Schedules in order of first appearance.
    let mut names: Vec<&str> = Vec::new();
    for r in ranges {
        if let Some(n) = r.schedule.as_deref()
            && !names.contains(&n)
        {
            names.push(n);
        }
    }
    let schedules = names
        .into_iter()
        .map(|name| {
            let of: Vec<&PayRange> = ranges.iter().filter(|r| r.schedule.as_deref() == Some(name)).collect();
            let mut figs: Vec<PayFigures> = of.iter().map(|r| figures(r, w)).collect();
            relabel(&mut figs, w.annual);
            let lead = of
                .iter()
                .find_map(|r| r.lead.clone())
                .unwrap_or_else(|| w.schedule_lead.replace("{schedule}", name));
            ScheduleText {
                name: name.to_string(),
                sentence: format!("{} {}.", lead.trim(), listed(&figs, w.list, w.flat)),
                ranges: figs,
            }
        })
        .collect();
    Some(Salary {
        summary,
        ranges: views,
        ranges_text,
        list_text,
        schedules,
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
