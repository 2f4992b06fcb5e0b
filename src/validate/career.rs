//! Checks only the promotion graph can make (`derive::career`): experience
//! required only in abolished classes, classes no entry-level class leads
//! to, and requirement cycles with no other way in.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::derive::career::{CareerGraph, Resolver};
use crate::diag::{Diagnostic, Span};
use crate::model::{Plan, PlanShape};
use crate::rules::Rule;

/// `shape`: the plan's shape, when the caller made it already (`serve`).
pub(super) fn check(plan: &Plan, resolver: &Resolver, shape: Option<&Arc<PlanShape>>, out: &mut Vec<Diagnostic>) {
    let g = CareerGraph::shared(plan, Some(resolver), shape);
    // Experience items (by where they are) and the classes they name.
    let mut items: BTreeMap<(u32, usize, usize), Vec<usize>> = BTreeMap::new();
    for (i, e) in g.edges.iter().enumerate() {
        items.entry((e.file.0, e.span.start, e.span.end)).or_default().push(i);
    }
    let mut blocked_by_abolished: BTreeSet<usize> = BTreeSet::new();
    for edges in items.values() {
        let first = &g.edges[edges[0]];
        if g.nodes[first.to].abolished || !edges.iter().all(|&e| g.nodes[g.edges[e].from].abolished) {
            continue;
        }
        blocked_by_abolished.insert(first.to);
        let names: Vec<String> = edges
            .iter()
            .map(|&e| {
                let from = g.edges[e].from;
                let when = plan
                    .class(&g.nodes[from].key)
                    .and_then(|(_, c)| c.status.effective.as_ref().map(|d| format!(" effective {}", d.value)))
                    .unwrap_or_default();
                format!("{}, abolished{when}", g.label(from))
            })
            .collect();
        out.push(
            Diagnostic::new(
                Rule::AbolishedExperience,
                format!(
                    "{} requires experience in {}: nobody can gain it any more",
                    g.label(first.to),
                    names.join("; ")
                ),
            )
            .at(Span::new(first.file, first.span.clone()))
            .hint("name the class that replaced it (or add it beside the abolished one)"),
        );
    }
    let cycles = g.cycles();
    let mut in_closed_cycle: BTreeSet<usize> = BTreeSet::new();
    for c in &cycles {
        if c.iter().any(|&n| g.nodes[n].reachable) {
            continue;
        }
        in_closed_cycle.extend(c.iter().copied());
        let path = g.cycle_through(c);
        let Some(&first) = path.first() else { continue };
        let mut chain: Vec<String> = path.iter().map(|&e| g.label(g.edges[e].from)).collect();
        chain.push(g.label(g.edges[first].from));
        let mut d = Diagnostic::new(
            Rule::RequirementCycle,
            format!(
                "requirement cycle: {} (experience in each is required for the next), and none of them has another way in",
                chain.join(" → ")
            ),
        );
        // Located at the requirement that closes the cycle onto the first
        // class, with the other steps as labels.
        let last = &g.edges[*path.last().unwrap_or(&first)];
        d = d.at(Span::new(last.file, last.span.clone()));
        for &e in &path[..path.len() - 1] {
            let edge = &g.edges[e];
            d = d.label(
                Span::new(edge.file, edge.span.clone()),
                format!(
                    "{} requires experience as {}",
                    g.nodes[edge.to].title, g.nodes[edge.from].title
                ),
            );
        }
        out.push(d.hint("give one of these classes a route that names no class of the cycle (an entry route)"));
    }
    for (n, node) in g.nodes.iter().enumerate() {
        if node.reachable || node.entry || node.abolished {
            continue;
        }
        if in_closed_cycle.contains(&n) || blocked_by_abolished.contains(&n) {
            continue;
        }
        let Some(&first) = g.inc[n].first() else { continue };
        let mut names: Vec<String> = g.inc[n]
            .iter()
            .map(|&e| g.edges[e].from)
            .filter(|&f| !g.nodes[f].reachable || g.nodes[f].abolished)
            .map(|f| g.label(f))
            .collect();
        names.dedup();
        let e = &g.edges[first];
        out.push(
            Diagnostic::new(
                Rule::UnreachableClass,
                format!(
                    "no entry-level class leads to {}: every way to qualify needs experience in a class no one can reach ({})",
                    g.label(n),
                    names.join(", ")
                ),
            )
            .at(Span::new(e.file, e.span.clone()))
            .hint("`classplan paths` shows the chain; add an entry route, or fix the class it depends on"),
        );
    }
}
