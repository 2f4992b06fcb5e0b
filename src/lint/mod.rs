//! `classplan lint`: the words themselves — plain language, coded
//! wording, degree-only requirements, pay transparency, shouting, link
//! text, accommodation wording, spelling and acronyms — for every class
//! spec and bulletin, with the figures of the plan-wide report.
//!
//! Beside the pipeline after `derive`: reads the checked plan, its source
//! texts (every finding points at the words in the TOML) and the route
//! sentences `derive` writes; returns diagnostics (levels and exceptions
//! are applied by `validate::lint_config`, as for `check`'s) and the
//! report's data. No I/O: the composition root reads `words.txt`.

pub mod fix;
pub mod measure;
pub mod prose;
pub mod report;
pub mod spelling;
pub mod words;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use rayon::prelude::*;

use crate::diag::{Diagnostic, FileId, Sources, Span};
use crate::load::Workspace;
use crate::model::requirements::{Item, Requirements};
use crate::model::{JurisdictionPlan, PayRange, Plan};
use crate::rules::{Rule, Severity};
use measure::Counts;
use prose::Role;

/// Defaults of the thresholds a jurisdiction's `[lint]` may change.
pub const DEFAULT_GRADE: f64 = 12.0;
pub const DEFAULT_SENTENCE_WORDS: u32 = 35;
pub const DEFAULT_GENDER_MARGIN: u32 = 3;

/// What `lint` found.
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    pub report: report::Report,
    /// Mechanical rewrites `lint --fix` may apply.
    pub fixes: Vec<fix::Fix>,
}

/// A jurisdiction's settings, resolved.
struct Settings {
    grade: f64,
    sentence_words: usize,
    gender_margin: usize,
    pay_transparency: bool,
    acronyms: HashSet<String>,
    known: spelling::Known,
    /// The plan's names (jurisdiction, departments, class titles) with their casing.
    names: Vec<String>,
    style: crate::model::jurisdiction::NumberStyle,
}

impl Settings {
    fn of(plan: &Plan, j: &JurisdictionPlan, word_file: Option<&str>) -> Settings {
        let c = &j.def.lint;
        let mut known = spelling::Known::with_defaults();
        let mut names: Vec<String> = vec![j.def.name.clone()];
        names.extend(j.def.employer.iter().cloned());
        names.extend(j.def.authority.iter().cloned());
        names.extend(j.classes.iter().map(|c| c.title.value.clone()));
        names.extend(plan.bulletins.values().filter_map(|b| b.department.clone()));
        known.add_text(&j.def.name);
        for t in [&j.def.authority, &j.def.employer].into_iter().flatten() {
            known.add_text(t);
        }
        known.add_text(&j.def.location.locality);
        known.add_text(&j.def.location.region);
        for class in &j.classes {
            known.add_text(&class.title);
        }
        for b in plan.bulletins.values() {
            if let Some(d) = &b.department {
                known.add_text(d);
            }
        }
        for block in j.def.blocks.values() {
            if let Some(t) = &block.title {
                known.add_text(t);
            }
        }
        for w in &c.words {
            known.add_text(w);
        }
        for line in word_file.unwrap_or("").lines() {
            let w = line.split('#').next().unwrap_or("").trim();
            if !w.is_empty() {
                known.add_text(w);
            }
        }
        let mut acronyms: HashSet<String> = words::COMMON_ACRONYMS.iter().map(|s| s.to_string()).collect();
        acronyms.extend(c.acronyms.iter().map(|a| a.trim().to_string()));
        for a in &c.acronyms {
            known.add_text(a);
        }
        Settings {
            grade: c.grade.unwrap_or(DEFAULT_GRADE),
            sentence_words: c.sentence_words.unwrap_or(DEFAULT_SENTENCE_WORDS) as usize,
            gender_margin: c.gender_margin.unwrap_or(DEFAULT_GENDER_MARGIN) as usize,
            pay_transparency: c.pay_transparency,
            acronyms,
            known,
            names,
            style: j.def.style.numbers,
        }
    }
}

/// One document to lint.
struct Doc<'a> {
    id: String,
    kind: report::DocKind,
    title: String,
    file: FileId,
    jurisdiction: &'a str,
    requirements: Option<&'a Requirements>,
    /// The requirements are the document's own (a bulletin without them
    /// prints its class's: the class is linted for them).
    own_requirements: bool,
    pay: Option<(&'a [PayRange], bool)>,
    degree_only_checked: bool,
}

/// Lint the checked workspace. `word_files`: each jurisdiction's
/// `words.txt`, by id.
pub fn lint(ws: &Workspace, word_files: &BTreeMap<String, String>) -> Outcome {
    let plan = &ws.plan;
    let settings: HashMap<&str, Settings> = plan
        .jurisdictions
        .iter()
        .map(|(id, j)| {
            (
                id.as_str(),
                Settings::of(plan, j, word_files.get(id).map(String::as_str)),
            )
        })
        .collect();
    let mut docs: Vec<Doc> = Vec::new();
    for (jid, j) in &plan.jurisdictions {
        for c in &j.classes {
            docs.push(Doc {
                id: format!("{jid}/{}", *c.code),
                kind: report::DocKind::Class,
                title: c.title.value.clone(),
                file: c.file,
                jurisdiction: jid,
                requirements: c.requirements.as_ref(),
                own_requirements: true,
                pay: None,
                degree_only_checked: true,
            });
        }
    }
    for (bid, b) in &plan.bulletins {
        let Some((jid, code)) = b.class.split_once('/') else {
            continue;
        };
        let Some(j) = plan.jurisdictions.get(jid) else { continue };
        let class = j.class(code);
        let own = b.requirements.is_some();
        let pay: &[PayRange] = if !b.pay.is_empty() {
            &b.pay
        } else {
            class.map(|c| c.pay.as_slice()).unwrap_or(&[])
        };
        let has_reference = b.pay_reference.is_some() || class.is_some_and(|c| c.pay_reference.is_some());
        docs.push(Doc {
            id: bid.clone(),
            kind: report::DocKind::Bulletin,
            title: class
                .map(|c| c.title.value.clone())
                .unwrap_or_else(|| b.class.value.clone()),
            file: b.file,
            jurisdiction: j.id(),
            requirements: b
                .requirements
                .as_ref()
                .or_else(|| class.and_then(|c| c.requirements.as_ref())),
            own_requirements: own,
            pay: Some((pay, has_reference)),
            degree_only_checked: own,
        });
    }
    let results: Vec<(Vec<Finding>, report::DocReport, Pending)> = docs
        .par_iter()
        .filter_map(|d| {
            let s = settings.get(d.jurisdiction)?;
            Some(lint_doc(d, s, &ws.sources))
        })
        .collect();
    let mut findings = Vec::new();
    let mut reports = Vec::new();
    let mut shouted = Vec::new();
    // Each jurisdiction's names: the plan's own, and those its texts write
    // in mixed case.
    let mut names: HashMap<String, HashSet<String>> = settings
        .iter()
        .map(|(j, s)| (j.to_string(), s.names.iter().cloned().collect()))
        .collect();
    let mut take = |p: Pending, j: &str| {
        shouted.extend(p.shouted);
        names.entry(j.to_string()).or_default().extend(p.names);
    };
    for (f, r, p) in results {
        findings.extend(f);
        take(p, &r.jurisdiction);
        reports.push(r);
    }
    let mut blocks = Vec::new();
    for (jid, j) in &plan.jurisdictions {
        let Some(s) = settings.get(jid.as_str()) else { continue };
        let (f, b, p) = lint_blocks(j, s, &ws.sources);
        findings.extend(f);
        blocks.extend(b);
        take(p, jid);
    }
    let names: HashMap<String, fix::Names> = names.into_iter().map(|(j, set)| (j, fix::Names::new(set))).collect();
    findings.extend(shouting_findings(shouted, &settings, &names, &ws.sources));
    let mut fixes = Vec::new();
    let mut diagnostics = Vec::new();
    for f in findings {
        if let Some(fx) = &f.fix {
            fixes.push(fx.clone());
        }
        diagnostics.push(f.into_diagnostic());
    }
    crate::validate::lint_config::apply(plan, &ws.sources, &mut diagnostics);
    let report = report::Report::new(reports, blocks, &diagnostics, &ws.sources);
    Outcome {
        diagnostics,
        report,
        fixes,
    }
}

/// A finding before it becomes a diagnostic.
struct Finding {
    rule: Rule,
    severity: Option<Severity>,
    message: String,
    span: Span,
    labels: Vec<(Span, String)>,
    hints: Vec<String>,
    fix: Option<fix::Fix>,
}

impl Finding {
    fn new(rule: Rule, message: impl Into<String>, span: Span) -> Finding {
        Finding {
            rule,
            severity: None,
            message: message.into(),
            span,
            labels: Vec::new(),
            hints: Vec::new(),
            fix: None,
        }
    }

    fn hint(mut self, h: impl Into<String>) -> Finding {
        self.hints.push(h.into());
        self
    }

    fn into_diagnostic(self) -> Diagnostic {
        let mut d = Diagnostic::new(self.rule, self.message).at(self.span);
        if let Some(s) = self.severity {
            d.severity = s;
        }
        for (s, l) in self.labels {
            d = d.label(s, l);
        }
        for h in self.hints {
            d = d.hint(h);
        }
        d
    }
}

/// Where a piece of a value's plain text is in the file.
struct Locator<'a> {
    file: FileId,
    text: &'a str,
}

impl Locator<'_> {
    /// The file span of plain `r` of `block` of `value`.
    fn span(&self, v: &prose::Value, block: &prose::Block, r: Range<usize>) -> Span {
        let raw = self.text.get(v.span.clone()).unwrap_or("");
        let range = block
            .source_range(r)
            .and_then(|s| crate::diag::locate::raw_range(raw, s))
            .map(|x| v.span.start + x.start..v.span.start + x.end)
            .unwrap_or_else(|| v.span.clone());
        Span::new(self.file, range)
    }

    fn value_raw(&self, v: &prose::Value) -> &str {
        self.text.get(v.span.clone()).unwrap_or("")
    }
}

/// A coded word found.
struct Coded {
    stem: &'static str,
    span: Span,
    word: String,
}

/// The rules on one prose value.
fn value(acc: &mut Acc, vi: usize, v: &prose::Value, loc: &Locator, s: &Settings, sources: &Sources, pay_words: bool) {
    let plain = prose::plain(&v.text);
    for (bi, block) in plain.blocks.iter().enumerate() {
        let bt = &block.text;
        let mut shouted_ranges: Vec<Range<usize>> = Vec::new();
        for sr in measure::sentences(bt) {
            let sentence = &bt[sr.clone()];
            let n_words = measure::words(sentence).len();
            if v.role != Role::Fragment {
                let span = loc.span(v, block, sr.clone());
                acc.sentence(sentence, n_words, span, s.sentence_words, sources, || {
                    (
                        format!("`{}`: a sentence of {n_words} words", v.path),
                        "split it where it changes subject; a list of items reads better as a list",
                    )
                });
            }
            if v.role != Role::Fragment && is_shouting(sentence) {
                shouted_ranges.push(sr.clone());
                acc.shouted.push(Shouted {
                    jurisdiction: acc.jurisdiction.clone(),
                    path: v.path.clone(),
                    sentence: sentence.to_string(),
                    span: loc.span(v, block, sr.clone()),
                });
            } else if v.role != Role::Fragment {
                names_in(sentence, &mut acc.names);
            }
        }
        let lower = bt.to_lowercase();
        // Words: spelling, coded words, acronyms.
        let mut reported_words: HashSet<String> = HashSet::new();
        for w in measure::words(bt) {
            let word = &bt[w.clone()];
            let lw = word.to_lowercase();
            let in_shouting = shouted_ranges.iter().any(|r| r.start <= w.start && w.end <= r.end);
            if words::NOT_CODED.contains(&lw.as_str()) {
                // A term of art of public employment that shares a coded stem.
            } else if let Some(stem) = words::coded(&lw, words::MASCULINE) {
                // Only the first few are shown: locate those.
                let span = if acc.masculine.len() < 8 {
                    loc.span(v, block, w.clone())
                } else {
                    Span::new(loc.file, v.span.clone())
                };
                acc.masculine.push(Coded {
                    stem,
                    span,
                    word: lw.clone(),
                });
            } else if let Some(stem) = words::coded(&lw, words::FEMININE) {
                acc.feminine.push(Coded {
                    stem,
                    span: Span::new(loc.file, v.span.clone()),
                    word: lw.clone(),
                });
            }
            if !in_shouting
                && v.role != Role::Fragment
                && let Some(f) =
                    acc.acronyms
                        .use_at(word, (vi, block.source_range(w.clone()).map_or(0, |r| r.start)), s)
            {
                acc.out.push(Finding::new(Rule::UndefinedAcronym, format!("`{}`: {f}", v.path), loc.span(v, block, w.clone()))
                    .hint(format!("write it out at its first use, e.g. \"… ({word})\", or list it in `[lint] acronyms` of jurisdiction.toml if every applicant knows it")));
            }
            if !spelling::is_known(word, &s.known)
                && !crate::load::text::is_known_misspelling(&lw)
                && reported_words.insert(lw.clone())
            {
                let sugg = spelling::suggest(word);
                let mut f = Finding::new(
                    Rule::Spelling,
                    format!("`{}`: `{word}` is not in the dictionary", v.path),
                    loc.span(v, block, w.clone()),
                );
                if !sugg.is_empty() {
                    f = f.hint(format!(
                        "did you mean {}?",
                        sugg.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>().join(", ")
                    ));
                }
                acc.out
                    .push(f.hint("a local term? add it to `words.txt` beside jurisdiction.toml (or `[lint] words`)"));
            }
        }
        // Phrases: age-coded wording.
        let lower_words = measure::words(&lower);
        for (phrase, rewrite) in words::AGE_CODED {
            for r in words::find_phrase_in(&lower, &lower_words, phrase) {
                // "young and energetic" also contains "young": report the longest.
                if *phrase == "young" && !words::find_phrase_in(&lower, &lower_words, "young and energetic").is_empty()
                {
                    continue;
                }
                let shown = &bt[r.clone()];
                acc.out.push(
                    Finding::new(
                        Rule::AgeCoded,
                        format!("`{}`: \"{shown}\" signals a preference for younger applicants", v.path),
                        loc.span(v, block, r),
                    )
                    .hint(format!(
                        "{rewrite}; the Age Discrimination in Employment Act covers applicants 40 and over"
                    )),
                );
            }
        }
        // Links: vague text and bare URLs.
        for link in plain.links.iter().filter(|l| l.block == bi) {
            let lt = bt.get(link.range.clone()).unwrap_or("").trim();
            let ltl = lt.to_lowercase();
            let ltl = ltl.trim_end_matches(['.', '!', ':']);
            if words::VAGUE_LINK_TEXT.contains(&ltl) || lt == link.url {
                let what = if lt == link.url {
                    "a bare URL".to_string()
                } else {
                    format!("\"{lt}\"")
                };
                acc.out.push(
                    Finding::new(
                        Rule::LinkText,
                        format!("`{}`: the link's text is {what}, which says nothing of where it goes", v.path),
                        loc.span(v, block, link.range.clone()),
                    )
                    .hint("name the page or form, e.g. `[Disability Accommodation Form](https://…)`: screen reader users move from link to link"),
                );
            }
        }
        for u in measure::urls(bt) {
            let in_link = plain
                .links
                .iter()
                .any(|l| l.block == bi && l.range.start <= u.start && u.end <= l.range.end);
            let url = &bt[u.clone()];
            if !in_link && (url.starts_with("http") || url.starts_with("www.")) {
                acc.out.push(
                    Finding::new(
                        Rule::LinkText,
                        format!(
                            "`{}`: a bare URL is read out character by character by screen readers",
                            v.path
                        ),
                        loc.span(v, block, u.clone()),
                    )
                    .hint(format!("write a link that names the page: `[name of the page]({url})`")),
                );
            }
        }
    }
    if v.role == Role::Physical {
        let lower = v.text.to_lowercase();
        let has = lower.contains("reasonable accommodation");
        if !has {
            acc.out.push(
                Finding::new(
                    Rule::Accommodation,
                    format!("`{}`: physical requirements without \"with or without reasonable accommodation\"", v.path),
                    Span::new(loc.file, v.span.clone()),
                )
                .hint("say that they apply \"with or without reasonable accommodation\" (Americans with Disabilities Act, 42 U.S.C. § 12111(8))"),
            );
        }
    }
    // Pay in words instead of figures.
    if pay_words {
        let lower = v.text.to_lowercase();
        for phrase in words::PAY_WITHOUT_FIGURES {
            for r in words::find_phrase(&lower, phrase) {
                let raw = loc.value_raw(v);
                let range = crate::diag::locate::raw_range(raw, r.clone())
                    .map(|x| v.span.start + x.start..v.span.start + x.end)
                    .unwrap_or_else(|| v.span.clone());
                acc.out.push(
                    Finding::new(
                        Rule::PayTransparency,
                        format!("`{}`: \"{}\" stands in for the pay figures", v.path, &v.text[r]),
                        Span::new(loc.file, range),
                    )
                    .hint("state the range: `pay = [{ min = 52742, max = 77130, unit = \"annual\" }]`"),
                );
            }
        }
    }
}

/// What the rules gather over one document's values.
#[derive(Default)]
struct Acc {
    out: Vec<Finding>,
    counts: Counts,
    masculine: Vec<Coded>,
    feminine: Vec<Coded>,
    sentences: Vec<report::Sentence>,
    acronyms: Acronyms,
    /// The measured sentences, each ending in a full stop (what the grade
    /// is computed from, for comparing with other tools).
    measured: String,
    /// The jurisdiction (for the sentences in capitals).
    jurisdiction: String,
    shouted: Vec<Shouted>,
    /// Names as the document writes them in mixed case.
    names: HashSet<String>,
}

impl Acc {
    /// A sentence applicants read: measured, kept for the report's longest
    /// sentences, and a finding when it has more than `most` words (`what`
    /// gives the message and the hint).
    fn sentence(
        &mut self,
        sentence: &str,
        n_words: usize,
        span: Span,
        most: usize,
        sources: &Sources,
        what: impl FnOnce() -> (String, &'static str),
    ) {
        self.measure(sentence);
        self.sentences
            .push(report::Sentence::new(sentence, n_words, &span, sources));
        if n_words > most {
            let (message, hint) = what();
            self.out
                .push(Finding::new(Rule::LongSentence, format!("{message} (the most is {most})"), span).hint(hint));
        }
    }

    fn measure(&mut self, sentence: &str) {
        let mut c = Counts::default();
        c.add_sentence(sentence);
        self.counts.add(c);
        if !self.measured.is_empty() {
            self.measured.push(' ');
        }
        // URLs and e-mail addresses are not words: the measured text leaves them out.
        let plain = measure::without_urls(sentence);
        let t = plain.trim().trim_end_matches([';', ',', ':']).trim_end();
        self.measured.push_str(t);
        if !t
            .trim_end_matches(['"', '\'', ')', '\u{201d}'])
            .ends_with(['.', '!', '?'])
        {
            self.measured.push('.');
        }
    }
}

/// What the pass over one document (or a jurisdiction's blocks) found
/// besides its findings: the sentences in capitals and the names written
/// in mixed case, for the rewrites.
#[derive(Default)]
struct Pending {
    shouted: Vec<Shouted>,
    names: HashSet<String>,
}

fn lint_doc(d: &Doc, s: &Settings, sources: &Sources) -> (Vec<Finding>, report::DocReport, Pending) {
    let text = &sources.get(d.file).text;
    let loc = Locator { file: d.file, text };
    let values = prose::values(text);
    let mut acc = Acc {
        jurisdiction: d.jurisdiction.to_string(),
        ..Default::default()
    };
    // Definitions first: an acronym defined anywhere is known where its
    // definition is.
    for (vi, v) in values.iter().enumerate() {
        acc.acronyms.scan_definitions(&v.text, vi);
    }
    let pay_words = d.pay.is_some_and(|(p, r)| p.is_empty() && !r);
    for (vi, v) in values.iter().enumerate() {
        value(&mut acc, vi, v, &loc, s, sources, pay_words);
    }
    // Route sentences as the documents print them.
    if let Some(r) = d.requirements.filter(|_| d.own_requirements) {
        for route in crate::derive::requirements::routes_text(r, s.style) {
            // The route's sentence, and each lettered part as the list item
            // the documents print it as.
            let head = match &route.lead {
                Some(l) => format!("{} {}", l.trim(), route.text),
                None => route.text.clone(),
            };
            let head = match &route.note {
                Some(n) => format!("{head} {}{}", n.trim(), route.closing),
                None => format!("{head}{}", route.closing),
            };
            let span = r
                .routes
                .get(route.number.saturating_sub(1))
                .map(|x| Span::new(d.file, x.span.clone()))
                .unwrap_or_else(|| Span::new(d.file, 0..0));
            let parts: Vec<String> = route.parts.iter().map(|p| format!("{}{}", p.text, p.closing)).collect();
            for piece in std::iter::once(&head).chain(&parts) {
                for sr in measure::sentences(piece) {
                    let sentence = &piece[sr];
                    let n_words = measure::words(sentence).len();
                    acc.sentence(sentence, n_words, span.clone(), s.sentence_words, sources, || {
                        (
                            format!("requirement {} prints a sentence of {n_words} words", route.number),
                            "split the route into lettered parts, or state what the experience involved in fewer words",
                        )
                    });
                }
            }
        }
    }
    let Acc {
        mut out,
        counts,
        masculine,
        feminine,
        mut sentences,
        measured,
        shouted,
        names,
        ..
    } = acc;
    let grade = counts.grade().map(round1);
    if let Some(g) = grade
        && g > s.grade
        && counts.sentences >= 3
        && let Some(first) = values.iter().find(|v| v.role != Role::Fragment)
    {
        let mut worst: Vec<&report::Sentence> = sentences.iter().collect();
        worst.sort_by_key(|w| std::cmp::Reverse(w.words));
        let mut f = Finding::new(
            Rule::Readability,
            format!(
                "the applicant-facing prose reads at Flesch-Kincaid grade {g:.1}, above the budget of {} ({} sentences, {} words, {:.2} syllables per word)",
                trim_float(s.grade),
                counts.sentences,
                counts.words,
                counts.syllables as f64 / counts.words.max(1) as f64
            ),
            first_line(&Span::new(d.file, first.span.clone()), sources),
        )
        .hint("shorter sentences and everyday words lower the grade: the grade is 0.39 × words per sentence + 11.8 × syllables per word − 15.59");
        let longest: Vec<String> = worst
            .iter()
            .take(3)
            .filter(|w| w.words > 20)
            .map(|w| format!("{} ({} words)", w.at, w.words))
            .collect();
        if !longest.is_empty() {
            f = f.hint(format!("the longest sentences: {}", longest.join(", ")));
        }
        out.push(f);
    }
    if masculine.len() > feminine.len() + s.gender_margin {
        let first = &masculine[0];
        let stems: BTreeMap<&str, usize> = masculine.iter().fold(BTreeMap::new(), |mut m, c| {
            *m.entry(c.stem).or_default() += 1;
            m
        });
        let listed = stems
            .iter()
            .map(|(st, n)| if *n > 1 { format!("{st} ×{n}") } else { st.to_string() })
            .collect::<Vec<_>>()
            .join(", ");
        let mut f = Finding::new(
            Rule::GenderCoded,
            format!(
                "{} masculine-coded words ({listed}) against {} feminine-coded ones",
                masculine.len(),
                feminine.len()
            ),
            first.span.clone(),
        )
        .hint("Gaucher, Friesen & Kay (2011) found masculine-coded wording makes a job less appealing to women applicants; describe the work (\"leads\" → \"guides\", \"competitive\" → \"rewarding\") or balance it");
        for c in masculine.iter().skip(1).take(7) {
            f.labels.push((c.span.clone(), format!("`{}`", c.word)));
        }
        out.push(f);
    }
    if d.degree_only_checked
        && let Some(r) = d.requirements
        && let Some(f) = degree_only(r, d.file)
    {
        out.push(f);
    }
    if let Some((pay, has_reference)) = d.pay {
        out.extend(pay_transparency(pay, has_reference, d, s, text));
    }
    let by_stem = |list: &[Coded]| -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for c in list {
            *m.entry(c.stem.to_string()).or_default() += 1;
        }
        m
    };
    let rep = report::DocReport {
        id: d.id.clone(),
        kind: d.kind,
        title: d.title.clone(),
        file: sources.path(d.file).to_string(),
        jurisdiction: d.jurisdiction.to_string(),
        grade,
        counts,
        masculine: by_stem(&masculine),
        feminine: by_stem(&feminine),
        findings: BTreeMap::new(),
        longest: {
            sentences.sort_by(|a, b| b.words.cmp(&a.words).then(a.text.cmp(&b.text)));
            sentences.truncate(3);
            sentences
        },
        degree_only: false,
        measured,
    };
    (out, rep, Pending { shouted, names })
}

/// A jurisdiction's boilerplate blocks: measured once each (they print
/// in many documents), and checked word by word.
fn lint_blocks(
    j: &JurisdictionPlan,
    s: &Settings,
    sources: &Sources,
) -> (Vec<Finding>, Vec<report::BlockReport>, Pending) {
    let file = j.def.file;
    let text = &sources.get(file).text;
    let loc = Locator { file, text };
    let mut out = Vec::new();
    let mut reports = Vec::new();
    let values = prose::block_values(text);
    let mut by_block: BTreeMap<String, Vec<&prose::Value>> = BTreeMap::new();
    for v in &values {
        let id = v.path.split('.').nth(1).unwrap_or("").to_string();
        by_block.entry(id).or_default().push(v);
    }
    let mut pending = Pending::default();
    for (block, vs) in by_block {
        let mut acc = Acc {
            jurisdiction: j.id().to_string(),
            ..Default::default()
        };
        for (vi, v) in vs.iter().enumerate() {
            acc.acronyms.scan_definitions(&v.text, vi);
        }
        for (vi, v) in vs.iter().enumerate() {
            value(&mut acc, vi, v, &loc, s, sources, false);
        }
        let grade = acc.counts.grade().map(round1);
        if let Some(g) = grade
            && g > s.grade
            && acc.counts.sentences >= 3
        {
            acc.out.push(Finding::new(
                Rule::Readability,
                format!(
                    "boilerplate block `{block}` reads at Flesch-Kincaid grade {g:.1}, above the budget of {} (it prints in every document that uses it)",
                    trim_float(s.grade)
                ),
                first_line(&Span::new(file, vs[0].span.clone()), sources),
            ).hint("shorter sentences and everyday words lower the grade"));
        }
        reports.push(report::BlockReport {
            jurisdiction: j.id().to_string(),
            block,
            grade,
            counts: acc.counts,
        });
        out.extend(acc.out);
        pending.shouted.extend(acc.shouted);
        pending.names.extend(acc.names);
    }
    (out, reports, pending)
}

/// Grades are stated and compared to one decimal.
fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The first line of `span` (a multi-line value is shown by its start).
fn first_line(span: &Span, sources: &Sources) -> Span {
    let text = &sources.get(span.file).text;
    let r = span.range.clone();
    let end = text
        .get(r.clone())
        .and_then(|t| t.find('\n'))
        .map_or(r.end, |n| r.start + n);
    Span::new(span.file, r.start..end)
}

fn trim_float(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

/// A sentence in capitals: four or more words of letters, every letter a
/// capital (acronyms alone are not shouting).
/// A sentence in capitals, found during the pass over a document; its
/// rewrite waits for the names of the whole jurisdiction.
struct Shouted {
    jurisdiction: String,
    path: String,
    sentence: String,
    span: Span,
}

/// A sentence in capitals: four or more words of letters, every letter a
/// capital (acronyms alone are not shouting).
fn is_shouting(sentence: &str) -> bool {
    let ws = measure::words(sentence);
    let lettered = ws
        .iter()
        .map(|w| &sentence[w.clone()])
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .count();
    if lettered < 4 {
        return false;
    }
    let mut cased = sentence
        .chars()
        .filter(|c| c.is_uppercase() || c.is_lowercase())
        .peekable();
    cased.peek().is_some() && cased.all(char::is_uppercase)
}

/// Names written in capitals and small letters in a sentence: runs of two
/// or more capitalised words, joined by "of", "and", "the", "for", "&"
/// ("Department of Water and Power", "Civil Service Commission"), without a
/// leading "The"/"A".
fn names_in(sentence: &str, out: &mut HashSet<String>) {
    const JOINERS: &[&str] = &["of", "and", "the", "for", "&", "de", "los", "la"];
    let ws = measure::words(sentence);
    let capital =
        |w: &str| w.chars().next().is_some_and(char::is_uppercase) && w.chars().skip(1).any(char::is_lowercase);
    let mut i = 0;
    while i < ws.len() {
        let w = &sentence[ws[i].clone()];
        if !capital(w) || w == "The" || w == "A" || w == "An" {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let mut j = i + 1;
        while j < ws.len() {
            let x = &sentence[ws[j].clone()];
            // Only spaces between the words of a name.
            if sentence[ws[j - 1].end..ws[j].start].trim() != "" {
                break;
            }
            if capital(x) {
                end = j;
            } else if !JOINERS.contains(&x) {
                break;
            }
            j += 1;
        }
        if end > start {
            out.insert(sentence[ws[start].start..ws[end].end].to_string());
        }
        i = end + 1;
    }
}

/// Turn the sentences in capitals into findings, with the sentence-case
/// rewrite made with the jurisdiction's names.
fn shouting_findings(
    shouted: Vec<Shouted>,
    settings: &HashMap<&str, Settings>,
    names: &HashMap<String, fix::Names>,
    sources: &Sources,
) -> Vec<Finding> {
    let empty = fix::Names::default();
    shouted
        .into_par_iter()
        .filter_map(|x| {
            let s = settings.get(x.jurisdiction.as_str())?;
            let names = names.get(&x.jurisdiction).unwrap_or(&empty);
            let fixed = fix::sentence_case(&x.sentence, &s.acronyms, names);
            let mut f = Finding::new(
                Rule::Shouting,
                format!(
                    "`{}`: a sentence in capitals is hard to read, and some screen readers spell it letter by letter",
                    x.path
                ),
                x.span.clone(),
            )
            .hint(format!(
                "write it in sentence case: \"{}\"",
                crate::text::clip_chars(&fixed, 120)
            ));
            f.fix = fix::Fix::case_change(&sources.get(x.span.file).text, &x.span, &x.sentence, &fixed);
            Some(f)
        })
        .collect()
}

/// Whether an item is a degree (associate's and above).
fn is_degree(item: &crate::model::Sp<Item>) -> bool {
    match &item.value {
        Item::Education(e) => {
            let l = e.level.to_lowercase();
            ["degree", "bachelor", "master", "associate", "doctor", "ph.d", "juris"]
                .iter()
                .any(|k| l.contains(k))
        }
        _ => false,
    }
}

fn degree_only(r: &Requirements, file: FileId) -> Option<Finding> {
    use crate::model::expr::RouteRef;
    if r.routes.is_empty() {
        return None;
    }
    // A substitution that lets experience stand in for education opens an
    // experience route.
    if r.substitutions.iter().any(|s| {
        let t = format!("{:?}", s.value).to_lowercase();
        t.contains("experience")
    }) {
        return None;
    }
    let expr = r.expr().ok()?;
    let has_degree = |at: RouteRef| -> bool {
        let Some((route, part)) = r.resolve(at) else {
            return false;
        };
        route.items.iter().any(is_degree) || part.is_some_and(|p| p.items.iter().any(is_degree)) || {
            // A route named whole whose parts all need a degree.
            part.is_none()
                && !route.parts.is_empty()
                && (route.parts_needed == crate::model::requirements::PartsNeeded::All
                    && route.parts.iter().any(|p| p.items.iter().any(is_degree))
                    || route.parts.iter().all(|p| p.items.iter().any(is_degree)))
        }
    };
    if !expr.every_way_has(&has_degree) {
        return None;
    }
    let degree_routes: Vec<usize> = (1..=r.routes.len())
        .filter(|&n| has_degree(RouteRef::route(n)))
        .collect();
    let first = r.routes.first()?;
    let mut f = Finding::new(
        Rule::DegreeOnly,
        format!(
            "every way to qualify needs a degree (route{} {}); no route lets experience stand in for it",
            if degree_routes.len() == 1 { "" } else { "s" },
            degree_routes.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(", ")
        ),
        Span::new(file, first.span.clone()),
    )
    .hint("if experience can do the job, add a route without the degree (skills-based hiring: the Chance to Compete Act of 2024 for federal jobs, and state executive orders since 2022)");
    for n in degree_routes.iter().skip(1) {
        if let Some(route) = r.routes.get(n - 1) {
            f.labels.push((
                Span::new(file, route.span.clone()),
                format!("route {n} needs a degree too"),
            ));
        }
    }
    Some(f)
}

fn pay_transparency(pay: &[PayRange], has_reference: bool, d: &Doc, s: &Settings, text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let sev = s.pay_transparency.then_some(Severity::Error);
    let headline: Vec<&PayRange> = crate::derive::pay::headline(pay).collect();
    // Point at the pay, or at the class reference when the bulletin has none.
    let class_span = prose_key_span(text, "class").unwrap_or(0..0);
    if headline.is_empty() && pay.is_empty() {
        let what = if has_reference {
            "refers to a salary schedule but states no range"
        } else {
            "states no pay range"
        };
        let mut f = Finding::new(
            Rule::PayTransparency,
            format!("the bulletin {what}"),
            Span::new(d.file, prose_key_span(text, "pay").unwrap_or(class_span)),
        )
        .hint("state the range applicants will be paid: `pay = [{ min = 52742, max = 77130, unit = \"annual\" }]` (pay transparency laws, e.g. California Labor Code § 432.3, require it in every posting)");
        f.severity = sev;
        out.push(f);
    }
    // A range without `max` is flat-rated unless the source says
    // `flat = false`: then one figure stands where a range applies.
    let single: Vec<&PayRange> = headline
        .into_iter()
        .filter(|p| p.max.is_none() && p.flat == Some(false))
        .collect();
    if let Some(p) = single.first() {
        let more = if single.len() > 1 {
            format!(" (and {} more)", single.len() - 1)
        } else {
            String::new()
        };
        let mut f = Finding::new(
            Rule::PayTransparency,
            format!(
                "one figure ({}){more} where a range may apply",
                crate::derive::phrase::money(p.min.value)
            ),
            Span::new(d.file, p.min.span.clone()),
        )
        .hint("give the range's `max`; if everyone in the class is paid this amount, it is flat-rated: leave out `flat = false`");
        f.severity = sev;
        for q in single.iter().skip(1).take(4) {
            f.labels
                .push((Span::new(d.file, q.min.span.clone()), "one figure".into()));
        }
        out.push(f);
    }
    out
}

/// The span of a top-level key's value.
fn prose_key_span(text: &str, key: &str) -> Option<Range<usize>> {
    let t = toml::de::DeTable::parse(text).ok()?;
    let (_, v) = t.get_ref().iter().find(|(k, _)| k.get_ref().as_ref() == key)?;
    Some(v.span())
}

/// Acronyms of one document: where each is defined, which were reported.
#[derive(Default)]
struct Acronyms {
    /// Acronym → where its definition is: value index, offset in the value.
    defined: HashMap<String, (usize, usize)>,
    reported: HashSet<String>,
}

impl Acronyms {
    /// "Long Form (LF)" and "LF (Long Form)".
    fn scan_definitions(&mut self, text: &str, value: usize) {
        static PAREN: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        let re = PAREN.get_or_init(|| {
            regex::Regex::new(r"\(([A-Z][A-Za-z0-9&]{1,9})\)|\b([A-Z][A-Z0-9&]{1,9}) \(([A-Z][a-z][^)]*)\)")
                .expect("constant regex")
        });
        for m in re.captures_iter(text) {
            let (name, at) = match (m.get(1), m.get(2)) {
                (Some(a), _) => (a.as_str(), a.start()),
                (None, Some(b)) => (b.as_str(), b.start()),
                _ => continue,
            };
            self.defined.entry(name.to_string()).or_insert((value, at));
        }
    }

    /// A message when `word` at `at` is an acronym not yet defined.
    fn use_at(&mut self, word: &str, at: (usize, usize), s: &Settings) -> Option<String> {
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        if !(2..=8).contains(&letters)
            || !word
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '&')
        {
            return None;
        }
        if s.acronyms.contains(word) || self.reported.contains(word) {
            return None;
        }
        // A capitalised English word ("NOTE", "OR") is emphasis, not an
        // acronym — unless the document defines it as one ("(CAD)").
        if !self.defined.contains_key(word)
            && let Some(d) = spelling::dictionary()
        {
            let lower = word.to_lowercase();
            let mut c = lower.chars();
            let capital: String = c
                .next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default();
            if d.check(&lower) || d.check(&capital) {
                return None;
            }
        }
        // Roman numerals (class levels: "Accountant II").
        if word.chars().all(|c| "IVXLC".contains(c)) {
            return None;
        }
        match self.defined.get(word) {
            Some(&def) if def <= at => None,
            Some(_) => {
                self.reported.insert(word.to_string());
                Some(format!("`{word}` is used before its expansion"))
            }
            None => {
                self.reported.insert(word.to_string());
                Some(format!("`{word}` is never written out in this document"))
            }
        }
    }
}
