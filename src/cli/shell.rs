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
