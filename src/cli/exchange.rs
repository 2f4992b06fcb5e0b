//! `import` and `export`: plans in and out of other formats.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{EXIT_FOUND, EXIT_OK, Globals, print_notice, usage};

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Json,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// Plain-text bulletins, or directories of them.
    #[arg(required = true, value_name = "FILE_OR_DIR")]
    pub sources: Vec<PathBuf>,
    /// How the sources are written: `la-city` (City of Los Angeles job bulletins, 2014-2019).
    #[arg(long, default_value = "la-city")]
    pub profile: String,
    /// The workspace to import into (default: -C, or the current directory).
    #[arg(long, value_name = "WORKSPACE")]
    pub into: Option<PathBuf>,
    /// Replace files that exist and differ (their diff is printed).
    #[arg(long)]
    pub force: bool,
    /// Also write the whole report as JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Print the report as text (findings, then the totals) or as JSON on stdout.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
}

/// Exit codes: 0 when every file was imported or was already there; 1
/// when some were refused, conflicted with existing files or failed; 2 when
/// the import could not run.
pub fn import(g: &Globals, args: ImportArgs) -> anyhow::Result<i32> {
    let into = match &args.into {
        Some(p) => p.clone(),
        None => g.dir.clone().unwrap_or_else(|| PathBuf::from(".")),
    };
    let opts = crate::import::Options {
        profile: args.profile.clone(),
        into,
        force: args.force,
    };
    let bar = (std::io::stderr().is_terminal() && !g.quiet).then(|| {
        let b = indicatif::ProgressBar::new(0);
        b.set_style(
            indicatif::ProgressStyle::with_template("reading {pos}/{len} {wide_bar} {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let report = crate::import::run(&args.sources, &opts, bar.as_ref()).map_err(usage)?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if let Some(path) = &args.report {
        let json = serde_json::to_string_pretty(&report)? + "\n";
        crate::write::write_atomic(path, json.as_bytes())?;
    }
    match args.format {
        ReportFormat::Json => {
            let mut out = super::out();
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(&report)?);
        }
        ReportFormat::Text => {
            let text = crate::import::text(&report);
            if g.quiet {
                if let Some(last) = text.lines().last() {
                    print_notice(g, last);
                }
            } else {
                let mut err = anstream::AutoStream::new(std::io::stderr().lock(), anstream::ColorChoice::global());
                let _ = write!(err, "{text}");
            }
        }
    }
    let t = &report.totals;
    Ok(if t.refused + t.conflicts + t.failed > 0 {
        EXIT_FOUND
    } else {
        EXIT_OK
    })
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    /// The 25-column CSV of the City of Los Angeles' 2019 data competition.
    KaggleLa,
    /// The plan inventory, one row per class.
    Csv,
    /// The plan inventory as JSON (`classplan/inventory/1`).
    Json,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Workspace directory (default: -C, or found upward from the current directory).
    pub workspace: Option<PathBuf>,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to this file instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Date that decides each bulletin's filing status in the inventory (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
    /// Export drafts and proposed classes and bulletins too (the inventory
    /// gives each row's stage); without it, the plan as adopted, as `build`
    /// publishes it.
    #[arg(long)]
    pub drafts: bool,
}

/// Exit codes: 0 when exported; 1 when the workspace has errors (nothing is
/// exported from a plan that does not check); 2 when it cannot run.
pub fn export(g: &Globals, args: ExportArgs) -> anyhow::Result<i32> {
    let root = g.workspace(args.workspace.as_deref());
    let ws = crate::check_sources(&root);
    if ws.has_errors() {
        super::print_diagnostics(g, &root, &ws.diagnostics, &ws.sources);
        print_notice(
            g,
            "error: the plan has errors; fix them before exporting (`classplan check`)",
        );
        return Ok(EXIT_FOUND);
    }
    let as_of = args.as_of.unwrap_or_else(super::today);
    let plan = &*ws.plan.published(args.drafts);
    let text = match args.format {
        ExportFormat::KaggleLa => crate::export::kaggle::csv(plan)?,
        ExportFormat::Csv => crate::export::inventory::csv(&crate::export::inventory::inventory(plan, as_of))?,
        ExportFormat::Json => serde_json::to_string_pretty(&crate::export::inventory::inventory(plan, as_of))? + "\n",
    };
    match &args.out {
        Some(path) => crate::write::write_atomic(path, text.as_bytes())?,
        None => {
            let mut out = super::out();
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(EXIT_OK)
}
