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
}

/// A TF-IDF index of every class in a plan.
pub struct ClassIndex {
    keys: Vec<ClassKey>,
    titles: Vec<String>,
    jurisdictions: Vec<String>,
    vectors: Vec<Vec<(String, f64)>>,
    mids: Vec<Option<f64>>,
    surface: HashMap<String, String>,
}

impl ClassIndex {
    pub fn build(plan: &Plan) -> ClassIndex {
        let mut keys = Vec::new();
        let mut titles = Vec::new();
        let mut jurisdictions = Vec::new();
        let mut docs = Vec::new();
        let mut mids = Vec::new();
        let mut surface: HashMap<String, String> = HashMap::new();
        for j in plan.jurisdictions.values() {
            for c in &j.classes {
                keys.push(ClassKey {
                    jurisdiction: j.id().to_string(),
                    code: c.code.value.clone(),
                });
                titles.push(c.title.value.clone());
                jurisdictions.push(j.def.name.clone());
                let text = class_text(c);
                for w in text.split(|ch: char| !ch.is_alphanumeric()).filter(|w| w.len() > 2) {
                    let lower = w.to_lowercase();
                    if let Some(stem) = tokens(&lower).into_iter().next() {
                        surface.entry(stem).or_insert(lower);
                    }
                }
                docs.push(tokens(&text));
                let hours = j.def.pay.hours_per_year;
                let mut pay = c.pay.clone();
                if pay.is_empty() {
                    // Fall back to the pay of the class's latest bulletin.
                    let key = format!("{}/{}", j.id(), *c.code);
                    if let Some(b) = plan
                        .bulletins
                        .values()
                        .filter(|b| *b.class == key)
                        .max_by_key(|b| b.revised.value)
                    {
                        pay = b.pay.clone();
                    }
                }
                mids.push(super::annual_pay(&pay, hours, None).map(|p| p.mid));
            }
        }
        let idf = Idf::new(docs.iter());
        let vectors = docs.iter().map(|d| idf.vector(d)).collect();
        ClassIndex {
            keys,
            titles,
            jurisdictions,
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
            })
            .collect()
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CrosswalkRow {
    pub reference: String,
    pub title: String,
    pub best: Option<Match>,
}

/// The best match in `b` for every class of `a`.
pub fn crosswalk(index: &ClassIndex, a: &str, b: &str) -> Vec<CrosswalkRow> {
    index
        .keys
        .iter()
        .enumerate()
        .filter(|(_, k)| k.jurisdiction == a)
        .map(|(i, k)| CrosswalkRow {
            reference: k.to_string(),
            title: index.titles[i].clone(),
            best: index.rank(k, Some(b), 1).into_iter().next(),
        })
        .collect()
}
