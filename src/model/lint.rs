//! How a jurisdiction wants its words linted (`[lint]` in
//! `jurisdiction.toml`) and a document's own exceptions (`[lint]` in a
//! class spec or bulletin). What the rules check is `lint`'s; these are
//! only the settings, checked by `validate::lint_config`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::Sp;

/// A jurisdiction's settings of `classplan lint`, and the level of any
/// check or lint rule.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LintConfig {
    /// Highest Flesch-Kincaid grade level a document's applicant-facing
    /// prose may read at before `readability` warns (default 12: a high
    /// school senior).
    #[schemars(range(min = 1, max = 24))]
    pub grade: Option<f64>,
    /// Most words a sentence may have before `long-sentence` warns
    /// (default 35).
    #[schemars(range(min = 10, max = 200))]
    pub sentence_words: Option<u32>,
    /// By how many masculine-coded words may outnumber feminine-coded
    /// ones before `gender-coded` warns (default 3).
    #[schemars(range(min = 0, max = 100))]
    pub gender_margin: Option<u32>,
    /// The jurisdiction is under a pay transparency law: a bulletin
    /// without a pay range is an error, not a warning.
    #[serde(default)]
    pub pay_transparency: bool,
    /// Acronyms applicants know without an expansion, e.g. "LADWP".
    #[serde(default)]
    pub acronyms: Vec<String>,
    /// Local words the dictionary does not know (street names, systems);
    /// longer lists go in `words.txt` beside `jurisdiction.toml`, one word
    /// per line. Class titles and department names of the plan are known
    /// without listing them.
    #[serde(default)]
    pub words: Vec<String>,
    /// Level of any rule, check or lint, by name or id: `allow` (not
    /// reported), `warn` or `deny` (an error). A rule whose default is an
    /// error cannot be allowed or lowered.
    #[serde(default)]
    pub levels: BTreeMap<String, Sp<Level>>,
}

/// What a rule's findings are.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Not reported.
    Allow,
    /// A warning (`--deny warnings` makes it fail).
    Warn,
    /// An error: `check --lint` and `lint` fail.
    Deny,
}

/// Lint rules a class spec or bulletin is exempt from, and why.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LintAllow {
    /// Rule names (or ids) not reported for this document, e.g.
    /// `["shouting"]`.
    #[serde(default)]
    pub allow: Vec<Sp<String>>,
    /// Why (required with `allow`): e.g. "statutory notice, printed as
    /// the law words it".
    pub reason: Option<Sp<String>>,
}
