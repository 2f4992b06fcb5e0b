//! `lint` and `explain`.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::check::{CheckFormat, Reporting, report, summary_line};
use super::{EXIT_OK, EXIT_USAGE, Globals, out, print_notice, usage};
use crate::rules::Rule;

#[derive(Args, Debug)]
pub struct LintArgs {
    #[command(flatten)]
    pub reporting: Reporting,
    /// Also write the plan-wide report: OUT/lint/index.html and OUT/lint/lint.json.
    #[arg(long)]
    pub report: bool,
    /// Output directory of the report (default: out/ in the workspace).
    #[arg(long, value_name = "DIR", requires = "report")]
    pub out: Option<PathBuf>,
    /// Apply the mechanical, lossless rewrites (capitals to sentence case)
    /// to the sources and print the diff.
    #[arg(long)]
    pub fix: bool,
    /// With --fix: print the diff, change nothing.
    #[arg(long, requires = "fix")]
    pub dry_run: bool,
    /// Print, as JSON lines, each document's measured text and grade
    /// (what bench/textstat-compare checks against Python's textstat).
    #[arg(long, hide = true)]
    pub measured_text: bool,
}

pub fn lint(g: &Globals, args: LintArgs) -> anyhow::Result<i32> {
    let root = g.workspace(args.reporting.workspace.as_deref());
    let (ws, outcome) = crate::check_and_lint(&root);
    if ws.plan.jurisdictions.is_empty() && ws.plan.bulletins.is_empty() && ws.source_count() == 0 {
        return Err(usage(format!(
            "no workspace at {} (a workspace has specs/<jurisdiction>/jurisdiction.toml and bulletins/; use -C DIR)",
            root.display()
        )));
    }
    if args.fix {
        let changes = crate::edit::lint_fix::apply(&ws, &outcome.fixes, args.dry_run)?;
        let mut o = out();
        for c in &changes {
            write!(o, "{}", crate::edit::diff(&c.path, &c.old, &c.new))?;
        }
        let n: usize = outcome.fixes.len();
        let verb = if args.dry_run { "would fix" } else { "fixed" };
        print_notice(
            g,
            &format!(
                "{verb} {} in {}",
                crate::text::count(n, "finding"),
                crate::text::count(changes.len(), "file")
            ),
        );
        if !args.dry_run {
            // Report what is left, as it now stands.
            return lint(
                g,
                LintArgs {
                    fix: false,
                    dry_run: false,
                    ..args
                },
            );
        }
        return Ok(EXIT_OK);
    }
    if args.measured_text {
        let mut o = out();
        for d in &outcome.report.documents {
            let line = serde_json::json!({"id": d.id, "grade": d.grade, "counts": d.counts, "text": d.measured});
            writeln!(o, "{line}")?;
        }
        return Ok(EXIT_OK);
    }
    let (errors, warnings) = report(g, &ws, args.reporting.format)?;
    if args.report {
        let dir = args.out.clone().unwrap_or_else(|| ws.root.join("out"));
        let written = crate::site::write_lint_report(&ws, &outcome.report, &dir)?;
        print_notice(g, &format!("wrote {}", written.display()));
    }
    if args.reporting.format != CheckFormat::Json {
        let s = &outcome.report.summary;
        if let Some(m) = s.grade_median {
            print_notice(
                g,
                &format!(
                    "{} documents: median grade {m:.1}; {} with masculine-leaning wording; {} degree-only",
                    s.documents,
                    s.masculine_leaning,
                    s.degree_only.len()
                ),
            );
        }
        print_notice(g, &summary_line(&ws, errors, warnings));
    }
    std::mem::forget(ws);
    Ok(args.reporting.status(errors, warnings))
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A rule id (CP0100) or name (readability); none lists every rule.
    pub rule: Option<String>,
}

pub fn explain(_g: &Globals, args: ExplainArgs) -> anyhow::Result<i32> {
    let mut o = out();
    let Some(key) = args.rule else {
        for r in Rule::ALL {
            writeln!(
                o,
                "{} {:<24} {:<7} {:<5} {}",
                r.id(),
                r.name(),
                r.severity().as_str(),
                if r.is_lint() { "lint" } else { "check" },
                r.summary()
            )?;
        }
        return Ok(EXIT_OK);
    };
    let Some(rule) = Rule::find(&key) else {
        let names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
        let hint = crate::diag::did_you_mean(&key, names.iter().copied())
            .map(|m| format!(" (did you mean `{m}`?)"))
            .unwrap_or_default();
        writeln!(
            std::io::stderr(),
            "error: `{key}` is not a rule{hint}; `classplan explain` lists them"
        )?;
        return Ok(EXIT_USAGE);
    };
    write!(o, "{}", crate::rules::explain::text(rule))?;
    Ok(EXIT_OK)
}
