//! A job bulletin (`bulletins/<id>.toml`): one recruitment for a class,
//! with its filing periods, selection process and questionnaire.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Date, LocalDateTime, Location, Note, PayRange, Sp, Text};
use super::ident::Id;
use super::requirements::Requirements;

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Bulletin {
    /// Where the bulletin was imported from (written by `classplan import`).
    pub imported: Option<super::common::Provenance>,
    /// The class, as `jurisdiction/code`, e.g. "la-city/1229".
    pub class: Sp<String>,
    /// Draft, proposed or adopted (by whom, when); omitted: adopted. A
    /// bulletin of a class that is not adopted is not published either.
    pub adoption: Option<super::adoption::Adoption>,
    /// Words of the official text that are wrong, kept as published.
    #[serde(default)]
    pub corrections: Vec<super::common::Correction>,
    /// Lint rules this document is exempt from, with the reason.
    pub lint: Option<super::lint::LintAllow>,
    /// The examination's job number, e.g. "1229 OP 2023/02/24 C" (when the
    /// jurisdiction numbers its examinations).
    pub job_number: Option<Sp<String>>,
    /// The hiring department, e.g. "Finance" (none for a citywide
    /// examination).
    pub department: Option<String>,
    pub job_type: JobType,
    /// How the examination is given; printed as "THIS EXAMINATION IS TO BE GIVEN ...".
    #[serde(default)]
    pub basis: Vec<ExamBasis>,
    /// The basis sentence when the bulletin words it differently from the
    /// one computed from `basis`.
    pub basis_text: Option<String>,
    /// Who may apply, when it differs from the jurisdiction's words for the
    /// basis (`bulletins.open_to`), e.g. "Exam Open to Current City
    /// Employees" on an open competitive local-hire examination.
    pub open_to: Option<String>,
    /// The day the bulletin was posted ("Open Date"), when it differs from
    /// the first day of filing or is stated.
    pub posted: Option<Sp<Date>>,
    /// Revision date of this bulletin (default: none; the PDF's date is the
    /// revision date, else the posted date, else the first day of filing).
    pub revised: Option<Sp<Date>>,
    /// Defaults to the jurisdiction's location.
    pub location: Option<Location>,
    /// Duties as the bulletin states them, when they differ from the class summary.
    pub duties: Option<Sp<Text>>,
    #[serde(default)]
    pub pay: Vec<PayRange>,
    /// How the ranges are listed, when it differs from the jurisdiction's
    /// `pay.list`.
    pub pay_list: Option<super::jurisdiction::PayList>,
    /// Pay by reference to a grade or schedule without figures ("Salary
    /// Group B19"); printed when there are no headline ranges.
    pub pay_reference: Option<String>,
    #[serde(default)]
    pub salary_notes: Vec<Sp<Text>>,
    /// Filing periods in order.
    pub periods: Vec<FilingPeriod>,
    /// Requirements for this bulletin when they differ from the class spec's.
    pub requirements: Option<Requirements>,
    #[serde(default)]
    pub process_notes: Vec<Sp<Text>>,
    pub selective_certification: Option<SelectiveCertification>,
    pub application: Application,
    pub selection: Selection,
    #[serde(default)]
    pub notes: Vec<Note>,
    /// Boilerplate blocks at the end (default: the jurisdiction's bulletin blocks).
    pub blocks: Option<Vec<Sp<String>>>,
    #[serde(default)]
    pub questionnaire: Questionnaire,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum JobType {
    FullTime,
    PartTime,
    Temporary,
    Contract,
    PerDiem,
    Intern,
}

impl JobType {
    pub fn label(self) -> &'static str {
        match self {
            JobType::FullTime => "Full-time",
            JobType::PartTime => "Part-time",
            JobType::Temporary => "Temporary",
            JobType::Contract => "Contract",
            JobType::PerDiem => "Per diem",
            JobType::Intern => "Intern",
        }
    }
    /// schema.org employmentType.
    pub fn schema_org(self) -> &'static str {
        match self {
            JobType::FullTime => "FULL_TIME",
            JobType::PartTime => "PART_TIME",
            JobType::Temporary => "TEMPORARY",
            JobType::Contract => "CONTRACTOR",
            JobType::PerDiem => "PER_DIEM",
            JobType::Intern => "INTERN",
        }
    }
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum ExamBasis {
    OpenCompetitive,
    InterdepartmentalPromotional,
    DepartmentalPromotional,
}

impl ExamBasis {
    pub fn label(self) -> &'static str {
        match self {
            ExamBasis::OpenCompetitive => "open competitive",
            ExamBasis::InterdepartmentalPromotional => "interdepartmental promotional",
            ExamBasis::DepartmentalPromotional => "departmental promotional",
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FilingPeriod {
    /// When filing opens: a local date-time, or a date when the source
    /// gives no time.
    pub open: Sp<LocalDateTime>,
    /// When filing closes; omit for a period open until further notice
    /// (or until the needs of the service are met).
    pub close: Option<Sp<LocalDateTime>>,
    /// The period as the bulletin words it, when that differs from the
    /// sentence classplan writes ("Applications will only be accepted
    /// on-line on the following three days: ...").
    pub wording: Option<Text>,
    pub test_window: Option<TestWindow>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TestWindow {
    pub start: Sp<Date>,
    pub end: Sp<Date>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SelectiveCertification {
    pub intro: Sp<Text>,
    /// The areas, e.g. "The ability to speak or write a language other than
    /// English." (none when the intro says it all).
    #[serde(default)]
    pub areas: Vec<Sp<Text>>,
    /// Ask the language questions (speak / write) in the questionnaire.
    #[serde(default)]
    pub languages: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Application {
    /// Where and how to apply.
    pub how: Sp<Text>,
    /// Where this bulletin's applications are made, when it differs from
    /// the jurisdiction's `bulletins.apply_url`. An absolute http(s) URL.
    pub url: Option<Sp<String>>,
    #[serde(default)]
    pub notes: Vec<Note>,
    /// Text before the list of filing periods.
    pub deadline_intro: Option<Text>,
    /// The words before a single closing day without a time, when they
    /// differ from the jurisdiction's, e.g. "Applications and
    /// Qualifications Questionnaires must be received by".
    pub received_by: Option<String>,
    /// Paragraphs after the list of filing periods.
    #[serde(default)]
    pub after_deadline: Vec<Sp<Text>>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    /// The weighted parts of the examination (none when the bulletin
    /// states no weights).
    #[serde(default)]
    pub components: Vec<Component>,
    /// The words before the weights, e.g. "Examination Weight:" (default
    /// "Examination weights:").
    pub weights_label: Option<String>,
    /// Text before the weights, e.g. "After meeting minimum
    /// qualifications, candidates will be scheduled for the following:".
    pub intro: Option<Sp<Text>>,
    /// Paragraphs after the weights and before the test windows.
    #[serde(default)]
    pub text: Vec<Sp<Text>>,
    /// Name of the test the filing periods' test windows are for, as it reads
    /// in "it is anticipated that the {test} will be administered between ...".
    pub window_test: Option<String>,
    /// Paragraphs after the test windows.
    #[serde(default)]
    pub after: Vec<Note>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Component {
    pub name: String,
    /// A percentage, or "qualifying" / "pass-fail" (must pass; not scored)
    /// or "advisory" (considered, not scored).
    pub weight: Sp<Weight>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(untagged)]
pub enum Weight {
    Percent(#[schemars(range(min = 0, max = 100))] f64),
    Keyword(WeightKeyword),
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum WeightKeyword {
    /// Pass/fail: candidates must pass to continue; it adds nothing to the score.
    Qualifying,
    /// Printed as "Pass/Fail"; the same as `qualifying`.
    PassFail,
    /// Considered by the interviewers, not scored.
    Advisory,
}

/// Bulletin-specific parts of the supplemental questionnaire. Questions about
/// requirements, selective certification and acknowledgements are generated.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    /// Custom questions asked after the opening acknowledgements.
    #[serde(default)]
    pub before: Vec<CustomQuestion>,
    /// Retake restriction for a test, in months.
    pub retake: Option<Retake>,
    /// Custom questions asked at the end, before the closing acknowledgements.
    #[serde(default)]
    pub after: Vec<CustomQuestion>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Retake {
    /// The test, e.g. "Customer Service Specialist multiple-choice test".
    pub test: String,
    #[schemars(range(min = 1, max = 120))]
    pub months: u32,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CustomQuestion {
    /// Stable id (an identifier, e.g. `driver-license`).
    pub id: Sp<Id>,
    pub title: Option<String>,
    pub text: Sp<Text>,
    #[serde(rename = "type")]
    pub kind: QuestionKind,
    #[serde(default)]
    pub options: Vec<String>,
    #[serde(default = "super::common::yes")]
    pub required: bool,
    /// Options that disqualify the applicant.
    #[serde(default)]
    pub disqualifying: Vec<String>,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionKind {
    SingleChoice,
    MultipleChoice,
    Text,
    Attachment,
    YesNo,
    Acknowledgement,
}

impl Bulletin {
    /// The bulletin's date: its revision date, else the day it was posted,
    /// else the first day of filing. Orders editions and dates the PDF.
    pub fn date(&self) -> chrono::NaiveDate {
        self.revised
            .as_ref()
            .map(|d| d.value.0)
            .or_else(|| self.posted.as_ref().map(|d| d.value.0))
            .or_else(|| self.periods.iter().map(|p| p.open.value.date()).min())
            .unwrap_or(chrono::NaiveDate::MIN)
    }

    /// The job number, or "" when the bulletin has none.
    pub fn job_number(&self) -> &str {
        self.job_number.as_ref().map(|n| n.value.as_str()).unwrap_or("")
    }
}
