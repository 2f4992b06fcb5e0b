//! classplan: a compiler for a public employer's classification plan.
//!
//! # Steps
//! 1. [`load`] finds and parses the TOML sources into the [`model`], with spans.
//! 2. [`validate`] checks the plan as a whole (references, dates, pay, ...).
//! 3. [`derive`] computes every phrase and number the documents state.
//! 4. [`render`] turns views of the model into documents, one renderer per file kind.
//! 5. [`site`] writes them into the output directory, incrementally.
//!
//! Beside the pipeline: [`compare`] (diff, compare, match, crosswalk),
//! [`edit`] (commands that change sources), [`cli`].
//! Every stage returns its value plus all [`diag::Diagnostic`]s it found.

pub mod bench;
pub mod cli;
pub mod compare;
pub mod derive;
pub mod diag;
pub mod dir_at;
pub mod edit;
pub mod export;
pub mod fonts;
pub mod import;
pub mod lint;
pub mod load;
pub mod model;
pub mod render;
pub mod rules;
pub mod schema;
pub mod serve;
pub mod site;
pub mod text;
pub mod validate;
pub mod write;

/// Load and validate a workspace's sources: the plan plus every
/// diagnostic, sorted. What commands about one item (`diff`, `screen`,
/// `period`) need; templates are not looked at.
pub fn check_sources(root: &std::path::Path) -> load::Workspace {
    check_sources_with(root, &Default::default())
}

/// [`check_sources`] as the workspace would be with `overlay` (relative
/// path → text) in place of files on disk: how edits are checked before
/// they are written.
pub fn check_sources_with(
    root: &std::path::Path,
    overlay: &std::collections::BTreeMap<String, String>,
) -> load::Workspace {
    check_sources_cached(root, overlay, None)
}

/// [`check_sources`], taking every source whose text `kept` holds (the
/// parsed sources a build kept: `load::kept`) from it instead of parsing it.
pub fn check_sources_kept(root: &std::path::Path, kept: &mut load::Kept) -> load::Workspace {
    kept_checked(load::load_kept(root, kept), kept)
}

/// What a long-running process (`serve`) keeps from one check for the
/// next: the sources as read and parsed, and what the rules that look at
/// one class alone found in each.
#[derive(Default)]
pub struct CheckCache {
    pub sources: load::SourceCache,
    pub local: validate::LocalCache,
    /// Parsed sources a build kept on disk, for the next load only (read
    /// only; then `sources` holds everything).
    pub kept: Option<load::Kept>,
    /// Which texts have a character no font covers.
    pub glyphs: validate::glyphs::Memo,
}

fn check_sources_cached(
    root: &std::path::Path,
    overlay: &std::collections::BTreeMap<String, String>,
    cache: Option<&mut CheckCache>,
) -> load::Workspace {
    let (sources, local, kept, _) = cache_parts(cache);
    sources_checked(load::load_cached_kept(root, overlay, sources, kept), local)
}

/// What a [`CheckCache`] lends a load (its sources, and the kept ones
/// once), the rules and the glyph rule.
type CacheParts<'a> = (
    Option<&'a mut load::SourceCache>,
    Option<&'a mut validate::LocalCache>,
    Option<load::Kept>,
    Option<&'a mut validate::glyphs::Memo>,
);

fn cache_parts(cache: Option<&mut CheckCache>) -> CacheParts<'_> {
    match cache {
        Some(c) => (
            Some(&mut c.sources),
            Some(&mut c.local),
            c.kept.take(),
            Some(&mut c.glyphs),
        ),
        None => (None, None, None, None),
    }
}

/// A loaded workspace with the rules of validation applied.
fn sources_checked(ws: load::Workspace, local: Option<&mut validate::LocalCache>) -> load::Workspace {
    let more = validate::validate_cached(&ws.plan, &ws.sources, local);
    validated(ws, more)
}

/// A workspace loaded with `kept` sources, with the rules of validation
/// applied (those about one class alone not run again on a kept source:
/// `validate::validate_kept`); the blob for the next load is made without
/// the sources they found something in.
fn kept_checked(ws: load::Workspace, kept: &mut load::Kept) -> load::Workspace {
    let checked = validate::validate_kept(&ws.plan, &ws.sources, &ws.from_kept);
    kept_validated(ws, kept, checked)
}

/// [`kept_checked`] once the rules ran (`checked`: their findings, and
/// the files in which the rules about one class alone found something).
fn kept_validated(
    ws: load::Workspace,
    kept: &mut load::Kept,
    (more, found_alone): (Vec<diag::Diagnostic>, rustc_hash::FxHashSet<diag::FileId>),
) -> load::Workspace {
    let unkept: std::collections::HashSet<&str> = found_alone.iter().map(|f| ws.sources.path(*f)).collect();
    kept.finish(&|rel| unkept.contains(rel));
    validated(ws, more)
}

/// `ws` with the validation's diagnostics `more`, suppressions applied,
/// sorted.
fn validated(mut ws: load::Workspace, more: Vec<diag::Diagnostic>) -> load::Workspace {
    ws.diagnostics.extend(more);
    validate::lint_config::apply(&ws.plan, &ws.sources, &mut ws.diagnostics);
    diag::sort(&mut ws.diagnostics, &ws.sources);
    ws.diagnostics.dedup();
    ws
}

/// Every schema file `classplan schema --out DIR` and `init` write: the
/// source kinds' (from the model) and the questionnaire's (from its view).
pub fn schema_files() -> Vec<(&'static str, String)> {
    let mut out = schema::source_files();
    out.push((render::questions::SCHEMA_FILE, render::questions::schema_text()));
    out
}

/// The templates of a workspace: the built-in ones and its overrides.
pub fn templates(ws: &load::Workspace) -> Result<render::templates::Templates, Vec<diag::Diagnostic>> {
    let jurisdictions: Vec<String> = ws.plan.jurisdictions.keys().cloned().collect();
    render::templates::Templates::load(&ws.root, &jurisdictions)
}

/// Everything `check` checks: the sources, and the workspace's template
/// overrides (they parse, include no cycle, and render real documents).
/// The workspace keeps its templates for `build`.
pub fn check(root: &std::path::Path) -> load::Workspace {
    check_cached(root, None)
}

/// [`check`], reusing what a long-running process (`serve`) parsed before:
/// only sources whose text changed are parsed again.
pub fn check_cached(root: &std::path::Path, cache: Option<&mut CheckCache>) -> load::Workspace {
    let (sources, local, kept, glyphs) = cache_parts(cache);
    let ws = load::load_cached_kept(root, &Default::default(), sources, kept);
    // The rules, and the fonts and templates, at once: each is its own
    // work on the loaded sources (the rules' first steps are serial).
    let (more, resources) = rayon::join(
        || validate::validate_cached(&ws.plan, &ws.sources, local),
        || Resources::check(root, &ws, glyphs),
    );
    resources.finish(validated(ws, more))
}

/// [`check`], taking every source `kept` holds unchanged (parsed sources a
/// build kept in its output directory: `load::kept`) from it instead of
/// reading and parsing the file, and leaving in `kept` what the next
/// check can take.
pub fn check_kept(root: &std::path::Path, kept: &mut load::Kept) -> load::Workspace {
    check_kept_found(root, kept, None)
}

/// [`check_kept`] with the files `found` lists (a discovery of `root` made
/// just before, by the up-to-date check), when given.
pub fn check_kept_found(
    root: &std::path::Path,
    kept: &mut load::Kept,
    found: Option<load::Discovery>,
) -> load::Workspace {
    let ws = load::load_kept_found(root, kept, found);
    // The rules, and the fonts and templates, at once: each is its own
    // work on the loaded sources.
    let (checked, resources) = rayon::join(
        || validate::validate_kept(&ws.plan, &ws.sources, &ws.from_kept),
        || Resources::check(root, &ws, None),
    );
    resources.finish(kept_validated(ws, kept, checked))
}

/// What [`check`] finds in the fonts and templates a workspace's
/// documents are made with (they need its sources loaded, not checked).
struct Resources {
    diagnostics: Vec<diag::Diagnostic>,
    templates: Option<render::templates::Templates>,
}

impl Resources {
    fn check(root: &std::path::Path, ws: &load::Workspace, glyphs: Option<&mut validate::glyphs::Memo>) -> Resources {
        let mut diagnostics = validate::glyphs::uncovered_kept(&ws.sources, &fonts::workspace_dirs(root), glyphs);
        let templates = match templates(ws) {
            Err(diags) => {
                diagnostics.extend(diags);
                None
            }
            Ok(t) => {
                diagnostics.extend(t.warnings.iter().cloned());
                Some(t)
            }
        };
        Resources { diagnostics, templates }
    }

    /// `ws`, its sources checked, with what was found here.
    fn finish(self, mut ws: load::Workspace) -> load::Workspace {
        ws.diagnostics.extend(self.diagnostics);
        // Overrides that parse can still fail on real data (an include of
        // a template that does not exist, a missing variable): try them on
        // the first documents of each jurisdiction.
        if let Some(t) = self.templates
            && t.has_overrides()
            && !ws.has_errors()
        {
            ws.diagnostics.extend(render::trial_render(&ws.plan, &t));
        }
        validate::lint_config::apply(&ws.plan, &ws.sources, &mut ws.diagnostics);
        diag::sort(&mut ws.diagnostics, &ws.sources);
        ws.diagnostics.dedup();
        ws
    }
}

/// Each jurisdiction's `words.txt` (local words for the spelling rule),
/// by jurisdiction id; missing files are empty lists.
pub fn word_files(ws: &load::Workspace) -> std::collections::BTreeMap<String, String> {
    ws.plan
        .jurisdictions
        .keys()
        .filter_map(|id| {
            let path = ws.root.join("specs").join(id).join("words.txt");
            let meta = std::fs::symlink_metadata(&path).ok()?;
            // A regular file of reasonable size only.
            if !meta.is_file() || meta.len() > 8 << 20 {
                return None;
            }
            Some((id.clone(), std::fs::read_to_string(&path).ok()?))
        })
        .collect()
}

/// `check` and then `lint`: the workspace with every check and lint
/// diagnostic, and the lint report's figures.
pub fn check_and_lint(root: &std::path::Path) -> (load::Workspace, lint::Outcome) {
    let mut ws = check(root);
    let outcome = lint::lint(&ws, &word_files(&ws));
    ws.diagnostics.extend(outcome.diagnostics.iter().cloned());
    diag::sort(&mut ws.diagnostics, &ws.sources);
    ws.diagnostics.dedup();
    (ws, outcome)
}
