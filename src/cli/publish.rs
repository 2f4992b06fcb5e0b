//! The exam analyst's commands: `screen`, `period add|roll|list`, `new class|bulletin`.

use std::io::Write;
use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};
use clap::{Args, Subcommand, ValueEnum};

use super::{EXIT_FOUND, EXIT_OK, Globals, out, print_notice, usage};
use crate::edit::period::{NewPeriod, Which};
use crate::edit::{Change, EditError};

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq, Default)]
pub enum ScreenFormat {
    #[default]
    Text,
    Json,
}

/// How a batch of applicants is written.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum BatchFormat {
    /// id, verdict, under, reasons (a header row first).
    Csv,
    /// One JSON object per applicant per line.
    Jsonl,
    /// Aligned columns for reading.
    Text,
}

#[derive(Args, Debug)]
#[command(
    after_help = "Exit status: one applicant: 0 qualifies (or may file), 1 does not, 2 usage error. \
A batch: 0 when every row was screened, 2 when the file cannot be read."
)]
pub struct ScreenArgs {
    /// The bulletin (id as `classplan list` shows it, or its file).
    pub bulletin: String,
    /// The applicant's answers: a JSON object mapping question ids to answers.
    #[arg(required_unless_present = "batch", conflicts_with = "batch")]
    pub answers: Option<PathBuf>,
    /// Screen many applicants: a CSV file (a header of question ids and an
    /// `id` column; several choices separated by `;`) or JSON Lines (one
    /// object per line: `id` and `answers`). `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    pub batch: Option<PathBuf>,
    /// The batch file's format (default: from its extension; JSON Lines
    /// unless it ends in .csv).
    #[arg(long, value_enum, requires = "batch")]
    pub input: Option<BatchInput>,
    /// Output for one applicant.
    #[arg(long, value_enum, default_value_t = ScreenFormat::Text, conflicts_with = "batch")]
    pub format: ScreenFormat,
    /// Output for a batch (default: csv).
    #[arg(long, value_enum, requires = "batch")]
    pub batch_format: Option<BatchFormat>,
    /// Write the batch's results to this file (atomically) instead of
    /// standard output.
    #[arg(long, value_name = "FILE", requires = "batch")]
    pub out: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum BatchInput {
    Csv,
    Jsonl,
}

pub fn screen(g: &Globals, args: ScreenArgs) -> anyhow::Result<i32> {
    let ws = super::load_for_item(g)?;
    if let Some(batch) = &args.batch {
        return screen_batch(g, &ws, &args, batch);
    }
    let Some(answers) = &args.answers else {
        return Err(usage("give the applicant's answers file, or --batch FILE"));
    };
    let text =
        std::fs::read_to_string(answers).map_err(|e| usage(format!("cannot read {} ({e})", answers.display())))?;
    let s = crate::derive::screen::screen_bulletin(&ws.plan, &args.bulletin, &text)
        .map_err(|e| usage(format!("{}: {e}", answers.display())))?;
    let mut o = out();
    match args.format {
        ScreenFormat::Json => writeln!(o, "{}", serde_json::to_string_pretty(&s)?)?,
        ScreenFormat::Text => write!(o, "{}", crate::derive::screen::text(&s))?,
    }
    Ok(if s.qualifies { EXIT_OK } else { EXIT_FOUND })
}

fn screen_batch(
    g: &Globals,
    ws: &crate::load::Workspace,
    args: &ScreenArgs,
    batch: &std::path::Path,
) -> anyhow::Result<i32> {
    use crate::derive::screen::{BatchSummary, Screener, read_batch, screen_batch as run};
    let started = std::time::Instant::now();
    let screener = Screener::new(&ws.plan, &args.bulletin).map_err(usage)?;
    let text = if batch.as_os_str() == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .map_err(|e| usage(format!("cannot read standard input ({e})")))?;
        s
    } else {
        std::fs::read_to_string(batch).map_err(|e| usage(format!("cannot read {} ({e})", batch.display())))?
    };
    let csv_input = match args.input {
        Some(BatchInput::Csv) => true,
        Some(BatchInput::Jsonl) => false,
        None => batch.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")),
    };
    let applicants = read_batch(&text, csv_input).map_err(|e| usage(format!("{}: {e}", batch.display())))?;
    let result = run(&screener, &applicants);
    let format = args.batch_format.unwrap_or(BatchFormat::Csv);
    let body = match format {
        BatchFormat::Csv => crate::derive::screen::batch_csv(&result.rows)?,
        BatchFormat::Jsonl => {
            let mut s = String::new();
            for r in &result.rows {
                s.push_str(&serde_json::to_string(r)?);
                s.push('\n');
            }
            s
        }
        BatchFormat::Text => crate::derive::screen::batch_text(&result.rows),
    };
    match &args.out {
        Some(path) => crate::write::write_atomic(path, body.as_bytes())
            .map_err(|e| usage(format!("cannot write {} ({e})", path.display())))?,
        None => out().write_all(body.as_bytes())?,
    }
    // Problems of the file itself once, not on every row.
    for w in &result.warnings {
        print_notice(g, &format!("warning: {w}"));
    }
    let BatchSummary {
        qualifies,
        may_file,
        review,
        does_not_qualify,
        with_invalid,
    } = result.summary;
    print_notice(
        g,
        &format!(
            "screened {} applicant{} in {:.2}s: {qualifies} qualify, {may_file} may file, {review} for review, \
             {does_not_qualify} do not qualify; {with_invalid} with invalid answers",
            result.rows.len(),
            if result.rows.len() == 1 { "" } else { "s" },
            started.elapsed().as_secs_f64()
        ),
    );
    Ok(EXIT_OK)
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
        #[arg(long, value_parser = super::parse_date)]
        as_of: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t = ScreenFormat::Text)]
        format: ScreenFormat,
    },
}

#[derive(Args, Debug)]
pub struct EditOpts {
    /// Show the change without writing it.
    #[arg(long)]
    pub dry_run: bool,
    /// New revision date of the bulletin (default: today).
    #[arg(long, value_parser = super::parse_date)]
    pub revised: Option<NaiveDate>,
}

fn parse_datetime(s: &str) -> Result<NaiveDateTime, String> {
    for f in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return crate::model::common::check_date_range(t.date()).map(|_| t);
        }
    }
    Err(format!("`{s}` is not a date-time like 2027-02-26T08:00"))
}

fn parse_window(s: &str) -> Result<(NaiveDate, NaiveDate), String> {
    let (a, b) = s.split_once("..").ok_or_else(|| format!("`{s}` is not START..END"))?;
    Ok((super::parse_date(a.trim())?, super::parse_date(b.trim())?))
}

pub fn period(g: &Globals, args: PeriodArgs) -> anyhow::Result<i32> {
    match args.command {
        PeriodCommand::Add {
            bulletin,
            open,
            close,
            test_window,
            edit,
        } => {
            let which = Which::Given(NewPeriod {
                open,
                close,
                test_window,
            });
            apply(g, &edit, |ws, revised| {
                crate::edit::period::add(ws, &bulletin, which, revised, edit.dry_run)
            })
        }
        PeriodCommand::Roll { bulletin, edit } => apply(g, &edit, |ws, revised| {
            crate::edit::period::add(ws, &bulletin, Which::Roll, revised, edit.dry_run)
        }),
        PeriodCommand::List {
            bulletin,
            as_of,
            format,
        } => {
            let ws = super::load_for_item(g)?;
            let as_of = as_of.unwrap_or_else(super::today);
            let ids: Vec<String> = match &bulletin {
                Some(b) => vec![ws.plan.find_bulletin(b).map_err(usage)?.0.clone()],
                None => ws.plan.bulletins.keys().cloned().collect(),
            };
            let listing = crate::derive::periods::listing(&ws.plan, &ids, as_of);
            let mut o = out();
            match format {
                ScreenFormat::Json => writeln!(o, "{}", serde_json::to_string_pretty(&listing)?)?,
                ScreenFormat::Text => write!(o, "{}", crate::derive::periods::listing_text(&listing))?,
            }
            Ok(EXIT_OK)
        }
    }
}

/// Run an edit and report it: the diff on stdout, warnings and the outcome
/// on stderr; a refused edit prints the diagnostics `check` would.
fn apply(
    g: &Globals,
    edit: &EditOpts,
    f: impl FnOnce(&crate::load::Workspace, NaiveDate) -> Result<Change, EditError>,
) -> anyhow::Result<i32> {
    let ws = super::load_for_item(g)?;
    let revised = edit.revised.unwrap_or_else(super::today);
    report_change(g, &ws.root, f(&ws, revised), edit.dry_run)
}

fn report_change(
    g: &Globals,
    root: &std::path::Path,
    r: Result<Change, EditError>,
    dry_run: bool,
) -> anyhow::Result<i32> {
    match r {
        Ok(c) => {
            write!(out(), "{}", crate::edit::diff(&c.path, &c.old, &c.new))?;
            for w in &c.warnings {
                print_notice(g, &format!("warning: {w}"));
            }
            if dry_run {
                print_notice(g, &format!("dry run: {} not changed", c.path));
            } else if c.old.is_empty() {
                print_notice(g, &format!("wrote {}", c.path));
            } else if c.written {
                print_notice(g, &format!("updated {}", c.path));
            } else {
                print_notice(g, &format!("{} already says this; not changed", c.path));
            }
            Ok(EXIT_OK)
        }
        Err(EditError::Invalid { diagnostics, sources }) => {
            super::print_diagnostics(g, root, &diagnostics, &sources);
            print_notice(
                g,
                &format!(
                    "error: the change would not pass `check` ({} error{}); nothing was written",
                    diagnostics.len(),
                    if diagnostics.len() == 1 { "" } else { "s" }
                ),
            );
            Ok(EXIT_FOUND)
        }
        Err(EditError::Failed(e)) => Err(usage(format!("{e:#}"))),
    }
}

#[derive(Args, Debug)]
pub struct NewArgs {
    #[command(subcommand)]
    pub command: NewCommand,
    /// Show the new file without writing it.
    #[arg(long, global = true)]
    pub dry_run: bool,
}

#[derive(Subcommand, Debug)]
pub enum NewCommand {
    /// Write a new class specification source.
    Class {
        jurisdiction: String,
        code: String,
        title: String,
    },
    /// Write a new bulletin for a class; duties and requirements are inherited from the class.
    Bulletin {
        /// The class, `jurisdiction/code`.
        class: String,
        /// First filing period OPEN..CLOSE, e.g. 2027-02-26T08:00..2027-03-11T23:59.
        #[arg(long, value_parser = parse_period)]
        period: (NaiveDateTime, NaiveDateTime),
        #[arg(long)]
        job_number: Option<String>,
        #[arg(long, default_value = "")]
        department: String,
    },
}

fn parse_period(s: &str) -> Result<(NaiveDateTime, NaiveDateTime), String> {
    let (a, b) = s
        .split_once("..")
        .ok_or_else(|| "--period takes OPEN..CLOSE".to_string())?;
    Ok((parse_datetime(a.trim())?, parse_datetime(b.trim())?))
}

pub fn new(g: &Globals, args: NewArgs) -> anyhow::Result<i32> {
    let ws = super::load_for_item(g)?;
    let r = match &args.command {
        NewCommand::Class {
            jurisdiction,
            code,
            title,
        } => crate::edit::scaffold::new_class(&ws, jurisdiction, code, title, args.dry_run),
        NewCommand::Bulletin {
            class,
            period,
            job_number,
            department,
        } => crate::edit::scaffold::new_bulletin(
            &ws,
            class,
            period.0,
            period.1,
            job_number.as_deref(),
            department,
            args.dry_run,
        ),
    };
    report_change(g, &ws.root, r, args.dry_run)
}
