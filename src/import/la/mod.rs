//! The `la-city` import profile: the City of Los Angeles job bulletins of
//! 2014-2019 (plain text), as `../shared/corpus/la-city-bulletins/` holds
//! 594 of them. Everything specific to those documents lives here: the
//! heading vocabulary and sections ([`blocks`]), dates ([`dates`]), the
//! salary block ([`pay`]), the requirements ([`reqs`]), and below, the
//! header, deadline, selection process and the fixed tail (examination
//! basis, taglines, footers). The jurisdiction's words (labels, footer,
//! blocks) are data in `jurisdiction.toml`.
//!
//! A second profile is another module like this one with its own
//! vocabulary and readers, reusing [`crate::import::doc`], the decoder,
//! the writer and the requirement readers where its phrasing is alike.

pub mod blocks;
pub mod dates;
pub mod pay;
pub mod reqs;

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use self::blocks::{Block, Mark, Sec, Sub, markdown, md};
use super::decode::squeeze;
use super::doc::{Doc, Kind, Use};
use crate::model::bulletin::{
    Application, Bulletin, Component, ExamBasis, FilingPeriod, JobType, Questionnaire, Selection,
    SelectiveCertification, Weight, WeightKeyword,
};
use crate::model::class::{ClassSpec, Metadata, Status};
use crate::model::common::{LocalDateTime, Note, Sp, TimeOfDay};
use crate::model::jurisdiction::{Jurisdiction, Labels};
use crate::model::{Date, Id};

/// The profile's name on the command line.
pub const PROFILE: &str = "la-city";

/// The jurisdiction file written into a workspace that has none.
pub const JURISDICTION_TOML: &str = include_str!("jurisdiction.toml");

/// One bulletin read: its class spec and bulletin, and counts.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub class: ClassSpec,
    pub bulletin: Bulletin,
    /// Requirement routes read into typed items, and kept as text.
    pub typed: usize,
    pub other: usize,
    /// The bulletin's date (its revision, else its open date).
    pub date: NaiveDate,
}

/// Why a file is not imported at all.
pub type Refusal = String;

static CLASS_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)class\s+code:?\s*(\d{3,4})\b").expect("pattern"));
static OPEN_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)open\s+date:?\s*(\d{1,2}-\d{1,2}-\d{2,4})").expect("pattern"));
static REVISED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\brev(?:ised)?\b:?\s*(\d{1,2}-\d{1,2}-\d{2,4})").expect("pattern"));
static OPEN_TO: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\((Exam Open to [^)]*)\)").expect("pattern"));
static FOOTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^class\s+code\s*(\d{3,4})\s*(?:cont\.?)?[\s.…]*(.*)$").expect("pattern"));
static EEO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:an\s+)?equal\s+(?:em\w*\s+)?opp\w*(?:\s+em\w*)?$").expect("pattern"));

/// Read one bulletin. `j` is the jurisdiction the workspace has (its words
/// decide what is said differently by the bulletin).
pub fn parse(doc: &mut Doc, file_name: &str, j: &Jurisdiction) -> Result<Parsed, Refusal> {
    let style = j.style.numbers;
    // The identity of a bulletin is in its header; without a class code it
    // is not a civil-service bulletin of this profile.
    let code_line = (0..doc.len().min(40)).find(|&i| CLASS_CODE.is_match(doc.line(i)));
    let Some(code_line) = code_line else {
        return Err("not a City of Los Angeles job bulletin: it has no \"Class Code:\" line in its header".into());
    };
    if !(0..doc.len()).any(|i| blocks::major(doc.line(i)) == Some(Sec::Salary)) {
        return Err("not a City of Los Angeles job bulletin: it has no ANNUAL SALARY section".into());
    }
    let code = CLASS_CODE
        .captures(doc.line(code_line))
        .map(|c| c[1].to_string())
        .unwrap_or_default();

    let tail = tail(doc, &code);
    let sections = blocks::sections(doc);

    // Header.
    let header = sections.first().cloned().ok_or("empty document")?;
    let mut title = String::new();
    let mut posted = None;
    let mut revised = None;
    let mut open_to = None;
    let mut header_notes = Vec::new();
    for &i in &header.lines {
        if doc.blank(i) {
            continue;
        }
        let text = doc.text(i);
        let mut used = false;
        if title.is_empty() {
            // The title, possibly with the class code on the same line.
            let t = CLASS_CODE.split(&text).next().unwrap_or(&text).trim();
            let t = t.trim_end_matches("REVISED").trim();
            if !t.is_empty() && !t.eq_ignore_ascii_case("CAMPUS INTERVIEWS ONLY") {
                title = t.to_string();
                used = true;
            }
        }
        if let Some(c) = OPEN_DATE.captures(&text) {
            posted = dates::short(&c[1]);
            used = true;
        }
        if let Some(c) = REVISED.captures(&text)
            && !text.to_ascii_lowercase().contains("open date")
        {
            revised = dates::short(&c[1]);
            used = true;
        }
        if let Some(c) = OPEN_TO.captures(&text) {
            open_to = Some(c[1].trim().to_string());
            used = true;
        }
        if CLASS_CODE.is_match(&text) {
            used = true;
        }
        if used {
            doc.mark([i], Use::Typed);
        } else if text.eq_ignore_ascii_case("CAMPUS INTERVIEWS ONLY") || text.starts_with('(') {
            header_notes.push(text.clone());
            doc.mark([i], Use::Text);
        } else if text.eq_ignore_ascii_case("revised") || text.eq_ignore_ascii_case("revised:") {
            doc.mark([i], Use::Furniture);
        }
    }
    if title.is_empty() {
        return Err("the bulletin has no title line".into());
    }
    // The file name says who it is too; say when it disagrees.
    if !file_name.contains(&code) {
        doc.find(
            code_line,
            Kind::Inconsistent,
            format!("the file name does not carry class code {code}; the content's code is used"),
        );
    }
    let posted = posted.or(revised);
    let Some(posted) = posted else {
        return Err("the bulletin has no Open Date".into());
    };
    let date = revised.unwrap_or(posted);
    for &(i, d) in &tail.footer_dates {
        if d != posted && Some(d) != revised {
            doc.find(
                i,
                Kind::Inconsistent,
                format!(
                    "the footer's date {} is neither the open date nor the revision date; the footer is printed with the bulletin's dates",
                    d.format("%m-%d-%y")
                ),
            );
        }
    }

    let mut b = Bulletin {
        imported: None,
        class: Sp::synthetic(format!("{}/{code}", j.id.as_str())),
        // A published bulletin: adopted.
        adoption: None,
        corrections: Vec::new(),
        lint: None,
        job_number: None,
        department: None,
        job_type: JobType::FullTime,
        basis: tail.basis.clone(),
        basis_text: None,
        open_to: None,
        posted: Some(Sp::synthetic(Date(posted))),
        revised: revised.filter(|r| *r != posted).map(|d| Sp::synthetic(Date(d))),
        location: None,
        duties: None,
        pay: Vec::new(),
        pay_list: None,
        pay_reference: None,
        salary_notes: Vec::new(),
        periods: Vec::new(),
        requirements: None,
        process_notes: Vec::new(),
        selective_certification: None,
        application: Application {
            url: None,
            how: Sp::synthetic(String::new()),
            notes: Vec::new(),
            deadline_intro: None,
            received_by: None,
            after_deadline: Vec::new(),
        },
        selection: Selection {
            components: Vec::new(),
            weights_label: None,
            intro: None,
            text: Vec::new(),
            window_test: None,
            after: Vec::new(),
        },
        notes: header_notes
            .into_iter()
            .map(|t| Note {
                title: None,
                text: Sp::synthetic(md(&t)),
            })
            .collect(),
        blocks: None,
        questionnaire: Questionnaire::default(),
    };
    // Who may apply, when the bulletin says it otherwise than the
    // jurisdiction's words for its basis.
    if let Some(t) = open_to {
        let computed = crate::derive::periods::open_to(&b, j);
        if computed.as_deref() != Some(t.as_str()) {
            b.open_to = Some(t);
        }
    }
    if let Some(text) = &tail.basis_text {
        let computed = crate::derive::periods::basis_sentence(&b.basis).unwrap_or_default();
        if reqs::words(&computed) != reqs::words(text) {
            b.basis_text = Some(text.clone());
        }
    }

    let mut class = ClassSpec {
        imported: None,
        code: Sp::synthetic(Id::new(code.clone()).map_err(|e| format!("class code `{code}` {e}"))?),
        code_published: true,
        corrections: Vec::new(),
        lint: None,
        title: Sp::synthetic(title_case(&title)),
        series: None,
        status: Status::default(),
        adoption: None,
        history: Vec::new(),
        summary: Sp::synthetic(String::new()),
        distinguishing_features: None,
        supervision_received: None,
        supervision_exercised: None,
        duties_intro: None,
        duties: Vec::new(),
        more_duties: Vec::new(),
        qualifications_intro: None,
        knowledge: Vec::new(),
        skills: Vec::new(),
        abilities: Vec::new(),
        requirements: None,
        desirable: None,
        substitution: None,
        licenses: Vec::new(),
        physical_requirements: None,
        notes: None,
        agency_uses_intro: None,
        agency_uses: Vec::new(),
        sections: Vec::new(),
        business_units: Vec::new(),
        metadata: Metadata::default(),
        superseded: Vec::new(),
        pay: Vec::new(),
        pay_list: None,
        pay_reference: None,
        blocks: None,
        labels: Labels::default(),
        from_series: false,
    };
    if title.chars().any(|c| c.is_lowercase()) {
        class.title = Sp::synthetic(title.clone());
    }

    let mut typed = 0;
    let mut other = 0;
    let mut process_blocks: Vec<Block> = Vec::new();
    let mut saw_deadline = false;
    for s in sections.iter().skip(1) {
        if let Some(h) = s.heading {
            doc.mark([h], Use::Furniture);
        }
        let bl = blocks::blocks(doc, &s.lines);
        match s.kind {
            Sec::Header => {}
            Sec::Salary => salary(doc, &bl, &mut b, j),
            Sec::Duties => {
                let text = markdown(&bl.iter().filter(|x| x.sub.is_none()).collect::<Vec<_>>());
                mark_blocks(doc, &bl, Use::Text);
                class.summary = Sp::synthetic(text);
            }
            Sec::Requirements => {
                let r = reqs::parse(doc, bl, style);
                typed += r.typed;
                other += r.other;
                class.requirements = r.requirements;
                process_blocks.extend(r.notes);
            }
            Sec::ProcessNotes => process_blocks.extend(bl),
            Sec::SelectiveCert => {
                let body: Vec<&Block> = bl.iter().filter(|x| x.sub.is_none()).collect();
                let listed = body.iter().any(|x| x.mark != Mark::Para);
                // A list holds the areas; without one, the paragraphs after
                // the first are.
                let (intro, areas): (Vec<&Block>, Vec<&Block>) = if listed {
                    body.iter().partition(|x| x.mark == Mark::Para)
                } else {
                    (
                        body.iter().take(1).copied().collect(),
                        body.iter().skip(1).copied().collect(),
                    )
                };
                mark_blocks(doc, &bl, Use::Text);
                let intro_text = markdown(&intro);
                b.selective_certification = Some(SelectiveCertification {
                    intro: Sp::synthetic(intro_text),
                    areas: areas.iter().map(|a| Sp::synthetic(md(&a.text))).collect(),
                    languages: false,
                });
            }
            Sec::WhereToApply => {
                let (how, notes) = split_at_sub(&bl);
                mark_blocks(doc, &bl, Use::Text);
                b.application.how = Sp::synthetic(markdown(&how));
                for (title, n) in notes {
                    b.application.notes.push(Note {
                        title: Some(title),
                        text: Sp::synthetic(markdown(&n)),
                    });
                }
            }
            Sec::Deadline => {
                saw_deadline = true;
                deadline(doc, &bl, &mut b, posted, j);
            }
            Sec::Selection => selection(doc, &bl, &mut b),
            Sec::Other => {
                mark_blocks(doc, &bl, Use::Text);
                let (body, subs) = split_at_sub(&bl);
                b.notes.push(Note {
                    title: Some(s.title.clone()),
                    text: Sp::synthetic(markdown(&body)),
                });
                for (title, blocks) in subs {
                    b.notes.push(Note {
                        title: Some(title),
                        text: Sp::synthetic(markdown(&blocks)),
                    });
                }
            }
        }
    }
    if !saw_deadline || b.periods.is_empty() {
        // Continuous filing: open from the open date on.
        b.periods.push(FilingPeriod {
            open: Sp::synthetic(LocalDateTime(
                posted.and_time(chrono::NaiveTime::MIN),
                TimeOfDay::WholeDay,
            )),
            close: None,
            wording: None,
            test_window: None,
        });
    }
    process_notes(doc, process_blocks, &mut b, &mut class, style);
    if let Some(r) = class.requirements.as_mut() {
        let demoted = settle(r, j.pay.hours_per_year);
        for text in demoted {
            b.process_notes.push(Sp::synthetic(text));
        }
        refer(r, &mut b.process_notes);
    }
    if class.summary.trim().is_empty() {
        class.summary = Sp::synthetic(format!("Performs the work of a {}.", class.title.value));
        if let Some(i) = code_line.checked_sub(0) {
            doc.find(
                i,
                Kind::Inconsistent,
                "the bulletin has no DUTIES section; the class summary says only its title",
            );
        }
    }
    if b.application.how.trim().is_empty() {
        b.application.how = Sp::synthetic("See the City of Los Angeles Personnel Department.".into());
    }
    // Boilerplate: the jurisdiction's blocks stand for the taglines the
    // bulletin has; a variant wording is kept as a note.
    let mut blocks_used: Vec<String> = Vec::new();
    if let Some(t) = &tail.non_discrimination {
        let block = j
            .blocks
            .get("non-discrimination")
            .map(|bl| bl.text.value.clone())
            .unwrap_or_default();
        if reqs::words(&block) == reqs::words(t) {
            blocks_used.push("non-discrimination".into());
        } else {
            b.notes.push(Note {
                title: None,
                text: Sp::synthetic(md(t)),
            });
        }
    }
    if tail.eeo {
        blocks_used.push("eeo".into());
    }
    if let Some(t) = &tail.faqs {
        let block = j.blocks.get("faqs").map(|bl| bl.text.value.clone()).unwrap_or_default();
        if reqs::words(&block) == reqs::words(t) {
            blocks_used.push("faqs".into());
        } else {
            b.notes.push(Note {
                title: None,
                text: Sp::synthetic(md(t)),
            });
        }
    }

    let default_blocks: Vec<String> = j.bulletins.blocks.iter().map(|s| s.value.clone()).collect();
    if blocks_used != default_blocks {
        b.blocks = Some(blocks_used.into_iter().map(Sp::synthetic).collect());
    }
    Ok(Parsed {
        class,
        bulletin: b,
        typed,
        other,
        date,
    })
}

/// Keep typed only what holds together: a substitution, filing allowance
/// or anticipated-degree allowance that adjusts nothing the routes state
/// goes back to the text it came from (returned, for the process notes, or
/// kept in the requirement notes).
fn settle(r: &mut crate::model::requirements::Requirements, hours: f64) -> Vec<String> {
    use crate::derive::requirements::{fte_months, length_months};
    use crate::model::expr::RouteRef;
    use crate::model::requirements::{Item, Replaces};
    let n = r.routes.len();
    let targets = |named: &[Sp<String>]| -> Vec<RouteRef> {
        if named.is_empty() {
            (1..=n).map(RouteRef::route).collect()
        } else {
            named.iter().filter_map(|s| RouteRef::parse(s)).collect()
        }
    };
    let months = |r: &crate::model::requirements::Requirements, at: RouteRef| -> Option<f64> {
        r.items_of(at)
            .iter()
            .filter_map(|i| match &i.value {
                Item::Experience(e) => fte_months(e, hours),
                _ => None,
            })
            .reduce(f64::max)
    };
    let has_education = |r: &crate::model::requirements::Requirements, at: RouteRef| {
        r.items_of(at)
            .iter()
            .any(|i| matches!(i.value, Item::Education(_) | Item::Course(_)))
    };
    let mut keep = Vec::new();
    let mut notes = Vec::new();
    for s in std::mem::take(&mut r.substitutions) {
        let ts = targets(&s.routes);
        let valid_refs = ts.iter().all(|t| r.resolve(*t).is_some());
        let ok = valid_refs
            && match s.replaces {
                Replaces::Experience => {
                    let most = ts.iter().filter_map(|&t| months(r, t)).fold(0.0, f64::max);
                    let stands = s
                        .max
                        .as_ref()
                        .or(s.amount.as_ref())
                        .map(|l| length_months(l, hours))
                        .unwrap_or(0.0);
                    most > 0.0 && stands <= most + 1e-9
                }
                Replaces::Education => ts.iter().any(|&t| has_education(r, t)),
            };
        if ok {
            keep.push(s);
        } else {
            notes.push(Sp::synthetic(s.wording.clone().unwrap_or_default()));
        }
    }
    r.substitutions = keep;
    r.notes.splice(0..0, notes);
    let mut back = Vec::new();
    if let Some(f) = &r.filing_short {
        let allowance = length_months(
            &crate::model::requirements::Length {
                amount: f.amount,
                unit: f.unit,
            },
            hours,
        );
        let ts = targets(&f.routes);
        let with: Vec<f64> = ts.iter().filter_map(|&t| months(r, t)).collect();
        if with.is_empty() || with.iter().any(|m| allowance >= m - 1e-9) {
            let f = r.filing_short.take().map(|f| f.value);
            if let Some(f) = f {
                let probe = crate::model::requirements::Requirements {
                    filing_short: Some(Sp::synthetic(f.clone())),
                    ..Default::default()
                };
                let text = crate::derive::requirements::allowance_sentences(
                    &probe,
                    crate::model::jurisdiction::NumberStyle::Words,
                )
                .join(" ");
                back.push(f.wording.unwrap_or(text));
            }
        }
    }
    let has_degree = r.routes.iter().any(|route| {
        route
            .items
            .iter()
            .chain(route.parts.iter().flat_map(|p| p.items.iter()))
            .any(|i| matches!(&i.value, Item::Education(e) if e.level.contains("degree")))
    });
    if !has_degree && let Some(a) = r.anticipated_degree.take() {
        back.push(a.value.wording.unwrap_or_default());
    }
    back
}

/// "Requirement #2" typed in the requirement and process notes becomes a
/// `{#2}` reference when route 2 exists (it prints the same, and is
/// checked).
fn refer(r: &mut crate::model::requirements::Requirements, process_notes: &mut [Sp<String>]) {
    static TYPED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b([Rr])equirement #(\d)\b").expect("pattern"));
    let n = r.routes.len();
    let fix = |t: &str| -> String {
        TYPED
            .replace_all(t, |c: &regex::Captures| {
                let k: usize = c[2].parse().unwrap_or(0);
                if k >= 1 && k <= n {
                    format!("{{#{k}}}")
                } else {
                    c[0].to_string()
                }
            })
            .into_owned()
    };
    for note in r.notes.iter_mut().chain(process_notes.iter_mut()) {
        note.value = fix(&note.value);
    }
    for s in r.substitutions.iter_mut() {
        if let Some(w) = s.value.wording.as_mut() {
            *w = fix(w);
        }
    }
    for route in r.routes.iter_mut() {
        if let Some(note) = route.value.note.as_mut() {
            *note = fix(note);
        }
    }
}

/// "A valid California driver's license is required", "Some positions may
/// require a valid California Class B driver's license".
fn drivers_license(text: &str) -> Option<crate::model::requirements::License> {
    use crate::model::requirements::{License, Need};
    static R: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?P<may>some positions may require |may require |may be required)?\ban? valid (?P<ca>California'?s? )?(?P<class>(?:commercial )?class [abc](?: \(or [abc]\))?(?: or (?:class )?[abc])? )?(?:commercial )?driver'?s'? licen[cs]e").expect("pattern")
    });
    let c = R.captures(text)?;
    let after = &text[c.get(0)?.end()..];
    let sentence_end = after
        .find(". ")
        .map(|i| &after[..i])
        .unwrap_or(after)
        .to_ascii_lowercase();
    let may = c.name("may").is_some() || sentence_end.contains("may be required");
    let class = c
        .name("class")
        .map(|m| {
            let t = m.as_str().trim().to_ascii_lowercase().replace("commercial ", "");
            let letters: Vec<String> = t
                .split(|ch: char| !ch.is_ascii_alphabetic())
                .filter(|w| w.len() == 1)
                .map(|w| w.to_ascii_uppercase())
                .collect();
            format!("Class {} ", letters.join(" or "))
        })
        .unwrap_or_default();
    Some(License {
        name: format!(
            "{}{class}driver's license",
            if c.name("ca").is_some() { "California " } else { "" }
        ),
        valid: true,
        need: if may { Need::MayBeRequired } else { Need::Required },
        at: crate::import::la::reqs::stage_of(&sentence_end).or(Some(crate::model::requirements::Stage::Appointment)),
        wording: None,
    })
}

/// "ACCOUNTANT" → "Accountant": words capitalised, small words in lower
/// case, roman numerals and acronyms (in parentheses, or known ones) kept.
pub fn title_case(s: &str) -> String {
    const SMALL: [&str; 9] = ["of", "and", "the", "for", "in", "on", "to", "or", "a"];
    const KEEP: [&str; 16] = [
        "II", "III", "IV", "V", "VI", "GIS", "DWP", "LAPD", "LAFD", "EMS", "IT", "HVAC", "PBX", "CNC", "TV", "ADA",
    ];
    s.split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            let core: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
            let in_parens = w.starts_with('(') && w.ends_with(')');
            if KEEP.contains(&core.as_str())
                || (in_parens && core.len() <= 5 && core.chars().all(|c| c.is_ascii_uppercase()))
            {
                return w.to_string();
            }
            let lower = w.to_lowercase();
            if i > 0 && SMALL.contains(&lower.as_str()) {
                return lower;
            }
            let mut out = String::new();
            let mut up = true;
            for c in lower.chars() {
                if up && c.is_alphabetic() {
                    out.extend(c.to_uppercase());
                    up = false;
                } else {
                    out.push(c);
                }
                if matches!(c, '-' | '(' | '/') {
                    up = true;
                }
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn mark_blocks(doc: &mut Doc, bl: &[Block], u: Use) {
    for b in bl {
        doc.mark(
            b.lines.iter().copied(),
            if b.sub.is_some() { Use::Furniture } else { u },
        );
    }
}

/// Blocks before the first sub-heading, and each sub-heading's blocks
/// with its title ("NOTE", "NOTES", "NOTICE").
fn split_at_sub(bl: &[Block]) -> (Vec<&Block>, Vec<(String, Vec<&Block>)>) {
    let mut before = Vec::new();
    let mut subs: Vec<(String, Vec<&Block>)> = Vec::new();
    for b in bl {
        if let Some(s) = b.sub {
            subs.push((sub_title(s).into(), Vec::new()));
        } else if let Some((_, v)) = subs.last_mut() {
            v.push(b);
        } else {
            before.push(b);
        }
    }
    (before, subs)
}

fn sub_title(s: Sub) -> &'static str {
    match s {
        Sub::Notes => "NOTES",
        Sub::Notice => "NOTICE",
        Sub::PassingScore => "Passing Score",
    }
}

/// What the fixed tail of a bulletin says: basis, taglines, footers.
#[derive(Debug, Default)]
struct Tail {
    basis: Vec<ExamBasis>,
    basis_text: Option<String>,
    eeo: bool,
    non_discrimination: Option<String>,
    /// "For additional information and FAQs regarding the City's hiring
    /// process, please go to: ..."
    faqs: Option<String>,
    /// This class's footers: line and date.
    footer_dates: Vec<(usize, NaiveDate)>,
}

/// Find and mark the tail: the basis block (two lines or more up to
/// "BASIS"), the EEO tagline (repeats are page furniture), the
/// non-discrimination paragraph, and footers (this class's footers are
/// regenerated from the jurisdiction's footer; another class's code is a
/// stale template line, reported).
fn tail(doc: &mut Doc, code: &str) -> Tail {
    let mut t = Tail::default();
    let mut i = 0;
    while i < doc.len() {
        let text = doc.text(i);
        // The basis block is in capitals, at the start of its line (after
        // stray characters such as "[0]" at most).
        let at = text
            .find("THIS EXAM")
            .filter(|&a| {
                text[a..].starts_with("THIS EXAMINATION IS TO BE") || text[a..].starts_with("THIS EXAM IS TO BE")
            })
            .filter(|&a| a == 0 || a <= 60);
        if let Some(at) = at {
            // Gather lines up to the one holding "BASIS".
            let mut lines = vec![i];
            let mut joined = text[at..].to_string();
            let mut k = i;
            while !joined.to_ascii_uppercase().contains("BASIS") && k + 1 < doc.len() && lines.len() < 5 {
                k += 1;
                if doc.blank(k) {
                    continue;
                }
                lines.push(k);
                joined.push(' ');
                joined.push_str(&doc.text(k));
            }
            let u = joined.to_ascii_uppercase();
            let mut basis = Vec::new();
            if u.contains("INTERDEP") {
                basis.push(ExamBasis::InterdepartmentalPromotional);
            }
            if u.contains("DEPARTMENTAL PROMO")
                && !u.replace("INTERDEPARTMENTAL", "").is_empty()
                && u.replace("INTERDEPARTMENTAL", "").contains("DEPARTMENTAL PROMO")
            {
                basis.push(ExamBasis::DepartmentalPromotional);
            }
            if u.contains("OPEN COMPET") {
                basis.push(ExamBasis::OpenCompetitive);
            }
            if !basis.is_empty() && t.basis.is_empty() {
                // The basis in the order the source names them.
                basis.sort_by_key(|b| match b {
                    ExamBasis::OpenCompetitive => u.find("OPEN COMPET").unwrap_or(0),
                    ExamBasis::InterdepartmentalPromotional => u.find("INTERDEP").unwrap_or(0),
                    ExamBasis::DepartmentalPromotional => u.find("DEPARTMENTAL PROMO").unwrap_or(0),
                });
                t.basis = basis;
                let sentence = squeeze(&joined);
                t.basis_text = Some(sentence.trim_end_matches('.').to_string() + ".");
                if at > 0 {
                    doc.find(
                        i,
                        Kind::NotImported,
                        format!("text before the basis line: \"{}\"", text[..at].trim()),
                    );
                }
                doc.mark(lines.iter().copied(), Use::Typed);
            } else if !basis.is_empty() {
                doc.find(
                    i,
                    Kind::Inconsistent,
                    "a second examination-basis line; the first is used",
                );
                doc.mark(lines.iter().copied(), Use::Furniture);
            }
            i = k + 1;
            continue;
        }
        if EEO.is_match(&text) {
            t.eeo = true;
            doc.mark([i], Use::Furniture);
        } else if text.starts_with("For additional information and FAQs regarding the City") {
            if t.faqs.is_none() {
                t.faqs = Some(text.clone());
                doc.mark([i], Use::Text);
            } else {
                doc.mark([i], Use::Furniture);
            }
        } else if text.starts_with("The City of Los Angeles does not discriminate") {
            if t.non_discrimination.is_none() {
                t.non_discrimination = Some(text.clone());
                doc.mark([i], Use::Text);
            } else {
                doc.mark([i], Use::Furniture);
            }
        } else if let Some(c) = FOOTER.captures(&text)
            && (dates::short(&c[2]).is_some() || c[2].trim().is_empty())
        {
            if &c[1] == code {
                doc.mark([i], Use::Furniture);
                if let Some(d) = dates::short(&c[2]) {
                    t.footer_dates.push((i, d));
                }
            } else {
                doc.drop_line(
                    i,
                    format!("a footer of another class (code {}): a stale template line", &c[1]),
                );
            }
        }
        i += 1;
    }
    t
}

/// The salary block: general and department ranges, then notes.
fn salary(doc: &mut Doc, bl: &[Block], b: &mut Bulletin, j: &Jurisdiction) {
    let mut in_notes = false;
    let mut list = None;
    for blk in bl {
        if blk.sub.is_some() {
            in_notes = true;
            doc.mark(blk.lines.iter().copied(), Use::Furniture);
            continue;
        }
        let read = if in_notes { None } else { pay::line(&blk.text) };
        match read {
            Some(mut l) => {
                if let Some((name, lead)) = &l.schedule {
                    let default = j
                        .pay
                        .schedule_lead
                        .as_deref()
                        .unwrap_or("The salary in the {schedule} is")
                        .replace("{schedule}", name);
                    if reqs::words(&default) != reqs::words(lead)
                        && let Some(first) = l.ranges.first_mut()
                    {
                        first.lead = Some(lead.clone());
                    }
                }
                // The general line's style wins; a department line's is
                // kept when the general line has a single range.
                if l.list.is_some() && (l.schedule.is_none() || list.is_none()) {
                    list = l.list;
                }
                doc.mark(blk.lines.iter().copied(), Use::Typed);
                b.pay.extend(l.ranges);
                if let Some(rest) = l.rest {
                    b.salary_notes.push(Sp::synthetic(md(&rest)));
                }
                if l.extra {
                    // What the figures do not carry (an asterisk, an
                    // effective date) stays readable as a note.
                    b.salary_notes.push(Sp::synthetic(md(&blk.text)));
                    doc.find(
                        blk.lines[0],
                        Kind::Ambiguous,
                        "the salary line says more than its figures; kept as a note too",
                    );
                }
            }
            None => {
                doc.mark(blk.lines.iter().copied(), Use::Text);
                b.salary_notes.push(Sp::synthetic(md(&blk.text)));
            }
        }
    }
    if let Some(l) = list
        && l != j.pay.list
    {
        b.pay_list = Some(l);
    }
    if b.pay.iter().all(|r| r.schedule.is_some()) && !b.pay.is_empty() {
        doc.find(
            bl.first().and_then(|x| x.lines.first()).copied().unwrap_or(0),
            Kind::Ambiguous,
            "only department salaries are stated; there is no general range",
        );
    }
}

/// The deadline section: a "received by" day, dated periods, or none
/// (open until further notice), and the paragraphs around them.
fn deadline(doc: &mut Doc, bl: &[Block], b: &mut Bulletin, posted: NaiveDate, j: &Jurisdiction) {
    static RECEIVED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?P<lead>(?:applications?|city applications?)\b[^.]*?\bmust be (?:received|submitted)[^.]*?)\s+(?:by\s+|on\s+)?(?P<date>(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s*)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[^.]*?\d{4})\.?$").expect("pattern")
    });
    let mut periods: Vec<FilingPeriod> = Vec::new();
    let mut intro = Vec::new();
    let mut after = Vec::new();
    for blk in bl {
        if blk.sub.is_some() {
            doc.mark(blk.lines.iter().copied(), Use::Furniture);
            after.push(format!("**{}:**", sub_title(blk.sub.unwrap_or(Sub::Notes))));
            continue;
        }
        let text = blk.text.trim();
        let found = dates::long_all(text);
        for f in found.iter().filter(|f| f.weekday_wrong) {
            doc.find(
                blk.lines[0],
                Kind::Inconsistent,
                format!("the weekday does not match {} ({})", f.date, f.date.format("%A")),
            );
        }
        if let Some(c) = RECEIVED.captures(text)
            && found.len() == 1
        {
            let lead = c["lead"].trim().to_string();
            let lead = if lead.to_ascii_lowercase().ends_with(" by") {
                lead
            } else {
                format!("{lead} by")
            };
            let default = j
                .bulletins
                .received_by
                .as_deref()
                .unwrap_or("Applications must be received by");
            if lead != default {
                b.application.received_by = Some(lead);
            }
            periods.push(FilingPeriod {
                open: Sp::synthetic(LocalDateTime(
                    posted.and_time(chrono::NaiveTime::MIN),
                    TimeOfDay::WholeDay,
                )),
                close: Some(Sp::synthetic(LocalDateTime(
                    found[0].date.and_time(chrono::NaiveTime::MIN),
                    TimeOfDay::WholeDay,
                ))),
                wording: None,
                test_window: None,
            });
            doc.mark(blk.lines.iter().copied(), Use::Typed);
            continue;
        }
        let lower = text.to_ascii_lowercase();
        let window = found.len() >= 2
            && (lower.starts_with("from ")
                || lower.contains("following three days")
                || lower.contains(" through ")
                || lower.contains("starting at")
                || lower.contains(" to "))
            && !lower.contains("kept on file")
            && !lower.contains("rule 4.2");
        if window {
            let (first, last) = (&found[0], &found[found.len() - 1]);
            let open_t = dates::time(&text[..first.range.end.min(text.len())])
                .or_else(|| dates::time(&text[..first.range.start]));
            let close_t = dates::time(&text[found[found.len() - 2].range.end..]);
            let at = |d: NaiveDate, t: Option<chrono::NaiveTime>| match t {
                Some(t) => LocalDateTime(d.and_time(t), TimeOfDay::Given),
                None => LocalDateTime(d.and_time(chrono::NaiveTime::MIN), TimeOfDay::WholeDay),
            };
            let mut p = FilingPeriod {
                open: Sp::synthetic(at(first.date, open_t)),
                close: Some(Sp::synthetic(at(last.date, close_t))),
                wording: None,
                test_window: None,
            };
            // Keep the source's words when the computed sentence differs.
            let probe = Bulletin {
                periods: vec![p.clone()],
                ..b.clone()
            };
            let computed = crate::derive::periods::periods(&probe, j, posted)
                .into_iter()
                .next()
                .map(|x| x.sentence)
                .unwrap_or_default();
            if reqs::words(&computed) != reqs::words(text) {
                p.wording = Some(md(text));
            }
            periods.push(p);
            doc.mark(blk.lines.iter().copied(), Use::Typed);
            continue;
        }
        doc.mark(blk.lines.iter().copied(), Use::Text);
        let t = match &blk.mark {
            Mark::Number(n) => format!("{n}. {}", md(text)),
            _ => md(text),
        };
        if periods.is_empty() && lower.ends_with(':') {
            intro.push(t);
        } else {
            after.push(t);
        }
    }
    if periods.is_empty() {
        // Open until further notice: the section's first paragraph says how
        // filing runs ("This examination may close without prior notice
        // ..."), and is printed as the period.
        let first = after.iter().position(|a| {
            !a.starts_with("**")
                && !a
                    .split_once(". ")
                    .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
        });
        let wording = first.map(|k| after.remove(k));
        periods.push(FilingPeriod {
            open: Sp::synthetic(LocalDateTime(
                posted.and_time(chrono::NaiveTime::MIN),
                TimeOfDay::WholeDay,
            )),
            close: None,
            wording,
            test_window: None,
        });
    }
    if periods.len() > 1 {
        // Several "received by" lines would each read "Applications must
        // be received by": as periods they read "From ... to ...".
        periods.sort_by_key(|p| p.open.value);
    }
    b.periods = periods;
    if !intro.is_empty() {
        b.application.deadline_intro = Some(intro.join("\n\n"));
    }
    // Numbered paragraphs in a row form one list.
    let mut merged: Vec<String> = Vec::new();
    for a in after {
        let numbered = a
            .split_once(". ")
            .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty());
        match merged.last_mut() {
            Some(prev)
                if numbered
                    && prev
                        .split_once(". ")
                        .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit())) =>
            {
                prev.push('\n');
                prev.push_str(&a);
            }
            _ => merged.push(a),
        }
    }
    b.application.after_deadline = merged.into_iter().map(Sp::synthetic).collect();
}

/// The selection process: text before the weights, the weights, text
/// after them, the notes and the passing-score sections.
fn selection(doc: &mut Doc, bl: &[Block], b: &mut Bulletin) {
    static LABEL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^\s*(examination weights?:)\s*").expect("pattern"));
    static COMP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?P<name>[A-Za-z(][^.…%\t]*?)\s*(?:[.…]\s*){2,}\s*(?P<w>\d{1,3}(?:\.\d+)?\s*%|advisory|qualifying\s*\(?pass/fail\)?|qualifying|pass/fail)").expect("pattern")
    });
    // The components of a weights line, when the whole line is made of
    // them (after the label): name, weight and the label if any.
    type Weights = (Option<String>, Vec<(String, String)>);
    fn weights(line: &str) -> Option<Weights> {
        let (label, rest) = match LABEL.captures(line) {
            Some(c) => (Some(squeeze(&c[1])), &line[c.get(0).map(|m| m.end()).unwrap_or(0)..]),
            None => (None, line),
        };
        let mut comps = Vec::new();
        let mut covered = 0;
        for c in COMP.captures_iter(rest) {
            let m = c.get(0)?;
            if !rest[covered..m.start()].trim().is_empty() {
                return None;
            }
            covered = m.end();
            comps.push((c["name"].trim().to_string(), c["w"].to_string()));
        }
        (!comps.is_empty() && rest[covered..].trim().is_empty()).then_some((label, comps))
    }
    let mut intro: Vec<&Block> = Vec::new();
    let mut text: Vec<String> = Vec::new();
    let mut after: Vec<(String, Vec<&Block>)> = Vec::new();
    let mut seen_weights = false;
    let mut pending_name: Option<String> = None;
    for blk in bl {
        if let Some(s) = blk.sub {
            doc.mark(blk.lines.iter().copied(), Use::Furniture);
            let title = match s {
                Sub::PassingScore => doc.text(blk.lines[0]).trim_end_matches(':').to_string(),
                _ => sub_title(s).to_string(),
            };
            after.push((title, Vec::new()));
            continue;
        }
        if let Some((_, v)) = after.last_mut() {
            doc.mark(blk.lines.iter().copied(), Use::Text);
            v.push(blk);
            continue;
        }
        // Weight lines: a physical line holds one component or more.
        let mut all_weights = true;
        let mut comps = Vec::new();
        for &i in &blk.lines {
            let line = doc.text(i);
            if let Some((label, found)) = weights(&line) {
                if let Some(l) = label {
                    b.selection.weights_label = Some(l);
                }
                for (name, w) in found {
                    let mut name = name.trim_end_matches('.').trim().to_string();
                    if let Some(p) = pending_name.take() {
                        name = format!("{p} {name}").trim().to_string();
                    }
                    let w = w.to_ascii_lowercase().replace(' ', "");
                    let weight = if let Some(p) = w.strip_suffix('%') {
                        p.parse::<f64>()
                            .ok()
                            .filter(|p| (0.0..=100.0).contains(p))
                            .map(Weight::Percent)
                    } else if w.starts_with("advisory") {
                        Some(Weight::Keyword(WeightKeyword::Advisory))
                    } else if w.starts_with("pass") {
                        Some(Weight::Keyword(WeightKeyword::PassFail))
                    } else {
                        Some(Weight::Keyword(WeightKeyword::Qualifying))
                    };
                    match weight {
                        Some(w) if !name.is_empty() => comps.push((
                            i,
                            Component {
                                name,
                                weight: Sp::synthetic(w),
                            },
                        )),
                        _ => all_weights = false,
                    }
                }
            } else if let Some(c) = LABEL.captures(&line).filter(|_| !seen_weights) {
                // A component name that wraps onto the next line.
                b.selection.weights_label = Some(squeeze(&c[1]));
                pending_name = Some(line[c.get(0).map(|m| m.end()).unwrap_or(0)..].trim().to_string());
                doc.mark([i], Use::Typed);
            } else if pending_name.is_some() {
                let p = pending_name.take().unwrap_or_default();
                pending_name = Some(format!("{p} {line}"));
                doc.mark([i], Use::Typed);
            } else {
                all_weights = false;
            }
        }
        if !comps.is_empty() && all_weights {
            seen_weights = true;
            for (i, c) in comps {
                doc.mark([i], Use::Typed);
                b.selection.components.push(c);
            }
            continue;
        }
        if !comps.is_empty() {
            // A weight line with text around it: take the weights, keep the
            // rest as text.
            seen_weights = true;
            for (i, c) in comps {
                doc.mark([i], Use::Typed);
                b.selection.components.push(c);
            }
            let rest: Vec<usize> = blk.lines.iter().copied().filter(|&i| doc.is_free(i)).collect();
            if !rest.is_empty() {
                let t: Vec<String> = rest.iter().map(|&i| doc.text(i)).collect();
                doc.mark(rest, Use::Text);
                text.push(md(&t.join(" ")));
            }
            continue;
        }
        if pending_name.is_some() {
            continue;
        }
        doc.mark(blk.lines.iter().copied(), Use::Text);
        if !seen_weights && text.is_empty() {
            intro.push(blk);
        } else {
            text.push(match &blk.mark {
                Mark::Number(n) => format!("{n}. {}", md(&blk.text)),
                Mark::Letter(c) => format!("- {c}. {}", md(&blk.text)),
                _ => md(&blk.text),
            });
        }
    }
    if !intro.is_empty() {
        if seen_weights {
            b.selection.intro = Some(Sp::synthetic(markdown(&intro)));
        } else {
            // No weights: the text is all there is.
            text.splice(0..0, intro.iter().map(|x| md(&x.text)));
        }
    }
    // Numbered paragraphs in a row are one list.
    let mut merged: Vec<String> = Vec::new();
    for t in text {
        let numbered = t
            .split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        match merged.last_mut() {
            Some(prev)
                if numbered
                    && prev
                        .split_once(". ")
                        .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())) =>
            {
                prev.push('\n');
                prev.push_str(&t);
            }
            _ => merged.push(t),
        }
    }
    b.selection.text = merged.into_iter().map(Sp::synthetic).collect();
    for (title, blocks) in after {
        if blocks.is_empty() {
            continue;
        }
        let note = Note {
            title: Some(title.clone()),
            text: Sp::synthetic(markdown(&blocks)),
        };
        if title == "NOTICE" {
            b.notes.push(note);
        } else {
            b.selection.after.push(note);
        }
    }
}

/// Process notes: the "lack six months or less" and anticipated-degree
/// allowances become typed (on the class's requirements); the rest stays
/// as notes.
fn process_notes(
    doc: &mut Doc,
    bl: Vec<Block>,
    b: &mut Bulletin,
    class: &mut ClassSpec,
    style: crate::model::jurisdiction::NumberStyle,
) {
    let _ = style;
    let mut items: Vec<(String, Vec<usize>)> = Vec::new();
    for blk in &bl {
        if blk.sub.is_some() {
            doc.mark(blk.lines.iter().copied(), Use::Furniture);
            continue;
        }
        match &blk.mark {
            Mark::Letter(c) if !items.is_empty() => {
                if let Some((t, l)) = items.last_mut() {
                    let sep = if t.contains("\n- ") { "\n" } else { "\n\n" };
                    t.push_str(&format!("{sep}- {c}. {}", md(&blk.text)));
                    l.extend(blk.lines.iter().copied());
                }
            }
            Mark::Para if !items.is_empty() && blk.text.chars().next().is_some_and(|c| c.is_lowercase()) => {
                if let Some((t, l)) = items.last_mut() {
                    t.push(' ');
                    t.push_str(&md(&blk.text));
                    l.extend(blk.lines.iter().copied());
                }
            }
            _ if blk.text.trim().is_empty() => doc.mark(blk.lines.iter().copied(), Use::Furniture),
            _ => items.push((blk.text.clone(), blk.lines.clone())),
        }
    }
    for (text, lines) in items {
        if let Some(r) = class.requirements.as_mut() {
            if r.filing_short.is_none()
                && let Some(f) = reqs::filing_short(&text)
            {
                let mut f = f;
                let probe = crate::model::requirements::Requirements {
                    filing_short: Some(Sp::synthetic(f.clone())),
                    ..Default::default()
                };
                let computed = crate::derive::requirements::allowance_sentences(&probe, style)
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                if reqs::words(&computed) != reqs::words(&text) {
                    f.wording = Some(md(&text));
                }
                // An allowance for a route that is not there stays text.
                let routes_ok = f
                    .routes
                    .iter()
                    .all(|x| x.parse::<usize>().is_ok_and(|n| n >= 1 && n <= r.routes.len()));
                if routes_ok {
                    r.filing_short = Some(Sp::synthetic(f));
                    doc.mark(lines.iter().copied(), Use::Typed);
                    continue;
                }
            }
            let lower = text.to_ascii_lowercase();
            if r.anticipated_degree.is_none()
                && (lower.contains("within one semester or one quarter of obtaining")
                    || lower.starts_with("college seniors"))
                && lower.len() < 400
            {
                r.anticipated_degree = Some(Sp::synthetic(crate::model::requirements::AnticipatedDegree {
                    within: None,
                    wording: Some(md(&text)),
                }));
                doc.mark(lines.iter().copied(), Use::Typed);
                continue;
            }
        }
        doc.mark(lines.iter().copied(), Use::Text);
        // A driver's license the note asks for is a fact of the class too
        // (the note stays as the bulletin words it).
        if let Some(l) = drivers_license(&text)
            && !class.licenses.iter().any(|x| x.name == l.name)
        {
            class.licenses.push(l);
        }
        b.process_notes.push(Sp::synthetic(md(&text)));
    }
}
