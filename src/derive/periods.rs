//! Filing periods and everything said about time in a bulletin: each
//! period's status as of a date, which period is current, the deadline and
//! test-window sentences, ISO times with the jurisdiction's offset, and the
//! examination-basis sentence. Computed once here; views, JSON-LD, the
//! index and `period list` read it.

use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use serde::Serialize;

use super::phrase::{article, join_list, long_date, time_of_day};
use crate::model::bulletin::{Bulletin, ExamBasis};
use crate::model::common::LocalDateTime;
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
    /// A period is open from its opening day through its closing day (with
    /// no closing day, from its opening day on).
    pub fn of(open: NaiveDate, close: Option<NaiveDate>, as_of: NaiveDate) -> PeriodStatus {
        if as_of < open {
            PeriodStatus::Upcoming
        } else if close.is_some_and(|c| as_of > c) {
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
    pub open: LocalDateTime,
    /// `None`: open until further notice.
    #[serde(skip)]
    pub close: Option<LocalDateTime>,
    pub status: PeriodStatus,
    /// ISO date-times with the jurisdiction's UTC offset (a whole day:
    /// from its first minute to its last second).
    pub open_at: String,
    pub close_at: Option<String>,
    /// "From 8:00 am FRIDAY, FEBRUARY 28, 2025 to 11:59 pm THURSDAY, MARCH
    /// 13, 2025.", "Applications must be received by THURSDAY, MAY 25,
    /// 2017.", "Applications will be accepted from ... until further
    /// notice."
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

/// A day and, when the source gives one, the time: "8:00 am FRIDAY,
/// FEBRUARY 28, 2025" or "THURSDAY, MAY 25, 2017".
fn moment(t: LocalDateTime, at_end: bool, upper: bool) -> String {
    let day = long_date(t.date(), upper);
    if t.has_time() {
        format!("{} {day}", time_of_day(if at_end { t.end() } else { t.start() }))
    } else {
        day
    }
}

/// A bulletin's filing periods as of a date, with their sentences. A
/// single period whose closing day has no time reads "Applications must
/// be received by <day>." (or the bulletin's own words before the day).
pub fn periods(b: &Bulletin, j: &Jurisdiction, as_of: NaiveDate) -> Vec<PeriodInfo> {
    let upper = j.style.uppercase_dates;
    let tz = j.time_zone.parse::<chrono_tz::Tz>().ok();
    let test_name = b.selection.window_test.as_deref().unwrap_or("test");
    let received_by = b
        .application
        .received_by
        .as_deref()
        .or(j.bulletins.received_by.as_deref())
        .unwrap_or("Applications must be received by");
    let until = j.bulletins.open_ended.as_deref().unwrap_or("until further notice");
    let single = b.periods.len() == 1;
    b.periods
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let open = p.open.value;
            let close = p.close.as_ref().map(|c| c.value);
            let sentence = match close {
                _ if p.wording.is_some() => p.wording.as_deref().unwrap_or_default().trim().to_string(),
                Some(c) if single && !c.has_time() => {
                    format!("{} {}.", received_by.trim(), long_date(c.date(), upper))
                }
                Some(c) => format!("From {} to {}.", moment(open, false, upper), moment(c, true, upper)),
                None => format!(
                    "Applications will be accepted from {} {}.",
                    moment(open, false, upper),
                    until.trim().trim_end_matches('.')
                ),
            };
            PeriodInfo {
                number: i + 1,
                open,
                close,
                status: PeriodStatus::of(open.date(), close.map(|c| c.date()), as_of),
                open_at: offset_iso(open.start(), tz),
                close_at: close.map(|c| offset_iso(c.end(), tz)),
                sentence,
                test_window: p.test_window.as_ref().map(|w| {
                    let (start, end) = (w.start.value.0, w.end.value.0);
                    let when = if start == end {
                        format!("on {}", long_date(start, upper))
                    } else {
                        format!("between {} and {}", long_date(start, upper), long_date(end, upper))
                    };
                    let who = match close {
                        Some(c) if c.date() == open.date() => {
                            format!("For candidates who apply on {}", long_date(open.date(), upper))
                        }
                        Some(c) => format!(
                            "For candidates who apply between {} and {}",
                            long_date(open.date(), upper),
                            long_date(c.date(), upper)
                        ),
                        None => format!("For candidates who apply from {}", long_date(open.date(), upper)),
                    };
                    TestWindowInfo {
                        start,
                        end,
                        sentence: format!("{who}, it is anticipated that the {test_name} will be administered {when}."),
                    }
                }),
            }
        })
        .collect()
}

/// "03/13/2025 11:59 pm Pacific" (a whole day: the date only) for a
/// header; an open-ended period: "until further notice".
pub fn closing_text(close: Option<LocalDateTime>, j: &Jurisdiction) -> String {
    let Some(close) = close else {
        return j
            .bulletins
            .open_ended
            .as_deref()
            .unwrap_or("until further notice")
            .trim()
            .trim_end_matches('.')
            .to_string();
    };
    let date = super::phrase::format_date(close.date(), j.style.short_date.as_ref().map(|s| s.as_str()));
    if !close.has_time() {
        return date;
    }
    let zone = j
        .time_zone_label
        .as_deref()
        .map(|z| format!(" {z}"))
        .unwrap_or_default();
    format!("{date} {}{zone}", time_of_day(close.end()))
}

/// The period a bulletin is about now: the open one, else the next
/// upcoming one, else the last.
pub fn current<T: Timed>(periods: &[T]) -> Option<&T> {
    periods
        .iter()
        .find(|p| p.times().status == PeriodStatus::Open)
        .or_else(|| periods.iter().find(|p| p.times().status == PeriodStatus::Upcoming))
        .or_else(|| periods.last())
}

/// Whether a bulletin takes applications as of a date, for the apply box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FilingState {
    /// A period is open.
    Open,
    /// No period is open; one will be.
    Upcoming,
    /// Every period has closed.
    Closed,
    /// The bulletin states no filing period.
    Unscheduled,
}

/// The filing status as of a date, stated with that date: "Open — closes
/// Thursday, March 13, 2025, 11:59 pm Pacific (as of March 1, 2025)".
#[derive(Debug, Clone, Serialize)]
pub struct FilingStatus {
    pub state: FilingState,
    /// "Open", "Opens soon", "Closed", "No filing dates".
    pub label: &'static str,
    /// The status with its dates, ending with "(as of …)".
    pub sentence: String,
}

/// "Thursday, March 13, 2025, 11:59 pm Pacific"; a whole day: the date.
fn status_moment(t: NaiveDateTime, has_time: bool, j: &Jurisdiction) -> String {
    let day = long_date(t.date(), false);
    if !has_time {
        return day;
    }
    let zone = j
        .time_zone_label
        .as_deref()
        .map(|z| format!(" {z}"))
        .unwrap_or_default();
    format!("{day}, {}{zone}", time_of_day(t))
}

/// A period's days and its status as of a date, without its sentences:
/// what the filing status is decided from (the site's index lists it for
/// every bulletin on every build).
#[derive(Debug, Clone, Copy)]
pub struct PeriodTimes {
    /// 1-based position in the bulletin.
    pub number: usize,
    pub open: LocalDateTime,
    pub close: Option<LocalDateTime>,
    pub status: PeriodStatus,
}

/// The days and status of each of `b`'s periods as of `as_of` (those of
/// [`periods`], without the sentences).
pub fn period_times(b: &Bulletin, as_of: NaiveDate) -> Vec<PeriodTimes> {
    b.periods
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (open, close) = (p.open.value, p.close.as_ref().map(|c| c.value));
            PeriodTimes {
                number: i + 1,
                open,
                close,
                status: PeriodStatus::of(open.date(), close.map(|c| c.date()), as_of),
            }
        })
        .collect()
}

/// A period as the filing status reads it: [`PeriodInfo`] or
/// [`PeriodTimes`].
pub trait Timed {
    fn times(&self) -> PeriodTimes;
}

impl Timed for PeriodTimes {
    fn times(&self) -> PeriodTimes {
        *self
    }
}

impl Timed for PeriodInfo {
    fn times(&self) -> PeriodTimes {
        PeriodTimes {
            number: self.number,
            open: self.open,
            close: self.close,
            status: self.status,
        }
    }
}

/// The filing status of a bulletin's periods as of `as_of`.
pub fn filing_status<T: Timed>(periods: &[T], j: &Jurisdiction, as_of: NaiveDate) -> FilingStatus {
    let as_of_text = format!("(as of {})", super::status::long_plain_date(as_of));
    let periods: Vec<PeriodTimes> = periods.iter().map(Timed::times).collect();
    let open = periods.iter().find(|p| p.status == PeriodStatus::Open);
    let next = periods.iter().find(|p| p.status == PeriodStatus::Upcoming);
    let (state, label, text) = match (open, next, periods.last()) {
        (Some(p), _, _) => (
            FilingState::Open,
            "Open",
            match p.close {
                Some(c) => format!("Open — closes {}", status_moment(c.end(), c.has_time(), j)),
                None => format!(
                    "Open {}",
                    j.bulletins
                        .open_ended
                        .as_deref()
                        .unwrap_or("until further notice")
                        .trim()
                        .trim_end_matches('.')
                ),
            },
        ),
        (None, Some(p), _) => (
            FilingState::Upcoming,
            "Opens soon",
            format!(
                "Not yet open — opens {}",
                status_moment(p.open.start(), p.open.has_time(), j)
            ),
        ),
        (None, None, Some(p)) => (
            FilingState::Closed,
            "Closed",
            match p.close {
                Some(c) => format!(
                    "Closed — filing ended {}; applications are not being accepted",
                    status_moment(c.end(), c.has_time(), j)
                ),
                None => "Closed — applications are not being accepted".to_string(),
            },
        ),
        (None, None, None) => (
            FilingState::Unscheduled,
            "No filing dates",
            "No filing dates are announced".to_string(),
        ),
    };
    FilingStatus {
        state,
        label,
        sentence: format!("{text} {as_of_text}."),
    }
}

/// Who may apply, printed under the title: the bulletin's own words, else
/// the jurisdiction's for its basis (`open` when the examination is open
/// competitive).
pub fn open_to(b: &Bulletin, j: &Jurisdiction) -> Option<String> {
    if let Some(t) = &b.open_to {
        return Some(t.clone());
    }
    if b.basis.is_empty() {
        return None;
    }
    if b.basis.contains(&ExamBasis::OpenCompetitive) {
        j.bulletins.open_to.open.clone()
    } else {
        j.bulletins.open_to.promotional.clone()
    }
}

/// The jurisdiction's footer line for a bulletin (`bulletins.footer`).
pub fn footer(b: &Bulletin, code: &str, j: &Jurisdiction) -> Option<String> {
    let template = j.bulletins.footer.as_ref()?.as_str();
    let fmt = j.style.short_date.as_ref().map(|s| s.as_str());
    let posted = b.posted.as_ref().map(|d| d.value.0);
    let revised = b.revised.as_ref().map(|d| d.value.0);
    let date = posted.or(revised).unwrap_or_else(|| b.date());
    let rev = match (posted, revised) {
        (Some(p), Some(r)) if r != p => format!(" REV {}", super::phrase::format_date(r, fmt)),
        _ => String::new(),
    };
    Some(
        template
            .replace("{code}", code)
            .replace("{date}", &super::phrase::format_date(date, fmt))
            .replace("{revised}", &rev),
    )
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
    pub close_at: Option<String>,
    /// "Friday, February 28, 2025, 8:00 am Pacific" (a whole day: the
    /// date only).
    pub open_text: String,
    /// `None`: open until further notice.
    pub close_text: Option<String>,
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
        let text = |t: LocalDateTime, end: bool| {
            if t.has_time() {
                let at = if end { t.end() } else { t.start() };
                format!("{}, {} {zone}", long_date(t.date(), false), time_of_day(at))
            } else {
                long_date(t.date(), false)
            }
        };
        out.push(ListedBulletin {
            id: id.clone(),
            class: b.class.value.clone(),
            job_number: b.job_number.as_ref().map(|n| n.value.clone()).unwrap_or_default(),
            time_zone: jd.time_zone.value.clone(),
            periods: periods(b, jd, as_of)
                .into_iter()
                .map(|p| ListedPeriod {
                    number: p.number,
                    status: p.status,
                    open_text: text(p.open, false),
                    close_text: p.close.map(|c| text(c, true)),
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
        if b.job_number.is_empty() {
            o.push_str(&format!("{} ({})\n", b.id, b.class));
        } else {
            o.push_str(&format!("{} ({}, job {})\n", b.id, b.class, b.job_number));
        }
        for p in &b.periods {
            let window = p
                .test_window
                .map(|(s, e)| format!("; test {s} to {e}"))
                .unwrap_or_default();
            let close = p.close_text.as_deref().unwrap_or("until further notice");
            o.push_str(&format!(
                "  {:<9} {} to {close}{window}\n",
                p.status.as_str(),
                p.open_text
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
        assert_eq!(
            PeriodStatus::of(d(3, 1), Some(d(3, 13)), d(2, 28)),
            PeriodStatus::Upcoming
        );
        assert_eq!(PeriodStatus::of(d(3, 1), Some(d(3, 13)), d(3, 13)), PeriodStatus::Open);
        assert_eq!(PeriodStatus::of(d(3, 1), None, d(9, 13)), PeriodStatus::Open);
        assert_eq!(
            PeriodStatus::of(d(3, 1), Some(d(3, 13)), d(3, 14)),
            PeriodStatus::Closed
        );
        assert_eq!(
            basis_sentence(&[ExamBasis::InterdepartmentalPromotional, ExamBasis::OpenCompetitive]).unwrap(),
            "This examination is to be given both on an interdepartmental promotional and open competitive basis."
        );
    }
}
