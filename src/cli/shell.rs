//! `completions` and `man`: the shell completion scripts and the manual
//! pages, generated from the same command definitions as `--help`
//! (clap_complete, clap_mangen), so they never drift from the commands.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, CommandFactory};

use super::{Cli, EXIT_OK, Globals, out, print_notice};

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Args, Debug)]
pub struct ManArgs {
    /// Write classplan.1 and a page per command (classplan-build.1, ...)
    /// into this directory instead of printing classplan.1.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Print the completion script for a shell, e.g.
/// `classplan completions bash > ~/.local/share/bash-completion/completions/classplan`.
pub fn completions(args: CompletionsArgs) -> anyhow::Result<i32> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "classplan", &mut buf);
    out().write_all(&buf)?;
    Ok(EXIT_OK)
}

/// Print the manual page (roff), or write every page into a directory.
pub fn man(g: &Globals, args: ManArgs) -> anyhow::Result<i32> {
    let cmd = Cli::command();
    let Some(dir) = args.out else {
        let mut buf = Vec::new();
        clap_mangen::Man::new(cmd).render(&mut buf)?;
        out().write_all(&buf)?;
        return Ok(EXIT_OK);
    };
    let mut pages: Vec<(String, Vec<u8>)> = Vec::new();
    let mut top = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut top)?;
    pages.push(("classplan.1".into(), top));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("classplan-{}", sub.get_name());
        let mut buf = Vec::new();
        let sub = sub
            .clone()
            .display_name(name.clone())
            .bin_name(format!("classplan {}", sub.get_name()));
        clap_mangen::Man::new(sub).title(name.clone()).render(&mut buf)?;
        pages.push((format!("{name}.1"), buf));
    }
    std::fs::create_dir_all(&dir)?;
    for (file, bytes) in pages {
        let path = dir.join(file);
        crate::write::write_atomic(&path, &bytes)?;
        print_notice(g, &format!("wrote {}", path.display()));
    }
    Ok(EXIT_OK)
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Where to create the workspace (default: the current directory).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The jurisdiction's id (a folder name: letters, digits, `-`).
    #[arg(long, default_value = "example-city")]
    pub jurisdiction: String,
    /// The jurisdiction's name as documents print it.
    #[arg(long, default_value = "City of Example")]
    pub name: String,
    /// The city or place of the jobs (default: the name without "City of").
    #[arg(long)]
    pub locality: Option<String>,
    /// State or region, e.g. CA.
    #[arg(long, default_value = "CA")]
    pub region: String,
    /// IANA time zone of the filing deadlines.
    #[arg(long, default_value = "America/Los_Angeles")]
    pub time_zone: String,
    /// Add the files to a directory that is not empty (never replacing one).
    #[arg(long)]
    pub force: bool,
}

/// `init`: a new workspace that passes `check` and builds.
pub fn init(g: &Globals, args: InitArgs) -> anyhow::Result<i32> {
    let dir = args.dir.clone().or(g.dir.clone()).unwrap_or_else(|| PathBuf::from("."));
    let locality = args.locality.clone().unwrap_or_else(|| {
        let n = args.name.trim();
        [
            "City and County of ",
            "City of ",
            "County of ",
            "Town of ",
            "Village of ",
        ]
        .iter()
        .find_map(|p| n.strip_prefix(p))
        .unwrap_or(n)
        .to_string()
    });
    let spec = crate::edit::scaffold::InitSpec {
        jurisdiction: &args.jurisdiction,
        name: &args.name,
        locality: &locality,
        region: &args.region,
        time_zone: &args.time_zone,
    };
    let (written, kept) = match crate::edit::scaffold::init(&dir, &spec, args.force) {
        Ok(r) => r,
        Err(e) => return Err(super::usage(e.to_string())),
    };
    for f in &written {
        print_notice(g, &format!("wrote {}", crate::text::terminal_safe(f, false)));
    }
    for f in &kept {
        print_notice(g, &format!("kept {} as it was", crate::text::terminal_safe(f, false)));
    }
    print_notice(
        g,
        &format!(
            "a workspace for {} is ready: `classplan check {d}` and `classplan build {d}`",
            crate::text::terminal_safe(&args.name, false),
            d = dir.display()
        ),
    );
    Ok(EXIT_OK)
}
