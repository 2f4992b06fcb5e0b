//! New sources for `new class` and `new bulletin`: commented templates
//! embedded in the binary, filled in with toml_edit (values are written as
//! TOML values, so no input can break out of a string or a comment). The
//! caller checks the result with the same rules as `check`. And the
//! built-in document templates copied into a workspace (`templates eject`).

use anyhow::Context;
use chrono::NaiveDateTime;
use toml_edit::{DocumentMut, value};

use crate::model::ClassKey;

const CLASS: &str = include_str!("scaffold/class.toml");
const BULLETIN: &str = include_str!("scaffold/bulletin.toml");

fn set(doc: &mut DocumentMut, path: &[&str], v: toml_edit::Value) -> anyhow::Result<()> {
    let mut item = doc.as_item_mut();
    for (i, key) in path.iter().enumerate() {
        if i + 1 == path.len() {
            let slot = item
                .get_mut(key)
                .with_context(|| format!("built-in template lacks `{}`", path.join(".")))?;
            let decor = slot.as_value().map(|x| x.decor().clone());
            *slot = toml_edit::Item::Value(v);
            if let (Some(d), Some(x)) = (decor, slot.as_value_mut()) {
                *x.decor_mut() = d;
            }
            return Ok(());
        }
        item = item
            .get_mut(key)
            .with_context(|| format!("built-in template lacks `{}`", path.join(".")))?;
    }
    Ok(())
}

fn datetime(t: NaiveDateTime) -> anyhow::Result<toml_edit::Value> {
    crate::model::common::check_date_range(t.date()).map_err(anyhow::Error::msg)?;
    let dt: toml_edit::Datetime = t.format("%Y-%m-%dT%H:%M:%S").to_string().parse()?;
    Ok(dt.into())
}

/// A class spec source for `code` and `title`.
pub fn class_source(code: &str, title: &str) -> anyhow::Result<String> {
    let mut doc: DocumentMut = CLASS.parse()?;
    set(&mut doc, &["code"], code.into())?;
    set(&mut doc, &["title"], title.into())?;
    Ok(doc.to_string())
}

/// What `new bulletin` needs to know.
pub struct BulletinSpec<'a> {
    pub class: &'a ClassKey,
    pub job_number: &'a str,
    pub department: &'a str,
    pub open: NaiveDateTime,
    pub close: NaiveDateTime,
}

/// A bulletin source inheriting duties and requirements from its class.
pub fn bulletin_source(s: &BulletinSpec) -> anyhow::Result<String> {
    let mut doc: DocumentMut = BULLETIN.parse()?;
    set(&mut doc, &["class"], s.class.to_string().into())?;
    set(&mut doc, &["job_number"], s.job_number.into())?;
    set(&mut doc, &["department"], s.department.into())?;
    let revised: toml_edit::Datetime = s.open.date().format("%Y-%m-%d").to_string().parse()?;
    set(&mut doc, &["revised"], revised.into())?;
    let periods = doc
        .get_mut("periods")
        .and_then(|p| p.as_array_of_tables_mut())
        .context("built-in template lacks [[periods]]")?;
    let first = periods.get_mut(0).context("built-in template lacks [[periods]]")?;
    for (key, t) in [("open", s.open), ("close", s.close)] {
        let slot = first.get_mut(key).context("built-in template lacks a period date")?;
        let decor = slot.as_value().map(|x| x.decor().clone());
        *slot = value(datetime(t)?);
        if let (Some(d), Some(x)) = (decor, slot.as_value_mut()) {
            *x.decor_mut() = d;
        }
    }
    Ok(doc.to_string())
}

/// `new class`: write `specs/<j>/classes/<code>.toml`. Refuses a code
/// that is not an identifier, or that the jurisdiction already has (in any
/// file, in any letter case), and a result that would not pass `check`.
pub fn new_class(
    ws: &crate::load::Workspace,
    jurisdiction: &str,
    code: &str,
    title: &str,
    dry_run: bool,
) -> Result<super::Change, super::EditError> {
    let Some(j) = ws.plan.jurisdictions.get(jurisdiction) else {
        let hint = crate::diag::did_you_mean(jurisdiction, ws.plan.jurisdictions.keys().map(String::as_str))
            .map(|m| format!("; did you mean `{m}`?"))
            .unwrap_or_default();
        return Err(
            anyhow::anyhow!("no jurisdiction `{jurisdiction}` (specs/{jurisdiction}/jurisdiction.toml){hint}").into(),
        );
    };
    crate::model::ident::check(code)
        .map_err(|why| anyhow::anyhow!("`{}` cannot be a class code: it {why}", code.escape_debug()))?;
    if let Some(c) = j.classes.iter().find(|c| c.code.eq_ignore_ascii_case(code)) {
        return Err(anyhow::anyhow!("`{jurisdiction}` already has class `{}` in {}", *c.code, c.path).into());
    }
    let rel = format!("specs/{jurisdiction}/classes/{code}.toml");
    super::create_checked(ws, &rel, class_source(code, title)?, dry_run)
}

/// `new bulletin`: write `bulletins/<j>-<code>-<year>.toml` for a class,
/// with one filing period; duties and requirements are inherited.
pub fn new_bulletin(
    ws: &crate::load::Workspace,
    class: &str,
    open: NaiveDateTime,
    close: NaiveDateTime,
    job_number: Option<&str>,
    department: &str,
    dry_run: bool,
) -> Result<super::Change, super::EditError> {
    let (key, _, _) = ws.plan.find_class(class).map_err(anyhow::Error::msg)?;
    let year = open.format("%Y").to_string();
    let id = format!("{}-{}-{year}", key.jurisdiction, key.code);
    let job = job_number
        .map(str::to_string)
        .unwrap_or_else(|| format!("{} {year}", key.code));
    let spec = BulletinSpec {
        class: &key,
        job_number: &job,
        department,
        open,
        close,
    };
    super::create_checked(ws, &format!("bulletins/{id}.toml"), bulletin_source(&spec)?, dry_run)
}

/// Write the built-in templates into the workspace's `templates/` for
/// customising (`templates eject`), skipping files that exist unless
/// `force`. Returns the files written and skipped.
pub fn eject_templates(root: &std::path::Path, force: bool) -> anyhow::Result<(Vec<String>, Vec<String>)> {
    let dir = root.join("templates");
    let (mut written, mut skipped) = (Vec::new(), Vec::new());
    for (name, text) in crate::render::templates::BUILTIN {
        let path = dir.join(name);
        if path.exists() && !force {
            skipped.push(format!("templates/{name}"));
            continue;
        }
        crate::write::write_atomic(&path, text.as_bytes())?;
        written.push(format!("templates/{name}"));
    }
    Ok((written, skipped))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_cannot_break_out() {
        let text = class_source("100", "Clerk\n# injected = true\n\"\"\"").unwrap();
        let v: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(v["title"].as_str(), Some("Clerk\n# injected = true\n\"\"\""));
        assert!(!v.contains_key("injected"));
    }
}
