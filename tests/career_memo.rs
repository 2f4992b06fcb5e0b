//! The career graph is built once for a plan made of the same parses
//! (`CareerGraph::shared`): the same plan, or a clone of it, gets the same
//! graph; a plan that differs in any part gets its own, equal to one built
//! from scratch; and the key a session keeps career sections by. Its own
//! binary, and its tests one at a time ([`alone`]): no other test replaces
//! the kept graph between two calls.

use std::sync::Arc;

use classplan::derive::career::{CareerGraph, Resolver};
use classplan::model::Plan;

/// Held by each test: the kept graph is the process's, so tests that
/// ask for it run one after another.
fn alone() -> std::sync::MutexGuard<'static, ()> {
    static ONE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    ONE.lock().unwrap_or_else(|e| e.into_inner())
}

/// A change made to a clone of the plan.
type Change = dyn Fn(&mut Plan);
/// A change made to a clone of the plan that borrows what it changes.
type PlanChange<'a> = dyn Fn(&mut Plan) + 'a;
/// A change made to a clone of the graph.
type GraphChange<'a> = dyn Fn(&mut CareerGraph) + 'a;

fn first(p: &mut Plan) -> &mut classplan::model::Loaded<classplan::model::ClassSpec> {
    &mut p
        .jurisdictions
        .values_mut()
        .find(|j| !j.classes.is_empty())
        .unwrap()
        .classes[0]
}

/// A generated plan of one jurisdiction, loaded (its folder lives as long
/// as the guard).
fn generated(classes: usize, bulletins: usize, seed: u64) -> (tempfile::TempDir, classplan::load::Workspace) {
    let tmp = tempfile::tempdir().unwrap();
    let spec = classplan::bench::generate::CorpusSpec {
        classes,
        bulletins,
        jurisdictions: 1,
        seed,
    };
    classplan::bench::generate::generate(&spec, tmp.path()).unwrap();
    let ws = classplan::load::load(tmp.path());
    (tmp, ws)
}

fn fresh(p: &Plan) -> String {
    format!("{:?}", CareerGraph::build(p, &Resolver::new(p)))
}

#[test]
fn a_graph_is_shared_only_by_the_same_parses() {
    let _alone = alone();
    let ws = classplan::load::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
    let plan = &ws.plan;
    let g = CareerGraph::shared(plan, None, None);
    assert!(Arc::ptr_eq(&g, &CareerGraph::shared(plan, None, None)), "the same plan");
    assert!(
        Arc::ptr_eq(&g, &CareerGraph::shared(&plan.clone(), None, None)),
        "a clone shares its parses"
    );
    assert_eq!(format!("{g:?}"), fresh(plan));
    let changes: [(&str, &Change); 4] = [
        ("a class retitled (a new parse)", &|p| {
            Arc::make_mut(&mut first(p).value).title.value.push_str(" Senior")
        }),
        ("a class left out", &|p| {
            p.jurisdictions
                .values_mut()
                .find(|j| !j.classes.is_empty())
                .unwrap()
                .classes
                .remove(0);
        }),
        ("another file id", &|p| first(p).file.0 += 1000),
        ("another path", &|p| first(p).path.push('x')),
    ];
    for (what, change) in changes {
        let mut p = plan.clone();
        change(&mut p);
        let other = CareerGraph::shared(&p, None, None);
        assert!(!Arc::ptr_eq(&g, &other), "{what}: the last plan's graph was given");
        assert_eq!(format!("{other:?}"), fresh(&p), "{what}");
        // And back: the first plan's graph again (built anew, equal).
        assert_eq!(format!("{:?}", CareerGraph::shared(plan, None, None)), fresh(plan));
    }
}

/// The key a session keeps career sections by changes with everything a
/// section reads from the graph, and only with that: where a requirement
/// sits in its file (an edit before it moves it) leaves it as it was. The
/// same for each section's own key: while it is the same, so is the
/// section.
#[test]
fn the_sections_key_covers_what_sections_read() {
    let _alone = alone();
    use classplan::derive::paths::Paths;
    use classplan::model::jurisdiction::NumberStyle;
    let (_tmp, ws) = generated(60, 0, 5);
    let g = CareerGraph::build(&ws.plan, &Resolver::new(&ws.plan));
    assert!(!g.edges.is_empty(), "the sample has career steps");
    let key = |g: &CareerGraph| Paths::new(Arc::new(g.clone())).sections_key();
    let base = key(&g);
    assert_eq!(base, key(&g.clone()));
    let edge = g.edges.iter().position(|e| e.months.is_some()).unwrap_or(0);
    let to = g.edges[edge].to;
    let mut moved = g.clone();
    moved.edges[edge].span = moved.edges[edge].span.start + 7..moved.edges[edge].span.end + 7;
    moved.edges[edge].file.0 += 1;
    moved.nodes[to].file.0 += 1;
    assert_eq!(base, key(&moved), "spans and file ids are not part of it");
    let style = NumberStyle::Digits;
    let before = Paths::new(Arc::new(g.clone()));
    let sections_alike = |c: &CareerGraph, what: &str| -> usize {
        let after = Paths::new(Arc::new(c.clone()));
        let mut remade = 0;
        for n in 0..g.nodes.len() {
            if before.section_key(n, style) == after.section_key(n, style) {
                assert_eq!(
                    before.section(n, style),
                    after.section(n, style),
                    "{what}: class {n}'s section changed, its key did not"
                );
            } else {
                remade += 1;
            }
        }
        remade
    };
    assert_eq!(
        sections_alike(&moved, "moved"),
        0,
        "spans and file ids are in no section's key"
    );
    let from = g.edges[edge].from;
    let changes: [(&str, &GraphChange<'_>); 13] = [
        ("a title", &|g| g.nodes[to].title.push_str(" II")),
        ("a code", &|g| g.nodes[to].key.code.push('A')),
        ("a group", &|g| g.nodes[to].group = Some("Elsewhere".into())),
        ("abolished", &|g| g.nodes[to].abolished ^= true),
        ("entry", &|g| g.nodes[to].entry ^= true),
        ("reachable", &|g| g.nodes[to].reachable ^= true),
        ("a stage", &|g| g.nodes[to].stage = classplan::model::Stage::Draft),
        ("a route", &|g| g.edges[edge].route.push('b')),
        ("months", &|g| {
            g.edges[edge].months = Some(g.edges[edge].months.unwrap_or(0.0) + 12.0)
        }),
        ("at the level of", &|g| g.edges[edge].at_level ^= true),
        ("a written title", &|g| g.edges[edge].title.push('s')),
        ("the title at the step's other end", &|g| {
            g.nodes[from].title.push_str(" Senior")
        }),
        ("the group at the step's other end", &|g| {
            g.nodes[from].group = Some("Elsewhere".into())
        }),
    ];
    for (what, change) in changes {
        let mut c = g.clone();
        change(&mut c);
        assert_ne!(base, key(&c), "{what}");
        let remade = sections_alike(&c, what);
        assert!(
            remade > 0 && remade < g.nodes.len(),
            "{what}: {remade} sections made again"
        );
    }
}

/// A plan of the last one's shape reads again only the requirements whose
/// parse changed; what the others read to must still be what they read to
/// in the new plan: a class retitled (the class naming it is unchanged), a
/// class abolished, a requirement changed, the jurisdiction's hours.
#[test]
fn a_graph_of_the_same_shape_equals_one_built_from_scratch() {
    let _alone = alone();
    let (_tmp, ws) = generated(60, 20, 9);
    let plan = &ws.plan;
    let g = CareerGraph::shared(plan, None, None);
    assert_eq!(format!("{g:?}"), fresh(plan));
    // A step found by title: `from` is named by `to`'s requirements.
    let step = g
        .edges
        .iter()
        .find(|e| e.how == classplan::derive::career::How::Title)
        .expect("the sample names a class by title");
    let (from, to) = (g.nodes[step.from].key.clone(), g.nodes[step.to].key.clone());
    let class = |p: &mut Plan, key: &classplan::model::ClassKey| -> usize {
        let j = p.jurisdictions.get(&key.jurisdiction).unwrap();
        j.classes.iter().position(|c| c.code.as_str() == key.code).unwrap()
    };
    let title = {
        let j = plan.jurisdictions.get(&from.jurisdiction).unwrap();
        j.classes[j.classes.iter().position(|c| c.code.as_str() == from.code).unwrap()]
            .title
            .value
            .clone()
    };
    // Another class of the jurisdiction, named by no step into `to`.
    let other = g
        .nodes
        .iter()
        .map(|n| n.key.clone())
        .find(|k| k.jurisdiction == from.jurisdiction && *k != from && *k != to)
        .unwrap();
    let changes: [(&str, &PlanChange<'_>); 6] = [
        (
            "another class retitled to the title a step names (now two classes have it)",
            &|p| {
                let i = class(p, &other);
                let j = p.jurisdictions.get_mut(&other.jurisdiction).unwrap();
                Arc::make_mut(&mut j.classes[i].value).title.value = title.clone();
            },
        ),
        ("another class retitled to the plural of the title a step names", &|p| {
            let i = class(p, &other);
            let j = p.jurisdictions.get_mut(&other.jurisdiction).unwrap();
            Arc::make_mut(&mut j.classes[i].value).title.value = format!("{title}s");
        }),
        ("the class a step comes from retitled", &|p| {
            let i = class(p, &from);
            let j = p.jurisdictions.get_mut(&from.jurisdiction).unwrap();
            Arc::make_mut(&mut j.classes[i].value).title.value.push_str(" Revised");
        }),
        ("the class a step comes from abolished", &|p| {
            let i = class(p, &from);
            let j = p.jurisdictions.get_mut(&from.jurisdiction).unwrap();
            Arc::make_mut(&mut j.classes[i].value).status.state = classplan::model::class::State::Abolished;
        }),
        ("the requirements of the class it leads to dropped", &|p| {
            let i = class(p, &to);
            let j = p.jurisdictions.get_mut(&to.jurisdiction).unwrap();
            Arc::make_mut(&mut j.classes[i].value).requirements = None;
        }),
        ("the jurisdiction's hours per year", &|p| {
            let j = p.jurisdictions.get_mut(&to.jurisdiction).unwrap();
            Arc::make_mut(&mut j.def.value).pay.hours_per_year = 1000.0;
        }),
    ];
    for (what, change) in changes {
        // From the first plan's graph (kept) to the changed plan's.
        CareerGraph::shared(plan, None, None);
        let mut p = plan.clone();
        change(&mut p);
        let kept = format!("{:?}", CareerGraph::shared(&p, None, None));
        assert!(
            kept == fresh(&p),
            "{what}: the graph differs from one built from scratch"
        );
        // The same, with each plan's shape made by the caller (as `serve`'s
        // check hands it over).
        let shape = |p: &Plan| Arc::new(classplan::model::PlanShape::of(p));
        CareerGraph::shared(plan, None, Some(&shape(plan)));
        let given = format!("{:?}", CareerGraph::shared(&p, None, Some(&shape(&p))));
        assert!(
            given == fresh(&p),
            "{what}: with the shape given, the graph differs from one built from scratch"
        );
    }
    // Retitled, then back: the step the first retitle lost is found again
    // from the graph kept in between.
    CareerGraph::shared(plan, None, None);
    let mut p = plan.clone();
    changes[2].1(&mut p);
    CareerGraph::shared(&p, None, None);
    let i = class(&mut p, &from);
    Arc::make_mut(&mut p.jurisdictions.get_mut(&from.jurisdiction).unwrap().classes[i].value)
        .title
        .value = title.clone();
    assert!(
        format!("{:?}", CareerGraph::shared(&p, None, None)) == fresh(&p),
        "retitled back"
    );
    assert!(fresh(&p) == fresh(plan), "retitled back: the first plan's graph");

    // A step found by its normalised title ("Records Clerk" names the
    // class "Records Clerks"), then another class retitled so that only
    // that key, not the exact title, names it too: the step is ambiguous.
    let words: Vec<&str> = title.split(' ').collect();
    assert!(
        words.len() > 1 && words[0].len() > 2,
        "a title of several words: {title}"
    );
    let plural_last = format!("{title}s");
    let plural_first = format!("{}s {}", words[0], words[1..].join(" "));
    let retitle = |p: &mut Plan, key: &classplan::model::ClassKey, to: &str| {
        let i = class(p, key);
        Arc::make_mut(&mut p.jurisdictions.get_mut(&key.jurisdiction).unwrap().classes[i].value)
            .title
            .value = to.to_string();
    };
    let mut p = plan.clone();
    retitle(&mut p, &from, &plural_last);
    let before = CareerGraph::shared(&p, None, None);
    assert!(
        before
            .edges
            .iter()
            .any(|e| e.how == classplan::derive::career::How::Normalised),
        "the step is found by its normalised title"
    );
    retitle(&mut p, &other, &plural_first);
    assert!(
        format!("{:?}", CareerGraph::shared(&p, None, None)) == fresh(&p),
        "another class filling the normalised title only"
    );
}
