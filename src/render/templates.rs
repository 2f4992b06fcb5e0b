//! Templates: the built-in ones embedded in the binary, layered with the
//! workspace's `templates/` (and `templates/<jurisdiction>/`) overrides of
//! the same name. HTML, Markdown and text go through tera; Typst templates
//! and assets are plain text looked up the same way.
//!
//! Reads only files directly under `templates/` and `templates/<jurisdiction>/`
//! (no symlinks out of the workspace); writes only on `eject`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::rules::Rule;

/// Every built-in template and asset, by name.
pub const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("templates/base.html")),
    ("macros.html", include_str!("templates/macros.html")),
    ("class.html", include_str!("templates/class.html")),
    ("bulletin.html", include_str!("templates/bulletin.html")),
    ("competency-model.html", include_str!("templates/competency-model.html")),
    ("competency-model.md", include_str!("templates/competency-model.md")),
    ("competency-model.typ", include_str!("templates/competency-model.typ")),
    ("questions.html", include_str!("templates/questions.html")),
    ("index.html", include_str!("templates/index.html")),
    ("jurisdiction.html", include_str!("templates/jurisdiction.html")),
    ("paths.html", include_str!("templates/paths.html")),
    ("class.md", include_str!("templates/class.md")),
    ("bulletin.md", include_str!("templates/bulletin.md")),
    ("questions.md", include_str!("templates/questions.md")),
    ("bulletin.txt", include_str!("templates/bulletin.txt")),
    ("bulletin-salary.txt", include_str!("templates/bulletin-salary.txt")),
    ("bulletin-salary.md", include_str!("templates/bulletin-salary.md")),
    ("career-path.md", include_str!("templates/career-path.md")),
    ("class.typ", include_str!("templates/class.typ")),
    ("bulletin.typ", include_str!("templates/bulletin.typ")),
    ("common.typ", include_str!("templates/common.typ")),
    ("report.html", include_str!("templates/report.html")),
    ("lint.html", include_str!("templates/lint.html")),
    ("compare.html", include_str!("templates/compare.html")),
    ("compare.md", include_str!("templates/compare.md")),
    ("compare-table.html", include_str!("templates/compare-table.html")),
    ("compare-table.md", include_str!("templates/compare-table.md")),
    ("crosswalk.html", include_str!("templates/crosswalk.html")),
    ("crosswalk.md", include_str!("templates/crosswalk.md")),
    ("classplan.css", include_str!("templates/classplan.css")),
    ("filter.js", include_str!("templates/filter.js")),
    ("questions.js", include_str!("templates/questions.js")),
];

impl TemplateSet {
    /// A template's path as shown and its text.
    fn file(&self, name: &str) -> Option<(String, String)> {
        let text = self.raw.get(name)?;
        let path = self
            .origin
            .get(name)
            .cloned()
            .unwrap_or_else(|| format!("(built-in) {name}"));
        Some((path, text.clone()))
    }
}

impl std::fmt::Debug for TemplateSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TemplateSet")
            .field("templates", &self.raw.keys())
            .finish()
    }
}

fn is_tera(name: &str) -> bool {
    name.ends_with(".html") || name.ends_with(".md") || name.ends_with(".txt")
}

/// The template set for one jurisdiction (or the default one).
pub struct TemplateSet {
    tera: tera::Tera,
    raw: BTreeMap<String, String>,
    /// Where each overridden template comes from (`templates/la-city/class.html`).
    origin: BTreeMap<String, String>,
}

/// All template sets of a build.
#[derive(Debug)]
pub struct Templates {
    default: Arc<TemplateSet>,
    by_jurisdiction: BTreeMap<String, Arc<TemplateSet>>,
    /// Hash of every template text in use, and of the workspace's fonts:
    /// part of every document's input.
    pub fingerprint: String,
    /// The workspace's font folders (its `fonts/`), for the PDFs.
    pub font_dirs: Vec<std::path::PathBuf>,
    /// Overrides that look like mistakes (CP0081): a file no template
    /// uses, a block the parent does not have.
    pub warnings: Vec<Diagnostic>,
}

/// The names a template includes, extends or imports.
fn referenced(text: &str) -> Vec<&str> {
    static R: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"\{%-?\s*(?:include|extends|import)\s+"([^"]+)""#).expect("pattern")
    });
    R.captures_iter(text)
        .filter_map(|c| c.get(1))
        .map(|m| m.as_str())
        .collect()
}

/// The blocks a template defines.
fn blocks(text: &str) -> Vec<&str> {
    static R: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\{%-?\s*block\s+([A-Za-z_][A-Za-z0-9_]*)").expect("pattern"));
    R.captures_iter(text)
        .filter_map(|c| c.get(1))
        .map(|m| m.as_str())
        .collect()
}

/// CP0081 for one layer of overrides (`rel` is "templates/" or
/// "templates/<j>/"): a file that replaces no built-in and that no
/// template names, and a block its parent (and the parent's parents) lack.
fn name_warnings(own: &BTreeMap<String, String>, merged: &BTreeMap<String, String>, rel: &str) -> Vec<Diagnostic> {
    let text_of = |n: &str| -> Option<&str> {
        merged
            .get(n)
            .map(String::as_str)
            .or_else(|| BUILTIN.iter().find(|(b, _)| *b == n).map(|(_, t)| *t))
    };
    let mut used: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for (_, t) in BUILTIN {
        used.extend(referenced(t));
    }
    for t in merged.values() {
        used.extend(referenced(t));
    }
    let mut out = Vec::new();
    for (name, text) in own {
        let shown = format!("{rel}{name}");
        if !BUILTIN.iter().any(|(b, _)| b == name) && !used.contains(name.as_str()) {
            out.push(
                Diagnostic::new(
                    Rule::TemplateName,
                    format!("`{shown}` replaces no built-in template, and no template includes it"),
                )
                .at_path(shown.clone())
                .maybe_hint(
                    crate::diag::did_you_mean(name, BUILTIN.iter().map(|(b, _)| *b))
                        .map(|m| format!("did you mean `{m}`?")),
                )
                .hint("`classplan templates list` names the built-in templates"),
            );
        }
        // Blocks the chain of parents defines.
        let mut parent_blocks: Vec<&str> = Vec::new();
        let mut parent = referenced(text)
            .into_iter()
            .find(|p| text.contains(&format!("extends \"{p}\"")));
        let mut depth = 0;
        while let (Some(p), true) = (parent, depth < 8) {
            let Some(pt) = text_of(p) else { break };
            parent_blocks.extend(blocks(pt));
            parent = referenced(pt)
                .into_iter()
                .find(|q| pt.contains(&format!("extends \"{q}\"")));
            depth += 1;
        }
        if depth == 0 {
            continue;
        }
        for b in blocks(text) {
            if !parent_blocks.contains(&b) {
                out.push(
                    Diagnostic::new(
                        Rule::TemplateName,
                        format!("`{shown}` defines block `{b}`, which the template it extends does not have: it is never shown"),
                    )
                    .at_path(shown.clone())
                    .maybe_hint(crate::diag::did_you_mean(b, parent_blocks.iter().copied()).map(|m| format!("did you mean `{m}`?"))),
                );
            }
        }
    }
    out
}

/// Escape text for Markdown output (titles and other plain strings).
fn md_filter(value: &tera::Value, _: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let s = tera::try_get_value!("md", "value", String, value);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '{' | '}'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    Ok(tera::Value::String(out))
}

/// Free text (Markdown) as HTML: `{{ duties | markdown | safe }}`.
fn markdown_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let s = tera::try_get_value!("markdown", "value", String, value);
    Ok(tera::Value::String(super::markdown::to_html(s.trim())))
}

/// Free text (Markdown) as plain text: `{{ duties | plain }}`.
fn plain_filter(value: &tera::Value, _: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let s = tera::try_get_value!("plain", "value", String, value);
    Ok(tera::Value::String(super::markdown::to_text(s.trim())))
}

fn read_overrides(dir: &Path, rel: &str, diags: &mut Vec<Diagnostic>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = e.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() || !BUILTIN.iter().any(|(n, _)| *n == name) && !is_tera(&name) && !name.ends_with(".typ") {
            continue;
        }
        // The folder's own documentation is not a template.
        if name.eq_ignore_ascii_case("README.md") {
            continue;
        }
        let shown = format!("{rel}{name}");
        if meta.file_type().is_symlink() {
            diags.push(
                Diagnostic::new(
                    Rule::Template,
                    format!("template `{shown}` is a symbolic link; templates must be plain files inside templates/"),
                )
                .at_path(shown),
            );
            continue;
        }
        if !meta.is_file() {
            // A pipe, socket or device: opening it could wait forever.
            diags.push(
                Diagnostic::new(
                    Rule::Template,
                    format!("template `{shown}` is not a regular file (a pipe, socket or device); it is not read"),
                )
                .at_path(shown),
            );
            continue;
        }
        match std::fs::read(&path).map(String::from_utf8) {
            Ok(Ok(text)) => {
                out.insert(name, text);
            }
            Ok(Err(_)) => diags
                .push(Diagnostic::new(Rule::Template, format!("template `{shown}` is not UTF-8 text")).at_path(shown)),
            Err(err) => diags.push(
                Diagnostic::new(Rule::Template, format!("cannot read template `{shown}` ({err})")).at_path(shown),
            ),
        }
    }
    out
}

/// "Failed to parse 'x' --> 3:5" → (3, 5).
fn tera_position(msg: &str) -> Option<(usize, usize)> {
    let at = msg.find("--> ")?;
    let rest = &msg[at + 4..];
    let end = rest
        .find(|c: char| !c.is_ascii_digit() && c != ':')
        .unwrap_or(rest.len());
    let (l, c) = rest[..end].split_once(':')?;
    Some((l.parse().ok()?, c.parse().ok()?))
}

/// The byte offset of a 1-based line and column (in characters).
pub fn offset_of(text: &str, line: usize, col: usize) -> Option<usize> {
    let start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)?
    };
    let line_text = &text[start..];
    Some(
        start
            + line_text
                .char_indices()
                .nth(col.saturating_sub(1))
                .map_or(line_text.len(), |(i, _)| i),
    )
}

/// Names quoted in a tera message (`x` or 'x'), innermost last.
fn quoted(msg: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for q in ['`', '\''] {
        let mut rest = msg;
        while let Some(a) = rest.find(q) {
            let Some(b) = rest[a + 1..].find(q) else { break };
            out.push(&rest[a + 1..a + 1 + b]);
            rest = &rest[a + 2 + b..];
        }
    }
    out
}

/// A tera error as a diagnostic located in the template file: at the
/// position a parse error names, or at the first use of the variable,
/// filter or template a render error names. `files` maps template names to
/// (path as shown, text).
pub fn tera_diagnostic(err: &tera::Error, name: &str, files: &dyn Fn(&str) -> Option<(String, String)>) -> Diagnostic {
    let mut chain = vec![err.to_string()];
    let mut src = std::error::Error::source(err);
    while let Some(e) = src {
        chain.push(e.to_string());
        src = e.source();
    }
    let full = chain.join("\n");
    // The innermost template the message names (an error in macros.html
    // while rendering class.html is in macros.html).
    let named = quoted(&full)
        .into_iter()
        .rev()
        .find(|q| files(q).is_some())
        .unwrap_or(name)
        .to_string();
    let (path, text) = files(&named).unwrap_or_else(|| (format!("templates/{named}"), String::new()));
    // Tera's parse errors end with "= <what was expected>"; others are a chain of causes.
    let expected = full
        .lines()
        .map(str::trim)
        .filter_map(|l| l.strip_prefix("= "))
        .next_back();
    let causes: Vec<&str> = full
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty()
                && !l.starts_with("-->")
                && !l.starts_with('|')
                && !l.starts_with('=')
                && !l.chars().next().is_some_and(|c| c.is_ascii_digit())
        })
        .collect();
    let message = match expected {
        Some(e) => format!("template `{path}` does not parse: {e}"),
        None => format!("template `{path}`: {}", causes.join(": ")),
    };
    let d = Diagnostic::new(Rule::Template, message);
    let at = match tera_position(&full) {
        Some((l, c)) => offset_of(&text, l, c).map(|o| o..o + 1),
        // A render error: the first use of what it names.
        None => quoted(&full)
            .into_iter()
            .filter(|q| *q != named && *q != name)
            .find_map(|q| text.find(q).map(|o| o..o + q.len())),
    };
    match at {
        Some(r) if !text.is_empty() => d.in_file(path, &text, r),
        _ => d.at_path(path),
    }
}

/// [`build_set_anew`], or the set made last time from the same texts (a
/// set is compiled once per process for each set of overrides: `serve`
/// checks and builds after every edit, `check` and `build` in one run
/// load the templates twice). Sets that had problems are not kept.
fn build_set(
    overrides: &BTreeMap<String, String>,
    origin: &BTreeMap<String, String>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Arc<TemplateSet>> {
    /// Sets kept, newest last (a workspace has one per jurisdiction with
    /// overrides, and one more).
    static KEPT: std::sync::Mutex<Vec<(blake3::Hash, Arc<TemplateSet>)>> = std::sync::Mutex::new(Vec::new());
    const KEEP: usize = 16;
    let mut h = blake3::Hasher::new();
    for (n, t) in overrides {
        h.update(&(n.len() as u64).to_le_bytes());
        h.update(n.as_bytes());
        h.update(&(t.len() as u64).to_le_bytes());
        h.update(t.as_bytes());
        let o = origin.get(n).map_or("", String::as_str);
        h.update(&(o.len() as u64).to_le_bytes());
        h.update(o.as_bytes());
    }
    let key = h.finalize();
    if let Ok(kept) = KEPT.lock()
        && let Some((_, set)) = kept.iter().find(|(k, _)| *k == key)
    {
        return Some(set.clone());
    }
    let before = diags.len();
    let set = Arc::new(build_set_anew(overrides, origin, diags)?);
    if diags.len() == before
        && let Ok(mut kept) = KEPT.lock()
    {
        if kept.len() >= KEEP {
            kept.remove(0);
        }
        kept.push((key, set.clone()));
    }
    Some(set)
}

fn build_set_anew(
    overrides: &BTreeMap<String, String>,
    origin: &BTreeMap<String, String>,
    diags: &mut Vec<Diagnostic>,
) -> Option<TemplateSet> {
    let mut raw: BTreeMap<String, String> = BUILTIN.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
    for (n, t) in overrides {
        raw.insert(n.clone(), t.clone());
    }
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.register_filter("md", md_filter);
    tera.register_filter("markdown", markdown_filter);
    tera.register_filter("plain", plain_filter);
    let all: Vec<(&str, &str)> = raw
        .iter()
        .filter(|(n, _)| is_tera(n))
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let ok = match tera.add_raw_templates(all) {
        Ok(()) => true,
        Err(e) => {
            // Name the file: tera says "Failed to parse '<name>'" or names the template in its message.
            let text = format!(
                "{e} {}",
                std::error::Error::source(&e).map(|s| s.to_string()).unwrap_or_default()
            );
            let name = raw
                .keys()
                .find(|n| text.contains(&format!("'{n}'")) || text.contains(&format!("`{n}`")))
                .cloned()
                .unwrap_or_default();
            let files = |n: &str| {
                raw.get(n).map(|t| {
                    (
                        origin.get(n).cloned().unwrap_or_else(|| format!("(built-in) {n}")),
                        t.clone(),
                    )
                })
            };
            diags.push(tera_diagnostic(&e, &name, &files));
            false
        }
    };
    if ok && let Some(cycle) = include_cycle(&tera) {
        let file = origin
            .get(&cycle[0])
            .cloned()
            .unwrap_or_else(|| format!("(built-in) {}", cycle[0]));
        diags.push(
            Diagnostic::new(
                Rule::Template,
                format!("template `{file}` includes itself: {}", cycle.join(" → ")),
            )
            .at_path(file)
            .hint("an include, extends or import chain must not lead back to the template it starts from"),
        );
        return None;
    }
    ok.then_some(TemplateSet {
        tera,
        raw,
        origin: origin.clone(),
    })
}

/// A chain of `include` / `extends` / `import` that leads back to where it
/// started (rendering it would recurse until the stack overflows), as the
/// list of template names; `None` when there is none.
fn include_cycle(tera: &tera::Tera) -> Option<Vec<String>> {
    use tera::ast::Node;
    fn refs(nodes: &[Node], out: &mut Vec<String>) {
        for n in nodes {
            match n {
                Node::Include(_, names, _) => out.extend(names.iter().cloned()),
                Node::Extends(_, name) | Node::ImportMacro(_, name, _) => out.push(name.clone()),
                Node::MacroDefinition(_, m, _) => refs(&m.body, out),
                Node::FilterSection(_, f, _) => refs(&f.body, out),
                Node::Block(_, b, _) => refs(&b.body, out),
                Node::Forloop(_, f, _) => {
                    refs(&f.body, out);
                    if let Some(e) = &f.empty_body {
                        refs(e, out);
                    }
                }
                Node::If(i, _) => {
                    for (_, _, body) in &i.conditions {
                        refs(body, out);
                    }
                    if let Some((_, body)) = &i.otherwise {
                        refs(body, out);
                    }
                }
                _ => {}
            }
        }
    }
    let mut names: Vec<&String> = tera.templates.keys().collect();
    names.sort();
    let edges: BTreeMap<&str, Vec<String>> = names
        .iter()
        .map(|n| {
            let mut out = Vec::new();
            refs(&tera.templates[*n].ast, &mut out);
            (n.as_str(), out)
        })
        .collect();
    // Depth-first search with an explicit stack: 0 unvisited, 1 on the
    // path, 2 done.
    let mut state: BTreeMap<&str, u8> = BTreeMap::new();
    for start in edges.keys() {
        if state.get(start).copied().unwrap_or(0) != 0 {
            continue;
        }
        let mut path: Vec<(&str, usize)> = vec![(start, 0)];
        state.insert(start, 1);
        while let Some((node, next)) = path.last_mut() {
            let targets = edges.get(*node).map(Vec::as_slice).unwrap_or(&[]);
            if let Some(t) = targets.get(*next) {
                *next += 1;
                let Some((t, _)) = edges.get_key_value(t.as_str()) else {
                    continue;
                };
                match state.get(t).copied().unwrap_or(0) {
                    1 => {
                        let from = path.iter().position(|(n, _)| n == t).unwrap_or(0);
                        let mut cycle: Vec<String> = path[from..].iter().map(|(n, _)| n.to_string()).collect();
                        cycle.push(t.to_string());
                        return Some(cycle);
                    }
                    0 => {
                        state.insert(t, 1);
                        path.push((t, 0));
                    }
                    _ => {}
                }
            } else {
                state.insert(node, 2);
                path.pop();
            }
        }
    }
    None
}

impl Templates {
    /// Load built-ins and the workspace overrides; errors are diagnostics.
    pub fn load(root: &Path, jurisdictions: &[String]) -> Result<Templates, Vec<Diagnostic>> {
        let mut diags = Vec::new();
        let base = read_overrides(&root.join("templates"), "templates/", &mut diags);
        let origin: BTreeMap<String, String> = base.keys().map(|k| (k.clone(), format!("templates/{k}"))).collect();
        let default = build_set(&base, &origin, &mut diags);
        let mut warnings = name_warnings(&base, &base, "templates/");
        let mut by_jurisdiction = BTreeMap::new();
        let mut hasher = blake3::Hasher::new();
        // Built-ins are part of the fingerprint: a new binary with changed
        // templates must re-render everything.
        for (n, t) in BUILTIN {
            hasher.update(n.as_bytes());
            hasher.update(t.as_bytes());
        }
        for (n, t) in &base {
            hasher.update(n.as_bytes());
            hasher.update(t.as_bytes());
        }
        for j in jurisdictions {
            let dir = root.join("templates").join(j);
            if !dir.is_dir() {
                continue;
            }
            let rel = format!("templates/{j}/");
            let own = read_overrides(&dir, &rel, &mut diags);
            if own.is_empty() {
                continue;
            }
            let mut merged = base.clone();
            merged.extend(own.iter().map(|(n, t)| (n.clone(), t.clone())));
            warnings.extend(name_warnings(&own, &merged, &rel));
            let mut merged = base.clone();
            let mut org = origin.clone();
            for (n, t) in &own {
                hasher.update(j.as_bytes());
                hasher.update(n.as_bytes());
                hasher.update(t.as_bytes());
                merged.insert(n.clone(), t.clone());
                org.insert(n.clone(), format!("{rel}{n}"));
            }
            if let Some(set) = build_set(&merged, &org, &mut diags) {
                by_jurisdiction.insert(j.clone(), set);
            }
        }
        let font_dirs = crate::fonts::workspace_dirs(root);
        if !font_dirs.is_empty() {
            hasher.update(crate::fonts::shared(&font_dirs).fingerprint().as_bytes());
        }
        match (default, diags.is_empty()) {
            (Some(default), true) => Ok(Templates {
                default,
                by_jurisdiction,
                fingerprint: hasher.finalize().to_hex().to_string(),
                font_dirs,
                warnings,
            }),
            _ => Err(diags),
        }
    }

    /// Whether the workspace overrides any template.
    pub fn has_overrides(&self) -> bool {
        !self.by_jurisdiction.is_empty()
            || self
                .default
                .raw
                .iter()
                .any(|(n, t)| BUILTIN.iter().find(|(b, _)| b == n).is_none_or(|(_, bt)| bt != t))
    }

    fn set(&self, jurisdiction: &str) -> &TemplateSet {
        self.by_jurisdiction.get(jurisdiction).unwrap_or(&self.default)
    }

    /// Render a tera template with a serializable context.
    pub fn render(&self, jurisdiction: &str, name: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        let set = self.set(jurisdiction);
        set.tera.render(name, ctx).map_err(|e| {
            let files = |n: &str| set.file(n);
            tera_diagnostic(&e, name, &files)
        })
    }

    /// A template's path as shown and its text, for diagnostics.
    pub fn file(&self, jurisdiction: &str, name: &str) -> Option<(String, String)> {
        self.set(jurisdiction).file(name)
    }

    /// The text of a raw template or asset (Typst, CSS, JS).
    pub fn raw(&self, jurisdiction: &str, name: &str) -> &str {
        self.set(jurisdiction).raw.get(name).map(String::as_str).unwrap_or("")
    }
}
