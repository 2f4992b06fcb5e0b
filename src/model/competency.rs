//! The competency bank (`specs/<j>/competency-bank.toml`) and class
//! competency models (`specs/<j>/competency-models/<code>.toml`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Sp, Text};
use super::ident::Id;

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CompetencyBank {
    #[serde(default)]
    pub competencies: Vec<Competency>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Competency {
    /// Number in the bank; models refer to it.
    pub number: Sp<u32>,
    pub title: String,
    /// What the competency is (a bank may list a competency by title only).
    pub definition: Option<Sp<Text>>,
    /// Level descriptions, level 1 first (none when the bank states none).
    #[serde(default)]
    pub levels: Vec<Text>,
    #[serde(default)]
    pub indicators: Vec<Text>,
    pub satisfactory: Option<Text>,
    pub superior: Option<Text>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CompetencyModel {
    /// The class, by code (same jurisdiction). Must equal the file name.
    pub class: Sp<Id>,
    pub intro: Option<Text>,
    pub competencies: Vec<ModelEntry>,
    /// Class-specific job-knowledge areas.
    #[serde(default)]
    pub job_knowledge_areas: Vec<Sp<Text>>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ModelEntry {
    pub number: Sp<u32>,
    /// Optional; when given it must match the bank's title for this number.
    pub title: Option<Sp<String>>,
    /// The level the class requires (1-based); omit when the model does
    /// not state one.
    pub level: Option<Sp<u32>>,
}
