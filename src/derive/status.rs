//! A class's status in words, for every place that shows it.

use chrono::NaiveDate;

use crate::model::class::{State, Status};

/// "June 1, 2005".
pub fn long_plain_date(d: NaiveDate) -> String {
    d.format("%B %-d, %Y").to_string()
}

/// "active" or "abolished 2005-06-01" (lists, tables, comparisons).
pub fn short(s: &Status) -> String {
    match (s.state, &s.effective) {
        (State::Active, _) => "active".into(),
        (State::Abolished, Some(d)) => format!("abolished {}", d.value),
        (State::Abolished, None) => "abolished".into(),
    }
}

/// "Abolished effective June 1, 2005" for a document; `None` when active.
pub fn sentence(s: &Status) -> Option<String> {
    match (s.state, &s.effective) {
        (State::Abolished, Some(d)) => Some(format!("Abolished effective {}", long_plain_date(d.value.0))),
        (State::Abolished, None) => Some("Abolished".into()),
        (State::Active, _) => None,
    }
}

/// "Active" or "Abolished June 1, 2005" (the site index).
pub fn label(s: &Status) -> String {
    match (s.state, &s.effective) {
        (State::Active, _) => "Active".into(),
        (State::Abolished, Some(d)) => format!("Abolished {}", long_plain_date(d.value.0)),
        (State::Abolished, None) => "Abolished".into(),
    }
}
