//! The requirements section: numbered routes with their connectives,
//! lettered parts, substitution paragraphs and notes, each requirement
//! read into a typed item when its words say what the item is. An item
//! whose wording differs from the sentence classplan would write keeps the
//! source's wording (printed as written; the fields drive screening); text
//! no reader below understands stays an `other` item, reported.

use std::sync::LazyLock;

use regex::Regex;

use super::blocks::{Block, Mark, Sub};
use crate::derive::requirements::item_phrase;
use crate::import::doc::{Doc, Kind, Use};
use crate::model::common::Sp;
use crate::model::jurisdiction::NumberStyle;
use crate::model::requirements::{
    Age, Basis, ClassRef, Course, DurationUnit, Education, Experience, ExperienceQuestions, FilingShort, Including,
    Item, Length, License, Need, Part, PartsNeeded, Replaces, Requirements, Route, Stage, Substitution, Test,
};

/// The words of a text as the round-trip check compares them: lower case,
/// punctuation dropped (what `corpus-coverage` compares too).
pub fn words(text: &str) -> String {
    let t = text.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'");
    let mut out = String::with_capacity(t.len());
    let mut space = true;
    for c in t.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '$' | '%' | '#') {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    out.trim_end().to_string()
}

/// A number written in words or digits: "two", "eighteen", "twenty-four", "36".
pub fn number(s: &str) -> Option<u32> {
    crate::derive::phrase::parse_number(s)
}

fn unit(s: &str) -> Option<DurationUnit> {
    let s = s.to_ascii_lowercase();
    Some(if s.starts_with("year") {
        DurationUnit::Years
    } else if s.starts_with("month") {
        DurationUnit::Months
    } else if s.starts_with("week") {
        DurationUnit::Weeks
    } else if s.starts_with("hour") {
        DurationUnit::Hours
    } else {
        return None;
    })
}

const NUM: &str = r"\d[\d,]*|[a-z]+(?:-[a-z]+)?";

/// When a requirement must be met, from the words that say so.
pub fn stage_of(text: &str) -> Option<Stage> {
    stage(text)
}

fn stage(text: &str) -> Option<Stage> {
    let t = text.to_ascii_lowercase();
    if t.contains("prior to appointment") || t.contains("at the time of appointment") || t.contains("upon appointment")
    {
        Some(Stage::Appointment)
    } else if t.contains("at the time of hire") {
        Some(Stage::Hire)
    } else if t.contains("at the time of filing") || t.contains("at the time of application") {
        Some(Stage::Filing)
    } else {
        None
    }
}

/// Capitalised class titles in "as a Systems Aide, a Programmer, or a
/// Senior Clerk": `None` unless every title starts with a capital. With
/// the length of `s` they were read from: a title ends at its first word
/// that cannot be part of one ("Special Program Assistant involved in
/// ...", "Meter Reader team leader responsible for ..."), and what follows
/// is the caller's. Lists written the short way are read in full:
/// "Civil Engineering Associate II, III, or IV" names three classes, and
/// "an Executive, Senior, Coordinating or Web Content Producer" four.
fn titles(s: &str) -> Option<(Vec<String>, usize)> {
    static SPLIT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:,\s*(?:and/or|or|and)\s+|\s+(?:and/or|or)\s+|,\s*)(?:as\s+)?(?:an?\s+)?").expect("pattern")
    });
    let s = s.trim_end();
    let mut out: Vec<String> = Vec::new();
    let mut consumed = 0;
    let mut at = 0;
    let mut pieces: Vec<(usize, usize)> = SPLIT.find_iter(s).map(|m| (m.start(), m.end())).collect();
    pieces.push((s.len(), s.len()));
    for (start, end) in pieces {
        let piece = &s[at..start];
        let lead = piece.len() - piece.trim_start().len();
        let (title, used) = title_words(piece.trim_start());
        if title.is_empty() {
            break;
        }
        out.push(title.to_string());
        consumed = at + lead + used;
        if title.len() < piece.trim_start().len() {
            // The title ended inside this piece: the rest is not a title.
            break;
        }
        at = end;
    }
    if out.is_empty()
        || out
            .iter()
            .any(|t| !t.chars().next().is_some_and(char::is_uppercase) || t.len() > 80)
    {
        return None;
    }
    Some((expand_short_lists(out), consumed))
}

/// Whether what follows a run of capitalised words is "licensed",
/// "certified" or "registered" and a capitalised word: "as a United States
/// Coast Guard licensed Master" names the licence's issuer, not a class.
fn licensed_by(after: &str) -> bool {
    let mut words = after.split_whitespace();
    matches!(words.next(), Some("licensed" | "certified" | "registered"))
        && words.next().is_some_and(|w| w.starts_with(char::is_uppercase))
}

/// A title written after the employer ("as a City of Los Angeles Assistant
/// Inspector IV"): the class is what follows the employer's name.
fn without_employer(title: String) -> String {
    match title.strip_prefix("City of Los Angeles ") {
        Some(rest) if rest.starts_with(char::is_uppercase) => rest.to_string(),
        _ => title,
    }
}

/// The class title at the start of `s` and how much of `s` it takes:
/// capitalised words (and "of", "and", "the", "for", "to" between them),
/// up to a lowercase word that cannot be part of a title, or a parenthesis
/// ("Senior Clerk Typist (formerly ...)"), which is taken but not part of
/// the title. Connectors at the end belong to what follows.
fn title_words(s: &str) -> (&str, usize) {
    const INNER: [&str; 6] = ["of", "and", "the", "for", "to", "&"];
    let mut last_title_word = 0;
    for (i, w) in s
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - s.as_ptr() as usize, w))
    {
        let starts_upper = w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        if w.starts_with('(') {
            // "Senior Electrical Test Technician (formerly Senior Electrical
            // Tester) with the City": the aside is read with the title (the
            // source's wording keeps it) but is not part of it.
            let used = match s[i..].find(')') {
                Some(close) if last_title_word > 0 => i + close + 1,
                _ => last_title_word,
            };
            return (&s[..last_title_word], used);
        } else if starts_upper {
            last_title_word = i + w.len();
        } else if !INNER.contains(&w) {
            break;
        }
    }
    (&s[..last_title_word], last_title_word)
}

/// "II, III, IV" after "Civil Engineering Associate II" are levels of the
/// same class title; "Executive", "Senior" before "Web Content Producer"
/// are ranks of it.
fn expand_short_lists(titles: Vec<String>) -> Vec<String> {
    static LEVEL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:[IVX]+|[1-9])$").expect("pattern"));
    const RANKS: [&str; 12] = [
        "Senior",
        "Principal",
        "Chief",
        "Executive",
        "Coordinating",
        "Supervising",
        "Assistant",
        "Associate",
        "Lead",
        "Head",
        "Deputy",
        "Junior",
    ];
    let mut out = titles.clone();
    for i in 0..out.len() {
        if LEVEL.is_match(&titles[i])
            && let Some(base) = titles[..i].iter().rev().find_map(|t| {
                let (base, level) = t.rsplit_once(' ')?;
                LEVEL.is_match(level).then_some(base)
            })
        {
            out[i] = format!("{base} {}", titles[i]);
        } else if RANKS.contains(&titles[i].as_str())
            && let Some(noun) = titles[i + 1..].iter().find(|t| t.contains(' ')).map(|t| {
                // "Senior or Principal Accountant": the rank of the last
                // title is not part of the noun.
                match t.split_once(' ') {
                    Some((first, rest)) if RANKS.contains(&first) => rest,
                    _ => t.as_str(),
                }
            })
        {
            out[i] = format!("{} {noun}", titles[i]);
        }
    }
    out
}

/// Read an experience requirement: "Two years of full-time paid
/// experience as a Data Entry Operator with the City of Los Angeles".
pub fn experience(text: &str) -> Option<Experience> {
    static HEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i)^(?:completion of\s+)?(?:(?:at least|a minimum of|minimum of)\s+)?(?P<n>{NUM})(?:\s*\((?P<nd>\d+)\))?[\s-]+(?P<unit>years?|months?|weeks?|hours?)(?:\s*\((?P<hours>[\d,]+)\s+hours\))?\b(?P<mods>[^.;]*?)\bexperience\b(?P<rest>.*)$"
        ))
        .expect("pattern")
    });
    // "professional library work", "full-time service": another noun, when
    // the sentence has no "experience".
    static NOUN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i)^(?:completion of\s+)?(?:(?:at least|a minimum of|minimum of)\s+)?(?P<n>{NUM})(?:\s*\((?P<nd>\d+)\))?[\s-]+(?P<unit>years?|months?|weeks?|hours?)(?:\s*\((?P<hours>[\d,]+)\s+hours\))?\b(?P<mods>[^.;]*?)\b(?P<noun>work|service)\b(?P<rest>.*)$"
        ))
        .expect("pattern")
    });
    static BARE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i)^(?:completion of\s+)?(?:(?:at least|a minimum of)\s+)?(?P<n>{NUM})(?:\s*\((?P<nd>\d+)\))?[\s-]+(?P<unit>years?|months?|weeks?|hours?)(?P<mods>)(?P<rest>\s+(?:as an?|with the|in the)\s.*)$"
        ))
        .expect("pattern")
    });
    let t = text.trim();
    let c = HEAD
        .captures(t)
        .or_else(|| {
            NOUN.captures(t)
                .filter(|_| !t.to_ascii_lowercase().contains("experience"))
        })
        .or_else(|| BARE.captures(t))?;
    // "N years as a Police Officer": a noun-less amount reads as experience
    // only when a class or an employer follows.
    if c.name("noun").is_some() && c["mods"].trim().is_empty() {
        return None;
    }
    let amount = number(&c["n"])?;
    let the_unit = unit(&c["unit"])?;
    let mut e = Experience {
        amount: Some(amount),
        unit: Some(the_unit),
        basis: Basis::Any,
        cumulative_hours: None,
        stated_hours: c.name("hours").and_then(|h| h.as_str().replace(',', "").parse().ok()),
        paid: false,
        volunteer: false,
        verifiable: false,
        kind: None,
        program: None,
        with: None,
        with_after_classes: false,
        in_classes: Vec::new(),
        or_at_that_level: None,
        at_level_of: None,
        areas: Vec::new(),
        areas_needed: None,
        doing: None,
        including: None,
        wording: None,
        questions: ExperienceQuestions::default(),
    };
    // Modifiers between the amount and "experience".
    let mut mods = c["mods"].trim().to_string();
    mods = mods
        .trim_start_matches("of ")
        .trim_start_matches("of")
        .trim()
        .to_string();
    // "Two years in a class at the level of X, which provides full-time
    // paid experience in ...": the level, then the experience's words.
    static LEVEL_FIRST: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:in an? (?:class|position) )?at (?:least at )?the level of (?:an? )?(?P<lvl>[A-Z0-9][^,]*?),?\s+(?:which|that) (?:provides|provided|includes)\s*(?P<more>.*)$").expect("pattern")
    });
    let mut level_first = None;
    if let Some(m) = LEVEL_FIRST.captures(&mods) {
        level_first = Some(m["lvl"].trim().to_string());
        mods = m["more"].trim().to_string();
    }
    static CUMULATIVE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\bor ([\d,]+) cumulative hours( of)?").expect("pattern"));
    if let Some(h) = CUMULATIVE.captures(&mods) {
        e.cumulative_hours = h[1].replace(',', "").parse().ok();
        mods = CUMULATIVE.replace(&mods, "").to_string();
    }
    let mut kind_words: Vec<String> = Vec::new();
    let lower = mods
        .to_ascii_lowercase()
        .replace("full time", "full-time")
        .replace("part time", "part-time");
    let mut words_iter = lower.split_whitespace().peekable();
    let original: Vec<&str> = mods.split_whitespace().collect();
    let mut idx = 0;
    while let Some(w) = words_iter.next() {
        let w = w.trim_matches(',');
        match w {
            "full-time" => e.basis = Basis::FullTime,
            "part-time" => e.basis = Basis::PartTime,
            "paid" if e.kind.is_none() && kind_words.is_empty() => e.paid = true,
            "verifiable" if kind_words.is_empty() => e.verifiable = true,
            "or" if words_iter.peek() == Some(&"volunteer") && e.paid => {
                words_iter.next();
                idx += 1;
                e.volunteer = true;
            }
            _ => kind_words.push(original.get(idx).copied().unwrap_or(w).trim_matches(',').to_string()),
        }
        idx += 1;
    }
    if !kind_words.is_empty() {
        e.kind = Some(kind_words.join(" "));
    }
    if let Some(title) = level_first {
        e.at_level_of = Some(ClassRef {
            title,
            class: None,
            jurisdiction: None,
        });
    }
    // Clauses after "experience".
    let mut rest = c["rest"].trim().trim_end_matches(['.', ';', ',']).trim().to_string();
    static WITH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^,?\s*(with (?:the )?[A-Z][\w.'&-]*(?:\s+(?:[A-Z(][\w.'&()-]*|of|and|the|for|de))*)")
            .expect("pattern")
    });
    static AS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^,?\s*as an?\s+(.+?)(?:,?\s+(?:or in an? ([a-z ]*?(?:class|position))(?: which is)? at (?:least )?(?:at )?that level)|\s+(?:with|at the level|in the|which|performing|including|where|for)\b|,\s+(?:including|which|where)\b|$)").expect("pattern")
    });
    static LEVEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^,?\s*(?:in an? (?:class|position) )?at (?:least at )?the level of (?:an? )?([A-Z0-9][\w'&/.-]*(?:\s+(?:[A-Z0-9(][\w'&/.()-]*|of|and|&))*)").expect("pattern")
    });
    static INCLUDING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i)^,?\s*including (?:at least )?(?P<n>{NUM})\s+(?P<unit>years?|months?)\s+(?P<what>.+)$"
        ))
        .expect("pattern")
    });
    let mut order_as_first = false;
    for _ in 0..6 {
        if rest.is_empty() {
            break;
        }
        if e.with.is_none()
            && let Some(m) = WITH.captures(&rest)
        {
            // Up to the last capitalised word: connectors after it ("and",
            // "of") belong to what follows.
            let mut w = m[1].trim_end().to_string();
            while let Some((head, last)) = w.rsplit_once(' ') {
                if ["of", "and", "the", "for", "de"].contains(&last) {
                    w = head.to_string();
                } else {
                    break;
                }
            }
            let mut end = m.get(1).map(|g| g.start()).unwrap_or(0) + w.len();
            // "..., Bureau of Sanitation, Wastewater Collection Systems
            // Division": the units of the employer, comma-separated.
            static UNIT: LazyLock<Regex> = LazyLock::new(|| {
                Regex::new(r"^,\s+([A-Z][\w.'&-]*(?:\s+(?:[A-Z(][\w.'&()-]*|of|and|the|for))*)").expect("pattern")
            });
            static UNIT_WORD: LazyLock<Regex> = LazyLock::new(|| {
                Regex::new(r"\b(?:Bureau|Division|Department|Office|Section|Branch|Unit|District|Agency|Authority|Commission|Board|Services)\b").expect("pattern")
            });
            while let Some(u) = UNIT.captures(&rest[end..])
                && UNIT_WORD.is_match(&u[1])
            {
                let add = u.get(0).map_or(0, |g| g.end());
                w.push_str(&rest[end..end + add]);
                end += add;
            }
            e.with = Some(w);
            rest = rest[end..].trim().to_string();
            continue;
        }
        if e.in_classes.is_empty()
            && let Some(m) = AS.captures(&rest)
            && let Some((ts, used)) = titles(&m[1])
            && !licensed_by(&m[1][used..])
        {
            order_as_first = e.with.is_none();
            e.in_classes = ts
                .into_iter()
                .map(|t| ClassRef {
                    title: without_employer(t),
                    class: None,
                    jurisdiction: None,
                })
                .collect();
            e.or_at_that_level = m.get(2).map(|g| g.as_str().trim().to_string());
            let title_end = m.get(1).map_or(0, |g| g.start() + used);
            let end = m.get(2).map_or(title_end, |g| g.end());
            let end = if m.get(2).is_some() {
                rest[end..]
                    .find("at that level")
                    .map(|i| end + i + "at that level".len())
                    .unwrap_or(end)
            } else {
                end
            };
            rest = rest[end..].trim().to_string();
            continue;
        }
        if e.at_level_of.is_none()
            && let Some(m) = LEVEL.captures(&rest)
        {
            // "at the level of Tax Auditor and which provides ...": the
            // connector belongs to what follows.
            let (title, used) = title_words(m[1].trim_end());
            let title = title.to_string();
            if !title.is_empty() {
                let mut end = m.get(1).map_or(0, |g| g.start() + used);
                // "..., Class Code 7554" names the class.
                static CODE: LazyLock<Regex> =
                    LazyLock::new(|| Regex::new(r"^,?\s*\(?(?i:class code)\s+(\d{4})\)?").expect("pattern"));
                let class = CODE.captures(&rest[end..]).map(|c| {
                    let code = c[1].to_string();
                    end += c.get(0).map_or(0, |g| g.end());
                    code
                });
                e.at_level_of = Some(ClassRef {
                    title,
                    class,
                    jurisdiction: None,
                });
                rest = rest[end..].trim().to_string();
                continue;
            }
        }
        if e.including.is_none()
            && let Some(m) = INCLUDING.captures(&rest)
            && let (Some(n), Some(u)) = (number(&m["n"]), unit(&m["unit"]))
        {
            e.including = Some(Including {
                amount: n,
                unit: u,
                what: m["what"].trim().to_string(),
            });
            rest.clear();
            continue;
        }
        break;
    }
    if !rest.is_empty() {
        e.doing = Some(rest.trim_start_matches(',').trim().to_string());
    }
    if order_as_first && e.with.is_some() {
        e.with_after_classes = true;
    }
    Some(e)
}

/// Read an education requirement: graduation from a college, a degree, or
/// semester and quarter units.
pub fn education(text: &str) -> Option<Education> {
    let t = text.trim().trim_end_matches(['.', ';', ',']);
    static GRAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^graduation (?:with a (?:bachelor'?s )?degree )?from an? (?:accredited |recognized )?(?P<years>four[- ]year |two[- ]year |2-year |4-year )?(?:college or university|university or college|university|college|institution)(?P<rest>.*)$").expect("pattern")
    });
    static DEGREE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:possession of |completion of )?an? (?:four-year )?(?P<level>bachelor'?s|master'?s|associate'?s?|doctoral|doctorate|ph\.?\s?d\.?|law|juris doctor|graduate|four-year)(?: or (?:a )?(?:master'?s|doctoral|bachelor'?s))? (?:degree|of (?:arts|science)[^,;]*?)(?P<rest>.*)$").expect("pattern")
    });
    static UNITS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:(?:successful )?completion of )?(?:at least |a minimum of )?(?P<s>\d+|[a-z]+) semester(?: units)? or (?P<q>\d+|[a-z]+) quarter units(?: of (?:coursework|course work))?(?P<rest>.*)$").expect("pattern")
    });
    static MAJOR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^,?\s*(?:with (?:a|any) (?:major|(?:bachelor'?s |master'?s )?degree) in |with (?:a )?(?:bachelor'?s|master'?s) degree or (?:a )?(?:master'?s|bachelor'?s) degree in |with any major$|of |with a (?:bachelor'?s|master'?s) or (?:a )?(?:master'?s|doctoral) degree in |majoring in |in )(?P<m>.+?)(?:\s+(?P<fw>from|at) (?P<from>an? .+))?$").expect("pattern")
    });
    static FROM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^,?\s*(?P<fw>from|at) (?P<from>an? .+?)(?:,?\s+(?:in|with a major in|majoring in) (?P<m>[^;]+))?$",
        )
        .expect("pattern")
    });
    // What follows the education: its major and where from. `None` when
    // it says more than that (another requirement, a second sentence):
    // then this is not one education item.
    static MORE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(semester|quarter|units?|experience|years?|months?|license|certificat\w*)\b|\. [A-Z]")
            .expect("pattern")
    });
    // "four-year college" says what kind of college, not an amount.
    static YEAR_WORDS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\b(?:four|two|2|4)[- ]year\b").expect("pattern"));
    let major_from = |rest: &str| -> Option<(Option<String>, Option<String>)> {
        let rest = rest.trim_end().trim_end_matches(['.', ',']);
        if rest.trim().is_empty() {
            return Some((None, None));
        }
        if let Some(m) = MAJOR.captures(rest) {
            let from = m.name("from").map(|f| format!("{} {}", &m["fw"], f.as_str()));
            let major = m["m"].trim().to_string();
            let clean = |x: &str| !MORE.is_match(&YEAR_WORDS.replace_all(x, ""));
            if !clean(&major) || from.as_deref().is_some_and(|f| !clean(f)) || major.len() > 200 {
                return None;
            }
            return Some((Some(major), from));
        }
        if let Some(f) = FROM.captures(rest) {
            let from = format!("{} {}", &f["fw"], &f["from"]);
            let major = f.name("m").map(|m| m.as_str().trim().to_string());
            let clean = |x: &str| !MORE.is_match(&YEAR_WORDS.replace_all(x, ""));
            return (clean(&from) && major.as_deref().is_none_or(clean)).then_some((major, Some(from)));
        }
        None
    };
    // Units inside a degree: "with 24 semester or 36 quarter units in X",
    // ", which includes at least 24 semester units or 36 quarter units of
    // core courses in X".
    static WITH_UNITS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i),?\s*(?:with|including|which includes?|with completion of|including completion of)\s+(?:at least\s+)?(?P<s>\d+) semester(?: units)? or (?P<q>\d+) quarter units(?: completed)?(?:\s+(?:of|in)\s+(?:core courses in\s+|courses in\s+)?(?P<subj>.+?))?(?:\s+(?:courses|course work|coursework))?(?P<tail>\s+(?:from|at) an? .+)?$").expect("pattern")
    });
    let units_in = |rest: &str| -> Option<(u32, u32, Option<String>, String)> {
        let c = WITH_UNITS.captures(rest)?;
        let before = rest[..c.get(0)?.start()].to_string() + c.name("tail").map(|m| m.as_str()).unwrap_or("");
        let subj = c
            .name("subj")
            .map(|m| m.as_str().trim().trim_end_matches([',', '.']).to_string());
        if subj.as_deref().is_some_and(|x| MORE.is_match(x)) {
            return None;
        }
        Some((c["s"].parse().ok()?, c["q"].parse().ok()?, subj, before))
    };
    if let Some(c) = GRAD.captures(t) {
        let four = c
            .name("years")
            .is_some_and(|y| y.as_str().starts_with('f') || y.as_str().starts_with('F') || y.as_str().starts_with('4'));
        let (units, rest) = match units_in(&c["rest"]) {
            Some((s, q, subj, before)) => (Some((s, q, subj)), before),
            None => (None, c["rest"].to_string()),
        };
        let (major, _) = major_from(&rest)?;
        if !same_field(major.as_deref(), units.as_ref().and_then(|u| u.2.as_deref())) {
            return None;
        }
        return Some(Education {
            level: if four { "bachelor's degree" } else { "college degree" }.into(),
            years: None,
            semester_units: units.as_ref().map(|u| u.0),
            quarter_units: units.as_ref().map(|u| u.1),
            major: major.or_else(|| units.and_then(|u| u.2)),
            from: Some("from an accredited college or university".into()),
            wording: None,
        });
    }
    if let Some(c) = DEGREE.captures(t) {
        let lv = c["level"].to_ascii_lowercase();
        let level = if lv.starts_with("bachelor") {
            "bachelor's degree"
        } else if lv.starts_with("master") || lv.starts_with("graduate") {
            "master's degree"
        } else if lv.starts_with("associate") {
            "associate degree"
        } else if lv.starts_with("law") || lv.starts_with("juris") {
            "law degree"
        } else {
            "doctoral degree"
        };
        let (units, rest) = match units_in(&c["rest"]) {
            Some((s, q, subj, before)) => (Some((s, q, subj)), before),
            None => (None, c["rest"].to_string()),
        };
        let (major, from) = major_from(&rest)?;
        if !same_field(major.as_deref(), units.as_ref().and_then(|u| u.2.as_deref())) {
            return None;
        }
        return Some(Education {
            level: level.into(),
            years: None,
            semester_units: units.as_ref().map(|u| u.0),
            quarter_units: units.as_ref().map(|u| u.1),
            major: major.or_else(|| units.and_then(|u| u.2)),
            from,
            wording: None,
        });
    }
    if let Some(c) = UNITS.captures(t) {
        let (major, from) = major_from(&c["rest"])?;
        return Some(Education {
            level: "college".into(),
            years: None,
            semester_units: number(&c["s"]),
            quarter_units: number(&c["q"]),
            major,
            from,
            wording: None,
        });
    }
    static YEARS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i)^(?:completion of )?(?P<n>{NUM}) years? (?:of )?(?P<level>college|coursework|course work|education|post-secondary education|university)(?P<rest>.*)$"
        ))
        .expect("pattern")
    });
    if let Some(c) = YEARS.captures(t)
        && let Some(n) = number(&c["n"])
    {
        let (major, from) = major_from(&c["rest"])?;
        return Some(Education {
            level: c["level"].to_ascii_lowercase(),
            years: Some(n),
            semester_units: None,
            quarter_units: None,
            major,
            from,
            wording: None,
        });
    }
    let lower = t.to_ascii_lowercase();
    if lower.contains("high school") && (lower.starts_with("graduation") || lower.starts_with("a high school")) {
        return Some(Education {
            level: "high school diploma".into(),
            years: None,
            semester_units: None,
            quarter_units: None,
            major: None,
            from: None,
            wording: None,
        });
    }
    None
}

/// Whether the units of a degree are in its own field ("engineering" and
/// "civil engineering" are; "a physical science" and "general chemistry"
/// are not: those are two requirements).
fn same_field(major: Option<&str>, units: Option<&str>) -> bool {
    let (Some(m), Some(u)) = (major, units) else {
        return true;
    };
    let words = |s: &str| -> std::collections::BTreeSet<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 3)
            .map(|w| w.to_ascii_lowercase())
            .collect()
    };
    !words(m).is_disjoint(&words(u))
}

/// Read a license, registration or certification requirement.
pub fn license(text: &str) -> Option<License> {
    let t = text.trim().trim_end_matches(['.', ';', ',']);
    static VALID: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:must (?:have|possess) )?(?:possession of )?(?:an? |the )?(?:current(?:ly)?,?(?: and)? )?(?P<valid>valid )?(?P<name>[^;]*?\b(?:licenses?|licences?|certificates?|certification|registration|credential|card|permits?|commission|endorsements?)\b(?:\s+(?:of|as|for|in)\s+[^;]*?)?)(?P<rest>\s+(?:issued|approved|recognized|is required|are required|may be|prior to|at the time|from the|by the|pursuant|and valid|and a|with|which|that|in order)\b.*|[.;,]?\s*$)").expect("pattern")
    });
    static AS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:current |possession of |must be |(?:[A-Z][\w.]*\s+){1,5})?(?P<name>(?:[A-Z][\w.]*\s+){0,5}(?:registration|certification|license|licensure|certificate|licensed|registered|certified) (?:as an?|by the|by) .+?|authority to use the title .+?)(?:,?\s+(?:issued|with|from|is|are|may|at|prior)\b.*)?$").expect("pattern")
    });
    let lower = t.to_ascii_lowercase();
    let need = if lower.contains("may be required") || lower.starts_with("some positions may require") {
        Need::MayBeRequired
    } else {
        Need::Required
    };
    let at = stage(t);
    if let Some(c) = AS.captures(t) {
        return Some(License {
            name: c["name"].trim().to_string(),
            valid: lower.contains("valid"),
            need,
            at,
            wording: None,
        });
    }
    let c = VALID.captures(t)?;
    let name = c["name"].trim().to_string();
    // A bare noun ("Certificate") or a course ("Completion of a
    // certificate program") is not a license.
    let ln = name.to_ascii_lowercase();
    if name.split_whitespace().count() > 14
        || name.split_whitespace().count() < 2
        || ln.starts_with("completion")
        || ln.contains("program")
    {
        return None;
    }
    Some(License {
        name,
        valid: c.name("valid").is_some(),
        need,
        at,
        wording: None,
    })
}

/// Read a course, program or apprenticeship: "Completion of a four-week
/// Business Tax Ordinance class provided by ...".
pub fn course(text: &str) -> Option<Course> {
    let t = text.trim().trim_end_matches(['.', ';', ',']);
    static R: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:(?:satisfactory |successful )?completion of|certificate of completion (?:of|for)) (?:an? |the )?(?P<name>.+?)(?:\s+(?:provided by|offered by|sponsored by|from) (?:the )?(?P<by>.+))?$").expect("pattern")
    });
    let c = R.captures(t)?;
    let name = c["name"].trim().to_string();
    // "Completion of two years of ..." is an amount of something else.
    static AMOUNT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!(r"(?i)^(?:{NUM})\s+(?:years?|months?|semesters?)\b")).expect("pattern"));
    if name.split_whitespace().count() > 30 || AMOUNT.is_match(&name) {
        return None;
    }
    Some(Course {
        name: Some(name),
        count: None,
        subject: None,
        semester_units_each: None,
        quarter_units_each: None,
        provider: c.name("by").map(|b| b.as_str().trim().to_string()),
        length: None,
        certificate: false,
        wording: None,
    })
}

fn test_item(text: &str) -> Option<Test> {
    static R: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:achievement of )?an? (?:passing|qualifying) score on (?:the )?(?P<name>.+?)(?:\s+in order to\b.*)?[.;]?$")
            .expect("pattern")
    });
    let c = R.captures(text.trim())?;
    Some(Test {
        name: c["name"].trim().to_string(),
        at: Stage::Selection,
        wording: None,
    })
}

fn age(text: &str) -> Option<Age> {
    static R: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:must\s+)?(?:be\s+)?(?:at least |a minimum of )?(\d{2}) years (?:of age|old)\b")
            .expect("pattern")
    });
    let c = R.captures(text.trim())?;
    Some(Age {
        years: c[1].parse().ok()?,
        at: stage(text).unwrap_or(Stage::Hire),
        wording: None,
    })
}

/// "Current employment as a Vocational Worker with the City of Los Angeles
/// assigned to ...", "Current status as a Police Captain in the Los
/// Angeles Police Department".
fn employment(text: &str) -> Option<crate::model::requirements::Employment> {
    static R: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:current(?:ly)?(?: full-time)?(?: paid)? (?:employment|employed|status)|current(?:ly)? employed)(?P<rest>.*)$").expect("pattern")
    });
    static AS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*as an?\s+(.+?)(?:\s+(?:with|in|assigned|performing|who)\b|$)").expect("pattern")
    });
    static WITH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*((?:with|in) the (?:City of Los Angeles|Los Angeles [A-Z][\w ]+?))(?:[,\s]+(?P<more>.*))?$")
            .expect("pattern")
    });
    let t = text.trim().trim_end_matches(['.', ';', ',']);
    let c = R.captures(t)?;
    let mut rest = c["rest"].trim().to_string();
    let mut e = crate::model::requirements::Employment {
        in_classes: Vec::new(),
        with: None,
        doing: None,
        wording: None,
    };
    if let Some(a) = AS.captures(&rest)
        && let Some((ts, used)) = titles(&a[1])
    {
        e.in_classes = ts
            .into_iter()
            .map(|title| ClassRef {
                title,
                class: None,
                jurisdiction: None,
            })
            .collect();
        rest = rest[a.get(1).map_or(0, |m| m.start() + used)..].trim().to_string();
    }
    if let Some(w) = WITH.captures(&rest) {
        e.with = Some(w[1].trim().to_string());
        rest = w
            .name("more")
            .map(|m| m.as_str().trim().to_string())
            .unwrap_or_default();
    }
    if !rest.is_empty() {
        e.doing = Some(rest);
    }
    (e.with.is_some() || !e.in_classes.is_empty()).then_some(e)
}

/// "A letter of recommendation from the personnel office ..." (a document
/// to attach), "Referral from a WorkSource Center ...".
fn document(text: &str) -> Option<crate::model::requirements::Document> {
    static R: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:an? )?(?P<name>(?:letter of (?:recommendation|referral)|referral|supplemental form|transcripts?|resume|résumé)\b[^.]*)").expect("pattern")
    });
    let t = text.trim();
    let c = R.captures(t)?;
    Some(crate::model::requirements::Document {
        name: c["name"].trim().trim_end_matches([',', ';']).to_string(),
        at: stage(t),
        wording: None,
    })
}

/// Two requirements in one sentence: "A master's degree in Library
/// Science ... and two years of full-time paid ... experience". Split at an
/// "and" when both sides read as typed items.
fn compound(text: &str, style: NumberStyle) -> Option<Vec<Item>> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = lower[at..].find(" and ") {
        let pos = at + i;
        let left = t[..pos].trim_end().trim_end_matches([';', ',']).trim_end();
        let right = t[pos + 5..].trim_start();
        if !right.starts_with("either")
            && !left.is_empty()
            && let (Some(l), Some(r)) = (single(left), single(right))
        {
            return Some(vec![keep_wording(l, left, style), keep_wording(r, right, style)]);
        }
        at = pos + 5;
    }
    None
}

/// One typed item for text, if a reader recognises it.
fn single(t: &str) -> Option<Item> {
    experience(t)
        .map(|e| Item::Experience(Box::new(e)))
        .or_else(|| test_item(t).map(Item::Test))
        .or_else(|| age(t).map(Item::Age))
        .or_else(|| employment(t).map(Item::Employment))
        .or_else(|| document(t).map(Item::Document))
        .or_else(|| education(t).map(Item::Education))
        .or_else(|| license(t).map(Item::License))
        .or_else(|| course(t).map(Item::Course))
}

/// Set an item's wording to the source's text when the sentence classplan
/// writes from its fields reads differently.
fn keep_wording(mut item: Item, text: &str, style: NumberStyle) -> Item {
    let generated = item_phrase(&item, style);
    if words(&generated) == words(text) {
        return item;
    }
    let w = Some(text.trim().to_string());
    match &mut item {
        Item::Experience(e) => e.wording = w,
        Item::Education(e) => e.wording = w,
        Item::Course(c) => c.wording = w,
        Item::License(l) => l.wording = w,
        Item::Test(t) => t.wording = w,
        Item::Age(a) => a.wording = w,
        Item::Employment(e) => e.wording = w,
        Item::Document(d) => d.wording = w,
        Item::Equivalent { .. } | Item::Other { .. } => {}
    }
    item
}

/// One requirement as an item: typed when a reader recognises it, else
/// `other` with its text. Returns whether it was typed.
pub fn item(text: &str, style: NumberStyle) -> (Item, bool) {
    let t = text.trim();
    match single(t) {
        Some(i) => (keep_wording(i, t, style), true),
        None => (
            Item::Other {
                text: super::blocks::md(t),
                at: stage(t),
            },
            false,
        ),
    }
}

/// A requirement's items: one item, or two joined by "and" (each typed).
pub fn items(text: &str, style: NumberStyle) -> (Vec<Item>, bool) {
    let (one, typed) = item(text, style);
    if typed {
        return (vec![one], true);
    }
    match compound(text, style) {
        Some(v) => (v, true),
        None => (vec![one], false),
    }
}

/// A route's connective to the next: the words at the end of its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conn {
    And,
    Or,
    None,
}

/// Strip a trailing connective ("; or", ", and", " or") from text.
pub fn strip_conn(text: &str) -> (String, Conn) {
    static R: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)[;,]?\s*\b(and|or)(?:\s+either)?\s*[:;,]?\s*$").expect("pattern"));
    if let Some(c) = R.captures(text) {
        let conn = if c[1].eq_ignore_ascii_case("and") {
            Conn::And
        } else {
            Conn::Or
        };
        let start = c.get(0).map(|m| m.start()).unwrap_or(text.len());
        return (text[..start].trim_end().to_string(), conn);
    }
    (text.trim_end().trim_end_matches(';').trim_end().to_string(), Conn::None)
}

/// What the requirements section gave.
#[derive(Debug, Default)]
pub struct Parsed {
    pub requirements: Option<Requirements>,
    /// Blocks under a NOTES: heading inside the section (old bulletins put
    /// the process notes there).
    pub notes: Vec<Block>,
    pub typed: usize,
    pub other: usize,
}

/// A substitution: "<what> may be substituted for <how much of what>".
pub fn substitution(text: &str, style: NumberStyle) -> Option<(Substitution, bool)> {
    static R: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?P<offered>.+?)\s+(?:may|can|will) (?:also )?be substituted\s+(?P<rest>.+)$")
            .expect("pattern")
    });
    static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i)(?P<max>a maximum of |up to |maximum of )?(?:up to )?(?P<n>{NUM})\s+(?P<unit>years?|months?)\b"
        ))
        .expect("pattern")
    });
    static REFS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)requirements?\s*(?:#|no\.?|number)\s*(\d)([a-z])?").expect("pattern"));
    let t = text.trim();
    let c = R.captures(t)?;
    let rest = c["rest"].to_ascii_lowercase();
    let year_for_year =
        rest.contains("year-for-year") || rest.contains("year for year") || rest.contains("for each year");
    let replaces = if rest.contains("experience") {
        Replaces::Experience
    } else if rest.contains("education")
        || rest.contains("degree")
        || rest.contains("high school")
        || rest.contains("units")
    {
        Replaces::Education
    } else {
        return None;
    };
    let mut amount = None;
    let mut max = None;
    for a in AMOUNT.captures_iter(&c["rest"]) {
        let (Some(n), Some(u)) = (number(&a["n"]), unit(&a["unit"])) else {
            continue;
        };
        let l = Length { amount: n, unit: u };
        if a.name("max").is_some() || (year_for_year && amount.is_none() && max.is_none() && rest.contains("maximum")) {
            max = Some(l);
        } else if amount.is_none() && !year_for_year {
            amount = Some(l);
        }
    }
    let routes: Vec<Sp<String>> = REFS
        .captures_iter(t)
        .map(|r| {
            Sp::synthetic(format!(
                "{}{}",
                &r[1],
                r.get(2).map(|m| m.as_str().to_ascii_lowercase()).unwrap_or_default()
            ))
        })
        .collect();
    let (offered, typed) = item(&c["offered"], style);
    let s = Substitution {
        offered: Sp::synthetic(offered),
        replaces,
        routes,
        amount,
        max,
        year_for_year,
        note: None,
        wording: Some(super::blocks::md(t)),
    };
    Some((s, typed))
}

/// "Applicants who lack six months or less of the required experience may
/// file for this examination. However, they cannot be appointed until the
/// full experience requirement is met."
pub fn filing_short(text: &str) -> Option<FilingShort> {
    static R: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r"(?i)^(?:applicants|candidates)(?: filing under requirements? (?:#|no\.? ?)?(?P<r>\d)[a-z]?)?\s+(?:who (?:lack|are lacking)|lacking) (?P<n>{NUM}) (?P<unit>months?|years?)(?: or less)? of (?:the )?(?:above )?(?:required )?(?:experience|training and experience)\b[^.]*\bmay (?:file|apply)[^.]*\.\s*(?:however,? )?(?:they|applicants|candidates) (?:cannot|can not|will not) be appointed until the (?:full )?(?:experience )?requirement (?:is|has been) met\.?$")).expect("pattern")
    });
    let c = R.captures(text.trim())?;
    Some(FilingShort {
        amount: number(&c["n"])?,
        unit: unit(&c["unit"])?,
        routes: c
            .name("r")
            .map(|r| vec![Sp::synthetic(r.as_str().to_string())])
            .unwrap_or_default(),
        wording: None,
    })
}

/// The expression the route connectives spell. `and` binds tighter than
/// `or`, except that "1; and 2; or 3" reads as 1 and (2 or 3), as the
/// bulletins that write it mean; mixed forms are reported for review.
fn expression(conns: &[Conn]) -> (Option<String>, bool) {
    let n = conns.len() + 1;
    if conns.iter().all(|c| *c != Conn::And) {
        return (None, false);
    }
    let nums: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
    if conns.iter().all(|c| *c == Conn::And) {
        return (Some(nums.join(" and ")), false);
    }
    if conns[0] == Conn::And && conns[1..].iter().all(|c| *c != Conn::And) {
        return (Some(format!("1 and ({})", nums[1..].join(" or "))), true);
    }
    let mut s = String::from("1");
    for (i, c) in conns.iter().enumerate() {
        s.push_str(if *c == Conn::And { " and " } else { " or " });
        s.push_str(&nums[i + 1]);
    }
    (Some(s), true)
}

/// Read the requirements section's blocks.
pub fn parse(doc: &mut Doc, blocks: Vec<Block>, style: NumberStyle) -> Parsed {
    let mut out = Parsed::default();
    let mut body = Vec::new();
    let mut notes = false;
    for b in blocks {
        if b.sub == Some(Sub::Notes) {
            notes = true;
            doc.mark(b.lines.iter().copied(), Use::Furniture);
            continue;
        }
        if notes {
            out.notes.push(b);
        } else {
            body.push(b);
        }
    }
    if body.is_empty() {
        return out;
    }
    // Numbered routes: a numbered list of substitutions under a plain
    // paragraph leaves that paragraph the route.
    let numbered = body
        .iter()
        .any(|b| matches!(b.mark, Mark::Number(_)) && !b.text.to_ascii_lowercase().contains("substituted"));
    // Routes: numbered blocks (or the first paragraph), their lettered
    // parts; substitution paragraphs; other paragraphs are notes.
    struct RouteSrc {
        text: String,
        lines: Vec<usize>,
        parts: Vec<(String, Vec<usize>)>,
    }
    let mut routes: Vec<RouteSrc> = Vec::new();
    let mut subs: Vec<(String, Vec<usize>)> = Vec::new();
    let mut req_notes: Vec<(String, Vec<usize>)> = Vec::new();
    let mut lone_or = Vec::new();
    // What lettered items follow: the last route, substitution or note.
    #[derive(PartialEq)]
    enum Last {
        Route,
        Sub,
        Note,
    }
    let mut last = Last::Route;
    let mut listing = false;
    for b in body {
        let is_sub = b.text.to_ascii_lowercase().contains("substituted");
        // Plain lines under a route or part that ends with a colon are
        // its list ("one of the following:" then a line per subject).
        if b.mark == Mark::Para && last == Last::Route && !is_sub {
            let target = routes.last_mut().map(|r| match r.parts.last_mut() {
                Some((t, l)) => (t, l),
                None => (&mut r.text, &mut r.lines),
            });
            if let Some((t, l)) = target {
                let open = t.trim_end().ends_with(':');
                let more = listing && !t.trim_end().ends_with(['.', ';']);
                if open || more {
                    let joined = format!("{}{} {}", t.trim_end(), if open { "" } else { ";" }, b.text.trim());
                    *t = joined;
                    l.extend(b.lines.iter().copied());
                    listing = true;
                    continue;
                }
            }
        }
        listing = false;
        if matches!(b.mark, Mark::Letter(_) | Mark::Bullet) && last != Last::Route {
            if last == Last::Sub {
                if let Some((t, l)) = subs.last_mut() {
                    t.push_str(&format!(" {}", b.text.trim()));
                    l.extend(b.lines.iter().copied());
                    continue;
                }
            } else if let Some((t, l)) = req_notes.last_mut() {
                // A note's lettered items stay a list under it.
                let item = match b.mark {
                    Mark::Letter(c) => format!("- {c}. {}", super::blocks::md(b.text.trim())),
                    _ => format!("- {}", super::blocks::md(b.text.trim())),
                };
                let sep = if t.contains("\n- ") { "\n" } else { "\n\n" };
                t.push_str(sep);
                t.push_str(&item);
                l.extend(b.lines.iter().copied());
                continue;
            }
        }
        last = match &b.mark {
            _ if b.text.trim().eq_ignore_ascii_case("or") || b.text.trim().eq_ignore_ascii_case("and") => Last::Route,
            Mark::Number(_) if is_sub && !routes.is_empty() => Last::Sub,
            Mark::Number(_) => Last::Route,
            Mark::Letter(_) | Mark::Bullet if !routes.is_empty() => Last::Route,
            _ if is_sub => Last::Sub,
            _ if !numbered && routes.is_empty() => Last::Route,
            _ => Last::Note,
        };
        match &b.mark {
            _ if b.text.trim().eq_ignore_ascii_case("or") || b.text.trim().eq_ignore_ascii_case("and") => {
                // A connective on its own line belongs to the route before.
                if let Some(r) = routes.last_mut() {
                    r.text.push_str(&format!("; {}", b.text.trim().to_ascii_lowercase()));
                    r.lines.extend(b.lines.iter().copied());
                } else {
                    lone_or.extend(b.lines.iter().copied());
                }
            }
            Mark::Number(_) if is_sub && !routes.is_empty() => subs.push((b.text.clone(), b.lines.clone())),
            Mark::Number(_) => routes.push(RouteSrc {
                text: b.text.clone(),
                lines: b.lines.clone(),
                parts: Vec::new(),
            }),
            Mark::Letter(_) | Mark::Bullet if !routes.is_empty() => {
                if let Some(r) = routes.last_mut() {
                    r.parts.push((b.text.clone(), b.lines.clone()));
                }
            }
            _ if is_sub => subs.push((b.text.clone(), b.lines.clone())),
            _ if !numbered && routes.is_empty() => routes.push(RouteSrc {
                text: b.text.clone(),
                lines: b.lines.clone(),
                parts: Vec::new(),
            }),
            _ => req_notes.push((super::blocks::md(&b.text), b.lines.clone())),
        }
    }
    doc.mark(lone_or, Use::Furniture);
    if routes.is_empty() {
        // Nothing reads as a route: the text stays as notes of an
        // otherwise empty requirement set is not valid, so keep it as one
        // route of free text.
        // (Notes are Markdown already; substitution text is not.)
        let all: Vec<(String, Vec<usize>)> = req_notes
            .into_iter()
            .chain(subs.into_iter().map(|(t, l)| (super::blocks::md(&t), l)))
            .collect();
        let Some((first, lines)) = all.first().cloned() else {
            return out;
        };
        doc.mark(all.iter().flat_map(|(_, l)| l.iter().copied()), Use::Text);
        doc.find(
            lines[0],
            Kind::Untyped,
            "the requirements are kept as written: screening cannot check them",
        );
        out.other += 1;
        let route = Route {
            lead: None,
            items: vec![Sp::synthetic(Item::Other { text: first, at: None })],
            parts: Vec::new(),
            parts_needed: PartsNeeded::Any,
            parts_lead: None,
            note: None,
        };
        out.requirements = Some(Requirements {
            routes: vec![Sp::synthetic(route)],
            notes: all[1..].iter().map(|(t, _)| Sp::synthetic(t.clone())).collect(),
            ..Default::default()
        });
        return out;
    }
    let mut conns = Vec::new();
    let mut model_routes = Vec::new();
    let last = routes.len() - 1;
    let first_line = routes[0].lines[0];
    for (k, mut r) in routes.into_iter().enumerate() {
        // A lone lettered item is more of the route's text.
        if r.parts.len() == 1 {
            let (pt, lines) = r.parts.remove(0);
            r.text = format!("{} {pt}", r.text.trim_end());
            r.lines.extend(lines);
        }
        let (text, mut conn) = strip_conn(&r.text);
        // "1. Must be licensed as a: a. …; or b. …; and 2. …": the last
        // part's connective joins the route to the next one.
        if conn == Conn::None
            && let Some((pt, _)) = r.parts.last()
        {
            conn = strip_conn(pt).1;
        }
        if k < last {
            conns.push(conn);
            if conn == Conn::None {
                doc.find(
                    r.lines[0],
                    Kind::Ambiguous,
                    format!("requirement #{} ends without \"and\" or \"or\"; read as \"and\"", k + 1),
                );
            }
        }
        let mut route = Route {
            lead: None,
            items: Vec::new(),
            parts: Vec::new(),
            parts_needed: PartsNeeded::Any,
            parts_lead: None,
            note: None,
        };
        let mut all_typed = true;
        if r.parts.is_empty() {
            // The first sentence as the item, further sentences as a note,
            // when the first alone reads as a typed item.
            let (its, typed) = items(&text, style);
            if typed {
                route.items.extend(its.into_iter().map(Sp::synthetic));
            } else if let Some((first, more)) = split_sentence(&text)
                && let (its2, true) = items(first, style)
            {
                route.items.extend(its2.into_iter().map(Sp::synthetic));
                route.note = Some(super::blocks::md(more));
            } else {
                all_typed = false;
                route.items.extend(its.into_iter().map(Sp::synthetic));
            }
        } else if let Some(e) = areas(&text, &r.parts, style) {
            // The lettered items are the areas of the experience the lead
            // states.
            route.items.push(Sp::synthetic(Item::Experience(Box::new(e))));
        } else if let Some((first, e)) = lead_and_areas(&text, &r.parts, style) {
            // "Graduation from ...; and two years of experience in one or
            // more of the following areas:"
            route.items.push(Sp::synthetic(first));
            route.items.push(Sp::synthetic(Item::Experience(Box::new(e))));
        } else {
            let lead = text.trim_end_matches(':').trim();
            let mut part_conns = Vec::new();
            for (pt, _) in &r.parts {
                let (t, c) = strip_conn(pt);
                part_conns.push(c);
                let (it, typed) = item(&t, style);
                all_typed &= typed;
                route.parts.push(Sp::synthetic(Part {
                    lead: None,
                    items: vec![Sp::synthetic(it)],
                }));
            }
            let lower = lead.to_ascii_lowercase();
            // Between the parts (the last one's is the route's).
            let between = &part_conns[..part_conns.len().saturating_sub(1)];
            if between.contains(&Conn::And)
                || lower.contains("all of the following")
                || lower.contains("both of the following")
            {
                route.parts_needed = PartsNeeded::All;
            }
            // The lead-in: a typed item when it reads as one ("... experience
            // of the type specified in Requirement #1, and"), else printed
            // as the words before the parts.
            // "A pole climbing certificate ...; and one of the following:":
            // an item of its own, then the words that introduce the parts.
            static ITEM_AND_PARTS: LazyLock<Regex> = LazyLock::new(|| {
                Regex::new(r"(?i)^(?P<head>.{12,}?)(?P<tail>[;,]?\s+and\s+(?:any\s+|at least\s+)?(?:one|two|three|all|both|either) (?:of the following|of these)[^:]*?)\s*:?$").expect("pattern")
            });
            let (lead_item, lead_typed) = item(lead, style);
            if lead_typed && !text.trim_end().ends_with(':') {
                route.items.insert(0, Sp::synthetic(lead_item));
            } else if let Some(m) = ITEM_AND_PARTS.captures(lead) {
                let (head_item, typed) = item(&m["head"], style);
                all_typed &= typed;
                route.items.insert(0, Sp::synthetic(head_item));
                route.parts_lead = Some(super::blocks::md(m["tail"].trim()));
            } else {
                route.parts_lead = Some(super::blocks::md(lead));
            }
            if needs_count(&lower) {
                all_typed = false;
                doc.find(
                    r.lines[0],
                    Kind::Ambiguous,
                    "the lettered items need more than one of them; classplan reads \"any one\": check the route",
                );
            }
        }
        if all_typed {
            out.typed += 1;
        } else {
            out.other += 1;
            doc.find(
                r.lines[0],
                Kind::Untyped,
                format!("requirement #{} is kept as written: screening cannot check it", k + 1),
            );
        }
        doc.mark(r.lines.iter().copied(), if all_typed { Use::Typed } else { Use::Text });
        for (_, lines) in &r.parts {
            doc.mark(lines.iter().copied(), if all_typed { Use::Typed } else { Use::Text });
        }
        model_routes.push(Sp::synthetic(route));
    }
    let (expression, mixed) = expression(&conns);
    if mixed && let Some(e) = &expression {
        doc.find(
            first_line,
            Kind::Ambiguous,
            format!("the requirements mix \"and\" and \"or\"; read as `{e}`: check the grouping"),
        );
    }
    let mut r = Requirements {
        expression: expression.map(Sp::synthetic),
        routes: model_routes,
        ..Default::default()
    };
    for (t, lines) in subs {
        match substitution(&t, style) {
            Some((s, typed)) => {
                doc.mark(lines.iter().copied(), Use::Typed);
                if !typed {
                    doc.find(
                        lines[0],
                        Kind::Untyped,
                        "what the substitution offers is kept as written",
                    );
                }
                r.substitutions.push(Sp::synthetic(s));
            }
            None => {
                doc.mark(lines.iter().copied(), Use::Text);
                r.notes.push(Sp::synthetic(super::blocks::md(&t)));
            }
        }
    }
    for (t, lines) in req_notes {
        doc.mark(lines.iter().copied(), Use::Text);
        r.notes.push(Sp::synthetic(t));
    }
    out.requirements = Some(r);
    out
}

/// An experience lead-in whose lettered items are the areas it may be
/// gained in: "Two years of full-time paid experience involving
/// responsibility for two or more of the following areas: a. ...; b. ...".
fn areas(lead: &str, parts: &[(String, Vec<usize>)], style: NumberStyle) -> Option<Experience> {
    static R: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?P<head>.+?)(?:,?\s*(?:in|with responsibility for|involving responsibility for|performing|working with|utilizing|which includes?|including|in the areas? of|as one of))?\s*(?:(?:at least|any)\s+)?(?P<count>one|two|three|four|all|\d)?(?: or more)?\s*(?:of )?(?:the following(?:\s+(?P<tail>[^:]+?))?|either)\s*:?$").expect("pattern")
    });
    // "..., two years of which must include ..." qualifies part of the
    // amount: not the areas of the whole.
    if lead.contains(" of which ") {
        return None;
    }
    let lead_text = lead.trim();
    let c = R.captures(lead_text)?;
    let head = c["head"].trim();
    let head = head.strip_suffix(" of").unwrap_or(head).trim_end_matches(',');
    let mut e = experience(head)?;
    e.areas = parts
        .iter()
        .map(|(t, _)| strip_conn(t).0.trim_end_matches(['.', ';', ',']).to_string())
        .collect();
    let needed = match c.name("count").map(|n| n.as_str().to_ascii_lowercase()) {
        Some(n) if n == "all" => e.areas.len() as u32,
        Some(n) => number(&n).unwrap_or(1),
        None => 1,
    };
    // Words after "the following" ("while in the United States Armed
    // Forces") say where the experience is gained.
    if let Some(t) = c
        .name("tail")
        .map(|t| t.as_str().trim())
        .filter(|t| !t.is_empty() && t.split_whitespace().count() > 1)
    {
        e.doing = Some(match e.doing.take() {
            Some(d) => format!("{d} {t}"),
            None => t.to_string(),
        });
    }
    e.areas_needed = (needed > 1).then_some(needed);
    if needed as usize > e.areas.len() {
        return None;
    }
    let listed: Vec<String> = parts
        .iter()
        .enumerate()
        .map(|(k, (t, _))| format!("{}. {}", (b'a' + k.min(25) as u8) as char, t.trim()))
        .collect();
    let whole = format!("{} {}", lead_text.trim_end_matches(':').trim_end(), listed.join(" "));
    let whole = format!(
        "{}:{}",
        lead_text.trim_end_matches(':').trim_end(),
        &whole[lead_text.trim_end_matches(':').trim_end().len()..]
    );
    Some(match keep_wording(Item::Experience(Box::new(e)), &whole, style) {
        Item::Experience(e) => *e,
        _ => return None,
    })
}

/// A typed requirement, "and", then an experience whose areas are the
/// lettered items.
fn lead_and_areas(lead: &str, parts: &[(String, Vec<usize>)], style: NumberStyle) -> Option<(Item, Experience)> {
    let lower = lead.to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = lower[at..].find(" and ") {
        let pos = at + i;
        let left = lead[..pos].trim_end().trim_end_matches([';', ',']).trim_end();
        let right = lead[pos + 5..].trim_start();
        if let (Some(l), Some(e)) = (single(left), areas(right, parts, style)) {
            return Some((keep_wording(l, left, style), e));
        }
        at = pos + 5;
    }
    None
}

/// "two or more of the following", "at least two of the following".
fn needs_count(lead: &str) -> bool {
    static R: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(two|three|four|2|3|4)( or more)? of the following").expect("pattern"));
    R.is_match(lead)
}

/// Split "First sentence. More." at the first sentence end followed by a
/// capital letter (not after a one-letter abbreviation such as "U.S.").
fn split_sentence(text: &str) -> Option<(&str, &str)> {
    let b = text.as_bytes();
    for i in 1..b.len().saturating_sub(2) {
        if b[i] == b'.' && b[i + 1] == b' ' && b[i + 2].is_ascii_uppercase() {
            let word = text[..i].rsplit(' ').next().unwrap_or("");
            if word.len() <= 2 || word.contains('.') {
                continue;
            }
            return Some((&text[..=i], text[i + 2..].trim()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exp(t: &str) -> Experience {
        experience(t).unwrap_or_else(|| panic!("not read: {t}"))
    }

    #[test]
    fn numbers_and_connectives() {
        assert_eq!(number("twenty-four"), Some(24));
        assert_eq!(number("eighteen"), Some(18));
        assert_eq!(number("1,040"), Some(1040));
        assert_eq!(strip_conn("Two years of x; or"), ("Two years of x".into(), Conn::Or));
        assert_eq!(strip_conn("Two years of x, and"), ("Two years of x".into(), Conn::And));
        assert_eq!(
            strip_conn("A bachelor's degree; AND EITHER"),
            ("A bachelor's degree".into(), Conn::And)
        );
        assert_eq!(strip_conn("Two years of x."), ("Two years of x.".into(), Conn::None));
        assert_eq!(expression(&[Conn::Or, Conn::Or]), (None, false));
        assert_eq!(
            expression(&[Conn::And, Conn::Or, Conn::Or]),
            (Some("1 and (2 or 3 or 4)".into()), true)
        );
        assert_eq!(expression(&[Conn::Or, Conn::And]), (Some("1 or 2 and 3".into()), true));
    }

    #[test]
    fn employers_levels_and_class_codes_inside_an_experience() {
        // Wastewater Collection Worker (4110): the employer's units, then the classes.
        let e = exp(
            "One year of full-time paid experience with the City of Los Angeles Department of Public Works, Bureau of Sanitation, Wastewater Collection Systems Division, as a Maintenance Laborer, Maintenance and Construction Helper, or Mechanical Helper",
        );
        assert_eq!(
            e.with.as_deref(),
            Some(
                "with the City of Los Angeles Department of Public Works, Bureau of Sanitation, Wastewater Collection Systems Division"
            )
        );
        let titles: Vec<&str> = e.in_classes.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Maintenance Laborer",
                "Maintenance and Construction Helper",
                "Mechanical Helper"
            ]
        );
        assert_eq!(e.doing, None);
        // GIS Supervisor (7214): the level first, then what the experience is.
        let e = exp(
            "Two years in a class at the level of Geographic Information Systems Specialist, which provides full-time paid experience in the operation of ArcGIS",
        );
        assert_eq!(
            e.at_level_of.as_ref().map(|c| c.title.as_str()),
            Some("Geographic Information Systems Specialist")
        );
        assert_eq!((e.basis, e.paid, e.kind.as_deref()), (Basis::FullTime, true, None));
        assert_eq!(e.doing.as_deref(), Some("in the operation of ArcGIS"));
        // Mechanical Engineer (7558): the class code after the level's title.
        let e = exp(
            "Two years of full-time paid professional engineering experience in a position at the level of Mechanical Engineering Associate II, Class Code 7554",
        );
        let level = e.at_level_of.unwrap();
        assert_eq!(
            (level.title.as_str(), level.class.as_deref()),
            ("Mechanical Engineering Associate II", Some("7554"))
        );
        assert_eq!(e.doing, None);
    }

    /// The class titles of an experience, as `in_classes` and `at_level_of` have them.
    fn classes_of(t: &str) -> (Vec<String>, Option<String>, Option<String>) {
        let e = exp(t);
        (
            e.in_classes.into_iter().map(|c| c.title).collect(),
            e.at_level_of.map(|c| c.title),
            e.doing,
        )
    }

    #[test]
    fn an_employer_before_a_title_and_a_licence_issuer_are_not_class_titles() {
        let e = exp(
            "One year of full-time paid experience as a City of Los Angeles Assistant Inspector IV with the Department of Public Works",
        );
        assert_eq!(e.in_classes[0].title, "Assistant Inspector IV");
        let e = exp(
            "Three years of full-time paid experience as a United States Coast Guard licensed Master of an inspected vessel",
        );
        assert!(e.in_classes.is_empty(), "{:?}", e.in_classes);
    }

    #[test]
    fn title_lists_written_the_short_way_name_every_class() {
        // Street Services Superintendent (4158): levels after the first title.
        let (ts, ..) = classes_of(
            "Two years of full-time paid experience as a Civil Engineering Associate II, III, or IV with the City of Los Angeles performing or directing field engineering activities",
        );
        assert_eq!(
            ts,
            [
                "Civil Engineering Associate II",
                "Civil Engineering Associate III",
                "Civil Engineering Associate IV"
            ]
        );
        // Web Content Producer series (1801): ranks before the title.
        let (ts, ..) = classes_of(
            "Two years of full-time paid experience as an Executive, Senior, Coordinating or Web Content Producer",
        );
        assert_eq!(
            ts,
            [
                "Executive Web Content Producer",
                "Senior Web Content Producer",
                "Coordinating Web Content Producer",
                "Web Content Producer"
            ]
        );
        let (ts, ..) = classes_of("Two years of full-time paid experience as a Senior or Principal Accountant");
        assert_eq!(ts, ["Senior Accountant", "Principal Accountant"]);
        // "and/or" between two titles.
        let (ts, ..) =
            classes_of("Three years of full-time paid experience as a Police Officer and/or Police Detective");
        assert_eq!(ts, ["Police Officer", "Police Detective"]);
    }

    #[test]
    fn a_title_ends_where_the_words_stop_being_a_title() {
        // Park services (3141): what the work was is not the class.
        let (ts, _, doing) = classes_of(
            "1040 hours of paid experience as a Special Program Assistant involved in performing gardening, park maintenance or landscape work for the City of Los Angeles",
        );
        assert_eq!(ts, ["Special Program Assistant"]);
        assert!(
            doing
                .as_deref()
                .is_some_and(|d| d.starts_with("involved in performing gardening")),
            "{doing:?}"
        );
        // Meter reading (1602).
        let (ts, _, doing) = classes_of(
            "Two years of full-time paid experience as a Meter Reader team leader responsible for overseeing the field activities of a group of Meter Readers",
        );
        assert_eq!(ts, ["Meter Reader"]);
        assert!(
            doing.as_deref().is_some_and(|d| d.contains("team leader responsible")),
            "{doing:?}"
        );
        // An acronym in parentheses is not part of the title.
        let (ts, ..) = classes_of("One year of full-time paid experience as a Utility Pre-Craft Trainee (UPCT)");
        assert_eq!(ts, ["Utility Pre-Craft Trainee"]);
        // Tax Compliance Officer (1519): "and" joins what follows, not the title.
        let (_, level, _) = classes_of(
            "Two years of full-time paid experience with the City of Los Angeles in a class at the level of Tax Auditor and which provides experience in conducting or reviewing field audits",
        );
        assert_eq!(level.as_deref(), Some("Tax Auditor"));
    }

    #[test]
    fn experience_phrases_of_the_corpus() {
        let e = exp("Two years of full-time paid experience as a Data Entry Operator with the City of Los Angeles");
        assert_eq!(
            (e.amount, e.unit, e.basis, e.paid),
            (Some(2), Some(DurationUnit::Years), Basis::FullTime, true)
        );
        assert_eq!(e.in_classes[0].title, "Data Entry Operator");
        assert_eq!(e.with.as_deref(), Some("with the City of Los Angeles"));
        assert!(e.with_after_classes);
        let style = NumberStyle::Words;
        let (it, typed) = item(
            "Two years of full-time paid experience as a Data Entry Operator with the City of Los Angeles",
            style,
        );
        assert!(typed);
        assert!(matches!(&it, Item::Experience(e) if e.wording.is_none()), "{it:?}");
        let e = exp(
            "Two years of full-time paid experience as an Accounting Clerk or in a class at that level which provides experience in office clerical accounting",
        );
        assert_eq!(e.in_classes[0].title, "Accounting Clerk");
        assert_eq!(e.or_at_that_level.as_deref(), Some("class"));
        let e = exp(
            "Six months of full-time or 960 cumulative hours paid experience with the City of Los Angeles Office of Finance at the level of a Tax Renewal Assistant directly handling payments",
        );
        assert_eq!(e.cumulative_hours, Some(960));
        assert_eq!(e.at_level_of.as_ref().unwrap().title, "Tax Renewal Assistant");
        assert_eq!(e.doing.as_deref(), Some("directly handling payments"));
        let e = exp(
            "Two years of full-time paid professional experience in the processing and controlling of computer-based information systems",
        );
        assert_eq!(e.kind.as_deref(), Some("professional"));
        assert!(e.in_classes.is_empty());
        let e = exp(
            "One year of full-time paid experience as a Management Assistant, Management Aide, or Senior Clerk Typist",
        );
        assert_eq!(e.in_classes.len(), 3);
    }

    #[test]
    fn education_licenses_courses_tests() {
        let e = education("Graduation from an accredited four-year college or university with a major in accounting")
            .unwrap();
        assert_eq!(
            (e.level.as_str(), e.major.as_deref()),
            ("bachelor's degree", Some("accounting"))
        );
        let e = education("Completion of 24 semester or 36 quarter units in accounting").unwrap();
        assert_eq!(
            (e.semester_units, e.quarter_units, e.major.as_deref()),
            (Some(24), Some(36), Some("accounting"))
        );
        let l = license("A valid California Class B driver's license with either the Haz-Mat & Tank Endorsements (X) or the Firefighter Endorsement (RSTR 50)").unwrap();
        assert!(l.name.contains("driver's license"));
        let l =
            license("Registration as a Professional Engineer with the California State Board of Registration").unwrap();
        assert_eq!(l.name, "Registration as a Professional Engineer");
        let c = course("Completion of a recognized apprenticeship as an Asbestos Worker").unwrap();
        assert_eq!(
            c.name.as_deref(),
            Some("recognized apprenticeship as an Asbestos Worker")
        );
        let t = test_item("Achievement of a passing score on the FIREFIGHTER CANDIDATE ASSESSMENT (FCA) in order to be considered in the next phase").unwrap();
        assert_eq!(t.name, "FIREFIGHTER CANDIDATE ASSESSMENT (FCA)");
        assert_eq!(
            age("At least 18 years of age at the time of application")
                .unwrap()
                .years,
            18
        );
    }

    #[test]
    fn substitutions_and_filing_short() {
        let (s, typed) = substitution(
            "Completion of 15 semester or 24 quarter units in Fire Science/Fire Protection Administration at an accredited college or university may be substituted for a maximum of six months of the required experience.",
            NumberStyle::Words,
        )
        .unwrap();
        assert!(typed);
        assert_eq!(s.replaces, Replaces::Experience);
        assert_eq!(
            s.max.as_ref().map(|m| (m.amount, m.unit)),
            Some((6, DurationUnit::Months))
        );
        let (s, _) = substitution(
            "Additional experience of the type specified in Requirement No. 2 may be substituted on a year-for-year basis for the required education lacking.",
            NumberStyle::Words,
        )
        .unwrap();
        assert!(s.year_for_year);
        assert_eq!(s.replaces, Replaces::Education);
        let f = filing_short("Applicants who lack six months or less of the required experience may file for this examination.  However, they cannot be appointed until the full experience requirement is met.").unwrap();
        assert_eq!((f.amount, f.unit), (6, DurationUnit::Months));
        let f = filing_short("Applicants filing under Requirement #2 who lack two months or less of the required experience may file for this examination. However, they cannot be appointed until the full experience requirement is met.").unwrap();
        assert_eq!(f.routes[0].value, "2");
    }
}

#[cfg(test)]
mod typed {
    use super::*;

    /// Real requirement sentences of the corpus that must read as typed
    /// items (each found kept as text once, and fixed).
    #[test]
    fn corpus_sentences_read_as_typed_items() {
        for (t, kinds) in [
            (
                "A bachelor's degree from an accredited four-year college or university; and two (2) years of full-time paid systems implementation experience in installing things",
                &["education", "experience"][..],
            ),
            (
                "Graduation from an accredited four-year college or university with 12 semester or 18 quarter units in upper-division mathematics or statistics",
                &["education"],
            ),
            (
                "A Bachelor's or Master's degree in engineering from an accredited college or university, which includes at least 24 semester units or 36 quarter units of core courses in civil engineering",
                &["education"],
            ),
            (
                "A bachelor's degree from a recognized four-year college in accounting, business administration, public administration or a related field",
                &["education"],
            ),
            (
                "Completion of a recognized apprenticeship as an electrician, which provides experience or training in electrical or electronic control work",
                &["course"],
            ),
            (
                "Successful completion of 60 semester or 90 quarter units of coursework from an accredited trade school, college or university",
                &["education"],
            ),
            (
                "Completion of eight months in the Utility Pre-Craft Trainee training program sponsored by the Los Angeles Department of Water and Power",
                &["experience"],
            ),
            (
                "A Bachelor's degree from an accredited four year college or university",
                &["education"],
            ),
            (
                "Current employment as a Vocational Worker with the City of Los Angeles assigned to a position that performs gardening and landscape work",
                &["employment"],
            ),
            (
                "A letter of recommendation from the personnel office of the employing department, which includes a statement of the department's willingness to hire the employee as an Office Trainee.",
                &["document"],
            ),
            (
                "Two years as a Police Sergeant in the Los Angeles Police Department",
                &["experience"],
            ),
            (
                "A qualifying score on the Police Service Representative written test.",
                &["test"],
            ),
            ("Must be 21 years of age at the time of appointment", &["age"]),
        ] {
            let (its, typed) = items(t, NumberStyle::Words);
            let got: Vec<String> = its
                .iter()
                .map(|i| serde_json::to_value(i).unwrap()["type"].as_str().unwrap().to_string())
                .collect();
            assert!(typed, "not typed: {t}\n{its:?}");
            assert_eq!(got, kinds, "{t}");
        }
    }

    #[test]
    fn an_education_item_never_swallows_another_requirement() {
        // The units are a second requirement, not the major.
        let e = education(
            "Graduation from an accredited four-year college or university and at least 24 semester or 36 quarter units in accounting",
        );
        assert!(e.is_none(), "{e:?}");
        // A second sentence is not the major either.
        let e = education(
            "One year of coursework in a metal trade at the high school level. One year of coursework is two semesters",
        );
        assert!(e.is_none(), "{e:?}");
    }
}
