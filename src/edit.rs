//! Editing sources in place for `period add` / `period roll` and writing
//! new ones for `new`: comments, key order and formatting are preserved
//! (toml_edit); a file changed by someone else since it was read is never
//! overwritten; writes are atomic; `new` never overwrites.

use std::path::Path;

use anyhow::{Context, bail};
use chrono::{NaiveDate, NaiveDateTime};
use toml_edit::{DocumentMut, InlineTable, Item, Table, value};

/// A filing period to add.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPeriod {
    pub open: NaiveDateTime,
    pub close: NaiveDateTime,
    pub test_window: Option<(NaiveDate, NaiveDate)>,
}

fn toml_datetime(t: NaiveDateTime) -> toml_edit::Datetime {
    t.format("%Y-%m-%dT%H:%M:%S")
        .to_string()
        .parse()
        .expect("valid TOML datetime")
}

fn toml_date(d: NaiveDate) -> toml_edit::Datetime {
    d.format("%Y-%m-%d").to_string().parse().expect("valid TOML date")
}

/// Append a `[[periods]]` table (formatted like the existing ones) and set
/// `revised`, returning the new text.
pub fn add_period(text: &str, p: &NewPeriod, revised: Option<NaiveDate>) -> anyhow::Result<String> {
    let mut doc: DocumentMut = text.parse().context("the bulletin is not valid TOML")?;
    if let Some(r) = revised {
        match doc.get_mut("revised") {
            Some(item) => {
                let decor = item.as_value().map(|v| v.decor().clone());
                *item = value(toml_date(r));
                if let (Some(d), Some(v)) = (decor, item.as_value_mut()) {
                    *v.decor_mut() = d;
                }
            }
            None => bail!("the bulletin has no `revised` date"),
        }
    }
    let periods = doc.entry("periods").or_insert(Item::ArrayOfTables(Default::default()));
    let Some(arr) = periods.as_array_of_tables_mut() else {
        bail!("`periods` is not an array of tables ([[periods]])")
    };
    let mut t = Table::new();
    t.insert("open", value(toml_datetime(p.open)));
    t.insert("close", value(toml_datetime(p.close)));
    if let Some((s, e)) = p.test_window {
        let mut w = InlineTable::new();
        w.insert("start", toml_date(s).into());
        w.insert("end", toml_date(e).into());
        t.insert("test_window", value(w));
    }
    // Place the new table right after the last period, not at the end of the
    // file: tables are emitted in position order, ties in insertion order.
    let position = arr.iter().filter_map(|t| t.position()).max();
    if let Some(pos) = position {
        t.set_position(Some(pos));
    }
    arr.push(t);
    Ok(doc.to_string())
}

/// Replace `path`'s content with `new` only if it still equals `old`
/// (another editor may have changed it since it was read).
pub fn replace_if_unchanged(path: &Path, old: &str, new: &str) -> anyhow::Result<()> {
    let now = std::fs::read_to_string(path).with_context(|| format!("cannot re-read {}", path.display()))?;
    if now != old {
        bail!(
            "{} was changed by someone else while classplan was editing it; nothing was written, run the command again",
            path.display()
        );
    }
    crate::write::write_atomic(path, new.as_bytes())
}

/// Write a new source file, refusing to overwrite an existing one.
pub fn create_new(path: &Path, text: &str) -> anyhow::Result<()> {
    if path.exists() {
        bail!(
            "{} already exists; classplan never overwrites a source (edit it, or remove it first)",
            path.display()
        );
    }
    crate::write::write_atomic(path, text.as_bytes())?;
    Ok(())
}

/// A unified diff of an edit, for printing.
pub fn diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(path, path)
        .to_string()
}
