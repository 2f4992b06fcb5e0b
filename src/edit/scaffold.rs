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

/// What `init` needs to know about the new workspace's jurisdiction.
pub struct InitSpec<'a> {
    pub jurisdiction: &'a str,
    pub name: &'a str,
    pub locality: &'a str,
    pub region: &'a str,
    pub time_zone: &'a str,
}

/// The files of a new workspace: a commented jurisdiction, an example
/// class and bulletin that pass `check` and build, `templates/README.md`,
/// `.gitignore`, the JSON Schemas and a Taplo configuration so editors
/// complete on first open. (relative path, text).
pub fn init_files(s: &InitSpec) -> anyhow::Result<Vec<(String, String)>> {
    crate::model::ident::check(s.jurisdiction).map_err(|why| {
        anyhow::anyhow!(
            "`{}` cannot be a jurisdiction id: it {why}",
            s.jurisdiction.escape_debug()
        )
    })?;
    if s.time_zone.parse::<chrono_tz::Tz>().is_err() {
        anyhow::bail!(
            "`{}` is not an IANA time zone (e.g. America/Chicago)",
            s.time_zone.escape_debug()
        );
    }
    let mut j: DocumentMut = include_str!("scaffold/init/jurisdiction.toml").parse()?;
    set(&mut j, &["id"], s.jurisdiction.into())?;
    set(&mut j, &["name"], s.name.into())?;
    set(&mut j, &["time_zone"], s.time_zone.into())?;
    set(&mut j, &["location", "locality"], s.locality.into())?;
    set(&mut j, &["location", "region"], s.region.into())?;
    let mut b: DocumentMut = include_str!("scaffold/init/bulletin.toml").parse()?;
    set(&mut b, &["class"], format!("{}/100", s.jurisdiction).into())?;
    let id = s.jurisdiction;
    let mut files = vec![
        (format!("specs/{id}/jurisdiction.toml"), j.to_string()),
        (
            format!("specs/{id}/classes/100.toml"),
            include_str!("scaffold/init/class.toml").to_string(),
        ),
        (format!("bulletins/{id}-100-2026.toml"), b.to_string()),
        (
            "templates/README.md".to_string(),
            include_str!("scaffold/init/templates-README.md").to_string(),
        ),
        (
            ".gitignore".to_string(),
            "out/
"
            .to_string(),
        ),
        (
            ".taplo.toml".to_string(),
            include_str!("scaffold/init/taplo.toml").to_string(),
        ),
    ];
    for (file, text) in crate::schema_files() {
        files.push((format!("schema/{file}"), text));
    }
    Ok(files)
}

/// `init`: write a new workspace into `dir`. Refuses a directory that has
/// anything in it unless `force`, and then still never replaces a file.
/// Returns the files written and those left as they were.
pub fn init(dir: &std::path::Path, s: &InitSpec, force: bool) -> anyhow::Result<(Vec<String>, Vec<String>)> {
    let files = init_files(s)?;
    let non_empty = std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(false);
    if non_empty && !force {
        anyhow::bail!(
            "{} is not empty; `init --force` adds the workspace's files to it without replacing any",
            dir.display()
        );
    }
    let (mut written, mut kept) = (Vec::new(), Vec::new());
    for (rel, text) in files {
        let path = dir.join(&rel);
        if path.exists() {
            kept.push(rel);
            continue;
        }
        crate::write::write_atomic(&path, text.as_bytes())?;
        written.push(rel);
    }
    Ok((written, kept))
}

/// Write the built-in templates into the workspace's `templates/` for
/// customising (`templates eject`), skipping files that exist unless
/// `force`. Returns the files written and skipped.
/// `names` (empty: all) limits which; `jurisdiction` writes into
/// `templates/<jurisdiction>/`.
pub fn eject_templates(
    root: &std::path::Path,
    force: bool,
    names: &[String],
    jurisdiction: Option<&str>,
) -> anyhow::Result<(Vec<String>, Vec<String>)> {
    use crate::render::templates::BUILTIN;
    for n in names {
        if !BUILTIN.iter().any(|(b, _)| b == n) {
            let hint = crate::diag::did_you_mean(n, BUILTIN.iter().map(|(b, _)| *b))
                .map(|m| format!("; did you mean `{m}`?"))
                .unwrap_or_default();
            anyhow::bail!(
                "`{}` is not a built-in template{hint} (`classplan templates list` names them)",
                n.escape_debug()
            );
        }
    }
    let rel = match jurisdiction {
        Some(j) => {
            crate::model::ident::check(j)
                .map_err(|why| anyhow::anyhow!("`{}` cannot be a jurisdiction id: it {why}", j.escape_debug()))?;
            format!("templates/{j}/")
        }
        None => "templates/".to_string(),
    };
    let (mut written, mut skipped) = (Vec::new(), Vec::new());
    for (name, text) in BUILTIN
        .iter()
        .filter(|(n, _)| names.is_empty() || names.iter().any(|x| x == n))
    {
        let shown = format!("{rel}{name}");
        let path = root.join(&shown);
        if path.exists() && !force {
            skipped.push(shown);
            continue;
        }
        crate::write::write_atomic(&path, text.as_bytes())?;
        written.push(shown);
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
