//! `diff`, `compare`, `match` and `crosswalk`.

use std::io::Write;

use clap::{Args, ValueEnum};

use super::{EXIT_FOUND, EXIT_OK, Globals, out, usage};
use crate::compare::history::{drift, resolve};
use crate::compare::matching::{ClassIndex, crosswalk};
use crate::compare::{ClassInput, compare, report, table};

/// The workspace's templates (reports go through them like documents).
fn templates(ws: &crate::load::Workspace) -> anyhow::Result<crate::render::templates::Templates> {
    crate::templates(ws).map_err(|d| {
        usage(format!(
            "the workspace's templates do not load ({}); run `classplan check`",
            d.first().map(|d| d.message.clone()).unwrap_or_default()
        ))
    })
}

fn template_error(d: crate::diag::Diagnostic) -> anyhow::Error {
    usage(format!("a report template failed: {}", d.message))
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq, Default)]
pub enum DiffFormat {
    #[default]
    Text,
    Md,
    Html,
    Json,
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// Class A: `jurisdiction/code`, optionally `@REV` (a git revision or a date, e.g. `la-city/1229@HEAD~3`).
    pub a: Option<String>,
    /// Class B, the same way.
    pub b: Option<String>,
    /// Compare a bulletin with its own class spec instead.
    #[arg(long, value_name = "BULLETIN", conflicts_with_all = ["a", "b"])]
    pub drift: Option<String>,
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
}

pub fn diff(g: &Globals, args: DiffArgs) -> anyhow::Result<i32> {
    let ws = super::load_for_item(g)?;
    let c = match (&args.drift, &args.a, &args.b) {
        (Some(bid), _, _) => drift(&ws, bid).map_err(usage)?,
        (None, Some(a), Some(b)) => compare(&resolve(&ws, a).map_err(usage)?, &resolve(&ws, b).map_err(usage)?),
        _ => return Err(usage("name two classes, or use --drift BULLETIN")),
    };
    let mut o = out();
    match args.format {
        DiffFormat::Text => write!(o, "{}", report::text(&c, g.color_out))?,
        DiffFormat::Md => write!(o, "{}", report::markdown(&templates(&ws)?, &c).map_err(template_error)?)?,
        DiffFormat::Html => write!(o, "{}", report::html(&templates(&ws)?, &c).map_err(template_error)?)?,
        DiffFormat::Json => writeln!(o, "{}", serde_json::to_string_pretty(&report::Versioned::new(&c))?)?,
    }
    Ok(if c.identical { EXIT_OK } else { EXIT_FOUND })
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq, Default)]
pub enum TableFormat {
    #[default]
    Text,
    Md,
    Html,
    Csv,
    Json,
}

#[derive(Args, Debug)]
pub struct CompareArgs {
    /// Two or more classes (`jurisdiction/code`, optionally `@REV`).
    #[arg(required = true, num_args = 2..)]
    pub classes: Vec<String>,
    #[arg(long, value_enum, default_value_t = TableFormat::Text)]
    pub format: TableFormat,
}

pub fn compare_many(g: &Globals, args: CompareArgs) -> anyhow::Result<i32> {
    let ws = super::load_for_item(g)?;
    let inputs: Vec<ClassInput> = args
        .classes
        .iter()
        .map(|r| resolve(&ws, r).map_err(usage))
        .collect::<anyhow::Result<_>>()?;
    let t = table::table(&inputs);
    let mut o = out();
    match args.format {
        TableFormat::Text => write!(o, "{}", table::text(&t))?,
        TableFormat::Md => write!(
            o,
            "{}",
            report::table(&templates(&ws)?, &t, false).map_err(template_error)?
        )?,
        TableFormat::Html => write!(
            o,
            "{}",
            report::table(&templates(&ws)?, &t, true).map_err(template_error)?
        )?,
        TableFormat::Csv => write!(o, "{}", table::csv(&t)?)?,
        TableFormat::Json => writeln!(o, "{}", serde_json::to_string_pretty(&t)?)?,
    }
    Ok(EXIT_OK)
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq, Default)]
pub enum MatchFormat {
    #[default]
    Text,
    Csv,
    Json,
}

#[derive(Args, Debug)]
pub struct MatchArgs {
    /// The class to match (`jurisdiction/code`).
    pub class: String,
    /// Only classes of this jurisdiction (default: every other jurisdiction).
    #[arg(long = "in", value_name = "JURISDICTION")]
    pub within: Option<String>,
    #[arg(long, default_value_t = 5)]
    pub top: usize,
    #[arg(long, value_enum, default_value_t = MatchFormat::Text)]
    pub format: MatchFormat,
}

pub fn matches(g: &Globals, args: MatchArgs) -> anyhow::Result<i32> {
    let ws = super::load_for_item(g)?;
    let (key, _, _) = ws.plan.find_class(&args.class).map_err(usage)?;
    if let Some(j) = &args.within
        && !ws.plan.jurisdictions.contains_key(j)
    {
        return Err(usage(format!("no jurisdiction `{j}`")));
    }
    let index = ClassIndex::build(&ws.plan);
    let ranked = index.rank(&key, args.within.as_deref(), args.top);
    let mut o = out();
    match args.format {
        MatchFormat::Json => writeln!(
            o,
            "{}",
            serde_json::to_string_pretty(&crate::compare::matching::MatchReport::new(&key, ranked))?
        )?,
        MatchFormat::Csv => write!(o, "{}", crate::compare::matching::matches_csv(&ranked)?)?,
        MatchFormat::Text => write!(o, "{}", crate::compare::matching::matches_text(&ranked))?,
    }
    Ok(EXIT_OK)
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq, Default)]
pub enum CrosswalkFormat {
    Text,
    #[default]
    Csv,
    Md,
    Html,
    Json,
}

#[derive(Args, Debug)]
pub struct CrosswalkArgs {
    pub from: String,
    pub to: String,
    #[arg(long, value_enum, default_value_t = CrosswalkFormat::Csv)]
    pub format: CrosswalkFormat,
}

pub fn crosswalk_cmd(g: &Globals, args: CrosswalkArgs) -> anyhow::Result<i32> {
    let ws = super::load_for_item(g)?;
    for j in [&args.from, &args.to] {
        if !ws.plan.jurisdictions.contains_key(j) {
            return Err(usage(format!("no jurisdiction `{j}`")));
        }
    }
    let index = ClassIndex::build(&ws.plan);
    let cw = crosswalk(&index, &args.from, &args.to);
    let mut o = out();
    use crate::compare::matching as m;
    match args.format {
        CrosswalkFormat::Json => writeln!(o, "{}", serde_json::to_string_pretty(&cw)?)?,
        CrosswalkFormat::Csv => write!(o, "{}", m::crosswalk_csv(&cw)?)?,
        CrosswalkFormat::Text => write!(o, "{}", m::crosswalk_text(&cw))?,
        CrosswalkFormat::Md => write!(
            o,
            "{}",
            report::crosswalk(&templates(&ws)?, &cw, false).map_err(template_error)?
        )?,
        CrosswalkFormat::Html => write!(
            o,
            "{}",
            report::crosswalk(&templates(&ws)?, &cw, true).map_err(template_error)?
        )?,
    }
    Ok(EXIT_OK)
}
