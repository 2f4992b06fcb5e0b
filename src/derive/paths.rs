//! What career paths say, as data: `classplan paths CLASS` (the classes
//! that lead to a class and those it leads to, with steps, routes, months,
//! the quickest way in from an entry-level class and cycles), the whole
//! plan's graph (`paths.json`, GraphML, DOT, the paths page), and each
//! document's "Career path" section. Computed from [`CareerGraph`]; the
//! text of `paths` is here too, the file formats are `render::paths`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;

use serde::Serialize;

use super::career::{CareerGraph, Direction, Edge, Quickest};
use super::phrase::months_phrase;
use crate::model::jurisdiction::NumberStyle;

/// A class in a graph report.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct GraphClass {
    /// `jurisdiction/code`.
    pub reference: String,
    pub jurisdiction: String,
    pub code: String,
    pub title: String,
    /// The series, else the department of its bulletins.
    pub group: Option<String>,
    /// Some way to qualify names no class of the plan.
    pub entry: bool,
    /// Some chain of classes from an entry-level class leads here.
    pub reachable: bool,
    pub abolished: bool,
    /// Months of experience in named classes along the quickest path from
    /// an entry-level class (0 for one); none when no path leads here.
    pub months_from_entry: Option<f64>,
    /// "draft" or "proposed" for a class not adopted yet (built with
    /// `--drafts`); absent for an adopted class.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<&'static str>,
    /// Steps from the class asked about, looking up (`paths` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub steps_up: Option<u32>,
    /// Steps from the class asked about, looking down (`paths` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub steps_down: Option<u32>,
}

/// Experience in `from` that counts toward `to`.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct GraphEdge {
    pub from: String,
    pub to: String,
    /// The route (or lettered part) of `to`'s requirements: "2", "1b".
    pub route: String,
    /// Full-time months the item asks for (none when it states no amount).
    pub months: Option<f64>,
    /// `as` ("as a Clerk") or `at-level-of` ("at the level of Clerk").
    pub kind: &'static str,
    /// The class title as the requirement writes it.
    pub title: String,
}

/// The quickest way in from an entry-level class.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct QuickestView {
    pub months: f64,
    /// The classes from the entry-level one to the class asked about.
    pub classes: Vec<String>,
    pub steps: Vec<GraphEdge>,
}

/// `classplan paths CLASS --format json`: `classplan/paths/1`.
#[derive(Clone, Debug, Serialize)]
pub struct PathsReport {
    pub schema: &'static str,
    pub class: GraphClass,
    /// `up`, `down` or `both`.
    pub direction: &'static str,
    pub depth: Option<u32>,
    /// Every class found (the class asked about first), nearest first.
    pub classes: Vec<GraphClass>,
    /// Edges among the classes found.
    pub edges: Vec<GraphEdge>,
    pub quickest: Option<QuickestView>,
    /// Cycles (classes that require experience in each other) among the
    /// classes found, each as its classes.
    pub cycles: Vec<Vec<String>>,
    /// Classes lie beyond `depth`.
    pub truncated: bool,
}

/// The whole plan's graph: `paths.json` (`classplan/paths-graph/1`).
#[derive(Clone, Debug, Serialize)]
pub struct PlanGraph {
    pub schema: &'static str,
    pub classes: Vec<GraphClass>,
    pub edges: Vec<GraphEdge>,
    pub cycles: Vec<Vec<String>>,
    pub stats: GraphStats,
    /// Class references that found no class, or several.
    pub loose_references: Vec<GraphLooseRef>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct GraphStats {
    pub classes: usize,
    pub edges: usize,
    /// Classes in at least one edge.
    pub connected: usize,
    pub entry_level: usize,
    /// Classes no chain from an entry-level class reaches.
    pub unreachable: usize,
    /// The most steps of any chain (cycles contracted).
    pub longest_path: usize,
    pub cycles: usize,
    /// What became of the class references of the requirements.
    pub references: super::career::RefCounts,
}

/// A class reference that is no step (`paths.json`'s `loose_references`).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct GraphLooseRef {
    /// The class whose requirement names it (`jurisdiction/code`).
    pub class: String,
    pub route: String,
    /// The title as the requirement writes it.
    pub title: String,
    /// The classes an ambiguous title names; empty when it names none.
    pub candidates: Vec<String>,
}

/// A graph, with what every report needs computed once.
pub struct Paths {
    pub graph: std::sync::Arc<CareerGraph>,
    quickest: Vec<Option<Quickest>>,
}

impl Paths {
    pub fn new(graph: std::sync::Arc<CareerGraph>) -> Paths {
        let quickest = graph.quickest();
        Paths { graph, quickest }
    }

    /// A hash of everything [`Paths::section`] reads: each class's key,
    /// title, group, stage and flags, each edge's ends, route, months,
    /// title and "at the level of", and the quickest ways in. Two graphs with equal
    /// keys give every class the same section (where a requirement sits in
    /// its file, which an edit before it moves, is not part of it).
    pub fn sections_key(&self) -> blake3::Hash {
        let g = &self.graph;
        // Written out, then hashed once (many short fields one by one
        // cost more than their bytes).
        let mut b: Vec<u8> = Vec::with_capacity(64 * (g.nodes.len() + g.edges.len()));
        let text = |b: &mut Vec<u8>, s: &str| {
            b.extend_from_slice(&(s.len() as u64).to_le_bytes());
            b.extend_from_slice(s.as_bytes());
        };
        b.extend_from_slice(&(g.nodes.len() as u64).to_le_bytes());
        for n in &g.nodes {
            text(&mut b, &n.key.jurisdiction);
            text(&mut b, &n.key.code);
            text(&mut b, &n.title);
            text(&mut b, n.group.as_deref().unwrap_or("\u{0}"));
            b.extend_from_slice(&[
                n.group.is_some() as u8,
                n.abolished as u8,
                n.entry as u8,
                n.reachable as u8,
            ]);
            text(&mut b, n.stage.name());
        }
        b.extend_from_slice(&(g.edges.len() as u64).to_le_bytes());
        for e in &g.edges {
            b.extend_from_slice(&(e.from as u64).to_le_bytes());
            b.extend_from_slice(&(e.to as u64).to_le_bytes());
            text(&mut b, &e.route);
            text(&mut b, &e.title);
            b.extend_from_slice(&e.months.map_or(u64::MAX, f64::to_bits).to_le_bytes());
            b.extend_from_slice(&[e.months.is_some() as u8, e.at_level as u8]);
        }
        for q in &self.quickest {
            match q {
                Some(q) => {
                    b.extend_from_slice(&q.months.to_bits().to_le_bytes());
                    b.extend_from_slice(&(q.path.len() as u64).to_le_bytes());
                    for e in &q.path {
                        b.extend_from_slice(&(*e as u64).to_le_bytes());
                    }
                }
                None => b.extend_from_slice(b"none"),
            }
        }
        blake3::hash(&b)
    }

    pub fn class(&self, n: usize) -> GraphClass {
        let node = &self.graph.nodes[n];
        GraphClass {
            reference: node.key.to_string(),
            jurisdiction: node.key.jurisdiction.clone(),
            code: node.key.code.clone(),
            title: node.title.clone(),
            group: node.group.clone(),
            entry: node.entry,
            reachable: node.reachable,
            abolished: node.abolished,
            months_from_entry: self.quickest[n].as_ref().map(|q| round(q.months)),
            stage: (!node.stage.is_adopted()).then(|| node.stage.name()),
            steps_up: None,
            steps_down: None,
        }
    }

    pub fn edge(&self, e: usize) -> GraphEdge {
        let edge: &Edge = &self.graph.edges[e];
        GraphEdge {
            from: self.graph.nodes[edge.from].key.to_string(),
            to: self.graph.nodes[edge.to].key.to_string(),
            route: edge.route.clone(),
            months: edge.months.map(round),
            kind: if edge.at_level { "at-level-of" } else { "as" },
            title: edge.title.clone(),
        }
    }

    pub fn quickest(&self, n: usize) -> Option<QuickestView> {
        let q = self.quickest[n].as_ref()?;
        let mut classes: Vec<String> = q
            .path
            .iter()
            .map(|&e| self.graph.nodes[self.graph.edges[e].from].key.to_string())
            .collect();
        classes.push(self.graph.nodes[n].key.to_string());
        Some(QuickestView {
            months: round(q.months),
            classes,
            steps: q.path.iter().map(|&e| self.edge(e)).collect(),
        })
    }

    /// [`Paths::report`] for the class `key` of the plan.
    pub fn report_for(
        &self,
        key: &crate::model::ClassKey,
        dir: Option<Direction>,
        depth: Option<u32>,
    ) -> Result<PathsReport, String> {
        let n = self
            .graph
            .find(key)
            .ok_or_else(|| format!("class `{key}` is a duplicate code; its first class is the one in the graph"))?;
        Ok(self.report(n, dir, depth))
    }

    /// `paths CLASS`: up, down or both (`dir` none), at most `depth` steps.
    pub fn report(&self, n: usize, dir: Option<Direction>, depth: Option<u32>) -> PathsReport {
        let mut found: BTreeMap<usize, (Option<u32>, Option<u32>)> = BTreeMap::new();
        let mut edges: BTreeSet<usize> = BTreeSet::new();
        let mut truncated = false;
        for d in [Direction::Up, Direction::Down] {
            if dir.is_some_and(|want| want != d) {
                continue;
            }
            let r = self.graph.reach(n, d, depth);
            truncated |= r.truncated;
            edges.extend(r.edges);
            for (m, steps) in r.nodes {
                let slot = found.entry(m).or_default();
                match d {
                    Direction::Up => slot.0 = Some(steps),
                    Direction::Down => slot.1 = Some(steps),
                }
            }
        }
        let mut order: Vec<(usize, u32)> = found
            .iter()
            .map(|(&m, &(u, d))| (m, u.unwrap_or(u32::MAX).min(d.unwrap_or(u32::MAX))))
            .collect();
        order.sort_by_key(|&(m, steps)| (steps, self.graph.nodes[m].key.clone()));
        let classes: Vec<GraphClass> = order
            .iter()
            .map(|&(m, _)| {
                let (up, down) = found[&m];
                GraphClass {
                    steps_up: up,
                    steps_down: down,
                    ..self.class(m)
                }
            })
            .collect();
        let in_report: BTreeSet<usize> = found.keys().copied().collect();
        let cycles = self
            .graph
            .cycles()
            .into_iter()
            .filter(|c| c.iter().any(|m| in_report.contains(m)))
            .map(|c| self.cycle_refs(&c))
            .collect();
        PathsReport {
            schema: "classplan/paths/1",
            class: classes[0].clone(),
            direction: match dir {
                Some(Direction::Up) => "up",
                Some(Direction::Down) => "down",
                None => "both",
            },
            depth,
            classes,
            edges: edges.into_iter().map(|e| self.edge(e)).collect(),
            quickest: self.quickest(n),
            cycles,
            truncated,
        }
    }

    /// A cycle as references, in the order of its steps, the first class
    /// again at the end.
    fn cycle_refs(&self, component: &[usize]) -> Vec<String> {
        let path = self.graph.cycle_through(component);
        let mut v: Vec<String> = path
            .iter()
            .map(|&e| self.graph.nodes[self.graph.edges[e].from].key.to_string())
            .collect();
        if let Some(first) = v.first().cloned() {
            v.push(first);
        }
        v
    }

    /// The whole plan.
    pub fn plan_graph(&self) -> PlanGraph {
        let g = &self.graph;
        PlanGraph {
            schema: "classplan/paths-graph/1",
            classes: (0..g.nodes.len()).map(|n| self.class(n)).collect(),
            edges: (0..g.edges.len()).map(|e| self.edge(e)).collect(),
            stats: self.plan_graph_stats(),
            cycles: g.cycles().iter().map(|c| self.cycle_refs(c)).collect(),
            loose_references: g
                .loose
                .iter()
                .map(|l| GraphLooseRef {
                    class: g.nodes[l.to].key.to_string(),
                    route: l.route.clone(),
                    title: l.title.clone(),
                    candidates: l.candidates.iter().map(ToString::to_string).collect(),
                })
                .collect(),
        }
    }

    /// A document's "Career path" section: the classes one step up and
    /// down, with the requirement that makes each step, and the quickest
    /// way in.
    /// A hash of exactly what [`Paths::section`] reads for class `n`: its
    /// key and entry flag; each step into and out of it (route, months,
    /// "at the level of") with the class at its other end as a section
    /// shows it (key, title, group, flags, stage, months from entry); its
    /// quickest way in (months, each step as the report shows it and the
    /// classes on it); the number style. A session makes again only the
    /// sections whose key changed (a retitle changes its neighbours').
    pub fn section_key(&self, n: usize, style: NumberStyle) -> blake3::Hash {
        let g = &self.graph;
        let mut b: Vec<u8> = Vec::with_capacity(512);
        let text = |b: &mut Vec<u8>, s: &str| {
            b.extend_from_slice(&(s.len() as u64).to_le_bytes());
            b.extend_from_slice(s.as_bytes());
        };
        let months = |b: &mut Vec<u8>, m: Option<f64>| {
            b.extend_from_slice(&m.map_or(u64::MAX, f64::to_bits).to_le_bytes());
            b.push(m.is_some() as u8);
        };
        let node = |b: &mut Vec<u8>, m: usize| {
            let node = &g.nodes[m];
            text(b, &node.key.jurisdiction);
            text(b, &node.key.code);
            text(b, &node.title);
            text(b, node.group.as_deref().unwrap_or("\u{0}"));
            b.extend_from_slice(&[
                node.group.is_some() as u8,
                node.abolished as u8,
                node.entry as u8,
                node.reachable as u8,
            ]);
            text(b, node.stage.name());
            months(b, self.quickest[m].as_ref().map(|q| q.months));
        };
        let edge = |b: &mut Vec<u8>, e: usize| {
            let edge = &g.edges[e];
            text(b, &edge.route);
            text(b, &edge.title);
            months(b, edge.months);
            b.push(edge.at_level as u8);
        };
        text(&mut b, &format!("{style:?}"));
        node(&mut b, n);
        for (list, far) in [(&g.inc[n], true), (&g.out[n], false)] {
            b.extend_from_slice(&(list.len() as u64).to_le_bytes());
            for &e in list {
                edge(&mut b, e);
                node(&mut b, if far { g.edges[e].from } else { g.edges[e].to });
            }
        }
        match &self.quickest[n] {
            Some(q) => {
                b.extend_from_slice(&(q.path.len() as u64).to_le_bytes());
                for &e in &q.path {
                    edge(&mut b, e);
                    node(&mut b, g.edges[e].from);
                    node(&mut b, g.edges[e].to);
                }
            }
            None => b.extend_from_slice(b"none"),
        }
        blake3::hash(&b)
    }

    pub fn section(&self, n: usize, style: NumberStyle) -> CareerSection {
        let g = &self.graph;
        let from = self.steps(n, style, true);
        let to = self.steps(n, style, false);
        let quickest = self.quickest(n).filter(|q| !q.steps.is_empty()).map(|q| {
            let titles: HashMap<&str, &str> = q
                .classes
                .iter()
                .filter_map(|r| {
                    let key = crate::model::ClassKey::parse(r)?;
                    g.find(&key).map(|m| (r.as_str(), g.nodes[m].title.as_str()))
                })
                .collect();
            let chain: Vec<&str> = q
                .classes
                .iter()
                .map(|r| titles.get(r.as_str()).copied().unwrap_or(r))
                .collect();
            format!(
                "Quickest way in from an entry-level class: {}, with {} of experience in those classes.",
                chain.join(" → "),
                months_phrase(q.months, style)
            )
        });
        CareerSection {
            entry: g.nodes[n].entry,
            from,
            to,
            quickest,
        }
    }

    /// The steps of class `n`'s career section into it (`into`: from the
    /// classes whose experience qualifies for it) or out of it, one per
    /// class at the other end (its first route), by title. The site's map
    /// shows only the steps out, so makes only those.
    fn steps(&self, n: usize, style: NumberStyle, into: bool) -> Vec<CareerStep> {
        let g = &self.graph;
        let step = |e: usize, other: usize| {
            let edge = &g.edges[e];
            let route = crate::model::expr::RouteRef::parse(&edge.route)
                .map(super::requirements::ref_label)
                .unwrap_or_else(|| edge.route.clone());
            let amount = match edge.months {
                Some(m) => format!("{} of experience", months_phrase(m, style)),
                None => "experience".to_string(),
            };
            let level = if edge.at_level { " at its level" } else { "" };
            CareerStep {
                class: self.class(other),
                route: edge.route.clone(),
                experience: edge.months.map(|m| months_phrase(m, style)),
                at_level: edge.at_level,
                phrase: if into {
                    format!("{amount}{level} (Requirement #{route})")
                } else {
                    format!(
                        "after {amount}{} (its Requirement #{route})",
                        if edge.at_level { " at this level" } else { "" }
                    )
                },
            }
        };
        let merge = |steps: Vec<CareerStep>| {
            // One line per class: its first route (edges are sorted).
            let mut seen = BTreeSet::new();
            let mut v: Vec<CareerStep> = steps
                .into_iter()
                .filter(|s| seen.insert(s.class.reference.clone()))
                .collect();
            v.sort_by(|a, b| {
                a.class
                    .title
                    .cmp(&b.class.title)
                    .then_with(|| a.class.reference.cmp(&b.class.reference))
            });
            v
        };
        match into {
            true => merge(g.inc[n].iter().map(|&e| step(e, g.edges[e].from)).collect()),
            false => merge(g.out[n].iter().map(|&e| step(e, g.edges[e].to)).collect()),
        }
    }
}

/// A class page's or bulletin's "Career path" section.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct CareerSection {
    /// Some way to qualify names no class.
    pub entry: bool,
    /// Classes whose experience qualifies for this one.
    pub from: Vec<CareerStep>,
    /// Classes this one's experience qualifies for.
    pub to: Vec<CareerStep>,
    /// "Quickest way in from an entry-level class: Clerk → Senior Clerk,
    /// with two years of experience in those classes."
    pub quickest: Option<String>,
}

impl CareerSection {
    pub fn is_empty(&self) -> bool {
        self.from.is_empty() && self.to.is_empty()
    }
}

/// One step of a career path section.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CareerStep {
    pub class: GraphClass,
    /// The route of the requirement that names the class ("2", "1b").
    pub route: String,
    /// "two years" (none when the requirement states no amount).
    pub experience: Option<String>,
    pub at_level: bool,
    /// "two years of experience (Requirement #2)" for a class that leads
    /// here; "after two years of experience (its Requirement #1)" for one
    /// this class leads to.
    pub phrase: String,
}

fn round(m: f64) -> f64 {
    (m * 10.0).round() / 10.0
}

fn months_text(m: Option<f64>) -> String {
    match m {
        Some(m) => super::phrase::months_figure(m),
        None => "no stated amount".to_string(),
    }
}

/// `paths` as text.
pub fn report_text(r: &PathsReport) -> String {
    let mut o = String::new();
    let c = &r.class;
    let _ = writeln!(o, "{} ({})", c.title, c.reference);
    let mut facts = Vec::new();
    if c.entry {
        facts.push("entry level (a way to qualify names no class)".to_string());
    }
    if c.abolished {
        facts.push("abolished".to_string());
    }
    if !c.reachable && !c.entry {
        facts.push("reachable from no entry-level class".to_string());
    }
    if !facts.is_empty() {
        let _ = writeln!(o, "  {}", facts.join("; "));
    }
    match &r.quickest {
        Some(q) if !q.steps.is_empty() => {
            let _ = writeln!(
                o,
                "  quickest from an entry-level class: {} along {}",
                months_text(Some(q.months)),
                q.classes.join(" → ")
            );
        }
        _ => {}
    }
    let title: HashMap<&str, &str> = r
        .classes
        .iter()
        .map(|c| (c.reference.as_str(), c.title.as_str()))
        .collect();
    for (label, up) in [("leads here (up)", true), ("leads to (down)", false)] {
        if (up && r.direction == "down") || (!up && r.direction == "up") {
            continue;
        }
        let list: Vec<&GraphClass> = r
            .classes
            .iter()
            .skip(1)
            .filter(|k| {
                if up {
                    k.steps_up.is_some()
                } else {
                    k.steps_down.is_some()
                }
            })
            .collect();
        if list.is_empty() {
            let _ = writeln!(o, "\n{label}: none");
            continue;
        }
        let _ = writeln!(o, "\n{label}:");
        for k in list {
            let steps = if up { k.steps_up } else { k.steps_down }.unwrap_or(0);
            let _ = writeln!(
                o,
                "  {steps} step{} {} ({})",
                if steps == 1 { " " } else { "s" },
                k.title,
                k.reference
            );
            // The requirements that make the steps: up, the ones this
            // class's experience meets; down, this class's own.
            for e in r
                .edges
                .iter()
                .filter(|e| if up { e.from == k.reference } else { e.to == k.reference })
            {
                let asks = format!(
                    "route {} asks {} {} {}",
                    e.route,
                    months_text(e.months),
                    if e.kind == "as" { "as" } else { "at the level of" },
                    e.title
                );
                if up {
                    let to = title.get(e.to.as_str()).copied().unwrap_or(&e.to);
                    let _ = writeln!(o, "           → {to}: {asks}");
                } else {
                    let _ = writeln!(o, "           {asks}");
                }
            }
        }
    }
    if r.truncated {
        let _ = writeln!(o, "\n(more classes lie beyond --depth {})", r.depth.unwrap_or(0));
    }
    if r.cycles.is_empty() {
        let _ = writeln!(o, "\ncycles: none");
    } else {
        let _ = writeln!(o, "\ncycles:");
        for c in &r.cycles {
            let _ = writeln!(o, "  {}", c.join(" → "));
        }
    }
    o
}

/// The plan's career paths: every class reference resolved, the graph
/// built and the quickest paths computed, once.
pub fn plan_paths(plan: &crate::model::Plan) -> Paths {
    Paths::new(CareerGraph::shared(plan, None, None))
}

/// `classplan paths CLASS`: the report for one class (`reference` as
/// `jurisdiction/code`); the error says which classes exist.
pub fn class_paths(
    plan: &crate::model::Plan,
    reference: &str,
    dir: Option<Direction>,
    depth: Option<u32>,
) -> Result<PathsReport, String> {
    let (key, ..) = plan.find_class(reference)?;
    plan_paths(plan).report_for(&key, dir, depth)
}

/// `classplan paths CLASS` from a kept graph: `classes` are every class of
/// its plan, sorted (what [`class_paths`] finds `reference` among).
pub fn kept_class_paths(
    paths: &Paths,
    classes: &[crate::model::ClassKey],
    reference: &str,
    dir: Option<Direction>,
    depth: Option<u32>,
) -> Result<PathsReport, String> {
    let key = crate::model::ClassKey::parse(reference)
        .filter(|k| classes.binary_search(k).is_ok())
        .ok_or_else(|| crate::model::no_class(reference, classes))?;
    paths.report_for(&key, dir, depth)
}

/// The paths page: per jurisdiction, classes grouped by series or
/// department (else by the connected part of the graph they are in), each
/// class with the classes it leads to.
#[derive(Clone, Debug, Serialize)]
pub struct PlanMap {
    /// The paths page's account of the graph: "3 classes, 2 steps between
    /// 3 of them; …", or that no requirement names a class yet.
    pub summary: String,
    pub stats: GraphStats,
    pub jurisdictions: Vec<MapJurisdiction>,
    /// Classes with no step to or from another class (not listed).
    pub unconnected: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct MapJurisdiction {
    pub id: String,
    pub name: String,
    pub groups: Vec<MapGroup>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MapGroup {
    /// An anchor id on the page.
    pub anchor: String,
    pub name: String,
    pub classes: Vec<MapClass>,
    /// Steps between classes of the group, as positions in `classes`.
    pub edges: Vec<(usize, usize)>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MapClass {
    pub title: String,
    pub reference: String,
    pub entry: bool,
    pub abolished: bool,
    pub reachable: bool,
    /// "Draft" or "Proposed" for a class not adopted.
    pub unadopted: Option<&'static str>,
    /// "two years from an entry-level class".
    pub from_entry: Option<String>,
    pub leads_to: Vec<MapStep>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MapStep {
    pub title: String,
    pub reference: String,
    /// "after two years (Requirement #1)".
    pub phrase: String,
}

impl Paths {
    pub fn map(&self, plan: &crate::model::Plan) -> PlanMap {
        let g = &self.graph;
        let n = g.nodes.len();
        // Weakly connected parts, for classes of no series or department.
        let mut part: Vec<usize> = (0..n).collect();
        fn root(part: &mut [usize], mut x: usize) -> usize {
            while part[x] != x {
                part[x] = part[part[x]];
                x = part[x];
            }
            x
        }
        for e in &g.edges {
            let (a, b) = (root(&mut part, e.from), root(&mut part, e.to));
            if a != b {
                part[a.max(b)] = a.min(b);
            }
        }
        let connected = |i: usize| !g.out[i].is_empty() || !g.inc[i].is_empty();
        // Each part is named after its first entry-level class (else its
        // first class), found in one pass.
        let mut first: HashMap<usize, usize> = HashMap::new();
        for k in 0..n {
            let r = root(&mut part, k);
            let rank = |x: usize| (!g.nodes[x].entry, g.nodes[x].title.as_str(), x);
            let best = first.entry(r).or_insert(k);
            if rank(k) < rank(*best) {
                *best = k;
            }
        }
        // group key → members
        let mut groups: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
        for i in (0..n).filter(|&i| connected(i)) {
            let node = &g.nodes[i];
            let name = match &node.group {
                Some(gr) => gr.clone(),
                None => {
                    let r = root(&mut part, i);
                    format!("Paths from {}", g.nodes[first.get(&r).copied().unwrap_or(i)].title)
                }
            };
            groups.entry((node.key.jurisdiction.clone(), name)).or_default().push(i);
        }
        let style = |j: &str| {
            plan.jurisdictions
                .get(j)
                .map(|j| j.def.style.numbers)
                .unwrap_or(NumberStyle::Digits)
        };
        let mut js: BTreeMap<String, MapJurisdiction> = BTreeMap::new();
        for (k, ((j, name), mut members)) in groups.into_iter().enumerate() {
            members.sort_by(|&a, &b| {
                let m = |x: usize| self.quickest[x].as_ref().map(|q| q.months).unwrap_or(f64::MAX);
                m(a).total_cmp(&m(b))
                    .then_with(|| g.nodes[a].title.cmp(&g.nodes[b].title))
                    .then(a.cmp(&b))
            });
            let pos: HashMap<usize, usize> = members.iter().enumerate().map(|(p, &m)| (m, p)).collect();
            let st = style(&j);
            let classes = members
                .iter()
                .map(|&m| {
                    let leads_to = self.steps(m, st, false);
                    MapClass {
                        title: g.nodes[m].title.clone(),
                        reference: g.nodes[m].key.to_string(),
                        entry: g.nodes[m].entry,
                        abolished: g.nodes[m].abolished,
                        reachable: g.nodes[m].reachable,
                        unadopted: super::adoption::index_label(g.nodes[m].stage),
                        from_entry: self.quickest[m]
                            .as_ref()
                            .filter(|q| !q.path.is_empty())
                            .map(|q| format!("{} from an entry-level class", months_phrase(q.months, st))),
                        leads_to: leads_to
                            .into_iter()
                            .map(|s| MapStep {
                                title: s.class.title,
                                reference: s.class.reference,
                                phrase: s.phrase,
                            })
                            .collect(),
                    }
                })
                .collect();
            let mut edges: Vec<(usize, usize)> = Vec::new();
            for &m in &members {
                for &e in &g.out[m] {
                    if let Some(&to) = pos.get(&g.edges[e].to) {
                        edges.push((pos[&m], to));
                    }
                }
            }
            edges.sort_unstable();
            edges.dedup();
            let entry = js.entry(j.clone()).or_insert_with(|| MapJurisdiction {
                id: j.clone(),
                name: plan
                    .jurisdictions
                    .get(&j)
                    .map(|x| x.def.name.clone())
                    .unwrap_or_default(),
                groups: Vec::new(),
            });
            entry.groups.push(MapGroup {
                anchor: format!("group-{}", k + 1),
                name,
                classes,
                edges,
            });
        }
        let stats = self.plan_graph_stats();
        let unconnected = (0..n).filter(|&i| !connected(i)).count();
        PlanMap {
            summary: map_summary(&stats, unconnected),
            stats,
            jurisdictions: js.into_values().collect(),
            unconnected,
        }
    }

    fn plan_graph_stats(&self) -> GraphStats {
        let g = &self.graph;
        GraphStats {
            classes: g.nodes.len(),
            edges: g.edges.len(),
            connected: (0..g.nodes.len())
                .filter(|&n| !g.out[n].is_empty() || !g.inc[n].is_empty())
                .count(),
            entry_level: g.nodes.iter().filter(|n| n.entry).count(),
            unreachable: g.nodes.iter().filter(|n| !n.reachable && !n.abolished).count(),
            longest_path: g.longest_path(),
            cycles: g.cycles().len(),
            references: g.refs,
        }
    }
}

/// "1 class" / "3 classes".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What the paths page says of the whole graph.
fn map_summary(st: &GraphStats, unconnected: usize) -> String {
    let classes = count(st.classes, "class", "classes");
    if st.edges == 0 {
        return format!(
            "{classes}; no requirement names another class of the plan yet, so there are no steps between classes to show."
        );
    }
    let mut s = format!(
        "{classes}, {} between {} of them; {} (a way to qualify that names no class); the longest chain has {}",
        count(st.edges, "step", "steps"),
        st.connected,
        count(st.entry_level, "entry-level class", "entry-level classes"),
        count(st.longest_path, "step", "steps"),
    );
    if st.unreachable > 0 {
        s += &format!(
            "; {} no entry-level class leads to",
            count(st.unreachable, "class", "classes")
        );
    }
    if st.cycles > 0 {
        s += &format!("; {}", count(st.cycles, "cycle", "cycles"));
    }
    s.push('.');
    if unconnected > 0 {
        s += &format!(
            " {} with no step to or from another class {} not listed.",
            count(unconnected, "class", "classes"),
            if unconnected == 1 { "is" } else { "are" }
        );
    }
    s
}

#[cfg(test)]
mod summary_tests {
    use super::*;

    fn stats(classes: usize, edges: usize, connected: usize, unreachable: usize, cycles: usize) -> GraphStats {
        GraphStats {
            classes,
            edges,
            connected,
            entry_level: classes - connected / 2,
            unreachable,
            longest_path: edges.min(1),
            cycles,
            references: Default::default(),
        }
    }

    #[test]
    fn the_paths_page_says_what_the_graph_holds() {
        assert_eq!(
            map_summary(&stats(3, 0, 0, 0, 0), 3),
            "3 classes; no requirement names another class of the plan yet, so there are no steps between classes to show."
        );
        assert_eq!(
            map_summary(&stats(4, 1, 2, 0, 0), 2),
            "4 classes, 1 step between 2 of them; 3 entry-level classes (a way to qualify that names no class); the longest chain has 1 step. 2 classes with no step to or from another class are not listed."
        );
        assert_eq!(
            map_summary(&stats(2, 2, 2, 1, 1), 0),
            "2 classes, 2 steps between 2 of them; 1 entry-level class (a way to qualify that names no class); the longest chain has 1 step; 1 class no entry-level class leads to; 1 cycle."
        );
    }
}
