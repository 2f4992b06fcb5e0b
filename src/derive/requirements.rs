//! Requirement text computed from routes: item sentences, numbered routes
//! with "or"/"and", process notes for certificates, and experience
//! normalized to full-time-equivalent months.

use serde::Serialize;

use super::phrase::{article, capitalize, count, duration, duration_adjective, join_list};
use crate::model::expr::Expr;
use crate::model::jurisdiction::NumberStyle;
use crate::model::requirements::{
    Basis, Course, DurationUnit, Education, Experience, Item, ItemKind, License, Need, Requirements,
};

/// Months in a year and hours in a full-time month (2,080 / 12).
pub const HOURS_PER_MONTH: f64 = 2080.0 / 12.0;

/// An item's sentence, without final punctuation, starting lower-case
/// ("one year of full-time paid ... experience with the City of Los Angeles").
pub fn item_phrase(item: &Item, style: NumberStyle) -> String {
    match item {
        Item::Experience(e) => experience_phrase(e, style),
        Item::Education(e) => education_phrase(e, style),
        Item::Course(c) => course_phrase(c),
        Item::License(l) => license_phrase(l),
        Item::Other { text } => text.trim_end_matches(['.', ';']).to_string(),
    }
}

pub fn experience_phrase(e: &Experience, style: NumberStyle) -> String {
    let mut s = duration(e.amount, e.unit, style);
    if let Some(h) = e.stated_hours {
        s.push_str(&format!(" ({h} hours)"));
    }
    s.push_str(" of ");
    s.push_str(&experience_kind(e));
    s.push_str(" experience");
    if let Some(w) = &e.with {
        s.push(' ');
        s.push_str(w);
    }
    if !e.in_classes.is_empty() {
        let titles: Vec<String> = e.in_classes.iter().map(|c| c.title.clone()).collect();
        s.push_str(&format!(" as {} {}", article(&titles[0]), join_list(&titles, "or")));
    }
    if let Some(l) = &e.at_level_of {
        s.push_str(&format!(" at the level of {} {}", article(&l.title), l.title));
    }
    if let Some(d) = &e.doing {
        s.push(' ');
        s.push_str(d);
    }
    s
}

/// "full-time paid call center operation", "full-time or 960 cumulative hours paid".
pub fn experience_kind(e: &Experience) -> String {
    let mut words: Vec<String> = Vec::new();
    if e.verifiable {
        words.push("verifiable".into());
    }
    let basis = match e.basis {
        Basis::FullTime => Some("full-time"),
        Basis::PartTime => Some("part-time"),
        Basis::Any => None,
    };
    match (basis, e.cumulative_hours) {
        (Some(b), Some(h)) => words.push(format!("{b} or {h} cumulative hours")),
        (Some(b), None) => words.push(b.into()),
        (None, Some(h)) => words.push(format!("{h} cumulative hours of")),
        (None, None) => {}
    }
    if e.paid {
        words.push("paid".into());
    }
    if let Some(k) = &e.kind {
        words.push(k.clone());
    }
    words.join(" ")
}

pub fn education_phrase(e: &Education, style: NumberStyle) -> String {
    let mut s = match e.units {
        Some(u) => format!(
            "completion of {} semester units at {} {}",
            count(u, style),
            article(&e.level),
            e.level
        ),
        None => format!("{} {}", article(&e.level), e.level),
    };
    if let Some(m) = &e.major {
        s.push_str(&format!(" in {m}"));
    }
    if let Some(f) = &e.from {
        s.push(' ');
        s.push_str(f);
    }
    s
}

pub fn course_phrase(c: &Course) -> String {
    let mut s = String::from("completion of ");
    let named = match &c.length {
        Some(l) => format!("{} {}", duration_adjective(l.amount, l.unit), c.name),
        None => c.name.clone(),
    };
    s.push_str(&format!("{} {named}", article(&named)));
    if let Some(p) = &c.provider {
        s.push_str(&format!(" provided by the {p}"));
    }
    s
}

pub fn license_phrase(l: &License) -> String {
    let valid = if l.valid { "valid " } else { "" };
    let need = match l.need {
        Need::Required => "is required",
        Need::MayBeRequired => "may be required",
    };
    let mut s = format!(
        "{} {valid}{} {need}",
        article(if l.valid { "valid" } else { &l.name }),
        l.name
    );
    if let Some(w) = &l.when {
        s.push(' ');
        s.push_str(w);
    }
    s
}

/// One printed route: its number, sentence and the connective after it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RouteText {
    pub number: usize,
    pub lead: Option<String>,
    /// The route as a sentence, capitalized, with its closing punctuation
    /// ("; or", "; and", ".").
    pub text: String,
    /// "or", "and" or none for the last route.
    pub connective: Option<&'static str>,
    pub note: Option<String>,
}

/// Routes in printed order with their connectives.
pub fn routes_text(r: &Requirements, style: NumberStyle) -> Vec<RouteText> {
    let expr = r.expr().unwrap_or_else(|_| Expr::any_of(r.routes.len()));
    let conn = expr.connectives();
    let connective_of = |n: usize| conn.iter().find(|(k, _)| *k == n).and_then(|(_, c)| *c);
    r.routes
        .iter()
        .enumerate()
        .map(|(i, route)| {
            let n = i + 1;
            let phrases: Vec<String> = route.items.iter().map(|it| item_phrase(it, style)).collect();
            let body = capitalize(&phrases.join("; and "));
            let c = if n < r.routes.len() { connective_of(n) } else { None };
            let text = match c {
                Some(w) => format!("{body}; {w}"),
                None => format!("{body}."),
            };
            RouteText {
                number: n,
                lead: route.lead.clone(),
                text,
                connective: c,
                note: route.note.clone(),
            }
        })
        .collect()
}

/// Items grouped under Education / Experience / License headings (the
/// `by-kind` layout); every heading is present, possibly empty.
pub fn by_kind(r: &Requirements, style: NumberStyle) -> Vec<(ItemKind, Vec<String>, Option<String>)> {
    [ItemKind::Education, ItemKind::Experience, ItemKind::License]
        .into_iter()
        .map(|kind| {
            let mut lead = None;
            let items: Vec<String> = r
                .routes
                .iter()
                .flat_map(|route| {
                    let matching: Vec<&Item> = route
                        .items
                        .iter()
                        .map(|i| &i.value)
                        .filter(|i| i.kind() == kind)
                        .collect();
                    if !matching.is_empty() && lead.is_none() {
                        lead = route.lead.clone();
                    }
                    matching
                })
                .map(|i| capitalize(&item_phrase(i, style)) + ".")
                .collect();
            (kind, items, lead)
        })
        .collect()
}

/// "Requirement #2 and #3": the routes filed under together with `route`.
pub fn filing_group(expr: &Expr, route: usize) -> Vec<usize> {
    expr.filing_group(route)
}

pub fn requirement_refs(routes: &[usize]) -> String {
    let refs: Vec<String> = routes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            if i == 0 {
                format!("Requirement #{n}")
            } else {
                format!("#{n}")
            }
        })
        .collect();
    join_list(&refs, "and")
}

/// Process notes for courses whose certificate must be attached:
/// "Applicants filing under Requirement #2 and #3 must submit a copy of ...".
pub fn certificate_notes(r: &Requirements) -> Vec<(usize, String)> {
    let expr = r.expr().unwrap_or_else(|_| Expr::any_of(r.routes.len()));
    let mut out = Vec::new();
    for (i, route) in r.routes.iter().enumerate() {
        for item in &route.items {
            if let Item::Course(c) = &item.value
                && c.certificate
            {
                let group = filing_group(&expr, i + 1);
                out.push((
                    i + 1,
                    format!(
                        "Applicants filing under {} must submit a copy of their certificate of {} at the time of filing.",
                        requirement_refs(&group),
                        course_phrase(c).replacen("completion of a ", "completion of the ", 1).replacen("completion of an ", "completion of the ", 1)
                    ),
                ));
            }
        }
    }
    out
}

/// The jurisdiction's instructions for attaching a certificate (its
/// `certificate_block`), as one paragraph.
pub fn certificate_instructions(j: &crate::model::Jurisdiction) -> Option<String> {
    let id = j.bulletins.certificate_block.as_ref()?;
    j.blocks.get(id.as_str()).map(|b| b.text.value.trim().to_string())
}

/// The process notes a bulletin's requirements imply: one per certificate
/// to attach, with the jurisdiction's instructions.
pub fn process_notes(r: &Requirements, j: &crate::model::Jurisdiction) -> Vec<String> {
    let extra = certificate_instructions(j).map(|t| format!(" {t}")).unwrap_or_default();
    certificate_notes(r)
        .into_iter()
        .map(|(_, text)| format!("{text}{extra}"))
        .collect()
}

/// The experience a route needs, in full-time-equivalent months: its
/// largest experience item (`None` when it asks for none).
pub fn route_months(route: &crate::model::requirements::Route, hours_per_year: f64) -> Option<f64> {
    route
        .items
        .iter()
        .filter_map(|i| match &i.value {
            Item::Experience(e) => Some(fte_months(e, hours_per_year)),
            _ => None,
        })
        .reduce(f64::max)
}

/// Experience in full-time-equivalent months: the least experience that
/// satisfies the item (an alternative in cumulative hours counts if lower).
pub fn fte_months(e: &Experience, hours_per_year: f64) -> f64 {
    let per_month = hours_per_year / 12.0;
    let months = match e.unit {
        DurationUnit::Years => e.amount as f64 * 12.0,
        DurationUnit::Months => e.amount as f64,
        DurationUnit::Weeks => e.amount as f64 * 12.0 / 52.0,
        DurationUnit::Hours => e.amount as f64 / per_month,
    };
    let months = match e.basis {
        Basis::PartTime => months / 2.0,
        _ => months,
    };
    match e.cumulative_hours {
        Some(h) => months.min(h as f64 / per_month),
        None => months,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exp(toml_src: &str) -> Experience {
        toml::from_str(toml_src).unwrap()
    }

    #[test]
    fn seed_phrasings() {
        let la1 = exp(r#"amount = 1
unit = "years"
paid = true
kind = "call center operation or public counter"
with = "with the City of Los Angeles""#);
        assert_eq!(
            capitalize(&experience_phrase(&la1, NumberStyle::Words)),
            "One year of full-time paid call center operation or public counter experience with the City of Los Angeles"
        );
        let la2 = exp(r#"amount = 6
unit = "months"
cumulative_hours = 960
paid = true
with = "with the City of Los Angeles Office of Finance"
at_level_of = { title = "Tax Renewal Assistant" }
doing = "directly handling or providing clerical support for processing business tax billings or payments""#);
        assert_eq!(
            experience_phrase(&la2, NumberStyle::Words),
            "six months of full-time or 960 cumulative hours paid experience with the City of Los Angeles Office of Finance at the level of a Tax Renewal Assistant directly handling or providing clerical support for processing business tax billings or payments"
        );
        let sf = exp(r#"amount = 6
unit = "months"
stated_hours = 1040
verifiable = true
kind = "customer service""#);
        assert_eq!(
            capitalize(&experience_phrase(&sf, NumberStyle::WordsAndDigits)),
            "Six (6) months (1040 hours) of verifiable full-time customer service experience"
        );
    }

    #[test]
    fn normalizes_experience_to_fte_months() {
        let one_year = exp("amount = 1\nunit = \"years\"");
        assert_eq!(fte_months(&one_year, 2080.0), 12.0);
        let la2 = exp("amount = 6\nunit = \"months\"\ncumulative_hours = 960");
        assert!((fte_months(&la2, 2080.0) - 960.0 / HOURS_PER_MONTH).abs() < 1e-9);
        let sf = exp("amount = 6\nunit = \"months\"\nstated_hours = 1040");
        assert_eq!(fte_months(&sf, 2080.0), 6.0);
        let hours = exp("amount = 1040\nunit = \"hours\"");
        assert_eq!(fte_months(&hours, 2080.0), 6.0);
    }

    #[test]
    fn certificate_note_names_the_filing_group() {
        assert_eq!(
            requirement_refs(&filing_group(&Expr::parse("1 or (2 and 3)").unwrap(), 3)),
            "Requirement #2 and #3"
        );
    }
}
