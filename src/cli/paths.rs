//! `classplan paths CLASS`: where people come from and where they can go.

use std::io::Write;

use clap::{Args, ValueEnum};

use super::{EXIT_OK, Globals, load_item, note_errors, out, print_notice, usage};
use crate::derive::career::Direction;

#[derive(Args, Debug)]
pub struct PathsArgs {
    /// The class, as `jurisdiction/code` (`classplan list` shows them).
    #[arg(value_name = "CLASS")]
    pub class: String,
    /// Only the classes whose experience leads to CLASS.
    #[arg(long, conflicts_with = "down")]
    pub up: bool,
    /// Only the classes CLASS's experience leads to.
    #[arg(long)]
    pub down: bool,
    /// At most this many steps from CLASS (default: all).
    #[arg(long, value_name = "N")]
    pub depth: Option<u32>,
    #[arg(long, value_enum, default_value_t = PathsFormat::Text)]
    pub format: PathsFormat,
    /// Load and parse the plan even when `out/.classplan-paths` holds its
    /// graph (or `out/.classplan-sources` its parsed sources), and keep
    /// nothing there.
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum PathsFormat {
    Text,
    Json,
    Dot,
    Graphml,
}

/// The report comes from the graph kept in `out/.classplan-paths` when no
/// source changed since it was kept (see `site::paths_cache`); else the
/// plan is loaded and checked, and its graph kept there for the next run.
pub fn paths(g: &Globals, args: PathsArgs) -> anyhow::Result<i32> {
    use crate::derive::paths::{Paths, class_paths, kept_class_paths};
    use crate::site::paths_cache;
    let dir = match (args.up, args.down) {
        (true, _) => Some(Direction::Up),
        (_, true) => Some(Direction::Down),
        _ => None,
    };
    let root = g.workspace(None);
    let out_dir = root.join("out");
    let kept = (!args.no_cache).then(|| paths_cache::read(&root, &out_dir)).flatten();
    let report = match kept {
        Some(kept) => {
            if g.verbose {
                print_notice(
                    g,
                    &format!(
                        "the plan's graph as kept in {} (no source changed since)",
                        out_dir.join(paths_cache::PATHS_CACHE).display()
                    ),
                );
            }
            note_errors(g, kept.errors);
            let paths = Paths::new(std::sync::Arc::new(kept.graph));
            kept_class_paths(&paths, &kept.classes, &args.class, dir, args.depth).map_err(usage)?
        }
        None => {
            let ws = load_item(g, !args.no_cache)?;
            let report = class_paths(&ws.plan, &args.class, dir, args.depth);
            if !args.no_cache {
                let errors = ws.diagnostics.iter().filter(|d| d.is_error()).count();
                let graph = crate::derive::career::CareerGraph::shared(&ws.plan, None, None);
                if let Err(e) = paths_cache::write(&ws, &out_dir, &graph, errors)
                    && g.verbose
                {
                    print_notice(g, &format!("note: the plan's graph was not kept: {e:#}"));
                }
            }
            report.map_err(usage)?
        }
    };
    let text = match args.format {
        PathsFormat::Text => crate::derive::paths::report_text(&report),
        PathsFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
        PathsFormat::Dot => crate::render::paths::dot(&report.classes, &report.edges),
        PathsFormat::Graphml => crate::render::paths::graphml(&report.classes, &report.edges),
    };
    let text = match args.format {
        PathsFormat::Text => crate::text::terminal_safe(&text, true).into_owned(),
        _ => text,
    };
    write!(out(), "{text}")?;
    Ok(EXIT_OK)
}
