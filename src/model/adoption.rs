//! Where a document stands on its way to publication: a draft, proposed
//! to the body that adopts it, or adopted by it on a date.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Date, Sp};

/// A class spec's, series' or bulletin's adoption. Without it a document
/// is adopted (and published); `build` leaves a draft or proposed one out
/// unless `--drafts`, and then marks every page and PDF.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Adoption {
    /// `draft`, `proposed` or `adopted`.
    pub stage: Sp<Stage>,
    /// The adopting authority, e.g. "Civil Service Commission": who adopted
    /// the document (required when `adopted`), or whom it is proposed to.
    pub by: Option<Sp<String>>,
    /// The day it was adopted (required when `adopted`), or, when
    /// `proposed`, the day the authority is to consider it. A draft has none.
    pub date: Option<Sp<Date>>,
}

/// The stages, in order: a document moves from draft to adopted.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// Being written; not for the public.
    Draft,
    /// Put to the adopting authority; not yet in force.
    Proposed,
    /// Adopted: published by `build`.
    Adopted,
}

impl Stage {
    /// The stage of a document with this (optional) adoption: adopted
    /// when the source says nothing.
    pub fn of(a: Option<&Adoption>) -> Stage {
        a.map_or(Stage::Adopted, |a| *a.stage)
    }

    pub fn is_adopted(self) -> bool {
        self == Stage::Adopted
    }

    pub fn name(self) -> &'static str {
        match self {
            Stage::Draft => "draft",
            Stage::Proposed => "proposed",
            Stage::Adopted => "adopted",
        }
    }
}
