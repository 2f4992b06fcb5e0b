//! The supplemental questionnaire, generated: acknowledgements from the
//! jurisdiction, questions for each requirement route (amount, activities,
//! titles and employers, description, certificate), selective
//! certification languages, the retake restriction, and the bulletin's own
//! custom questions. Question ids are derived from what a question asks
//! (`req-2-titles`, `lang-speak`), so they stay put when others are added.

use serde::Serialize;

use super::phrase::{article, capitalize, join_list, number_words};
use super::requirements::{
    asked_at_filing, certificate_notes, course_phrase, education_phrase, experience_kind, experience_phrase,
    fte_months, item_phrase, length_months, ref_label, requirement_refs,
};
use crate::model::bulletin::{Bulletin, QuestionKind};
use crate::model::expr::{Expr, RouteRef};
use crate::model::jurisdiction::{Jurisdiction, NumberStyle};
use crate::model::requirements::{Experience, Item, Replaces, Requirements};

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
    /// Every applicant it is shown to must answer it (an applicant not
    /// filing under its route answers "N/A" or the "None of these"
    /// option): the HTML form, `questions.json` and `screen` agree.
    pub required: bool,
    /// Shown only when another question was answered with one of these
    /// answers (the "other language" box after "Other"; a certificate
    /// after "Yes" to the course); absent: always shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub show_if: Option<ShowIf>,
    /// Longest text answer accepted, in characters (text questions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
    /// File types accepted (attachments), as media types.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub accept: Vec<String>,
    /// The requirement route this question belongs to (1-based), if any.
    pub route: Option<usize>,
    /// The requirement it belongs to as printed: "2", or "2(a)" for a
    /// lettered part (absent for questions of no requirement).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requirement: Option<String>,
    /// Answers that disqualify the applicant.
    pub disqualifying: Vec<String>,
    /// The answers that let the item count (screening): "Yes", an
    /// attachment, or for an amount of experience the options at or above
    /// the required amount less the filing allowance ("lack six months or
    /// less" may file; `screen` says they cannot be appointed yet).
    pub qualifying: Vec<String>,
    /// For an amount of experience: the least experience each option
    /// stands for, in full-time months (aligned with `options`; absent for
    /// other questions).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub option_months: Vec<f64>,
    /// For an amount of experience: what the requirement asks, in months.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub needed_months: Option<f64>,
    /// What the answer is for when screening (not published).
    #[serde(skip)]
    #[schemars(skip)]
    pub role: Role,
}

/// When a question is shown: after `question` was answered with any of
/// `any_of`.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct ShowIf {
    pub question: String,
    pub any_of: Vec<String>,
}

/// Longest text answer, in characters: a job title line, and a
/// description of experience (about two pages).
pub const TITLE_MAX: usize = 500;
pub const TEXT_MAX: usize = 4000;
/// Attachments: the document formats an applicant-tracking system can
/// show a reviewer.
pub const ATTACHMENT_TYPES: [&str; 3] = ["application/pdf", "image/jpeg", "image/png"];

/// The option of an activities question for applicants not filing under
/// its requirement.
pub fn none_of_these(requirement: &str) -> String {
    format!("None of these (I am not applying under Requirement #{requirement})")
}

/// What a question's answer decides when screening.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Role {
    #[default]
    None,
    /// The amount of an experience item (item `index` of the route or part).
    Amount { at: RouteRef, index: usize },
    /// A yes/no for an item: "I possess ...".
    Confirm { at: RouteRef, index: usize },
    /// A required text answer for a route (titles, description).
    Detail { at: RouteRef },
    /// A required attachment for a route.
    Attachment { at: RouteRef },
    /// Whether the applicant has what substitution `index` offers.
    Substitution { index: usize },
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
            show_if: None,
            max_length: (kind == QuestionKind::Text).then_some(TEXT_MAX),
            accept: if kind == QuestionKind::Attachment {
                ATTACHMENT_TYPES.map(String::from).to_vec()
            } else {
                Vec::new()
            },
            route: None,
            requirement: None,
            disqualifying: Vec::new(),
            qualifying: Vec::new(),
            option_months: Vec::new(),
            needed_months: None,
            role: Role::None,
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
        substitution_questions(r, j, &mut out);
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
            y.show_if = Some(ShowIf {
                question: format!("lang-{verb}"),
                any_of: vec![other.clone()],
            });
            y.max_length = Some(TITLE_MAX);
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

/// Amount brackets for an experience item: "No experience", then ranges
/// split at every threshold that decides something (half the amount, the
/// amount less the filing allowance, less a substitution), and "N or
/// more". Returns (options, least months of each, qualifying options).
/// Options for an amount of experience: brackets cut at `thresholds`, each
/// with the least months it stands for; the qualifying ones are those from
/// `may_file` months up (the amount needed less the filing allowance).
fn brackets(
    needed: f64,
    may_file: f64,
    thresholds: &[f64],
    style: NumberStyle,
) -> (Vec<String>, Vec<f64>, Vec<String>) {
    let mut cuts: Vec<f64> = thresholds
        .iter()
        .copied()
        .filter(|t| *t > 0.0 && *t < needed)
        .chain([needed])
        .collect();
    cuts.sort_by(f64::total_cmp);
    cuts.dedup_by(|a, b| (*a - *b).abs() < 0.05);
    let mut options = vec!["No experience".to_string()];
    let mut months = vec![0.0];
    options.push(format!("Less than {}", super::phrase::months_phrase(cuts[0], style)));
    months.push(0.0);
    for w in cuts.windows(2) {
        options.push(format!(
            "{} to less than {}",
            capitalize(&super::phrase::months_phrase(w[0], style)),
            super::phrase::months_phrase(w[1], style)
        ));
        months.push(w[0]);
    }
    options.push(format!(
        "{} or more",
        capitalize(&super::phrase::months_phrase(needed, style))
    ));
    months.push(needed);
    let qualifying = options
        .iter()
        .zip(&months)
        .filter(|(_, m)| **m + 0.05 >= may_file)
        .map(|(o, _)| o.clone())
        .collect();
    (options, months, qualifying)
}

/// What an experience item is, without its amount: "full-time paid
/// experience as a Tax Renewal Assistant with the Office of Finance".
fn experience_subject(e: &Experience, style: NumberStyle) -> String {
    // The source's own words, after its amount: "Eighteen months of
    // full-time paid experience in ..." asks about "full-time paid
    // experience in ...".
    if let (Some(w), Some(n), Some(u)) = (e.wording.as_deref(), e.amount, e.unit) {
        let lower = w.to_lowercase();
        for prefix in [
            super::phrase::duration(n, u, NumberStyle::Words),
            super::phrase::duration(n, u, NumberStyle::Digits),
            super::phrase::duration(n, u, NumberStyle::WordsAndDigits),
        ] {
            if let Some(rest) = lower.strip_prefix(&format!("{} of ", prefix.to_lowercase())) {
                let rest = &w[w.len() - rest.len()..];
                return rest.trim_end_matches(['.', ';', ',', ':']).to_string();
            }
        }
    }
    let without = Experience {
        amount: None,
        unit: None,
        stated_hours: None,
        including: None,
        doing: None,
        ..e.clone()
    };
    // The questions set what the work involved off with a comma, as the
    // seed questionnaires do ("... experience, responding to ...").
    match &e.doing {
        Some(d) => format!("{}, {d}", experience_phrase(&without, style)),
        None => experience_phrase(&without, style),
    }
}

/// The experience an applicant may file short of, in months, for a route
/// or part (the filing allowance).
fn allowance_months(r: &Requirements, at: RouteRef, hours: f64) -> f64 {
    let Some(f) = &r.filing_short else { return 0.0 };
    let applies = f.routes.is_empty()
        || f.routes
            .iter()
            .filter_map(|x| RouteRef::parse(x))
            .any(|x| x == at || (x.part.is_none() && x.route == at.route));
    if applies {
        length_months(
            &crate::model::requirements::Length {
                amount: f.amount,
                unit: f.unit,
            },
            hours,
        )
    } else {
        0.0
    }
}

/// The substitutions that may stand in for what an item of `at` requires,
/// with how many months of experience each may replace (all of an
/// education requirement: infinite).
pub fn substitutions_for(r: &Requirements, at: RouteRef, replaces: Replaces, hours: f64) -> Vec<(usize, f64)> {
    r.substitutions
        .iter()
        .enumerate()
        .filter(|(_, s)| s.replaces == replaces)
        .filter(|(_, s)| {
            s.routes.is_empty()
                || s.routes.iter().filter_map(|x| RouteRef::parse(x)).any(|x| {
                    x == at || (x.part.is_none() && x.route == at.route) || (at.part.is_none() && x.route == at.route)
                })
        })
        .map(|(i, s)| {
            let months = s
                .max
                .as_ref()
                .or(s.amount.as_ref())
                .map(|l| length_months(l, hours))
                .unwrap_or(f64::INFINITY);
            (i, months)
        })
        .collect()
}

/// The questions of one route or part's items.
struct RouteAsk<'a> {
    r: &'a Requirements,
    j: &'a Jurisdiction,
    at: RouteRef,
    /// Whether applicants choose between several ways (the "type N/A" line).
    several: bool,
}

impl RouteAsk<'_> {
    fn id(&self, k: usize, items: usize, s: &str) -> String {
        let base = match self.at.letter() {
            Some(c) => format!("req-{}{c}", self.at.route),
            None => format!("req-{}", self.at.route),
        };
        if items == 1 {
            format!("{base}-{s}")
        } else {
            format!("{base}-{}-{s}", k + 1)
        }
    }

    fn na(&self) -> String {
        if self.several {
            format!(
                " If you are not applying under Requirement #{}, please type \"N/A\".",
                ref_label(self.at)
            )
        } else {
            String::new()
        }
    }

    fn experience(&self, e: &Experience, k: usize, items: usize, out: &mut Vec<Question>) {
        let style = self.j.style.numbers;
        let hours = self.j.pay.hours_per_year;
        let before = out.len();
        let yes_no = |mut x: Question| {
            x.options = vec!["Yes".into(), "No".into()];
            x.qualifying = vec!["Yes".into()];
            x
        };
        let needed = fte_months(e, hours);
        match needed {
            // "Six months of full-time or 960 cumulative hours" is two
            // measures: the applicant confirms it rather than picking months.
            Some(needed) if !e.questions.confirm && e.cumulative_hours.is_none() => {
                let subject = experience_subject(e, style);
                let mut x = Question::new(
                    self.id(k, items, "amount"),
                    QuestionKind::SingleChoice,
                    format!("I have the following amount of {subject}:"),
                );
                let allowance = allowance_months(self.r, self.at, hours);
                let mut cuts = vec![needed / 2.0, needed - allowance];
                for (_, m) in substitutions_for(self.r, self.at, Replaces::Experience, hours) {
                    cuts.push(needed - m);
                    cuts.push(needed - m - allowance);
                }
                let (options, months, qualifying) = brackets(needed, needed - allowance, &cuts, style);
                x.options = options;
                x.option_months = months;
                x.qualifying = qualifying;
                x.needed_months = Some(needed);
                x.note = self.j.questionnaire.experience_note.clone();
                x.role = Role::Amount { at: self.at, index: k };
                out.push(x);
            }
            _ => {
                let mut x = yes_no(Question::new(
                    self.id(k, items, "experience"),
                    QuestionKind::YesNo,
                    format!("I possess {}:", experience_phrase(e, style)),
                ));
                x.note = self.j.questionnaire.experience_note.clone();
                x.role = Role::Confirm { at: self.at, index: k };
                out.push(x);
            }
        }
        if !e.questions.activities.is_empty() {
            let mut x = Question::new(
                self.id(k, items, "activities"),
                QuestionKind::MultipleChoice,
                format!(
                    "For the {} experience that I am claiming in {}, my experience includes the following (Select all that apply):",
                    experience_kind(e),
                    previous(out.len() - before)
                ),
            );
            // Every applicant answers; one not filing under this
            // requirement has an honest choice.
            x.options = e.questions.activities.clone();
            x.options.push(none_of_these(&ref_label(self.at)));
            x.role = Role::Detail { at: self.at };
            out.push(x);
        }
        let example = e
            .questions
            .title_example
            .as_deref()
            .map(|x| format!(" Example: {x}."))
            .unwrap_or_default();
        let classes: Vec<String> = e.in_classes.iter().map(|c| c.title.clone()).collect();
        let text = if e.questions.ask_classification {
            let level = e
                .at_level_of
                .as_ref()
                .map(|l| format!(" which is at the level of {}", l.title))
                .unwrap_or_default();
            format!(
                "For the experience that you are claiming in {}, please enter your {} job classification(s){level}:{example}{}",
                previous(out.len() - before),
                self.j.name,
                self.na()
            )
        } else if !classes.is_empty() {
            // The class the experience must be in: an applicant with the
            // wrong class must say which one they had.
            let level = e
                .or_at_that_level
                .as_deref()
                .map(|w| format!(" or in {} {w} at that level", article(w)))
                .unwrap_or_default();
            format!(
                "For the experience that you are claiming in {}, enter your job title(s) and employer(s); the experience must be as {} {}{level}.{example}{}",
                previous(out.len() - before),
                article(&classes[0]),
                join_list(&classes, "or"),
                self.na()
            )
        } else {
            format!(
                "For the experience that you are claiming in {}, enter the job title(s) and employer(s) where you obtained this experience.{example}{}",
                previous(out.len() - before),
                self.na()
            )
        };
        let mut t = Question::new(self.id(k, items, "titles"), QuestionKind::Text, text);
        t.role = Role::Detail { at: self.at };
        t.max_length = Some(TITLE_MAX);
        out.push(t);
        if !e.questions.no_description {
            let what = match (&e.kind, &e.doing) {
                (Some(kind), Some(d)) => format!("your {kind} experience, {d}"),
                (Some(kind), None) => format!("your {kind} experience"),
                (None, Some(d)) => format!("your experience {d}"),
                (None, None) => "this experience and your duties".into(),
            };
            let mut d = Question::new(
                self.id(k, items, "description"),
                QuestionKind::Text,
                format!(
                    "For the experience that you are claiming in {}, please describe {what}.{}",
                    previous(out.len() - before),
                    self.na()
                ),
            );
            d.role = Role::Detail { at: self.at };
            out.push(d);
        }
    }

    /// Questions for one item; items not met at filing (tests, ages,
    /// licenses needed by appointment) are not asked.
    fn item(&self, item: &Item, k: usize, items: usize, cert_notes: &[(RouteRef, String)], out: &mut Vec<Question>) {
        if !asked_at_filing(item) {
            return;
        }
        let style = self.j.style.numbers;
        // An item worded as the source wrote it is confirmed as written.
        let worded = super::requirements::wording(item).map(|w| {
            format!(
                "I meet this requirement: {}:",
                capitalize(&super::requirements::resolve_text_refs(&w))
            )
        });
        let yes_no = |id: String, text: String| {
            let mut x = Question::new(id, QuestionKind::YesNo, text);
            x.options = vec!["Yes".into(), "No".into()];
            x.qualifying = vec!["Yes".into()];
            x.role = Role::Confirm { at: self.at, index: k };
            x
        };
        match item {
            Item::Experience(e) => self.experience(e, k, items, out),
            Item::Course(c) => {
                out.push(yes_no(
                    self.id(k, items, "course"),
                    worded.clone().unwrap_or_else(|| {
                        format!(
                            "I have {}:",
                            course_phrase(c, style).replacen("completion of", "completed", 1)
                        )
                    }),
                ));
                if c.certificate {
                    let course = out.last().map(|q: &Question| q.id.clone()).unwrap_or_default();
                    let note = cert_notes
                        .iter()
                        .find(|(r, _)| *r == self.at)
                        .map(|(_, t)| t.clone())
                        .unwrap_or_default();
                    let mut a = Question::new(self.id(k, items, "attachment"), QuestionKind::Attachment, note);
                    a.title = Some(String::new());
                    a.role = Role::Attachment { at: self.at };
                    // Asked of those who completed the course; required of them.
                    a.show_if = Some(ShowIf {
                        question: course,
                        any_of: vec!["Yes".into()],
                    });
                    out.push(a);
                }
            }
            Item::Education(e) => {
                let mut x = yes_no(
                    self.id(k, items, "education"),
                    worded
                        .clone()
                        .unwrap_or_else(|| format!("I possess {}:", education_phrase(e, style))),
                );
                // Only a degree can be "expected within one semester".
                if let Some(a) = self
                    .r
                    .anticipated_degree
                    .as_ref()
                    .filter(|_| e.level.contains("degree"))
                {
                    let expect = format!(
                        "No, but I expect to within {}",
                        a.within.as_deref().unwrap_or("one semester or one quarter")
                    );
                    x.options = vec!["Yes".into(), expect, "No".into()];
                }
                out.push(x);
            }
            Item::License(l) => out.push(yes_no(
                self.id(k, items, "license"),
                worded
                    .clone()
                    .unwrap_or_else(|| format!("I possess a valid {}:", l.name)),
            )),
            Item::Employment(e) => out.push(yes_no(
                self.id(k, items, "employment"),
                worded.clone().unwrap_or_else(|| {
                    format!(
                        "I am {}:",
                        super::requirements::employment_phrase(e).replacen(
                            "current employment",
                            "currently employed",
                            1
                        )
                    )
                }),
            )),
            Item::Document(d) => out.push(yes_no(
                self.id(k, items, "document"),
                worded
                    .clone()
                    .unwrap_or_else(|| format!("I will provide {} {} with my application:", article(&d.name), d.name)),
            )),
            other => out.push(yes_no(
                self.id(k, items, "other"),
                format!("I meet this requirement: {}:", capitalize(&item_phrase(other, style))),
            )),
        }
    }
}

fn route_questions(r: &Requirements, j: &Jurisdiction, class_title: &str, out: &mut Vec<Question>) {
    let expr = r.expr().unwrap_or_else(|_| Expr::any_of(r.routes.len()));
    let methods = expr.methods();
    let cert_notes = certificate_notes(r, j.style.numbers);
    let mut first = true;
    for (i, route) in r.routes.iter().enumerate() {
        let n = i + 1;
        // The route's own items, then each lettered part's.
        let mut groups: Vec<(RouteRef, Vec<&Item>)> =
            vec![(RouteRef::route(n), route.items.iter().map(|x| &x.value).collect())];
        for (p, part) in route.parts.iter().enumerate() {
            groups.push((
                RouteRef {
                    route: n,
                    part: Some(p),
                },
                part.items.iter().map(|x| &x.value).collect(),
            ));
        }
        for (at, items) in groups {
            let ask = RouteAsk {
                r,
                j,
                at,
                several: methods > 1,
            };
            let mut parts: Vec<Question> = Vec::new();
            for (k, item) in items.iter().enumerate() {
                ask.item(item, k, items.len(), &cert_notes, &mut parts);
            }
            let total = parts.len();
            for (k, mut p) in parts.into_iter().enumerate() {
                let attach = if p.kind == QuestionKind::Attachment {
                    " Attachment"
                } else {
                    ""
                };
                p.title = Some(format!(
                    "Requirement #{}{attach} (Part {} of {total})",
                    ref_label(at),
                    k + 1
                ));
                p.route = Some(n);
                p.requirement = Some(ref_label(at));

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
}

/// "I have ..." for what a substitution offers, in the words its phrase
/// starts with: "Completion of X" → "I have completed X", "One year as"
/// → "I have one year as", a noun phrase → "I have the following: ...".
fn have(phrase: &str) -> String {
    let phrase = super::requirements::resolve_text_refs(phrase.trim().trim_end_matches(['.', ':', ';']));
    let lower = phrase.to_lowercase();
    for (lead, verb) in [
        ("successful completion of ", "I have successfully completed "),
        ("satisfactory completion of ", "I have satisfactorily completed "),
        ("completion of ", "I have completed "),
        ("possession of ", "I possess "),
    ] {
        if lower.starts_with(lead) {
            return format!("{verb}{}", &phrase[lead.len()..]);
        }
    }
    let first = lower.split_whitespace().next().unwrap_or("");
    let amount = first.chars().next().is_some_and(|c| c.is_ascii_digit())
        || (1..100).any(|n| super::phrase::number_words(n) == first)
        || matches!(first, "additional" | "a" | "an" | "at" | "up");
    if amount {
        let mut chars = phrase.chars();
        let head = chars
            .next()
            .map(|c| c.to_lowercase().collect::<String>())
            .unwrap_or_default();
        format!("I have {head}{}", chars.as_str())
    } else {
        format!("I have the following: {phrase}")
    }
}

/// One yes/no question per substitution: "I have completed 6 semester or
/// 9 quarter units in accounting (which may be substituted for ...):".
fn substitution_questions(r: &Requirements, j: &Jurisdiction, out: &mut Vec<Question>) {
    let style = j.style.numbers;
    for (i, s) in r.substitutions.iter().enumerate() {
        if !asked_at_filing(&s.offered) {
            continue;
        }
        let refs: Vec<RouteRef> = s.routes.iter().filter_map(|x| RouteRef::parse(x)).collect();
        let mut x = Question::new(
            format!("sub-{}", i + 1),
            QuestionKind::YesNo,
            format!("{}:", have(&item_phrase(&s.offered, style))),
        );
        x.title = Some(if refs.is_empty() {
            "Substitution".to_string()
        } else {
            format!("Substitution ({})", requirement_refs(&refs))
        });
        x.note = Some(super::requirements::substitution_sentence(s, style));
        x.options = vec!["Yes".into(), "No".into()];
        x.required = false;
        x.role = Role::Substitution { index: i };
        out.push(x);
    }
}
