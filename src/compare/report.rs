//! Renderings of comparisons: terminal text (optionally coloured) here;
//! Markdown and self-contained HTML pages through the built-in templates
//! `compare.*`, `compare-table.*` and `crosswalk.*` (overridable like every
//! template, the HTML with the site's stylesheet inlined). JSON is the
//! value itself, with a version.

use std::fmt::Write as _;

use serde::Serialize;

use super::{ChangeKind, Comparison, WordChange};
use crate::derive::phrase::money;
use crate::diag::Diagnostic;
use crate::render::templates::Templates;

const ADDED: anstyle::Style = anstyle::Style::new().fg_color(Some(anstyle::Color::Ansi(anstyle::AnsiColor::Green)));
const REMOVED: anstyle::Style = anstyle::Style::new().fg_color(Some(anstyle::Color::Ansi(anstyle::AnsiColor::Red)));
const HEADING: anstyle::Style = anstyle::Style::new().bold();

/// `s` in `style` when colour is on. The style is a private-use marker
/// until [`finish`] turns it into escape codes, after the text from sources
/// has been made safe for the terminal (so a title cannot carry its own).
fn paint(color: bool, style: anstyle::Style, s: &str) -> String {
    if !color {
        return s.to_string();
    }
    let mark = if style == ADDED {
        '\u{E001}'
    } else if style == REMOVED {
        '\u{E002}'
    } else {
        '\u{E003}'
    };
    format!("{mark}{s}\u{E000}")
}

/// The report for a terminal: control characters from sources escaped,
/// then the colour markers turned into escape codes.
fn finish(o: &str) -> String {
    let safe = crate::text::terminal_safe(o, true);
    let mut out = String::with_capacity(safe.len());
    for ch in safe.chars() {
        match ch {
            '\u{E001}' => out.push_str(&ADDED.render().to_string()),
            '\u{E002}' => out.push_str(&REMOVED.render().to_string()),
            '\u{E003}' => out.push_str(&HEADING.render().to_string()),
            '\u{E000}' => out.push_str(&anstyle::Reset.render().to_string()),
            c => out.push(c),
        }
    }
    out
}

fn words_text(w: &[WordChange], color: bool) -> String {
    w.iter()
        .map(|c| match c.kind {
            ChangeKind::Same => c.text.clone(),
            ChangeKind::Added => paint(color, ADDED, &format!("{{+{}+}}", c.text)),
            ChangeKind::Removed => paint(color, REMOVED, &format!("[-{}-]", c.text)),
        })
        .collect()
}

fn pct(x: f64) -> String {
    format!("{:+.1}%", x)
}

/// "minimum $12,935 (+21.4%), maximum -$8,053 (-8.3%), midpoint $2,441 (+3.1%)".
fn pay_difference(c: &Comparison) -> Option<String> {
    let (mn, mx, md) = (c.pay.min?, c.pay.max?, c.pay.mid?);
    Some(format!(
        "minimum {} ({}), maximum {} ({}), midpoint {} ({})",
        money(mn.0),
        pct(mn.1),
        money(mx.0),
        pct(mx.1),
        money(md.0),
        pct(md.1)
    ))
}

fn months(m: Option<f64>) -> String {
    match m {
        Some(m) if m < 0.05 => "none required".into(),
        Some(m) => crate::derive::phrase::months_figure(m),
        None => "not stated".into(),
    }
}

/// `diff --format json`: the [`Comparison`] with a version.
#[derive(serde::Serialize)]
pub struct Versioned<'a> {
    /// `classplan/diff/1`.
    pub schema: &'static str,
    #[serde(flatten)]
    pub comparison: &'a Comparison,
}

impl<'a> Versioned<'a> {
    pub fn new(comparison: &'a Comparison) -> Self {
        Versioned {
            schema: "classplan/diff/1",
            comparison,
        }
    }
}

/// Terminal rendering.
pub fn text(c: &Comparison, color: bool) -> String {
    let mut o = String::new();
    let h = |s: &str| paint(color, HEADING, s);
    let _ = writeln!(o, "{} {} ({}, {})", h("A:"), c.a.reference, c.a.title, c.a.jurisdiction);
    let _ = writeln!(o, "{} {} ({}, {})", h("B:"), c.b.reference, c.b.title, c.b.jurisdiction);
    if c.identical {
        let _ = writeln!(o, "\nidentical");
        return o;
    }
    let _ = writeln!(o, "similarity of duties and KSAs: {:.0}%", c.similarity * 100.0);
    if c.title_changed {
        let _ = writeln!(
            o,
            "\n{}\n  {}",
            h("Title"),
            words_text(&super::word_diff(&c.a.title, &c.b.title), color)
        );
    }
    if !c.status_notes.is_empty() || c.a.status != c.b.status {
        let _ = writeln!(o, "\n{}\n  A {}; B {}", h("Status"), c.a.status, c.b.status);
    }
    for p in c.prose.iter().filter(|p| p.changed) {
        let label = if p.label_a == p.label_b {
            p.label_a.clone()
        } else {
            format!("{} / {}", p.label_a, p.label_b)
        };
        let _ = writeln!(o, "\n{}", h(&label));
        match (&p.a, &p.b) {
            (Some(x), Some(y)) if p.ratio < 0.5 => {
                // Mostly different texts read better whole than as a word diff.
                let _ = writeln!(o, "  A: {}\n  B: {}", x.trim(), y.trim());
            }
            (Some(_), Some(_)) => {
                let _ = writeln!(o, "  {}", words_text(&p.words, color).trim());
            }
            (Some(x), None) => {
                let _ = writeln!(o, "  only in A: {}", x.trim());
            }
            (None, Some(y)) => {
                let _ = writeln!(o, "  only in B: {}", y.trim());
            }
            (None, None) => {}
        }
    }
    for l in c.lists.iter().filter(|l| l.changed) {
        let label = if l.label_a == l.label_b {
            l.label_a.clone()
        } else {
            format!("{} / {}", l.label_a, l.label_b)
        };
        let unchanged = l.matched.iter().filter(|p| !p.changed).count();
        let _ = writeln!(
            o,
            "\n{} ({} unchanged{})",
            h(&label),
            unchanged,
            if l.moved > 0 {
                format!(", {} reordered", l.moved)
            } else {
                String::new()
            }
        );
        for p in l.matched.iter().filter(|p| p.changed) {
            let _ = writeln!(
                o,
                "  ~ A{} ↔ B{} ({:.0}% similar): {}",
                p.a_index + 1,
                p.b_index + 1,
                p.similarity * 100.0,
                words_text(&p.words, color).trim()
            );
        }
        for (i, s) in &l.only_a {
            let _ = writeln!(o, "  {} A{}: {}", paint(color, REMOVED, "- only in A"), i + 1, s);
        }
        for (i, s) in &l.only_b {
            let _ = writeln!(o, "  {} B{}: {}", paint(color, ADDED, "+ only in B"), i + 1, s);
        }
    }
    if c.requirements.changed {
        let _ = writeln!(o, "\n{}", h("Minimum requirements"));
        for (name, s) in [("A", &c.requirements.a), ("B", &c.requirements.b)] {
            if let Some(s) = s {
                let _ = writeln!(
                    o,
                    "  {name}: {} (least experience {})",
                    s.expression,
                    months(s.min_months)
                );
                for r in &s.routes {
                    let m = r
                        .months
                        .map(|m| months(Some(m)))
                        .unwrap_or_else(|| "no experience".into());
                    let _ = writeln!(o, "     {}. {} [{m}]", r.number, r.text);
                }
            }
        }
        for n in &c.requirements.notes {
            let _ = writeln!(o, "  • {n}");
        }
    }
    if c.desirable.changed {
        let _ = writeln!(o, "\n{}", h("Desirable qualifications"));
        for n in &c.desirable.notes {
            let _ = writeln!(o, "  • {n}");
        }
    }
    if !c.fields.is_empty() {
        let _ = writeln!(o, "\n{}", h("Classification"));
        for f in &c.fields {
            let or_none = |s: &str| if s.is_empty() { "—".to_string() } else { s.to_string() };
            let _ = writeln!(o, "  {}: A {} · B {}", f.label, or_none(&f.a), or_none(&f.b));
        }
    }
    if c.pay.changed {
        let _ = writeln!(o, "\n{}", h("Pay (annualized)"));
        for (name, p) in [("A", &c.pay.a), ("B", &c.pay.b)] {
            match p {
                Some(p) => {
                    let src = p.source.as_deref().map(|s| format!(" (from {s})")).unwrap_or_default();
                    let _ = writeln!(
                        o,
                        "  {name}: {} – {} (midpoint {}){src}",
                        money(p.min.round()),
                        money(p.max.round()),
                        money(p.mid.round())
                    );
                }
                None => {
                    let _ = writeln!(o, "  {name}: not stated");
                }
            }
        }
        if let Some(d) = pay_difference(c) {
            let _ = writeln!(o, "  B − A: {d}");
        }
    }
    if let Some(cd) = c.competencies.as_ref().filter(|c| c.changed) {
        let _ = writeln!(o, "\n{}", h("Competencies"));
        for (n, t, x, y) in &cd.both {
            if x != y {
                let _ = writeln!(o, "  {n}. {t}: level {x} in A, {y} in B");
            }
        }
        for (n, t, l) in &cd.only_a {
            let _ = writeln!(o, "  only in A: {n}. {t} (level {l})");
        }
        for (n, t, l) in &cd.only_b {
            let _ = writeln!(o, "  only in B: {n}. {t} (level {l})");
        }
    }
    finish(&o)
}

/// A word change split for markup: the whitespace around the words stays
/// outside `**…**` / `<ins>…</ins>`.
#[derive(Serialize)]
struct Word<'a> {
    kind: &'a ChangeKind,
    lead: &'a str,
    core: &'a str,
    trail: &'a str,
}

fn words(w: &[WordChange]) -> Vec<Word<'_>> {
    w.iter()
        .map(|c| {
            let core = c.text.trim();
            let lead_len = c.text.len() - c.text.trim_start().len();
            Word {
                kind: &c.kind,
                lead: &c.text[..lead_len],
                core,
                trail: &c.text[lead_len + core.len()..],
            }
        })
        .collect()
}

#[derive(Serialize)]
struct ProseShown<'a> {
    #[serde(flatten)]
    p: &'a super::ProseDiff,
    /// Mostly different texts read better whole than as a word diff.
    whole: bool,
    marked: Vec<Word<'a>>,
}

#[derive(Serialize)]
struct PairShown<'a> {
    #[serde(flatten)]
    p: &'a super::Pair,
    percent: String,
    marked: Vec<Word<'a>>,
}

#[derive(Serialize)]
struct ListShown<'a> {
    label: &'a str,
    changed: bool,
    matched: Vec<PairShown<'a>>,
    only_a: Vec<(usize, &'a str)>,
    only_b: Vec<(usize, &'a str)>,
}

#[derive(Serialize)]
struct RequirementsShown<'a> {
    expression: &'a str,
    least: String,
    routes: Vec<(usize, &'a str, String)>,
}

/// What the `compare.html` / `compare.md` templates see: the comparison,
/// with its figures in words.
#[derive(Serialize)]
struct DiffShown<'a> {
    c: &'a Comparison,
    title: String,
    similarity: String,
    pay_a: String,
    pay_b: String,
    /// Both classes state pay.
    both_pay: bool,
    least_a: String,
    least_b: String,
    both_requirements: bool,
    pay_difference: Option<String>,
    prose: Vec<ProseShown<'a>>,
    lists: Vec<ListShown<'a>>,
    requirements_a: Option<RequirementsShown<'a>>,
    requirements_b: Option<RequirementsShown<'a>>,
    stylesheet: &'a str,
}

fn shown<'a>(c: &'a Comparison, stylesheet: &'a str) -> DiffShown<'a> {
    let pay = |p: &Option<super::AnnualPay>| {
        p.as_ref()
            .map(|p| format!("{} – {}", money(p.min.round()), money(p.max.round())))
            .unwrap_or_else(|| "not stated".into())
    };
    let least = |r: &Option<super::RequirementsSummary>| {
        r.as_ref()
            .map(|r| months(r.min_months))
            .unwrap_or_else(|| "not stated".into())
    };
    let req = |r: &'a Option<super::RequirementsSummary>| {
        r.as_ref().map(|r| RequirementsShown {
            expression: &r.expression,
            least: months(r.min_months),
            routes: r
                .routes
                .iter()
                .map(|x| {
                    (
                        x.number,
                        x.text.as_str(),
                        x.months
                            .map(|m| months(Some(m)))
                            .unwrap_or_else(|| "no experience".into()),
                    )
                })
                .collect(),
        })
    };
    DiffShown {
        c,
        title: format!("{} vs {}", c.a.reference, c.b.reference),
        similarity: format!("{:.0}%", c.similarity * 100.0),
        pay_a: pay(&c.pay.a),
        pay_b: pay(&c.pay.b),
        both_pay: c.pay.a.is_some() && c.pay.b.is_some(),
        least_a: least(&c.requirements.a),
        least_b: least(&c.requirements.b),
        both_requirements: c.requirements.a.is_some() && c.requirements.b.is_some(),
        pay_difference: pay_difference(c),
        prose: c
            .prose
            .iter()
            .map(|p| ProseShown {
                p,
                whole: p.ratio < 0.5,
                marked: words(&p.words),
            })
            .collect(),
        lists: c
            .lists
            .iter()
            .map(|l| ListShown {
                label: &l.label_a,
                changed: l.changed,
                matched: l
                    .matched
                    .iter()
                    .map(|p| PairShown {
                        p,
                        percent: format!("{:.0}%", p.similarity * 100.0),
                        marked: words(&p.words),
                    })
                    .collect(),
                only_a: l.only_a.iter().map(|(i, s)| (i + 1, s.as_str())).collect(),
                only_b: l.only_b.iter().map(|(i, s)| (i + 1, s.as_str())).collect(),
            })
            .collect(),
        requirements_a: req(&c.requirements.a),
        requirements_b: req(&c.requirements.b),
        stylesheet,
    }
}

/// A report through a built-in (or the workspace's) template.
fn through(t: &Templates, template: &str, data: &impl Serialize) -> Result<String, Diagnostic> {
    let ctx = tera::Context::from_serialize(data).map_err(|e| {
        Diagnostic::new(
            crate::rules::Rule::Template,
            format!("cannot prepare template data ({e})"),
        )
    })?;
    t.render("", template, &ctx)
}

/// Markdown report (`diff --format md`), through `compare.md`.
pub fn markdown(t: &Templates, c: &Comparison) -> Result<String, Diagnostic> {
    through(t, "compare.md", &shown(c, ""))
}

/// A self-contained side-by-side HTML page (`diff --format html`), through
/// `compare.html`, with the site's stylesheet inlined.
pub fn html(t: &Templates, c: &Comparison) -> Result<String, Diagnostic> {
    through(t, "compare.html", &shown(c, t.raw("", "classplan.css")))
}

/// The N-way table as Markdown or a standalone HTML page, through
/// `compare-table.md` / `compare-table.html`.
pub fn table(t: &Templates, table: &super::table::Table, html: bool) -> Result<String, Diagnostic> {
    let (header, rows) = super::table::rows(table);
    let data = serde_json::json!({
        "header": header,
        "rows": rows,
        "stylesheet": if html { t.raw("", "classplan.css") } else { "" },
    });
    through(t, if html { "compare-table.html" } else { "compare-table.md" }, &data)
}

/// A crosswalk as Markdown or a standalone HTML page, through
/// `crosswalk.md` / `crosswalk.html`.
pub fn crosswalk(t: &Templates, c: &super::matching::Crosswalk, html: bool) -> Result<String, Diagnostic> {
    let data = serde_json::json!({
        "from": c.from,
        "to": c.to,
        "header": super::matching::CROSSWALK_HEADER,
        "rows": super::matching::crosswalk_rows(c),
        "stylesheet": if html { t.raw("", "classplan.css") } else { "" },
    });
    through(t, if html { "crosswalk.html" } else { "crosswalk.md" }, &data)
}
