//! Requirement text computed from routes: item sentences, numbered routes
//! and their lettered parts with "or"/"and", the line that states the
//! grouping when the printed connectives cannot, substitution and filing
//! allowance sentences, certificate process notes, and experience
//! normalized to full-time-equivalent months.

use serde::Serialize;

use super::phrase::{article, capitalize, count, duration, duration_adjective, join_list, number_words};
use crate::model::common::Sp;
use crate::model::expr::{Expr, RouteRef};
use crate::model::jurisdiction::NumberStyle;
use crate::model::requirements::{
    Age, Basis, Course, DurationUnit, Education, Employment, Experience, Item, ItemKind, Length, License, Need, Part,
    PartsNeeded, Replaces, Requirements, Route, Stage, Substitution, Test,
};

/// Months in a year and hours in a full-time month (2,080 / 12).
pub const HOURS_PER_MONTH: f64 = 2080.0 / 12.0;

/// An item's sentence, without final punctuation, starting lower-case
/// ("one year of full-time paid ... experience with the City of Los Angeles").
pub fn item_phrase(item: &Item, style: NumberStyle) -> String {
    if let Some(w) = wording(item) {
        return w;
    }
    match item {
        Item::Experience(e) => experience_phrase(e, style),
        Item::Education(e) => education_phrase(e, style),
        Item::Course(c) => course_phrase(c, style),
        Item::License(l) => license_phrase(l),
        Item::Test(t) => test_phrase(t),
        Item::Age(a) => age_phrase(a),
        Item::Employment(e) => employment_phrase(e),
        Item::Document(d) => format!("{} {}", article(&d.name), d.name),
        Item::Equivalent { text } => text
            .as_deref()
            .map(|t| t.trim_end_matches(['.', ';']).to_string())
            .unwrap_or_else(|| "any equivalent combination of training and experience".into()),
        Item::Other { text, .. } => text.trim_end_matches(['.', ';']).to_string(),
    }
}

/// "six months", "1,040 hours"; `None` for experience of no stated amount.
/// An item's own wording, without final punctuation, when it has one.
pub fn wording(item: &Item) -> Option<String> {
    let w = match item {
        Item::Experience(e) => e.wording.as_deref(),
        Item::Education(e) => e.wording.as_deref(),
        Item::Course(c) => c.wording.as_deref(),
        Item::License(l) => l.wording.as_deref(),
        Item::Test(t) => t.wording.as_deref(),
        Item::Age(a) => a.wording.as_deref(),
        Item::Employment(e) => e.wording.as_deref(),
        Item::Document(d) => d.wording.as_deref(),
        Item::Equivalent { .. } | Item::Other { .. } => None,
    }?;
    Some(w.trim().trim_end_matches(['.', ';', ',']).trim_end().to_string())
}

fn amount(e: &Experience, style: NumberStyle) -> Option<String> {
    Some(duration(e.amount?, e.unit?, style))
}

pub fn experience_phrase(e: &Experience, style: NumberStyle) -> String {
    let mut s = String::new();
    let amount = amount(e, style);
    if let Some(a) = &amount {
        s.push_str(a);
        if let Some(h) = e.stated_hours {
            // As the source restates it (San Francisco: "(1040 hours)").
            s.push_str(&format!(" ({h} hours)"));
        }
    }
    if let Some(p) = &e.program {
        // Time in a program, not a job: "eight months in the ... program".
        s.push_str(&format!(" in the {p}"));
    } else {
        let kind = experience_kind(e);
        match (&amount, kind.is_empty()) {
            (Some(_), true) => s.push_str(" of experience"),
            (Some(_), false) => s.push_str(&format!(" of {kind} experience")),
            (None, true) => s.push_str("experience"),
            (None, false) => s.push_str(&format!("{kind} experience")),
        }
    }
    let with = |s: &mut String| {
        if let Some(w) = &e.with {
            s.push(' ');
            s.push_str(w);
        }
    };
    if !e.with_after_classes {
        with(&mut s);
    }
    if !e.in_classes.is_empty() {
        let titles: Vec<String> = e.in_classes.iter().map(|c| c.title.clone()).collect();
        s.push_str(&format!(" as {} {}", article(&titles[0]), join_list(&titles, "or")));
        if let Some(words) = &e.or_at_that_level {
            s.push_str(&format!(" or in {} {words} at that level", article(words)));
        }
    }
    if e.with_after_classes {
        with(&mut s);
    }
    if let Some(l) = &e.at_level_of {
        s.push_str(&format!(" at the level of {} {}", article(&l.title), l.title));
    }
    if !e.areas.is_empty() {
        let needed = e.areas_needed.unwrap_or(1);
        let how = if needed == 1 {
            "one".to_string()
        } else if needed as usize >= e.areas.len() {
            "all".to_string()
        } else {
            format!("{} or more", number_words(needed))
        };
        s.push_str(&format!(
            " in {how} of the following areas: {}",
            join_list(&e.areas, "or").replace(", or ", "; or ").replace(", ", "; ")
        ));
    }
    if let Some(d) = &e.doing {
        s.push(' ');
        s.push_str(d);
    }
    if let Some(inc) = &e.including {
        s.push_str(&format!(
            ", including {} {}",
            duration(inc.amount, inc.unit, style),
            inc.what
        ));
    }
    s.trim_start().to_string()
}

/// "full-time paid call center operation", "full-time or 960 cumulative
/// hours paid or volunteer".
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
    match (e.paid, e.volunteer) {
        (true, true) => words.push("paid or volunteer".into()),
        (true, false) => words.push("paid".into()),
        (false, true) => words.push("volunteer".into()),
        (false, false) => {}
    }
    if let Some(k) = &e.kind {
        words.push(k.clone());
    }
    words.join(" ")
}

/// "24 semester or 36 quarter units", "12 semester units".
fn units(semester: Option<u32>, quarter: Option<u32>) -> Option<String> {
    match (semester, quarter) {
        (Some(s), Some(q)) => Some(format!("{s} semester or {q} quarter units")),
        (Some(s), None) => Some(format!("{s} semester units")),
        (None, Some(q)) => Some(format!("{q} quarter units")),
        (None, None) => None,
    }
}

pub fn education_phrase(e: &Education, style: NumberStyle) -> String {
    let mut s = if let Some(u) = units(e.semester_units, e.quarter_units).filter(|_| e.level.contains("degree")) {
        // A degree that includes units: "a bachelor's degree with 24
        // semester or 36 quarter units".
        format!("{} {} with {u}", article(&e.level), e.level)
    } else if let Some(u) = units(e.semester_units, e.quarter_units) {
        format!("completion of {u}")
    } else if let Some(y) = e.years {
        format!("{} of {}", duration(y, DurationUnit::Years, style), e.level)
    } else {
        format!("{} {}", article(&e.level), e.level)
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

pub fn course_phrase(c: &Course, style: NumberStyle) -> String {
    if let Some(n) = c.count {
        let mut s = format!(
            "completion of {} course{}",
            count(n, style),
            if n == 1 { "" } else { "s" }
        );
        if let Some(u) = units(c.semester_units_each, c.quarter_units_each) {
            s.push_str(&format!(", of at least {u} each,"));
        }
        if let Some(subject) = &c.subject {
            s.push_str(&format!(" in {subject}"));
        }
        if let Some(p) = &c.provider {
            s.push_str(&format!(" from {p}"));
        }
        return s;
    }
    let name = c
        .name
        .clone()
        .or_else(|| c.subject.clone())
        .unwrap_or_else(|| "course".into());
    let named = match &c.length {
        Some(l) => format!("{} {name}", duration_adjective(l.amount, l.unit)),
        None => name,
    };
    let mut s = format!("completion of {} {named}", article(&named));
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
    if let Some(at) = l.at {
        s.push(' ');
        s.push_str(at.phrase());
    }
    s
}

pub fn test_phrase(t: &Test) -> String {
    format!("achievement of a passing score on the {}", t.name)
}

/// "current employment as a Vocational Worker with the City of Los Angeles".
pub fn employment_phrase(e: &Employment) -> String {
    let mut s = String::from("current employment");
    if !e.in_classes.is_empty() {
        let titles: Vec<String> = e.in_classes.iter().map(|c| c.title.clone()).collect();
        s.push_str(&format!(" as {} {}", article(&titles[0]), join_list(&titles, "or")));
    }
    if let Some(w) = &e.with {
        s.push(' ');
        s.push_str(w);
    }
    if let Some(d) = &e.doing {
        s.push(' ');
        s.push_str(d);
    }
    s
}

pub fn age_phrase(a: &Age) -> String {
    format!("at least {} years of age {}", a.years, a.at.phrase())
}

/// One printed route: its number, sentence, lettered parts and the
/// connective after it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RouteText {
    pub number: usize,
    pub lead: Option<String>,
    /// The route as a sentence, capitalized, without closing punctuation.
    pub text: String,
    /// Printed after the text, before the closing punctuation.
    pub note: Option<String>,
    /// What ends the route: "; or", "; and", "." or, when its parts
    /// follow, ":".
    pub closing: String,
    pub parts: Vec<PartText>,
    /// "or", "and" or none for the last route.
    pub connective: Option<&'static str>,
    /// The text's first letter was capitalized here (the source phrase
    /// starts in lower case), so it may run on after a connective.
    pub capitalized: bool,
}

impl RouteText {
    /// The whole route as one line of plain text, lead and parts included.
    pub fn plain(&self) -> String {
        match &self.lead {
            Some(l) => format!("{} {}", l.trim(), self.body()),
            None => self.body(),
        }
    }

    /// The route as it reads run on after the previous route's "; or" /
    /// "; and": its first letter as the source has it ("…; or six months
    /// of …"), not capitalized as a list item.
    pub fn run_in(&self) -> String {
        let s = self.plain();
        if self.lead.is_some() || !self.capitalized {
            return s;
        }
        let mut c = s.chars();
        match c.next() {
            Some(f) => f.to_lowercase().chain(c).collect(),
            None => s,
        }
    }

    /// The route without its lead: text, note, closing and parts.
    pub fn body(&self) -> String {
        let mut s = self.text.clone();
        if let Some(n) = &self.note {
            s.push(' ');
            s.push_str(n.trim());
        }
        s.push_str(&self.closing);
        for p in &self.parts {
            s.push_str(&format!(" {}. {}{}", p.letter, p.text, p.closing));
        }
        s
    }
}

/// A lettered part of a printed route.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PartText {
    /// "a", "b", ...
    pub letter: String,
    /// Its sentence, without closing punctuation.
    pub text: String,
    /// "; or", "; and" or ".".
    pub closing: String,
}

/// The connective after each route and part in printed order, from the
/// expression; for a route named whole, its parts take "or" (any) or "and"
/// (all).
fn connective_of(expr: &Expr, r: &Requirements) -> impl Fn(RouteRef) -> Option<&'static str> {
    let conn = expr.connectives();
    let parts_needed: Vec<PartsNeeded> = r.routes.iter().map(|x| x.parts_needed).collect();
    move |at: RouteRef| {
        if let Some((_, c)) = conn.iter().find(|(k, _)| *k == at) {
            return *c;
        }
        // A part of a route the expression names whole.
        at.part.map(|_| match parts_needed.get(at.route - 1) {
            Some(PartsNeeded::All) => "and",
            _ => "or",
        })
    }
}

/// A sentence without its final punctuation, and what closes it.
fn close(body: &str, c: Option<&str>) -> (String, String) {
    let body = body.trim_end_matches(['.', ';', ',', ' ']).to_string();
    match c {
        Some(w) => (body, format!("; {w}")),
        None => (body, ".".into()),
    }
}

/// Routes in printed order with their connectives.
pub fn routes_text(r: &Requirements, style: NumberStyle) -> Vec<RouteText> {
    let expr = r.expr().unwrap_or_else(|_| Expr::any_of(r.routes.len()));
    let connective = connective_of(&expr, r);
    let last = r.routes.len();
    r.routes
        .iter()
        .enumerate()
        .map(|(i, route)| {
            let n = i + 1;
            let phrases: Vec<String> = route.items.iter().map(|it| item_phrase(it, style)).collect();
            let joined = phrases.join("; and ");
            let capitalized = joined.chars().next().is_some_and(|c| c.is_lowercase());
            let mut body = capitalize(&joined);
            // The connective after the route comes after its last part.
            let after = if n < last {
                connective(RouteRef::route(n)).or_else(|| {
                    route.parts.len().checked_sub(1).and_then(|p| {
                        connective(RouteRef {
                            route: n,
                            part: Some(p),
                        })
                    })
                })
            } else {
                None
            };
            let parts: Vec<PartText> = route
                .parts
                .iter()
                .enumerate()
                .map(|(p, part)| {
                    let at = RouteRef {
                        route: n,
                        part: Some(p),
                    };
                    let c = if p + 1 < route.parts.len() {
                        connective(at)
                    } else {
                        after
                    };
                    let text: Vec<String> = part.items.iter().map(|it| item_phrase(it, style)).collect();
                    let lead = part
                        .lead
                        .as_deref()
                        .map(|l| format!("{} ", l.trim()))
                        .unwrap_or_default();
                    let (text, closing) = close(&capitalize(&format!("{lead}{}", text.join("; and "))), c);
                    PartText {
                        letter: at.letter().map(String::from).unwrap_or_default(),
                        text,
                        closing,
                    }
                })
                .collect();
            let (text, closing) = if parts.is_empty() {
                close(&body, after)
            } else {
                if let Some(pl) = &route.parts_lead {
                    // "...; and one of the following" follows the items
                    // without a space before its punctuation.
                    if !body.is_empty() && !pl.trim().starts_with([';', ',']) {
                        body.push(' ');
                    }
                    body.push_str(pl.trim());
                    body = capitalize(&body);
                }
                (body.trim_end_matches([':', '.', ';', ',', ' ']).to_string(), ":".into())
            };
            RouteText {
                number: n,
                lead: route.lead.as_ref().map(|l| l.trim().to_string()),
                text,
                note: route.note.as_ref().map(|n| resolve_text_refs(n.trim())),
                closing,
                parts,
                connective: after,
                capitalized,
            }
        })
        .collect()
}

/// The plain-language summary of a requirement expression printed at the
/// top of a bulletin: one short phrase per way to qualify.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WaysToQualify {
    /// "Two years of call center operation or direct customer service
    /// experience"; "Six months of experience with … at the level of a Tax
    /// Renewal Assistant, and completion of a four-week Business Tax
    /// Ordinance class".
    pub ways: Vec<String>,
    /// Combinations beyond those listed (the requirements list them all).
    pub more: u64,
}

/// How many ways the summary lists before it refers to the full list.
const WAYS_SHOWN: usize = 6;

/// The ways to qualify in short phrases: a route named whole whose parts
/// are alternatives counts once per part.
pub fn ways_to_qualify(r: &Requirements, style: NumberStyle) -> Option<WaysToQualify> {
    if r.routes.is_empty() {
        return None;
    }
    let expr = r.expr().unwrap_or_else(|_| Expr::any_of(r.routes.len()));
    let mut ways: Vec<String> = Vec::new();
    let mut total: u64 = 0;
    for way in expr.ways(64) {
        // Expand routes named whole whose parts are alternatives.
        let mut combos: Vec<Vec<String>> = vec![Vec::new()];
        for at in &way {
            let Some((route, part)) = r.resolve(*at) else { continue };
            let own: Vec<String> = route.items.iter().map(|i| short_item_phrase(i, style)).collect();
            let options: Vec<Vec<String>> = match part {
                Some(p) => vec![p.items.iter().map(|i| short_item_phrase(i, style)).collect()],
                None if route.parts.is_empty() => vec![Vec::new()],
                None if route.parts_needed == PartsNeeded::All => {
                    vec![
                        route
                            .parts
                            .iter()
                            .flat_map(|p| p.items.iter())
                            .map(|i| short_item_phrase(i, style))
                            .collect(),
                    ]
                }
                None => route
                    .parts
                    .iter()
                    .map(|p| p.items.iter().map(|i| short_item_phrase(i, style)).collect())
                    .collect(),
            };
            let own = &own;
            combos = combos
                .iter()
                .flat_map(|c| {
                    options.iter().map(move |o| {
                        let mut v = c.clone();
                        v.extend(own.iter().cloned());
                        v.extend(o.iter().cloned());
                        v
                    })
                })
                .take(64)
                .collect();
        }
        for c in combos {
            total += 1;
            let phrases: Vec<String> = c.into_iter().filter(|p| !p.is_empty()).fold(Vec::new(), |mut v, p| {
                if !v.contains(&p) {
                    v.push(p);
                }
                v
            });
            if ways.len() < WAYS_SHOWN && !phrases.is_empty() {
                let text = capitalize(&join_list(&phrases, "and"));
                if !ways.contains(&text) {
                    ways.push(text);
                }
            }
        }
    }
    let more = expr.methods().max(total).saturating_sub(ways.len() as u64);
    (!ways.is_empty()).then_some(WaysToQualify { ways, more })
}

/// An item in a few words, for the ways-to-qualify summary: amounts,
/// kinds, classes and names; not the duties or where it was provided.
pub fn short_item_phrase(item: &Item, style: NumberStyle) -> String {
    match item {
        Item::Experience(e) if e.wording.is_none() => {
            let mut s = match (amount(e, style), e.kind.as_deref().or(e.program.as_deref())) {
                (Some(a), Some(k)) if e.program.is_some() => format!("{a} in the {k}"),
                (Some(a), Some(k)) => format!("{a} of {k} experience"),
                (Some(a), None) => format!("{a} of experience"),
                (None, Some(k)) => format!("{k} experience"),
                (None, None) => "experience".to_string(),
            };
            if !e.in_classes.is_empty() {
                let titles: Vec<String> = e.in_classes.iter().map(|c| c.title.clone()).collect();
                s.push_str(&format!(" as {} {}", article(&titles[0]), join_list(&titles, "or")));
            } else if let Some(w) = &e.with {
                s.push(' ');
                s.push_str(w.trim());
            }
            if let Some(l) = &e.at_level_of {
                s.push_str(&format!(" at the level of {} {}", article(&l.title), l.title));
            }
            s
        }
        Item::Course(c) if c.wording.is_none() && c.count.is_none() => {
            let mut c = c.clone();
            c.provider = None;
            course_phrase(&c, style)
        }
        other => item_phrase(other, style),
    }
}

/// The sentence that states how routes combine when the printed "or" and
/// "and" would read otherwise (`and` binds tighter when read): for
/// `(1 or 2) and 3`, "Applicants must meet either Requirement #1 or #2, and
/// #3." `None` when the list reads right on its own.
pub fn grouping_sentence(r: &Requirements) -> Option<String> {
    let expr = r.expr().ok()?;
    let conn = expr.connectives();
    let flat: String = conn
        .iter()
        .map(|(k, c)| match c {
            Some(w) => format!("{k} {w} "),
            None => k.to_string(),
        })
        .collect();
    if Expr::parse(&flat).ok().as_ref() == Some(&expr) {
        return None;
    }
    fn describe(e: &Expr, top: bool) -> String {
        match e {
            Expr::Route(k) => format!("#{}", ref_label(*k)),
            Expr::Or(xs) => {
                let parts: Vec<String> = xs.iter().map(|x| describe(x, false)).collect();
                if top {
                    join_list(&parts, "or")
                } else {
                    format!("either {}", join_list(&parts, "or"))
                }
            }
            Expr::And(xs) => {
                let parts: Vec<String> = xs.iter().map(|x| describe(x, false)).collect();
                if parts.len() > 2 || xs.iter().any(|x| matches!(x, Expr::Or(_))) {
                    // Commas keep the groups apart: "either #1 or #2, and #3".
                    let last = parts.len() - 1;
                    format!("{}, and {}", parts[..last].join(", "), parts[last])
                } else {
                    join_list(&parts, "and")
                }
            }
        }
    }
    Some(format!(
        "Applicants must meet {}.",
        describe(&expr, true).replacen('#', "Requirement #", 1)
    ))
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
                        .chain(route.parts.iter().flat_map(|p| p.items.iter()))
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

/// "2", "2(a)".
pub fn ref_label(r: RouteRef) -> String {
    match r.letter() {
        Some(c) => format!("{}({c})", r.route),
        None => r.route.to_string(),
    }
}

/// "Requirement #2 and #3": the routes filed under together.
pub fn requirement_refs(routes: &[RouteRef]) -> String {
    refs_joined(routes, "and")
}

/// "Requirement #1(a) or #1(b)": routes any of which a sentence is about.
fn requirement_alternatives(routes: &[RouteRef]) -> String {
    refs_joined(routes, "or")
}

/// "Requirement #1", then "#2", ... joined with `word`.
fn refs_joined(routes: &[RouteRef], word: &str) -> String {
    let refs: Vec<String> = routes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            if i == 0 {
                format!("Requirement #{}", ref_label(*n))
            } else {
                format!("#{}", ref_label(*n))
            }
        })
        .collect();
    join_list(&refs, word)
}

/// `{#2a}` references in free text, in order: each with what it names
/// (`None` when it is not a reference) and the byte range of the whole
/// `{#...}` in the text.
pub fn text_refs(text: &str) -> Vec<(Option<RouteRef>, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("{#") {
        let start = from + i;
        let after = &text[start + 2..];
        let Some(end) = after.find('}').filter(|&e| e <= 8) else {
            from = start + 2;
            continue;
        };
        let raw = &after[..end];
        out.push((
            RouteRef::parse(raw).filter(|_| !raw.contains('#')),
            start..start + 2 + end + 1,
        ));
        from = start + 2 + end + 1;
    }
    out
}

/// Free text with its `{#2a}` references printed ("Requirement #2(a)").
/// A reference that names nothing stays as written (`check` reports it).
pub fn resolve_text_refs(text: &str) -> String {
    if !text.contains("{#") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("{#") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        match after.find('}').filter(|&e| e <= 8) {
            Some(end) if RouteRef::parse(&after[..end]).is_some() && !after[..end].contains('#') => {
                let at = RouteRef::parse(&after[..end]).unwrap_or(RouteRef::route(1));
                out.push_str(&format!("Requirement #{}", ref_label(at)));
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str("{#");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A requirement named by a typed number ("Requirement #2", "Requirement
/// No. 1(a)"), if the text has one: its byte range and words.
pub fn typed_requirement_ref(text: &str) -> Option<(std::ops::Range<usize>, String)> {
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("requirement") {
        let start = from + i;
        let mut j = start + "requirement".len();
        let tail = &lower[j..];
        let skip = if tail.starts_with("s #") || tail.starts_with(" #") {
            tail.find('#').map(|k| k + 1)
        } else if tail.starts_with(" no. ") {
            Some(5)
        } else if tail.starts_with(" number ") {
            Some(8)
        } else {
            None
        };
        if let Some(k) = skip {
            j += k;
            let digits = lower[j..].chars().take_while(char::is_ascii_digit).count();
            if digits > 0 {
                return Some((start..j + digits, text[start..j + digits].to_string()));
            }
        }
        from = start + 1;
    }
    None
}

/// Every item with the reference of the route or part it belongs to.
pub fn items_with_refs(r: &Requirements) -> Vec<(RouteRef, &Item)> {
    let mut out = Vec::new();
    for (i, route) in r.routes.iter().enumerate() {
        for it in &route.items {
            out.push((RouteRef::route(i + 1), &it.value));
        }
        for (p, part) in route.parts.iter().enumerate() {
            for it in &part.items {
                out.push((
                    RouteRef {
                        route: i + 1,
                        part: Some(p),
                    },
                    &it.value,
                ));
            }
        }
    }
    out
}

/// Process notes for courses whose certificate must be attached:
/// "Applicants filing under Requirement #2 and #3 must submit a copy of ...".
pub fn certificate_notes(r: &Requirements, style: NumberStyle) -> Vec<(RouteRef, String)> {
    let expr = r.expr().unwrap_or_else(|_| Expr::any_of(r.routes.len()));
    let mut out = Vec::new();
    for (at, item) in items_with_refs(r) {
        if let Item::Course(c) = item
            && c.certificate
        {
            let group = expr.filing_group(at);
            out.push((
                at,
                format!(
                    "Applicants filing under {} must submit a copy of their certificate of {} at the time of filing.",
                    requirement_refs(&group),
                    course_phrase(c, style)
                        .replacen("completion of a ", "completion of the ", 1)
                        .replacen("completion of an ", "completion of the ", 1)
                ),
            ));
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
    certificate_notes(r, j.style.numbers)
        .into_iter()
        .map(|(_, text)| format!("{text}{extra}"))
        .collect()
}

fn length_phrase(l: &Length, style: NumberStyle) -> String {
    duration(l.amount, l.unit, style)
}

/// "Six semester or nine quarter units in accounting may be substituted for
/// a maximum of six months of the required experience."
pub fn substitution_sentence(s: &Substitution, style: NumberStyle) -> String {
    if let Some(w) = &s.wording {
        let mut out = resolve_text_refs(w.trim());
        if let Some(n) = &s.note {
            out.push(' ');
            out.push_str(&resolve_text_refs(n.trim()));
        }
        return out;
    }
    let offered = capitalize(&item_phrase(&s.offered, style));
    let what = match s.replaces {
        Replaces::Experience => "experience",
        Replaces::Education => "education",
    };
    let refs: Vec<RouteRef> = s.routes.iter().filter_map(|r| RouteRef::parse(r)).collect();
    let of = if refs.is_empty() {
        format!("the required {what}")
    } else {
        format!("the {what} of {}", requirement_alternatives(&refs))
    };
    let mut out = format!("{offered} may be substituted");
    if s.year_for_year {
        out.push_str(&format!(" on a year-for-year basis for {of}"));
        if let Some(m) = &s.max {
            out.push_str(&format!(", up to a maximum of {}", length_phrase(m, style)));
        }
    } else {
        match (&s.amount, &s.max) {
            (Some(a), Some(m)) => out.push_str(&format!(
                " for {} of {of}, up to a maximum of {}",
                length_phrase(a, style),
                length_phrase(m, style)
            )),
            (Some(a), None) => out.push_str(&format!(" for {} of {of}", length_phrase(a, style))),
            (None, Some(m)) => out.push_str(&format!(" for a maximum of {} of {of}", length_phrase(m, style))),
            (None, None) => out.push_str(&format!(" for {of}")),
        }
    }
    out.push('.');
    if let Some(n) = &s.note {
        out.push(' ');
        out.push_str(&resolve_text_refs(n.trim()));
    }
    out
}

/// The filing allowances: "Applicants who lack six months or less of the
/// required experience may file ..." and the anticipated degree.
pub fn allowance_sentences(r: &Requirements, style: NumberStyle) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(f) = r.filing_short.as_ref().filter(|f| f.wording.is_some()) {
        out.push(resolve_text_refs(f.wording.as_deref().unwrap_or_default().trim()));
    } else if let Some(f) = &r.filing_short {
        let refs: Vec<RouteRef> = f.routes.iter().filter_map(|x| RouteRef::parse(x)).collect();
        let who = if refs.is_empty() {
            "Applicants who".to_string()
        } else {
            format!("Applicants filing under {} who", requirement_alternatives(&refs))
        };
        out.push(format!(
            "{who} lack {} or less of the required experience may file for this examination. However, they cannot be appointed until the full experience requirement is met.",
            duration(f.amount, f.unit, style)
        ));
    }
    if let Some(w) = r.anticipated_degree.as_ref().and_then(|a| a.wording.as_deref()) {
        out.push(resolve_text_refs(w.trim()));
    } else if let Some(a) = &r.anticipated_degree {
        out.push(format!(
            "Applicants who are within {} of obtaining their degrees may apply. Such applicants cannot be appointed until they have received their degrees.",
            a.within.as_deref().unwrap_or("one semester or one quarter")
        ));
    }
    out
}

/// Experience in full-time-equivalent months: the least experience that
/// satisfies the item (an alternative in cumulative hours counts if
/// lower); `None` for experience of no stated amount.
pub fn fte_months(e: &Experience, hours_per_year: f64) -> Option<f64> {
    let months = stated_months(e, hours_per_year)?;
    let per_month = hours_per_year / 12.0;
    Some(match e.cumulative_hours {
        Some(h) => months.min(h as f64 / per_month),
        None => months,
    })
}

/// Experience in months as the text states its amount ("Six months of
/// full-time or 960 cumulative hours" is 6, not the 5.5 the hours come
/// to): what a posting advertises as `monthsOfExperience`.
pub fn stated_months(e: &Experience, hours_per_year: f64) -> Option<f64> {
    let per_month = hours_per_year / 12.0;
    let (amount, unit) = (e.amount? as f64, e.unit?);
    let months = match unit {
        DurationUnit::Years => amount * 12.0,
        DurationUnit::Months => amount,
        DurationUnit::Weeks => amount * 12.0 / 52.0,
        DurationUnit::Hours => amount / per_month,
    };
    Some(match e.basis {
        Basis::PartTime => months / 2.0,
        _ => months,
    })
}

/// Months of a length (weeks and hours at full time).
pub fn length_months(l: &Length, hours_per_year: f64) -> f64 {
    let amount = l.amount as f64;
    match l.unit {
        DurationUnit::Years => amount * 12.0,
        DurationUnit::Months => amount,
        DurationUnit::Weeks => amount * 12.0 / 52.0,
        DurationUnit::Hours => amount / (hours_per_year / 12.0),
    }
}

/// How an experience item's amount is counted.
type Count = fn(&Experience, f64) -> Option<f64>;

fn items_months<'a>(items: impl Iterator<Item = &'a Sp<Item>>, hours_per_year: f64, count: Count) -> Option<f64> {
    items
        .filter_map(|i| match &i.value {
            Item::Experience(e) => count(e, hours_per_year),
            _ => None,
        })
        .reduce(f64::max)
}

/// The experience a route needs through one of its parts, in
/// full-time-equivalent months (the route's own items and the part's).
pub fn part_months(route: &Route, part: &Part, hours_per_year: f64) -> Option<f64> {
    items_months(route.items.iter().chain(part.items.iter()), hours_per_year, fte_months)
}

/// The least experience a route needs, in full-time-equivalent months: its
/// largest experience item, with its parts as `parts_needed` says (the
/// easiest part when any one will do). `None` when it states none.
pub fn route_months(route: &Route, hours_per_year: f64) -> Option<f64> {
    route_months_by(route, hours_per_year, fte_months)
}

fn route_months_by(route: &Route, hours_per_year: f64, count: Count) -> Option<f64> {
    let own = items_months(route.items.iter(), hours_per_year, count);
    if route.parts.is_empty() {
        return own;
    }
    let parts = route
        .parts
        .iter()
        .map(|p| items_months(p.items.iter(), hours_per_year, count));
    let from_parts = match route.parts_needed {
        PartsNeeded::Any => parts.map(|m| m.unwrap_or(0.0)).reduce(f64::min).filter(|m| *m > 0.0),
        PartsNeeded::All => parts.flatten().reduce(f64::max),
    };
    match (own, from_parts) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// The least experience any way to qualify accepts, in full-time months
/// (0 when one needs none, or none mentions experience); `None` when
/// experience is required but no amount of it is stated.
pub fn least_months(r: &Requirements, hours_per_year: f64) -> Option<f64> {
    least_months_by(r, hours_per_year, fte_months)
}

/// [`least_months`] with each amount as the text states it (hours
/// alternatives not converted): the figure a job posting advertises.
pub fn least_stated_months(r: &Requirements, hours_per_year: f64) -> Option<f64> {
    least_months_by(r, hours_per_year, stated_months)
}

fn least_months_by(r: &Requirements, hours_per_year: f64, count: Count) -> Option<f64> {
    let items = items_with_refs(r);
    let experience: Vec<_> = items
        .iter()
        .filter_map(|(_, i)| match i {
            Item::Experience(e) => Some(e),
            _ => None,
        })
        .collect();
    // No experience anywhere: none is needed. Experience stated without
    // an amount: the least is not stated (never "0 months").
    if experience.is_empty() {
        return Some(0.0);
    }
    if experience.iter().all(|e| e.amount.is_none()) {
        return None;
    }
    let expr = r.expr().ok()?;
    let v = expr.least_of_most(&|at| {
        r.resolve(at)
            .and_then(|(route, part)| match part {
                Some(p) => items_months(route.items.iter().chain(p.items.iter()), hours_per_year, count),
                None => route_months_by(route, hours_per_year, count),
            })
            .unwrap_or(0.0)
    });
    Some(v.max(0.0))
}

/// Whether an item must be met at filing (what the questionnaire asks).
pub fn asked_at_filing(item: &Item) -> bool {
    item.stage() == Stage::Filing && !matches!(item, Item::Equivalent { .. })
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
    fn real_bulletin_phrasings() {
        let e = exp(r#"amount = 2
unit = "years"
paid = true
in_classes = [{ title = "Accounting Clerk" }]
or_at_that_level = "clerical class"
with = "with the City of Los Angeles"
with_after_classes = true
including = { amount = 1, unit = "years", what = "in a supervisory capacity" }"#);
        assert_eq!(
            experience_phrase(&e, NumberStyle::Words),
            "two years of full-time paid experience as an Accounting Clerk or in a clerical class at that level with the City of Los Angeles, including one year in a supervisory capacity"
        );
        let before = Experience {
            with_after_classes: false,
            ..e.clone()
        };
        assert_eq!(
            experience_phrase(&before, NumberStyle::Words),
            "two years of full-time paid experience with the City of Los Angeles as an Accounting Clerk or in a clerical class at that level, including one year in a supervisory capacity"
        );
        let none = exp(
            "kind = \"budgetary\"\nbasis = \"any\"\nareas = [\"budget preparation\", \"revenue forecasting\", \"fiscal analysis\"]",
        );
        assert_eq!(
            experience_phrase(&none, NumberStyle::Words),
            "budgetary experience in one of the following areas: budget preparation; revenue forecasting; or fiscal analysis"
        );
        let edu: Education =
            toml::from_str("level = \"college\"\nsemester_units = 24\nquarter_units = 36\nmajor = \"accounting\"")
                .unwrap();
        assert_eq!(
            education_phrase(&edu, NumberStyle::Words),
            "completion of 24 semester or 36 quarter units in accounting"
        );
        let c: Course =
            toml::from_str("count = 4\nsemester_units_each = 3\nquarter_units_each = 4\nsubject = \"accounting\"")
                .unwrap();
        assert_eq!(
            course_phrase(&c, NumberStyle::Words),
            "completion of four courses, of at least 3 semester or 4 quarter units each, in accounting"
        );
    }

    #[test]
    fn least_experience_is_none_needed_or_not_stated() {
        let r = |src: &str| -> Requirements { toml::from_str(src).unwrap() };
        // A degree only (Accountant 1513): no experience is needed.
        let degree = r(r#"[[routes]]
items = [{ type = "education", level = "bachelor's degree" }]"#);
        assert_eq!(least_months(&degree, 2080.0), Some(0.0));
        // Experience of no stated amount: the least is not stated, not 0.
        let unstated = r(r#"[[routes]]
items = [{ type = "experience", kind = "responsible administrative" }]"#);
        assert_eq!(least_months(&unstated, 2080.0), None);
        // One route needs two years, the other none.
        let mixed = r(r#"[[routes]]
items = [{ type = "experience", amount = 2, unit = "years" }]
[[routes]]
items = [{ type = "course", name = "apprenticeship as a carpenter" }]"#);
        assert_eq!(least_months(&mixed, 2080.0), Some(0.0));
    }

    #[test]
    fn normalizes_experience_to_fte_months() {
        let one_year = exp("amount = 1\nunit = \"years\"");
        assert_eq!(fte_months(&one_year, 2080.0), Some(12.0));
        let la2 = exp("amount = 6\nunit = \"months\"\ncumulative_hours = 960");
        assert!((fte_months(&la2, 2080.0).unwrap() - 960.0 / HOURS_PER_MONTH).abs() < 1e-9);
        let sf = exp("amount = 6\nunit = \"months\"\nstated_hours = 1040");
        assert_eq!(fte_months(&sf, 2080.0), Some(6.0));
        let hours = exp("amount = 1040\nunit = \"hours\"");
        assert_eq!(fte_months(&hours, 2080.0), Some(6.0));
        assert_eq!(fte_months(&exp("kind = \"x\""), 2080.0), None);
    }

    #[test]
    fn certificate_note_names_the_filing_group() {
        let e = Expr::parse("1 or (2 and 3)").unwrap();
        assert_eq!(
            requirement_refs(&e.filing_group(RouteRef::route(3))),
            "Requirement #2 and #3"
        );
    }

    #[test]
    fn grouping_is_stated_when_the_list_cannot_show_it() {
        let r: Requirements = toml::from_str(
            "expression = \"(1 or 2) and 3\"\n[[routes]]\nitems = [{ type = \"other\", text = \"a\" }]\n[[routes]]\nitems = [{ type = \"other\", text = \"b\" }]\n[[routes]]\nitems = [{ type = \"other\", text = \"c\" }]",
        )
        .unwrap();
        assert_eq!(
            grouping_sentence(&r).unwrap(),
            "Applicants must meet either Requirement #1 or #2, and #3."
        );
        let plain: Requirements = toml::from_str(
            "expression = \"1 or (2 and 3)\"\n[[routes]]\nitems = [{ type = \"other\", text = \"a\" }]\n[[routes]]\nitems = [{ type = \"other\", text = \"b\" }]\n[[routes]]\nitems = [{ type = \"other\", text = \"c\" }]",
        )
        .unwrap();
        assert_eq!(grouping_sentence(&plain), None);
    }

    #[test]
    fn substitutions_read_like_the_bulletins() {
        let s: Substitution = toml::from_str(
            "offered = { type = \"education\", level = \"college\", semester_units = 6, quarter_units = 9, major = \"accounting\" }\nreplaces = \"experience\"\nmax = { amount = 6, unit = \"months\" }",
        )
        .unwrap();
        assert_eq!(
            substitution_sentence(&s, NumberStyle::Words),
            "Completion of 6 semester or 9 quarter units in accounting may be substituted for a maximum of six months of the required experience."
        );
    }
}
