//! `serve`.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use clap::Args;

use super::{EXIT_OK, Globals, print_notice};
use crate::serve::{Notice, ServeOptions};

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Workspace directory (same as -C).
    #[arg(value_name = "DIR")]
    pub workspace: Option<PathBuf>,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// Address to listen on (default: this machine only). Any other address
    /// lets other machines read the site.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Date that decides which filing periods are open (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Build into the workspace's out/ instead of a temporary directory.
    #[arg(long)]
    pub write: bool,
}

pub fn serve(g: &Globals, args: ServeArgs) -> anyhow::Result<i32> {
    let root = g.workspace(args.workspace.as_deref());
    let opts = ServeOptions {
        root: root.clone(),
        bind: args.bind,
        port: args.port,
        as_of: args.as_of.unwrap_or_else(super::today),
        write: args.write,
    };
    let feedback = match (g.quiet, g.verbose, std::io::stderr().is_terminal()) {
        (true, _, _) => crate::site::Feedback::Silent,
        (_, true, _) | (_, _, false) => crate::site::Feedback::Lines,
        (_, _, true) => crate::site::Feedback::Bar,
    };
    let g2 = g.clone();
    let open = args.open;
    let notice = Arc::new(move |n: Notice| match n {
        Notice::Listening { url, out, loopback } => {
            // The address goes to stdout (scripts read it); the rest to stderr.
            println!("serving {url}");
            print_notice(
                &g2,
                &format!(
                    "built into {} (removed when serve stops); Ctrl-C to stop",
                    out.display()
                ),
            );
            if !loopback {
                print_notice(
                    &g2,
                    "warning: listening beyond this machine (--bind): anyone who can reach this address can read the site",
                );
            }
            if open {
                let _ = open::that_detached(&url);
            }
        }
        Notice::Rebuilt {
            millis,
            changed,
            warnings,
        } => {
            let w = if warnings > 0 {
                format!(
                    ", {warnings} warning{} (classplan check shows them)",
                    if warnings == 1 { "" } else { "s" }
                )
            } else {
                String::new()
            };
            print_notice(
                &g2,
                &format!(
                    "rebuilt in {millis} ms: {changed} file{} changed{w}",
                    if changed == 1 { "" } else { "s" }
                ),
            );
        }
        Notice::Errors { ws, millis } => {
            let errors: Vec<_> = ws.diagnostics.iter().filter(|d| d.is_error()).cloned().collect();
            super::print_diagnostics(&g2, &ws.root, &errors, &ws.sources);
            print_notice(
                &g2,
                &format!(
                    "{} error{} ({millis} ms); the pages keep the last good build and show the errors",
                    errors.len(),
                    if errors.len() == 1 { "" } else { "s" }
                ),
            );
        }
        Notice::Failed { message } => print_notice(&g2, &format!("error: {message}")),
    });
    crate::serve::serve(&opts, feedback, notice)?;
    Ok(EXIT_OK)
}
