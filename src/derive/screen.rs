//! Screening: one applicant's answers to the supplemental questionnaire,
//! evaluated against the requirement expression. Pure; the CLI reads the
//! answers file and prints the [`Screening`].
//!
//! Semantics: a route is met when every question of it that has qualifying
//! answers got one, every required text answer is present (and not "N/A"),
//! and every certificate attachment is attached. The applicant qualifies
//! when the routes met satisfy the expression, no answer disqualifies, and
//! every required question outside the routes is answered.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use super::questionnaire::Question;
use super::requirements::requirement_refs;
use crate::model::bulletin::QuestionKind;
use crate::model::expr::Expr;
use crate::model::{ClassKey, Plan};

/// A problem with one answer.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AnswerIssue {
    pub question: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RouteResult {
    pub route: usize,
    pub met: bool,
    /// What is missing for this route, e.g. "certificate attachment required for Requirement #3".
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Screening {
    /// `classplan/screen/1`.
    pub schema: &'static str,
    pub qualifies: bool,
    /// The ways the applicant qualifies, e.g. ["Requirement #2 and #3"].
    pub qualifies_under: Vec<String>,
    pub routes: Vec<RouteResult>,
    /// Answers that disqualify outright (e.g. the retake restriction).
    pub disqualified_by: Vec<AnswerIssue>,
    /// Required questions outside the routes left unanswered.
    pub unanswered: Vec<String>,
    /// Unknown question ids and answers of the wrong type.
    pub invalid: Vec<AnswerIssue>,
}

fn normalize_answer(q: &Question, v: &Value) -> Result<Vec<String>, String> {
    let options = |vals: Vec<String>| -> Result<Vec<String>, String> {
        for x in &vals {
            if !q.options.iter().any(|o| o == x) {
                return Err(format!(
                    "`{x}` is not one of the options ({})",
                    q.options
                        .iter()
                        .map(|o| format!("`{o}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        Ok(vals)
    };
    match (q.kind, v) {
        (QuestionKind::SingleChoice, Value::String(s)) => options(vec![s.clone()]),
        (QuestionKind::MultipleChoice, Value::Array(a)) => {
            let vals: Result<Vec<String>, String> = a
                .iter()
                .map(|x| {
                    x.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| "expected a list of option strings".to_string())
                })
                .collect();
            options(vals?)
        }
        (QuestionKind::MultipleChoice, Value::String(s)) => options(vec![s.clone()]),
        (QuestionKind::YesNo, Value::Bool(b)) => Ok(vec![if *b { "Yes".into() } else { "No".into() }]),
        (QuestionKind::YesNo, Value::String(s)) if s == "Yes" || s == "No" => Ok(vec![s.clone()]),
        (QuestionKind::Acknowledgement, Value::Bool(true)) => Ok(vec!["I understand".into()]),
        (QuestionKind::Acknowledgement, Value::String(s)) if s == "I understand" => Ok(vec![s.clone()]),
        (QuestionKind::Text, Value::String(s)) => Ok(vec![s.clone()]),
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
    t.is_empty() || t == "na"
}

/// Screen one applicant's answers file (JSON text: an object of question id
/// → answer, optionally wrapped as `{"answers": {...}}`) against the bulletin
/// `name` of a plan. The error says why the answers cannot be screened.
pub fn screen_bulletin(plan: &Plan, name: &str, answers: &str) -> Result<Screening, String> {
    let (id, b) = plan.find_bulletin(name)?;
    let json: Value = serde_json::from_str(answers).map_err(|e| format!("not valid JSON ({e})"))?;
    let obj = json
        .as_object()
        .ok_or("must be a JSON object of question id → answer")?;
    let answers = match obj.get("answers") {
        Some(Value::Object(inner)) if obj.len() == 1 => inner,
        _ => obj,
    };
    let key = ClassKey::parse(&b.class).ok_or("the bulletin's class reference is malformed")?;
    let (j, c) = plan
        .class(&key)
        .ok_or_else(|| format!("bulletin {id} refers to class {}, which is missing", *b.class))?;
    let reqs = plan.bulletin_requirements(b);
    let questions = super::questionnaire::final_questionnaire(b, &j.def, &c.title, reqs);
    let Some(r) = reqs.filter(|r| !r.routes.is_empty()) else {
        return Err(format!(
            "bulletin {id} and its class {} state no minimum requirements, so there is nothing to screen against",
            *b.class
        ));
    };
    let expr = r
        .expr()
        .map_err(|e| format!("the requirement expression is malformed ({})", e.message))?;
    Ok(screen(&questions, &expr, r.routes.len(), answers))
}

/// A screening as text: the verdict, and what is missing only when the
/// applicant does not qualify (a qualifying applicant is not shown the
/// routes they did not use).
pub fn text(s: &Screening) -> String {
    use std::fmt::Write as _;
    let mut o = String::new();
    if s.qualifies {
        let _ = writeln!(o, "QUALIFIES under {}", s.qualifies_under.join("; or "));
    } else {
        let _ = writeln!(o, "DOES NOT QUALIFY");
        for r in &s.routes {
            if r.met {
                let _ = writeln!(o, "  Requirement #{}: met", r.route);
            } else {
                let _ = writeln!(o, "  Requirement #{}: not met", r.route);
                for m in &r.missing {
                    let _ = writeln!(o, "    - {m}");
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

/// Screen `answers` (a JSON object: question id → answer) against the questionnaire.
pub fn screen(
    questions: &[Question],
    expr: &Expr,
    routes: usize,
    answers: &serde_json::Map<String, Value>,
) -> Screening {
    let by_id: BTreeMap<&str, &Question> = questions.iter().map(|q| (q.id.as_str(), q)).collect();
    let mut invalid = Vec::new();
    let mut given: BTreeMap<&str, Vec<String>> = BTreeMap::new();
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
    let mut disqualified_by = Vec::new();
    let mut unanswered = Vec::new();
    let mut route_missing: BTreeMap<usize, Vec<String>> = (1..=routes).map(|r| (r, Vec::new())).collect();
    for q in questions {
        let ans = given.get(q.id.as_str());
        if let Some(vals) = ans {
            for v in vals {
                if q.disqualifying.contains(v) {
                    disqualified_by.push(AnswerIssue {
                        question: q.id.clone(),
                        message: format!("answered `{v}`"),
                    });
                }
            }
        }
        let title = q.title.clone().unwrap_or_else(|| q.id.clone());
        match q.route {
            Some(r) => {
                let missing = route_missing.entry(r).or_default();
                let refs = requirement_refs(&[r]);
                match q.kind {
                    QuestionKind::Attachment if ans.is_none_or(|v| v.is_empty()) => {
                        missing.push(format!("certificate attachment required for {refs}"));
                    }
                    QuestionKind::Text if ans.is_none_or(|v| v.iter().all(|s| is_na(s))) => {
                        missing.push(format!("{title}: an answer is required for {refs}"));
                    }
                    _ if !q.qualifying.is_empty()
                        && !ans.is_some_and(|v| v.iter().any(|x| q.qualifying.contains(x))) =>
                    {
                        let got = ans.map(|v| v.join(", ")).unwrap_or_else(|| "no answer".into());
                        missing.push(format!(
                            "{title}: needs {} (answered: {got})",
                            q.qualifying.join(" or ")
                        ));
                    }
                    _ => {}
                }
            }
            None => {
                if q.required && ans.is_none_or(|v| v.is_empty()) {
                    unanswered.push(q.id.clone());
                }
            }
        }
    }
    let met: BTreeSet<usize> = route_missing
        .iter()
        .filter(|(_, m)| m.is_empty())
        .map(|(r, _)| *r)
        .collect();
    let qualifies_under: Vec<String> = expr
        .satisfied(&|r| met.contains(&r))
        .into_iter()
        .map(|alt| requirement_refs(&alt))
        .collect();
    let qualifies =
        expr.eval(&|r| met.contains(&r)) && disqualified_by.is_empty() && unanswered.is_empty() && invalid.is_empty();
    Screening {
        schema: "classplan/screen/1",
        qualifies,
        qualifies_under,
        routes: route_missing
            .into_iter()
            .map(|(route, missing)| RouteResult {
                route,
                met: missing.is_empty(),
                missing,
            })
            .collect(),
        disqualified_by,
        unanswered,
        invalid,
    }
}
