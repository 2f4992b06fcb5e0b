//! The site's pages that list documents: the index (`index.html`), one
//! page per jurisdiction (`<j>/index.html`), and, when the site has a base
//! URL, `sitemap.xml` and `robots.txt`; plus the site's assets.

use chrono::NaiveDate;
use serde::Serialize;

use super::data_hash::data_hash;
use super::templates::Templates;
use super::view::BulletinSummary;
use super::{DocPath, Output, OutputFormat};
use crate::diag::Diagnostic;
use crate::model::{ClassKey, Plan};

#[derive(Serialize)]
struct IndexClass {
    jurisdiction: String,
    jurisdiction_id: String,
    /// The published code ("" when the employer publishes none).
    code: String,
    title: String,
    series: String,
    status: String,
    /// Relative to the output directory.
    href: String,
    /// Not adopted (listed with `--drafts`, never in the sitemap).
    unadopted: bool,
    search: String,
}

#[derive(Serialize)]
struct IndexBulletin {
    title: String,
    jurisdiction: String,
    jurisdiction_id: String,
    job_number: String,
    department: String,
    /// "Open", "Opens soon", "Closed".
    status: String,
    /// "open", "upcoming", "closed".
    state: String,
    /// "March 13, 2025", or "" when open until further notice.
    closes: String,
    /// Relative to the output directory.
    href: String,
    /// Not adopted (listed with `--drafts`, never in the sitemap).
    unadopted: bool,
    class_href: String,
    search: String,
}

#[derive(Serialize)]
struct IndexJurisdiction {
    id: String,
    name: String,
    classes: usize,
    bulletins: usize,
    href: String,
}

/// The files the site step writes for a plan in `formats`: the listing
/// pages and assets with HTML, the questionnaire schema with JSON.
pub fn site_files(
    plan: &Plan,
    base_url: Option<&str>,
    formats: &std::collections::BTreeSet<OutputFormat>,
) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    if formats.contains(&OutputFormat::Json) {
        v.push(super::questions::SCHEMA_REL.to_string());
    }
    if !formats.contains(&OutputFormat::Html) {
        return v;
    }
    v.extend(
        [
            "index.html",
            "assets/classplan.css",
            "assets/filter.js",
            "assets/questions.js",
        ]
        .map(String::from),
    );
    v.extend(plan.jurisdictions.keys().map(|j| format!("{j}/index.html")));
    v.extend(PATHS_FILES.iter().map(|f| f.to_string()));
    if base_url.is_some() {
        v.extend(["sitemap.xml".to_string(), "robots.txt".to_string()]);
    }
    v
}

/// "Customer Services Specialist, level 2 of 3".
fn series_label(s: &crate::model::class::Series) -> String {
    match (s.level, s.levels) {
        (Some(l), Some(n)) => format!("{}, level {l} of {n}", s.name),
        (Some(l), None) => format!("{}, level {l}", s.name),
        _ => s.name.clone(),
    }
}

fn classes(plan: &Plan) -> Vec<IndexClass> {
    let mut out = Vec::new();
    for j in plan.jurisdictions.values() {
        let mut cs: Vec<_> = j.classes.iter().collect();
        cs.sort_by(|a, b| a.code.value.cmp(&b.code.value));
        for c in cs {
            let series = c.series.as_ref().map(series_label).unwrap_or_default();
            let unadopted = crate::derive::adoption::index_label(crate::model::Stage::of(c.adoption.as_ref()));
            let status = unadopted.map_or_else(|| crate::derive::status::label(&c.status), str::to_string);
            let code = if c.code_published {
                c.code.to_string()
            } else {
                String::new()
            };
            let key = ClassKey {
                jurisdiction: j.id().to_string(),
                code: c.code.to_string(),
            };
            out.push(IndexClass {
                search: format!("{} {code} {} {series} {status}", j.def.name, *c.title).to_lowercase(),
                jurisdiction: j.def.name.clone(),
                jurisdiction_id: j.id().to_string(),
                code,
                title: c.title.value.clone(),
                series,
                status,
                href: DocPath::Class(&key).page(),
                unadopted: unadopted.is_some(),
            });
        }
    }
    out
}

fn bulletins(rows: &[(String, String, std::sync::Arc<BulletinSummary>)]) -> Vec<IndexBulletin> {
    rows.iter()
        .map(|(jur, id, v)| IndexBulletin {
            search: format!(
                "{} {} {} {} {} {}",
                v.title,
                v.job_number.as_deref().unwrap_or(""),
                v.department.as_deref().unwrap_or(""),
                v.jurisdiction_name,
                v.unadopted.unwrap_or(v.filing.label),
                serde_json::to_value(v.filing.state)
                    .ok()
                    .and_then(|s| s.as_str().map(String::from))
                    .unwrap_or_default(),
            )
            .to_lowercase(),
            title: v.title.clone(),
            jurisdiction: v.jurisdiction_name.clone(),
            jurisdiction_id: jur.clone(),
            job_number: v.job_number.clone().unwrap_or_default(),
            department: v.department.clone().unwrap_or_default(),
            status: v.unadopted.unwrap_or(v.filing.label).to_string(),
            state: serde_json::to_value(v.filing.state)
                .ok()
                .and_then(|s| s.as_str().map(String::from))
                .unwrap_or_default(),
            closes: v.closes.clone().unwrap_or_default(),
            href: DocPath::Bulletin { jurisdiction: jur, id }.page(),
            class_href: v.class_page.clone(),
            unadopted: v.unadopted.is_some(),
        })
        .collect()
}

/// A jurisdiction as its index page shows it.
#[derive(Serialize)]
struct SiteJurisdiction {
    index: IndexJurisdiction,
    language: String,
    authority: Option<String>,
    website: Option<String>,
}

/// Everything the site's own files (listing pages, career paths page and
/// data, sitemap, assets) are made from, prepared before any template
/// runs. Its [`SiteData::hash`] is what a build compares to know whether
/// they can have changed: editing a duty changes no listing.
pub struct SiteData {
    classes: Vec<IndexClass>,
    bulletins: Vec<IndexBulletin>,
    jurisdictions: Vec<SiteJurisdiction>,
    as_of: NaiveDate,
    base_url: Option<String>,
    /// Whether the site links a lint report (`lint/index.html` exists).
    lint_report: bool,
    career: std::sync::Arc<CareerPages>,
}

/// The paths page's data: the whole plan's career graph and its map, with
/// the hash of both (`data_hash`). A function of the graph's classes,
/// steps and references and of each jurisdiction's name and number style
/// ([`CareerPages::key`]), so a session takes the last one while that key
/// is the same.
#[derive(Debug)]
pub struct CareerPages {
    graph: crate::derive::paths::PlanGraph,
    map: crate::derive::paths::PlanMap,
    hash: blake3::Hash,
}

impl CareerPages {
    pub fn make(plan: &Plan, paths: &crate::derive::paths::Paths) -> CareerPages {
        let (graph, map) = rayon::join(|| paths.plan_graph(), || paths.map(plan));
        let (g, m) = rayon::join(|| data_hash(&graph), || data_hash(&map));
        let mut h = blake3::Hasher::new();
        h.update(g.as_bytes());
        h.update(m.as_bytes());
        CareerPages {
            graph,
            map,
            hash: h.finalize(),
        }
    }

    /// Everything [`CareerPages::make`] reads: the graph as the sections
    /// read it ([`crate::derive::paths::Paths::sections_key`]: classes,
    /// steps, quickest ways in), its references (counts, and those that
    /// found no class or several), and each jurisdiction's id, name and
    /// number style. Not where a step's requirement sits in its file,
    /// which an edit before it moves.
    pub fn key(plan: &Plan, paths: &crate::derive::paths::Paths) -> blake3::Hash {
        let g = &paths.graph;
        let mut h = blake3::Hasher::new();
        h.update(paths.sections_key().as_bytes());
        // Every count (a field added to them is a compile error here).
        let crate::derive::career::RefCounts {
            total,
            resolved,
            own,
            ambiguous,
            unresolved,
        } = g.refs;
        for n in [total, resolved, own, ambiguous, unresolved] {
            h.update(&(n as u64).to_le_bytes());
        }
        h.update(&(g.loose.len() as u64).to_le_bytes());
        for l in &g.loose {
            let candidates: Vec<String> = l.candidates.iter().map(ToString::to_string).collect();
            h.update(format!("{}\u{0}{}\u{0}{}\u{0}{candidates:?}\u{0}", l.to, l.route, l.title).as_bytes());
        }
        for j in plan.jurisdictions.values() {
            h.update(format!("\u{0}{}\u{0}{}\u{0}{:?}", j.id(), j.def.name, j.def.style.numbers).as_bytes());
        }
        h.finalize()
    }
}

impl SiteData {
    /// `rows` are (jurisdiction, id, summary) of every bulletin.
    pub fn new(
        plan: &Plan,
        rows: &[(String, String, std::sync::Arc<BulletinSummary>)],
        as_of: NaiveDate,
        base_url: Option<&str>,
        lint_report: bool,
        career: impl FnOnce() -> std::sync::Arc<CareerPages> + Send,
    ) -> SiteData {
        // The listings and the paths page's data at once.
        let ((classes, bulletins), career) = rayon::join(|| rayon::join(|| classes(plan), || bulletins(rows)), career);
        let jurisdictions = plan
            .jurisdictions
            .values()
            .map(|j| SiteJurisdiction {
                index: IndexJurisdiction {
                    id: j.id().to_string(),
                    name: j.def.name.clone(),
                    classes: j.classes.len(),
                    bulletins: bulletins.iter().filter(|b| b.jurisdiction_id == j.id()).count(),
                    href: format!("{}/index.html", j.id()),
                },
                language: j.def.language.clone(),
                authority: j.def.authority.clone(),
                website: j.def.website.clone(),
            })
            .collect();
        SiteData {
            classes,
            bulletins,
            jurisdictions,
            as_of,
            base_url: base_url.map(str::to_string),
            lint_report,
            career,
        }
    }

    /// Hash of the data (with the templates and formats, the inputs of
    /// the site's files).
    pub fn hash(&self, templates: &Templates, formats: &std::collections::BTreeSet<OutputFormat>) -> String {
        let mut h = blake3::Hasher::new();
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        h.update(templates.fingerprint.as_bytes());
        h.update(format!("{formats:?}").as_bytes());
        // The large parts hashed at once, each on its own; then the rest.
        let (classes, bulletins) = rayon::join(|| data_hash(&self.classes), || data_hash(&self.bulletins));
        for part in [classes, bulletins, self.career.hash] {
            h.update(part.as_bytes());
        }
        h.update(data_hash(&(&self.jurisdictions, self.as_of, &self.base_url, self.lint_report)).as_bytes());
        h.finalize().to_hex()[..32].to_string()
    }
}

/// The site's listing pages and assets.
pub fn render(t: &Templates, data: &SiteData) -> Result<Vec<Output>, Diagnostic> {
    let all_classes = &data.classes;
    let all_bulletins = &data.bulletins;
    let js: Vec<&IndexJurisdiction> = data.jurisdictions.iter().map(|j| &j.index).collect();
    let as_of = data.as_of;
    let base_url = data.base_url.as_deref();
    let as_of_text = crate::derive::status::long_plain_date(as_of);
    let page = |rel: &str| base_url.map(|b| format!("{b}/{}", rel.trim_end_matches("index.html")));
    let mut ctx = tera::Context::new();
    ctx.insert("root", "");
    ctx.insert("lang", "en");
    ctx.insert("classes", all_classes);
    ctx.insert("bulletins", all_bulletins);
    ctx.insert("jurisdictions", &js);
    ctx.insert("as_of", &as_of.to_string());
    ctx.insert("as_of_text", &as_of_text);
    ctx.insert("page_url", &page("index.html"));
    ctx.insert("lint_report", &data.lint_report);
    let names: Vec<&str> = js.iter().map(|j| j.name.as_str()).collect();
    ctx.insert("og_title", "Classification plan");
    ctx.insert(
        "description",
        &format!(
            "Class specifications and job bulletins of {}: {} classes, {} job bulletins.",
            crate::derive::phrase::join_list(&names.iter().map(|s| s.to_string()).collect::<Vec<_>>(), "and"),
            all_classes.len(),
            all_bulletins.len()
        ),
    );
    let mut out = vec![Output {
        rel: "index.html".into(),
        format: OutputFormat::Html,
        bytes: t.render("", "index.html", &ctx)?.into_bytes(),
    }];
    for j in &data.jurisdictions {
        let jv = &j.index;
        let rel = format!("{}/index.html", jv.id);
        let mut ctx = tera::Context::new();
        ctx.insert("root", "../");
        ctx.insert("lang", &j.language);
        ctx.insert("jurisdiction", &jv);
        ctx.insert("authority", &j.authority);
        ctx.insert("website", &j.website);
        let cs: Vec<&IndexClass> = all_classes.iter().filter(|c| c.jurisdiction_id == jv.id).collect();
        let bs: Vec<&IndexBulletin> = all_bulletins.iter().filter(|b| b.jurisdiction_id == jv.id).collect();
        ctx.insert("classes", &cs);
        ctx.insert("bulletins", &bs);
        ctx.insert("as_of", &as_of.to_string());
        ctx.insert("as_of_text", &as_of_text);
        ctx.insert("page_url", &page(&rel));
        ctx.insert("og_title", &format!("{} – classification plan", jv.name));
        ctx.insert(
            "description",
            &format!(
                "Class specifications and job bulletins of {}: {} classes, {} job bulletins.",
                jv.name, jv.classes, jv.bulletins
            ),
        );
        out.push(Output {
            bytes: t.render(&jv.id, "jurisdiction.html", &ctx)?.into_bytes(),
            rel,
            format: OutputFormat::Html,
        });
    }
    out.extend(paths_files(t, &data.career.graph, &data.career.map, &page)?);
    if let Some(base) = base_url {
        let mut pages: Vec<String> = vec!["index.html".into(), PATHS_PAGE.into()];
        pages.extend(js.iter().map(|j| j.href.clone()));
        // Drafts (built with --drafts) are `noindex`: not in the sitemap.
        pages.extend(all_classes.iter().filter(|c| !c.unadopted).map(|c| c.href.clone()));
        pages.extend(all_bulletins.iter().filter(|b| !b.unadopted).map(|b| b.href.clone()));
        out.push(Output {
            rel: "sitemap.xml".into(),
            format: OutputFormat::Html,
            bytes: sitemap(base, &pages).into_bytes(),
        });
        out.push(Output {
            rel: "robots.txt".into(),
            format: OutputFormat::Html,
            bytes: format!("User-agent: *\nAllow: /\n\nSitemap: {base}/sitemap.xml\n").into_bytes(),
        });
    }
    for asset in ["classplan.css", "filter.js", "questions.js"] {
        out.push(Output {
            rel: format!("assets/{asset}"),
            format: OutputFormat::Html,
            bytes: t.raw("", asset).as_bytes().to_vec(),
        });
    }
    Ok(out)
}

/// A sitemaps.org sitemap of `pages` (relative to `base`). No `lastmod`:
/// the build knows no modification time it could state truthfully.
fn sitemap(base: &str, pages: &[String]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in pages {
        let url = format!("{base}/{}", p.trim_end_matches("index.html"));
        s.push_str(&format!("  <url><loc>{}</loc></url>\n", crate::text::escape_html(&url)));
    }
    s.push_str("</urlset>\n");
    s
}

use crate::render::view::PATHS_PAGE;

/// The career paths page and the whole graph as data.
const PATHS_FILES: [&str; 4] = [PATHS_PAGE, "paths/paths.json", "paths/paths.graphml", "paths/paths.dot"];

/// `paths/`: the page of the plan's career paths (per jurisdiction, per
/// series or department, a diagram when the group is small and nested
/// lists always), `paths.json` (`classplan/paths-graph/1`), GraphML and
/// DOT.
fn paths_files(
    t: &Templates,
    graph: &crate::derive::paths::PlanGraph,
    map: &crate::derive::paths::PlanMap,
    page: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<Output>, Diagnostic> {
    let href = |reference: &str| {
        crate::model::ClassKey::parse(reference)
            .map(|k| DocPath::Class(&k).page())
            .unwrap_or_default()
    };
    // The map as template data, with each class's page and each small
    // group's diagram.
    let mut value = serde_json::to_value(map).map_err(|e| {
        Diagnostic::new(
            crate::rules::Rule::Template,
            format!("cannot prepare the paths page ({e})"),
        )
    })?;
    let mut n = 0;
    for (jv, j) in value["jurisdictions"]
        .as_array_mut()
        .into_iter()
        .flatten()
        .zip(&map.jurisdictions)
    {
        for (gv, g) in jv["groups"].as_array_mut().into_iter().flatten().zip(&j.groups) {
            n += 1;
            if g.classes.len() <= super::paths::MAX_DIAGRAM {
                let nodes: Vec<(String, bool)> = g.classes.iter().map(|c| (c.title.clone(), c.entry)).collect();
                let label = format!("Career paths diagram: {}", g.name);
                gv["svg"] = super::paths::diagram_svg(&format!("d{n}"), &label, &nodes, &g.edges)
                    .unwrap_or_default()
                    .into();
            }
            for (cv, c) in gv["classes"].as_array_mut().into_iter().flatten().zip(&g.classes) {
                cv["href"] = href(&c.reference).into();
                for (sv, st) in cv["leads_to"].as_array_mut().into_iter().flatten().zip(&c.leads_to) {
                    sv["href"] = href(&st.reference).into();
                }
            }
        }
    }
    let mut ctx = tera::Context::from_value(value).map_err(|e| {
        Diagnostic::new(
            crate::rules::Rule::Template,
            format!("cannot prepare the paths page ({e})"),
        )
    })?;
    ctx.insert("root", "../");
    ctx.insert("lang", "en");
    ctx.insert("page_url", &page(PATHS_PAGE));
    ctx.insert("og_title", "Career paths");
    ctx.insert(
        "description",
        &format!(
            "Career paths of the classification plan: {} steps between {} classes.",
            map.stats.edges, map.stats.connected
        ),
    );
    let html = t.render("", "paths.html", &ctx)?;
    let json = serde_json::to_string_pretty(graph).unwrap_or_default() + "\n";
    Ok(vec![
        Output {
            rel: PATHS_PAGE.into(),
            format: OutputFormat::Html,
            bytes: html.into_bytes(),
        },
        Output {
            rel: "paths/paths.json".into(),
            format: OutputFormat::Html,
            bytes: json.into_bytes(),
        },
        Output {
            rel: "paths/paths.graphml".into(),
            format: OutputFormat::Html,
            bytes: super::paths::graphml(&graph.classes, &graph.edges).into_bytes(),
        },
        Output {
            rel: "paths/paths.dot".into(),
            format: OutputFormat::Html,
            bytes: super::paths::dot(&graph.classes, &graph.edges).into_bytes(),
        },
    ])
}
