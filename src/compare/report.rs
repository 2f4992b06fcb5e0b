//! Renderings of a [`Comparison`]: terminal text (optionally coloured),
//! Markdown, and a self-contained side-by-side HTML page for a
//! classification study. JSON is the value itself.

use std::fmt::Write as _;

use super::{ChangeKind, Comparison, WordChange};
use crate::derive::phrase::money;
use crate::text::escape_html;

fn paint(color: bool, code: &str, s: &str) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn words_text(w: &[WordChange], color: bool) -> String {
    w.iter()
        .map(|c| match c.kind {
            ChangeKind::Same => c.text.clone(),
            ChangeKind::Added => paint(color, "32", &format!("{{+{}+}}", c.text)),
            ChangeKind::Removed => paint(color, "31", &format!("[-{}-]", c.text)),
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
        Some(m) if (m - m.round()).abs() < 0.05 => format!("{} months", m.round() as i64),
        Some(m) => format!("{m:.1} months"),
        None => "none".into(),
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
    let h = |s: &str| paint(color, "1", s);
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
            let _ = writeln!(o, "  {} A{}: {}", paint(color, "31", "- only in A"), i + 1, s);
        }
        for (i, s) in &l.only_b {
            let _ = writeln!(o, "  {} B{}: {}", paint(color, "32", "+ only in B"), i + 1, s);
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
                    let _ = writeln!(o, "     {}. {} [{}]", r.number, r.text, months(r.months));
                }
            }
        }
        for n in &c.requirements.notes {
            let _ = writeln!(o, "  • {n}");
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
    o
}

fn md_words(w: &[WordChange]) -> String {
    w.iter()
        .map(|c| match c.kind {
            ChangeKind::Same => c.text.clone(),
            ChangeKind::Added => format!("**{}**", c.text.trim()),
            ChangeKind::Removed => format!("~~{}~~", c.text.trim()),
        })
        .collect::<Vec<_>>()
        .join("")
}

/// Markdown rendering (the same content as the terminal, as a report).
pub fn markdown(c: &Comparison) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {} vs {}\n", c.a.reference, c.b.reference);
    let _ = writeln!(o, "| | A | B |\n| --- | --- | --- |");
    let _ = writeln!(o, "| Class | {} | {} |", c.a.title, c.b.title);
    let _ = writeln!(o, "| Jurisdiction | {} | {} |", c.a.jurisdiction, c.b.jurisdiction);
    let _ = writeln!(o, "| Status | {} | {} |", c.a.status, c.b.status);
    if let (Some(a), Some(b)) = (&c.pay.a, &c.pay.b) {
        let _ = writeln!(
            o,
            "| Annual pay | {} – {} | {} – {} |",
            money(a.min.round()),
            money(a.max.round()),
            money(b.min.round()),
            money(b.max.round())
        );
    }
    if let (Some(a), Some(b)) = (&c.requirements.a, &c.requirements.b) {
        let _ = writeln!(
            o,
            "| Least experience | {} | {} |",
            months(a.min_months),
            months(b.min_months)
        );
    }
    if c.identical {
        let _ = writeln!(o, "\nThe two classes are identical.");
        return o;
    }
    let _ = writeln!(o, "\nSimilarity of duties and KSAs: {:.0}%.", c.similarity * 100.0);
    for p in c.prose.iter().filter(|p| p.changed) {
        if p.ratio < 0.5 {
            let _ = writeln!(
                o,
                "\n## {}\n\n**A:** {}\n\n**B:** {}",
                p.label_a,
                p.a.as_deref().unwrap_or("").trim(),
                p.b.as_deref().unwrap_or("").trim()
            );
        } else {
            let _ = writeln!(o, "\n## {}\n\n{}", p.label_a, md_words(&p.words).trim());
        }
    }
    for l in c.lists.iter().filter(|l| l.changed) {
        let _ = writeln!(o, "\n## {}\n", l.label_a);
        for p in l.matched.iter().filter(|p| p.changed) {
            let _ = writeln!(
                o,
                "- A{} ↔ B{} ({:.0}%): {}",
                p.a_index + 1,
                p.b_index + 1,
                p.similarity * 100.0,
                md_words(&p.words).trim()
            );
        }
        for (i, s) in &l.only_a {
            let _ = writeln!(o, "- only in A (A{}): {s}", i + 1);
        }
        for (i, s) in &l.only_b {
            let _ = writeln!(o, "- only in B (B{}): {s}", i + 1);
        }
    }
    if c.requirements.changed {
        let _ = writeln!(o, "\n## Minimum requirements\n");
        for n in &c.requirements.notes {
            let _ = writeln!(o, "- {n}");
        }
    }
    if let Some(d) = pay_difference(c) {
        let _ = writeln!(
            o,
            "
## Pay

B − A: {d}."
        );
    }
    o
}

fn html_words(w: &[WordChange]) -> String {
    w.iter()
        .map(|c| match c.kind {
            ChangeKind::Same => escape_html(&c.text),
            ChangeKind::Added => format!("<ins>{}</ins>", escape_html(&c.text)),
            ChangeKind::Removed => format!("<del>{}</del>", escape_html(&c.text)),
        })
        .collect()
}

/// A self-contained side-by-side HTML page.
pub fn html(c: &Comparison) -> String {
    let e = escape_html;
    let mut o = String::new();
    let title = format!("{} vs {}", c.a.reference, c.b.reference);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\nbody{{font-family:system-ui,sans-serif;line-height:1.5;color:#1b1b1b;max-width:70rem;margin:0 auto;padding:1rem}}\ntable{{border-collapse:collapse;width:100%}}th,td{{text-align:left;vertical-align:top;border-bottom:1px solid #c9c9c9;padding:.4rem}}\nins{{background:#d7f5dd;text-decoration:underline}}del{{background:#fde2e1}}\nh2{{border-bottom:2px solid #1a4480}}\n.score{{color:#4a4a4a}}\n</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n",
        e(&title),
        e(&title)
    );
    let _ = write!(
        o,
        "<table><caption>Classes compared</caption><thead><tr><th scope=\"col\"></th><th scope=\"col\">A</th><th scope=\"col\">B</th></tr></thead><tbody>"
    );
    let _ = write!(
        o,
        "<tr><th scope=\"row\">Class</th><td>{} ({})</td><td>{} ({})</td></tr>",
        e(&c.a.title),
        e(&c.a.reference),
        e(&c.b.title),
        e(&c.b.reference)
    );
    let _ = write!(
        o,
        "<tr><th scope=\"row\">Jurisdiction</th><td>{}</td><td>{}</td></tr>",
        e(&c.a.jurisdiction),
        e(&c.b.jurisdiction)
    );
    let _ = write!(
        o,
        "<tr><th scope=\"row\">Status</th><td>{}</td><td>{}</td></tr>",
        e(&c.a.status),
        e(&c.b.status)
    );
    let pay = |p: &Option<super::AnnualPay>| {
        p.as_ref()
            .map(|p| format!("{} – {}", money(p.min.round()), money(p.max.round())))
            .unwrap_or_else(|| "not stated".into())
    };
    let _ = write!(
        o,
        "<tr><th scope=\"row\">Annual pay</th><td>{}</td><td>{}</td></tr>",
        pay(&c.pay.a),
        pay(&c.pay.b)
    );
    let exp = |r: &Option<super::RequirementsSummary>| {
        r.as_ref()
            .map(|r| months(r.min_months))
            .unwrap_or_else(|| "not stated".into())
    };
    let _ = write!(
        o,
        "<tr><th scope=\"row\">Least experience</th><td>{}</td><td>{}</td></tr>",
        exp(&c.requirements.a),
        exp(&c.requirements.b)
    );
    let _ = writeln!(o, "</tbody></table>");
    if c.identical {
        let _ = writeln!(o, "<p>The two classes are identical.</p>");
    } else {
        let _ = writeln!(
            o,
            "<p class=\"score\">Similarity of duties and KSAs: {:.0}%.</p>",
            c.similarity * 100.0
        );
    }
    for p in &c.prose {
        let _ = write!(
            o,
            "<h2>{}</h2><table><thead><tr><th scope=\"col\">A: {}</th><th scope=\"col\">B: {}</th></tr></thead><tbody><tr><td>{}</td><td>{}</td></tr></tbody></table>",
            e(&p.label_a),
            e(&p.label_a),
            e(&p.label_b),
            e(p.a.as_deref().unwrap_or("")),
            if p.changed && p.ratio >= 0.5 {
                html_words(&p.words)
            } else {
                e(p.b.as_deref().unwrap_or(""))
            }
        );
    }
    for l in &c.lists {
        let _ = write!(
            o,
            "<h2>{}</h2><table><thead><tr><th scope=\"col\">A</th><th scope=\"col\">B</th><th scope=\"col\">Similarity</th></tr></thead><tbody>",
            e(&l.label_a)
        );
        for p in &l.matched {
            let _ = write!(
                o,
                "<tr><td>{}. {}</td><td>{}. {}</td><td>{:.0}%</td></tr>",
                p.a_index + 1,
                e(&p.a),
                p.b_index + 1,
                if p.changed { html_words(&p.words) } else { e(&p.b) },
                p.similarity * 100.0
            );
        }
        for (i, s) in &l.only_a {
            let _ = write!(o, "<tr><td>{}. {}</td><td>—</td><td>only in A</td></tr>", i + 1, e(s));
        }
        for (i, s) in &l.only_b {
            let _ = write!(o, "<tr><td>—</td><td>{}. {}</td><td>only in B</td></tr>", i + 1, e(s));
        }
        let _ = writeln!(o, "</tbody></table>");
    }
    if c.requirements.a.is_some() || c.requirements.b.is_some() {
        let _ = write!(
            o,
            "<h2>Minimum requirements</h2><table><thead><tr><th scope=\"col\">A</th><th scope=\"col\">B</th></tr></thead><tbody><tr>"
        );
        for r in [&c.requirements.a, &c.requirements.b] {
            let _ = write!(o, "<td>");
            if let Some(r) = r {
                let _ = write!(
                    o,
                    "<p>{} (least experience {})</p><ol>",
                    e(&r.expression),
                    months(r.min_months)
                );
                for x in &r.routes {
                    let _ = write!(
                        o,
                        "<li>{} <span class=\"score\">[{}]</span></li>",
                        e(&x.text),
                        months(x.months)
                    );
                }
                let _ = write!(o, "</ol>");
            }
            let _ = write!(o, "</td>");
        }
        let _ = write!(o, "</tr></tbody></table>");
        if !c.requirements.notes.is_empty() {
            let _ = write!(o, "<ul>");
            for n in &c.requirements.notes {
                let _ = write!(o, "<li>{}</li>", e(n));
            }
            let _ = writeln!(o, "</ul>");
        }
    }
    if let Some(d) = pay_difference(c) {
        let _ = writeln!(o, "<h2>Pay</h2><p>B − A: {}.</p>", escape_html(&d));
    }
    let _ = writeln!(o, "</main>\n</body>\n</html>");
    o
}
