//! classplan: a compiler for a public employer's classification plan.
//!
//! # Steps
//! 1. [`load`] finds and parses the TOML sources into the [`model`], with spans.
//! 2. [`validate`] checks the plan as a whole (references, dates, pay, ...).
//! 3. `render` turns the model into documents; `compare` diffs classes.
//!
//! Every stage returns its value plus all [`diag::Diagnostic`]s it found.

pub mod build;
pub mod cli;
pub mod compare;
pub mod corpus;
pub mod derive;
pub mod diag;
pub mod edit;
pub mod load;
pub mod model;
pub mod render;
pub mod rules;
pub mod schema;
pub mod validate;
pub mod write;

/// Load and validate a workspace: the plan plus every diagnostic, sorted.
pub fn check(root: &std::path::Path) -> load::Workspace {
    let mut ws = load::load(root);
    let more = validate::validate(&ws.plan);
    ws.diagnostics.extend(more);
    // Template overrides are sources too: a broken one is reported here.
    let jurisdictions: Vec<String> = ws.plan.jurisdictions.keys().cloned().collect();
    match render::templates::Templates::load(root, &jurisdictions) {
        Err(diags) => ws.diagnostics.extend(diags),
        // Overrides that parse can still fail on real data (an include of a
        // template that does not exist, a missing variable): try them.
        Ok(t) if t.has_overrides() && !ws.has_errors() => ws.diagnostics.extend(build::trial_render(&ws.plan, &t)),
        Ok(_) => {}
    }
    diag::sort(&mut ws.diagnostics, &ws.sources);
    ws.diagnostics.dedup();
    ws
}
