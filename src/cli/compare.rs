//! `diff`, `compare`, `match` and `crosswalk`.

use std::borrow::Cow;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};

use super::publish::DirOpt;
use super::publish::load_clean as load;
use crate::compare::matching::{ClassIndex, crosswalk};
use crate::compare::{ClassInput, Comparison, compare, report};
use crate::load::Workspace;
use crate::model::{ClassKey, ClassSpec, PayRange};

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Md,
    Html,
    Json,
    Csv,
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// Class A: `jurisdiction/code`, optionally `@REV` (a git revision or a date, e.g. `la-city/1229@HEAD~3`).
    pub a: Option<String>,
    /// Class B, the same way.
    pub b: Option<String>,
    /// Compare a bulletin with its own class spec instead.
    #[arg(long, value_name = "BULLETIN", conflicts_with_all = ["a", "b"])]
    pub drift: Option<String>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    #[command(flatten)]
    pub dir: DirOpt,
}

fn unknown_class(ws: &Workspace, r: &str) -> anyhow::Error {
    let keys: Vec<String> = ws.plan.class_keys().iter().map(ToString::to_string).collect();
    let hint = crate::diag::did_you_mean(r, keys.iter().map(String::as_str))
        .map(|m| format!("; did you mean `{m}`?"))
        .unwrap_or_default();
    anyhow::anyhow!("no class `{r}`{hint} (`classplan list` shows them)")
}

fn git(root: &Path, args: &[&str]) -> anyhow::Result<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .context("cannot run git")?;
    if !out.status.success() {
        bail!("{}", String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Pay to compare for a class: its own, else its latest bulletin's.
fn fallback_pay(ws: &Workspace, key: &ClassKey) -> (Vec<PayRange>, Option<String>) {
    let reference = key.to_string();
    ws.plan
        .bulletins
        .iter()
        .filter(|(_, b)| *b.class == reference && !b.pay.is_empty())
        .max_by_key(|(_, b)| b.revised.value)
        .map(|(id, b)| (b.pay.clone(), Some(format!("bulletin {id}"))))
        .unwrap_or_default()
}

/// Resolve `jurisdiction/code[@rev]` to a class (read from git history for a revision).
fn resolve<'a>(ws: &'a Workspace, r: &str) -> anyhow::Result<ClassInput<'a>> {
    let (name, rev) = match r.split_once('@') {
        Some((n, v)) => (n, Some(v)),
        None => (r, None),
    };
    let key = ClassKey::parse(name).ok_or_else(|| unknown_class(ws, name))?;
    let (j, current) = ws.plan.class(&key).ok_or_else(|| unknown_class(ws, name))?;
    let (pay, pay_source) = fallback_pay(ws, &key);
    let class: Cow<ClassSpec> = match rev {
        None => Cow::Borrowed(&current.value),
        Some(rev) => {
            let top =
                git(&ws.root, &["rev-parse", "--show-toplevel"]).context("the workspace is not in a git repository")?;
            let top = std::path::PathBuf::from(top.trim());
            let abs = std::fs::canonicalize(ws.root.join(&current.path))?;
            let rel = abs
                .strip_prefix(std::fs::canonicalize(&top)?)
                .unwrap_or(&abs)
                .to_string_lossy()
                .replace('\\', "/");
            let commit = if chrono::NaiveDate::parse_from_str(rev, "%Y-%m-%d").is_ok() {
                let c = git(
                    &ws.root,
                    &["rev-list", "-1", &format!("--before={rev} 23:59:59"), "HEAD"],
                )?;
                if c.trim().is_empty() {
                    bail!("the repository has no commit on or before {rev}");
                }
                c.trim().to_string()
            } else {
                git(
                    &ws.root,
                    &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")],
                )
                .map_err(|_| anyhow::anyhow!("`{rev}` is not a revision of this repository"))?
                .trim()
                .to_string()
            };
            let text = git(&ws.root, &["show", &format!("{commit}:{rel}")])
                .map_err(|_| anyhow::anyhow!("{rel} did not exist at {rev}"))?;
            let class: ClassSpec =
                crate::load::parse_document(&text, crate::schema::SourceKind::Class, crate::diag::FileId(0))
                    .map(|(c, _)| c)
                    .map_err(|d| {
                        anyhow::anyhow!(
                            "{rel} at {rev} does not load: {}",
                            d.first().map(|d| d.message.clone()).unwrap_or_default()
                        )
                    })?;
            Cow::Owned(class)
        }
    };
    Ok(ClassInput {
        reference: r.to_string(),
        jurisdiction: j,
        class,
        pay,
        pay_source,
    })
}

fn print_comparison(c: &Comparison, format: ReportFormat, color: bool) -> anyhow::Result<()> {
    match format {
        ReportFormat::Text => print!("{}", report::text(c, color)),
        ReportFormat::Md => print!("{}", report::markdown(c)),
        ReportFormat::Html => print!("{}", report::html(c)),
        ReportFormat::Json | ReportFormat::Csv => println!("{}", serde_json::to_string_pretty(c)?),
    }
    Ok(())
}

pub fn diff(args: DiffArgs, color: bool) -> anyhow::Result<i32> {
    let ws = load(&args.dir.dir)?;
    let c = if let Some(bid) = &args.drift {
        let id = crate::load::bulletin_id(bid);
        let b = ws
            .plan
            .bulletins
            .get(&id)
            .with_context(|| format!("no bulletin `{id}`"))?;
        let key = ClassKey::parse(&b.class).with_context(|| "the bulletin's class reference is malformed")?;
        let a = resolve(&ws, &key.to_string())?;
        let mut as_bulletin = a.class.clone().into_owned();
        if let Some(d) = &b.duties {
            as_bulletin.summary = d.clone();
        }
        if let Some(r) = &b.requirements {
            as_bulletin.requirements = Some(r.clone());
        }
        let bside = ClassInput {
            reference: format!("bulletin {id}"),
            jurisdiction: a.jurisdiction,
            class: Cow::Owned(as_bulletin),
            pay: b.pay.clone(),
            pay_source: None,
        };
        let aside = ClassInput {
            pay: Vec::new(),
            pay_source: None,
            ..a
        };
        compare(&aside, &bside)
    } else {
        let (Some(a), Some(b)) = (&args.a, &args.b) else {
            bail!("name two classes, or use --drift BULLETIN")
        };
        compare(&resolve(&ws, a)?, &resolve(&ws, b)?)
    };
    print_comparison(&c, args.format, color)?;
    Ok(if c.identical { 0 } else { 1 })
}

#[derive(Args, Debug)]
pub struct CompareArgs {
    /// Two or more classes (`jurisdiction/code`).
    #[arg(required = true, num_args = 2..)]
    pub classes: Vec<String>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    #[command(flatten)]
    pub dir: DirOpt,
}

pub fn compare_many(args: CompareArgs) -> anyhow::Result<i32> {
    let ws = load(&args.dir.dir)?;
    let inputs: Vec<ClassInput> = args
        .classes
        .iter()
        .map(|r| resolve(&ws, r))
        .collect::<anyhow::Result<_>>()?;
    let n = inputs.len();
    let header: Vec<String> = std::iter::once(String::new())
        .chain(inputs.iter().map(|i| i.reference.clone()))
        .collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let cmp: Vec<Comparison> = inputs.iter().map(|i| compare(&inputs[0], i)).collect();
    let field = |name: &str, f: &dyn Fn(usize) -> String| -> Vec<String> {
        std::iter::once(name.to_string()).chain((0..n).map(f)).collect()
    };
    rows.push(field("Title", &|i| inputs[i].class.title.value.clone()));
    rows.push(field("Jurisdiction", &|i| inputs[i].jurisdiction.def.name.clone()));
    rows.push(field("Status", &|i| cmp[i].b.status.clone()));
    rows.push(field("Annual pay", &|i| {
        cmp[i]
            .pay
            .b
            .as_ref()
            .map(|p| {
                format!(
                    "{} – {}",
                    crate::derive::phrase::money(p.min.round()),
                    crate::derive::phrase::money(p.max.round())
                )
            })
            .unwrap_or_else(|| "not stated".into())
    }));
    rows.push(field("Experience by route (FTE months)", &|i| {
        cmp[i]
            .requirements
            .b
            .as_ref()
            .map(|r| {
                r.routes
                    .iter()
                    .map(|x| {
                        format!(
                            "#{}: {}",
                            x.number,
                            x.months.map(|m| format!("{m:.1}")).unwrap_or_else(|| "—".into())
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .unwrap_or_else(|| "—".into())
    }));
    rows.push(field("Education", &|i| {
        let mut e: Vec<String> = cmp[i]
            .requirements
            .b
            .iter()
            .flat_map(|r| r.routes.iter().flat_map(|x| x.education.clone()))
            .collect();
        if let Some(d) = &inputs[i].class.desirable {
            e.extend(
                d.routes
                    .iter()
                    .flat_map(|r| r.items.iter())
                    .filter_map(|it| match &it.value {
                        crate::model::requirements::Item::Education(x) => Some(format!("{} (desirable)", x.level)),
                        _ => None,
                    }),
            );
        }
        if e.is_empty() { "—".into() } else { e.join("; ") }
    }));
    rows.push(field("License", &|i| {
        let l: Vec<String> = inputs[i].class.licenses.iter().map(|l| l.name.clone()).collect();
        if l.is_empty() { "—".into() } else { l.join("; ") }
    }));
    for (k, inp) in inputs.iter().enumerate() {
        rows.push(field(&format!("Duty similarity to {}", inp.reference), &|i| {
            let duties = |c: &ClassSpec| {
                c.duties
                    .iter()
                    .map(|d| d.text.value.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let score = crate::compare::matching::text_similarity(&duties(&inputs[k].class), &duties(&inputs[i].class));
            format!("{:.0}%", (score * 100.0).round() + 0.0)
        }));
    }
    match args.format {
        ReportFormat::Csv => {
            for r in std::iter::once(&header).chain(&rows) {
                println!(
                    "{}",
                    r.iter()
                        .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
                        .collect::<Vec<_>>()
                        .join(",")
                );
            }
        }
        ReportFormat::Md => {
            println!("| {} |", header.join(" | "));
            println!("|{}", " --- |".repeat(header.len()));
            for r in &rows {
                println!(
                    "| {} |",
                    r.iter().map(|c| c.replace('|', "\\|")).collect::<Vec<_>>().join(" | ")
                );
            }
        }
        ReportFormat::Html => {
            let e = crate::render::markdown::escape_html;
            println!(
                "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Class comparison</title><style>body{{font-family:system-ui,sans-serif;margin:1rem}}table{{border-collapse:collapse}}th,td{{border:1px solid #c9c9c9;padding:.4rem;text-align:left;vertical-align:top}}</style></head><body><main><h1>Class comparison</h1><table><thead><tr>"
            );
            for h in &header {
                print!("<th scope=\"col\">{}</th>", e(h));
            }
            println!("</tr></thead><tbody>");
            for r in &rows {
                print!("<tr><th scope=\"row\">{}</th>", e(&r[0]));
                for c in &r[1..] {
                    print!("<td>{}</td>", e(c));
                }
                println!("</tr>");
            }
            println!("</tbody></table></main></body></html>");
        }
        ReportFormat::Json => {
            let v: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| serde_json::json!({ "field": r[0], "values": r[1..] }))
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({ "classes": header[1..], "rows": v }))?
            );
        }
        ReportFormat::Text => {
            let widths: Vec<usize> = (0..header.len())
                .map(|c| {
                    std::iter::once(&header)
                        .chain(&rows)
                        .map(|r| r[c].chars().count().min(48))
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            for r in std::iter::once(&header).chain(&rows) {
                let cells: Vec<String> = r
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let c: String = if c.chars().count() > 48 {
                            c.chars().take(47).collect::<String>() + "…"
                        } else {
                            c.clone()
                        };
                        format!("{c:<w$}", w = widths[i])
                    })
                    .collect();
                println!("{}", cells.join("  ").trim_end());
            }
        }
    }
    Ok(0)
}

#[derive(Args, Debug)]
pub struct MatchArgs {
    /// The class to match (`jurisdiction/code`).
    pub class: String,
    /// Only classes of this jurisdiction (default: every other jurisdiction).
    #[arg(long = "in", value_name = "JURISDICTION")]
    pub within: Option<String>,
    #[arg(long, default_value_t = 5)]
    pub top: usize,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    #[command(flatten)]
    pub dir: DirOpt,
}

pub fn matches(args: MatchArgs) -> anyhow::Result<i32> {
    let ws = load(&args.dir.dir)?;
    let key = ClassKey::parse(&args.class)
        .filter(|k| ws.plan.class(k).is_some())
        .ok_or_else(|| unknown_class(&ws, &args.class))?;
    if let Some(j) = &args.within
        && !ws.plan.jurisdictions.contains_key(j)
    {
        bail!("no jurisdiction `{j}`");
    }
    let index = ClassIndex::build(&ws.plan);
    let ranked = index.rank(&key, args.within.as_deref(), args.top);
    match args.format {
        ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&ranked)?),
        _ => {
            for (i, m) in ranked.iter().enumerate() {
                let pay = m
                    .pay_difference
                    .map(|p| format!("pay {p:+.1}%"))
                    .unwrap_or_else(|| "pay n/a".into());
                println!(
                    "{}. {:<16} {:.3}{}  {} ({}); {pay}; shared: {}",
                    i + 1,
                    m.reference,
                    m.score,
                    if m.weak { " (weak)" } else { "" },
                    m.title,
                    m.jurisdiction,
                    m.shared_terms.join(", ")
                );
            }
        }
    }
    Ok(0)
}

#[derive(Args, Debug)]
pub struct CrosswalkArgs {
    pub from: String,
    pub to: String,
    #[arg(long, value_enum, default_value_t = ReportFormat::Csv)]
    pub format: ReportFormat,
    #[command(flatten)]
    pub dir: DirOpt,
}

pub fn crosswalk_cmd(args: CrosswalkArgs) -> anyhow::Result<i32> {
    let ws = load(&args.dir.dir)?;
    for j in [&args.from, &args.to] {
        if !ws.plan.jurisdictions.contains_key(j) {
            bail!("no jurisdiction `{j}`");
        }
    }
    let index = ClassIndex::build(&ws.plan);
    let rows = crosswalk(&index, &args.from, &args.to);
    match args.format {
        ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&rows)?),
        ReportFormat::Html => {
            let e = crate::render::markdown::escape_html;
            println!(
                "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Crosswalk {} to {}</title></head><body><main><h1>Crosswalk {} to {}</h1><table><thead><tr><th scope=\"col\">Class</th><th scope=\"col\">Best match</th><th scope=\"col\">Score</th><th scope=\"col\">Shared terms</th></tr></thead><tbody>",
                e(&args.from),
                e(&args.to),
                e(&args.from),
                e(&args.to)
            );
            for r in &rows {
                match &r.best {
                    Some(m) => println!(
                        "<tr><th scope=\"row\">{} {}</th><td>{} {}</td><td>{:.3}{}</td><td>{}</td></tr>",
                        e(&r.reference),
                        e(&r.title),
                        e(&m.reference),
                        e(&m.title),
                        m.score,
                        if m.weak { " (weak)" } else { "" },
                        e(&m.shared_terms.join(", "))
                    ),
                    None => println!(
                        "<tr><th scope=\"row\">{} {}</th><td>none</td><td></td><td></td></tr>",
                        e(&r.reference),
                        e(&r.title)
                    ),
                }
            }
            println!("</tbody></table></main></body></html>");
        }
        _ => {
            println!("class,title,match,match_title,score,weak,shared_terms");
            let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
            for r in &rows {
                match &r.best {
                    Some(m) => println!(
                        "{},{},{},{},{:.3},{},{}",
                        q(&r.reference),
                        q(&r.title),
                        q(&m.reference),
                        q(&m.title),
                        m.score,
                        m.weak,
                        q(&m.shared_terms.join("; "))
                    ),
                    None => println!("{},{},,,,,", q(&r.reference), q(&r.title)),
                }
            }
        }
    }
    Ok(0)
}
