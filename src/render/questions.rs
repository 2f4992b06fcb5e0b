//! The supplemental questionnaire of a bulletin: `questions.html` (a
//! fillable preview), `questions.md`, and `questions.json` (the
//! `QuestionsView`, for applicant-tracking systems; its schema is
//! `classplan schema questions`).

use schemars::JsonSchema;
use serde::Serialize;

use super::view::BulletinView;
use super::{DocPath, DocView, OutputFormat, RenderInput, Rendered, Renderer};
use crate::diag::Diagnostic;

pub struct QuestionsHtml;
pub struct QuestionsMd;
pub struct QuestionsJson;

impl Renderer for QuestionsHtml {
    fn format(&self) -> OutputFormat {
        OutputFormat::Html
    }
    fn file(&self, doc: &DocPath) -> Option<String> {
        doc.bulletin_file("questions.html")
    }
    fn render(&self, input: &mut RenderInput, rel: &str) -> Result<Rendered, Diagnostic> {
        Ok(Rendered::File(input.tera("questions.html", rel, &[])?.into_bytes()))
    }
}

impl Renderer for QuestionsMd {
    fn format(&self) -> OutputFormat {
        OutputFormat::Md
    }
    fn file(&self, doc: &DocPath) -> Option<String> {
        doc.bulletin_file("questions.md")
    }
    fn render(&self, input: &mut RenderInput, rel: &str) -> Result<Rendered, Diagnostic> {
        Ok(Rendered::File(input.tera("questions.md", rel, &[])?.into_bytes()))
    }
}

impl Renderer for QuestionsJson {
    fn format(&self) -> OutputFormat {
        OutputFormat::Json
    }
    fn file(&self, doc: &DocPath) -> Option<String> {
        doc.bulletin_file("questions.json")
    }
    fn render(&self, input: &mut RenderInput, _rel: &str) -> Result<Rendered, Diagnostic> {
        let DocView::Bulletin { view, .. } = &input.doc else {
            return Ok(Rendered::File(Vec::new()));
        };
        Ok(Rendered::File(
            super::json::pretty(&super::json::public(&QuestionsView::new(view), &view.errata)).into_bytes(),
        ))
    }
}

/// Where `questions.json` finds its schema, relative to the output
/// directory (the build writes it there with every JSON build).
pub const SCHEMA_REL: &str = "schema/questions.schema.json";

/// The file name of the questionnaire schema (`questions.json` refers to it).
pub const SCHEMA_FILE: &str = "questions.schema.json";

/// The JSON Schema of `questions.json`, the supplemental questionnaire
/// published for applicant-tracking systems, generated from its view.
pub fn schema_text() -> String {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let schema = generator.into_root_schema_for::<QuestionsView>();
    let mut v = schema.to_value();
    if let Some(obj) = v.as_object_mut() {
        obj.insert(
            "$id".into(),
            serde_json::Value::String(format!("https://classplan.invalid/schema/{SCHEMA_FILE}")),
        );
    }
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

/// `questions.json`: the supplemental questionnaire of a bulletin, for
/// applicant-tracking systems: items in order (intro passages and
/// questions), answer options with stable ids, when each question is
/// shown and whether it must be answered, answer limits, and how the
/// requirements combine. Its JSON Schema is `classplan schema questions`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct QuestionsView {
    /// The schema this file follows, relative to this file.
    #[serde(rename = "$schema")]
    pub schema_ref: String,
    /// `classplan/questions/2`.
    pub schema: String,
    /// The bulletin id.
    pub bulletin: String,
    /// The class, `jurisdiction/code`.
    pub class: String,
    pub job_number: Option<String>,
    /// The class title.
    pub title: String,
    /// How the requirements combine, and the questions of each.
    pub requirements: Option<AtsRequirements>,
    pub items: Vec<AtsItem>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AtsRequirements {
    /// The requirement expression, e.g. "1 or (2 and 3)": an applicant
    /// qualifies when the requirements it names are met as it combines them.
    pub expression: String,
    pub requirements: Vec<AtsRequirement>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AtsRequirement {
    /// As the expression and the bulletin name it: "2", or "2a".
    pub requirement: String,
    /// The requirement as printed.
    pub text: String,
    /// The ids of the questions that establish it.
    pub questions: Vec<String>,
}

/// One item of the questionnaire, in order.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum AtsItem {
    /// A passage shown before the questions it introduces; not a question.
    Intro {
        id: String,
        text: String,
    },
    Question(AtsQuestion),
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AtsQuestion {
    /// Stable id, unique within the questionnaire.
    pub id: String,
    /// Heading, e.g. "Requirement #1 (Part 2 of 4)".
    pub title: Option<String>,
    pub text: String,
    /// Shown after the question.
    pub note: Option<String>,
    /// `single-choice`, `multiple-choice`, `yes-no`, `acknowledgement`,
    /// `text` or `attachment`.
    #[serde(rename = "type")]
    pub kind: crate::model::bulletin::QuestionKind,
    pub options: Vec<AtsOption>,
    /// Every applicant it is shown to must answer it.
    pub required: bool,
    /// Shown only after `question` was answered with one of `any_of`
    /// (option labels); absent: always shown.
    pub show_if: Option<crate::derive::questionnaire::ShowIf>,
    /// Longest text answer, in characters.
    pub max_length: Option<usize>,
    /// File types accepted, as media types.
    pub accept: Vec<String>,
    /// The requirement it establishes ("2", "2a"), if any.
    pub requirement: Option<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AtsOption {
    /// `<question id>.<n>`: stable while the options keep their order.
    pub id: String,
    pub label: String,
    /// For questions that decide a requirement: whether this answer
    /// meets the item (1) or not (0).
    pub score: Option<u8>,
    /// Choosing it ends the application (e.g. "Yes" to having taken the
    /// test within the retake period).
    pub disqualifies: bool,
    /// For an amount of experience: the least full-time months it stands for.
    pub months: Option<f64>,
}

impl QuestionsView {
    pub fn new(v: &BulletinView) -> Self {
        let mut items = Vec::new();
        for (i, q) in v.questions.iter().enumerate() {
            if let Some(lead) = &q.lead {
                items.push(AtsItem::Intro {
                    id: format!("intro-{}", i + 1),
                    text: lead.clone(),
                });
            }
            let decides = !q.qualifying.is_empty();
            items.push(AtsItem::Question(AtsQuestion {
                id: q.id.clone(),
                title: q.title.clone().filter(|t| !t.is_empty()),
                text: q.text.clone(),
                note: q.note.clone(),
                kind: q.kind,
                options: q
                    .options
                    .iter()
                    .enumerate()
                    .map(|(k, o)| AtsOption {
                        id: format!("{}.{}", q.id, k + 1),
                        label: o.clone(),
                        score: decides.then(|| u8::from(q.qualifying.contains(o))),
                        disqualifies: q.disqualifying.contains(o),
                        months: q.option_months.get(k).copied(),
                    })
                    .collect(),
                required: q.required,
                show_if: q.show_if.clone(),
                max_length: q.max_length,
                accept: q.accept.clone(),
                requirement: q.requirement.clone(),
            }));
        }
        let requirements = v
            .requirements
            .as_ref()
            .filter(|r| !r.routes.is_empty())
            .map(|r| AtsRequirements {
                expression: r.expression.clone(),
                requirements: r
                    .routes
                    .iter()
                    .flat_map(|route| {
                        let whole = AtsRequirement {
                            requirement: route.number.to_string(),
                            text: without_connective(&route.plain()),
                            questions: questions_of(v, &route.number.to_string()),
                        };
                        std::iter::once(whole).chain(route.parts.iter().map(move |p| {
                            let label = format!("{}{}", route.number, p.letter);
                            AtsRequirement {
                                questions: questions_of(v, &format!("{}({})", route.number, p.letter)),
                                requirement: label,
                                text: p.text.clone(),
                            }
                        }))
                    })
                    .collect(),
            });
        let depth = v.id.matches('/').count() + 3;
        QuestionsView {
            schema_ref: format!("{}{SCHEMA_REL}", "../".repeat(depth)),
            schema: "classplan/questions/2".into(),
            bulletin: v.id.clone(),
            class: v.class_reference.clone(),
            job_number: v.job_number.clone(),
            title: v.title.clone(),
            requirements,
            items,
        }
    }
}

/// The questions of a requirement as printed ("2", "2(a)").
fn questions_of(v: &BulletinView, requirement: &str) -> Vec<String> {
    v.questions
        .iter()
        .filter(|q| q.requirement.as_deref() == Some(requirement))
        .map(|q| q.id.clone())
        .collect()
}

/// A printed requirement without the "; or" / "; and" / "." that joins it
/// to the next (the expression says how they combine).
fn without_connective(s: &str) -> String {
    let t = s.trim_end();
    let t = t
        .strip_suffix("; or")
        .or_else(|| t.strip_suffix("; and"))
        .or_else(|| t.strip_suffix(", or"))
        .or_else(|| t.strip_suffix(", and"))
        .unwrap_or(t);
    t.trim_end_matches(['.', ';']).to_string()
}
