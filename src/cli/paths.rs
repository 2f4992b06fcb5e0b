//! `classplan paths CLASS`: where people come from and where they can go.

use std::io::Write;

use clap::{Args, ValueEnum};

use super::{EXIT_OK, Globals, load_for_item, out, usage};
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
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum PathsFormat {
    Text,
    Json,
    Dot,
    Graphml,
}

pub fn paths(g: &Globals, args: PathsArgs) -> anyhow::Result<i32> {
    let ws = load_for_item(g)?;
    let dir = match (args.up, args.down) {
        (true, _) => Some(Direction::Up),
        (_, true) => Some(Direction::Down),
        _ => None,
    };
    let report = crate::derive::paths::class_paths(&ws.plan, &args.class, dir, args.depth).map_err(usage)?;
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
