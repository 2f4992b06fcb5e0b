//! Text computed from the model, never stored in sources: numbers in
//! words, weekday names, requirement sentences with "or"/"and",
//! "Part k of n", process notes, the supplemental questionnaire, and
//! experience normalized to months. Pure functions of the model; no I/O.

pub mod adoption;
pub mod calendar;
pub mod career;
pub mod errata;
pub mod inventory;
pub mod paths;
pub mod pay;
pub mod periods;
pub mod phrase;
pub mod questionnaire;
pub mod requirements;
pub mod screen;
pub mod status;
pub mod titles;
