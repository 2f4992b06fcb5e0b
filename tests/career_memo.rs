//! The career graph is built once for a plan made of the same parses
//! (`CareerGraph::shared`): the same plan, or a clone of it, gets the same
//! graph; a plan that differs in any part gets its own, equal to one built
//! from scratch. One test in its own binary: no other test replaces the
//! kept graph between two calls.

use std::sync::Arc;

use classplan::derive::career::{CareerGraph, Resolver};
use classplan::model::Plan;

/// A change made to a clone of the plan.
type Change = dyn Fn(&mut Plan);

fn first(p: &mut Plan) -> &mut classplan::model::Loaded<classplan::model::ClassSpec> {
    &mut p
        .jurisdictions
        .values_mut()
        .find(|j| !j.classes.is_empty())
        .unwrap()
        .classes[0]
}

fn fresh(p: &Plan) -> String {
    format!("{:?}", CareerGraph::build(p, &Resolver::new(p)))
}

#[test]
fn a_graph_is_shared_only_by_the_same_parses() {
    let ws = classplan::load::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
    let plan = &ws.plan;
    let g = CareerGraph::shared(plan, None);
    assert!(Arc::ptr_eq(&g, &CareerGraph::shared(plan, None)), "the same plan");
    assert!(
        Arc::ptr_eq(&g, &CareerGraph::shared(&plan.clone(), None)),
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
        let other = CareerGraph::shared(&p, None);
        assert!(!Arc::ptr_eq(&g, &other), "{what}: the last plan's graph was given");
        assert_eq!(format!("{other:?}"), fresh(&p), "{what}");
        // And back: the first plan's graph again (built anew, equal).
        assert_eq!(format!("{:?}", CareerGraph::shared(plan, None)), fresh(plan));
    }
}
