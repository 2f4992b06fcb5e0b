//! Minimum requirements as data: numbered routes of typed items, combined
//! by an expression such as `1 or (2 and 3)`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Sp, Text};
use super::expr::Expr;

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Requirements {
    /// Text before the routes (e.g. San Francisco's "These minimum
    /// qualifications establish ...").
    pub intro: Option<Text>,
    /// How routes combine, by number: `1 or (2 and 3)`. Default: any one route.
    pub expression: Option<Sp<String>>,
    /// How the routes are printed: `numbered` (1., 2., ... with "or"/"and")
    /// or `by-kind` (Education / Experience / License and Certification
    /// headings, each present even when empty).
    #[serde(default)]
    pub layout: Layout,
    #[serde(default)]
    pub routes: Vec<Route>,
    /// Notes printed after the routes.
    #[serde(default)]
    pub notes: Vec<Sp<Text>>,
    /// In a bulletin: why these requirements differ from the class spec's.
    pub reason: Option<Text>,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    #[default]
    Numbered,
    ByKind,
}

/// One way to qualify: all of its items are needed.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// Text printed before the items, e.g. "Any combination equivalent to
    /// experience and training ... would be:".
    pub lead: Option<Text>,
    /// Each item keeps the span of its whole table (internally tagged
    /// enums cannot carry spans of their fields).
    pub items: Vec<Sp<Item>>,
    pub note: Option<Text>,
}

/// A typed requirement item.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Item {
    Experience(Experience),
    Education(Education),
    Course(Course),
    License(License),
    /// Anything the typed items cannot say; printed as written.
    Other {
        text: Text,
    },
}

impl Item {
    pub fn kind(&self) -> ItemKind {
        match self {
            Item::Experience(_) => ItemKind::Experience,
            Item::Education(_) => ItemKind::Education,
            Item::Course(_) | Item::License(_) => ItemKind::License,
            Item::Other { .. } => ItemKind::Experience,
        }
    }
}

/// The heading an item falls under in the `by-kind` layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemKind {
    Education,
    Experience,
    License,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum DurationUnit {
    Years,
    Months,
    Weeks,
    Hours,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    #[default]
    FullTime,
    PartTime,
    Any,
}

/// Experience: "One year of full-time paid call center operation or public
/// counter experience with the City of Los Angeles".
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Experience {
    #[schemars(range(min = 1, max = 100000))]
    pub amount: u32,
    pub unit: DurationUnit,
    #[serde(default)]
    pub basis: Basis,
    /// "or 960 cumulative hours": an alternative threshold in hours worked.
    #[schemars(range(min = 1, max = 100000))]
    pub cumulative_hours: Option<u32>,
    /// "(1040 hours)": the amount as the source restates it in hours.
    #[schemars(range(min = 1, max = 100000))]
    pub stated_hours: Option<u32>,
    #[serde(default)]
    pub paid: bool,
    #[serde(default)]
    pub verifiable: bool,
    /// What kind of experience, e.g. "call center operation or public counter".
    pub kind: Option<String>,
    /// Where, e.g. "with the City of Los Angeles".
    pub with: Option<String>,
    /// Classes in which it must be gained ("as a Tax Renewal Assistant or ...").
    #[serde(default)]
    pub in_classes: Vec<ClassRef>,
    /// "at the level of" another class.
    pub at_level_of: Option<ClassRef>,
    /// What the work involved, e.g. "directly handling or providing clerical support for ...".
    pub doing: Option<String>,
    /// Data for the supplemental questionnaire.
    #[serde(default)]
    pub questions: ExperienceQuestions,
}

/// A class named in a requirement: by code when it is in the plan (then
/// checked), and by title as printed.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ClassRef {
    pub title: String,
    /// Reference `jurisdiction/code` or a code in the same jurisdiction.
    pub class: Option<String>,
}

/// What the questionnaire asks about an experience item beyond its amount.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ExperienceQuestions {
    /// "Select all that apply" options describing the experience.
    #[serde(default)]
    pub activities: Vec<String>,
    /// Example answer for the job title and employer question.
    pub title_example: Option<String>,
    /// Ask for City job classification(s) instead of titles and employers.
    #[serde(default)]
    pub ask_classification: bool,
    /// Skip the "describe your experience" question.
    #[serde(default)]
    pub no_description: bool,
    /// Ask "I possess <the requirement>" (yes/no) instead of asking for the
    /// amount of experience in brackets.
    #[serde(default)]
    pub confirm: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Education {
    /// e.g. "bachelor's degree", "high school diploma", "college".
    pub level: String,
    /// Semester units, when the requirement counts units.
    #[schemars(range(min = 1, max = 1000))]
    pub units: Option<u32>,
    pub major: Option<String>,
    /// e.g. "from an accredited college or university".
    pub from: Option<String>,
}

/// A course or certificate program: "a four-week Business Tax Ordinance class".
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Course {
    pub name: String,
    pub provider: Option<String>,
    pub length: Option<Length>,
    /// Applicants must attach a certificate of completion when they file.
    #[serde(default)]
    pub certificate: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Length {
    #[schemars(range(min = 1, max = 100000))]
    pub amount: u32,
    pub unit: DurationUnit,
}

/// A license or certification: "A valid California driver's license may be
/// required prior to appointment."
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct License {
    pub name: String,
    #[serde(default = "yes")]
    pub valid: bool,
    /// `required` or `may-be-required`.
    #[serde(default)]
    pub need: Need,
    /// e.g. "prior to appointment".
    pub when: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Need {
    #[default]
    Required,
    MayBeRequired,
}

impl Requirements {
    /// The parsed expression: the written one, or "any route".
    pub fn expr(&self) -> Result<Expr, super::expr::ExprError> {
        match &self.expression {
            Some(e) => Expr::parse(e),
            None => Ok(Expr::any_of(self.routes.len())),
        }
    }
}
