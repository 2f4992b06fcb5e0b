//! How a document names and describes itself: the title with its published
//! code, the competency model's title, and the one- or two-sentence
//! description search results and link previews show.

use crate::model::class::ClassSpec;

/// "Customer Service Specialist (1229)"; the title alone when the employer
/// publishes no code.
pub fn display_title(c: &ClassSpec) -> String {
    if c.code_published {
        format!("{} ({})", *c.title, *c.code)
    } else {
        c.title.value.clone()
    }
}

/// "Competency Model for Customer Service Specialist, Class Code 1229", as
/// the City of Los Angeles titles its models.
pub fn model_title(c: &ClassSpec) -> String {
    if c.code_published {
        format!("Competency Model for {}, Class Code {}", *c.title, *c.code)
    } else {
        format!("Competency Model for {}", *c.title)
    }
}

/// "Customer Service Specialist (1229) – class specification, City of Los
/// Angeles. Performs …".
pub fn class_description(c: &ClassSpec, jurisdiction: &str, summary: &str) -> String {
    describe(
        &format!("{} – class specification, {jurisdiction}.", display_title(c)),
        summary,
    )
}

/// "… – job bulletin, City of Los Angeles. Open — closes … A Customer …".
pub fn bulletin_description(c: &ClassSpec, jurisdiction: &str, status: &str, duties: &str) -> String {
    describe(
        &format!("{} – job bulletin, {jurisdiction}. {status}", display_title(c)),
        duties,
    )
}

/// "Competency Model for …, City of Los Angeles. The following …".
pub fn model_description(c: &ClassSpec, jurisdiction: &str, intro: &str) -> String {
    describe(&format!("{}, {jurisdiction}.", model_title(c)), intro)
}

/// A lead sentence and the start of a text, cut at a word to about 200
/// characters.
fn describe(lead: &str, text: &str) -> String {
    const MAX: usize = 200;
    let full = format!("{lead} {}", text.split_whitespace().collect::<Vec<_>>().join(" "));
    if full.chars().count() <= MAX {
        return full.trim().to_string();
    }
    let cut: String = full.chars().take(MAX).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > lead.len() => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn descriptions_are_cut_at_a_word() {
        assert_eq!(describe("Lead.", "short text"), "Lead. short text");
        let long = "word ".repeat(100);
        let d = describe("Lead.", &long);
        assert!(d.chars().count() <= 201 && d.ends_with("word…"), "{d}");
        // Multibyte text is cut on characters.
        let d = describe("Lead.", &"고객 ".repeat(200));
        assert!(d.ends_with('…'), "{d}");
    }
}
