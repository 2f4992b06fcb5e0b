//! Rule levels and exceptions: a jurisdiction's `[lint] levels`, a
//! document's `[lint] allow` (with its reason) and inline suppressions —
//! a comment `# lint-allow(rule, ...): reason` on the line above a field
//! (or at the end of its line) that exempts that one field.
//!
//! [`check`] reports settings that name no rule, allow an error or give no
//! reason (CP0082); [`apply`] applies them to any diagnostics, `check`'s
//! and `lint`'s alike, so rule levels live in one place per jurisdiction.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use serde_spanned::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, FileId, Sources, Span};
use crate::model::Plan;
use crate::model::lint::{Level, LintAllow};
use crate::rules::{Rule, Severity};
use crate::validate::texts::{TextMemo, scan_all};

/// One inline suppression.
#[derive(Debug, Clone)]
pub struct Directive {
    /// Where the comment is (for diagnostics about it).
    pub span: Range<usize>,
    /// The rules it names (unknown names are reported, not kept).
    pub rules: Vec<Rule>,
    /// The field it exempts: its key and value, byte range in the file.
    pub field: Option<Range<usize>>,
    pub reason: String,
    /// Names that are no rule.
    pub unknown: Vec<(String, Range<usize>)>,
}

const MARK: &str = "lint-allow(";

/// Every `# lint-allow(...)` comment of a TOML file with the field it exempts.
pub fn directives(text: &str) -> Vec<Directive> {
    if !text.contains(MARK) {
        return Vec::new();
    }
    let mut fields: Vec<(usize, Range<usize>)> = Vec::new();
    if let Ok(t) = DeTable::parse(text) {
        collect_fields(t.get_ref(), &mut fields);
    }
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |at: usize| line_starts.partition_point(|&s| s <= at).saturating_sub(1);
    let mut out = Vec::new();
    for (n, &start) in line_starts.iter().enumerate() {
        let end = line_starts.get(n + 1).copied().unwrap_or(text.len());
        let line = &text[start..end];
        let Some(hash) = comment_start(line) else { continue };
        let comment = &line[hash..];
        let Some(m) = comment.find(MARK) else { continue };
        let at = start + hash + m;
        let after = &comment[m + MARK.len()..];
        let Some(close) = after.find(')') else { continue };
        let names = &after[..close];
        let reason = after[close + 1..]
            .trim_start_matches([':', ' ', '\t', '-', '\u{2014}'])
            .trim()
            .to_string();
        let mut rules = Vec::new();
        let mut unknown = Vec::new();
        let mut offset = at + MARK.len();
        for name in names.split(',') {
            let trimmed = name.trim();
            let lead = name.len() - name.trim_start().len();
            match Rule::find(trimmed) {
                Some(r) => rules.push(r),
                None => unknown.push((trimmed.to_string(), offset + lead..offset + lead + trimmed.len())),
            }
            offset += name.len() + 1;
        }
        // A comment alone on its line exempts the next field; one after a
        // value, the field on its own line.
        let own_line = line[..hash].trim().is_empty();
        let target_line = if own_line {
            (n + 1..line_starts.len()).find(|&k| {
                let s = line_starts[k];
                let e = line_starts.get(k + 1).copied().unwrap_or(text.len());
                let l = text[s..e].trim();
                !l.is_empty() && !l.starts_with('#')
            })
        } else {
            Some(n)
        };
        // After a value: the largest field that ends before the comment.
        let comment_at = start + hash;
        let field = target_line.and_then(|tl| {
            fields
                .iter()
                .filter(|(key_at, r)| line_of(*key_at) == tl && (own_line || r.end <= comment_at))
                .map(|(_, r)| r.clone())
                .max_by_key(|r| r.end - r.start)
        });
        out.push(Directive {
            span: at..start + hash + comment.trim_end().len(),
            rules,
            field,
            reason,
            unknown,
        });
    }
    out
}

/// Where a line's comment starts (a `#` outside strings), if it has one.
fn comment_start(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' => return Some(i),
            None => {}
        }
    }
    None
}

/// Every key/value and array element: where it starts and its extent.
fn collect_fields(t: &DeTable<'_>, out: &mut Vec<(usize, Range<usize>)>) {
    for (k, v) in t.iter() {
        let ks = k.span();
        let vs = v.span();
        out.push((ks.start, ks.start.min(vs.start)..vs.end.max(ks.end)));
        collect_value(v, out);
    }
}

fn collect_value(v: &Spanned<DeValue<'_>>, out: &mut Vec<(usize, Range<usize>)>) {
    match v.get_ref() {
        DeValue::Table(t) => collect_fields(t, out),
        DeValue::Array(items) => {
            for item in items {
                out.push((item.span().start, item.span()));
                collect_value(item, out);
            }
        }
        _ => {}
    }
}

/// The settings that are wrong: unknown rule names, an error allowed or
/// lowered, an exception without a reason.
pub fn check(plan: &Plan, sources: &Sources) -> Vec<Diagnostic> {
    check_kept(plan, sources, None)
}

/// Each text's inline `lint-allow` comments (`None`: it has none), kept by
/// a long-running process (`serve`) for the next check.
pub type Memo = TextMemo<Option<Arc<Vec<Directive>>>>;

/// [`check`], taking from `memo` (when given) the inline comments of the
/// texts it read before.
pub fn check_kept(plan: &Plan, sources: &Sources, memo: Option<&mut Memo>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for j in plan.jurisdictions.values() {
        for (name, level) in &j.def.lint.levels {
            let span = j.def.span(&level.span);
            match Rule::find(name) {
                None => out.push(unknown_rule(name, span)),
                Some(r) if r.severity() == Severity::Error && level.value != Level::Deny => out.push(
                    Diagnostic::new(
                        Rule::LintConfig,
                        format!(
                            "`{name}` is an error and cannot be set to `{}`",
                            level_name(level.value)
                        ),
                    )
                    .at(span)
                    .hint("errors stop a build because the documents would be wrong; fix the sources instead"),
                ),
                Some(_) => {}
            }
        }
    }
    let allows = plan
        .jurisdictions
        .values()
        .flat_map(|j| j.classes.iter().map(|c| (c.file, c.lint.as_ref())))
        .chain(plan.bulletins.values().map(|b| (b.file, b.lint.as_ref())));
    for (file, allow) in allows {
        let Some(allow) = allow else { continue };
        for name in &allow.allow {
            if Rule::find(&name.value).is_none() {
                out.push(unknown_rule(&name.value, Span::new(file, name.span.clone())));
            }
        }
        let has_reason = allow.reason.as_ref().is_some_and(|r| !r.value.trim().is_empty());
        if !allow.allow.is_empty() && !has_reason {
            let span = allow.allow[0].span.clone();
            out.push(
                Diagnostic::new(Rule::LintConfig, "`lint.allow` needs a `reason`")
                    .at(Span::new(file, span))
                    .hint("say why the rule does not apply here, e.g. `reason = \"statutory wording, printed as the law has it\"`"),
            );
        }
    }
    // Every source's text is searched (50 MB at 10,000 classes): in
    // parallel (or looked up: `memo`), reported in file order.
    let files: Vec<_> = sources.iter().collect();
    let texts: Vec<&Arc<str>> = files.iter().map(|(_, src)| &src.text).collect();
    let found = scan_all(memo, &texts, |text| {
        let d = directives(text);
        (!d.is_empty()).then(|| Arc::new(d))
    });
    for ((file, _), ds) in files.iter().zip(found) {
        let file = *file;
        for d in ds.iter().flat_map(|d| d.iter()) {
            for (name, r) in &d.unknown {
                out.push(unknown_rule(name, Span::new(file, r.clone())));
            }
            if d.reason.is_empty() {
                out.push(
                    Diagnostic::new(
                        Rule::LintConfig,
                        "an inline `lint-allow` needs a reason after the rule names",
                    )
                    .at(Span::new(file, d.span.clone()))
                    .hint("e.g. `# lint-allow(shouting): the statute's own capitals`"),
                );
            }
            if d.field.is_none() {
                out.push(
                    Diagnostic::new(Rule::LintConfig, "this `lint-allow` comment is not next to a field")
                        .at(Span::new(file, d.span.clone()))
                        .hint("put it on the line above the field it exempts, or at the end of that field's line"),
                );
            }
        }
    }
    out
}

fn level_name(l: Level) -> &'static str {
    match l {
        Level::Allow => "allow",
        Level::Warn => "warn",
        Level::Deny => "deny",
    }
}

fn unknown_rule(name: &str, span: Span) -> Diagnostic {
    let names = Rule::ALL.iter().map(|r| r.name());
    Diagnostic::new(Rule::LintConfig, format!("`{name}` is not a rule"))
        .at(span)
        .maybe_hint(did_you_mean_rule(name, names))
        .hint("`classplan explain` lists every rule")
}

fn did_you_mean_rule<'a>(name: &str, names: impl Iterator<Item = &'a str>) -> Option<String> {
    let names: Vec<&str> = names.collect();
    crate::diag::did_you_mean(name, names.iter().copied()).map(|m| format!("did you mean `{m}`?"))
}

/// Apply every jurisdiction's levels, documents' allows and inline
/// suppressions to `diags`. Errors keep their level (a setting that tries
/// to lower one is reported by [`check`]); settings with problems still
/// apply where they can.
pub fn apply(plan: &Plan, sources: &Sources, diags: &mut Vec<Diagnostic>) {
    // Only the files of diagnostics a setting can change are looked at
    // (errors and the settings' own diagnostics stand as they are).
    let files: HashSet<FileId> = diags
        .iter()
        .filter(|d| d.rule != Rule::LintConfig && d.severity != Severity::Error)
        .filter_map(|d| d.span.as_ref().map(|s| s.file))
        .collect();
    if files.is_empty() {
        return;
    }
    // Which jurisdiction each file belongs to, and a document's allows.
    let mut jurisdiction_of: HashMap<FileId, &str> = HashMap::new();
    let mut allowed: HashMap<FileId, HashSet<Rule>> = HashMap::new();
    let mut add_allow = |file: FileId, a: Option<&LintAllow>| {
        if let Some(a) = a
            && files.contains(&file)
        {
            allowed
                .entry(file)
                .or_default()
                .extend(a.allow.iter().filter_map(|n| Rule::find(&n.value)));
        }
    };
    for j in plan.jurisdictions.values() {
        let id = j.id();
        let own = std::iter::once(j.def.file)
            .chain(j.classes.iter().map(|c| c.file))
            .chain(j.bank.iter().map(|b| b.file))
            .chain(j.models.iter().map(|m| m.file));
        jurisdiction_of.extend(own.filter(|f| files.contains(f)).map(|f| (f, id)));
    }
    for b in plan.bulletins.values() {
        if files.contains(&b.file)
            && let Some((jid, _)) = b.class.split_once('/')
            && let Some(j) = plan.jurisdictions.get(jid)
        {
            jurisdiction_of.insert(b.file, j.id());
        }
    }
    for j in plan.jurisdictions.values() {
        for c in &j.classes {
            add_allow(c.file, c.lint.as_ref());
        }
    }
    for b in plan.bulletins.values() {
        add_allow(b.file, b.lint.as_ref());
    }
    let mut inline: HashMap<FileId, Vec<Directive>> = HashMap::new();
    for &file in &files {
        let d = directives(&sources.get(file).text);
        if !d.is_empty() {
            inline.insert(file, d);
        }
    }
    diags.retain_mut(|d| {
        let Some(span) = &d.span else { return true };
        if d.rule == Rule::LintConfig {
            return true;
        }
        let level = jurisdiction_of
            .get(&span.file)
            .and_then(|j| plan.jurisdictions.get(*j))
            .and_then(|j| {
                j.def
                    .lint
                    .levels
                    .iter()
                    .find(|(name, _)| Rule::find(name) == Some(d.rule))
                    .map(|(_, l)| l.value)
            });
        if d.severity == Severity::Error {
            return true;
        }
        if allowed.get(&span.file).is_some_and(|a| a.contains(&d.rule)) {
            return false;
        }
        let suppressed = inline.get(&span.file).is_some_and(|ds| {
            ds.iter().any(|x| {
                !x.reason.is_empty()
                    && x.rules.contains(&d.rule)
                    && x.field
                        .as_ref()
                        .is_some_and(|f| span.range.start >= f.start && span.range.end <= f.end)
            })
        });
        if suppressed {
            return false;
        }
        match level {
            Some(Level::Allow) => false,
            Some(Level::Deny) => {
                d.severity = Severity::Error;
                true
            }
            Some(Level::Warn) | None => true,
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comment_exempts_the_field_below_or_on_its_line() {
        let text = "title = \"X\"\n# lint-allow(shouting, readability): statutory text\nsummary = \"\"\"\nA\nB\"\"\"\nduties = [\"a\", # lint-allow(spelling): a local word\n  \"b\"]\n# lint-allow(nonsense)\nx = 1\n";
        let d = directives(text);
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].rules, vec![Rule::Shouting, Rule::Readability]);
        assert_eq!(d[0].reason, "statutory text");
        assert_eq!(&text[d[0].field.clone().unwrap()], "summary = \"\"\"\nA\nB\"\"\"");
        assert_eq!(&text[d[1].field.clone().unwrap()], "\"a\"");
        assert!(d[2].reason.is_empty());
        assert_eq!(d[2].unknown[0].0, "nonsense");
        assert_eq!(&text[d[2].unknown[0].1.clone()], "nonsense");
    }

    #[test]
    fn a_hash_inside_a_string_is_no_comment() {
        assert!(directives("a = \"# lint-allow(shouting): x\"\n").is_empty());
    }
}
