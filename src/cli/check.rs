//! `check`, `list` and `schema`.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{EXIT_FOUND, EXIT_OK, EXIT_USAGE, Globals, out, print_notice};
use crate::load::Workspace;
use crate::schema::SourceKind;

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq, Default)]
pub enum CheckFormat {
    /// rustc-style diagnostics with the source line.
    #[default]
    Text,
    /// One line per diagnostic: `file:line:col: severity[rule]: message`.
    Short,
    /// A `classplan/check/1` report on stdout.
    Json,
}

/// What `check` and `lint` share: the workspace and how diagnostics are
/// reported.
#[derive(Args, Debug)]
pub struct Reporting {
    /// Workspace directory (same as -C).
    #[arg(value_name = "DIR")]
    pub workspace: Option<PathBuf>,
    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Treat warnings as errors (`--deny warnings`).
    #[arg(long, value_name = "LEVEL", value_parser = ["warnings"])]
    pub deny: Option<String>,
}

impl Reporting {
    /// The exit status for these counts: errors, or warnings when denied.
    pub fn status(&self, errors: usize, warnings: usize) -> i32 {
        if errors > 0 || (self.deny.is_some() && warnings > 0) {
            EXIT_FOUND
        } else {
            EXIT_OK
        }
    }
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub reporting: Reporting,
    /// Run the lint rules too (`classplan lint` without its report and fixes), for CI in one pass.
    #[arg(long)]
    pub lint: bool,
}

/// Print a workspace's diagnostics in `format`; returns (errors, warnings).
pub fn report(g: &Globals, ws: &Workspace, format: CheckFormat) -> anyhow::Result<(usize, usize)> {
    let errors = ws.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = ws.diagnostics.len() - errors;
    let opts = g.render_options(&ws.root);
    match format {
        CheckFormat::Text => super::print_diagnostics(g, &ws.root, &ws.diagnostics, &ws.sources),
        CheckFormat::Short => {
            let mut err = std::io::stderr().lock();
            for d in &ws.diagnostics {
                let _ = writeln!(err, "{}", crate::diag::short(d, &ws.sources, &opts));
            }
        }
        CheckFormat::Json => {
            let r = crate::diag::CheckReport::new(&ws.diagnostics, &ws.sources, ws.source_count());
            writeln!(out(), "{}", serde_json::to_string_pretty(&r)?)?;
        }
    }
    Ok((errors, warnings))
}

pub fn summary_line(ws: &Workspace, errors: usize, warnings: usize) -> String {
    crate::diag::summary(ws.source_count(), errors, warnings)
}

pub fn check(g: &Globals, args: CheckArgs) -> anyhow::Result<i32> {
    let r = &args.reporting;
    let root = g.workspace(r.workspace.as_deref());
    let ws = if args.lint {
        crate::check_and_lint(&root).0
    } else {
        // The parsed sources the workspace's last build kept (read only:
        // `check` writes nothing).
        super::with_kept(g, &root, crate::check_kept)
    };
    let (errors, warnings) = report(g, &ws, r.format)?;
    if r.format != CheckFormat::Json {
        print_notice(g, &summary_line(&ws, errors, warnings));
    }
    // The process ends here: freeing a large plan piece by piece only
    // delays the exit (~5 % of `check` on 10,000 classes).
    std::mem::forget(ws);
    Ok(r.status(errors, warnings))
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq, Default)]
pub enum ListFormat {
    #[default]
    Text,
    Json,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Workspace directory (same as -C).
    #[arg(value_name = "DIR")]
    pub workspace: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
    /// List the corrections of official wording instead (where each is
    /// declared, what it means and how the documents print it).
    #[arg(long)]
    pub errata: bool,
}

pub fn list(g: &Globals, args: ListArgs) -> anyhow::Result<i32> {
    let ws = crate::check_sources(&g.workspace(args.workspace.as_deref()));
    let mut o = out();
    if args.errata {
        let errata = crate::derive::inventory::errata(&ws.plan, &ws.sources);
        match args.format {
            ListFormat::Json => writeln!(o, "{}", serde_json::to_string_pretty(&errata)?)?,
            ListFormat::Text => write!(o, "{}", crate::derive::inventory::errata_text(&errata))?,
        }
        return Ok(EXIT_OK);
    }
    let listing = crate::derive::inventory::listing(&ws.plan);
    match args.format {
        ListFormat::Json => writeln!(o, "{}", serde_json::to_string_pretty(&listing)?)?,
        ListFormat::Text => write!(o, "{}", crate::derive::inventory::listing_text(&listing))?,
    }
    let errors = ws.diagnostics.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        print_notice(
            g,
            &format!("note: the workspace has {errors} error(s); run `classplan check` for details"),
        );
    }
    Ok(EXIT_OK)
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum SchemaKind {
    Jurisdiction,
    Class,
    CompetencyBank,
    CompetencyModel,
    Bulletin,
    Series,
    Questions,
}

#[derive(Args, Debug)]
pub struct SchemaArgs {
    /// Which schema to print.
    #[arg(value_enum)]
    pub kind: Option<SchemaKind>,
    /// Write every schema as <kind>.schema.json into this directory instead of printing.
    #[arg(long, value_name = "DIR", conflicts_with = "kind")]
    pub out: Option<PathBuf>,
}

pub fn schema(g: &Globals, args: SchemaArgs) -> anyhow::Result<i32> {
    if let Some(dir) = args.out {
        for (file, text) in crate::schema_files() {
            let path = dir.join(file);
            crate::write::write_atomic(&path, text.as_bytes())?;
            print_notice(g, &format!("wrote {}", path.display()));
        }
        return Ok(EXIT_OK);
    }
    let text = match args.kind {
        Some(SchemaKind::Jurisdiction) => crate::schema::text(SourceKind::Jurisdiction),
        Some(SchemaKind::Class) => crate::schema::text(SourceKind::Class),
        Some(SchemaKind::CompetencyBank) => crate::schema::text(SourceKind::CompetencyBank),
        Some(SchemaKind::CompetencyModel) => crate::schema::text(SourceKind::CompetencyModel),
        Some(SchemaKind::Bulletin) => crate::schema::text(SourceKind::Bulletin),
        Some(SchemaKind::Series) => crate::schema::text(SourceKind::Series),
        Some(SchemaKind::Questions) => crate::render::questions::schema_text(),
        None => {
            print_notice(
                g,
                "error: name a schema (jurisdiction, class, competency-bank, competency-model, bulletin, questions) or use --out DIR",
            );
            return Ok(EXIT_USAGE);
        }
    };
    write!(out(), "{text}")?;
    Ok(EXIT_OK)
}
