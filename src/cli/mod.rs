//! The command line: argument parsing (clap) and one function per
//! subcommand that calls the library and prints. Owns exit codes (0 ok,
//! 1 problems found, 2 usage) and terminal colour; holds no logic the
//! library should have.

mod bench;
mod build;
mod check;
mod compare;
mod publish;

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "classplan",
    version,
    about = "Check and compile a classification plan: class specs, competency models and job bulletins kept as TOML.",
    long_about = "Check and compile a classification plan.\n\nA workspace holds specs/<jurisdiction>/ (jurisdiction.toml, classes/, competency-bank.toml, competency-models/) and bulletins/. classplan checks the sources and compiles them into HTML, Markdown, PDF and JSON under out/.",
    after_help = "Run `classplan <command> --help` for a command's options.\nExit status: 0 success, 1 problems found, 2 usage error."
)]
pub struct Cli {
    /// When to colour terminal output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour a stream, honouring `NO_COLOR`.
    pub fn enabled(self, is_tty: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check every source and report all problems at once.
    Check(check::CheckArgs),
    /// List jurisdictions, classes and bulletins with the references other commands accept.
    List(check::ListArgs),
    /// Print or write the JSON Schemas of the source formats (for editor completion).
    Schema(check::SchemaArgs),
    /// Check, then compile every class spec and bulletin into out/ (HTML, Markdown, text, JSON, JSON-LD, PDF).
    Build(build::BuildArgs),
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
    /// Best-match table between two jurisdictions' plans.
    Crosswalk(compare::CrosswalkArgs),
    /// Generate a deterministic, realistic plan of any size for benchmarks.
    BenchCorpus(bench::CorpusArgs),
    /// Time `diff` and `match` in-process on a workspace (for bench/run).
    #[command(hide = true)]
    BenchQueries(bench::QueriesArgs),
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
}

/// The workspace directory argument shared by commands.
#[derive(clap::Args, Debug, Clone)]
pub struct WorkspaceArg {
    /// Workspace directory (holds specs/ and bulletins/).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

/// Parse arguments, run, and return the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let color = cli.color.enabled(std::io::stderr().is_terminal());
    let result = match cli.command {
        Command::Check(args) => check::check(args, color),
        Command::List(args) => check::list(args),
        Command::Schema(args) => check::schema(args),
        Command::Build(args) => build::build(args, color),
        Command::Templates(args) => build::templates(args),
        Command::Screen(args) => publish::screen(args),
        Command::Period(args) => publish::period(args),
        Command::New(args) => publish::new(args),
        Command::Diff(args) => compare::diff(args, cli.color.enabled(std::io::stdout().is_terminal())),
        Command::Compare(args) => compare::compare_many(args),
        Command::Match(args) => compare::matches(args),
        Command::Crosswalk(args) => compare::crosswalk_cmd(args),
        Command::BenchCorpus(args) => bench::corpus(args),
        Command::BenchQueries(args) => bench::queries(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            1
        }
    }
}
