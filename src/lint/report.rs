//! The figures of `classplan lint --report` (`lint.json`, and the page
//! `render::lint_report` draws): per document its grade, coded-word
//! balance and findings; across the plan the distribution of grades, the
//! most frequent coded words, the degree-only classes and the longest
//! sentences.

use std::collections::BTreeMap;

use serde::Serialize;

use super::measure::Counts;
use crate::diag::{Diagnostic, Sources, Span};
use crate::rules::Rule;

pub const SCHEMA: &str = "classplan/lint/1";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    Class,
    Bulletin,
}

/// A sentence with where it is.
#[derive(Debug, Clone, Serialize)]
pub struct Sentence {
    pub text: String,
    pub words: usize,
    /// `file:line:col`.
    pub at: String,
    #[serde(skip)]
    pub span: Option<Span>,
}

impl Sentence {
    pub fn new(text: &str, words: usize, span: &Span, sources: &Sources) -> Sentence {
        let (file, line, col) = sources.locate(span);
        Sentence {
            text: text.to_string(),
            words,
            at: format!("{file}:{line}:{col}"),
            span: Some(span.clone()),
        }
    }
}

/// One class spec or bulletin.
#[derive(Debug, Clone, Serialize)]
pub struct DocReport {
    /// `la-city/1229` or the bulletin id.
    pub id: String,
    pub kind: DocKind,
    pub title: String,
    /// The source file.
    pub file: String,
    pub jurisdiction: String,
    /// Flesch-Kincaid grade of the applicant-facing prose (none without words).
    pub grade: Option<f64>,
    pub counts: Counts,
    /// Masculine- and feminine-coded stems found, with counts.
    pub masculine: BTreeMap<String, usize>,
    pub feminine: BTreeMap<String, usize>,
    /// Findings by rule name.
    pub findings: BTreeMap<String, usize>,
    /// The longest sentences (at most three).
    pub longest: Vec<Sentence>,
    /// Every way to qualify needs a degree.
    pub degree_only: bool,
    /// The measured sentences, each closed by a full stop (`lint
    /// --measured-text`, for comparing the grade with other tools).
    #[serde(skip)]
    pub measured: String,
}

impl DocReport {
    /// Masculine-coded minus feminine-coded words.
    pub fn balance(&self) -> i64 {
        self.masculine.values().sum::<usize>() as i64 - self.feminine.values().sum::<usize>() as i64
    }
}

/// A boilerplate block, measured once.
#[derive(Debug, Clone, Serialize)]
pub struct BlockReport {
    pub jurisdiction: String,
    pub block: String,
    pub grade: Option<f64>,
    pub counts: Counts,
}

/// One bar of the grade histogram: documents with `from <= grade < from + 1`.
#[derive(Debug, Clone, Serialize)]
pub struct Bin {
    pub from: i64,
    pub documents: usize,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema: &'static str,
    pub documents: Vec<DocReport>,
    pub blocks: Vec<BlockReport>,
    pub summary: Summary,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub documents: usize,
    /// Documents with a grade.
    pub measured: usize,
    pub grade_median: Option<f64>,
    pub grade_p10: Option<f64>,
    pub grade_p90: Option<f64>,
    pub grade_histogram: Vec<Bin>,
    /// Documents where masculine-coded words outnumber feminine-coded ones.
    pub masculine_leaning: usize,
    pub feminine_leaning: usize,
    pub top_masculine: Vec<(String, usize)>,
    pub top_feminine: Vec<(String, usize)>,
    /// Ids of the documents whose every way to qualify needs a degree.
    pub degree_only: Vec<String>,
    /// The longest sentences of the plan.
    pub longest_sentences: Vec<(String, Sentence)>,
    /// Findings by rule name, across the plan.
    pub findings: BTreeMap<String, usize>,
    pub errors: usize,
    pub warnings: usize,
}

fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = p * (sorted.len() - 1) as f64;
    let lo = rank.floor() as usize;
    let hi = rank.ceil() as usize;
    Some(sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo as f64))
}

impl Report {
    pub fn new(
        mut documents: Vec<DocReport>,
        blocks: Vec<BlockReport>,
        diags: &[Diagnostic],
        sources: &Sources,
    ) -> Report {
        documents.sort_by(|a, b| a.id.cmp(&b.id));
        // Findings per document, by the file they point into.
        let mut by_file: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
        let mut totals: BTreeMap<String, usize> = BTreeMap::new();
        let mut degree_only_files: std::collections::BTreeSet<&str> = Default::default();
        for d in diags.iter().filter(|d| d.rule.is_lint() || d.rule == Rule::Spelling) {
            *totals.entry(d.rule.name().to_string()).or_default() += 1;
            if let Some(s) = &d.span {
                let f = sources.path(s.file);
                *by_file
                    .entry(f)
                    .or_default()
                    .entry(d.rule.name().to_string())
                    .or_default() += 1;
                if d.rule == Rule::DegreeOnly {
                    degree_only_files.insert(f);
                }
            }
        }
        for doc in &mut documents {
            if let Some(f) = by_file.get(doc.file.as_str()) {
                doc.findings = f.clone();
            }
            doc.degree_only = degree_only_files.contains(doc.file.as_str());
        }
        let mut grades: Vec<f64> = documents.iter().filter_map(|d| d.grade).collect();
        grades.sort_by(|a, b| a.total_cmp(b));
        let mut histogram: BTreeMap<i64, usize> = BTreeMap::new();
        for g in &grades {
            *histogram.entry(g.floor().clamp(-5.0, 40.0) as i64).or_default() += 1;
        }
        if let (Some(&lo), Some(&hi)) = (histogram.keys().next(), histogram.keys().next_back()) {
            for k in lo..=hi {
                histogram.entry(k).or_default();
            }
        }
        let top = |pick: fn(&DocReport) -> &BTreeMap<String, usize>| -> Vec<(String, usize)> {
            let mut m: BTreeMap<String, usize> = BTreeMap::new();
            for d in &documents {
                for (k, v) in pick(d) {
                    *m.entry(k.clone()).or_default() += v;
                }
            }
            let mut v: Vec<(String, usize)> = m.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v.truncate(15);
            v
        };
        let mut longest: Vec<(String, Sentence)> = documents
            .iter()
            .flat_map(|d| d.longest.iter().map(move |s| (d.id.clone(), s.clone())))
            .collect();
        longest.sort_by(|a, b| b.1.words.cmp(&a.1.words).then(a.0.cmp(&b.0)));
        longest.truncate(10);
        let errors = diags.iter().filter(|d| d.is_error()).count();
        let summary = Summary {
            documents: documents.len(),
            measured: grades.len(),
            grade_median: percentile(&grades, 0.5),
            grade_p10: percentile(&grades, 0.1),
            grade_p90: percentile(&grades, 0.9),
            grade_histogram: histogram
                .into_iter()
                .map(|(from, documents)| Bin { from, documents })
                .collect(),
            masculine_leaning: documents.iter().filter(|d| d.balance() > 0).count(),
            feminine_leaning: documents.iter().filter(|d| d.balance() < 0).count(),
            top_masculine: top(|d| &d.masculine),
            top_feminine: top(|d| &d.feminine),
            degree_only: documents
                .iter()
                .filter(|d| d.degree_only)
                .map(|d| d.id.clone())
                .collect(),
            longest_sentences: longest,
            findings: totals,
            errors,
            warnings: diags.len() - errors,
        };
        Report {
            schema: SCHEMA,
            documents,
            blocks,
            summary,
        }
    }
}
