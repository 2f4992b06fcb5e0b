//! Spelling with a Hunspell-compatible checker (`spellbook`) and the
//! bundled en-US dictionary (SCOWL-derived `en_US.aff`/`en_US.dic` as
//! Debian's hunspell-en-us 2020.12.07 ships it; licence in
//! `dict/COPYING-en_US`), plus the words a plan knows: its class titles,
//! department and jurisdiction names, the jurisdiction's `[lint] words`
//! and `words.txt`, and its acronyms.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, OnceLock};

use spellbook::Dictionary;

const AFF: &str = include_str!("dict/en_US.aff");
const DIC: &str = include_str!("dict/en_US.dic");
/// Words of public employment the dictionary lacks (ours, one per line).
const PUBLIC_SERVICE: &str = include_str!("dict/public-service.txt");

/// Prefixes written with a hyphen ("pre-employment", "non-exempt").
const PREFIXES: &[&str] = &[
    "pre", "non", "re", "co", "sub", "inter", "multi", "anti", "semi", "post", "self", "ex", "mid", "bi", "tri", "de",
];

/// The bundled dictionary, parsed once per process (about 0.1 s).
pub fn dictionary() -> Option<&'static Dictionary> {
    static D: OnceLock<Option<Dictionary>> = OnceLock::new();
    D.get_or_init(|| Dictionary::new(AFF, DIC).ok()).as_ref()
}

/// Words a jurisdiction's texts may use besides the dictionary's, lower case.
#[derive(Debug, Default, Clone)]
pub struct Known {
    words: HashSet<String>,
}

impl Known {
    /// The words every jurisdiction knows: the bundled public-service list.
    pub fn with_defaults() -> Known {
        let mut k = Known::default();
        for line in PUBLIC_SERVICE.lines() {
            let w = line.split('#').next().unwrap_or("").trim();
            if !w.is_empty() {
                k.add_text(w);
            }
        }
        k
    }

    /// Every word of `texts` (titles, names, listed words) becomes known.
    pub fn add_text(&mut self, text: &str) {
        for w in super::measure::words(text) {
            let word = normalise(&text[w]);
            for part in word.split('-') {
                if !part.is_empty() {
                    self.words.insert(part.to_lowercase());
                }
            }
            self.words.insert(word.to_lowercase());
        }
    }

    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(&word.to_lowercase())
    }
}

/// Curly apostrophes as straight ones; a trailing possessive `'s` kept.
fn normalise(w: &str) -> String {
    w.replace(['\u{2019}', '\u{2018}'], "'")
}

/// Is `word` spelt right? Words with digits, all-capital words (acronyms,
/// shouting: other rules look at them) and single letters are not judged.
pub fn is_known(word: &str, known: &Known) -> bool {
    let word = normalise(word);
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 || word.chars().any(|c| c.is_ascii_digit()) {
        return true;
    }
    if word.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase()) {
        return true;
    }
    // The plural or possessive of an acronym: "MOUs", "DWP's".
    let bare = word.trim_end_matches("'s").trim_end_matches('s');
    if bare.len() >= 2 && bare.chars().all(|c| c.is_ascii_uppercase()) {
        return true;
    }
    if !word.is_ascii() && word.chars().any(|c| c.is_alphabetic() && !c.is_ascii()) {
        // Not English (or accented names): not this dictionary's to judge.
        return true;
    }
    if known.contains(&word) {
        return true;
    }
    let Some(dict) = dictionary() else {
        return true;
    };
    let check = |w: &str| dict.check(w) || known.contains(w);
    if check(&word) {
        return true;
    }
    // A possessive of a known word, or a hyphenated compound of known words.
    if let Some(stem) = word.strip_suffix("'s").or_else(|| word.strip_suffix('\''))
        && check(stem)
    {
        return true;
    }
    if word.contains('-') {
        let lower = word.to_lowercase();
        let parts: Vec<&str> = lower.split('-').collect();
        return parts.iter().enumerate().all(|(i, p)| {
            p.is_empty() || (i + 1 < parts.len() && PREFIXES.contains(p)) || check(p) || is_known(p, known)
        });
    }
    false
}

/// Up to three suggestions for a misspelt word: the dictionary words one
/// edit away (a letter deleted, inserted, replaced, or two swapped), in
/// that order. (spellbook's own `suggest` also searches by n-grams, which
/// takes milliseconds a word — seconds on a corpus — for suggestions
/// that are rarely meant.) Cached per process.
pub fn suggest(word: &str) -> Vec<String> {
    static CACHE: OnceLock<Mutex<HashMap<String, Vec<String>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(s) = cache.lock().ok().and_then(|c| c.get(word).cloned()) {
        return s;
    }
    let mut out: Vec<String> = Vec::new();
    if let Some(d) = dictionary()
        && word.chars().count() <= 40
    {
        let chars: Vec<char> = word.chars().collect();
        let mut push = |cand: Vec<char>| {
            let s: String = cand.into_iter().collect();
            if out.len() < 3 && !out.contains(&s) && s != word && d.check(&s) {
                out.push(s);
            }
        };
        // Two letters swapped, one deleted, one replaced, one inserted.
        for i in 0..chars.len().saturating_sub(1) {
            let mut c = chars.clone();
            c.swap(i, i + 1);
            push(c);
        }
        for i in 0..chars.len() {
            let mut c = chars.clone();
            c.remove(i);
            push(c);
        }
        let upper = word.chars().all(|c| !c.is_lowercase());
        let letters: Vec<char> = if upper {
            ('A'..='Z').collect()
        } else {
            ('a'..='z').collect()
        };
        for i in 0..chars.len() {
            for &l in &letters {
                if chars[i] != l {
                    let mut c = chars.clone();
                    c[i] = l;
                    push(c);
                }
            }
        }
        for i in 0..=chars.len() {
            for &l in &letters {
                let mut c = chars.clone();
                c.insert(i, l);
                push(c);
            }
        }
    }
    if let Ok(mut c) = cache.lock() {
        c.insert(word.to_string(), out.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dictionary_knows_english_and_the_plan_knows_its_names() {
        let mut known = Known::default();
        assert!(is_known("administration", &known));
        assert!(is_known("Administration", &known));
        assert!(is_known("driver's", &known));
        assert!(is_known("full-time", &known));
        assert!(!is_known("tactually", &known) || !is_known("recieve", &known));
        assert!(!is_known("Wilshirre", &known));
        known.add_text("Wilshirre Boulevard");
        assert!(is_known("Wilshirre", &known));
        assert!(is_known("LADWP", &known));
        assert!(is_known("café", &known));
        assert!(suggest("recieve").iter().any(|s| s == "receive"));
    }
}
