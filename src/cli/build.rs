//! `build` and `templates eject`.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::{Format, WorkspaceArg};
use crate::build::{BuildError, BuildOptions, OutputFormat};

#[derive(Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    pub ws: WorkspaceArg,
    /// Output directory (default: out/ in the workspace).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Only these formats (comma-separated): html, md, txt, json, jsonld, pdf.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "FORMATS")]
    pub only: Vec<OutputFormat>,
    /// Date that decides which filing periods are open (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<NaiveDate>,
    /// Threads for PDF compilation (default: all cores).
    #[arg(long, default_value_t = 0)]
    pub pdf_threads: usize,
    /// Print the build report as JSON on stdout.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn build(args: BuildArgs, color: bool) -> anyhow::Result<i32> {
    let start = std::time::Instant::now();
    let formats: BTreeSet<OutputFormat> = if args.only.is_empty() {
        OutputFormat::ALL.into_iter().collect()
    } else {
        args.only.into_iter().collect()
    };
    let out = args.out.unwrap_or_else(|| args.ws.dir.join("out"));
    let opts = BuildOptions {
        out: out.clone(),
        formats,
        as_of: args.as_of.unwrap_or_else(|| chrono::Local::now().date_naive()),
        pdf_threads: args.pdf_threads,
        progress: std::io::stderr().is_terminal(),
    };
    if let Some(fresh) = crate::build::fresh::fresh(&args.ws.dir, &opts, color) {
        for w in &fresh.warnings {
            eprintln!("{w}");
        }
        if args.format == Format::Json {
            println!("{}", serde_json::to_string_pretty(&fresh.report)?);
        }
        eprintln!(
            "{} is up to date: {} documents, {} files; sources, templates and options unchanged since the last build ({:.2}s)",
            out.display(),
            fresh.report.documents,
            fresh.report.unchanged,
            start.elapsed().as_secs_f64()
        );
        return Ok(0);
    }
    // Not freed: the process ends with the build, and freeing a large plan
    // piece by piece only delays the exit.
    let ws = std::mem::ManuallyDrop::new(crate::check(&args.ws.dir));
    let (errors, warnings) = super::check::report(&ws, Format::Text, color);
    if errors > 0 {
        eprintln!("{}", super::check::summary_line(&ws, errors, warnings));
        eprintln!("error: the build stopped: fix the errors above; nothing was written");
        return Ok(1);
    }
    match crate::build::build(&ws, &opts) {
        Ok(report) => {
            if args.format == Format::Json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            }
            eprintln!(
                "built {} documents into {} in {:.2}s: {} rendered ({} PDFs), {} unchanged; {} files written, {} unchanged, {} removed",
                report.documents,
                out.display(),
                start.elapsed().as_secs_f64(),
                report.rendered,
                report.pdfs,
                report.skipped,
                report.written,
                report.unchanged,
                report.removed
            );
            Ok(0)
        }
        Err(BuildError::Diagnostics(diags)) => {
            for d in &diags {
                eprintln!(
                    "{}",
                    crate::diag::render(d, &ws.sources, &ws.root, crate::diag::Style { color })
                );
            }
            eprintln!(
                "error: the build stopped ({} error{}); nothing was written",
                diags.len(),
                if diags.len() == 1 { "" } else { "s" }
            );
            Ok(1)
        }
        Err(BuildError::Io(e)) => Err(e),
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
        #[command(flatten)]
        ws: WorkspaceArg,
        /// Overwrite templates that already exist.
        #[arg(long)]
        force: bool,
    },
    /// List the built-in templates.
    List,
}

pub fn templates(args: TemplatesArgs) -> anyhow::Result<i32> {
    match args.command {
        TemplatesCommand::Eject { ws, force } => {
            let (written, skipped) = crate::render::templates::eject(&ws.dir, force)?;
            for w in &written {
                eprintln!("wrote {w}");
            }
            for s in &skipped {
                eprintln!("kept {s} (exists; use --force to overwrite)");
            }
            Ok(0)
        }
        TemplatesCommand::List => {
            for (name, _) in crate::render::templates::BUILTIN {
                println!("{name}");
            }
            Ok(0)
        }
    }
}
