//! What a document says about its adoption: the mark of a draft or
//! proposed document ("DRAFT"), its sentence, and the line of an adopted
//! one ("Adopted by the Civil Service Commission on March 1, 2025.").

use serde::Serialize;

use crate::model::{Adoption, Stage};

/// A document's adoption as its outputs state it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdoptionText {
    pub stage: Stage,
    /// The adopting authority (or the one it is proposed to).
    pub by: Option<String>,
    /// YYYY-MM-DD.
    pub date: Option<String>,
    /// "DRAFT" or "PROPOSED" on every page and PDF; `None` when adopted.
    pub mark: Option<&'static str>,
    /// "Draft: not adopted. This job bulletin is not an official posting."
    pub text: String,
}

/// The adoption of a document of `kind` ("class specification", "job
/// bulletin", "competency model"), from its own adoption and, for a
/// bulletin or a competency model, its class's (`class`), whichever is
/// earlier. `None` when neither says anything (adopted, no record).
pub fn describe(kind: &str, own: Option<&Adoption>, class: Option<&Adoption>) -> Option<AdoptionText> {
    let own_stage = Stage::of(own);
    let class_stage = Stage::of(class);
    // The class decides when it is the earlier of the two.
    let (stage, from_class, a) = if class_stage < own_stage {
        (class_stage, true, class?)
    } else {
        (own_stage, false, own?)
    };
    let by = a.by.as_ref().map(|b| b.value.clone());
    let date = a.date.as_ref().map(|d| d.0);
    let on = |prefix: &str| {
        date.map(|d| format!("{prefix}{}", super::status::long_plain_date(d)))
            .unwrap_or_default()
    };
    let whose = if from_class {
        format!("The class specification of this {kind} is")
    } else {
        format!("This {kind} is")
    };
    let (mark, text) = match stage {
        Stage::Draft => (
            Some("DRAFT"),
            format!("Draft: not adopted. {whose} a draft for review, not an official document."),
        ),
        Stage::Proposed => (
            Some("PROPOSED"),
            format!(
                "Proposed: not adopted. {whose} proposed{}{}, not in force.",
                by.as_deref()
                    .map(|b| format!(" to the {}", strip_the(b)))
                    .unwrap_or_default(),
                on(if by.is_some() {
                    " for "
                } else {
                    " for consideration on "
                })
            ),
        ),
        Stage::Adopted => (
            None,
            format!(
                "Adopted{}{}.",
                by.as_deref()
                    .map(|b| format!(" by the {}", strip_the(b)))
                    .unwrap_or_default(),
                on(" on ")
            ),
        ),
    };
    Some(AdoptionText {
        stage,
        by,
        date: date.map(|d| d.to_string()),
        mark,
        text,
    })
}

/// What the site index shows as the status of a document that is not
/// adopted ("Draft", "Proposed"), instead of "Active" or "Open".
pub fn index_label(stage: Stage) -> Option<&'static str> {
    match stage {
        Stage::Draft => Some("Draft"),
        Stage::Proposed => Some("Proposed"),
        Stage::Adopted => None,
    }
}

/// What a class page states as the class's status: "Abolished effective
/// June 1, 2005", "Draft" or "Proposed" for a class not adopted (as the
/// index lists it), else "Active".
pub fn status_label(s: &crate::model::class::Status, stage: Stage) -> String {
    super::status::sentence(s).unwrap_or_else(|| index_label(stage).unwrap_or("Active").to_string())
}

/// "The Board of Supervisors" and "Board of Supervisors" both read "the
/// Board of Supervisors" after "by".
fn strip_the(s: &str) -> &str {
    s.strip_prefix("the ").or_else(|| s.strip_prefix("The ")).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Sp};

    fn a(stage: Stage, by: Option<&str>, date: Option<(i32, u32, u32)>) -> Adoption {
        Adoption {
            stage: Sp::synthetic(stage),
            by: by.map(|b| Sp::synthetic(b.to_string())),
            date: date.and_then(|(y, m, d)| Date::ymd(y, m, d)).map(Sp::synthetic),
        }
    }

    #[test]
    fn sentences() {
        let adopted = a(Stage::Adopted, Some("Civil Service Commission"), Some((2025, 3, 1)));
        assert_eq!(
            describe("class specification", Some(&adopted), None).map(|t| t.text),
            Some("Adopted by the Civil Service Commission on March 1, 2025.".to_string())
        );
        let proposed = a(
            Stage::Proposed,
            Some("The Civil Service Commission"),
            Some((2025, 3, 1)),
        );
        let t = describe("class specification", Some(&proposed), None).unwrap();
        assert_eq!(t.mark, Some("PROPOSED"));
        assert_eq!(
            t.text,
            "Proposed: not adopted. This class specification is proposed to the Civil Service Commission for March 1, 2025, not in force."
        );
        let draft = a(Stage::Draft, None, None);
        // A bulletin of a draft class is a draft, and says why.
        let t = describe("job bulletin", Some(&adopted), Some(&draft)).unwrap();
        assert_eq!(t.mark, Some("DRAFT"));
        assert!(
            t.text
                .contains("The class specification of this job bulletin is a draft"),
            "{}",
            t.text
        );
        assert_eq!(describe("job bulletin", None, None), None);
    }
}
