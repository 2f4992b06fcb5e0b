//! The command line: argument parsing (clap), one function per subcommand
//! that calls one library function and prints, exit codes and terminal
//! colour. Holds no logic the library should have.
//!
//! Conventions shared by every command:
//! - exit status 0: success (clean, identical, qualifies); 1: the command
//!   found something (errors in sources, differences, does not qualify);
//!   2: it could not do its job (usage, I/O, unknown reference, bad input
//!   file);
//! - the workspace is `-C DIR` (any command; whole-workspace commands also
//!   take it as their argument), else the nearest directory upward from
//!   the current one with `specs/` or `bulletins/`;
//! - `--format` accepts only what the command supports (clap lists them);
//!   JSON output carries a versioned `schema` field;
//! - a closed pipe on stdout ends the command quietly with status 0.

mod bench;
mod build;
mod check;
mod compare;
mod exchange;
mod lint;
mod paths;
mod publish;
mod serve;
mod shell;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::diag::{Diagnostic, RenderOptions, Sources};

pub const EXIT_OK: i32 = 0;
pub const EXIT_FOUND: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

/// The Typst version the PDFs are made with (Cargo.toml pins it with
/// `=`; `tests/shell.rs` checks this against Cargo.lock).
pub const TYPST_VERSION: &str = "0.15.1";

/// `classplan --version`: classplan's version and the embedded Typst's.
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (typst 0.15.1)");

#[derive(Parser, Debug)]
#[command(
    name = "classplan",
    version = VERSION,
    about = "Check and compile a classification plan: class specs, competency models and job bulletins kept as TOML.",
    long_about = "Check and compile a classification plan.\n\nA workspace holds specs/<jurisdiction>/ (jurisdiction.toml, classes/, competency-bank.toml, competency-models/) and bulletins/. classplan checks the sources and compiles them into HTML, Markdown, PDF and JSON under out/.",
    after_help = "Run `classplan <command> --help` for a command's options.\nExit status: 0 success, 1 something found (errors, differences, does not qualify), 2 could not run (usage, I/O, unknown reference)."
)]
pub struct Cli {
    /// When to colour terminal output (`NO_COLOR` is honoured).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// The workspace directory (default: the nearest one upward from here
    /// with specs/ or bulletins/).
    #[arg(short = 'C', long = "dir", global = true, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Print only problems and results: no notices, no progress (import:
    /// the totals without the findings).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Say what a long command is doing, phase by phase, even on a terminal.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check every source and report all problems at once.
    Check(check::CheckArgs),
    /// Lint the words: plain language, coded wording, degree-only requirements, pay transparency, spelling (and everything `check` checks).
    Lint(lint::LintArgs),
    /// Explain a rule: what it checks, why, an example that fires and its fix.
    Explain(lint::ExplainArgs),
    /// List jurisdictions, classes and bulletins with the references other commands accept.
    List(check::ListArgs),
    /// Print or write the JSON Schemas of the source formats (for editor completion).
    Schema(check::SchemaArgs),
    /// Check, then compile every class spec and bulletin into out/ (HTML, Markdown, text, JSON, JSON-LD, PDF).
    Build(build::BuildArgs),
    /// Serve the site on this machine while you edit: pages reload when their sources change, and errors show in the browser.
    Serve(serve::ServeArgs),
    /// Work with the built-in templates.
    Templates(build::TemplatesArgs),
    /// Screen one applicant's questionnaire answers against a bulletin's requirements.
    Screen(publish::ScreenArgs),
    /// Add, roll forward or list a bulletin's filing periods (edits the TOML in place, keeping comments).
    Period(publish::PeriodArgs),
    /// Write a new class spec or bulletin source that passes `check`.
    New(publish::NewArgs),
    /// Show how two classes differ (also a class at an earlier git revision, or a bulletin vs its class spec).
    Diff(compare::DiffArgs),
    /// Compare several classes side by side (pay, experience, education, duty similarity).
    Compare(compare::CompareArgs),
    /// Rank classes of other jurisdictions by similarity to a class.
    Match(compare::MatchArgs),
    /// Career paths of a class: the classes whose experience qualifies for it (--up) and those it qualifies for (--down), with routes, months and the quickest way in from an entry-level class.
    Paths(paths::PathsArgs),
    /// Best-match table between two jurisdictions' plans.
    Crosswalk(compare::CrosswalkArgs),
    /// Read published plain-text bulletins into the workspace (class specs and bulletins, with provenance).
    Import(exchange::ImportArgs),
    /// Write the plan as a table: the City of Los Angeles' 2019 competition CSV, or the class inventory (CSV or JSON).
    Export(exchange::ExportArgs),
    /// Generate a deterministic, realistic plan of any size for benchmarks.
    BenchCorpus(bench::CorpusArgs),
    /// Create a new workspace that passes `check` and builds.
    Init(shell::InitArgs),
    /// Print the completion script for a shell (bash, zsh, fish, powershell, elvish).
    Completions(shell::CompletionsArgs),
    /// Print the manual page, or write a page per command with --out DIR.
    Man(shell::ManArgs),
    /// Time `diff`, `match` and career paths in-process on a workspace (for bench/run).
    #[command(hide = true)]
    BenchQueries(bench::QueriesArgs),
}

/// Options every command sees.
#[derive(Debug, Clone)]
pub struct Globals {
    pub dir: Option<PathBuf>,
    /// Colour on stdout / stderr (after `--color`, `NO_COLOR` and whether
    /// each is a terminal).
    pub color_out: bool,
    pub color_err: bool,
    /// `--quiet`: notices and progress are not printed.
    pub quiet: bool,
    /// `--verbose`: phase lines even on a terminal.
    pub verbose: bool,
}

impl Globals {
    /// The workspace: `positional` or `-C`, else found upward from the
    /// current directory.
    pub fn workspace(&self, positional: Option<&Path>) -> PathBuf {
        if let Some(p) = positional.or(self.dir.as_deref()) {
            return p.to_path_buf();
        }
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        crate::load::find_root(&cwd)
            .map(|root| relative_to(&root, &cwd))
            .unwrap_or_else(|| PathBuf::from("."))
    }

    /// How diagnostics are rendered on stderr for a workspace at `root`.
    pub fn render_options(&self, root: &Path) -> RenderOptions {
        let base = if root == Path::new(".") {
            PathBuf::new()
        } else {
            root.strip_prefix("./").unwrap_or(root).to_path_buf()
        };
        RenderOptions {
            color: self.color_err,
            base,
        }
    }
}

/// `path` relative to `from` when it is inside it ("." when equal), else as is.
fn relative_to(path: &Path, from: &Path) -> PathBuf {
    match path.strip_prefix(from) {
        Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rel) => rel.to_path_buf(),
        Err(_) => {
            // Upward: count the levels between `from` and `path`.
            let mut up = PathBuf::new();
            let mut cur = from;
            while let Some(parent) = cur.parent() {
                up.push("..");
                if parent == path {
                    return up;
                }
                cur = parent;
            }
            path.to_path_buf()
        }
    }
}

/// Stdout, stripping colour when it is off.
pub fn out() -> anstream::AutoStream<std::io::StdoutLock<'static>> {
    anstream::AutoStream::new(std::io::stdout().lock(), anstream::ColorChoice::global())
}

/// Print a line on stderr (notices, summaries); a failure to write there
/// is not worth failing the command for.
pub fn print_notice(g: &Globals, line: &str) {
    if g.quiet {
        return;
    }
    let mut err = anstream::AutoStream::new(std::io::stderr().lock(), anstream::ColorChoice::global());
    let _ = writeln!(err, "{line}");
}

/// Load the workspace at `root` with `load`, taking the parsed sources its
/// last build kept in its `out/` (read only: nothing is written).
pub fn with_kept(
    g: &Globals,
    root: &Path,
    load: impl FnOnce(&Path, &mut crate::load::Kept) -> crate::load::Workspace,
) -> crate::load::Workspace {
    let out = root.join("out");
    let mut kept = crate::site::kept_sources::open(root, &out).read_only();
    let ws = load(root, &mut kept);
    note_kept(g, &ws, &kept, &out);
    ws
}

/// With `--verbose`, say how many of `ws`'s sources a load took from the
/// parsed sources a build kept (`kept`) instead of parsing them.
pub fn note_kept(g: &Globals, ws: &crate::load::Workspace, kept: &crate::load::Kept, out: &Path) {
    if g.verbose {
        let n = ws.source_count();
        let used = kept.used();
        print_notice(
            g,
            &format!(
                "parsed {} of {n} source{}; {used} taken as kept in {}",
                n - used.min(n),
                if n == 1 { "" } else { "s" },
                out.join(crate::site::kept_sources::KEPT_SOURCES).display()
            ),
        );
    }
}

/// Print diagnostics of the workspace at `root` on stderr, rustc-style.
pub fn print_diagnostics(g: &Globals, root: &Path, diags: &[Diagnostic], sources: &Sources) {
    let opts = g.render_options(root);
    let mut err = anstream::AutoStream::new(std::io::stderr().lock(), anstream::ColorChoice::global());
    for d in diags {
        let _ = write!(err, "{}", crate::diag::render(d, sources, &opts));
    }
}

/// An error that means "could not do the job" (exit status 2).
pub fn usage(msg: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!("{msg}")
}

/// Today in the machine's time zone: the default of `--as-of`, the only
/// place classplan reads the clock.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// A `YYYY-MM-DD` argument within the dates classplan accepts.
pub fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    let d = chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date like 2027-04-27"))?;
    crate::model::common::check_date_range(d)
}

/// Load a workspace's sources for a command about one item (`diff`,
/// `screen`, `period`, `new`, ...): errors in other files do not stop it;
/// they are summed up in a one-line notice.
pub fn load_for_item(g: &Globals) -> anyhow::Result<crate::load::Workspace> {
    load_item(g, true)
}

/// [`load_for_item`]; with `kept`, sources whose text the last build kept
/// parsed in the workspace's `out/` are taken from there (read only).
pub fn load_item(g: &Globals, kept: bool) -> anyhow::Result<crate::load::Workspace> {
    let root = g.workspace(None);
    let ws = if kept {
        with_kept(g, &root, crate::check_sources_kept)
    } else {
        crate::check_sources(&root)
    };
    if ws.plan.jurisdictions.is_empty() && ws.plan.bulletins.is_empty() {
        return Err(usage(format!(
            "no workspace at {} (a workspace has specs/<jurisdiction>/jurisdiction.toml and bulletins/; use -C DIR)",
            root.display()
        )));
    }
    note_errors(g, ws.diagnostics.iter().filter(|d| d.is_error()).count());
    Ok(ws)
}

/// Say that the workspace has `errors` errors (when it has any).
pub fn note_errors(g: &Globals, errors: usize) {
    if errors > 0 {
        print_notice(
            g,
            &format!(
                "note: the workspace has {errors} error{} elsewhere; run `classplan check` for details",
                if errors == 1 { "" } else { "s" }
            ),
        );
    }
}

/// Parse arguments, run, and return the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    let choice = match cli.color {
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
        ColorChoice::Auto => anstream::ColorChoice::Auto,
    };
    choice.write_global();
    let enabled = |tty: bool| match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let g = Globals {
        dir: cli.dir.clone(),
        color_out: enabled(std::io::stdout().is_terminal()),
        color_err: enabled(std::io::stderr().is_terminal()),
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    let result = match cli.command {
        Command::Check(args) => check::check(&g, args),
        Command::List(args) => check::list(&g, args),
        Command::Lint(args) => lint::lint(&g, args),
        Command::Explain(args) => lint::explain(&g, args),
        Command::Paths(args) => paths::paths(&g, args),
        Command::Schema(args) => check::schema(&g, args),
        Command::Build(args) => build::build(&g, args),
        Command::Templates(args) => build::templates(&g, args),
        Command::Serve(args) => serve::serve(&g, args),
        Command::Screen(args) => publish::screen(&g, args),
        Command::Period(args) => publish::period(&g, args),
        Command::New(args) => publish::new(&g, args),
        Command::Diff(args) => compare::diff(&g, args),
        Command::Compare(args) => compare::compare_many(&g, args),
        Command::Match(args) => compare::matches(&g, args),
        Command::Crosswalk(args) => compare::crosswalk_cmd(&g, args),
        Command::Import(args) => exchange::import(&g, args),
        Command::Export(args) => exchange::export(&g, args),
        Command::BenchCorpus(args) => bench::corpus(args),
        Command::Init(args) => shell::init(&g, args),
        Command::Completions(args) => shell::completions(args),
        Command::Man(args) => shell::man(&g, args),
        Command::BenchQueries(args) => bench::queries(&g, args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // A reader that went away (`classplan list | head -1`) is not an
            // error: stop quietly, as ripgrep does.
            let closed = e
                .chain()
                .filter_map(|c| c.downcast_ref::<std::io::Error>())
                .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe);
            if closed {
                return EXIT_OK;
            }
            print_notice(
                &g,
                &format!("error: {}", crate::text::terminal_safe(&format!("{e:#}"), true)),
            );
            EXIT_USAGE
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn arguments_are_consistent() {
        // Duplicate argument ids (a command's own `dir` shadowing the global
        // `-C/--dir`) and other mistakes clap only finds at run time.
        super::Cli::command().debug_assert();
    }

    #[test]
    fn the_workspace_option_reaches_every_command() {
        for args in [
            &["classplan", "check", "-C", "x"][..],
            &["classplan", "-C", "x", "list"],
            &["classplan", "bench-queries", "-C", "x"],
            &["classplan", "diff", "a/1", "b/2", "-C", "x"],
        ] {
            let cli = <super::Cli as clap::Parser>::try_parse_from(args).unwrap();
            assert_eq!(cli.dir.as_deref(), Some(std::path::Path::new("x")), "{args:?}");
        }
    }
}
