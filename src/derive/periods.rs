//! Filing periods and everything said about time in a bulletin: each
//! period's status as of a date, which period is current, the deadline and
//! test-window sentences, ISO times with the jurisdiction's offset, and the
//! examination-basis sentence. Computed once here; views, JSON-LD, the
//! index and `period list` read it.

use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use serde::Serialize;

use super::phrase::{article, join_list, long_date, time_of_day};
use crate::model::bulletin::{Bulletin, ExamBasis};
use crate::model::jurisdiction::Jurisdiction;

/// Where a filing period stands on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodStatus {
    Upcoming,
    Open,
    Closed,
}

impl PeriodStatus {
    /// A period is open from its opening day through its closing day.
    pub fn of(open: NaiveDate, close: NaiveDate, as_of: NaiveDate) -> PeriodStatus {
        if as_of < open {
            PeriodStatus::Upcoming
        } else if as_of > close {
            PeriodStatus::Closed
        } else {
            PeriodStatus::Open
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PeriodStatus::Upcoming => "upcoming",
            PeriodStatus::Open => "open",
            PeriodStatus::Closed => "closed",
        }
    }
}

/// A filing period with everything derived from it.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodInfo {
    /// 1-based position in the bulletin.
    pub number: usize,
    #[serde(skip)]
    pub open: NaiveDateTime,
    #[serde(skip)]
    pub close: NaiveDateTime,
    pub status: PeriodStatus,
    /// ISO date-times with the jurisdiction's UTC offset.
    pub open_at: String,
    pub close_at: String,
    /// "From 8:00 am FRIDAY, FEBRUARY 28, 2025 to 11:59 pm THURSDAY, MARCH 13, 2025."
    pub sentence: String,
    /// The test window and its sentence.
    pub test_window: Option<TestWindowInfo>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TestWindowInfo {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// "For candidates who apply between ..., it is anticipated that the ...
    /// will be administered between ... and ...."
    pub sentence: String,
}

/// An ISO date-time with the zone's offset at that wall-clock time. A time
/// that does not exist (skipped by a daylight-saving change) or exists
/// twice is resolved the way `check` warns about (rule CP0065): the later
/// offset for a gap (the time moved forward), the earlier for an overlap.
pub fn offset_iso(t: NaiveDateTime, tz: Option<chrono_tz::Tz>) -> String {
    let plain = || t.format("%Y-%m-%dT%H:%M:%S").to_string();
    let Some(tz) = tz else { return plain() };
    match resolve_local(t, tz) {
        Some(dt) => dt.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        None => plain(),
    }
}

/// How a wall-clock time in a zone is resolved to an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalTime {
    /// It exists once.
    Single,
    /// It is skipped by a change to daylight saving time; the same instant
    /// one hour later (in the new offset) is used.
    Gap,
    /// It happens twice (the change back); the first one is used.
    Ambiguous,
}

/// Classify a wall-clock time in a zone.
pub fn local_time(t: NaiveDateTime, tz: chrono_tz::Tz) -> LocalTime {
    match tz.from_local_datetime(&t) {
        chrono::LocalResult::Single(_) => LocalTime::Single,
        chrono::LocalResult::Ambiguous(_, _) => LocalTime::Ambiguous,
        chrono::LocalResult::None => LocalTime::Gap,
    }
}

fn resolve_local(t: NaiveDateTime, tz: chrono_tz::Tz) -> Option<chrono::DateTime<chrono_tz::Tz>> {
    match tz.from_local_datetime(&t) {
        chrono::LocalResult::Single(dt) => Some(dt),
        chrono::LocalResult::Ambiguous(a, _) => Some(a),
        // In a gap the wall clock jumps forward: read the time with the
        // offset in force before the jump (2:30 in a 2:00→3:00 gap is the
        // instant the new clock shows as 3:30), as ISO 8601 libraries do.
        chrono::LocalResult::None => {
            use chrono::Offset;
            let before = (1..=8).find_map(|h| {
                tz.from_local_datetime(&(t - chrono::Duration::minutes(30 * h)))
                    .earliest()
            })?;
            let offset = before.offset().fix().local_minus_utc();
            Some(tz.from_utc_datetime(&(t - chrono::Duration::seconds(offset.into()))))
        }
    }
}

/// A bulletin's filing periods as of a date, with their sentences.
pub fn periods(b: &Bulletin, j: &Jurisdiction, as_of: NaiveDate) -> Vec<PeriodInfo> {
    let upper = j.style.uppercase_dates;
    let tz = j.time_zone.parse::<chrono_tz::Tz>().ok();
    let test_name = b.selection.window_test.as_deref().unwrap_or("test");
    b.periods
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (open, close) = (p.open.value.0, p.close.value.0);
            PeriodInfo {
                number: i + 1,
                open,
                close,
                status: PeriodStatus::of(open.date(), close.date(), as_of),
                open_at: offset_iso(open, tz),
                close_at: offset_iso(close, tz),
                sentence: format!(
                    "From {} {} to {} {}.",
                    time_of_day(open),
                    long_date(open.date(), upper),
                    time_of_day(close),
                    long_date(close.date(), upper)
                ),
                test_window: p.test_window.as_ref().map(|w| {
                    let (start, end) = (w.start.value.0, w.end.value.0);
                    let when = if start == end {
                        format!("on {}", long_date(start, upper))
                    } else {
                        format!("between {} and {}", long_date(start, upper), long_date(end, upper))
                    };
                    TestWindowInfo {
                        start,
                        end,
                        sentence: format!(
                            "For candidates who apply between {} and {}, it is anticipated that the {test_name} will be administered {when}.",
                            long_date(open.date(), upper),
                            long_date(close.date(), upper),
                        ),
                    }
                }),
            }
        })
        .collect()
}

/// "03/13/2025 11:59 pm Pacific": a deadline for a header.
pub fn closing_text(close: NaiveDateTime, j: &Jurisdiction) -> String {
    let zone = j
        .time_zone_label
        .as_deref()
        .map(|z| format!(" {z}"))
        .unwrap_or_default();
    format!(
        "{} {}{zone}",
        super::phrase::short_date(close.date()),
        time_of_day(close)
    )
}

/// The period a bulletin is about now: the open one, else the next
/// upcoming one, else the last.
pub fn current(periods: &[PeriodInfo]) -> Option<&PeriodInfo> {
    periods
        .iter()
        .find(|p| p.status == PeriodStatus::Open)
        .or_else(|| periods.iter().find(|p| p.status == PeriodStatus::Upcoming))
        .or_else(|| periods.last())
}

/// "This examination is to be given both on an interdepartmental
/// promotional and open competitive basis."
pub fn basis_sentence(basis: &[ExamBasis]) -> Option<String> {
    if basis.is_empty() {
        return None;
    }
    let names: Vec<String> = basis.iter().map(|x| x.label().to_string()).collect();
    let both = if names.len() == 2 { "both " } else { "" };
    Some(format!(
        "This examination is to be given {both}on {} {} basis.",
        article(&names[0]),
        join_list(&names, "and")
    ))
}

/// `period list`: each bulletin's periods with weekday, time and zone.
#[derive(Debug, Clone, Serialize)]
pub struct Listing {
    pub schema: &'static str,
    pub as_of: NaiveDate,
    pub bulletins: Vec<ListedBulletin>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ListedBulletin {
    pub id: String,
    pub class: String,
    pub job_number: String,
    pub time_zone: String,
    pub periods: Vec<ListedPeriod>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ListedPeriod {
    pub number: usize,
    pub status: PeriodStatus,
    pub open_at: String,
    pub close_at: String,
    /// "Friday, February 28, 2025, 8:00 am Pacific".
    pub open_text: String,
    pub close_text: String,
    pub test_window: Option<(NaiveDate, NaiveDate)>,
}

/// The periods of the bulletins `ids` of a plan as of a date.
pub fn listing(plan: &crate::model::Plan, ids: &[String], as_of: NaiveDate) -> Listing {
    let mut out = Vec::new();
    for id in ids {
        let Some(b) = plan.bulletins.get(id) else { continue };
        let Some(j) = crate::model::ClassKey::parse(&b.class).and_then(|k| plan.jurisdictions.get(&k.jurisdiction))
        else {
            continue;
        };
        let jd = &j.def.value;
        let zone = jd.time_zone_label.clone().unwrap_or_else(|| jd.time_zone.value.clone());
        let text = |t: NaiveDateTime| format!("{}, {} {zone}", long_date(t.date(), false), time_of_day(t));
        out.push(ListedBulletin {
            id: id.clone(),
            class: b.class.value.clone(),
            job_number: b.job_number.value.clone(),
            time_zone: jd.time_zone.value.clone(),
            periods: periods(b, jd, as_of)
                .into_iter()
                .map(|p| ListedPeriod {
                    number: p.number,
                    status: p.status,
                    open_text: text(p.open),
                    close_text: text(p.close),
                    open_at: p.open_at,
                    close_at: p.close_at,
                    test_window: p.test_window.map(|w| (w.start, w.end)),
                })
                .collect(),
        });
    }
    Listing {
        schema: "classplan/period-list/1",
        as_of,
        bulletins: out,
    }
}

/// `period list` as text.
pub fn listing_text(l: &Listing) -> String {
    let mut o = String::new();
    for b in &l.bulletins {
        o.push_str(&format!("{} ({}, job {})\n", b.id, b.class, b.job_number));
        for p in &b.periods {
            let window = p
                .test_window
                .map(|(s, e)| format!("; test {s} to {e}"))
                .unwrap_or_default();
            o.push_str(&format!(
                "  {:<9} {} to {}{window}\n",
                p.status.as_str(),
                p.open_text,
                p.close_text
            ));
        }
    }
    crate::text::terminal_safe(&o, true).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dst_gap_and_overlap_keep_an_offset() {
        let tz: chrono_tz::Tz = "America/Chicago".parse().unwrap();
        let gap = NaiveDate::from_ymd_opt(2025, 3, 9)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(local_time(gap, tz), LocalTime::Gap);
        assert_eq!(offset_iso(gap, Some(tz)), "2025-03-09T03:30:00-05:00");
        let fold = NaiveDate::from_ymd_opt(2025, 11, 2)
            .unwrap()
            .and_hms_opt(1, 30, 0)
            .unwrap();
        assert_eq!(local_time(fold, tz), LocalTime::Ambiguous);
        assert_eq!(offset_iso(fold, Some(tz)), "2025-11-02T01:30:00-05:00");
    }

    #[test]
    fn status_and_basis() {
        let d = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
        assert_eq!(PeriodStatus::of(d(3, 1), d(3, 13), d(2, 28)), PeriodStatus::Upcoming);
        assert_eq!(PeriodStatus::of(d(3, 1), d(3, 13), d(3, 13)), PeriodStatus::Open);
        assert_eq!(PeriodStatus::of(d(3, 1), d(3, 13), d(3, 14)), PeriodStatus::Closed);
        assert_eq!(
            basis_sentence(&[ExamBasis::InterdepartmentalPromotional, ExamBasis::OpenCompetitive]).unwrap(),
            "This examination is to be given both on an interdepartmental promotional and open competitive basis."
        );
    }
}
