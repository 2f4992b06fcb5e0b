//! The classes a comparison is about, resolved from references: the class
//! as it is (`la-city/1229`), as it was at a git revision or date
//! (`la-city/1229@HEAD~3`, `la-city/1229@2024-01-01`, read with `git show`),
//! or a bulletin as if it were its class (`diff --drift`).
//!
//! Reads git history through the `git` program; runs nothing else.

use std::borrow::Cow;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};

use super::ClassInput;
use crate::load::Workspace;
use crate::model::{ClassKey, ClassSpec, PayRange};

fn git(root: &Path, args: &[&str]) -> anyhow::Result<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .context("cannot run git")?;
    if !out.status.success() {
        bail!("{}", String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Pay to compare for a class that states none: its latest bulletin's.
fn fallback_pay(ws: &Workspace, key: &ClassKey) -> (Vec<PayRange>, Option<String>) {
    let reference = key.to_string();
    ws.plan
        .bulletins
        .iter()
        .filter(|(_, b)| *b.class == reference && !b.pay.is_empty())
        .max_by_key(|(_, b)| b.date())
        .map(|(id, b)| (b.pay.clone(), Some(format!("bulletin {id}"))))
        .unwrap_or_default()
}

/// The commit a revision names: a git revision, or the last commit on or
/// before a date (`YYYY-MM-DD`).
fn commit_of(root: &Path, rev: &str) -> anyhow::Result<String> {
    if let Ok(date) = chrono::NaiveDate::parse_from_str(rev, "%Y-%m-%d") {
        // A date at or after the newest commit means that commit (git's
        // date parser does not read every far-future date).
        let head = git(root, &["log", "-1", "--format=%cs", "HEAD"])?;
        if chrono::NaiveDate::parse_from_str(head.trim(), "%Y-%m-%d").is_ok_and(|h| date >= h) {
            return Ok(git(root, &["rev-parse", "HEAD"])?.trim().to_string());
        }
        // --before takes a time; end of that day, in git's reading of it.
        let c = git(root, &["rev-list", "-1", &format!("--before={date} 23:59:59"), "HEAD"])?;
        if c.trim().is_empty() {
            let first = git(root, &["log", "--reverse", "--format=%cs", "HEAD"]).unwrap_or_default();
            let first = first.lines().next().unwrap_or("?");
            bail!("the repository has no commit on or before {rev} (its first commit is from {first})");
        }
        return Ok(c.trim().to_string());
    }
    Ok(git(
        root,
        &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")],
    )
    .map_err(|_| anyhow::anyhow!("`{rev}` is not a revision of this repository"))?
    .trim()
    .to_string())
}

/// Resolve `jurisdiction/code[@rev]` to a class (read from git history for
/// a revision).
pub fn resolve<'a>(ws: &'a Workspace, r: &str) -> anyhow::Result<ClassInput<'a>> {
    let (name, rev) = match r.split_once('@') {
        Some((n, v)) => (n, Some(v)),
        None => (r, None),
    };
    let (key, j, current) = ws.plan.find_class(name).map_err(anyhow::Error::msg)?;
    let (pay, pay_source) = fallback_pay(ws, &key);
    let class: Cow<ClassSpec> = match rev {
        None => Cow::Borrowed(&current.value),
        Some(rev) => {
            let top =
                git(&ws.root, &["rev-parse", "--show-toplevel"]).context("the workspace is not in a git repository")?;
            let top = std::path::PathBuf::from(top.trim());
            let abs = std::fs::canonicalize(ws.root.join(&current.path))?;
            let rel = abs
                .strip_prefix(std::fs::canonicalize(&top)?)
                .unwrap_or(&abs)
                .to_string_lossy()
                .replace('\\', "/");
            let commit = commit_of(&ws.root, rev)?;
            let text = git(&ws.root, &["show", &format!("{commit}:{rel}")])
                .map_err(|_| anyhow::anyhow!("{rel} did not exist at {rev}"))?;
            let class: ClassSpec =
                crate::load::parse_document(&text, crate::schema::SourceKind::Class, crate::diag::FileId(0))
                    .map(|(c, _)| c)
                    .map_err(|d| {
                        anyhow::anyhow!(
                            "{rel} at {rev} does not load: {}",
                            d.first().map(|d| d.message.clone()).unwrap_or_default()
                        )
                    })?;
            Cow::Owned(class)
        }
    };
    Ok(ClassInput {
        reference: r.to_string(),
        jurisdiction: j,
        class,
        pay,
        pay_source,
    })
}

/// A bulletin compared with its own class spec (`diff --drift`): A is the
/// class, B the class as the bulletin states it (its duties, requirements
/// and pay where it has its own).
pub fn drift(ws: &Workspace, bulletin: &str) -> anyhow::Result<super::Comparison> {
    let (id, b) = ws.plan.find_bulletin(bulletin).map_err(anyhow::Error::msg)?;
    let a = resolve(ws, &b.class)?;
    let mut as_bulletin = a.class.clone().into_owned();
    if let Some(d) = &b.duties {
        as_bulletin.summary = d.clone();
    }
    if let Some(r) = ws.plan.bulletin_requirements(b) {
        as_bulletin.requirements = Some(r.clone());
    }
    let bside = ClassInput {
        reference: format!("bulletin {id}"),
        jurisdiction: a.jurisdiction,
        class: Cow::Owned(as_bulletin),
        pay: b.pay.clone(),
        pay_source: None,
    };
    let aside = ClassInput {
        pay: Vec::new(),
        pay_source: None,
        ..a
    };
    let mut c = super::compare(&aside, &bside);
    // The analyst's reason for the difference is shown here, and nowhere
    // an applicant reads.
    if let Some(reason) = b.requirements.as_ref().and_then(|r| r.reason.as_deref()) {
        c.requirements.notes.push(format!(
            "reason given for the bulletin's own requirements: {}",
            reason.trim()
        ));
    }
    Ok(c)
}
