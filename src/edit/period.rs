//! Filing periods: the period `period roll` proposes, and the TOML edit
//! that appends a period to a bulletin (formatted like the existing ones,
//! `revised` updated). Whether the result is valid is decided by the same
//! rules as `check`, not here.

use anyhow::{Context, bail};
use chrono::{NaiveDate, NaiveDateTime};
use toml_edit::{DocumentMut, InlineTable, Item, Table, value};

use crate::derive::calendar::same_weekday_next_year;
use crate::model::bulletin::Bulletin;
use crate::model::common::check_date_range;

/// A filing period to add.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPeriod {
    pub open: NaiveDateTime,
    pub close: NaiveDateTime,
    pub test_window: Option<(NaiveDate, NaiveDate)>,
}

impl NewPeriod {
    /// Every date of the period, with what it is, for range checks and
    /// working-day warnings.
    pub fn dates(&self) -> Vec<(&'static str, NaiveDate)> {
        let mut v = vec![("opens", self.open.date()), ("closes", self.close.date())];
        if let Some((s, e)) = self.test_window {
            v.push(("testing starts", s));
            v.push(("testing ends", e));
        }
        v
    }
}

/// The next period of a bulletin: its latest one moved to the same
/// weekdays a year on, test window alike. `None` when it has no period.
pub fn rolled(b: &Bulletin) -> Option<anyhow::Result<NewPeriod>> {
    let last = b.periods.iter().max_by_key(|p| p.open.value)?;
    let roll = |t: NaiveDateTime| -> anyhow::Result<NaiveDateTime> {
        Ok(same_weekday_next_year(t.date())
            .map_err(anyhow::Error::msg)?
            .and_time(t.time()))
    };
    let date = |d: NaiveDate| -> anyhow::Result<NaiveDate> { same_weekday_next_year(d).map_err(anyhow::Error::msg) };
    Some((|| {
        Ok(NewPeriod {
            open: roll(last.open.value.0)?,
            close: roll(
                last.close
                    .as_ref()
                    .ok_or_else(|| {
                        anyhow::anyhow!(
                            "the latest period is open until further notice: there is nothing to roll forward"
                        )
                    })?
                    .value
                    .end(),
            )?,
            test_window: match &last.test_window {
                Some(w) => Some((date(w.start.value.0)?, date(w.end.value.0)?)),
                None => None,
            },
        })
    })())
}

/// Which period to add.
#[derive(Debug, Clone)]
pub enum Which {
    /// This one.
    Given(NewPeriod),
    /// The bulletin's latest period a year on ([`rolled`]), computed from
    /// the file as it is when the lock is taken.
    Roll,
}

/// Add a filing period to the bulletin `name` of `ws` (`period add` /
/// `period roll`), setting `revised`; checked by the same rules as `check`
/// before anything is written.
pub fn add(
    ws: &crate::load::Workspace,
    name: &str,
    which: Which,
    revised: NaiveDate,
    dry_run: bool,
) -> Result<super::Change, super::EditError> {
    let (_, b) = ws.plan.find_bulletin(name).map_err(anyhow::Error::msg)?;
    let rel = b.path.clone();
    let path = ws.root.join(&rel);
    let mut chosen: Option<NewPeriod> = None;
    let mut refused: Option<super::EditError> = None;
    let edited = super::edit_source(
        &path,
        dry_run,
        |text| {
            let p = match &which {
                Which::Given(p) => p.clone(),
                Which::Roll => {
                    let (current, _) = crate::load::parse_document::<Bulletin>(
                        text,
                        crate::schema::SourceKind::Bulletin,
                        crate::diag::FileId(0),
                    )
                    .map_err(|_| anyhow::anyhow!("{rel} does not load; run `classplan check`"))?;
                    rolled(&current).unwrap_or_else(|| bail!("the bulletin has no filing period to roll"))?
                }
            };
            let new = add_period(text, &p, Some(revised))?;
            chosen = Some(p);
            Ok(new)
        },
        |new| {
            super::check_change(ws, &rel, new).map_err(|e| {
                let msg = e.to_string();
                refused = Some(e);
                anyhow::anyhow!(msg)
            })
        },
    );
    let edited = match (edited, refused) {
        (_, Some(e)) => return Err(e),
        (Err(e), None) => return Err(e.into()),
        (Ok(x), None) => x,
    };
    let mut warnings = Vec::new();
    if let Some(p) = &chosen {
        let jurisdiction = crate::model::ClassKey::parse(&b.class)
            .and_then(|k| ws.plan.jurisdictions.get(&k.jurisdiction))
            .map(|j| &*j.def.value);
        for (what, d) in p.dates() {
            if let Some(why) = crate::derive::calendar::non_working(d, jurisdiction) {
                warnings.push(format!("the new period {what} on {d}, {why}"));
            }
        }
    }
    Ok(super::Change {
        path: rel,
        written: !dry_run && edited.old != edited.new,
        old: edited.old,
        new: edited.new,
        warnings,
    })
}

fn toml_datetime(t: NaiveDateTime) -> anyhow::Result<toml_edit::Datetime> {
    check_date_range(t.date()).map_err(anyhow::Error::msg)?;
    t.format("%Y-%m-%dT%H:%M:%S")
        .to_string()
        .parse()
        .with_context(|| format!("{t} cannot be written as a TOML date-time"))
}

fn toml_date(d: NaiveDate) -> anyhow::Result<toml_edit::Datetime> {
    check_date_range(d).map_err(anyhow::Error::msg)?;
    d.format("%Y-%m-%d")
        .to_string()
        .parse()
        .with_context(|| format!("{d} cannot be written as a TOML date"))
}

/// Append a `[[periods]]` table (placed after the last period) and set
/// `revised`, returning the new text. Fails on dates outside the accepted
/// range and on a bulletin whose structure is not what the format says.
pub fn add_period(text: &str, p: &NewPeriod, revised: Option<NaiveDate>) -> anyhow::Result<String> {
    let mut doc: DocumentMut = text.parse().context("the bulletin is not valid TOML")?;
    if let Some(r) = revised {
        let new = toml_date(r)?;
        match doc.get_mut("revised") {
            Some(item) => {
                let decor = item.as_value().map(|v| v.decor().clone());
                *item = value(new);
                if let (Some(d), Some(v)) = (decor, item.as_value_mut()) {
                    *v.decor_mut() = d;
                }
            }
            None => bail!("the bulletin has no `revised` date"),
        }
    }
    let mut t = Table::new();
    t.insert("open", value(toml_datetime(p.open)?));
    t.insert("close", value(toml_datetime(p.close)?));
    if let Some((s, e)) = p.test_window {
        let mut w = InlineTable::new();
        w.insert("start", toml_date(s)?.into());
        w.insert("end", toml_date(e)?.into());
        t.insert("test_window", value(w));
    }
    let periods = doc.entry("periods").or_insert(Item::ArrayOfTables(Default::default()));
    let Some(arr) = periods.as_array_of_tables_mut() else {
        bail!("`periods` is not an array of tables ([[periods]])")
    };
    // Place the new table right after the last period, not at the end of the
    // file: tables are emitted in position order, ties in insertion order.
    if let Some(pos) = arr.iter().filter_map(|t| t.position()).max() {
        t.set_position(Some(pos));
    }
    arr.push(t);
    Ok(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dates_outside_the_range_instead_of_panicking() {
        let text = "revised = 2025-01-01\n[[periods]]\nopen = 2025-01-02T08:00:00\nclose = 2025-01-09T17:00:00\n";
        let far = NaiveDate::from_ymd_opt(10000, 1, 3)
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap();
        let p = NewPeriod {
            open: far,
            close: far,
            test_window: None,
        };
        assert!(add_period(text, &p, None).is_err());
        let neg = NaiveDate::from_ymd_opt(-1, 1, 3).unwrap().and_hms_opt(8, 0, 0).unwrap();
        let p = NewPeriod {
            open: neg,
            close: neg,
            test_window: None,
        };
        assert!(add_period(text, &p, None).is_err());
    }
}
