//! The exam analyst's commands: `screen`, `period add|roll|list`, `new class|bulletin`.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use chrono::{NaiveDate, NaiveDateTime};
use clap::{Args, Subcommand};

use super::Format;
use crate::derive::calendar::{non_working, same_weekday_next_year};
use crate::edit::{NewPeriod, add_period, create_new, diff, replace_if_unchanged};
use crate::load::Workspace;
use crate::model::{Bulletin, ClassKey, Loaded};

/// Workspace option shared by these commands.
#[derive(Args, Debug, Clone)]
pub struct DirOpt {
    /// Workspace directory.
    #[arg(long = "dir", short = 'C', default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,
}

pub(super) fn load_clean(dir: &Path) -> anyhow::Result<Workspace> {
    let ws = crate::check(dir);
    if ws.has_errors() {
        bail!(
            "the workspace has errors; run `classplan check {}` first",
            dir.display()
        );
    }
    Ok(ws)
}

/// Find a bulletin by id (`la-city-1229-2025`) or path (`bulletins/x.toml`).
fn find_bulletin<'a>(ws: &'a Workspace, name: &str) -> anyhow::Result<(&'a String, &'a Loaded<Bulletin>)> {
    let id = crate::load::bulletin_id(name.trim_start_matches("./"));
    if let Some((k, b)) = ws.plan.bulletins.get_key_value(&id) {
        return Ok((k, b));
    }
    let ids: Vec<&str> = ws.plan.bulletins.keys().map(String::as_str).collect();
    let hint = crate::diag::did_you_mean(&id, ids.iter().copied())
        .map(|m| format!("; did you mean `{m}`?"))
        .unwrap_or_default();
    bail!(
        "no bulletin `{id}` in {}{hint} (`classplan list` shows them)",
        ws.root.display()
    )
}

#[derive(Args, Debug)]
pub struct ScreenArgs {
    /// The bulletin (id as `classplan list` shows it, or its file).
    pub bulletin: String,
    /// The applicant's answers: a JSON object mapping question ids to answers.
    pub answers: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub dir: DirOpt,
}

pub fn screen(args: ScreenArgs) -> anyhow::Result<i32> {
    let ws = load_clean(&args.dir.dir)?;
    let (id, b) = find_bulletin(&ws, &args.bulletin)?;
    let text =
        std::fs::read_to_string(&args.answers).with_context(|| format!("cannot read {}", args.answers.display()))?;
    let json: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {} is not valid JSON ({e})", args.answers.display());
            return Ok(2);
        }
    };
    let Some(answers) = json.get("answers").unwrap_or(&json).as_object() else {
        eprintln!(
            "error: {} must be a JSON object of question id → answer",
            args.answers.display()
        );
        return Ok(2);
    };
    let view = crate::render::view::bulletin_view(&ws.plan, id, b, chrono::Local::now().date_naive())
        .context("the bulletin's class is missing")?;
    let reqs = ws.plan.bulletin_requirements(b);
    let expr = reqs
        .and_then(|r| r.expr().ok())
        .unwrap_or(crate::model::expr::Expr::Or(Vec::new()));
    let routes = reqs.map(|r| r.routes.len()).unwrap_or(0);
    let s = crate::derive::screen::screen(&view.questions, &expr, routes, answers);
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&s)?),
        Format::Text => {
            if s.qualifies {
                println!("QUALIFIES under {}", s.qualifies_under.join("; or "));
            } else {
                println!("DOES NOT QUALIFY");
            }
            for r in &s.routes {
                if r.met {
                    println!("  Requirement #{}: met", r.route);
                } else {
                    println!("  Requirement #{}: not met", r.route);
                    for m in &r.missing {
                        println!("    - {m}");
                    }
                }
            }
            for d in &s.disqualified_by {
                println!("  disqualified by {}: {}", d.question, d.message);
            }
            for u in &s.unanswered {
                println!("  required question not answered: {u}");
            }
            for i in &s.invalid {
                println!("  invalid answer to {}: {}", i.question, i.message);
            }
        }
    }
    Ok(if s.qualifies { 0 } else { 1 })
}

#[derive(Args, Debug)]
pub struct PeriodArgs {
    #[command(subcommand)]
    pub command: PeriodCommand,
}

#[derive(Subcommand, Debug)]
pub enum PeriodCommand {
    /// Add a filing period to a bulletin.
    Add {
        bulletin: String,
        /// Opening date-time, e.g. 2027-02-26T08:00.
        #[arg(long, value_parser = parse_datetime)]
        open: NaiveDateTime,
        /// Closing date-time, e.g. 2027-03-11T23:59.
        #[arg(long, value_parser = parse_datetime)]
        close: NaiveDateTime,
        /// Test window START..END, e.g. 2027-04-27..2027-05-03.
        #[arg(long, value_parser = parse_window)]
        test_window: Option<(NaiveDate, NaiveDate)>,
        #[command(flatten)]
        edit: EditOpts,
    },
    /// Add the next filing period: the last one moved to the same weekdays a year on.
    Roll {
        bulletin: String,
        #[command(flatten)]
        edit: EditOpts,
    },
    /// List a bulletin's filing periods (all bulletins without an argument) with their status.
    List {
        bulletin: Option<String>,
        /// Date that decides open / closed (default: today).
        #[arg(long)]
        as_of: Option<NaiveDate>,
        #[command(flatten)]
        dir: DirOpt,
    },
}

#[derive(Args, Debug)]
pub struct EditOpts {
    /// Show the change without writing it.
    #[arg(long)]
    pub dry_run: bool,
    /// New revision date of the bulletin (default: today).
    #[arg(long)]
    pub revised: Option<NaiveDate>,
    #[command(flatten)]
    pub dir: DirOpt,
}

fn parse_datetime(s: &str) -> Result<NaiveDateTime, String> {
    for f in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Ok(t);
        }
    }
    Err(format!("`{s}` is not a date-time like 2027-02-26T08:00"))
}

fn parse_window(s: &str) -> Result<(NaiveDate, NaiveDate), String> {
    let (a, b) = s.split_once("..").ok_or_else(|| format!("`{s}` is not START..END"))?;
    let p = |x: &str| {
        NaiveDate::parse_from_str(x.trim(), "%Y-%m-%d").map_err(|_| format!("`{x}` is not a date like 2027-04-27"))
    };
    Ok((p(a)?, p(b)?))
}

pub fn period(args: PeriodArgs) -> anyhow::Result<i32> {
    match args.command {
        PeriodCommand::Add {
            bulletin,
            open,
            close,
            test_window,
            edit,
        } => apply_period(
            &bulletin,
            NewPeriod {
                open,
                close,
                test_window,
            },
            &edit,
        ),
        PeriodCommand::Roll { bulletin, edit } => {
            let ws = load_clean(&edit.dir.dir)?;
            let (_, b) = find_bulletin(&ws, &bulletin)?;
            let last = b
                .periods
                .iter()
                .max_by_key(|p| p.open.value)
                .context("the bulletin has no filing period to roll")?;
            let roll = |t: NaiveDateTime| same_weekday_next_year(t.date()).and_time(t.time());
            let p = NewPeriod {
                open: roll(last.open.value.0),
                close: roll(last.close.value.0),
                test_window: last.test_window.as_ref().map(|w| {
                    (
                        same_weekday_next_year(w.start.value.0),
                        same_weekday_next_year(w.end.value.0),
                    )
                }),
            };
            apply_period(&bulletin, p, &edit)
        }
        PeriodCommand::List { bulletin, as_of, dir } => {
            let ws = load_clean(&dir.dir)?;
            let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
            let ids: Vec<String> = match bulletin {
                Some(b) => vec![find_bulletin(&ws, &b)?.0.clone()],
                None => ws.plan.bulletins.keys().cloned().collect(),
            };
            for id in ids {
                let b = &ws.plan.bulletins[&id];
                let Some(v) = crate::render::view::bulletin_view(&ws.plan, &id, b, as_of) else {
                    continue;
                };
                println!("{id} ({}, job {})", v.class_reference, v.job_number);
                for p in &v.periods {
                    let window = p
                        .test_window
                        .as_ref()
                        .map(|w| format!("; test {} to {}", w.start, w.end))
                        .unwrap_or_default();
                    println!("  {:<9} {} to {}{window}", p.status, p.open, p.close);
                }
            }
            Ok(0)
        }
    }
}

fn apply_period(bulletin: &str, p: NewPeriod, edit: &EditOpts) -> anyhow::Result<i32> {
    let ws = load_clean(&edit.dir.dir)?;
    let (_, b) = find_bulletin(&ws, bulletin)?;
    if p.close <= p.open {
        bail!("the period closes ({}) before it opens ({})", p.close, p.open);
    }
    for existing in &b.periods {
        if p.open < existing.close.value.0 && existing.open.value.0 < p.close {
            bail!(
                "the new period {} – {} overlaps the existing one {} – {}; nothing was written",
                p.open,
                p.close,
                existing.open.value.0,
                existing.close.value.0
            );
        }
    }
    if let Some((s, _)) = p.test_window
        && s <= p.close.date()
    {
        bail!("the test window starts {s}, before filing closes {}", p.close.date());
    }
    let mut warnings = Vec::new();
    for (what, d) in [
        ("opens", Some(p.open.date())),
        ("closes", Some(p.close.date())),
        ("testing starts", p.test_window.map(|w| w.0)),
        ("testing ends", p.test_window.map(|w| w.1)),
    ] {
        if let Some(d) = d
            && let Some(why) = non_working(d)
        {
            warnings.push(format!("warning: the new period {what} on {d}, {why}"));
        }
    }
    let path = ws.root.join(&b.path);
    let old = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let revised = edit.revised.unwrap_or_else(|| chrono::Local::now().date_naive());
    let new = add_period(&old, &p, Some(revised))?;
    // The edited bulletin must still load cleanly.
    if let Err(diags) =
        crate::load::parse_document::<Bulletin>(&new, crate::schema::SourceKind::Bulletin, crate::diag::FileId(0))
    {
        bail!(
            "the edit would make the bulletin invalid: {}",
            diags.first().map(|d| d.message.clone()).unwrap_or_default()
        );
    }
    print!("{}", diff(&b.path, &old, &new));
    for w in &warnings {
        eprintln!("{w}");
    }
    if edit.dry_run {
        eprintln!("dry run: {} not changed", b.path);
    } else {
        replace_if_unchanged(&path, &old, &new)?;
        eprintln!("updated {}", b.path);
    }
    Ok(0)
}

#[derive(Args, Debug)]
pub struct NewArgs {
    #[command(subcommand)]
    pub command: NewCommand,
}

#[derive(Subcommand, Debug)]
pub enum NewCommand {
    /// Write a new class specification source.
    Class {
        jurisdiction: String,
        code: String,
        title: String,
        #[command(flatten)]
        dir: DirOpt,
    },
    /// Write a new bulletin for a class; duties and requirements are inherited from the class.
    Bulletin {
        /// The class, `jurisdiction/code`.
        class: String,
        /// First filing period OPEN..CLOSE, e.g. 2027-02-26T08:00..2027-03-11T23:59.
        #[arg(long)]
        period: String,
        #[arg(long)]
        job_number: Option<String>,
        #[arg(long, default_value = "")]
        department: String,
        #[command(flatten)]
        dir: DirOpt,
    },
}

fn toml_str(s: &str) -> String {
    toml_edit::Value::from(s).to_string().trim().to_string()
}

pub fn new(args: NewArgs) -> anyhow::Result<i32> {
    match args.command {
        NewCommand::Class {
            jurisdiction,
            code,
            title,
            dir,
        } => {
            let ws = crate::check(&dir.dir);
            if !ws.plan.jurisdictions.contains_key(&jurisdiction) {
                let ids: Vec<&str> = ws.plan.jurisdictions.keys().map(String::as_str).collect();
                let hint = crate::diag::did_you_mean(&jurisdiction, ids.iter().copied())
                    .map(|m| format!("; did you mean `{m}`?"))
                    .unwrap_or_default();
                bail!("no jurisdiction `{jurisdiction}` (specs/{jurisdiction}/jurisdiction.toml){hint}");
            }
            if code.is_empty() || code.contains(['/', '\\', '.']) || code.chars().any(char::is_whitespace) {
                bail!("`{code}` cannot be a class code (no spaces, slashes or dots)");
            }
            let rel = format!("specs/{jurisdiction}/classes/{code}.toml");
            let text = format!(
                r#"#:schema ../../../schema/class.schema.json
# Class specification {code}, {title}. Reference: {jurisdiction}/{code}.
# The format is described in docs/format.md; `classplan check` validates it.

code = {code_s}
title = {title_s}
# series = {{ name = "...", level = 1, levels = 3 }}

# The summary of duties (the jurisdiction may call it "Definition").
summary = "Performs the work of a {title}."

# Example duties, in order. Write each as plain text, or as
# {{ text = "...", essential = true }} for an essential function.
duties = [
  "Performs related work as assigned.",
]

# knowledge = ["..."]
# abilities = ["..."]

# Minimum requirements: numbered routes of typed items, combined by an
# expression such as "1 or (2 and 3)".
# [requirements]
# expression = "1"
# [[requirements.routes]]
# items = [{{ type = "experience", amount = 1, unit = "years", paid = true, kind = "..." }}]

# [[history]]
# event = "established"
# date = 2026-01-01
"#,
                code_s = toml_str(&code),
                title_s = toml_str(&title),
            );
            let path = dir.dir.join(&rel);
            create_new(&path, &text)?;
            eprintln!("wrote {rel}");
            Ok(0)
        }
        NewCommand::Bulletin {
            class,
            period,
            job_number,
            department,
            dir,
        } => {
            let ws = load_clean(&dir.dir)?;
            let key = ClassKey::parse(&class)
                .with_context(|| format!("`{class}` is not a class reference like la-city/1229"))?;
            let (_, c) = ws
                .plan
                .class(&key)
                .with_context(|| format!("no class `{class}` (`classplan list` shows them)"))?;
            let (open, close) = period.split_once("..").with_context(|| "--period takes OPEN..CLOSE")?;
            let (open, close) = (
                parse_datetime(open).map_err(anyhow::Error::msg)?,
                parse_datetime(close).map_err(anyhow::Error::msg)?,
            );
            if close <= open {
                bail!("the period closes before it opens");
            }
            let year = open.format("%Y");
            let id = format!("{}-{}-{year}", key.jurisdiction, key.code);
            let rel = format!("bulletins/{id}.toml");
            let job = job_number.unwrap_or_else(|| format!("{} {year}", key.code));
            let text = format!(
                r#"#:schema ../schema/bulletin.schema.json
# Job bulletin for {title} ({class}). Duties and minimum requirements are
# inherited from the class spec; add `duties = "..."` or a [requirements]
# table (with `reason`) here only when this bulletin differs.

class = {class_s}
job_number = {job_s}
department = {dept_s}
job_type = "full-time"
basis = ["open-competitive"]
revised = {revised}

# [[pay]]
# min = 50000
# max = 60000
# unit = "annual"

[[periods]]
open = {open}
close = {close}
# test_window = {{ start = ..., end = ... }}

[application]
how = "Applications will only be accepted on-line."

[selection]
components = [
  {{ name = "Interview", weight = 100 }},
]
"#,
                title = c.title.value,
                class_s = toml_str(&class),
                job_s = toml_str(&job),
                dept_s = toml_str(&department),
                revised = open.date().format("%Y-%m-%d"),
                open = open.format("%Y-%m-%dT%H:%M:%S"),
                close = close.format("%Y-%m-%dT%H:%M:%S"),
            );
            let path = dir.dir.join(&rel);
            create_new(&path, &text)?;
            eprintln!("wrote {rel}");
            Ok(0)
        }
    }
}
