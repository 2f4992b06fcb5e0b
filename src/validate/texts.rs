//! What a scan of a whole source text found, kept by a long-running
//! process (`serve`) from one check to the next. The source cache hands
//! every load the same allocation for an unchanged file's text, so the
//! rules that search every text (inline `lint-allow` comments, characters
//! no font has: 50 MB at 10,000 classes) look each one up instead of
//! scanning it again. Kept by the text's address; each entry holds the
//! text, so that address cannot be reused while it is here. An entry no
//! scan asked for is dropped after it.

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// The results of one scan, by text.
pub struct TextMemo<V> {
    entries: FxHashMap<usize, Entry<V>>,
    round: u32,
}

struct Entry<V> {
    text: Arc<str>,
    value: V,
    round: u32,
}

impl<V> Default for TextMemo<V> {
    fn default() -> Self {
        TextMemo {
            entries: FxHashMap::default(),
            round: 0,
        }
    }
}

fn address(text: &Arc<str>) -> usize {
    Arc::as_ptr(text).cast::<u8>() as usize
}

impl<V: Clone + Send> TextMemo<V> {
    /// How many texts are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Forget every text (what the scan depends on beside the text changed).
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

/// `scan` of each of `texts`, in order: what `memo` holds for the very
/// same text (the same allocation), the others scanned in parallel and
/// kept. Without a memo, every text is scanned.
pub fn scan_all<V: Clone + Send + Sync>(
    memo: Option<&mut TextMemo<V>>,
    texts: &[&Arc<str>],
    scan: impl Fn(&str) -> V + Sync,
) -> Vec<V> {
    let Some(memo) = memo else {
        return texts.par_iter().map(|t| scan(t)).collect();
    };
    memo.round = memo.round.wrapping_add(1);
    let round = memo.round;
    let kept: Vec<Option<V>> = texts
        .iter()
        .map(|t| {
            let e = memo.entries.get_mut(&address(t)).filter(|e| Arc::ptr_eq(&e.text, t))?;
            e.round = round;
            Some(e.value.clone())
        })
        .collect();
    let missing: Vec<usize> = (0..texts.len()).filter(|&i| kept[i].is_none()).collect();
    let made: Vec<V> = missing.par_iter().map(|&i| scan(texts[i])).collect();
    for (&i, v) in missing.iter().zip(&made) {
        memo.entries.insert(
            address(texts[i]),
            Entry {
                text: Arc::clone(texts[i]),
                value: v.clone(),
                round,
            },
        );
    }
    memo.entries.retain(|_, e| e.round == round);
    let mut made = made.into_iter();
    kept.into_iter()
        .enumerate()
        .map(|(i, k)| match k {
            Some(v) => v,
            None => made.next().unwrap_or_else(|| scan(texts[i])),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// The same allocation is looked up, not scanned; an equal text in
    /// another allocation, or a new one, is scanned; a text no scan asked
    /// for is let go (and with it its address).
    #[test]
    fn a_text_is_scanned_once_while_it_is_the_same_allocation() {
        let scans = AtomicUsize::new(0);
        let scan = |t: &str| {
            scans.fetch_add(1, Ordering::SeqCst);
            t.len()
        };
        let a: Arc<str> = Arc::from("one");
        let b: Arc<str> = Arc::from("three");
        let mut memo = TextMemo::default();
        assert_eq!(scan_all(Some(&mut memo), &[&a, &b], scan), vec![3, 5]);
        assert_eq!(scans.load(Ordering::SeqCst), 2);
        assert_eq!(scan_all(Some(&mut memo), &[&a, &b], scan), vec![3, 5]);
        assert_eq!(scans.load(Ordering::SeqCst), 2, "nothing scanned again");
        let b2: Arc<str> = Arc::from("three");
        let c: Arc<str> = Arc::from("seven!");
        assert_eq!(scan_all(Some(&mut memo), &[&b2, &a, &c], scan), vec![5, 3, 6]);
        assert_eq!(scans.load(Ordering::SeqCst), 4, "an equal text elsewhere and a new one");
        assert_eq!(memo.len(), 3, "the text not asked for is let go");
        assert_eq!(scan_all(None, &[&a], scan), vec![3]);
        assert_eq!(scans.load(Ordering::SeqCst), 5);
    }
}
