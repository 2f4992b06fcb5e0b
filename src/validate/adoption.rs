//! Adoption: a document's stage agrees with its other fields, and a
//! bulletin is not adopted before its class.

use crate::diag::Diagnostic;
use crate::model::{Adoption, Bulletin, ClassKey, Loaded, Plan, Stage};
use crate::rules::Rule;

/// `adopted` names its authority and date; a draft has no date yet.
pub fn fields<T>(doc: &Loaded<T>, a: Option<&Adoption>, out: &mut Vec<Diagnostic>) {
    let Some(a) = a else { return };
    let at = doc.span(&a.stage.span);
    match *a.stage {
        Stage::Adopted => {
            let missing: Vec<&str> = [("by", a.by.is_none()), ("date", a.date.is_none())]
                .into_iter()
                .filter_map(|(k, gone)| gone.then_some(k))
                .collect();
            if !missing.is_empty() {
                out.push(
                    Diagnostic::new(
                        Rule::Adoption,
                        format!("an adopted document names who adopted it and when: `{}` missing", missing.join("` and `")),
                    )
                    .at(at)
                    .hint("e.g. `adoption = { stage = \"adopted\", by = \"Civil Service Commission\", date = 2025-03-01 }`; a document adopted before records were kept needs no `adoption` at all"),
                );
            }
        }
        Stage::Draft => {
            if let Some(d) = &a.date {
                out.push(
                    Diagnostic::new(Rule::Adoption, "a draft has no adoption date")
                        .at(doc.span(&d.span))
                        .label(at, "the stage says draft")
                        .hint("set `stage = \"adopted\"` if it was adopted on this date, `\"proposed\"` if the authority is to consider it then, or remove `date`"),
                );
            }
        }
        Stage::Proposed => {}
    }
}

/// A bulletin said to be adopted whose class is not: `build` leaves it
/// out, which its author may not expect.
pub fn bulletin_class(plan: &Plan, b: &Loaded<Bulletin>, out: &mut Vec<Diagnostic>) {
    if !Stage::of(b.adoption.as_ref()).is_adopted() {
        return;
    }
    let Some((_, c)) = ClassKey::parse(&b.class).and_then(|k| plan.class(&k)) else {
        return;
    };
    let stage = Stage::of(c.adoption.as_ref());
    if stage.is_adopted() {
        return;
    }
    let at = b.adoption.as_ref().map_or(&b.class.span, |a| &a.stage.span);
    out.push(
        Diagnostic::new(
            Rule::UnadoptedClass,
            format!(
                "the bulletin is published but its class `{}` is {}: `build` leaves the bulletin out until the class is adopted",
                *b.class,
                if stage == Stage::Draft { "still a draft" } else { "only proposed" },
            ),
        )
        .at(b.span(at))
        .label(c.span(&c.adoption.as_ref().map_or(0..0, |a| a.stage.span.clone())), "the class's stage")
        .hint("adopt the class first, or mark the bulletin `adoption = { stage = \"draft\" }` too"),
    );
}
