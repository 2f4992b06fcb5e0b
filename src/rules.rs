//! The catalogue of check rules: id, name, default severity, one-line
//! summary. Owns nothing else; the rules themselves live where the data is
//! (structural rules in `load`, semantic ones in `validate`). To add a rule,
//! add a variant here (the next free id in its group), emit it from
//! `validate`, and add a fixture under `tests/fixtures/check/`.

pub mod explain;

/// How serious a problem is: errors stop `build`; warnings do not (unless
/// `--deny warnings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! rules {
    (
        check { $( $variant:ident = $id:literal, $name:literal, $sev:ident, $summary:literal; )* }
        lint { $( $lvariant:ident = $lid:literal, $lname:literal, $lsev:ident, $lsummary:literal; )* }
    ) => {
        /// A check or lint rule. Ids are stable: never reuse or renumber one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule { $( $variant, )* $( $lvariant, )* }

        impl Rule {
            pub const ALL: &'static [Rule] = &[ $( Rule::$variant, )* $( Rule::$lvariant, )* ];
            pub fn id(self) -> &'static str { match self { $( Rule::$variant => $id, )* $( Rule::$lvariant => $lid, )* } }
            pub fn name(self) -> &'static str { match self { $( Rule::$variant => $name, )* $( Rule::$lvariant => $lname, )* } }
            pub fn severity(self) -> Severity { match self { $( Rule::$variant => Severity::$sev, )* $( Rule::$lvariant => Severity::$lsev, )* } }
            pub fn summary(self) -> &'static str { match self { $( Rule::$variant => $summary, )* $( Rule::$lvariant => $lsummary, )* } }
            /// A rule of `classplan lint` (the words themselves: plain
            /// language, coded wording, spelling, ...), not of `check`.
            pub fn is_lint(self) -> bool { match self { $( Rule::$variant => false, )* $( Rule::$lvariant => true, )* } }
        }
    };
}

impl Rule {
    /// The rule with this id (`CP0100`) or name (`readability`).
    pub fn find(key: &str) -> Option<Rule> {
        let key = key.trim();
        Rule::ALL
            .iter()
            .copied()
            .find(|r| r.id().eq_ignore_ascii_case(key) || r.name() == key)
    }
}

rules! {
    check {
    // Files and syntax
    Io = "CP0001", "unreadable-file", Error, "a source file cannot be read as UTF-8 text (missing, a directory, a pipe or device, binary, too large, no permission)";
    TomlSyntax = "CP0002", "toml-syntax", Error, "the file is not valid TOML";
    UnknownFile = "CP0003", "unknown-file", Warning, "a .toml file in a place where classplan expects no source (it is ignored)";
    // Structure (checked against the published JSON Schema)
    UnknownKey = "CP0010", "unknown-key", Error, "a key the format does not define";
    MissingKey = "CP0011", "missing-key", Error, "a required key is absent";
    WrongType = "CP0012", "wrong-type", Error, "a value has the wrong type or is not one of the allowed values";
    InvalidDate = "CP0013", "invalid-date", Error, "a date or date-time is not a real calendar date, or is written as a string";
    // Identity and references
    DuplicateClass = "CP0020", "duplicate-class", Error, "two classes in one jurisdiction share a code";
    MissingJurisdiction = "CP0021", "missing-jurisdiction", Error, "a source names a jurisdiction that has no jurisdiction.toml, or the id disagrees with its folder";
    MissingClass = "CP0022", "missing-class", Error, "a bulletin or competency model refers to a class that does not exist";
    MissingLevelClass = "CP0023", "missing-level-class", Warning, "an \"at the level of\" experience reference names a class that is not in the plan";
    ModelWithoutClass = "CP0027", "model-without-class", Warning, "a competency model is for a class the plan does not have yet";
    MissingBlock = "CP0024", "missing-block", Error, "a reference to a boilerplate block the jurisdiction does not define";
    DuplicateBulletin = "CP0025", "duplicate-bulletin", Error, "two bulletins share an id or a job number";
    InvalidValue = "CP0026", "invalid-value", Error, "a value is well-typed but not allowed (bad time zone, bad class code, bad URL)";
    // Requirements
    ExpressionSyntax = "CP0030", "expression-syntax", Error, "a requirement expression is malformed";
    ExpressionRoute = "CP0031", "expression-route", Error, "a requirement expression names a route that does not exist";
    UnusedRoute = "CP0032", "unused-route", Warning, "a requirement route is not used by the expression, so nobody can qualify through it";
    RequirementsDrift = "CP0033", "requirements-drift", Warning, "a bulletin overrides its class's minimum requirements without saying why";
    RequirementRef = "CP0034", "requirement-ref", Error, "a substitution, filing allowance or `{#2a}` reference in text names a route or part that does not exist";
    SubstitutionAmount = "CP0035", "substitution-amount", Error, "a substitution replaces more than the routes it applies to require, or something they do not require";
    FilingAllowance = "CP0036", "filing-allowance", Error, "the \"lack six months or less\" allowance is as long as the experience it shortens, or applies to no experience";
    RequirementItem = "CP0037", "requirement-item", Error, "a requirement item's fields contradict each other (an amount without a unit, more areas needed than listed, ...)";
    WordingMismatch = "CP0039", "wording-mismatch", Warning, "a requirement item's own wording no longer mentions an amount, class or name its fields state";
    TypedRequirementRef = "CP0038", "typed-requirement-ref", Warning, "text names a requirement by a typed number (\"Requirement #2\") instead of a `{#2}` reference";
    // Competencies
    MissingCompetency = "CP0040", "missing-competency", Error, "a competency model refers to a number the competency bank does not have";
    CompetencyTitle = "CP0041", "competency-title", Error, "a competency's number and title disagree with the competency bank";
    CompetencyLevel = "CP0042", "competency-level", Error, "a required competency level is outside the competency's levels";
    DuplicateCompetency = "CP0043", "duplicate-competency", Error, "a competency number appears twice in a bank or a model";
    // Pay
    PayRange = "CP0050", "pay-range", Error, "a pay range's minimum exceeds its maximum";
    PayOrder = "CP0051", "pay-order", Warning, "pay ranges are not in ascending order";
    // Dates
    PeriodOrder = "CP0060", "period-order", Error, "a filing period closes before it opens";
    PeriodOverlap = "CP0061", "period-overlap", Error, "two filing periods overlap";
    TestWindow = "CP0062", "test-window", Error, "a test window starts before its filing period closes, or ends before it starts";
    AbolishedClass = "CP0063", "abolished-class", Error, "a bulletin has a filing period on or after its class was abolished";
    LocalTime = "CP0065", "local-time", Warning, "a filing period opens or closes at a wall-clock time a daylight-saving change skips or repeats";
    HistoryOrder = "CP0064", "history-order", Error, "class history dates are out of order";
    // Content
    DuplicateDuty = "CP0070", "duplicate-duty", Error, "the same duty or KSA appears twice in one list";
    NearDuplicateDuty = "CP0071", "near-duplicate-duty", Warning, "two duties or KSAs in one list are nearly identical";
    EmptySection = "CP0072", "empty-section", Error, "a required section is present but empty";
    RawHtml = "CP0073", "raw-html", Error, "free text contains raw HTML or Markdown outside the supported subset";
    SelectionWeights = "CP0074", "selection-weights", Error, "weighted selection components do not add up to 100%";
    Spelling = "CP0075", "spelling", Warning, "a misspelt word: `check` reports the known misspellings of class specs (\"tactually\" for \"tactfully\"), `lint` every word the en-US dictionary, the plan and the jurisdiction's word list do not know";
    MissingGlyph = "CP0078", "missing-glyph", Warning, "text has characters that neither the bundled fonts nor the workspace's fonts/ can show in the PDF";
    Placeholder = "CP0079", "placeholder", Warning, "a scaffold's placeholder is still there: TODO text, an empty department, a bulletin that states no pay";
    ControlCharacter = "CP0077", "control-character", Error, "text contains a control character (such as the escape that starts terminal sequences) or a bidirectional override";
    TemplateName = "CP0081", "template-name", Warning, "a template override replaces no built-in template and nothing uses it, or defines a block its parent template does not have";
    Template = "CP0080", "template", Error, "a template override does not parse, fails to render, or cannot be read";
    TypedDate = "CP0076", "typed-date", Warning, "free text contains a weekday or a date typed by hand; use a date field so it is computed";
    LintConfig = "CP0082", "lint-config", Error, "a `[lint]` table or suppression names a rule that does not exist, sets a threshold out of range, allows an error, or gives no reason";
    Adoption = "CP0083", "adoption", Error, "a document's adoption is inconsistent: adopted without the authority or the date, or a draft with an adoption date";
    UnadoptedClass = "CP0084", "unadopted-class", Warning, "a bulletin is adopted but its class is a draft or proposed, so `build` leaves the bulletin out";
    // Career paths (the promotion graph of class references in requirements)
    UnresolvedClassTitle = "CP0090", "unresolved-class-title", Warning, "an experience requirement names a class title that matches no class of the plan (the step is left out of career paths)";
    AmbiguousClassTitle = "CP0091", "ambiguous-class-title", Warning, "an experience requirement's class title matches several classes of the plan";
    SelfReference = "CP0092", "self-reference", Warning, "a class requires experience in itself";
    UnknownJurisdictionRef = "CP0093", "unknown-jurisdiction-ref", Warning, "a class reference names a jurisdiction the plan does not have";
    AbolishedExperience = "CP0094", "abolished-experience", Warning, "a requirement asks for experience only in classes that are abolished, which nobody can gain any more";
    UnreachableClass = "CP0095", "unreachable-class", Warning, "no chain of classes from an entry-level class leads to the class: every way to qualify needs experience nobody can get";
    RequirementCycle = "CP0096", "requirement-cycle", Warning, "classes require experience in each other, with no other way into any of them";
    }
    lint {
    Readability = "CP0100", "readability", Warning, "a document's applicant-facing prose reads above the jurisdiction's Flesch-Kincaid grade budget (default grade 12)";
    LongSentence = "CP0101", "long-sentence", Warning, "a sentence of more words than the jurisdiction allows (default 35)";
    GenderCoded = "CP0102", "gender-coded", Warning, "masculine-coded words outnumber feminine-coded ones by more than the jurisdiction's margin (Gaucher, Friesen & Kay 2011)";
    DegreeOnly = "CP0103", "degree-only", Warning, "every way to qualify needs a degree: no route lets experience stand in for it";
    PayTransparency = "CP0104", "pay-transparency", Warning, "a bulletin states no pay range, \"DOE\" or \"negotiable\" instead of figures, or one figure where a range applies";
    Shouting = "CP0105", "shouting", Warning, "a whole sentence or paragraph in capital letters";
    LinkText = "CP0106", "link-text", Warning, "a link whose text says nothing of where it goes (\"click here\", \"here\", a bare URL)";
    Accommodation = "CP0107", "accommodation", Warning, "physical requirements stated without \"with or without reasonable accommodation\"";
    AgeCoded = "CP0108", "age-coded", Warning, "a phrase that signals an age preference (\"recent graduate\", \"digital native\", \"young and energetic\")";
    UndefinedAcronym = "CP0109", "undefined-acronym", Warning, "an acronym used before or without its expansion in the same document";
    }
}
