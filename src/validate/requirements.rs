//! Checks on minimum requirements: the expression and every reference to a
//! route or part (in the expression, substitutions, the filing allowance
//! and `{#2a}` references in notes), items whose fields contradict each
//! other, substitutions and allowances that exceed what they adjust, and
//! classes named in experience.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::derive::career::{self, How, Resolution, Resolver};
use crate::derive::requirements::{fte_months, length_months, ref_label};
use crate::diag::{Diagnostic, Sources};
use crate::model::expr::{Expr, RouteRef};
use crate::model::requirements::{ClassRef, DurationUnit, Item, Replaces, Requirements, Route};
use crate::model::{ClassKey, Loaded, Plan};
use crate::rules::Rule;

/// Where a requirement set is checked: its file and, for spans of values
/// that carry none, the span to fall back on.
pub(super) struct Ctx<'a, T> {
    pub plan: &'a Plan,
    pub sources: &'a Sources,
    pub own: Option<&'a ClassKey>,
    pub jurisdiction: &'a str,
    pub file: &'a Loaded<T>,
    pub hours_per_year: f64,
    pub resolver: &'a Resolver<'a>,
    /// What the rules read of other classes' titles ([`career::probe`]):
    /// their findings hold while a retitle reads none of it.
    pub probes: &'a std::cell::RefCell<Vec<u64>>,
}

/// What references in this requirement set can name: every route, and
/// every part of a route that has parts.
fn describe_ref(r: &Requirements, at: RouteRef) -> Result<(), String> {
    let n = r.routes.len();
    let Some(route) = at.route.checked_sub(1).and_then(|i| r.routes.get(i)) else {
        return Err(format!(
            "there {} {}",
            if n == 1 { "is" } else { "are" },
            crate::text::count(n, "route")
        ));
    };
    match at.part {
        None => Ok(()),
        Some(p) if p < route.parts.len() => Ok(()),
        Some(_) if route.parts.is_empty() => Err(format!("route {} has no lettered parts", at.route)),
        Some(_) => Err(format!(
            "route {} has parts a to {}",
            at.route,
            RouteRef {
                route: at.route,
                part: Some(route.parts.len() - 1)
            }
            .letter()
            .unwrap_or('a')
        )),
    }
}

pub(super) fn requirements<T>(cx: &Ctx<T>, r: &Requirements, out: &mut Vec<Diagnostic>) {
    let file = cx.file;
    let n = r.routes.len();
    let expr_span = r.expression.as_ref().map(|e| e.span.clone()).unwrap_or(0..0);
    if n == 0 {
        out.push(
            Diagnostic::new(Rule::EmptySection, "requirements list no routes")
                .at(file.span(&expr_span))
                .hint("add at least one [[requirements.routes]] with its items"),
        );
        return;
    }
    for (i, route) in r.routes.iter().enumerate() {
        route_shape(cx, i + 1, route, &route.span, out);
    }
    match r.expr() {
        Err(e) => {
            // Through quotes and escapes to the offending characters.
            let raw = cx.sources.get(file.file).text.get(expr_span.clone()).unwrap_or("");
            let (start, end) = match crate::diag::locate::raw_range(raw, e.range.clone()) {
                Some(x) => (
                    expr_span.start + x.start,
                    expr_span.start + x.end.max(x.start + 1).min(raw.len()),
                ),
                None => (expr_span.start, expr_span.end),
            };
            out.push(
                Diagnostic::new(
                    Rule::ExpressionSyntax,
                    format!("malformed requirement expression: {}", e.message),
                )
                .at(file.span(&(start..end)))
                .hint("write route numbers (and part letters) joined by `and` / `or`, with parentheses, e.g. `1 or (2a and 3)`"),
            );
        }
        Ok(expr) => expression(cx, r, &expr, &expr_span, out),
    }
    // What a substitution or allowance adjusts is checked only once every
    // route it names exists.
    for s in &r.substitutions {
        let before = out.len();
        for at in &s.routes {
            reference(cx, r, at, "substitution", out);
        }
        if out.len() == before {
            substitution(cx, r, s, out);
        }
    }
    if let Some(f) = &r.filing_short {
        let before = out.len();
        for at in &f.routes {
            reference(cx, r, at, "filing allowance", out);
        }
        if out.len() == before {
            filing_short(cx, r, f, out);
        }
    }
    if let Some(a) = &r.anticipated_degree {
        let has_degree = r.routes.iter().any(|route| {
            all_items(route)
                .any(|i| matches!(&i.value, Item::Education(e) if e.level.to_lowercase().contains("degree")))
        });
        if !has_degree {
            out.push(
                Diagnostic::new(
                    Rule::RequirementItem,
                    "the anticipated-degree allowance is set, but no route requires a degree",
                )
                .at(file.span(&a.span))
                .hint("remove `anticipated_degree`, or add the degree to the route that needs it"),
            );
        }
    }
    // `{#2a}` references in the notes.
    for note in &r.notes {
        text_refs(cx, r, note, &note.span, out);
    }
    for route in &r.routes {
        if let Some(note) = &route.note {
            text_refs(cx, r, note, &route.span, out);
        }
    }
    for s in &r.substitutions {
        if let Some(note) = &s.note {
            text_refs(cx, r, note, &s.span, out);
        }
    }
    for route in &r.routes {
        for item in all_items(route) {
            if let Item::Experience(e) = &item.value {
                for cr in e.in_classes.iter().chain(e.at_level_of.iter()) {
                    class_ref(cx, cr, &item.span, out);
                }
            }
        }
    }
    for s in &r.substitutions {
        if let Item::Experience(e) = &s.offered.value {
            for cr in e.in_classes.iter().chain(e.at_level_of.iter()) {
                class_ref(cx, cr, &s.offered.span, out);
            }
        }
    }
}

fn all_items(route: &Route) -> impl Iterator<Item = &crate::model::common::Sp<Item>> {
    route
        .items
        .iter()
        .chain(route.parts.iter().flat_map(|p| p.items.iter()))
}

/// A route's own shape: not empty, parts with items, and each item's
/// fields consistent.
fn route_shape<T>(cx: &Ctx<T>, n: usize, route: &Route, span: &Range<usize>, out: &mut Vec<Diagnostic>) {
    let file = cx.file;
    if route.items.is_empty() && route.parts.is_empty() {
        out.push(
            Diagnostic::new(Rule::EmptySection, format!("requirement route {n} has no items"))
                .at(file.span(span))
                .hint("give the route its items (`[[requirements.routes.items]]`) or remove it"),
        );
    }
    if route.parts.len() == 1 {
        out.push(
            Diagnostic::new(
                Rule::RequirementItem,
                format!("requirement route {n} has a single lettered part"),
            )
            .at(file.span(&route.parts[0].span))
            .hint("a lone part is just more items of the route: move them into the route's `items`"),
        );
    }
    if route.parts.is_empty() && route.parts_lead.is_some() {
        out.push(
            Diagnostic::new(
                Rule::RequirementItem,
                format!("requirement route {n} has `parts_lead` but no parts"),
            )
            .at(file.span(span))
            .hint("add the lettered parts, or move the text into the route's `lead`"),
        );
    }
    for (p, part) in route.parts.iter().enumerate() {
        if part.items.is_empty() {
            let at = RouteRef {
                route: n,
                part: Some(p),
            };
            out.push(
                Diagnostic::new(
                    Rule::EmptySection,
                    format!("requirement {} has no items", ref_label(at)),
                )
                .at(file.span(&part.span))
                .hint("give the part its items or remove it"),
            );
        }
    }
    for item in all_items(route) {
        item_shape(cx, &item.value, &item.span, out);
    }
}

/// What an item's own wording must mention of its fields: amounts (in
/// words or digits), units, class titles, majors, names.
fn wording_gaps(item: &Item) -> Vec<String> {
    use crate::derive::phrase::number_words;
    let Some(w) = crate::derive::requirements::wording(item) else {
        return Vec::new();
    };
    let words = crate::text::normalize(&w.replace(['-', '/', '(', ')', ',', ';', ':'], " "));
    let has = |needle: &str| {
        let n = crate::text::normalize(&needle.replace(['-', '/', '(', ')', ',', ';', ':'], " "));
        n.is_empty() || format!(" {words} ").contains(&format!(" {n} "))
    };
    let amount =
        |n: u32| has(&n.to_string()) || has(&number_words(n)) || has(&crate::derive::phrase::group_digits(n as u64));
    let mut gaps = Vec::new();
    match item {
        Item::Experience(e) => {
            if let Some(n) = e.amount
                && !amount(n)
            {
                gaps.push(format!("the amount ({n})"));
            }
            for c in e.in_classes.iter().chain(e.at_level_of.iter()) {
                if !has(&c.title) {
                    gaps.push(format!("the class \"{}\"", c.title));
                }
            }
        }
        Item::Education(e) => {
            for n in [e.semester_units, e.quarter_units, e.years].into_iter().flatten() {
                if !amount(n) {
                    gaps.push(format!("the number {n}"));
                }
            }
            if let Some(m) = &e.major
                && !has(m)
            {
                gaps.push(format!("the major \"{m}\""));
            }
        }
        Item::Course(c) => {
            for n in [c.count, c.semester_units_each, c.quarter_units_each]
                .into_iter()
                .flatten()
            {
                if !amount(n) {
                    gaps.push(format!("the number {n}"));
                }
            }
            if let Some(s) = c.name.as_ref().or(c.subject.as_ref())
                && !has(s)
            {
                gaps.push(format!("\"{s}\""));
            }
        }
        Item::License(l) => {
            if !has(&l.name) {
                gaps.push(format!("the license \"{}\"", l.name));
            }
        }
        Item::Test(t) => {
            if !has(&t.name) {
                gaps.push(format!("the test \"{}\"", t.name));
            }
        }
        Item::Age(a) => {
            if !amount(a.years) {
                gaps.push(format!("the age {}", a.years));
            }
        }
        Item::Employment(e) => {
            for c in &e.in_classes {
                if !has(&c.title) {
                    gaps.push(format!("the class \"{}\"", c.title));
                }
            }
        }
        Item::Document(d) => {
            if !has(&d.name) {
                gaps.push(format!("\"{}\"", d.name));
            }
        }
        Item::Equivalent { .. } | Item::Other { .. } => {}
    }
    gaps
}

fn item_shape<T>(cx: &Ctx<T>, item: &Item, span: &Range<usize>, out: &mut Vec<Diagnostic>) {
    let gaps = wording_gaps(item);
    if !gaps.is_empty() {
        out.push(
            Diagnostic::new(
                Rule::WordingMismatch,
                format!("the item's wording does not mention {}", crate::derive::phrase::join_list(&gaps, "or")),
            )
            .at(cx.file.span(span))
            .hint("the wording is printed, the fields are screened: change both, or remove `wording` to print the sentence classplan writes from the fields"),
        );
    }
    let mut bad = |message: String, hint: &str| {
        out.push(
            Diagnostic::new(Rule::RequirementItem, message)
                .at(cx.file.span(span))
                .hint(hint),
        );
    };
    match item {
        Item::Experience(e) => {
            match (e.amount, e.unit) {
                (Some(_), None) => bad(
                    "experience has an `amount` but no `unit`".into(),
                    "add `unit = \"years\"` (or months, weeks, hours)",
                ),
                (None, Some(_)) => bad(
                    "experience has a `unit` but no `amount`".into(),
                    "add the amount, or remove `unit` for experience of no stated amount",
                ),
                _ => {}
            }
            if let Some(need) = e.areas_needed {
                if e.areas.is_empty() {
                    bad(
                        "experience has `areas_needed` but no `areas`".into(),
                        "list the areas, or remove `areas_needed`",
                    );
                } else if need as usize > e.areas.len() {
                    bad(
                        format!(
                            "experience needs {need} of its areas, but lists {}",
                            crate::text::count(e.areas.len(), "area")
                        ),
                        "lower `areas_needed` or add the missing areas",
                    );
                }
            }
            if e.or_at_that_level.is_some() && e.in_classes.is_empty() {
                bad(
                    "`or_at_that_level` needs the classes it is the level of (`in_classes`)".into(),
                    "add `in_classes`, or use `at_level_of` for \"at the level of\" a class",
                );
            }
            if e.with_after_classes && (e.with.is_none() || e.in_classes.is_empty()) {
                bad(
                    "`with_after_classes` orders `with` and `in_classes`, but the experience lacks one of them".into(),
                    "remove `with_after_classes`",
                );
            }
            if let (Some(inc), Some(total)) = (&e.including, fte_months(e, cx.hours_per_year)) {
                let part = length_months(
                    &crate::model::requirements::Length {
                        amount: inc.amount,
                        unit: inc.unit,
                    },
                    cx.hours_per_year,
                );
                if part > total + 1e-9 {
                    bad(
                        "the experience it must include is more than the experience required".into(),
                        "\"including\" names a part of the amount: make it smaller than the amount",
                    );
                }
            }
            if e.program.is_some() && (e.kind.is_some() || !e.in_classes.is_empty()) {
                bad(
                    "experience names both a `program` and a kind or class of work".into(),
                    "time in a program is its own item: split it from the job experience",
                );
            }
        }
        Item::Education(e) => {
            if e.quarter_units.is_some() && e.semester_units.is_none() {
                bad(
                    "education gives `quarter_units` without `semester_units`".into(),
                    "give the semester units too (\"24 semester or 36 quarter units\")",
                );
            }
            if e.years.is_some() && e.semester_units.is_some() {
                bad(
                    "education is measured both in years and in units".into(),
                    "keep one measure",
                );
            }
        }
        Item::Course(c) => {
            if c.name.is_none() && c.subject.is_none() {
                bad(
                    "a course needs a `name` or a `subject`".into(),
                    "name the course (\"Business Tax Ordinance class\") or what the courses are in",
                );
            }
            if c.count.is_some() && c.subject.is_none() {
                bad(
                    "a count of courses needs the `subject` they are in".into(),
                    "add `subject = \"accounting\"`",
                );
            }
            if c.quarter_units_each.is_some() && c.semester_units_each.is_none() {
                bad(
                    "a course gives `quarter_units_each` without `semester_units_each`".into(),
                    "give the semester units too",
                );
            }
        }
        Item::Other { text, .. } if text.trim().is_empty() => {
            bad(
                "a free-text requirement item is empty".into(),
                "write the requirement, or remove the item",
            );
        }
        _ => {}
    }
}

fn expression<T>(cx: &Ctx<T>, r: &Requirements, expr: &Expr, sp: &Range<usize>, out: &mut Vec<Diagnostic>) {
    let file = cx.file;
    let refs = expr.refs();
    for &k in &refs {
        if let Err(why) = describe_ref(r, k) {
            out.push(
                Diagnostic::new(
                    Rule::ExpressionRoute,
                    format!("requirement expression names {}, but {why}", ref_name(k)),
                )
                .at(file.span(sp))
                .hint("routes are numbered from 1 in the order of [[requirements.routes]], parts lettered from a"),
            );
        }
    }
    let mut seen = BTreeSet::new();
    for &k in &refs {
        if !seen.insert(k) {
            out.push(
                Diagnostic::new(
                    Rule::ExpressionSyntax,
                    format!("{} appears twice in the requirement expression", ref_name(k)),
                )
                .at(file.span(sp))
                .hint("name each route or part once"),
            );
        }
    }
    // A route named whole and by part at once is ambiguous.
    for &k in &refs {
        if k.part.is_some() && seen.contains(&RouteRef::route(k.route)) {
            out.push(
                Diagnostic::new(
                    Rule::ExpressionSyntax,
                    format!(
                        "the requirement expression names route {} and its part {}",
                        k.route,
                        k.letter().unwrap_or('a')
                    ),
                )
                .at(file.span(sp))
                .hint("name the route whole (its parts then combine by `parts_needed`) or each part, not both"),
            );
        }
    }
    for (i, route) in r.routes.iter().enumerate() {
        let k = i + 1;
        let whole = seen.contains(&RouteRef::route(k));
        let named: Vec<usize> = (0..route.parts.len())
            .filter(|&p| {
                seen.contains(&RouteRef {
                    route: k,
                    part: Some(p),
                })
            })
            .collect();
        // A part that does not exist is reported above, not as "unused".
        let any_part = seen.iter().any(|x| x.route == k && x.part.is_some());
        if !whole && !any_part {
            out.push(
                Diagnostic::new(
                    Rule::UnusedRoute,
                    format!("route {k} is not used in the requirement expression `{expr}`"),
                )
                .at(file.span(sp))
                .hint(format!("add {k} to the expression or remove the route")),
            );
        } else if !whole {
            for p in 0..route.parts.len() {
                if !named.contains(&p) {
                    let at = RouteRef {
                        route: k,
                        part: Some(p),
                    };
                    out.push(
                        Diagnostic::new(
                            Rule::UnusedRoute,
                            format!("part {at} is not used in the requirement expression `{expr}`"),
                        )
                        .at(file.span(sp))
                        .hint(format!("add {at} to the expression or remove the part")),
                    );
                }
            }
        }
    }
}

fn ref_name(k: RouteRef) -> String {
    match k.letter() {
        Some(c) => format!("part {}{c}", k.route),
        None => format!("route {}", k.route),
    }
}

/// A route or part named in a substitution or allowance.
fn reference<T>(
    cx: &Ctx<T>,
    r: &Requirements,
    at: &crate::model::common::Sp<String>,
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    let diag = match RouteRef::parse(at) {
        None => Some(format!("the {what} names `{}`, which is not a route or part", at.value)),
        Some(k) => describe_ref(r, k)
            .err()
            .map(|why| format!("the {what} names {}, but {why}", ref_name(k))),
    };
    if let Some(message) = diag {
        out.push(
            Diagnostic::new(Rule::RequirementRef, message)
                .at(cx.file.span(&at.span))
                .hint("write a route number or a number and part letter, e.g. \"2\" or \"1a\""),
        );
    }
}

/// The routes a substitution or allowance applies to: those named, else
/// every route.
fn targets(r: &Requirements, named: &[crate::model::common::Sp<String>]) -> Vec<RouteRef> {
    if named.is_empty() {
        (1..=r.routes.len()).map(RouteRef::route).collect()
    } else {
        named
            .iter()
            .filter_map(|s| RouteRef::parse(s))
            .filter(|k| describe_ref(r, *k).is_ok())
            .collect()
    }
}

/// The experience a route or part requires, in months (its largest item).
fn experience_months(r: &Requirements, at: RouteRef, hours: f64) -> Option<f64> {
    r.items_of(at)
        .into_iter()
        .filter_map(|i| match &i.value {
            Item::Experience(e) => fte_months(e, hours),
            _ => None,
        })
        .reduce(f64::max)
}

fn has_education(r: &Requirements, at: RouteRef) -> bool {
    r.items_of(at)
        .iter()
        .any(|i| matches!(i.value, Item::Education(_) | Item::Course(_)))
}

fn substitution<T>(
    cx: &Ctx<T>,
    r: &Requirements,
    s: &crate::model::common::Sp<crate::model::requirements::Substitution>,
    out: &mut Vec<Diagnostic>,
) {
    let hours = cx.hours_per_year;
    let file = cx.file;
    let explicit = !s.routes.is_empty();
    let targets = targets(r, &s.routes);
    let amount = s.amount.as_ref().map(|l| length_months(l, hours));
    let max = s.max.as_ref().map(|l| length_months(l, hours));
    if let (Some(a), Some(m)) = (amount, max)
        && a > m + 1e-9
    {
        out.push(
            Diagnostic::new(
                Rule::SubstitutionAmount,
                "a substitution stands for more than its own maximum",
            )
            .at(file.span(&s.span))
            .hint("`amount` is what each unit offered counts for; `max` caps the total: make `amount` at most `max`"),
        );
    }
    if s.year_for_year && s.amount.is_some() {
        out.push(
            Diagnostic::new(
                Rule::SubstitutionAmount,
                "a year-for-year substitution also gives a fixed `amount`",
            )
            .at(file.span(&s.span))
            .hint("year-for-year counts each year offered as a year required: remove `amount` (keep `max` to cap it)"),
        );
    }
    match s.replaces {
        Replaces::Experience => {
            let with_exp: Vec<(RouteRef, f64)> = targets
                .iter()
                .filter_map(|&k| experience_months(r, k, hours).map(|m| (k, m)))
                .collect();
            if with_exp.is_empty() {
                out.push(
                    Diagnostic::new(
                        Rule::SubstitutionAmount,
                        if explicit {
                            "the substitution replaces experience, but the routes it names require no experience of a stated amount"
                        } else {
                            "the substitution replaces experience, but no route requires experience of a stated amount"
                        },
                    )
                    .at(file.span(&s.span))
                    .hint("name the routes whose experience it replaces, or set `replaces = \"education\"`"),
                );
                return;
            }
            let most = with_exp.iter().map(|(_, m)| *m).fold(0.0, f64::max);
            let stands = max.or(amount);
            if let Some(m) = stands
                && m > most + 1e-9
            {
                out.push(
                    Diagnostic::new(
                        Rule::SubstitutionAmount,
                        format!(
                            "the substitution stands for {} of experience, but the most any of its routes requires is {}",
                            crate::derive::phrase::months_phrase(m, crate::model::jurisdiction::NumberStyle::Digits),
                            crate::derive::phrase::months_phrase(most, crate::model::jurisdiction::NumberStyle::Digits)
                        ),
                    )
                    .at(file.span(&s.span))
                    .hint("a substitution can replace at most the experience a route requires"),
                );
            }
        }
        Replaces::Education => {
            if !targets.iter().any(|&k| has_education(r, k)) {
                out.push(
                    Diagnostic::new(
                        Rule::SubstitutionAmount,
                        "the substitution replaces education, but no route it applies to requires education or a course",
                    )
                    .at(file.span(&s.span))
                    .hint("name the routes whose education it replaces, or set `replaces = \"experience\"`"),
                );
            }
        }
    }
}

fn filing_short<T>(
    cx: &Ctx<T>,
    r: &Requirements,
    f: &crate::model::common::Sp<crate::model::requirements::FilingShort>,
    out: &mut Vec<Diagnostic>,
) {
    let hours = cx.hours_per_year;
    let allowance = length_months(
        &crate::model::requirements::Length {
            amount: f.amount,
            unit: f.unit,
        },
        hours,
    );
    if f.unit == DurationUnit::Hours {
        out.push(
            Diagnostic::new(Rule::FilingAllowance, "the filing allowance is given in hours")
                .at(cx.file.span(&f.span))
                .hint("bulletins state it in months (\"six months or less\"): use `unit = \"months\"`"),
        );
    }
    let targets = targets(r, &f.routes);
    let with_exp: Vec<(RouteRef, f64)> = targets
        .iter()
        .filter_map(|&k| experience_months(r, k, hours).map(|m| (k, m)))
        .collect();
    if with_exp.is_empty() {
        out.push(
            Diagnostic::new(
                Rule::FilingAllowance,
                "the filing allowance lets applicants lack experience, but no route it applies to requires experience of a stated amount",
            )
            .at(cx.file.span(&f.span))
            .hint("remove `filing_short`, or name the routes with experience in `routes`"),
        );
        return;
    }
    for (k, m) in with_exp {
        if allowance >= m - 1e-9 {
            out.push(
                Diagnostic::new(
                    Rule::FilingAllowance,
                    format!(
                        "the filing allowance ({}) is as long as the experience requirement {} needs ({})",
                        crate::derive::phrase::months_phrase(allowance, crate::model::jurisdiction::NumberStyle::Digits),
                        ref_label(k),
                        crate::derive::phrase::months_phrase(m, crate::model::jurisdiction::NumberStyle::Digits)
                    ),
                )
                .at(cx.file.span(&f.span))
                .hint("an applicant with no experience at all could file: shorten the allowance or limit it to other routes with `routes`"),
            );
        }
    }
}

/// `{#2a}` references in free text: each must name a route or part.
pub(super) fn text_refs<T>(cx: &Ctx<T>, r: &Requirements, text: &str, span: &Range<usize>, out: &mut Vec<Diagnostic>) {
    let raw = cx.sources.get(cx.file.file).text.get(span.clone()).unwrap_or("");
    // Through quotes and escapes to the reference itself, when the span
    // is the string's own.
    let locate = |range: Range<usize>| match crate::diag::locate::raw_range(raw, range) {
        Some(x) if raw.starts_with(['"', '\'']) => span.start + x.start..span.start + x.end,
        _ => span.clone(),
    };
    for (at, range) in crate::derive::requirements::text_refs(text) {
        let written = &text[range.clone()];
        let why = match at {
            None => Some(format!("`{written}` is not a route or part reference")),
            Some(k) => describe_ref(r, k)
                .err()
                .map(|why| format!("`{written}` names {}, but {why}", ref_name(k))),
        };
        if let Some(message) = why {
            out.push(
                Diagnostic::new(Rule::RequirementRef, message)
                    .at(cx.file.span(&locate(range)))
                    .hint("refer to a requirement as `{#2}` or `{#2a}`; it prints as \"Requirement #2(a)\""),
            );
        }
    }
    if let Some(typed) = crate::derive::requirements::typed_requirement_ref(text) {
        out.push(
            Diagnostic::new(
                Rule::TypedRequirementRef,
                format!("the text names \"{}\" by hand", typed.1),
            )
            .at(cx.file.span(&locate(typed.0)))
            .hint("write `{#2}` (or `{#2a}`) so the number follows the routes when they are reordered and is checked"),
        );
    }
}

pub(super) fn class_ref<T>(cx: &Ctx<T>, cr: &ClassRef, span: &Range<usize>, out: &mut Vec<Diagnostic>) {
    let file = cx.file;
    let at = file.span(span);
    let name = match &cr.class {
        Some(code) => format!("`{code}` ({})", cr.title),
        None => format!("\"{}\"", cr.title),
    };
    let resolved = cx
        .resolver
        .resolve_probing(cx.jurisdiction, cr, &mut cx.probes.borrow_mut());
    match resolved {
        Resolution::Class(key, how) => {
            if cx.own == Some(&key) && how != How::Level {
                out.push(
                    Diagnostic::new(
                        Rule::SelfReference,
                        format!("the requirement names class {name} itself"),
                    )
                    .at(at.clone())
                    .hint("experience in the class itself cannot be a requirement for it; name the class below it"),
                );
            }
            // "Civil Engineering Associate II" names a level of class 7246,
            // "Civil Engineering Associate": a trailing level numeral is
            // the class's own.
            if how == How::Code {
                let read = career::probe(&key.jurisdiction, career::Probe::Code(&key.code));
                cx.probes.borrow_mut().push(read);
            }
            if how == How::Code
                && let Some((_, c)) = cx.plan.class(&key)
                && !career::same_class_title(&cr.title, &c.title)
            {
                out.push(
                    Diagnostic::new(
                        Rule::MissingLevelClass,
                        format!(
                            "the requirement calls class `{}` \"{}\", but its title is \"{}\"",
                            cr.class.as_deref().unwrap_or(""),
                            cr.title,
                            *c.title
                        ),
                    )
                    .at(at)
                    .hint(format!("write `title = \"{}\"`, or name the class it means", *c.title)),
                );
            }
        }
        Resolution::NoCode(key) => {
            if !cx.plan.incomplete.contains(&key.jurisdiction) {
                out.push(
                    Diagnostic::new(
                        Rule::MissingLevelClass,
                        format!("experience refers to class {name}, which is not in the plan"),
                    )
                    .at(at)
                    .hint("add the class to the plan, or drop `class` and keep only `title`"),
                );
            }
        }
        Resolution::NoJurisdiction(j) => out.push(
            Diagnostic::new(
                Rule::UnknownJurisdictionRef,
                format!("experience refers to {name} in jurisdiction `{j}`, which the plan does not have"),
            )
            .at(at)
            .maybe_hint(
                cx.resolver
                    .near_jurisdiction(&j)
                    .map(|m| format!("did you mean `{m}`?")),
            )
            .hint(format!(
                "the plan's jurisdictions: {}",
                cx.plan
                    .jurisdictions
                    .keys()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        ),
        Resolution::Ambiguous(keys) => {
            let list: Vec<String> = keys
                .iter()
                .filter_map(|k| cx.plan.class(k).map(|(_, c)| format!("`{k}` ({})", *c.title)))
                .collect();
            out.push(
                Diagnostic::new(
                    Rule::AmbiguousClassTitle,
                    format!(
                        "the class title {name} matches {} classes: {}",
                        keys.len(),
                        list.join(", ")
                    ),
                )
                .at(at)
                .hint(format!(
                    "pin the one it means with `class = \"{}\"` (its code)",
                    keys.first().map(|k| k.code.as_str()).unwrap_or("")
                )),
            );
        }
        Resolution::Unresolved => {
            let j = cr.jurisdiction.as_deref().unwrap_or(cx.jurisdiction);
            let partial = cx.plan.jurisdictions.get(j).is_some_and(|j| j.def.class_specs.partial);
            if cx.plan.incomplete.contains(j) || partial {
                return;
            }
            cx.probes.borrow_mut().push(career::probe(j, career::Probe::AnyTitle));
            let near = cx.resolver.near(j, &cr.title, cx.own);
            let hint = match near.as_slice() {
                [] => "add the class to the plan, or pin the class it means with `class = \"code\"`".to_string(),
                list => format!(
                    "did you mean {}? pin it with `class = \"{}\"`",
                    crate::derive::phrase::join_list(
                        &list
                            .iter()
                            .map(|(k, t)| format!("\"{t}\" (`{}`)", k.code))
                            .collect::<Vec<_>>(),
                        "or"
                    ),
                    list[0].0.code
                ),
            };
            out.push(
                Diagnostic::new(
                    Rule::UnresolvedClassTitle,
                    format!(
                        "experience as {name}: no class of `{j}` has that title, so career paths leave the step out"
                    ),
                )
                .at(at)
                .hint(hint),
            );
        }
    }
}
