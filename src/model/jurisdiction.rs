//! The jurisdiction file (`specs/<id>/jurisdiction.toml`): identity,
//! location, time zone, pay conventions, writing style, section names and
//! reusable boilerplate blocks.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Location, Sp, Text};
use super::ident::Id;

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Jurisdiction {
    /// Short id used in references (`la-city/1229`); must equal the folder name.
    pub id: Sp<Id>,
    /// Official name, e.g. "City of Los Angeles".
    pub name: String,
    /// The body that issues class specifications, e.g. "Civil Service Commission".
    pub authority: Option<String>,
    /// The employer as named in job postings (defaults to `name`).
    pub employer: Option<String>,
    pub location: Location,
    /// IANA time zone of filing deadlines, e.g. "America/Los_Angeles".
    pub time_zone: Sp<String>,
    /// Short name of the time zone as printed after times, e.g. "Pacific".
    pub time_zone_label: Option<String>,
    /// BCP 47 language tag of the documents.
    #[serde(default = "default_lang")]
    pub language: String,
    /// Public website of the employer.
    pub website: Option<String>,
    #[serde(default)]
    pub pay: PayConventions,
    #[serde(default)]
    pub style: WritingStyle,
    /// Section names as this jurisdiction prints them (missing ones use the
    /// built-in names).
    #[serde(default)]
    pub labels: Labels,
    /// Reusable boilerplate blocks, by id (EEO statement, benefits, ...).
    #[serde(default)]
    pub blocks: BTreeMap<String, Block>,
    #[serde(default)]
    pub class_specs: ClassSpecDefaults,
    #[serde(default)]
    pub bulletins: BulletinDefaults,
    #[serde(default)]
    pub questionnaire: QuestionnaireDefaults,
    /// The jurisdiction's own holidays (besides the US federal ones, unless
    /// `federal_holidays = false`), for the warnings about filing periods
    /// that open or close on a day offices are closed.
    #[serde(default)]
    pub holidays: Vec<Holiday>,
    /// Whether the US federal holidays apply (default true).
    #[serde(default = "super::common::yes")]
    pub federal_holidays: bool,
    /// Settings of `classplan lint` and the level of any rule.
    #[serde(default)]
    pub lint: super::lint::LintConfig,
}

/// A holiday: a fixed day every year (`month` and `day`), the nth weekday
/// of a month (`month`, `weekday`, `nth`; `nth = -1` is the last), or one
/// `date`.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    /// e.g. "Cesar Chavez Day".
    pub name: String,
    /// One date only (e.g. a day declared once).
    pub date: Option<super::common::Date>,
    pub month: Option<u32>,
    pub day: Option<u32>,
    pub weekday: Option<Weekday>,
    /// Which such weekday of the month: 1 to 5, or -1 for the last.
    pub nth: Option<i32>,
    /// A fixed-day holiday on a Saturday is observed the Friday before, on
    /// a Sunday the Monday after (default true).
    #[serde(default = "super::common::yes")]
    pub observed: bool,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    pub fn chrono(self) -> chrono::Weekday {
        match self {
            Weekday::Monday => chrono::Weekday::Mon,
            Weekday::Tuesday => chrono::Weekday::Tue,
            Weekday::Wednesday => chrono::Weekday::Wed,
            Weekday::Thursday => chrono::Weekday::Thu,
            Weekday::Friday => chrono::Weekday::Fri,
            Weekday::Saturday => chrono::Weekday::Sat,
            Weekday::Sunday => chrono::Weekday::Sun,
        }
    }
}

fn default_lang() -> String {
    "en".into()
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PayConventions {
    /// Full-time hours in a year, for annualizing hourly pay and for
    /// converting experience hours to months (default 2080).
    #[serde(default = "default_hours")]
    #[schemars(range(min = 1, max = 8784))]
    pub hours_per_year: f64,
    /// ISO 4217 currency code.
    #[serde(default = "default_currency")]
    pub currency: String,
    /// How annual pay is labelled, e.g. "Annually" (default) or "Yearly".
    pub annual_label: Option<String>,
    /// Printed after a flat-rated amount, e.g. "(flat-rated)" (default
    /// "(flat rate)").
    pub flat_label: Option<String>,
    /// How several ranges are listed (default `semicolon-and`: "A; B; and
    /// C"); a bulletin or class may say otherwise (`pay_list`).
    #[serde(default)]
    pub list: PayList,
    /// The words before a department's or schedule's ranges; `{schedule}`
    /// stands for its name (default "The salary in the {schedule} is").
    pub schedule_lead: Option<String>,
}

/// How several pay ranges are joined in a sentence.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum PayList {
    /// "$1 to $2; $3 to $4; and $5 to $6".
    #[default]
    SemicolonAnd,
    /// "$1 to $2; $3 to $4; $5 to $6".
    Semicolon,
    /// "$1 to $2 and $3 to $4 and $5 to $6".
    And,
    /// "$1 to $2, $3 to $4 and $5 to $6".
    CommaAnd,
}

impl Default for PayConventions {
    fn default() -> Self {
        Self {
            hours_per_year: default_hours(),
            currency: default_currency(),
            annual_label: None,
            flat_label: None,
            list: PayList::default(),
            schedule_lead: None,
        }
    }
}

fn default_hours() -> f64 {
    2080.0
}
fn default_currency() -> String {
    "USD".into()
}

/// How amounts are written in generated text.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WritingStyle {
    /// `words` ("One year"), `words-and-digits` ("Six (6) months") or `digits` ("6 months").
    #[serde(default)]
    pub numbers: NumberStyle,
    /// Upper-case weekday and month names in deadlines ("FRIDAY, FEBRUARY 28, 2025").
    #[serde(default)]
    pub uppercase_dates: bool,
    /// How dates are written in headers and footers: a strftime pattern,
    /// e.g. "%m-%d-%y" for 05-12-17 (default "%m/%d/%Y").
    pub short_date: Option<Sp<String>>,
    /// How a document's `corrections` print: `sic` (default: as published,
    /// marked "[sic]") or `correct` (the corrected word; `classplan list
    /// --errata` lists every one).
    #[serde(default)]
    pub corrections: CorrectionStyle,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum CorrectionStyle {
    #[default]
    Sic,
    Correct,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum NumberStyle {
    #[default]
    Words,
    WordsAndDigits,
    Digits,
}

/// A boilerplate block: an optional heading and its text.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Block {
    pub title: Option<String>,
    pub text: Sp<Text>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ClassSpecDefaults {
    /// Heading printed above every class spec, e.g. "CLASS SPECIFICATION".
    pub heading: Option<String>,
    /// Blocks printed at the end of every class spec unless the class lists its own.
    #[serde(default)]
    pub blocks: Vec<Sp<String>>,
    /// The workspace holds only some of the jurisdiction's classes (a
    /// sample, or a plan still being encoded): a class title in a
    /// requirement that names none of them is taken as a class outside the
    /// workspace, not warned about (`unresolved-class-title`).
    #[serde(default)]
    pub partial: bool,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BulletinDefaults {
    /// Blocks printed at the end of every bulletin unless the bulletin lists its own.
    #[serde(default)]
    pub blocks: Vec<Sp<String>>,
    /// Block printed after a certificate-of-completion process note
    /// (how to attach the certificate).
    pub certificate_block: Option<Sp<String>>,
    /// The label of a bulletin's `posted` date in its header, e.g. "Open
    /// Date" (default "Posted").
    pub posted_label: Option<String>,
    /// The words before a single closing day without a time (default
    /// "Applications must be received by").
    pub received_by: Option<String>,
    /// How a period without a closing date ends, e.g. "until the needs of
    /// the service are met" (default "until further notice").
    pub open_ended: Option<String>,
    /// Who may apply, printed under the title from the examination basis:
    /// `open` when the examination is open competitive, else `promotional`.
    #[serde(default)]
    pub open_to: OpenTo,
    /// Where applications are made, e.g.
    /// "https://www.governmentjobs.com/careers/lacity": the Apply link at
    /// the top of every bulletin and the JobPosting's `url` (a bulletin's
    /// `application.url` overrides it). An absolute http(s) URL.
    pub apply_url: Option<Sp<String>>,
    /// Print the salary before the duties, as the jurisdiction's bulletins
    /// do (the City of Los Angeles puts salary first).
    #[serde(default)]
    pub salary_first: bool,
    /// A line printed at the end of every bulletin; `{code}` stands for the
    /// class code, `{date}` for the bulletin's posted date (else its
    /// revision date) and `{revised}` for " REV <revision date>" when the
    /// bulletin was revised after it was posted; dates as `style.short_date`.
    /// E.g. "Class Code {code} {date}{revised}".
    pub footer: Option<Sp<String>>,
}

/// Who may apply, by examination basis.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OpenTo {
    /// e.g. "Exam Open to All, including Current City Employees".
    pub open: Option<String>,
    /// e.g. "Exam Open to Current City Employees".
    pub promotional: Option<String>,
}

/// Questionnaire boilerplate shared by every bulletin of the jurisdiction.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct QuestionnaireDefaults {
    /// Acknowledgements asked before the requirement questions.
    #[serde(default)]
    pub opening: Vec<Acknowledgement>,
    /// Acknowledgements asked at the end.
    #[serde(default)]
    pub closing: Vec<Acknowledgement>,
    /// Options offered for language questions of selective certification,
    /// before "Other language not listed above".
    #[serde(default)]
    pub languages: Vec<String>,
    /// Note shown with every experience amount question, e.g. "You MUST
    /// provide detailed information regarding this experience ...".
    pub experience_note: Option<Text>,
    /// Who gives the tests, as in "during an open filing period in the
    /// Personnel Department" (retake restriction).
    pub testing_agency: Option<String>,
}

/// A statement the applicant must acknowledge.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Acknowledgement {
    /// Stable question id (an identifier, e.g. `email-notice`).
    pub id: Sp<Id>,
    /// Heading shown above the statement, e.g. "IMPORTANT NOTE".
    pub title: Option<String>,
    /// Lead-in shown before the statements, e.g. "To be PROPERLY AND PROMPTLY notified ...".
    pub lead: Option<Text>,
    pub text: Sp<Text>,
}

/// Section names. Every field is optional; see [`Labels::get`] for defaults.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    pub summary: Option<String>,
    pub distinguishing_features: Option<String>,
    pub supervision_received: Option<String>,
    pub supervision_exercised: Option<String>,
    pub duties: Option<String>,
    pub qualifications: Option<String>,
    pub knowledge: Option<String>,
    pub skills: Option<String>,
    pub abilities: Option<String>,
    pub requirements: Option<String>,
    /// The requirements heading in bulletins (default: `requirements`).
    pub bulletin_requirements: Option<String>,
    pub education: Option<String>,
    pub experience: Option<String>,
    pub licenses_and_certificates: Option<String>,
    pub desirable: Option<String>,
    pub substitution: Option<String>,
    pub license: Option<String>,
    pub physical_requirements: Option<String>,
    pub notes: Option<String>,
    pub agency_uses: Option<String>,
    pub history: Option<String>,
    pub competencies: Option<String>,
    /// The bulletin section of filing allowances and certificate
    /// instructions, e.g. "PROCESS NOTES".
    pub process_notes: Option<String>,
    /// The bulletin's pay section, e.g. "ANNUAL SALARY".
    pub salary: Option<String>,
}

macro_rules! label_defaults {
    ($($field:ident => $default:literal,)*) => {
        impl Labels {
            /// The label of a section: this set's, else `fallback`'s, else the built-in name.
            pub fn resolve(&self, fallback: &Labels) -> ResolvedLabels {
                ResolvedLabels {
                    $( $field: self.$field.clone().or_else(|| fallback.$field.clone()).unwrap_or_else(|| $default.to_string()), )*
                }
            }
        }
        /// Section names after applying class, jurisdiction and built-in defaults.
        #[derive(Clone, Debug, Serialize, PartialEq)]
        pub struct ResolvedLabels { $( pub $field: String, )* }
    };
}

label_defaults! {
    summary => "Definition",
    distinguishing_features => "Distinguishing Features",
    supervision_received => "Supervision Received",
    supervision_exercised => "Supervision Exercised",
    duties => "Examples of Duties",
    qualifications => "Knowledge, Skills and Abilities",
    knowledge => "Knowledge of",
    skills => "Skill in",
    abilities => "Ability to",
    requirements => "Minimum Qualifications",
    bulletin_requirements => "",
    education => "Education",
    experience => "Experience",
    licenses_and_certificates => "License and Certification",
    desirable => "Desirable Qualifications",
    substitution => "Substitution",
    license => "License",
    physical_requirements => "Physical Requirements",
    notes => "Notes",
    agency_uses => "Specific Uses",
    history => "History",
    competencies => "Competency Model",
    process_notes => "Process note",
    salary => "Salary",
}
