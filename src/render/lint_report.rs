//! The plan-wide lint report: `lint/index.html` (figures, SVG charts drawn
//! at build time with `plotters`, tables as their text alternative; no
//! JavaScript) and `lint/lint.json`.

use plotters::prelude::*;
use serde::Serialize;

use super::templates::Templates;
use crate::diag::Diagnostic;
use crate::lint::report::Report;

/// The report's two files, relative to the output directory.
pub fn render(
    report: &Report,
    t: &Templates,
    site_index: bool,
    budget: f64,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let json = serde_json::to_string_pretty(report).unwrap_or_default();
    let mut ctx = tera::Context::new();
    ctx.insert("report", report);
    ctx.insert("stylesheet", t.raw("", "classplan.css"));
    ctx.insert("site_index", &site_index);
    ctx.insert("budget", &budget);
    ctx.insert("grade_chart", &grade_chart(report, budget));
    ctx.insert(
        "masculine_chart",
        &words_chart(&report.summary.top_masculine, "Masculine-coded words", "masculine"),
    );
    ctx.insert(
        "feminine_chart",
        &words_chart(&report.summary.top_feminine, "Feminine-coded words", "feminine"),
    );
    let rows: Vec<Row> = report.documents.iter().map(Row::of).collect();
    ctx.insert("rows", &rows);
    let html = t.render("", "lint.html", &ctx)?;
    Ok(vec![
        ("lint/index.html".into(), html.into_bytes()),
        ("lint/lint.json".into(), format!("{json}\n").into_bytes()),
    ])
}

/// A document's line in the table.
#[derive(Serialize)]
struct Row {
    id: String,
    title: String,
    kind: &'static str,
    grade: String,
    words: usize,
    masculine: usize,
    feminine: usize,
    findings: usize,
    rules: String,
}

impl Row {
    fn of(d: &crate::lint::report::DocReport) -> Row {
        Row {
            id: d.id.clone(),
            title: d.title.clone(),
            kind: match d.kind {
                crate::lint::report::DocKind::Class => "class",
                crate::lint::report::DocKind::Bulletin => "bulletin",
            },
            grade: d.grade.map(|g| format!("{g:.1}")).unwrap_or_else(|| "–".into()),
            words: d.counts.words,
            masculine: d.masculine.values().sum(),
            feminine: d.feminine.values().sum(),
            findings: d.findings.values().sum(),
            rules: d
                .findings
                .iter()
                .map(|(r, n)| format!("{r} {n}"))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

const ACCENT: RGBColor = RGBColor(0x1d, 0x4e, 0x89);
const OVER: RGBColor = RGBColor(0xa3, 0x3b, 0x20);
const TEXT: RGBColor = RGBColor(0x22, 0x22, 0x22);

/// `svg` as an image with an accessible name (the table after it has the figures).
fn labelled(svg: String, id: &str, title: &str) -> String {
    let title = crate::text::escape_html(title);
    match svg.find("<svg") {
        Some(at) => {
            let head_end = at + 4;
            let mut s = String::with_capacity(svg.len() + 128);
            s.push_str(&svg[..head_end]);
            s.push_str(&format!(" role=\"img\" aria-labelledby=\"{id}\" focusable=\"false\""));
            let rest = &svg[head_end..];
            match rest.find('>') {
                Some(gt) => {
                    s.push_str(&rest[..=gt]);
                    s.push_str(&format!("<title id=\"{id}\">{title}</title>"));
                    s.push_str(&rest[gt + 1..]);
                }
                None => s.push_str(rest),
            }
            s
        }
        None => svg,
    }
}

/// Documents per grade level, bars above the budget in another colour.
fn grade_chart(report: &Report, budget: f64) -> String {
    let bins = &report.summary.grade_histogram;
    if bins.is_empty() {
        return String::new();
    }
    let lo = bins.first().map_or(0, |b| b.from);
    let hi = bins.last().map_or(0, |b| b.from) + 1;
    let top = bins.iter().map(|b| b.documents).max().unwrap_or(1).max(1) as u32;
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (720, 320)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(52)
            .build_cartesian_2d((lo..hi).into_segmented(), 0u32..top + top / 10 + 1);
        if let Ok(mut chart) = chart {
            let _ = chart
                .configure_mesh()
                .disable_x_mesh()
                // Only the labelled lines: a line per document is noise.
                .light_line_style(WHITE)
                .x_desc("Flesch-Kincaid grade level")
                .y_desc("Documents")
                .axis_desc_style(("sans-serif", 15).into_font().color(&TEXT))
                .label_style(("sans-serif", 13).into_font().color(&TEXT))
                .draw();
            let under = bins
                .iter()
                .filter(|b| (b.from as f64) < budget)
                .map(|b| (b.from, b.documents as u32));
            let over = bins
                .iter()
                .filter(|b| (b.from as f64) >= budget)
                .map(|b| (b.from, b.documents as u32));
            let _ = chart.draw_series(Histogram::vertical(&chart).style(ACCENT.filled()).margin(3).data(under));
            let _ = chart.draw_series(Histogram::vertical(&chart).style(OVER.filled()).margin(3).data(over));
        }
        let _ = root.present();
    }
    labelled(
        buf,
        "grade-chart-title",
        &format!(
            "Histogram of documents by Flesch-Kincaid grade level; bars at or above the budget of grade {budget} in red"
        ),
    )
}

/// The most frequent coded words, as horizontal bars.
fn words_chart(words: &[(String, usize)], title: &str, id: &str) -> String {
    if words.is_empty() {
        return String::new();
    }
    let shown: Vec<&(String, usize)> = words.iter().take(10).collect();
    let n = shown.len() as u32;
    let top = shown.iter().map(|w| w.1).max().unwrap_or(1).max(1) as u32;
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (360, 40 + 26 * n)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let chart = ChartBuilder::on(&root)
            .margin(8)
            .x_label_area_size(28)
            .y_label_area_size(120)
            .build_cartesian_2d(0u32..top + top / 8 + 1, (0u32..n).into_segmented());
        if let Ok(mut chart) = chart {
            let labels: Vec<String> = shown.iter().map(|w| w.0.clone()).collect();
            let _ = chart
                .configure_mesh()
                .disable_y_mesh()
                .light_line_style(WHITE)
                .y_labels(n as usize)
                .y_label_formatter(&|v: &SegmentValue<u32>| match v {
                    SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => n
                        .checked_sub(1 + *i)
                        .and_then(|k| labels.get(k as usize))
                        .cloned()
                        .unwrap_or_default(),
                    SegmentValue::Last => String::new(),
                })
                .label_style(("sans-serif", 13).into_font().color(&TEXT))
                .draw();
            let _ = chart.draw_series(
                Histogram::horizontal(&chart)
                    .style(ACCENT.filled())
                    .margin(4)
                    .data(shown.iter().enumerate().map(|(i, w)| (n - 1 - i as u32, w.1 as u32))),
            );
        }
        let _ = root.present();
    }
    labelled(
        buf,
        &format!("{id}-chart-title"),
        &format!("{title}: bar chart of the ten most frequent"),
    )
}
