//! A class specification (`specs/<jurisdiction>/classes/<code>.toml`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Date, Note, PayRange, Sp, Text};
use super::ident::Id;
use super::jurisdiction::Labels;
use super::requirements::{License, Requirements};

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ClassSpec {
    /// Where the spec was imported from (written by `classplan import`).
    pub imported: Option<super::common::Provenance>,
    /// Class code, unique within the jurisdiction, e.g. "1229". Must equal the file name.
    pub code: Sp<Id>,
    /// Whether the employer publishes the code (default true). `false`
    /// when the code exists only for references here (the seed of a
    /// Washington State class gives none): documents then show no code.
    #[serde(default = "super::common::yes")]
    pub code_published: bool,
    pub title: Sp<String>,
    pub series: Option<Series>,
    #[serde(default)]
    pub status: Status,
    /// Draft, proposed or adopted (by whom, when); omitted: adopted.
    pub adoption: Option<super::adoption::Adoption>,
    /// Dated events: established, revised, amended, abolished.
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    /// Words of the official text that are wrong, kept as published.
    #[serde(default)]
    pub corrections: Vec<super::common::Correction>,
    /// Lint rules this document is exempt from, with the reason.
    pub lint: Option<super::lint::LintAllow>,
    /// Summary of duties / definition.
    pub summary: Sp<Text>,
    pub distinguishing_features: Option<Sp<Text>>,
    pub supervision_received: Option<Sp<Text>>,
    pub supervision_exercised: Option<Sp<Text>>,
    /// Text before the duties, e.g. "A Customer Service Specialist:".
    pub duties_intro: Option<Text>,
    /// Example duties, in order.
    #[serde(default)]
    pub duties: Vec<Duty>,
    /// Further duties under their own lead-in, after the others: "In
    /// addition to the above duties, the Office Assistant 2 will:".
    #[serde(default)]
    pub more_duties: Vec<DutyBlock>,
    /// Text before the knowledge/skills/abilities lists.
    pub qualifications_intro: Option<Text>,
    #[serde(default)]
    pub knowledge: Vec<Sp<Text>>,
    #[serde(default)]
    pub skills: Vec<Sp<Text>>,
    #[serde(default)]
    pub abilities: Vec<Sp<Text>>,
    pub requirements: Option<Requirements>,
    /// Qualifications that are desirable but not required.
    pub desirable: Option<Requirements>,
    /// Substitutions (present but empty when the source prints an empty heading).
    pub substitution: Option<Sp<Text>>,
    #[serde(default)]
    pub licenses: Vec<License>,
    pub physical_requirements: Option<Sp<Text>>,
    /// Special notes (present but empty when the source prints an empty heading).
    pub notes: Option<Sp<Text>>,
    /// Text before agency-specific uses, e.g. "The following are specific uses:".
    pub agency_uses_intro: Option<Text>,
    #[serde(default)]
    pub agency_uses: Vec<AgencyUse>,
    /// Further titled sections the source prints (possibly empty).
    #[serde(default)]
    pub sections: Vec<Note>,
    /// Administrative codes printed with the spec, e.g. business units.
    #[serde(default)]
    pub business_units: Vec<String>,
    /// Classification facts: FLSA status, bargaining unit, job family and
    /// codes in other systems (SOC, EEO category, ...).
    #[serde(default)]
    pub metadata: Metadata,
    /// Minimum requirements the class had before, kept for history (newest
    /// first is not required; each says until when it applied).
    #[serde(default)]
    pub superseded: Vec<Superseded>,
    #[serde(default)]
    pub pay: Vec<PayRange>,
    /// How the ranges are listed, when it differs from the jurisdiction's
    /// `pay.list`.
    pub pay_list: Option<super::jurisdiction::PayList>,
    /// Pay by reference to a grade or schedule without figures ("Salary
    /// Group B19"); printed when there are no headline ranges.
    pub pay_reference: Option<String>,
    /// Boilerplate blocks printed at the end (default: the jurisdiction's class-spec blocks).
    pub blocks: Option<Vec<Sp<String>>>,
    /// Section names for this class only.
    #[serde(default)]
    pub labels: Labels,
    /// Defined by a series document (its code need not be a file name).
    #[serde(skip)]
    #[schemars(skip)]
    pub from_series: bool,
}

/// Duties under their own lead-in.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DutyBlock {
    /// e.g. "In addition to the above duties, the Office Assistant 2 will:".
    pub intro: Option<Text>,
    pub duties: Vec<Duty>,
}

/// Classification facts about a class.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// Fair Labor Standards Act status.
    pub flsa: Option<Flsa>,
    /// e.g. "Clerical and Support Services (Unit 3)".
    pub bargaining_unit: Option<String>,
    /// e.g. "Customer Service".
    pub job_family: Option<String>,
    /// Codes of the class in other systems, by system: `soc = "43-4051"`,
    /// `eeo = "Administrative Support"`.
    #[serde(default)]
    pub codes: std::collections::BTreeMap<String, String>,
}

impl Metadata {
    pub fn is_empty(&self) -> bool {
        self.flsa.is_none() && self.bargaining_unit.is_none() && self.job_family.is_none() && self.codes.is_empty()
    }

    /// Each fact as (label, value), in a fixed order.
    pub fn facts(&self) -> Vec<(String, String)> {
        let mut v = Vec::new();
        if let Some(f) = self.flsa {
            v.push(("FLSA status".to_string(), f.label().to_string()));
        }
        if let Some(b) = &self.bargaining_unit {
            v.push(("Bargaining unit".into(), b.clone()));
        }
        if let Some(j) = &self.job_family {
            v.push(("Job family".into(), j.clone()));
        }
        for (k, c) in &self.codes {
            v.push((format!("{} code", k.to_uppercase()), c.clone()));
        }
        v
    }
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Flsa {
    Exempt,
    NonExempt,
}

impl Flsa {
    pub fn label(self) -> &'static str {
        match self {
            Flsa::Exempt => "Exempt",
            Flsa::NonExempt => "Non-exempt",
        }
    }
}

/// Requirements a class had until a date.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Superseded {
    /// The last day these requirements applied.
    pub until: Sp<Date>,
    pub requirements: Requirements,
    /// Why they changed.
    pub reason: Option<Text>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Series {
    pub name: String,
    /// This class's level in the series (1 = entry).
    #[schemars(range(min = 1, max = 20))]
    pub level: Option<u32>,
    /// How many levels the series has.
    #[schemars(range(min = 1, max = 20))]
    pub levels: Option<u32>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Status {
    #[serde(default)]
    pub state: State,
    /// Effective date of the state (required for `abolished`).
    pub effective: Option<Sp<Date>>,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    #[default]
    Active,
    Abolished,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    pub event: Event,
    /// Omit only when the source leaves the date blank.
    pub date: Option<Sp<Date>>,
    /// Label as the jurisdiction prints it, e.g. "New class", "Origination date".
    pub label: Option<String>,
    pub reason: Option<Text>,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Event {
    Established,
    Revised,
    Amended,
    QualificationsRevised,
    Abolished,
}

impl Event {
    pub fn default_label(self) -> &'static str {
        match self {
            Event::Established => "Established",
            Event::Revised => "Revised",
            Event::Amended => "Amended",
            Event::QualificationsRevised => "Revised minimum qualifications",
            Event::Abolished => "Abolished",
        }
    }
}

/// A duty. Written as plain text, or as a table with an `essential` flag.
#[derive(Clone, Debug, PartialEq)]
pub struct Duty {
    pub text: Sp<Text>,
    pub essential: bool,
}

/// The two ways to write a duty in TOML.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
enum DutySource {
    Text(Text),
    Detailed(DetailedDuty),
}

/// A duty written as a table.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct DetailedDuty {
    text: Text,
    /// An essential function of the job (ADA).
    #[serde(default)]
    essential: bool,
}

impl<'de> Deserialize<'de> for Duty {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Untagged enums lose spans of their fields, so take the span of the
        // whole entry and split afterwards.
        let src = Sp::<DutySource>::deserialize(d)?;
        Ok(match src.value {
            DutySource::Text(t) => Duty {
                text: Sp::new(t, src.span),
                essential: false,
            },
            DutySource::Detailed(x) => Duty {
                text: Sp::new(x.text, src.span),
                essential: x.essential,
            },
        })
    }
}

impl Serialize for Duty {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.essential {
            DetailedDuty {
                text: self.text.value.clone(),
                essential: true,
            }
            .serialize(s)
        } else {
            self.text.value.serialize(s)
        }
    }
}

impl JsonSchema for Duty {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Duty".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        DutySource::json_schema(g)
    }
}

impl Duty {
    pub fn text(&self) -> &Sp<Text> {
        &self.text
    }
    pub fn essential(&self) -> bool {
        self.essential
    }
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AgencyUse {
    pub agency: String,
    pub text: Sp<Text>,
}
