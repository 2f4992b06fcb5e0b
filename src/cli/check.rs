//! `check`, `list` and `schema`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use serde::Serialize;

use super::{Format, WorkspaceArg};
use crate::diag::{self, Severity, Style};
use crate::load::Workspace;
use crate::schema::SourceKind;

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub ws: WorkspaceArg,
    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Treat warnings as errors (`--deny warnings`).
    #[arg(long, value_name = "LEVEL", value_parser = ["warnings"])]
    pub deny: Option<String>,
}

/// Print a workspace's diagnostics; returns (errors, warnings).
pub fn report(ws: &Workspace, format: Format, color: bool) -> (usize, usize) {
    let errors = ws.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = ws.diagnostics.len() - errors;
    match format {
        Format::Text => {
            let mut err = std::io::stderr().lock();
            for d in &ws.diagnostics {
                let _ = writeln!(err, "{}", diag::render(d, &ws.sources, &ws.root, Style { color }));
            }
        }
        Format::Json => {
            #[derive(Serialize)]
            struct Report<'a> {
                errors: usize,
                warnings: usize,
                files: usize,
                diagnostics: Vec<diag::JsonDiagnostic>,
                #[serde(skip)]
                _p: std::marker::PhantomData<&'a ()>,
            }
            let r = Report {
                errors,
                warnings,
                files: ws.sources.iter().count(),
                diagnostics: ws.diagnostics.iter().map(|d| diag::to_json(d, &ws.sources)).collect(),
                _p: Default::default(),
            };
            println!("{}", serde_json::to_string_pretty(&r).unwrap_or_default());
        }
    }
    (errors, warnings)
}

pub fn summary_line(ws: &Workspace, errors: usize, warnings: usize) -> String {
    diag::summary(ws.sources.iter().count(), errors, warnings)
}

pub fn check(args: CheckArgs, color: bool) -> anyhow::Result<i32> {
    let ws = crate::check(&args.ws.dir);
    let (errors, warnings) = report(&ws, args.format, color);
    if args.format == Format::Text {
        eprintln!("{}", summary_line(&ws, errors, warnings));
    }
    let deny = args.deny.is_some();
    // The process ends here: freeing a large plan piece by piece only
    // delays the exit (~5 % of `check` on 10,000 classes).
    std::mem::forget(ws);
    Ok(if errors > 0 || (deny && warnings > 0) { 1 } else { 0 })
}

#[derive(Args, Debug)]
pub struct ListArgs {
    #[command(flatten)]
    pub ws: WorkspaceArg,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Serialize)]
struct ListJurisdiction {
    id: String,
    name: String,
    path: String,
    classes: Vec<ListClass>,
}

#[derive(Serialize)]
struct ListClass {
    reference: String,
    code: String,
    title: String,
    status: &'static str,
    series: Option<String>,
    path: String,
    competency_model: bool,
}

#[derive(Serialize)]
struct ListBulletin {
    reference: String,
    class: String,
    job_number: String,
    periods: usize,
    path: String,
}

#[derive(Serialize)]
struct Listing {
    jurisdictions: Vec<ListJurisdiction>,
    bulletins: Vec<ListBulletin>,
}

pub fn list(args: ListArgs) -> anyhow::Result<i32> {
    let ws = crate::check(&args.ws.dir);
    let plan = &ws.plan;
    let listing = Listing {
        jurisdictions: plan
            .jurisdictions
            .values()
            .map(|j| {
                let mut classes: Vec<ListClass> = j
                    .classes
                    .iter()
                    .map(|c| ListClass {
                        reference: format!("{}/{}", j.id(), *c.code),
                        code: c.code.value.clone(),
                        title: c.title.value.clone(),
                        status: match c.status.state {
                            crate::model::class::State::Active => "active",
                            crate::model::class::State::Abolished => "abolished",
                        },
                        series: c.series.as_ref().map(|s| s.name.clone()),
                        path: c.path.clone(),
                        competency_model: j.model_for(&c.code).is_some(),
                    })
                    .collect();
                classes.sort_by(|a, b| a.code.cmp(&b.code));
                ListJurisdiction {
                    id: j.id().to_string(),
                    name: j.def.name.clone(),
                    path: j.def.path.clone(),
                    classes,
                }
            })
            .collect(),
        bulletins: plan
            .bulletins
            .iter()
            .map(|(id, b)| ListBulletin {
                reference: id.clone(),
                class: b.class.value.clone(),
                job_number: b.job_number.value.clone(),
                periods: b.periods.len(),
                path: b.path.clone(),
            })
            .collect(),
    };
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&listing)?),
        Format::Text => {
            let mut out = std::io::stdout().lock();
            for j in &listing.jurisdictions {
                writeln!(out, "{}  {}", j.id, j.name)?;
                for c in &j.classes {
                    let status = if c.status == "active" {
                        String::new()
                    } else {
                        format!(" ({})", c.status)
                    };
                    writeln!(out, "  {:<20} {}{status}", c.reference, c.title)?;
                }
            }
            if !listing.bulletins.is_empty() {
                writeln!(out, "bulletins")?;
                for b in &listing.bulletins {
                    writeln!(
                        out,
                        "  {:<20} {} (job {}, {} filing period{})",
                        b.reference,
                        b.class,
                        b.job_number,
                        b.periods,
                        if b.periods == 1 { "" } else { "s" }
                    )?;
                }
            }
        }
    }
    let errors = ws.diagnostics.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        eprintln!("note: the workspace has {errors} error(s); run `classplan check` for details");
    }
    Ok(0)
}

#[derive(Args, Debug)]
pub struct SchemaArgs {
    /// Which schema to print: jurisdiction, class, competency-bank, competency-model or bulletin.
    #[arg(value_parser = ["jurisdiction", "class", "competency-bank", "competency-model", "bulletin"])]
    pub kind: Option<String>,
    /// Write every schema as <kind>.schema.json into this directory instead of printing.
    #[arg(long, value_name = "DIR", conflicts_with = "kind")]
    pub out: Option<PathBuf>,
}

pub fn schema(args: SchemaArgs) -> anyhow::Result<i32> {
    if let Some(dir) = args.out {
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        for kind in SourceKind::ALL {
            let path = dir.join(kind.schema_file());
            let text = serde_json::to_string_pretty(kind.schema())? + "\n";
            crate::write::write_atomic(&path, text.as_bytes())?;
            eprintln!("wrote {}", path.display());
        }
        return Ok(0);
    }
    let kind = match args.kind.as_deref() {
        Some("jurisdiction") => SourceKind::Jurisdiction,
        Some("competency-bank") => SourceKind::CompetencyBank,
        Some("competency-model") => SourceKind::CompetencyModel,
        Some("bulletin") => SourceKind::Bulletin,
        Some("class") => SourceKind::Class,
        _ => {
            eprintln!(
                "error: name a schema (jurisdiction, class, competency-bank, competency-model, bulletin) or use --out DIR"
            );
            return Ok(2);
        }
    };
    println!("{}", serde_json::to_string_pretty(kind.schema())?);
    Ok(0)
}
