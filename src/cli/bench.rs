//! `bench-corpus` (generate a plan for benchmarks) and `bench-queries`
//! (time `diff` and `match` in-process, with the index built once, and the
//! career paths graph and `paths CLASS`).

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use crate::bench::generate::{CorpusSpec, generate};
use crate::compare::matching::ClassIndex;
use crate::compare::{ClassInput, compare};

#[derive(Args, Debug)]
pub struct CorpusArgs {
    /// Number of classes.
    #[arg(long, default_value_t = 1000)]
    pub classes: usize,
    /// Number of bulletins (default: as many as classes).
    #[arg(long)]
    pub bulletins: Option<usize>,
    /// Number of jurisdictions (1-10).
    #[arg(long, default_value_t = 4)]
    pub jurisdictions: usize,
    /// Random seed: the same seed gives the same plan.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Directory to create (must not exist, or be empty).
    #[arg(value_name = "DIR")]
    pub target: PathBuf,
}

pub fn corpus(args: CorpusArgs) -> anyhow::Result<i32> {
    let spec = CorpusSpec {
        classes: args.classes,
        bulletins: args.bulletins.unwrap_or(args.classes),
        jurisdictions: args.jurisdictions,
        seed: args.seed,
    };
    let start = Instant::now();
    generate(&spec, &args.target)?;
    eprintln!(
        "wrote {} classes and {} bulletins in {} jurisdictions to {} in {:.2}s",
        spec.classes,
        spec.bulletins,
        spec.jurisdictions,
        args.target.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(0)
}

#[derive(Args, Debug)]
pub struct QueriesArgs {
    /// Workspace directory (same as -C; default: found upward).
    #[arg(value_name = "DIR")]
    pub workspace: Option<PathBuf>,
    /// Repetitions of each query.
    #[arg(long, default_value_t = 50)]
    pub runs: usize,
    /// Also time PDF output of this many documents: preparation, bare Typst
    /// compile + export, and writing, to measure classplan's own overhead.
    #[arg(long, default_value_t = 0)]
    pub pdf: usize,
    /// Threads for the PDF timing.
    #[arg(long, default_value_t = 2)]
    pub threads: usize,
    /// Also write the PDF sample as stand-alone Typst projects here (one
    /// folder per document with main.typ and data.json, and the bundled
    /// fonts in fonts/), for timing `typst compile` on the same documents.
    #[arg(long, value_name = "DIR")]
    pub export_typst: Option<PathBuf>,
    /// Also time rendering every document's text formats in memory (no
    /// files written), to separate the renderer from the file system.
    #[arg(long)]
    pub render: bool,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

pub fn queries(g: &super::Globals, args: QueriesArgs) -> anyhow::Result<i32> {
    let ws = crate::check(&g.workspace(args.workspace.as_deref()));
    if ws.has_errors() {
        anyhow::bail!("the workspace has errors");
    }
    let keys = ws.plan.class_keys();
    if keys.len() < 2 {
        anyhow::bail!("need at least two classes");
    }
    let input = |k: &crate::model::ClassKey| {
        let (j, c) = ws.plan.class(k).expect("listed class");
        ClassInput {
            reference: k.to_string(),
            jurisdiction: j,
            class: std::borrow::Cow::Borrowed(&c.value),
            pay: Vec::new(),
            pay_source: None,
        }
    };
    let mut diff_ms = Vec::new();
    for i in 0..args.runs {
        let (a, b) = (input(&keys[i % keys.len()]), input(&keys[(i * 7 + 1) % keys.len()]));
        let t = Instant::now();
        let c = compare(&a, &b);
        std::hint::black_box(&c);
        diff_ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let t = Instant::now();
    let index = ClassIndex::build(&ws.plan);
    let index_ms = t.elapsed().as_secs_f64() * 1000.0;
    let mut match_ms = Vec::new();
    for i in 0..args.runs {
        let t = Instant::now();
        let m = index.rank(&keys[(i * 13) % keys.len()], None, 10);
        std::hint::black_box(&m);
        match_ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    // Career paths: the whole plan's graph (references resolved, edges,
    // quickest paths), and `paths CLASS` as the command computes it (the
    // graph, then the class's report), the workspace already loaded.
    let path_runs = args.runs.clamp(1, 10);
    let (mut graph_ms, mut resolver_ms, mut build_ms) = (Vec::new(), Vec::new(), Vec::new());
    let mut edges = 0;
    for _ in 0..path_runs {
        // Built from scratch each time (`plan_paths` would return the
        // graph the process already built for this plan).
        let t = Instant::now();
        let p = crate::derive::paths::Paths::new(std::sync::Arc::new(crate::derive::career::CareerGraph::build(
            &ws.plan,
            &crate::derive::career::Resolver::new(&ws.plan),
        )));
        graph_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        edges = p.graph.edges.len();
        // Its parts: the title indexes, then the edges and reachability
        // (the rest is the quickest paths).
        let t = Instant::now();
        let resolver = crate::derive::career::Resolver::new(&ws.plan);
        resolver_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        std::hint::black_box(crate::derive::career::CareerGraph::build(&ws.plan, &resolver));
        build_ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let mut paths_ms = Vec::new();
    for i in 0..path_runs {
        let reference = keys[(i * 17 + keys.len() / 2) % keys.len()].to_string();
        let t = Instant::now();
        let (key, ..) = ws.plan.find_class(&reference).map_err(anyhow::Error::msg)?;
        let p = crate::derive::paths::Paths::new(std::sync::Arc::new(crate::derive::career::CareerGraph::build(
            &ws.plan,
            &crate::derive::career::Resolver::new(&ws.plan),
        )));
        let r = p.report_for(&key, None, None).map_err(anyhow::Error::msg)?;
        std::hint::black_box(&r);
        paths_ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let mut report = serde_json::json!({
        "classes": keys.len(),
        "diff_ms_median": median(diff_ms),
        "match_index_build_ms": index_ms,
        "match_ms_median": median(match_ms),
        "paths_graph_ms_median": median(graph_ms),
        "paths_resolver_ms_median": median(resolver_ms),
        "paths_build_ms_median": median(build_ms),
        "paths_graph_edges": edges,
        "paths_class_ms_median": median(paths_ms),
    });
    if args.render {
        let formats = [
            crate::render::OutputFormat::Html,
            crate::render::OutputFormat::Md,
            crate::render::OutputFormat::Txt,
            crate::render::OutputFormat::Json,
            crate::render::OutputFormat::Jsonld,
        ]
        .into_iter()
        .collect();
        let as_of = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("date");
        let t = Instant::now();
        let (docs, files, bytes) =
            crate::site::render_in_memory(&ws, &formats, as_of).map_err(|_| anyhow::anyhow!("rendering failed"))?;
        let s = t.elapsed().as_secs_f64();
        report["render"] = serde_json::json!({
            "documents": docs,
            "files": files,
            "bytes": bytes,
            "seconds": s,
            "docs_per_s": docs as f64 / s,
        });
    }
    if args.pdf > 0 {
        let as_of = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("date");
        let t = Instant::now();
        let templates = &crate::templates(&ws).map_err(|_| anyhow::anyhow!("templates do not load"))?;
        // The first documents of the plan, half classes (spread over the
        // jurisdictions) and half bulletins.
        let per_jurisdiction = args.pdf.div_ceil(2 * ws.plan.jurisdictions.len().max(1));
        let mut classes_of: std::collections::HashMap<String, usize> = Default::default();
        let mut bulletins = 0;
        let only_pdf: std::collections::BTreeSet<_> = [crate::render::OutputFormat::Pdf].into();
        let mut tasks: Vec<crate::render::pdf::PdfTask> = Vec::new();
        for d in crate::site::plan::documents(&ws.plan) {
            let take = match &d {
                crate::site::plan::Doc::Class { key, .. } | crate::site::plan::Doc::Model { key, .. } => {
                    let n = classes_of.entry(key.jurisdiction.clone()).or_default();
                    *n += 1;
                    *n <= per_jurisdiction
                }
                crate::site::plan::Doc::Bulletin { .. } => {
                    bulletins += 1;
                    bulletins <= args.pdf / 2
                }
            };
            if take
                && let Some(view) = d.view(&ws.plan, as_of, None)
                && let Ok((_, Some(task))) = crate::render::render_doc(templates, view.as_doc(), &only_pdf)
            {
                tasks.push(task);
            }
        }
        tasks.truncate(args.pdf);
        let sources: Vec<(String, usize)> = tasks
            .iter()
            .map(|t| crate::render::pdf::source(templates, &t.jurisdiction, t.template))
            .collect();
        let prepare_s = t.elapsed().as_secs_f64();
        let engine = crate::render::pdf::engine();
        let jobs: Vec<crate::render::pdf::engine::PdfJob> = tasks
            .iter()
            .zip(&sources)
            .map(|(t, (src, _))| crate::render::pdf::engine::PdfJob {
                template_name: t.template,
                template: src,
                data: &t.data,
                title: &t.title,
                lang: &t.lang,
                date: t.date,
                ident: &t.ident,
            })
            .collect();
        let t = Instant::now();
        let pdfs = engine.compile_many(&jobs, args.threads);
        let compile_s = t.elapsed().as_secs_f64();
        let tmp = tempfile::tempdir()?;
        let t = Instant::now();
        for (task, pdf) in tasks.iter().zip(&pdfs) {
            if let Ok(bytes) = pdf {
                crate::write::write_atomic(&tmp.path().join(&task.rel), bytes)?;
            }
        }
        let write_s = t.elapsed().as_secs_f64();
        if let Some(dir) = &args.export_typst {
            export_typst(dir, &tasks, &sources)?;
        }
        let n = tasks.len() as f64;
        report["pdf"] = serde_json::json!({
            "documents": tasks.len(),
            "threads": args.threads,
            "prepare_s": prepare_s,
            "compile_export_s": compile_s,
            "write_s": write_s,
            "docs_per_s_total": n / (prepare_s + compile_s + write_s),
            "docs_per_s_compile_only": n / compile_s,
            "overhead_pct": (prepare_s + write_s) / compile_s * 100.0,
            "failed": pdfs.iter().filter(|p| p.is_err()).count(),
        });
    }
    println!("{report}");
    Ok(0)
}

/// Write each PDF task as a Typst project that `typst compile` builds to
/// the same document: the same source, with the data read from data.json
/// instead of passed in memory, and the same bundled fonts.
fn export_typst(
    dir: &std::path::Path,
    tasks: &[crate::render::pdf::PdfTask],
    sources: &[(String, usize)],
) -> anyhow::Result<()> {
    let fonts = dir.join("fonts");
    for (i, data) in typst_assets::fonts().enumerate() {
        let ext = match data.get(..4) {
            Some(b"OTTO") => "otf",
            Some(b"ttcf") => "ttc",
            _ => "ttf",
        };
        crate::write::write_atomic(&fonts.join(format!("font-{i:02}.{ext}")), data)?;
    }
    for (i, (task, (src, _))) in tasks.iter().zip(sources).enumerate() {
        let doc = dir.join(format!("doc-{i:04}"));
        let main = src.replace("sys.inputs.doc", "json(\"data.json\")");
        anyhow::ensure!(main != *src, "the Typst templates no longer read sys.inputs.doc");
        crate::write::write_atomic(&doc.join("main.typ"), main.as_bytes())?;
        crate::write::write_atomic(&doc.join("data.json"), &serde_json::to_vec(&task.data)?)?;
    }
    Ok(())
}
