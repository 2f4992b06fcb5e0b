//! Screening: applicants' answers to the supplemental questionnaire,
//! evaluated against the requirement expression. Pure; the CLI reads the
//! answers and prints the [`Screening`].
//!
//! Semantics. Each item of a route (or lettered part) is *met*, *short*
//! (the applicant may file but cannot be appointed yet: within the filing
//! allowance of experience, or a degree expected), *missing*, or *for
//! review* (an equivalency the department judges). An amount of experience
//! is compared with what the item needs, less what answered substitutions
//! stand for; items required later than filing (tests, ages, licenses by
//! appointment) are not asked and count as met at filing. A route also
//! needs its titles and description answered (not "N/A") and its
//! attachments attached. The applicant may file when the routes met or
//! short satisfy the expression, no answer disqualifies, and every required
//! question is answered; they are appointable when the routes met alone do.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;
use serde_json::Value;

use super::questionnaire::{Question, Role};
use super::requirements::{asked_at_filing, ref_label, requirement_refs};
use crate::model::bulletin::QuestionKind;
use crate::model::expr::{Expr, RouteRef};
use crate::model::requirements::{Item, PartsNeeded, Replaces, Requirements};
use crate::model::{ClassKey, Plan};

/// A problem with one answer.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AnswerIssue {
    pub question: String,
    pub message: String,
}

/// Where a route or part stands.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Met,
    Short,
    Review,
    Missing,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RouteResult {
    /// As printed: "2" or "2(a)".
    pub requirement: String,
    pub route: usize,
    pub status: Status,
    pub met: bool,
    /// What is missing, e.g. "certificate attachment required for Requirement #3".
    pub missing: Vec<String>,
    /// What stands between filing and appointment.
    pub conditions: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Screening {
    /// `classplan/screen/1`.
    pub schema: &'static str,
    /// The applicant may file.
    pub qualifies: bool,
    /// The applicant meets every requirement now (not only within an
    /// allowance).
    pub appointable: bool,
    /// Only a route the department must judge (an equivalency) could
    /// qualify the applicant.
    pub needs_review: bool,
    /// The ways the applicant qualifies, e.g. ["Requirement #2 and #3"].
    pub qualifies_under: Vec<String>,
    /// What must happen before appointment (filing short, degree expected).
    pub conditions: Vec<String>,
    pub routes: Vec<RouteResult>,
    /// Answers that disqualify outright (e.g. the retake restriction).
    pub disqualified_by: Vec<AnswerIssue>,
    /// Required questions outside the routes left unanswered.
    pub unanswered: Vec<String>,
    /// Unknown question ids and answers of the wrong type (each once).
    pub invalid: Vec<AnswerIssue>,
}

/// `answer` matched to one of `options`: exactly, else ignoring case and
/// surrounding space when that picks one option.
fn option<'a>(options: &'a [String], answer: &str) -> Option<&'a String> {
    if let Some(o) = options.iter().find(|o| *o == answer) {
        return Some(o);
    }
    let want = answer.trim().to_lowercase();
    let mut found = options.iter().filter(|o| o.trim().to_lowercase() == want);
    match (found.next(), found.next()) {
        (Some(o), None) => Some(o),
        _ => None,
    }
}

fn normalize_answer(q: &Question, v: &Value) -> Result<Vec<String>, String> {
    let options = |vals: Vec<&str>| -> Result<Vec<String>, String> {
        vals.into_iter()
            .map(|x| {
                option(&q.options, x).cloned().ok_or_else(|| {
                    format!(
                        "`{x}` is not one of the options ({})",
                        q.options
                            .iter()
                            .map(|o| format!("`{o}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
            })
            .collect()
    };
    match (q.kind, v) {
        (QuestionKind::SingleChoice, Value::String(s)) => options(vec![s]),
        (QuestionKind::MultipleChoice, Value::Array(a)) => {
            let vals: Option<Vec<&str>> = a.iter().map(Value::as_str).collect();
            options(vals.ok_or("expected a list of option strings")?)
        }
        (QuestionKind::MultipleChoice, Value::String(s)) => options(s.split(';').map(str::trim).collect()),
        (QuestionKind::YesNo, Value::Bool(b)) => Ok(vec![if *b { "Yes".into() } else { "No".into() }]),
        (QuestionKind::YesNo, Value::String(s)) => options(vec![s]),
        (QuestionKind::Acknowledgement, Value::Bool(true)) => Ok(vec!["I understand".into()]),
        (QuestionKind::Acknowledgement, Value::String(s)) => options(vec![s]),
        (QuestionKind::Text, Value::String(s)) => match q.max_length {
            Some(max) if s.chars().count() > max => Err(format!(
                "the answer has {} characters; at most {max} are accepted",
                s.chars().count()
            )),
            _ => Ok(vec![s.clone()]),
        },
        (QuestionKind::Attachment, Value::String(s)) if !s.trim().is_empty() => Ok(vec![s.clone()]),
        (QuestionKind::Attachment, Value::Bool(b)) => Ok(if *b { vec!["attached".into()] } else { vec![] }),
        (QuestionKind::Attachment, Value::Null) => Ok(vec![]),
        (kind, _) => Err(format!(
            "expected {}",
            match kind {
                QuestionKind::SingleChoice => "one option as a string",
                QuestionKind::MultipleChoice => "a list of options",
                QuestionKind::YesNo => "\"Yes\", \"No\" or a boolean",
                QuestionKind::Acknowledgement => "true or \"I understand\"",
                QuestionKind::Text => "a string",
                QuestionKind::Attachment => "the attached file's name",
            }
        )),
    }
}

fn is_na(s: &str) -> bool {
    let t: String = s
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    t.is_empty() || t == "na" || t.starts_with("noneofthese")
}

/// A bulletin ready to screen many applicants: its questionnaire and
/// requirements, prepared once.
pub struct Screener<'a> {
    questions: Vec<Question>,
    r: &'a Requirements,
    expr: Expr,
    hours: f64,
}

impl<'a> Screener<'a> {
    /// Prepare the bulletin `name` of a plan; the error says why it cannot
    /// be screened against.
    pub fn new(plan: &'a Plan, name: &str) -> Result<Screener<'a>, String> {
        let (id, b) = plan.find_bulletin(name)?;
        let key = ClassKey::parse(&b.class).ok_or("the bulletin's class reference is malformed")?;
        let (j, c) = plan
            .class(&key)
            .ok_or_else(|| format!("bulletin {id} refers to class {}, which is missing", *b.class))?;
        let reqs = plan.bulletin_requirements(b);
        let Some(r) = reqs.filter(|r| !r.routes.is_empty()) else {
            return Err(format!(
                "bulletin {id} and its class {} state no minimum requirements, so there is nothing to screen against",
                *b.class
            ));
        };
        let expr = r
            .expr()
            .map_err(|e| format!("the requirement expression is malformed ({})", e.message))?;
        Ok(Screener {
            questions: super::questionnaire::final_questionnaire(b, &j.def, &c.title, Some(r)),
            r,
            expr,
            hours: j.def.pay.hours_per_year,
        })
    }

    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// Screen one applicant's answers (question id → answer).
    pub fn screen(&self, answers: &serde_json::Map<String, Value>) -> Screening {
        screen_with(self, answers)
    }
}

/// Screen one applicant's answers file (JSON text: an object of question id
/// → answer, optionally wrapped as `{"answers": {...}}`) against the bulletin
/// `name` of a plan. The error says why the answers cannot be screened.
pub fn screen_bulletin(plan: &Plan, name: &str, answers: &str) -> Result<Screening, String> {
    let screener = Screener::new(plan, name)?;
    let json: Value = serde_json::from_str(answers).map_err(|e| format!("not valid JSON ({e})"))?;
    let obj = json
        .as_object()
        .ok_or("must be a JSON object of question id → answer")?;
    let answers = match obj.get("answers") {
        Some(Value::Object(inner)) if obj.len() == 1 => inner,
        _ => obj,
    };
    Ok(screener.screen(answers))
}

/// One item's standing, with why.
struct ItemStatus {
    status: Status,
    missing: Option<String>,
    condition: Option<String>,
}

impl ItemStatus {
    fn met() -> Self {
        ItemStatus {
            status: Status::Met,
            missing: None,
            condition: None,
        }
    }
}

fn screen_with(s: &Screener, answers: &serde_json::Map<String, Value>) -> Screening {
    let by_id: BTreeMap<&str, &Question> = s.questions.iter().map(|q| (q.id.as_str(), q)).collect();
    let mut invalid = Vec::new();
    let mut given: HashMap<&str, Vec<String>> = HashMap::new();
    for (id, v) in answers {
        match by_id.get(id.as_str()) {
            None => invalid.push(AnswerIssue {
                question: id.clone(),
                message: "no such question in this questionnaire".into(),
            }),
            Some(q) => match normalize_answer(q, v) {
                Ok(vals) => {
                    given.insert(q.id.as_str(), vals);
                }
                Err(m) => invalid.push(AnswerIssue {
                    question: id.clone(),
                    message: m,
                }),
            },
        }
    }
    let invalid_ids: BTreeSet<&str> = invalid.iter().map(|i| i.question.as_str()).collect();
    let mut disqualified_by = Vec::new();
    let mut unanswered = Vec::new();
    for q in &s.questions {
        if let Some(vals) = given.get(q.id.as_str()) {
            for v in vals {
                if q.disqualifying.contains(v) {
                    disqualified_by.push(AnswerIssue {
                        question: q.id.clone(),
                        message: format!("answered `{v}`"),
                    });
                }
            }
        }
        // Required: every applicant it is shown to answers it (the same
        // meaning as the form's and questions.json's).
        let shown = q.show_if.as_ref().is_none_or(|c| {
            given
                .get(c.question.as_str())
                .is_some_and(|v| v.iter().any(|a| c.any_of.contains(a)))
        });
        if q.required
            && shown
            && !invalid_ids.contains(q.id.as_str())
            && given.get(q.id.as_str()).is_none_or(|v| v.is_empty())
        {
            unanswered.push(q.id.clone());
        }
    }
    let yes = |id: &str| given.get(id).is_some_and(|v| v.iter().any(|x| x == "Yes"));
    // Substitutions the applicant has.
    let has_sub: BTreeSet<usize> = s
        .questions
        .iter()
        .filter_map(|q| match q.role {
            Role::Substitution { index } if yes(&q.id) => Some(index),
            _ => None,
        })
        .collect();
    let ctx = Ctx {
        s,
        given: &given,
        invalid: &invalid_ids,
        has_sub: &has_sub,
    };
    let mut results: Vec<RouteResult> = Vec::new();
    let mut status: BTreeMap<RouteRef, Status> = BTreeMap::new();
    for (i, route) in s.r.routes.iter().enumerate() {
        let n = i + 1;
        let mut refs = vec![RouteRef::route(n)];
        refs.extend((0..route.parts.len()).map(|p| RouteRef {
            route: n,
            part: Some(p),
        }));
        for at in refs {
            let res = ctx.route_result(at);
            status.insert(at, res.status);
            results.push(res);
        }
    }
    fn within<'a>(status: &'a BTreeMap<RouteRef, Status>, ok: &'a [Status]) -> impl Fn(RouteRef) -> bool + 'a {
        move |r: RouteRef| status.get(&r).is_some_and(|st| ok.contains(st))
    }
    let now = s.expr.eval(&within(&status, &[Status::Met]));
    let may_file = s.expr.eval(&within(&status, &[Status::Met, Status::Short]));
    let reviewable = s
        .expr
        .eval(&within(&status, &[Status::Met, Status::Short, Status::Review]));
    let clean = disqualified_by.is_empty() && unanswered.is_empty() && invalid.is_empty();
    let ways = if now {
        s.expr.satisfied(&within(&status, &[Status::Met]))
    } else {
        s.expr.satisfied(&within(&status, &[Status::Met, Status::Short]))
    };
    let conditions: Vec<String> = if now || !may_file {
        Vec::new()
    } else {
        let used: BTreeSet<RouteRef> = ways.first().into_iter().flatten().copied().collect();
        let mut c: Vec<String> = results
            .iter()
            .filter(|r| {
                used.iter()
                    .any(|u| ref_label(*u) == r.requirement || (u.part.is_none() && u.route == r.route))
            })
            .flat_map(|r| r.conditions.clone())
            .collect();
        c.dedup();
        c
    };
    Screening {
        schema: "classplan/screen/1",
        qualifies: may_file && clean,
        appointable: now && clean,
        needs_review: !may_file && reviewable && clean,
        qualifies_under: if may_file {
            // A route met through one of its lettered parts is named by
            // the part: "Requirement #2(a)".
            let ok = [Status::Met, Status::Short];
            ways.into_iter()
                .map(|alt| {
                    let named: Vec<RouteRef> = alt
                        .into_iter()
                        .map(|r| {
                            let route = r.part.is_none().then(|| s.r.routes.get(r.route - 1)).flatten();
                            match route {
                                Some(route) if route.parts_needed == PartsNeeded::Any && !route.parts.is_empty() => (0
                                    ..route.parts.len())
                                    .map(|p| RouteRef {
                                        route: r.route,
                                        part: Some(p),
                                    })
                                    .find(|p| within(&status, &ok)(*p))
                                    .unwrap_or(r),
                                _ => r,
                            }
                        })
                        .collect();
                    requirement_refs(&named)
                })
                .collect()
        } else {
            Vec::new()
        },
        conditions,
        routes: results,
        disqualified_by,
        unanswered,
        invalid,
    }
}

struct Ctx<'a> {
    s: &'a Screener<'a>,
    given: &'a HashMap<&'a str, Vec<String>>,
    invalid: &'a BTreeSet<&'a str>,
    has_sub: &'a BTreeSet<usize>,
}

impl Ctx<'_> {
    fn answer(&self, q: &Question) -> Option<&Vec<String>> {
        self.given.get(q.id.as_str())
    }

    fn title(q: &Question) -> String {
        q.title.clone().unwrap_or_else(|| q.id.clone())
    }

    /// The standing of item `index` of `at`.
    fn item(&self, at: RouteRef, index: usize, item: &Item) -> ItemStatus {
        if matches!(item, Item::Equivalent { .. }) {
            return ItemStatus {
                status: Status::Review,
                missing: Some(format!(
                    "Requirement #{}: an equivalent combination the department judges",
                    ref_label(at)
                )),
                condition: None,
            };
        }
        if !asked_at_filing(item) {
            return ItemStatus::met();
        }
        let q = self.s.questions.iter().find(|q| match q.role {
            Role::Amount { at: a, index: i } | Role::Confirm { at: a, index: i } => a == at && i == index,
            _ => false,
        });
        let Some(q) = q else { return ItemStatus::met() };
        if self.invalid.contains(q.id.as_str()) {
            return ItemStatus {
                status: Status::Missing,
                missing: Some(format!("{}: the answer is invalid (see below)", Self::title(q))),
                condition: None,
            };
        }
        let ans = self.answer(q);
        match q.role {
            Role::Amount { .. } => self.amount(at, q, ans),
            _ => self.confirm(at, item, q, ans),
        }
    }

    fn amount(&self, at: RouteRef, q: &Question, ans: Option<&Vec<String>>) -> ItemStatus {
        let need = q.needed_months.unwrap_or(0.0);
        let Some(choice) = ans.and_then(|v| v.first()) else {
            return ItemStatus {
                status: Status::Missing,
                missing: Some(format!(
                    "{}: needs {} (no answer)",
                    Self::title(q),
                    q.qualifying.join(" or ")
                )),
                condition: None,
            };
        };
        let have = q
            .options
            .iter()
            .position(|o| o == choice)
            .and_then(|i| q.option_months.get(i))
            .copied()
            .unwrap_or(0.0);
        let offset: f64 = super::questionnaire::substitutions_for(self.s.r, at, Replaces::Experience, self.s.hours)
            .into_iter()
            .filter(|(i, _)| self.has_sub.contains(i))
            .map(|(_, m)| m)
            .sum();
        let need_now = (need - offset).max(0.0);
        if have + 1e-9 >= need_now {
            return ItemStatus::met();
        }
        let allowance = self
            .s
            .r
            .filing_short
            .as_ref()
            .filter(|f| {
                f.routes.is_empty()
                    || f.routes
                        .iter()
                        .filter_map(|x| RouteRef::parse(x))
                        .any(|x| x.route == at.route && (x.part.is_none() || x == at))
            })
            .map(|f| {
                super::requirements::length_months(
                    &crate::model::requirements::Length {
                        amount: f.amount,
                        unit: f.unit,
                    },
                    self.s.hours,
                )
            })
            .unwrap_or(0.0);
        if allowance > 0.0 && have + allowance + 1e-9 >= need_now {
            return ItemStatus {
                status: Status::Short,
                missing: None,
                condition: Some(format!(
                    "Requirement #{}: may file, but cannot be appointed until the full experience requirement is met",
                    ref_label(at)
                )),
            };
        }
        ItemStatus {
            status: Status::Missing,
            missing: Some(format!(
                "{}: needs {} (answered: {choice})",
                Self::title(q),
                q.qualifying.join(" or ")
            )),
            condition: None,
        }
    }

    fn confirm(&self, at: RouteRef, item: &Item, q: &Question, ans: Option<&Vec<String>>) -> ItemStatus {
        let choice = ans.and_then(|v| v.first());
        if choice.is_some_and(|c| q.qualifying.contains(c)) {
            return ItemStatus::met();
        }
        if let Item::Education(_) = item {
            if choice.is_some_and(|c| c.starts_with("No, but")) {
                return ItemStatus {
                    status: Status::Short,
                    missing: None,
                    condition: Some(format!(
                        "Requirement #{}: may file, but cannot be appointed until the degree is received",
                        ref_label(at)
                    )),
                };
            }
            let substituted = super::questionnaire::substitutions_for(self.s.r, at, Replaces::Education, self.s.hours)
                .into_iter()
                .any(|(i, _)| self.has_sub.contains(&i));
            if substituted {
                return ItemStatus::met();
            }
        }
        ItemStatus {
            status: Status::Missing,
            missing: Some(format!(
                "{}: needs {} (answered: {})",
                Self::title(q),
                q.qualifying.join(" or "),
                choice.map(String::as_str).unwrap_or("no answer")
            )),
            condition: None,
        }
    }

    /// The titles, description and attachments of `at` answered.
    fn details(&self, at: RouteRef) -> Vec<String> {
        let mut out = Vec::new();
        for q in &self.s.questions {
            match q.role {
                Role::Detail { at: a }
                    if a == at
                        && !self.invalid.contains(q.id.as_str())
                        && self.answer(q).is_none_or(|v| v.iter().all(|s| is_na(s))) =>
                {
                    out.push(format!(
                        "{}: an answer is required for {}",
                        Self::title(q),
                        requirement_refs(&[at])
                    ));
                }
                Role::Attachment { at: a } if a == at && self.answer(q).is_none_or(|v| v.is_empty()) => {
                    out.push(format!(
                        "certificate attachment required for {}",
                        requirement_refs(&[at])
                    ));
                }
                _ => {}
            }
        }
        out
    }

    /// The standing of a route (with its parts as `parts_needed` says) or
    /// of one part (with the route's own items).
    fn route_result(&self, at: RouteRef) -> RouteResult {
        let r = self.s.r;
        let route = &r.routes[at.route - 1];
        let mut statuses: Vec<ItemStatus> = route
            .items
            .iter()
            .enumerate()
            .map(|(k, it)| self.item(RouteRef::route(at.route), k, it))
            .collect();
        let mut missing: Vec<String> = self.details(RouteRef::route(at.route));
        let part_result = |p: usize| {
            let pref = RouteRef {
                route: at.route,
                part: Some(p),
            };
            let st: Vec<ItemStatus> = route.parts[p]
                .items
                .iter()
                .enumerate()
                .map(|(k, it)| self.item(pref, k, it))
                .collect();
            (st, self.details(pref))
        };
        match at.part {
            Some(p) => {
                let (st, det) = part_result(p);
                statuses.extend(st);
                missing.extend(det);
            }
            None if !route.parts.is_empty() => {
                let results: Vec<(Vec<ItemStatus>, Vec<String>)> = (0..route.parts.len()).map(part_result).collect();
                let worst = |(st, det): &(Vec<ItemStatus>, Vec<String>)| -> Status {
                    let s = st.iter().map(|x| x.status).max().unwrap_or(Status::Met);
                    if det.is_empty() { s } else { Status::Missing }
                };
                match route.parts_needed {
                    PartsNeeded::Any => {
                        if let Some(best) = results.iter().min_by_key(|x| worst(x)) {
                            let (st, det) = best;
                            statuses.extend(st.iter().map(|x| ItemStatus {
                                status: x.status,
                                missing: x.missing.clone(),
                                condition: x.condition.clone(),
                            }));
                            missing.extend(det.iter().cloned());
                        }
                    }
                    PartsNeeded::All => {
                        for (st, det) in results {
                            statuses.extend(st);
                            missing.extend(det);
                        }
                    }
                }
            }
            None => {}
        }
        let mut status = statuses.iter().map(|x| x.status).max().unwrap_or(Status::Met);
        missing.extend(statuses.iter().filter_map(|x| x.missing.clone()));
        if !missing.is_empty() && status < Status::Missing && statuses.iter().all(|x| x.status != Status::Review) {
            status = Status::Missing;
        }
        RouteResult {
            requirement: ref_label(at),
            route: at.route,
            status,
            met: status == Status::Met,
            missing,
            conditions: statuses.iter().filter_map(|x| x.condition.clone()).collect(),
        }
    }
}

/// A screening as text: the verdict, and what is missing only when the
/// applicant does not qualify (a qualifying applicant is not shown the
/// routes they did not use).
pub fn text(s: &Screening) -> String {
    use std::fmt::Write as _;
    let mut o = String::new();
    if s.qualifies && s.appointable {
        let _ = writeln!(o, "QUALIFIES under {}", s.qualifies_under.join("; or "));
    } else if s.qualifies {
        let _ = writeln!(
            o,
            "MAY FILE under {}; not yet appointable",
            s.qualifies_under.join("; or ")
        );
        for c in &s.conditions {
            let _ = writeln!(o, "  - {c}");
        }
    } else {
        let _ = writeln!(
            o,
            "{}",
            if s.needs_review {
                "NEEDS REVIEW"
            } else {
                "DOES NOT QUALIFY"
            }
        );
        // A lack is said once (a route's list repeats its parts').
        let mut seen = BTreeSet::new();
        for r in &s.routes {
            match r.status {
                Status::Met => {
                    let _ = writeln!(o, "  Requirement #{}: met", r.requirement);
                }
                Status::Short => {
                    let _ = writeln!(o, "  Requirement #{}: may file, not yet appointable", r.requirement);
                }
                Status::Review | Status::Missing => {
                    let word = if r.status == Status::Review {
                        "for review"
                    } else {
                        "not met"
                    };
                    let _ = writeln!(o, "  Requirement #{}: {word}", r.requirement);
                    for m in r.missing.iter().filter(|m| seen.insert(m.as_str())) {
                        let _ = writeln!(o, "    - {m}");
                    }
                }
            }
        }
    }
    for d in &s.disqualified_by {
        let _ = writeln!(o, "  disqualified by {}: {}", d.question, d.message);
    }
    for u in &s.unanswered {
        let _ = writeln!(o, "  required question not answered: {u}");
    }
    for i in &s.invalid {
        let _ = writeln!(o, "  invalid answer to {}: {}", i.question, i.message);
    }
    crate::text::terminal_safe(&o, true).into_owned()
}

/// The verdict as one word: `qualifies`, `may-file`, `review`, `does-not-qualify`.
pub fn verdict(s: &Screening) -> &'static str {
    match (s.qualifies, s.appointable, s.needs_review) {
        (true, true, _) => "qualifies",
        (true, false, _) => "may-file",
        (false, _, true) => "review",
        (false, _, false) => "does-not-qualify",
    }
}

/// One applicant of a batch: an id and answers.
pub struct Applicant {
    pub id: String,
    pub answers: serde_json::Map<String, Value>,
}

/// Read a batch of applicants: JSON Lines (one object per line, with
/// `id` and `answers`, or answers with an `id` key) or CSV (a header of
/// question ids, an `id` or `applicant` column; several choices separated
/// by `;`). The error names the line.
pub fn read_batch(text: &str, csv_format: bool) -> Result<Vec<Applicant>, String> {
    let mut out = Vec::new();
    if csv_format {
        let mut rdr = csv::ReaderBuilder::new().flexible(false).from_reader(text.as_bytes());
        let headers = rdr
            .headers()
            .map_err(|e| format!("the CSV header cannot be read ({e})"))?
            .clone();
        let id_col = headers
            .iter()
            .position(|h| h == "id" || h == "applicant")
            .ok_or("the CSV needs an `id` (or `applicant`) column")?;
        for (n, rec) in rdr.records().enumerate() {
            let rec = rec.map_err(|e| format!("CSV row {}: {e}", n + 2))?;
            let mut answers = serde_json::Map::new();
            for (i, h) in headers.iter().enumerate() {
                if i == id_col {
                    continue;
                }
                let v = rec.get(i).unwrap_or("").trim();
                if !v.is_empty() {
                    answers.insert(h.to_string(), Value::String(v.to_string()));
                }
            }
            out.push(Applicant {
                id: rec.get(id_col).unwrap_or("").to_string(),
                answers,
            });
        }
        return Ok(out);
    }
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line).map_err(|e| format!("line {}: not JSON ({e})", n + 1))?;
        let Value::Object(mut obj) = v else {
            return Err(format!("line {}: expected a JSON object", n + 1));
        };
        let id = obj
            .remove("id")
            .or_else(|| obj.remove("applicant"))
            .map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))
            .unwrap_or_else(|| (n + 1).to_string());
        let answers = match obj.remove("answers") {
            Some(Value::Object(a)) => a,
            _ => obj,
        };
        out.push(Applicant { id, answers });
    }
    Ok(out)
}

/// One row of a batch's results.
#[derive(Debug, Clone, Serialize)]
pub struct BatchRow {
    pub id: String,
    pub verdict: &'static str,
    pub under: String,
    /// Why not, or what stands before appointment.
    pub reasons: String,
}

/// What a batch came to.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct BatchSummary {
    pub qualifies: usize,
    pub may_file: usize,
    pub review: usize,
    pub does_not_qualify: usize,
    /// Applicants with at least one answer of the wrong type.
    pub with_invalid: usize,
}

/// A batch's rows in the input's order, the totals, and problems of the
/// file itself (a column that is no question), each said once.
#[derive(Debug, Clone)]
pub struct BatchResult {
    pub rows: Vec<BatchRow>,
    pub summary: BatchSummary,
    pub warnings: Vec<String>,
}

/// Screen a batch (in parallel; rows keep the input's order).
pub fn screen_batch(s: &Screener, applicants: &[Applicant]) -> BatchResult {
    use rayon::prelude::*;
    // Answer keys that are no question: the file's problem, said once.
    let known: BTreeSet<&str> = s.questions.iter().map(|q| q.id.as_str()).collect();
    let mut unknown: BTreeMap<&str, usize> = BTreeMap::new();
    for a in applicants {
        for k in a.answers.keys() {
            if !known.contains(k.as_str()) {
                *unknown.entry(k.as_str()).or_default() += 1;
            }
        }
    }
    let warnings = unknown
        .iter()
        .map(|(k, n)| {
            crate::text::terminal_safe(
                &format!(
                    "`{k}` is not a question of this questionnaire; ignored ({n} applicant{})",
                    if *n == 1 { "" } else { "s" }
                ),
                false,
            )
            .into_owned()
        })
        .collect();
    let rows: Vec<(BatchRow, bool)> = applicants
        .par_iter()
        .map(|a| {
            // Columns that are no question are ignored (and said once).
            let r = if unknown.is_empty() {
                s.screen(&a.answers)
            } else {
                let known_only: serde_json::Map<String, Value> = a
                    .answers
                    .iter()
                    .filter(|(k, _)| known.contains(k.as_str()))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                s.screen(&known_only)
            };
            let reasons: Vec<String> = if r.qualifies {
                r.conditions.clone()
            } else {
                // Each lack once (a route's list repeats its parts').
                let mut seen = BTreeSet::new();
                r.routes
                    .iter()
                    .filter(|x| !x.met)
                    .flat_map(|x| x.missing.iter().cloned())
                    .filter(|m| seen.insert(m.clone()))
                    .collect::<Vec<_>>()
                    .into_iter()
                    .chain(
                        r.disqualified_by
                            .iter()
                            .map(|d| format!("disqualified by {}: {}", d.question, d.message)),
                    )
                    .chain(r.unanswered.iter().map(|u| format!("not answered: {u}")))
                    .collect()
            };
            // Invalid answers are named whatever the verdict.
            let reasons: Vec<String> = reasons
                .into_iter()
                .chain(
                    r.invalid
                        .iter()
                        .map(|i| format!("invalid {}: {}", i.question, i.message)),
                )
                .collect();
            (
                BatchRow {
                    id: a.id.clone(),
                    verdict: verdict(&r),
                    under: r.qualifies_under.join("; or "),
                    reasons: reasons.join(" | "),
                },
                !r.invalid.is_empty(),
            )
        })
        .collect();
    let mut summary = BatchSummary::default();
    for (row, invalid) in &rows {
        match row.verdict {
            "qualifies" => summary.qualifies += 1,
            "may-file" => summary.may_file += 1,
            "review" => summary.review += 1,
            _ => summary.does_not_qualify += 1,
        }
        summary.with_invalid += usize::from(*invalid);
    }
    BatchResult {
        rows: rows.into_iter().map(|(r, _)| r).collect(),
        summary,
        warnings,
    }
}

/// Batch rows as CSV (`id,verdict,under,reasons`), cells a spreadsheet
/// would run as formulas neutralised.
pub fn batch_csv(rows: &[BatchRow]) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["id", "verdict", "under", "reasons"])?;
    for r in rows {
        w.write_record([
            crate::text::csv_cell(&r.id).as_ref(),
            r.verdict,
            crate::text::csv_cell(&r.under).as_ref(),
            crate::text::csv_cell(&r.reasons).as_ref(),
        ])?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

/// Batch rows as aligned text for a terminal.
pub fn batch_text(rows: &[BatchRow]) -> String {
    let width = rows
        .iter()
        .map(|r| r.id.chars().count())
        .max()
        .unwrap_or(2)
        .clamp(2, 40);
    let mut o = format!("{:<width$}  {:<16}  {}\n", "id", "verdict", "under / reasons");
    for r in rows {
        let detail = match (r.under.is_empty(), r.reasons.is_empty()) {
            (false, false) => format!("{} ({})", r.under, r.reasons),
            (false, true) => r.under.clone(),
            _ => r.reasons.clone(),
        };
        o.push_str(&format!("{:<width$}  {:<16}  {}\n", r.id, r.verdict, detail));
    }
    crate::text::terminal_safe(&o, true).into_owned()
}
