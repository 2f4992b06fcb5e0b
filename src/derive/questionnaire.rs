//! The supplemental questionnaire, generated: acknowledgements from the
//! jurisdiction, questions for each requirement route (amount, activities,
//! titles and employers, description, certificate), selective
//! certification languages, the retake restriction, and the bulletin's own
//! custom questions. Question ids are derived from what a question asks
//! (`req-2-titles`, `lang-speak`), so they stay put when others are added.

use serde::Serialize;

use super::phrase::{capitalize, duration, number_words};
use super::requirements::{certificate_notes, course_phrase, experience_kind, experience_phrase};
use crate::model::bulletin::{Bulletin, QuestionKind};
use crate::model::expr::Expr;
use crate::model::jurisdiction::{Jurisdiction, NumberStyle};
use crate::model::requirements::{DurationUnit, Experience, Item, Requirements};

/// One question of the questionnaire (the `questions.json` schema).
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Question {
    /// Stable id, unique within the questionnaire.
    pub id: String,
    /// Heading, e.g. "Requirement #1 (Part 2 of 4)".
    pub title: Option<String>,
    /// Text shown before the question (e.g. the lead-in of a block of acknowledgements).
    pub lead: Option<String>,
    pub text: String,
    /// Note shown after the question.
    pub note: Option<String>,
    #[serde(rename = "type")]
    pub kind: QuestionKind,
    pub options: Vec<String>,
    pub required: bool,
    /// The requirement route this question belongs to (1-based), if any.
    pub route: Option<usize>,
    /// Answers that disqualify the applicant.
    pub disqualifying: Vec<String>,
    /// The answer a route needs for its item to count (screening): options
    /// at or above the required amount, "Yes", or an attachment.
    pub qualifying: Vec<String>,
}

impl Question {
    fn new(id: impl Into<String>, kind: QuestionKind, text: impl Into<String>) -> Self {
        Question {
            id: id.into(),
            title: None,
            lead: None,
            text: text.into(),
            note: None,
            kind,
            options: Vec::new(),
            required: true,
            route: None,
            disqualifying: Vec::new(),
            qualifying: Vec::new(),
        }
    }
}

/// The questionnaire as published: [`questionnaire`], with the
/// jurisdiction's instructions for attaching a certificate added to each
/// attachment question.
pub fn final_questionnaire(
    b: &Bulletin,
    j: &Jurisdiction,
    class_title: &str,
    reqs: Option<&Requirements>,
) -> Vec<Question> {
    let mut questions = questionnaire(b, j, class_title, reqs);
    if let Some(extra) = super::requirements::certificate_instructions(j) {
        for q in questions.iter_mut().filter(|q| q.kind == QuestionKind::Attachment) {
            q.text = format!("{} {extra}", q.text);
        }
    }
    questions
}

/// Generate the questionnaire of a bulletin.
pub fn questionnaire(b: &Bulletin, j: &Jurisdiction, class_title: &str, reqs: Option<&Requirements>) -> Vec<Question> {
    let mut out = Vec::new();
    let q = &j.questionnaire;
    out.extend(q.opening.iter().map(acknowledgement));
    out.extend(b.questionnaire.before.iter().map(custom));
    if let Some(r) = reqs {
        route_questions(r, j, class_title, &mut out);
    }
    if let Some(sc) = &b.selective_certification
        && sc.languages
    {
        let note = std::iter::once(sc.intro.value.clone())
            .chain(sc.areas.iter().map(|a| a.value.clone()))
            .collect::<Vec<_>>()
            .join("\n\n");
        let other = "Other language not listed above".to_string();
        for (verb, key) in [("speak", "SPEAK"), ("write", "WRITE")] {
            let mut x = Question::new(
                format!("lang-{verb}"),
                QuestionKind::MultipleChoice,
                format!(
                    "Other than English, I have the ability to {verb} the following language(s) (Select all that apply):"
                ),
            );
            x.title = Some(format!("SELECTIVE CERTIFICATION ({key})"));
            if verb == "speak" {
                x.lead = Some(note.clone());
            }
            x.options = q
                .languages
                .iter()
                .cloned()
                .chain([other.clone(), "None".into()])
                .collect();
            x.required = false;
            out.push(x);
            let mut y = Question::new(
                format!("lang-{verb}-other"),
                QuestionKind::Text,
                format!(
                    "If you selected \"{other}\" in the previous question, indicate the language you are able to {verb} in the text box below."
                ),
            );
            y.title = Some(format!("SELECTIVE CERTIFICATION ({key})"));
            y.required = false;
            out.push(y);
        }
    }
    if let Some(rt) = &b.questionnaire.retake {
        let months = rt.months;
        let mut x = Question::new(
            "retake",
            QuestionKind::YesNo,
            format!(
                "I have taken the {} in the past {months} months under this bulletin:",
                rt.test
            ),
        );
        x.title = Some("RETAKE RESTRICTION".into());
        let agency = q
            .testing_agency
            .as_deref()
            .map(|a| format!(" in the {a}"))
            .unwrap_or_default();
        x.note = Some(format!(
            "NOTE: You may take the {t} only once every {months} months under this bulletin. If you have taken the {t} during an open filing period{agency} within the last {months} months under this bulletin, you may not file for this examination at this time.",
            t = rt.test
        ));
        x.options = vec!["Yes".into(), "No".into()];
        x.disqualifying = vec!["Yes".into()];
        x.qualifying = vec!["No".into()];
        out.push(x);
    }
    out.extend(b.questionnaire.after.iter().map(custom));
    out.extend(q.closing.iter().map(acknowledgement));
    out
}

fn acknowledgement(ack: &crate::model::jurisdiction::Acknowledgement) -> Question {
    let mut x = Question::new(
        ack.id.to_string(),
        QuestionKind::Acknowledgement,
        ack.text.value.clone(),
    );
    x.title = ack.title.clone();
    x.lead = ack.lead.clone();
    x.options = vec!["I understand".into()];
    x.qualifying = x.options.clone();
    x
}

fn custom(c: &crate::model::bulletin::CustomQuestion) -> Question {
    let mut x = Question::new(c.id.to_string(), c.kind, c.text.value.clone());
    x.title = c.title.clone();
    x.options = match c.kind {
        QuestionKind::YesNo if c.options.is_empty() => vec!["Yes".into(), "No".into()],
        _ => c.options.clone(),
    };
    x.required = c.required;
    x.disqualifying = c.disqualifying.clone();
    x
}

fn previous(n: usize) -> String {
    match n {
        1 => "the previous question".into(),
        n => format!("the previous {} questions", number_words(n as u32)),
    }
}

/// Amount brackets below and at the required amount.
fn brackets(e: &Experience, style: NumberStyle) -> (Vec<String>, Vec<String>) {
    let req = duration(e.amount, e.unit, style);
    let (half_n, half_unit) = match e.unit {
        DurationUnit::Years if e.amount == 1 => (6, DurationUnit::Months),
        u => (e.amount / 2, u),
    };
    let mut below = vec!["No experience".to_string()];
    if half_n > 0 {
        let half = duration(half_n, half_unit, style);
        below.push(format!("Less than {half}"));
        below.push(format!("{} to less than {req}", capitalize(&half)));
    } else {
        below.push(format!("Less than {req}"));
    }
    (below, vec![format!("{} or more", capitalize(&req))])
}

fn route_questions(r: &Requirements, j: &Jurisdiction, class_title: &str, out: &mut Vec<Question>) {
    let style = j.style.numbers;
    let expr = r.expr().unwrap_or_else(|_| Expr::any_of(r.routes.len()));
    let methods = expr.methods();
    let cert_notes = certificate_notes(r);
    let mut first = true;
    for (i, route) in r.routes.iter().enumerate() {
        let n = i + 1;
        let mut parts: Vec<Question> = Vec::new();
        for (k, item) in route.items.iter().enumerate() {
            let id = |s: &str| {
                if route.items.len() == 1 {
                    format!("req-{n}-{s}")
                } else {
                    format!("req-{n}-{}-{s}", k + 1)
                }
            };
            match &item.value {
                Item::Experience(e) => {
                    let before = parts.len();
                    if e.questions.confirm {
                        let mut x = Question::new(
                            id("experience"),
                            QuestionKind::YesNo,
                            format!("I possess {}:", experience_phrase(e, style)),
                        );
                        x.options = vec!["Yes".into(), "No".into()];
                        x.qualifying = vec!["Yes".into()];
                        x.note = j.questionnaire.experience_note.clone();
                        parts.push(x);
                    } else {
                        let mut text = format!("I have the following amount of {} experience", experience_kind(e));
                        if let Some(w) = &e.with {
                            text.push_str(&format!(" {w}"));
                        }
                        if let Some(d) = &e.doing {
                            text.push_str(&format!(", {d}"));
                        }
                        text.push(':');
                        let mut x = Question::new(id("amount"), QuestionKind::SingleChoice, text);
                        let (below, at) = brackets(e, style);
                        x.options = below.iter().chain(&at).cloned().collect();
                        x.qualifying = at;
                        x.note = j.questionnaire.experience_note.clone();
                        parts.push(x);
                    }
                    if !e.questions.activities.is_empty() {
                        let mut x = Question::new(
                            id("activities"),
                            QuestionKind::MultipleChoice,
                            format!(
                                "For the {} experience that I am claiming in {}, my experience includes the following (Select all that apply):",
                                experience_kind(e),
                                previous(parts.len() - before)
                            ),
                        );
                        x.options = e.questions.activities.clone();
                        parts.push(x);
                    }
                    let na = format!("If you are not applying under Requirement #{n}, please type \"N/A\".");
                    let example = e
                        .questions
                        .title_example
                        .as_deref()
                        .map(|x| format!(" Example: {x}."))
                        .unwrap_or_default();
                    let text = if e.questions.ask_classification {
                        let level = e
                            .at_level_of
                            .as_ref()
                            .map(|l| format!(" which is at the level of {}", l.title))
                            .unwrap_or_default();
                        format!(
                            "For the experience that you are claiming in {}, please enter your {} job classification(s){level}:{example} {na}",
                            previous(parts.len() - before),
                            j.name
                        )
                    } else {
                        format!(
                            "For the experience that you are claiming in {}, enter the job title(s) and employer(s) where you obtained this experience.{example} {na}",
                            previous(parts.len() - before)
                        )
                    };
                    parts.push(Question::new(id("titles"), QuestionKind::Text, text));
                    if !e.questions.no_description {
                        let what = match (&e.kind, &e.doing) {
                            (Some(kind), Some(d)) => format!("{kind} experience, {d}"),
                            (Some(kind), None) => format!("{kind} experience"),
                            (None, Some(d)) => format!("experience {d}"),
                            (None, None) => "experience".into(),
                        };
                        parts.push(Question::new(
                            id("description"),
                            QuestionKind::Text,
                            format!(
                                "For the experience that you are claiming in {}, please describe your {what}. {na}",
                                previous(parts.len() - before)
                            ),
                        ));
                    }
                }
                Item::Course(c) => {
                    let mut x = Question::new(
                        id("course"),
                        QuestionKind::YesNo,
                        format!("I have {}:", course_phrase(c).replacen("completion of", "completed", 1)),
                    );
                    x.options = vec!["Yes".into(), "No".into()];
                    x.qualifying = vec!["Yes".into()];
                    parts.push(x);
                    if c.certificate {
                        let note = cert_notes
                            .iter()
                            .find(|(r, _)| *r == n)
                            .map(|(_, t)| t.clone())
                            .unwrap_or_default();
                        let mut a = Question::new(id("attachment"), QuestionKind::Attachment, note);
                        a.title = Some(String::new());
                        parts.push(a);
                    }
                }
                Item::Education(e) => {
                    let mut x = Question::new(
                        id("education"),
                        QuestionKind::YesNo,
                        format!("I possess {}:", super::requirements::education_phrase(e, style)),
                    );
                    x.options = vec!["Yes".into(), "No".into()];
                    x.qualifying = vec!["Yes".into()];
                    parts.push(x);
                }
                Item::License(l) => {
                    let mut x = Question::new(
                        id("license"),
                        QuestionKind::YesNo,
                        format!("I possess a valid {}:", l.name),
                    );
                    x.options = vec!["Yes".into(), "No".into()];
                    x.qualifying = vec!["Yes".into()];
                    parts.push(x);
                }
                Item::Other { text } => {
                    let mut x = Question::new(
                        id("other"),
                        QuestionKind::YesNo,
                        format!("I meet this requirement: {text}"),
                    );
                    x.options = vec!["Yes".into(), "No".into()];
                    x.qualifying = vec!["Yes".into()];
                    parts.push(x);
                }
            }
        }
        let total = parts.len();
        for (k, mut p) in parts.into_iter().enumerate() {
            let attach = if p.kind == QuestionKind::Attachment {
                " Attachment"
            } else {
                ""
            };
            p.title = Some(format!("Requirement #{n}{attach} (Part {} of {total})", k + 1));
            p.route = Some(n);
            if p.kind == QuestionKind::Text || p.kind == QuestionKind::Attachment {
                // Only applicants filing under this route must answer.
                p.required = p.kind == QuestionKind::Text;
            }
            if first {
                p.lead = Some(format!(
                    "IMPORTANT NOTE: There {} {} distinct method{} to qualify for the {class_title} examination.",
                    if methods == 1 { "is" } else { "are" },
                    super::phrase::count_words(methods),
                    if methods == 1 { "" } else { "s" }
                ));
                first = false;
            }
            out.push(p);
        }
    }
}
