//! `classplan explain RULE`, in the manner of `rustc --explain`: what the
//! rule checks, why, and an example of it firing (taken at build time
//! from the rule's fixture, whose output the test suite checks) with the
//! hint that says how to fix it.

use super::Rule;

include!(concat!(env!("OUT_DIR"), "/rule_examples.rs"));

/// Why each rule exists.
fn why(rule: Rule) -> &'static str {
    use Rule::*;
    match rule {
        Io => {
            "A file classplan cannot read is a document nobody will see; it is reported rather than skipped so that no class or bulletin vanishes silently."
        }
        TomlSyntax => {
            "A file that is not TOML cannot be read at all; every syntax error in it is reported with its place."
        }
        UnknownFile => {
            "A .toml file where no source belongs is almost always a file in the wrong folder: it would be silently ignored otherwise."
        }
        UnknownKey => {
            "A misspelt key would be ignored and its text would never print; the format rejects keys it does not define and suggests the one meant."
        }
        MissingKey => "A document without a required part (a title, a summary) cannot be published as complete.",
        WrongType => {
            "A value of the wrong type (a number written as text, a word outside a fixed list) would print wrongly or not at all."
        }
        InvalidDate => {
            "Dates decide filing periods and deadlines; a date that does not exist, or is written as text, cannot be computed with."
        }
        DuplicateClass => {
            "A class code identifies one class in a plan; two classes with one code make every reference to it ambiguous."
        }
        MissingJurisdiction => {
            "Every source belongs to a jurisdiction whose settings (time zone, pay conventions, boilerplate) it is printed with."
        }
        MissingClass => {
            "A bulletin or competency model for a class that does not exist has no duties, requirements or pay to print."
        }
        MissingLevelClass => "\"At the level of\" another class only means something when that class is in the plan.",
        ModelWithoutClass => "A competency model is printed with its class; without one it appears nowhere.",
        MissingBlock => {
            "A boilerplate block that does not exist would leave a hole where the EEO statement or benefits text belongs."
        }
        DuplicateBulletin => {
            "A bulletin's id names its output files and a job number identifies an examination: two of either overwrite or confuse each other."
        }
        InvalidValue => {
            "A well-typed but impossible value (an unknown time zone, a class code that cannot be a file name, a link with a script) would break outputs or readers."
        }
        ExpressionSyntax => "The requirement expression decides who may apply; a malformed one cannot be evaluated.",
        ExpressionRoute => "An expression that names a route that does not exist qualifies applicants through nothing.",
        UnusedRoute => {
            "A route the expression never uses is printed but nobody can qualify through it: the bulletin promises a way in that does not exist."
        }
        RequirementsDrift => {
            "Minimum requirements are set by the class specification; a bulletin that states others should say why, for audits and appeals."
        }
        RequirementRef => {
            "A substitution or `{#2a}` reference to a route that does not exist points applicants at nothing."
        }
        SubstitutionAmount => {
            "A substitution that replaces more than the route requires would let applicants qualify with less than nothing."
        }
        FilingAllowance => {
            "\"Lack six months or less\" must shorten real experience; otherwise it admits everyone or no one."
        }
        RequirementItem => {
            "A requirement item whose fields contradict each other cannot be printed as one sentence or screened."
        }
        WordingMismatch => {
            "An item's own wording prints instead of the sentence classplan writes; when it no longer says what its fields say, applicants read one thing and are screened on another."
        }
        TypedRequirementRef => {
            "\"Requirement #2\" typed by hand goes wrong when routes are renumbered; a `{#2}` reference is numbered as printed."
        }
        MissingCompetency => {
            "A competency model must use the competency bank's numbers, or the interview board evaluates something undefined."
        }
        CompetencyTitle => {
            "A competency's number and title must agree with the bank so applicants and boards mean the same competency."
        }
        CompetencyLevel => "A required level outside the competency's scale cannot be assessed.",
        DuplicateCompetency => "A competency listed twice is weighted twice.",
        PayRange => "A pay range whose minimum exceeds its maximum publishes an impossible salary.",
        PayOrder => "Pay ranges are read in order; out of order they suggest the wrong starting pay.",
        PeriodOrder => "A filing period that closes before it opens accepts no applications.",
        PeriodOverlap => "Overlapping filing periods make the deadline ambiguous.",
        TestWindow => "A test that starts before filing closes, or ends before it starts, cannot be scheduled.",
        AbolishedClass => {
            "Nobody can be appointed to an abolished class; a bulletin that opens after abolition recruits for nothing."
        }
        LocalTime => {
            "A deadline at a wall-clock time that a daylight-saving change skips or repeats is ambiguous by an hour."
        }
        HistoryOrder => "Class history out of order misstates which version was in force when.",
        DuplicateDuty => "A duty or KSA listed twice is a copy-and-paste mistake applicants notice.",
        NearDuplicateDuty => "Two nearly identical duties are usually an edit applied to one copy only.",
        EmptySection => "A section present but empty prints a heading over nothing.",
        RawHtml => {
            "Raw HTML in text is escaped (it would show as code) and cannot be carried into PDF; the supported Markdown subset prints everywhere."
        }
        SelectionWeights => {
            "Weighted selection components must add up to 100 % or the final score cannot be computed as published."
        }
        Spelling => {
            "Misspellings in an official document undermine it, and a misspelt word may be read as another (\"tactually\" for \"tactfully\")."
        }
        MissingGlyph => "A character no font has prints as an empty box in the PDF.",
        Placeholder => "A scaffold's TODO text, empty department or missing pay must not be published as-is.",
        ControlCharacter => {
            "Control characters and bidirectional overrides are invisible in editors but can corrupt terminals and reorder what readers see (\"Trojan Source\")."
        }
        TemplateName => {
            "An override file that matches no template, or a block its parent does not have, silently changes nothing."
        }
        Template => {
            "A template that does not parse or render stops the build; it is found by `check`, before anything is written."
        }
        TypedDate => {
            "Weekdays and dates typed into free text go stale when the dates change; dates in date fields are computed."
        }
        Adoption => {
            "Whether a document may be published follows from its stage; an adoption without its authority and date cannot be cited, and a dated draft is usually an adoption whose stage was not changed."
        }
        UnadoptedClass => {
            "A bulletin is published only with its class spec; a bulletin marked adopted for a class still in draft would silently be left out of the site."
        }
        UnresolvedClassTitle => {
            "A class named in a requirement is an edge of the plan's promotion graph; a title that matches no class leaves the step out of every career path and may be a typo or a renamed class."
        }
        AmbiguousClassTitle => {
            "When a title matches several classes, the career path would have to guess which one the requirement means; pin the reference to a code."
        }
        SelfReference => {
            "A class that requires experience in itself can only be filled by people already in it; usually the requirement means a lower level or another class."
        }
        UnknownJurisdictionRef => {
            "A reference to a jurisdiction the plan does not have cannot be followed, so the step is missing from the career paths."
        }
        AbolishedExperience => {
            "Nobody can gain experience in an abolished class any more: a requirement that accepts only such experience closes the class to new applicants over time."
        }
        UnreachableClass => {
            "If no chain of classes leads from an entry-level class, every way to qualify needs experience that the plan gives nobody: the class can only be filled from outside, if at all."
        }
        RequirementCycle => {
            "Classes that require experience in each other, with no other way in, can never be filled by anyone who is not already in one of them."
        }
        LintConfig => {
            "Rule levels and exceptions decide what is reported; a misspelt rule name or an exception without a reason would silently hide or keep findings."
        }
        Readability => {
            "Job bulletins are read by every applicant, many of whom read English as a second language or read below college level. Plain-language guidance (the Plain Writing Act of 2010 and the Federal Plain Language Guidelines) asks for short sentences and everyday words; the Flesch-Kincaid grade level (Kincaid et al., 1975) measures both. The default budget is grade 12."
        }
        LongSentence => {
            "Long sentences are the main cause of hard reading; the Federal Plain Language Guidelines advise short sentences, and sentences over about 35 words are hard for most readers to follow."
        }
        GenderCoded => {
            "Gaucher, Friesen & Kay (Journal of Personality and Social Psychology 101(1), 2011) found that job advertisements with more masculine-coded words (e.g. \"competitive\", \"dominant\", \"leader\") were rated less appealing by women, who anticipated less belonging, independent of the job. The rule counts the paper's word stems in each document."
        }
        DegreeOnly => {
            "Requiring a degree where experience would do narrows the applicant pool without predicting performance. Skills-based hiring is now policy: the federal Chance to Compete Act of 2024 and state executive orders since 2022 (Maryland, Pennsylvania, Utah, and others) removed degree requirements from many public jobs."
        }
        PayTransparency => {
            "Pay transparency laws (e.g. California Labor Code § 432.3, Colorado's Equal Pay for Equal Work Act, Washington RCW 49.58.110, New York Labor Law § 194-b) require a good-faith pay range in every job posting; \"DOE\" or \"negotiable\" does not meet them."
        }
        Shouting => {
            "Text in capitals is slower to read (word shapes are lost) and some screen readers read capitals letter by letter; WCAG and plain-language guides advise sentence case, with emphasis by other means."
        }
        LinkText => {
            "Screen reader users navigate from link to link; \"click here\" or a bare URL says nothing out of context (WCAG 2.2 success criterion 2.4.4, Link Purpose)."
        }
        Accommodation => {
            "Under the Americans with Disabilities Act an applicant is qualified if they can perform the essential functions \"with or without reasonable accommodation\"; physical requirements stated without it discourage qualified applicants with disabilities."
        }
        AgeCoded => {
            "Phrases such as \"recent graduate\" or \"digital native\" signal a preference for younger applicants, which the Age Discrimination in Employment Act forbids for applicants 40 and over (EEOC guidance on job advertisements)."
        }
        UndefinedAcronym => {
            "An acronym applicants do not know is a word they cannot read; plain-language guidance asks to write a term out at its first use."
        }
    }
}

/// The explanation of `rule`, as `classplan explain` prints it.
pub fn text(rule: Rule) -> String {
    let mut s = format!(
        "{} {} ({}, {} by default)\n\n{}.\n\nWhy: {}\n",
        rule.id(),
        rule.name(),
        if rule.is_lint() {
            "`classplan lint` and `check --lint`"
        } else {
            "`classplan check`"
        },
        rule.severity().as_str(),
        rule.summary(),
        why(rule)
    );
    match EXAMPLES.iter().find(|(id, _, _)| *id == rule.id()) {
        Some((_, case, block)) => {
            s.push_str(&format!(
                "\nExample (tests/fixtures/check/{case}): the rule fires, and its hints (\"= help:\") say how to fix it:\n\n"
            ));
            for line in block.lines() {
                s.push_str("    ");
                s.push_str(line);
                s.push('\n');
            }
        }
        None => {
            s.push_str("\n(No example: this rule concerns files that cannot be kept in git; see tests/bad_input.rs.)\n")
        }
    }
    s.push_str(&format!(
        "\nLevels: `[lint.levels] {} = \"allow\" | \"warn\" | \"deny\"` in jurisdiction.toml{}; one field: `# lint-allow({}): reason` on the line above it.\n",
        rule.name(),
        if rule.severity() == crate::rules::Severity::Error { " (an error can only stay an error)" } else { "" },
        rule.name()
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_an_explanation() {
        for r in Rule::ALL {
            let t = text(*r);
            assert!(t.contains("Why: ") && why(*r).len() > 40, "{}", r.id());
        }
    }
}
