//! `build` and `templates`.

use std::collections::BTreeSet;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};

use super::{EXIT_FOUND, EXIT_OK, Globals, out, print_notice, usage};
use crate::render::OutputFormat;
use crate::site::{BuildError, BuildOptions};
use crate::text::count;

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq, Default)]
pub enum ReportFormat {
    #[default]
    Text,
    Json,
}

/// `--only`'s values: the output formats' names.
fn format_parser() -> impl clap::builder::TypedValueParser<Value = OutputFormat> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(OutputFormat::ALL.map(OutputFormat::name))
        .map(|s: String| OutputFormat::from_name(&s).unwrap_or(OutputFormat::Html))
}

#[derive(Args, Debug)]
pub struct BuildArgs {
    /// Workspace directory (same as -C).
    #[arg(value_name = "DIR")]
    pub workspace: Option<PathBuf>,
    /// Output directory (default: out/ in the workspace).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Only these formats (comma-separated): html, md, txt, json, jsonld, pdf.
    #[arg(long, value_delimiter = ',', value_name = "FORMATS", value_parser = format_parser())]
    pub only: Vec<OutputFormat>,
    /// Date that decides which filing periods are open (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Threads for PDF compilation (default: all cores).
    #[arg(long, default_value_t = 0)]
    pub pdf_threads: usize,
    /// Replace files in the output directory that classplan did not write.
    #[arg(long)]
    pub force: bool,
    /// Where the site is published, e.g. https://jobs.example.gov/plan:
    /// canonical page URLs, Open Graph tags, sitemap.xml and robots.txt.
    #[arg(long, value_name = "URL", value_parser = parse_base_url)]
    pub base_url: Option<String>,
    /// Build draft and proposed classes and bulletins too, each page and
    /// PDF marked DRAFT or PROPOSED (without it they are left out).
    #[arg(long)]
    pub drafts: bool,
    /// Print the build report as JSON on stdout.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

fn parse_base_url(s: &str) -> Result<String, String> {
    match crate::validate::web_url_problem(s) {
        Some(why) => Err(format!("`{s}` cannot be the site's address: {why}")),
        None => Ok(s.trim_end_matches('/').to_string()),
    }
}

pub fn build(g: &Globals, args: BuildArgs) -> anyhow::Result<i32> {
    let start = std::time::Instant::now();
    let root = g.workspace(args.workspace.as_deref());
    let formats: BTreeSet<OutputFormat> = if args.only.is_empty() {
        OutputFormat::ALL.into_iter().collect()
    } else {
        args.only.into_iter().collect()
    };
    let out_dir = args.out.unwrap_or_else(|| root.join("out"));
    let opts = BuildOptions {
        out: out_dir.clone(),
        formats,
        as_of: args.as_of.unwrap_or_else(super::today),
        pdf_threads: args.pdf_threads,
        feedback: match (g.quiet, g.verbose, std::io::stderr().is_terminal()) {
            (true, _, _) => crate::site::Feedback::Silent,
            (_, true, _) | (_, _, false) => crate::site::Feedback::Lines,
            (_, _, true) => crate::site::Feedback::Bar,
        },
        force: args.force,
        base_url: args.base_url.clone(),
        drafts: args.drafts,
    };
    // Up to date; or the workspace's files as the check found them, for
    // the load.
    let found = match crate::site::fresh::fresh(&root, &opts) {
        Ok(fresh) => {
            let mut err = anstream::AutoStream::new(std::io::stderr().lock(), anstream::ColorChoice::global());
            for w in &fresh.warnings {
                let _ = write!(err, "{w}");
            }
            drop(err);
            if args.format == ReportFormat::Json {
                writeln!(
                    out(),
                    "{}",
                    serde_json::to_string_pretty(&Versioned::of(&fresh.report))?
                )?;
            }
            print_notice(
                g,
                &format!(
                    "{} is up to date: {}, {}; sources, templates and options unchanged since the last build ({:.2}s)",
                    out_dir.display(),
                    count(fresh.report.documents, "document"),
                    count(fresh.report.unchanged, "file"),
                    start.elapsed().as_secs_f64()
                ),
            );
            return Ok(EXIT_OK);
        }
        Err(found) => found,
    };
    // The output directory is locked and read (what the last build left
    // in it) on another thread while the sources are checked.
    let prepared = crate::site::prepare(&out_dir);
    // The sources the last build kept parsed in the output directory:
    // only those that changed are read and parsed.
    let mut kept = crate::site::kept_sources::open(&root, &out_dir);
    // Not freed: the process ends with the build, and freeing a large plan
    // piece by piece only delays the exit.
    let ws = std::mem::ManuallyDrop::new(crate::check_kept_found(&root, &mut kept, found));
    crate::site::ends_with_process();
    super::note_kept(g, &ws, &kept, &out_dir);
    let (errors, warnings) = super::check::report(g, &ws, super::check::CheckFormat::Text)?;
    if errors > 0 {
        print_notice(g, &super::check::summary_line(&ws, errors, warnings));
        print_notice(g, "error: the build stopped: fix the errors above; nothing was written");
        return Ok(EXIT_FOUND);
    }
    // The parsed sources are kept while the build runs, when the output
    // directory exists already (else after the build, which makes it).
    // Keeping them is only a speed-up: a failure to write is not the
    // build's.
    let (keeping, mut kept) = match prepared.is_some() {
        true => (crate::site::kept_sources::keep_aside(&out_dir, kept), None),
        false => (None, Some(kept)),
    };
    let built = crate::site::build_prepared(&ws, &opts, prepared);
    if let Some(thread) = keeping {
        let _ = thread.join();
    } else if let Some(kept) = kept.as_mut().filter(|_| built.is_ok()) {
        let _ = crate::site::kept_sources::keep(&out_dir, kept);
    }
    match built {
        Ok(report) => {
            if args.format == ReportFormat::Json {
                writeln!(out(), "{}", serde_json::to_string_pretty(&Versioned::of(&report))?)?;
            }
            print_notice(
                g,
                &format!(
                    "built {} into {} in {:.2}s: {} rendered ({}), {} unchanged; {} written, {} unchanged, {} removed",
                    count(report.documents, "document"),
                    out_dir.display(),
                    start.elapsed().as_secs_f64(),
                    report.rendered,
                    count(report.pdfs, "PDF"),
                    report.skipped,
                    count(report.written, "file"),
                    report.unchanged,
                    report.removed
                ),
            );
            Ok(EXIT_OK)
        }
        Err(BuildError::Diagnostics { diagnostics, written }) => {
            super::print_diagnostics(g, &ws.root, &diagnostics, &ws.sources);
            let what = if written.is_empty() {
                "nothing was written".to_string()
            } else {
                format!(
                    "{} file{} had been written before it stopped (the earlier ones are complete; the next build replaces them)",
                    written.len(),
                    if written.len() == 1 { "" } else { "s" }
                )
            };
            print_notice(
                g,
                &format!(
                    "error: the build stopped ({} error{}); {what}",
                    diagnostics.len(),
                    if diagnostics.len() == 1 { "" } else { "s" }
                ),
            );
            Ok(EXIT_FOUND)
        }
        Err(BuildError::Io(e)) => Err(usage(format!("{e:#}"))),
    }
}

#[derive(Args, Debug)]
pub struct TemplatesArgs {
    #[command(subcommand)]
    pub command: TemplatesCommand,
}

#[derive(Subcommand, Debug)]
pub enum TemplatesCommand {
    /// Write the built-in templates into the workspace's templates/ for customising.
    Eject {
        /// Workspace directory (same as -C).
        #[arg(value_name = "DIR")]
        workspace: Option<PathBuf>,
        /// Overwrite templates that already exist.
        #[arg(long)]
        force: bool,
        /// Only these templates (repeatable), e.g. `--name bulletin.html`.
        #[arg(long = "name", value_name = "NAME")]
        names: Vec<String>,
        /// Into templates/<JURISDICTION>/, to customise one jurisdiction only.
        #[arg(long, value_name = "JURISDICTION")]
        jurisdiction: Option<String>,
    },
    /// List the built-in templates.
    List,
}

pub fn templates(g: &Globals, args: TemplatesArgs) -> anyhow::Result<i32> {
    match args.command {
        TemplatesCommand::Eject {
            workspace,
            force,
            names,
            jurisdiction,
        } => {
            let root = g.workspace(workspace.as_deref());
            let (written, skipped) =
                crate::edit::scaffold::eject_templates(&root, force, &names, jurisdiction.as_deref()).map_err(usage)?;
            for w in &written {
                print_notice(g, &format!("wrote {w}"));
            }
            for s in &skipped {
                print_notice(g, &format!("kept {s} (exists; use --force to overwrite)"));
            }
            Ok(EXIT_OK)
        }
        TemplatesCommand::List => {
            let mut o = out();
            for (name, _) in crate::render::templates::BUILTIN {
                writeln!(o, "{name}")?;
            }
            Ok(EXIT_OK)
        }
    }
}

/// `build --format json`: the report with its contract's name.
#[derive(serde::Serialize)]
struct Versioned<'a> {
    /// `classplan/build/1`.
    schema: &'static str,
    #[serde(flatten)]
    report: &'a crate::site::BuildReport,
}

impl<'a> Versioned<'a> {
    fn of(report: &'a crate::site::BuildReport) -> Versioned<'a> {
        Versioned {
            schema: "classplan/build/1",
            report,
        }
    }
}
