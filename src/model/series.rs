//! A class series document (`specs/<jurisdiction>/series/<id>.toml`): one
//! document that defines several levels of a class (Office Assistant 1, 2,
//! 3) with the text they share and what each level adds ("In addition to
//! the above duties, the Office Assistant 2 will: ..."). Loading turns it
//! into one class spec per level; everything downstream sees classes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::class::{ClassSpec, Duty, DutyBlock, HistoryEntry, Metadata, Series, Status};
use super::common::{Note, PayRange, Sp, Text};
use super::ident::Id;
use super::jurisdiction::Labels;
use super::requirements::{License, Requirements};

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SeriesSpec {
    /// The series, e.g. "Office Assistant".
    pub name: String,
    /// What every level does (each level may say more or otherwise).
    pub summary: Option<Sp<Text>>,
    pub distinguishing_features: Option<Sp<Text>>,
    pub duties_intro: Option<Text>,
    /// Duties of every level.
    #[serde(default)]
    pub duties: Vec<Duty>,
    pub qualifications_intro: Option<Text>,
    #[serde(default)]
    pub knowledge: Vec<Sp<Text>>,
    #[serde(default)]
    pub skills: Vec<Sp<Text>>,
    #[serde(default)]
    pub abilities: Vec<Sp<Text>>,
    pub requirements: Option<Requirements>,
    #[serde(default)]
    pub licenses: Vec<License>,
    pub physical_requirements: Option<Sp<Text>>,
    pub notes: Option<Sp<Text>>,
    #[serde(default)]
    pub sections: Vec<Note>,
    #[serde(default)]
    pub status: Status,
    /// Draft, proposed or adopted (by whom, when), for every class of the
    /// series; omitted: adopted.
    pub adoption: Option<super::adoption::Adoption>,
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    #[serde(default)]
    pub metadata: Metadata,
    pub blocks: Option<Vec<Sp<String>>>,
    #[serde(default)]
    pub labels: Labels,
    /// The levels, lowest first; each becomes a class.
    pub levels: Vec<SeriesLevel>,
}

/// One level of a series: a class of its own.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SeriesLevel {
    pub code: Sp<Id>,
    pub title: Sp<String>,
    /// The level's own summary (default: the series').
    pub summary: Option<Sp<Text>>,
    pub distinguishing_features: Option<Sp<Text>>,
    pub supervision_received: Option<Sp<Text>>,
    pub supervision_exercised: Option<Sp<Text>>,
    /// Text before this level's own duties (default "In addition to the
    /// above duties, the <title> will:").
    pub duties_intro: Option<Text>,
    /// Duties this level adds to those of the series and of the levels
    /// below it.
    #[serde(default)]
    pub duties: Vec<Duty>,
    #[serde(default)]
    pub knowledge: Vec<Sp<Text>>,
    #[serde(default)]
    pub skills: Vec<Sp<Text>>,
    #[serde(default)]
    pub abilities: Vec<Sp<Text>>,
    /// The level's requirements (default: the series').
    pub requirements: Option<Requirements>,
    pub desirable: Option<Requirements>,
    #[serde(default)]
    pub pay: Vec<PayRange>,
    /// Facts that differ from the series' (merged over them).
    #[serde(default)]
    pub metadata: Metadata,
}

impl SeriesSpec {
    /// One class spec per level. A level has the series' text, the duties
    /// of every level up to it (each block under its intro), the series'
    /// knowledge, skills and abilities with its own after them, and its own
    /// requirements, pay and facts where it states them.
    pub fn classes(&self) -> Vec<ClassSpec> {
        let n = self.levels.len() as u32;
        let empty = || Sp::synthetic(String::new());
        self.levels
            .iter()
            .enumerate()
            .map(|(i, level)| {
                let more_duties: Vec<DutyBlock> = self.levels[..=i]
                    .iter()
                    .filter(|l| !l.duties.is_empty())
                    .map(|l| DutyBlock {
                        intro: Some(l.duties_intro.clone().unwrap_or_else(|| {
                            format!("In addition to the above duties, the {} will:", l.title.value)
                        })),
                        duties: l.duties.clone(),
                    })
                    .collect();
                let mut metadata = self.metadata.clone();
                if level.metadata.flsa.is_some() {
                    metadata.flsa = level.metadata.flsa;
                }
                if level.metadata.bargaining_unit.is_some() {
                    metadata.bargaining_unit = level.metadata.bargaining_unit.clone();
                }
                if level.metadata.job_family.is_some() {
                    metadata.job_family = level.metadata.job_family.clone();
                }
                metadata.codes.extend(level.metadata.codes.clone());
                let joined = |a: &[Sp<Text>], b: &[Sp<Text>]| a.iter().chain(b).cloned().collect::<Vec<_>>();
                ClassSpec {
                    imported: None,
                    code: level.code.clone(),
                    code_published: true,
                    title: level.title.clone(),
                    series: Some(Series {
                        name: self.name.clone(),
                        level: Some(i as u32 + 1),
                        levels: Some(n),
                    }),
                    status: self.status.clone(),
                    adoption: self.adoption.clone(),
                    history: self.history.clone(),
                    corrections: Vec::new(),
                    lint: None,
                    summary: level
                        .summary
                        .clone()
                        .or_else(|| self.summary.clone())
                        .unwrap_or_else(empty),
                    distinguishing_features: level
                        .distinguishing_features
                        .clone()
                        .or_else(|| self.distinguishing_features.clone()),
                    supervision_received: level.supervision_received.clone(),
                    supervision_exercised: level.supervision_exercised.clone(),
                    duties_intro: self.duties_intro.clone(),
                    duties: self.duties.clone(),
                    more_duties,
                    qualifications_intro: self.qualifications_intro.clone(),
                    knowledge: joined(&self.knowledge, &level.knowledge),
                    skills: joined(&self.skills, &level.skills),
                    abilities: joined(&self.abilities, &level.abilities),
                    requirements: level.requirements.clone().or_else(|| self.requirements.clone()),
                    desirable: level.desirable.clone(),
                    substitution: None,
                    licenses: self.licenses.clone(),
                    physical_requirements: self.physical_requirements.clone(),
                    notes: self.notes.clone(),
                    agency_uses_intro: None,
                    agency_uses: Vec::new(),
                    sections: self.sections.clone(),
                    business_units: Vec::new(),
                    metadata,
                    superseded: Vec::new(),
                    pay: level.pay.clone(),
                    pay_list: None,
                    pay_reference: None,
                    blocks: self.blocks.clone(),
                    labels: self.labels.clone(),
                    from_series: true,
                }
            })
            .collect()
    }
}
