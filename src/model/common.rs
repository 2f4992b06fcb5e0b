//! Value types shared by every source kind: spanned values, dates,
//! Markdown text, pay ranges, locations. Pure data; no I/O.

use std::borrow::Cow;
use std::fmt;
use std::ops::{Deref, Range};

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value with the byte range it came from in its source file.
///
/// Deserializes through `serde_spanned` (so only the TOML loader fills real
/// spans); its JSON Schema is that of `T`, so editors see plain values.
///
/// Equality compares values only: the same text at another place is equal.
#[derive(Clone, Debug)]
pub struct Sp<T> {
    pub value: T,
    pub span: Range<usize>,
}

impl<T> Sp<T> {
    pub fn new(value: T, span: Range<usize>) -> Self {
        Self { value, span }
    }
    /// A value that did not come from a source (generated, tests).
    pub fn synthetic(value: T) -> Self {
        Self { value, span: 0..0 }
    }
}

impl<T: PartialEq> PartialEq for Sp<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Sp<T> {}

impl<T> Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sp<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = serde_spanned::Spanned::<T>::deserialize(d)?;
        let span = s.span();
        Ok(Sp {
            value: s.into_inner(),
            span,
        })
    }
}

impl<T: Serialize> Serialize for Sp<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl<T: JsonSchema> JsonSchema for Sp<T> {
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
    fn inline_schema() -> bool {
        T::inline_schema()
    }
}

/// Where an imported source came from: the file it was read from, that
/// file's BLAKE3 hash and the import profile. Kept for analysts (and in
/// the published JSON, so a document can be traced to its source).
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// The source file's name, e.g. "ACCOUNTANT 1513 062218.txt".
    pub file: String,
    /// BLAKE3 of the source file's bytes, hex.
    pub blake3: String,
    /// The import profile, e.g. "la-city".
    pub profile: String,
}

/// Free text in classplan's Markdown subset: paragraphs, emphasis, strong,
/// bulleted and numbered lists, links. No raw HTML, headings, images,
/// tables or code blocks (rule CP0073).
pub type Text = String;

/// A calendar date, written in TOML as a bare date: `2025-02-28`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

/// A wall-clock date-time in the jurisdiction's time zone, written in TOML
/// as a bare local date-time (`2025-02-28T08:00:00`) or, when the source
/// gives no time, a bare date (`2025-02-28`: the whole day).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalDateTime(pub NaiveDateTime, pub TimeOfDay);

/// Whether a [`LocalDateTime`] was written with its time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimeOfDay {
    Given,
    /// A date only: the first moment of the day when it opens something,
    /// the last when it closes it.
    WholeDay,
}

impl LocalDateTime {
    pub fn at(t: NaiveDateTime) -> LocalDateTime {
        LocalDateTime(t, TimeOfDay::Given)
    }
    pub fn date(&self) -> NaiveDate {
        self.0.date()
    }
    pub fn has_time(&self) -> bool {
        self.1 == TimeOfDay::Given
    }
    /// The moment it starts (a whole day: its first minute).
    pub fn start(&self) -> NaiveDateTime {
        self.0
    }
    /// The moment it ends (a whole day: its last second).
    pub fn end(&self) -> NaiveDateTime {
        match self.1 {
            TimeOfDay::Given => self.0,
            TimeOfDay::WholeDay => self.0.date().and_hms_opt(23, 59, 59).unwrap_or(self.0),
        }
    }
}

fn toml_datetime<'de, D: Deserializer<'de>>(d: D) -> Result<toml::value::Datetime, D::Error> {
    toml::value::Datetime::deserialize(d)
}

/// The first and last year of the dates classplan accepts. Plans are
/// historical records and schedules a few years out; a wider range only
/// admits typing mistakes, and keeps every computed date (a period rolled a
/// year on, a weekday) representable.
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2199;

/// Why a date is outside the accepted range, or `Ok`.
pub fn check_date_range(d: NaiveDate) -> Result<NaiveDate, String> {
    if (MIN_YEAR..=MAX_YEAR).contains(&d.year()) {
        Ok(d)
    } else {
        Err(format!(
            "{} is outside the dates classplan accepts ({MIN_YEAR}-01-01 to {MAX_YEAR}-12-31)",
            d.format("%Y-%m-%d")
        ))
    }
}

/// Convert a TOML date to a chrono date, rejecting impossible days and
/// dates outside [`MIN_YEAR`]..=[`MAX_YEAR`].
pub fn toml_date(d: &toml::value::Date) -> Result<NaiveDate, String> {
    let date = NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32)
        .ok_or_else(|| format!("{:04}-{:02}-{:02} is not a calendar date", d.year, d.month, d.day))?;
    check_date_range(date)
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let dt = toml_datetime(d)?;
        match (dt.date, dt.time, dt.offset) {
            (Some(date), None, None) => toml_date(&date).map(Date).map_err(D::Error::custom),
            _ => Err(D::Error::custom(format!(
                "expected a date like 2025-02-28, found `{dt}`"
            ))),
        }
    }
}

impl<'de> Deserialize<'de> for LocalDateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let dt = toml_datetime(d)?;
        match (dt.date, dt.time, dt.offset) {
            (Some(date), Some(time), None) => {
                let date = toml_date(&date).map_err(D::Error::custom)?;
                let time = chrono::NaiveTime::from_hms_opt(
                    time.hour as u32,
                    time.minute as u32,
                    time.second.unwrap_or(0) as u32,
                )
                .ok_or_else(|| D::Error::custom("not a valid time of day"))?;
                Ok(LocalDateTime(date.and_time(time), TimeOfDay::Given))
            }
            (Some(date), None, None) => {
                let date = toml_date(&date).map_err(D::Error::custom)?;
                Ok(LocalDateTime(
                    date.and_time(chrono::NaiveTime::MIN),
                    TimeOfDay::WholeDay,
                ))
            }
            _ => Err(D::Error::custom(format!(
                "expected a local date-time like 2025-02-28T08:00:00 or a date like 2025-02-28 (no offset: the jurisdiction's time zone applies), found `{dt}`"
            ))),
        }
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.format("%Y-%m-%d"))
    }
}

impl Serialize for LocalDateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.1 {
            TimeOfDay::Given => s.collect_str(&self.0.format("%Y-%m-%dT%H:%M:%S")),
            TimeOfDay::WholeDay => s.collect_str(&self.0.format("%Y-%m-%d")),
        }
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date",
            "description": "A TOML date without quotes, e.g. 2025-02-28."
        })
    }
}

impl JsonSchema for LocalDateTime {
    fn schema_name() -> Cow<'static, str> {
        "LocalDateTime".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date-or-date-time",
            "description": "A TOML local date-time without quotes, e.g. 2025-02-28T08:00:00, in the jurisdiction's time zone; or a date, e.g. 2025-02-28, when no time is stated."
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl Date {
    pub fn ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        NaiveDate::from_ymd_opt(y, m, d).map(Date)
    }
    pub fn year(&self) -> i32 {
        self.0.year()
    }
}

/// Where a jurisdiction or a job is.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// City or town, e.g. "Los Angeles".
    pub locality: String,
    /// State or province code, e.g. "CA".
    pub region: String,
    /// ISO 3166 country code.
    #[serde(default = "default_country")]
    pub country: String,
    pub street_address: Option<String>,
    pub postal_code: Option<String>,
}

fn default_country() -> String {
    "US".into()
}

/// Unit of a pay amount.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum PayUnit {
    Hourly,
    Biweekly,
    Monthly,
    Annual,
}

impl PayUnit {
    /// How many of this unit make a year, with the given hours per year.
    pub fn per_year(self, hours_per_year: f64) -> f64 {
        match self {
            PayUnit::Hourly => hours_per_year,
            PayUnit::Biweekly => 26.0,
            PayUnit::Monthly => 12.0,
            PayUnit::Annual => 1.0,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            PayUnit::Hourly => "hourly",
            PayUnit::Biweekly => "biweekly",
            PayUnit::Monthly => "monthly",
            PayUnit::Annual => "annual",
        }
    }
}

/// One pay range. Without `max` the rate is flat.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PayRange {
    /// e.g. a pay grade ("Pay Grade I") or a group of positions ("For
    /// trainee positions").
    pub label: Option<String>,
    /// The department or pay schedule the range belongs to, when it is not
    /// the general one: "Department of Water and Power". Such ranges are
    /// printed in their own sentence ("The salary in the Department of Water
    /// and Power is ...") and never count as the class's headline pay
    /// (salary summary, JSON-LD, compare, match).
    pub schedule: Option<String>,
    /// For the first range of a schedule: the words before its figures,
    /// when they differ from the jurisdiction's (`pay.schedule_lead`), e.g.
    /// "The salary range for positions in the Harbor Department is".
    pub lead: Option<String>,
    /// A flat-rated amount or range, printed with the jurisdiction's
    /// `pay.flat_label` (default: when there is no `max`).
    pub flat: Option<bool>,
    #[schemars(range(min = 0.01, max = 100000000))]
    pub min: Sp<f64>,
    /// Omit for a flat rate.
    #[schemars(range(min = 0.01, max = 100000000))]
    pub max: Option<Sp<f64>>,
    pub unit: PayUnit,
    /// The same range as the source also states it in other units (e.g.
    /// San Francisco's hourly / monthly / yearly), kept as published rather
    /// than recomputed, since published figures are rounded independently.
    #[serde(default)]
    pub equivalents: Vec<PayAmount>,
}

/// The same range in another unit.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PayAmount {
    #[schemars(range(min = 0.01, max = 100000000))]
    pub min: Sp<f64>,
    #[schemars(range(min = 0.01, max = 100000000))]
    pub max: Option<Sp<f64>>,
    pub unit: PayUnit,
}

impl PayRange {
    /// Whether the range is printed as flat-rated.
    pub fn is_flat(&self) -> bool {
        self.flat.unwrap_or(self.max.is_none())
    }

    /// Annualized (min, max) with the jurisdiction's hours per year.
    pub fn annual(&self, hours_per_year: f64) -> (f64, f64) {
        // A published annual figure wins over one computed from another unit.
        if self.unit != PayUnit::Annual
            && let Some(a) = self.equivalents.iter().find(|e| e.unit == PayUnit::Annual)
        {
            return (*a.min, a.max.as_ref().map(|m| **m).unwrap_or(*a.min));
        }
        let k = self.unit.per_year(hours_per_year);
        let min = *self.min * k;
        let max = self.max.as_ref().map(|m| **m * k).unwrap_or(min);
        (min, max)
    }
}

/// A titled paragraph of free text (bulletin notes, extra sections).
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub title: Option<String>,
    #[serde(default)]
    pub text: Sp<Text>,
}

impl Default for Sp<Text> {
    fn default() -> Self {
        Sp::synthetic(String::new())
    }
}

/// `true`, for `#[serde(default = ...)]` of flags that are on unless
/// turned off.
pub fn yes() -> bool {
    true
}

/// A word of the official text that is wrong, kept as published and
/// printed as the jurisdiction's `style.corrections` says: "tactually
/// [sic]", or corrected ("tactfully", listed by `classplan list --errata`).
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// The word or words as published, e.g. "tactually".
    pub wrong: Sp<String>,
    /// What is meant, e.g. "tactfully".
    pub right: String,
}
