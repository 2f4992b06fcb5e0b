//! Text similarity for comparing classes: stemmed tokens, TF-IDF vectors,
//! cosine similarity, and an optimal one-to-one alignment of two lists
//! (Hungarian algorithm, via `pathfinding`).

use std::collections::{BTreeMap, HashMap};

use rust_stemmers::{Algorithm, Stemmer};

/// Words too common in class specs to say anything about a duty.
const STOP: &[&str] = &[
    "a",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "by",
    "for",
    "from",
    "in",
    "into",
    "is",
    "it",
    "its",
    "of",
    "on",
    "or",
    "other",
    "such",
    "that",
    "the",
    "their",
    "this",
    "to",
    "with",
    "within",
    "may",
    "does",
    "related",
    "work",
    "duties",
    "perform",
    "performs",
    "various",
    "etc",
    "including",
    "necessary",
    "as",
    "well",
];

/// Lower-cased, stemmed content words.
pub fn tokens(text: &str) -> Vec<String> {
    thread_local! {
        static STEMMER: Stemmer = Stemmer::create(Algorithm::English);
    }
    STEMMER.with(|s| {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .filter(|w| !STOP.contains(&w.as_str()) && !w.chars().all(|c| c.is_ascii_digit()))
            .map(|w| s.stem(&w).into_owned())
            .collect()
    })
}

/// Inverse document frequencies over a corpus of token lists.
#[derive(Debug, Clone, Default)]
pub struct Idf {
    docs: f64,
    df: HashMap<String, f64>,
}

impl Idf {
    pub fn new<'a>(corpus: impl IntoIterator<Item = &'a Vec<String>>) -> Idf {
        let mut df: HashMap<String, f64> = HashMap::new();
        let mut docs = 0.0;
        for doc in corpus {
            docs += 1.0;
            let mut seen: Vec<&String> = doc.iter().collect();
            seen.sort();
            seen.dedup();
            for t in seen {
                *df.entry(t.clone()).or_default() += 1.0;
            }
        }
        Idf { docs, df }
    }

    pub fn weight(&self, term: &str) -> f64 {
        let df = self.df.get(term).copied().unwrap_or(0.0);
        ((1.0 + self.docs) / (1.0 + df)).ln() + 1.0
    }

    /// A normalized TF-IDF vector (sorted by term, for determinism).
    pub fn vector(&self, toks: &[String]) -> Vec<(String, f64)> {
        let mut tf: BTreeMap<&str, f64> = BTreeMap::new();
        for t in toks {
            *tf.entry(t.as_str()).or_default() += 1.0;
        }
        let mut v: Vec<(String, f64)> = tf
            .into_iter()
            .map(|(t, f)| (t.to_string(), f * self.weight(t)))
            .collect();
        let norm = v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|(_, w)| *w /= norm);
        }
        v
    }
}

/// Cosine similarity of two normalized sparse vectors sorted by term.
pub fn cosine(a: &[(String, f64)], b: &[(String, f64)]) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// One-to-one assignment maximizing total similarity; pairs below
/// `threshold` are dropped. Returns (index in a, index in b, similarity).
pub fn align(sim: &[Vec<f64>], threshold: f64) -> Vec<(usize, usize, f64)> {
    let n = sim.len();
    let m = sim.first().map(Vec::len).unwrap_or(0);
    if n == 0 || m == 0 {
        return Vec::new();
    }
    // kuhn_munkres needs rows <= columns: transpose when needed.
    let transpose = n > m;
    let (rows, cols) = if transpose { (m, n) } else { (n, m) };
    let weights = pathfinding::matrix::Matrix::from_fn(rows, cols, |(r, c)| {
        let s = if transpose { sim[c][r] } else { sim[r][c] };
        (s * 1_000_000.0).round() as i64
    });
    let (_, assignment) = pathfinding::kuhn_munkres::kuhn_munkres(&weights);
    let mut out: Vec<(usize, usize, f64)> = assignment
        .into_iter()
        .enumerate()
        .map(|(r, c)| if transpose { (c, r) } else { (r, c) })
        .map(|(i, j)| (i, j, sim[i][j]))
        .filter(|(_, _, s)| *s >= threshold)
        .collect();
    out.sort_by_key(|(i, _, _)| *i);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_and_drops_stop_words() {
        assert_eq!(
            tokens("Prepares the written responses"),
            vec!["prepar", "written", "respons"]
        );
    }

    #[test]
    fn aligns_reordered_lists() {
        let a = ["Prepares reports", "Answers telephones", "Files records"];
        let b = ["Files records", "Prepares monthly reports", "Answers telephones"];
        let ta: Vec<Vec<String>> = a.iter().map(|s| tokens(s)).collect();
        let tb: Vec<Vec<String>> = b.iter().map(|s| tokens(s)).collect();
        let idf = Idf::new(ta.iter().chain(tb.iter()));
        let va: Vec<_> = ta.iter().map(|t| idf.vector(t)).collect();
        let vb: Vec<_> = tb.iter().map(|t| idf.vector(t)).collect();
        let sim: Vec<Vec<f64>> = va.iter().map(|x| vb.iter().map(|y| cosine(x, y)).collect()).collect();
        let pairs: Vec<(usize, usize)> = align(&sim, 0.3).into_iter().map(|(i, j, _)| (i, j)).collect();
        assert_eq!(pairs, vec![(0, 1), (1, 2), (2, 0)]);
    }
}
