//! Ranking classes by similarity of duties, KSAs and title across
//! jurisdictions (`match`, `crosswalk`): a TF-IDF index over the whole plan,
//! built once, queried by cosine similarity. Also explains each score by
//! the shared terms that contribute most.

use std::collections::HashMap;

use serde::Serialize;

use super::text::{Idf, cosine, tokens};
use crate::model::class::ClassSpec;
use crate::model::{ClassKey, Plan};

/// Score below which a best match is flagged as weak.
pub const WEAK_MATCH: f64 = 0.2;

/// The text a class is matched on: title (twice: it is short and telling),
/// summary, duties, knowledge, skills, abilities.
pub fn class_text(c: &ClassSpec) -> String {
    let mut s = format!("{t} {t} {}", c.summary.value, t = c.title.value);
    for d in &c.duties {
        s.push(' ');
        s.push_str(&d.text);
    }
    for x in c.knowledge.iter().chain(&c.skills).chain(&c.abilities) {
        s.push(' ');
        s.push_str(x);
    }
    s
}

/// Cosine similarity of the term frequencies of two texts (0..1).
pub fn text_similarity(a: &str, b: &str) -> f64 {
    let idf = Idf::default();
    ((cosine(&idf.vector(&tokens(a)), &idf.vector(&tokens(b)))) * 1000.0).round() / 1000.0
}

/// Plain cosine similarity of two classes' term frequencies (0..1).
pub fn similarity(a: &ClassSpec, b: &ClassSpec) -> f64 {
    let ta = tokens(&class_text(a));
    let tb = tokens(&class_text(b));
    let idf = Idf::default();
    ((cosine(&idf.vector(&ta), &idf.vector(&tb))) * 1000.0).round() / 1000.0
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Match {
    pub reference: String,
    pub title: String,
    pub jurisdiction: String,
    pub score: f64,
    /// The shared terms that contribute most to the score.
    pub shared_terms: Vec<String>,
    /// Annualized pay midpoint of the match minus the query's, in percent.
    pub pay_difference: Option<f64>,
    pub weak: bool,
    /// "active", or "abolished 2005-06-01": an abolished class is a match
    /// of history, not a current counterpart.
    pub status: String,
}

/// `match --format json`: `classplan/match/1`.
#[derive(Debug, Clone, Serialize)]
pub struct MatchReport {
    pub schema: &'static str,
    pub class: String,
    pub matches: Vec<Match>,
}

impl MatchReport {
    pub fn new(key: &ClassKey, matches: Vec<Match>) -> Self {
        MatchReport {
            schema: "classplan/match/1",
            class: key.to_string(),
            matches,
        }
    }
}

/// `match` as text.
pub fn matches_text(ranked: &[Match]) -> String {
    let mut out = String::new();
    for (i, m) in ranked.iter().enumerate() {
        let pay = m
            .pay_difference
            .map(|p| format!("pay {p:+.1}%"))
            .unwrap_or_else(|| "pay n/a".into());
        let status = if m.status == "active" {
            String::new()
        } else {
            format!(" [{}]", m.status)
        };
        out.push_str(&format!(
            "{}. {:<16} {:.3}{}  {} ({}){status}; {pay}; shared: {}\n",
            i + 1,
            m.reference,
            m.score,
            if m.weak { " (weak)" } else { "" },
            m.title,
            m.jurisdiction,
            m.shared_terms.join(", ")
        ));
    }
    crate::text::terminal_safe(&out, true).into_owned()
}

/// `match` as CSV: one row per match, numbers as numbers.
pub fn matches_csv(ranked: &[Match]) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "rank",
        "reference",
        "title",
        "jurisdiction",
        "status",
        "score",
        "weak",
        "pay_difference_percent",
        "shared_terms",
    ])?;
    for (i, m) in ranked.iter().enumerate() {
        let rec = [
            (i + 1).to_string(),
            m.reference.clone(),
            m.title.clone(),
            m.jurisdiction.clone(),
            m.status.clone(),
            format!("{:.3}", m.score),
            m.weak.to_string(),
            m.pay_difference.map(|p| p.to_string()).unwrap_or_default(),
            m.shared_terms.join("; "),
        ];
        w.write_record(rec.iter().map(|x| crate::text::csv_cell(x).into_owned()))?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

/// A TF-IDF index of every class in a plan.
pub struct ClassIndex {
    keys: Vec<ClassKey>,
    titles: Vec<String>,
    jurisdictions: Vec<String>,
    statuses: Vec<String>,
    vectors: Vec<Vec<(String, f64)>>,
    mids: Vec<Option<f64>>,
    surface: HashMap<String, String>,
}

impl ClassIndex {
    pub fn build(plan: &Plan) -> ClassIndex {
        let mut keys = Vec::new();
        let mut titles = Vec::new();
        let mut jurisdictions = Vec::new();
        let mut statuses = Vec::new();
        let mut docs = Vec::new();
        let mut mids = Vec::new();
        let mut surface: HashMap<String, String> = HashMap::new();
        for j in plan.jurisdictions.values() {
            for c in &j.classes {
                keys.push(ClassKey {
                    jurisdiction: j.id().to_string(),
                    code: c.code.to_string(),
                });
                titles.push(c.title.value.clone());
                jurisdictions.push(j.def.name.clone());
                statuses.push(crate::derive::status::short(&c.status));
                let text = class_text(c);
                for w in text.split(|ch: char| !ch.is_alphanumeric()).filter(|w| w.len() > 2) {
                    let lower = w.to_lowercase();
                    if let Some(stem) = tokens(&lower).into_iter().next() {
                        surface.entry(stem).or_insert(lower);
                    }
                }
                docs.push(tokens(&text));
                let hours = j.def.pay.hours_per_year;
                let (pay, _) = crate::derive::pay::class_pay(plan, j, c);
                mids.push(crate::derive::pay::annual(pay, hours).map(|p| p.mid));
            }
        }
        let idf = Idf::new(docs.iter());
        let vectors = docs.iter().map(|d| idf.vector(d)).collect();
        ClassIndex {
            keys,
            titles,
            jurisdictions,
            statuses,
            vectors,
            mids,
            surface,
        }
    }

    pub fn position(&self, key: &ClassKey) -> Option<usize> {
        self.keys.iter().position(|k| k == key)
    }

    pub fn keys(&self) -> &[ClassKey] {
        &self.keys
    }

    fn explain(&self, a: usize, b: usize) -> Vec<String> {
        let (va, vb) = (&self.vectors[a], &self.vectors[b]);
        let mut contrib: Vec<(f64, &str)> = va
            .iter()
            .filter_map(|(t, w)| {
                vb.binary_search_by(|(u, _)| u.as_str().cmp(t))
                    .ok()
                    .map(|k| (w * vb[k].1, t.as_str()))
            })
            .collect();
        contrib.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(y.1)));
        contrib
            .into_iter()
            .take(6)
            .map(|(_, t)| self.surface.get(t).cloned().unwrap_or_else(|| t.to_string()))
            .collect()
    }

    /// Classes most similar to `query`, best first, outside its own
    /// jurisdiction (or only in `within`).
    pub fn rank(&self, query: &ClassKey, within: Option<&str>, top: usize) -> Vec<Match> {
        let Some(q) = self.position(query) else {
            return Vec::new();
        };
        let mut scored: Vec<(f64, usize)> = (0..self.keys.len())
            .filter(|&i| i != q)
            .filter(|&i| match within {
                Some(j) => self.keys[i].jurisdiction == j,
                None => self.keys[i].jurisdiction != query.jurisdiction,
            })
            .map(|i| (cosine(&self.vectors[q], &self.vectors[i]), i))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(self.keys[a.1].cmp(&self.keys[b.1])));
        scored
            .into_iter()
            .take(top)
            .map(|(s, i)| Match {
                reference: self.keys[i].to_string(),
                title: self.titles[i].clone(),
                jurisdiction: self.jurisdictions[i].clone(),
                score: (s * 1000.0).round() / 1000.0,
                shared_terms: self.explain(q, i),
                pay_difference: match (self.mids[q], self.mids[i]) {
                    (Some(a), Some(b)) if a > 0.0 => Some(((b - a) / a * 1000.0).round() / 10.0),
                    _ => None,
                },
                weak: s < WEAK_MATCH,
                status: self.statuses[i].clone(),
            })
            .collect()
    }
}

/// `crosswalk`: the best match in one plan for every class of another.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Crosswalk {
    /// `classplan/crosswalk/1`.
    pub schema: &'static str,
    pub from: String,
    pub to: String,
    pub rows: Vec<CrosswalkRow>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CrosswalkRow {
    pub reference: String,
    pub title: String,
    pub best: Option<Match>,
}

/// The best match in `b` for every class of `a`.
pub fn crosswalk(index: &ClassIndex, a: &str, b: &str) -> Crosswalk {
    Crosswalk {
        schema: "classplan/crosswalk/1",
        from: a.to_string(),
        to: b.to_string(),
        rows: index
            .keys
            .iter()
            .enumerate()
            .filter(|(_, k)| k.jurisdiction == a)
            .map(|(i, k)| CrosswalkRow {
                reference: k.to_string(),
                title: index.titles[i].clone(),
                best: index.rank(k, Some(b), 1).into_iter().next(),
            })
            .collect(),
    }
}

/// A crosswalk as display rows: class, best match, score, shared terms.
pub fn crosswalk_rows(c: &Crosswalk) -> Vec<[String; 4]> {
    c.rows
        .iter()
        .map(|r| match &r.best {
            Some(m) => [
                format!("{} {}", r.reference, r.title),
                format!("{} {}", m.reference, m.title),
                format!("{:.3}{}", m.score, if m.weak { " (weak)" } else { "" }),
                m.shared_terms.join(", "),
            ],
            None => [
                format!("{} {}", r.reference, r.title),
                "none".into(),
                String::new(),
                String::new(),
            ],
        })
        .collect()
}

pub const CROSSWALK_HEADER: [&str; 4] = ["Class", "Best match", "Score", "Shared terms"];

/// A crosswalk as CSV, numbers as numbers.
pub fn crosswalk_csv(c: &Crosswalk) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "class",
        "title",
        "match",
        "match_title",
        "score",
        "weak",
        "shared_terms",
    ])?;
    for r in &c.rows {
        let rec: Vec<String> = match &r.best {
            Some(m) => vec![
                r.reference.clone(),
                r.title.clone(),
                m.reference.clone(),
                m.title.clone(),
                format!("{:.3}", m.score),
                m.weak.to_string(),
                m.shared_terms.join("; "),
            ],
            None => vec![
                r.reference.clone(),
                r.title.clone(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ],
        };
        w.write_record(rec.iter().map(|x| crate::text::csv_cell(x).into_owned()))?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

/// A crosswalk as terminal text.
pub fn crosswalk_text(c: &Crosswalk) -> String {
    let mut out = format!("Crosswalk {} to {}\n", c.from, c.to);
    for r in crosswalk_rows(c) {
        out.push_str(&format!("{}  →  {}  {}  {}\n", r[0], r[1], r[2], r[3]).replace("  \n", "\n"));
    }
    crate::text::terminal_safe(&out, true).into_owned()
}
