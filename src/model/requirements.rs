//! Minimum requirements as data: numbered routes of typed items (with
//! lettered parts), combined by an expression such as `1 or (2a and 3)`;
//! substitutions, the "lack six months or less" filing allowance and the
//! anticipated-degree allowance.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Sp, Text};
use super::expr::{Expr, RouteRef};

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Requirements {
    /// Text before the routes (e.g. San Francisco's "These minimum
    /// qualifications establish ...").
    pub intro: Option<Text>,
    /// How routes combine, by number and part letter: `1 or (2 and 3)`,
    /// `(1 or 2) and 3`, `1 or 2a or (2b and 3)`. `and` binds tighter than
    /// `or`. Default: any one route.
    pub expression: Option<Sp<String>>,
    /// How the routes are printed: `numbered` (1., 2., ... with "or"/"and")
    /// or `by-kind` (Education / Experience / License and Certification
    /// headings, each present even when empty).
    #[serde(default)]
    pub layout: Layout,
    #[serde(default)]
    pub routes: Vec<Sp<Route>>,
    /// What may stand in for part of what the routes require.
    #[serde(default)]
    pub substitutions: Vec<Sp<Substitution>>,
    /// Applicants who lack up to this much of the required experience may
    /// file, but cannot be appointed until they have it all.
    pub filing_short: Option<Sp<FilingShort>>,
    /// Applicants about to receive the required degree may file, but
    /// cannot be appointed until they have it.
    pub anticipated_degree: Option<Sp<AnticipatedDegree>>,
    /// Notes printed after the routes.
    #[serde(default)]
    pub notes: Vec<Sp<Text>>,
    /// In a bulletin: why these requirements differ from the class spec's
    /// (for analysts; `classplan diff --drift` shows it, documents do not).
    pub reason: Option<Text>,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    #[default]
    Numbered,
    ByKind,
}

/// One way to qualify: all of its items are needed, and its lettered parts
/// as `parts_needed` says.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// Text printed before the items, e.g. "Any combination equivalent to
    /// experience and training ... would be:".
    pub lead: Option<Text>,
    /// Each item keeps the span of its whole table (internally tagged
    /// enums cannot carry spans of their fields).
    #[serde(default)]
    pub items: Vec<Sp<Item>>,
    /// Lettered parts (a, b, c, ...), each of its own items: "Completion of
    /// one of the following: a. ...; or b. ...".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Sp<Part>>,
    /// How many parts are needed: `any` one of them (default) or `all`.
    #[serde(default)]
    pub parts_needed: PartsNeeded,
    /// Text before the parts, e.g. "Completion of one of the following:"
    /// (default: none; the items' sentence leads into them).
    pub parts_lead: Option<Text>,
    pub note: Option<Text>,
}

/// A lettered part of a route.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub lead: Option<Text>,
    pub items: Vec<Sp<Item>>,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum PartsNeeded {
    #[default]
    Any,
    All,
}

/// A typed requirement item.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Item {
    Experience(Box<Experience>),
    Education(Education),
    Course(Course),
    License(License),
    /// A test the applicant must pass ("Achievement of a passing score on
    /// the Firefighter Candidate Assessment"): checked during selection,
    /// never asked when filing.
    Test(Test),
    /// A minimum age ("at least 18 years of age at the time of application").
    Age(Age),
    /// Current employment: "Current employment as a Vocational Worker with
    /// the City of Los Angeles".
    Employment(Employment),
    /// A document the applicant must provide: "A letter of recommendation
    /// from the personnel office of the employing department".
    Document(Document),
    /// "Or any equivalent combination of training and experience": judged
    /// by the department, not by a yes/no question.
    Equivalent {
        /// The wording, when it differs from "any equivalent combination of
        /// training and experience".
        text: Option<Text>,
    },
    /// Anything the typed items cannot say; printed as written.
    Other {
        text: Text,
        /// When it must be met (default: at the time of filing).
        at: Option<Stage>,
    },
}

impl Item {
    pub fn kind(&self) -> ItemKind {
        match self {
            Item::Experience(_) | Item::Equivalent { .. } => ItemKind::Experience,
            Item::Education(_) => ItemKind::Education,
            Item::Course(_) | Item::License(_) => ItemKind::License,
            Item::Test(_) | Item::Age(_) | Item::Employment(_) | Item::Other { .. } => ItemKind::Experience,
            Item::Document(_) => ItemKind::License,
        }
    }

    /// When the item must be met: most at filing; licenses, tests and ages
    /// as they say.
    pub fn stage(&self) -> Stage {
        match self {
            Item::License(l) => l.at.unwrap_or(Stage::Filing),
            Item::Test(t) => t.at,
            Item::Age(a) => a.at,
            Item::Document(d) => d.at.unwrap_or(Stage::Filing),
            Item::Other { at, .. } => at.unwrap_or(Stage::Filing),
            _ => Stage::Filing,
        }
    }
}

/// When a requirement must be met.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// At the time of filing (what the questionnaire asks and `screen` checks).
    #[default]
    Filing,
    /// During the selection process (a test to pass).
    Selection,
    /// Prior to appointment.
    Appointment,
    /// At the time of hire.
    Hire,
}

impl Stage {
    /// "at the time of filing", "prior to appointment", ...
    pub fn phrase(self) -> &'static str {
        match self {
            Stage::Filing => "at the time of filing",
            Stage::Selection => "during the selection process",
            Stage::Appointment => "prior to appointment",
            Stage::Hire => "at the time of hire",
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

#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord)]
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
    /// How much; omit both `amount` and `unit` for experience of no stated
    /// amount ("Experience in ...").
    #[schemars(range(min = 1, max = 100000))]
    pub amount: Option<u32>,
    pub unit: Option<DurationUnit>,
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
    /// Paid or volunteer experience counts ("paid or volunteer").
    #[serde(default)]
    pub volunteer: bool,
    #[serde(default)]
    pub verifiable: bool,
    /// What kind of experience, e.g. "call center operation or public counter".
    pub kind: Option<String>,
    /// Time in a program rather than a job: "in the Utility Pre-Craft
    /// Trainee training program".
    pub program: Option<String>,
    /// Where, e.g. "with the City of Los Angeles".
    pub with: Option<String>,
    /// Print `with` after the classes ("as a Clerk with the City of Los
    /// Angeles") rather than before them ("with the City of Los Angeles as
    /// a Clerk").
    #[serde(default)]
    pub with_after_classes: bool,
    /// Classes in which it must be gained ("as a Tax Renewal Assistant or ...").
    #[serde(default)]
    pub in_classes: Vec<ClassRef>,
    /// "or in a class at that level" after the classes (the words between
    /// "in a" and "at that level": `class`, `clerical class`, `position`).
    pub or_at_that_level: Option<String>,
    /// "at the level of" another class.
    pub at_level_of: Option<ClassRef>,
    /// Areas of which `areas_needed` are required ("in one of the
    /// following areas: a. budgetary analysis; b. personnel administration").
    #[serde(default)]
    pub areas: Vec<String>,
    /// How many of `areas` are needed (default one).
    #[schemars(range(min = 1, max = 100))]
    pub areas_needed: Option<u32>,
    /// What the work involved, e.g. "directly handling or providing clerical support for ...".
    pub doing: Option<String>,
    /// A part of the amount that must be of a narrower kind: "including one
    /// year of supervisory experience".
    pub including: Option<Including>,
    /// The item as the source words it, when that differs from the
    /// sentence classplan would write from the fields above (the fields
    /// still drive the questionnaire and `screen`; `check` warns when the
    /// wording no longer mentions what they say).
    pub wording: Option<Text>,
    /// Data for the supplemental questionnaire.
    #[serde(default)]
    pub questions: ExperienceQuestions,
}

/// "including one year of supervisory experience".
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Including {
    #[schemars(range(min = 1, max = 100000))]
    pub amount: u32,
    pub unit: DurationUnit,
    /// What that part must be, e.g. "in a supervisory capacity".
    pub what: String,
}

/// A class named in a requirement, by title as printed. The title finds
/// the class (exactly, then without case, plurals, "Sr." and level
/// numerals); `class` pins it to a code when the title is ambiguous or
/// the class's title differs.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ClassRef {
    pub title: String,
    /// Pin: a code in the same jurisdiction, or `jurisdiction/code`.
    pub class: Option<String>,
    /// The jurisdiction whose classes the title names (default: the one
    /// the requirement belongs to), e.g. `wa-state` for experience in
    /// another employer's class.
    pub jurisdiction: Option<String>,
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
    /// Years of it: "one year of college".
    #[schemars(range(min = 1, max = 20))]
    pub years: Option<u32>,
    /// Semester units, when the requirement counts units ("24 semester or
    /// 36 quarter units in accounting").
    #[schemars(range(min = 1, max = 1000))]
    pub semester_units: Option<u32>,
    /// Quarter units, beside semester units.
    #[schemars(range(min = 1, max = 1000))]
    pub quarter_units: Option<u32>,
    pub major: Option<String>,
    /// e.g. "from an accredited college or university".
    pub from: Option<String>,
    /// The item as the source words it, when that differs from the
    /// sentence classplan would write from the fields above (the fields
    /// still drive the questionnaire and `screen`; `check` warns when the
    /// wording no longer mentions what they say).
    pub wording: Option<Text>,
}

/// A course or certificate program: "a four-week Business Tax Ordinance
/// class", or a count of courses: "four courses, of at least three
/// semester or four quarter units each, in accounting".
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Course {
    /// The course or program, e.g. "Business Tax Ordinance class".
    pub name: Option<String>,
    /// How many courses (with `subject`).
    #[schemars(range(min = 1, max = 100))]
    pub count: Option<u32>,
    /// What the courses are in, e.g. "accounting".
    pub subject: Option<String>,
    /// Units of each course.
    #[schemars(range(min = 1, max = 100))]
    pub semester_units_each: Option<u32>,
    #[schemars(range(min = 1, max = 100))]
    pub quarter_units_each: Option<u32>,
    pub provider: Option<String>,
    pub length: Option<Length>,
    /// Applicants must attach a certificate of completion when they file.
    #[serde(default)]
    pub certificate: bool,
    /// The item as the source words it, when that differs from the
    /// sentence classplan would write from the fields above (the fields
    /// still drive the questionnaire and `screen`; `check` warns when the
    /// wording no longer mentions what they say).
    pub wording: Option<Text>,
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
    #[serde(default = "super::common::yes")]
    pub valid: bool,
    /// `required` or `may-be-required`.
    #[serde(default)]
    pub need: Need,
    /// When it is needed (default: at the time of filing when it is a
    /// requirement item; printed as "prior to appointment" etc.).
    pub at: Option<Stage>,
    /// The item as the source words it, when that differs from the
    /// sentence classplan would write from the fields above (the fields
    /// still drive the questionnaire and `screen`; `check` warns when the
    /// wording no longer mentions what they say).
    pub wording: Option<Text>,
}

/// A test to pass: "Achievement of a passing score on the Firefighter
/// Candidate Assessment (FCA)".
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Test {
    pub name: String,
    /// When it is taken (default: during the selection process).
    #[serde(default = "selection")]
    pub at: Stage,
    /// The item as the source words it, when that differs from the
    /// sentence classplan would write from the fields above (the fields
    /// still drive the questionnaire and `screen`; `check` warns when the
    /// wording no longer mentions what they say).
    pub wording: Option<Text>,
}

fn selection() -> Stage {
    Stage::Selection
}

/// A minimum age.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Age {
    #[schemars(range(min = 14, max = 99))]
    pub years: u32,
    /// When the age must be reached (default: at the time of hire).
    #[serde(default = "hire")]
    pub at: Stage,
    /// The item as the source words it, when that differs from the
    /// sentence classplan would write from the fields above (the fields
    /// still drive the questionnaire and `screen`; `check` warns when the
    /// wording no longer mentions what they say).
    pub wording: Option<Text>,
}

/// Current employment, e.g. "Current employment as a Vocational Worker with
/// the City of Los Angeles assigned to a position that performs gardening
/// and landscape work".
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Employment {
    /// Classes the applicant must hold now.
    #[serde(default)]
    pub in_classes: Vec<ClassRef>,
    /// The employer, e.g. "with the City of Los Angeles".
    pub with: Option<String>,
    /// The kind of position, e.g. "assigned to a position that performs
    /// gardening and landscape work".
    pub doing: Option<String>,
    /// The item as the source words it, when that differs from the
    /// sentence classplan would write from the fields above.
    pub wording: Option<Text>,
}

/// A document to provide, e.g. "A letter of recommendation from the
/// personnel office of the employing department".
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// What it is, e.g. "letter of recommendation from the personnel office
    /// of the employing department".
    pub name: String,
    /// When it is due (default: at the time of filing).
    pub at: Option<Stage>,
    /// The item as the source words it, when that differs from the
    /// sentence classplan would write from the fields above.
    pub wording: Option<Text>,
}

fn hire() -> Stage {
    Stage::Hire
}

#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Need {
    #[default]
    Required,
    MayBeRequired,
}

/// What may stand in for (part of) what routes require: "Six semester or
/// nine quarter units in accounting may be substituted for a maximum of six
/// months of the required experience."
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Substitution {
    /// What the applicant may offer instead (an item: education, a course,
    /// experience, a license, ...).
    pub offered: Sp<Item>,
    /// What it replaces: `experience` or `education`.
    pub replaces: Replaces,
    /// The routes (`"1"`) or parts (`"1a"`) it applies to; default: every
    /// route that requires what it replaces.
    #[serde(default)]
    pub routes: Vec<Sp<String>>,
    /// How much of the requirement it stands for ("for six months of the
    /// required experience"); default: all of it ("for the required degree").
    pub amount: Option<Length>,
    /// Up to how much it may stand for in all ("for a maximum of six months").
    pub max: Option<Length>,
    /// Each year of what is offered counts for a year of what is required.
    #[serde(default)]
    pub year_for_year: bool,
    /// Printed after the sentence, e.g. "(30 semester or 45 quarter units =
    /// 1 year of education)".
    pub note: Option<Text>,
    /// The sentence as the source words it, when it differs from the one
    /// classplan would write.
    pub wording: Option<Text>,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Replaces {
    Experience,
    Education,
}

/// The filing allowance of "Applicants who lack six months or less of the
/// required experience may file for this examination. However, they cannot
/// be appointed until the full experience requirement is met."
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FilingShort {
    #[schemars(range(min = 1, max = 100000))]
    pub amount: u32,
    pub unit: DurationUnit,
    /// The routes it applies to ("Applicants filing under Requirement #2
    /// who lack ..."); default: every route with experience.
    #[serde(default)]
    pub routes: Vec<Sp<String>>,
    /// The sentence as the source words it, when it differs from the one
    /// classplan would write.
    pub wording: Option<Text>,
}

/// "Applicants who are within one semester or one quarter of obtaining
/// their degrees may apply. Such applicants cannot be appointed until they
/// have received their degrees."
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AnticipatedDegree {
    /// How close to the degree: "one semester or one quarter" (default),
    /// "six months".
    pub within: Option<String>,
    /// The sentence as the source words it, when it differs from the one
    /// classplan would write.
    pub wording: Option<Text>,
}

impl Requirements {
    /// The parsed expression: the written one, or "any route".
    pub fn expr(&self) -> Result<Expr, super::expr::ExprError> {
        match &self.expression {
            Some(e) => Expr::parse(e),
            None => Ok(Expr::any_of(self.routes.len())),
        }
    }

    /// The route or part a reference names.
    pub fn resolve(&self, r: RouteRef) -> Option<(&Route, Option<&Part>)> {
        let route = self.routes.get(r.route.checked_sub(1)?)?;
        match r.part {
            None => Some((route, None)),
            Some(p) => route.parts.get(p).map(|part| (&route.value, Some(&part.value))),
        }
    }

    /// Every item of a route or part reference: the route's own items, and
    /// the part's (for a part reference) or every part's.
    pub fn items_of(&self, r: RouteRef) -> Vec<&Sp<Item>> {
        let Some((route, part)) = self.resolve(r) else {
            return Vec::new();
        };
        let mut v: Vec<&Sp<Item>> = route.items.iter().collect();
        match part {
            Some(p) => v.extend(p.items.iter()),
            None => v.extend(route.parts.iter().flat_map(|p| p.items.iter())),
        }
        v
    }
}
