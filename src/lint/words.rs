//! Word lists the lint rules match, and the matching.
//!
//! Gender-coded word stems: Gaucher, D., Friesen, J., & Kay, A. C. (2011).
//! "Evidence that gendered wording in job advertisements exists and
//! sustains gender inequality." Journal of Personality and Social
//! Psychology, 101(1), 109-128, appendix. A trailing `*` matches any
//! ending, as in the paper.

/// Masculine-coded stems (Gaucher, Friesen & Kay 2011, appendix).
pub const MASCULINE: &[&str] = &[
    "active",
    "adventurous",
    "aggress*",
    "ambitio*",
    "analy*",
    "assert*",
    "athlet*",
    "autonom*",
    "boast*",
    "challeng*",
    "compet*",
    "confident",
    "courag*",
    "decide",
    "decisive",
    "decision*",
    "determin*",
    "dominant",
    "domina*",
    "force*",
    "greedy",
    "headstrong",
    "hierarch*",
    "hostil*",
    "impulsive",
    "independen*",
    "individual*",
    "intellect*",
    "lead*",
    "logic",
    "masculine",
    "objective",
    "opinion",
    "outspoken",
    "persist",
    "principle*",
    "reckless",
    "stubborn",
    "superior",
    "self-confiden*",
    "self-relian*",
    "self-sufficien*",
];

/// Feminine-coded stems (Gaucher, Friesen & Kay 2011, appendix).
pub const FEMININE: &[&str] = &[
    "affectionate",
    "cheer*",
    "child*",
    "commit*",
    "communal",
    "compassion*",
    "connect*",
    "considerate",
    "cooperat*",
    "depend*",
    "emotiona*",
    "empath*",
    "feminine",
    "flatterable",
    "gentle",
    "honest",
    "interpersonal",
    "interdependen*",
    "interpersona*",
    "kind",
    "kinship",
    "loyal*",
    "modesty",
    "nag",
    "nurtur*",
    "pleasant*",
    "polite",
    "quiet*",
    "respon*",
    "sensitiv*",
    "submissive",
    "support*",
    "sympath*",
    "tender*",
    "together*",
    "trust*",
    "understand*",
    "warm*",
    "whin*",
    "yield*",
];

/// Words that share a coded stem but are terms of art of public
/// employment, not descriptions of the person wanted: "competence",
/// "competency"/"competencies" (the skills a test measures), "competitive"
/// (an open competitive examination, a merit-system term), "principles"
/// (as in "knowledge of the principles of accounting").
pub const NOT_CODED: &[&str] = &[
    "competence",
    "competency",
    "competencies",
    "competitive",
    "competitively",
    "principle",
    "principles",
];

/// The stem of `list` that `word` (lower case) matches.
pub fn coded(word: &str, list: &'static [&'static str]) -> Option<&'static str> {
    list.iter().copied().find(|stem| match stem.strip_suffix('*') {
        Some(prefix) => word.starts_with(prefix),
        None => word == *stem,
    })
}

/// Phrases that signal a preference for young applicants, with a neutral
/// rewrite. Matched case-insensitively on word boundaries; `#` is a number.
pub const AGE_CODED: &[(&str, &str)] = &[
    (
        "recent graduate",
        "say what the work needs (e.g. \"a bachelor's degree\")",
    ),
    (
        "recent graduates",
        "say what the work needs (e.g. \"a bachelor's degree\")",
    ),
    (
        "recent college graduate",
        "say what the work needs (e.g. \"a bachelor's degree\")",
    ),
    (
        "recent college graduates",
        "say what the work needs (e.g. \"a bachelor's degree\")",
    ),
    ("new graduate", "say what the work needs (e.g. \"a bachelor's degree\")"),
    (
        "new graduates",
        "say what the work needs (e.g. \"a bachelor's degree\")",
    ),
    (
        "fresh graduate",
        "say what the work needs (e.g. \"a bachelor's degree\")",
    ),
    (
        "fresh graduates",
        "say what the work needs (e.g. \"a bachelor's degree\")",
    ),
    (
        "digital native",
        "name the skill (e.g. \"experience with online tools\")",
    ),
    (
        "digital natives",
        "name the skill (e.g. \"experience with online tools\")",
    ),
    (
        "young and energetic",
        "describe the work's pace instead (e.g. \"a fast-paced office\")",
    ),
    ("young", "describe the work instead of the person"),
    ("youthful", "describe the work instead of the person"),
    ("overqualified", "state the qualifications the work needs"),
    (
        "no more than # years of experience",
        "state the least experience needed, not a most",
    ),
    (
        "maximum of # years of experience",
        "state the least experience needed, not a most",
    ),
];

/// Link texts that say nothing about where a link goes.
pub const VAGUE_LINK_TEXT: &[&str] = &[
    "here",
    "click here",
    "click",
    "this link",
    "link",
    "this page",
    "more",
    "read more",
    "learn more",
    "more info",
    "more information",
    "this",
    "go",
];

/// Words that put pay in place of figures.
pub const PAY_WITHOUT_FIGURES: &[&str] = &[
    "doe",
    "d.o.e",
    "negotiable",
    "depending on experience",
    "dependent on experience",
    "commensurate with experience",
    "competitive salary",
    "salary to be determined",
];

/// Acronyms every reader knows.
pub const COMMON_ACRONYMS: &[&str] = &[
    "US", "USA", "PDF", "URL", "AM", "PM", "ID", "OK", "TV", "FAQ", "HTML", "PC", "IT", "CEO", "ZIP", "II", "III",
    "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "DC",
];

/// Where `phrase` (lower-case words, `#` for a number) occurs in `lower`
/// on word boundaries: byte ranges.
pub fn find_phrase(lower: &str, phrase: &str) -> Vec<std::ops::Range<usize>> {
    find_phrase_in(lower, &super::measure::words(lower), phrase)
}

/// [`find_phrase`] with the words of `lower` already found.
pub fn find_phrase_in(lower: &str, words: &[std::ops::Range<usize>], phrase: &str) -> Vec<std::ops::Range<usize>> {
    let parts: Vec<&str> = phrase.split(' ').collect();
    let mut out = Vec::new();
    'start: for i in 0..words.len() {
        if i + parts.len() > words.len() {
            break;
        }
        for (k, p) in parts.iter().enumerate() {
            let w = &lower[words[i + k].clone()];
            let ok = if *p == "#" {
                w.chars().all(|c| c.is_ascii_digit()) || crate::derive::phrase::parse_number(w).is_some()
            } else {
                w == *p
            };
            if !ok {
                continue 'start;
            }
        }
        out.push(words[i].start..words[i + parts.len() - 1].end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_match_as_the_paper_defines() {
        assert_eq!(coded("leadership", MASCULINE), Some("lead*"));
        assert_eq!(coded("analytical", MASCULINE), Some("analy*"));
        assert_eq!(coded("decide", MASCULINE), Some("decide"));
        assert_eq!(coded("decided", MASCULINE), None);
        assert_eq!(coded("supportive", FEMININE), Some("support*"));
        assert_eq!(coded("kind", FEMININE), Some("kind"));
        assert_eq!(coded("kindly", FEMININE), None);
    }

    #[test]
    fn phrases_match_on_word_boundaries_with_numbers() {
        let t = "no more than five years of experience; the young and energetic youngster";
        assert_eq!(find_phrase(t, "no more than # years of experience"), vec![0..37]);
        assert_eq!(find_phrase(t, "young").len(), 1);
        assert_eq!(find_phrase(t, "young and energetic").len(), 1);
    }
}
