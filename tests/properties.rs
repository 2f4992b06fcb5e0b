//! Property tests: arbitrary text in every free-text field never breaks
//! `check` or `build`, is escaped in HTML (present exactly once as text,
//! never as markup) and printed literally by Typst; arbitrary bytes as a
//! source give a diagnostic, never a panic.
//!
//! Cases per property: 1,000 by default (PROPTEST_CASES to change).

mod common;

use std::sync::OnceLock;

use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000)
}

/// Text with the characters that break naive renderers: markup of every
/// output language, control characters, RTL, combining marks, emoji, long tokens.
fn nasty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<script>alert(1)</script>".to_string()),
        Just("</div>".to_string()),
        Just("{{ title }}".to_string()),
        Just("{% raw %}".to_string()),
        Just("#read(\"/etc/passwd\")".to_string()),
        Just("#import \"x\": *".to_string()),
        Just("$x^2$".to_string()),
        Just("] [ \\ * _ @ref <label> ` ~".to_string()),
        Just("\u{202E}RTL\u{202C} \u{05D0}\u{05D1}".to_string()),
        Just("e\u{0301}\u{0301}".to_string()),
        Just("\u{1F600}\u{1F3FD}".to_string()),
        Just("&amp; &lt; \" '".to_string()),
        "[a-zA-Z]{1,400}".prop_map(|s| s),
        "\\PC{0,40}",
        proptest::char::range('\u{0}', '\u{1F}').prop_map(|c| c.to_string()),
    ];
    proptest::collection::vec(piece, 1..6).prop_map(|v| v.join(" "))
}

fn toml_string(s: &str) -> String {
    toml_edit::Value::from(s).to_string().trim().to_string()
}

fn engine_templates() -> &'static classplan::render::templates::Templates {
    static T: OnceLock<classplan::render::templates::Templates> = OnceLock::new();
    T.get_or_init(|| {
        classplan::render::templates::Templates::load(std::path::Path::new("/nonexistent"), &[])
            .ok()
            .unwrap()
    })
}

fn workspace_with(summary: &str, duty: &str, note: &str) -> tempfile::TempDir {
    let ws = common::sample_workspace();
    let class = format!(
        "code = \"9001\"\ntitle = {}\nsummary = {}\nduties = [{}]\nnotes = {}\n",
        toml_string(&format!("Prop {}", duty.chars().take(30).collect::<String>())),
        toml_string(summary),
        toml_string(duty),
        toml_string(note)
    );
    std::fs::write(ws.path().join("specs/sf-city/classes/9001.toml"), class).unwrap();
    ws
}

fn text_of(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("main").unwrap();
    doc.select(&sel)
        .next()
        .map(|m| m.text().collect::<String>())
        .unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn free_text_is_data_in_html(summary in nasty(), duty in nasty()) {
        let ws = workspace_with(&summary, &duty, "");
        let mut w = classplan::check(ws.path());
        // Raw HTML and control characters are reported by check; here the
        // renderer must still keep them data.
        w.diagnostics.retain(|d| d.is_error() && !["CP0073", "CP0077"].contains(&d.rule.id()));
        prop_assume!(w.diagnostics.is_empty());
        let (j, c) = w.plan.class(&classplan::model::ClassKey { jurisdiction: "sf-city".into(), code: "9001".into() }).unwrap();
        let view = classplan::render::view::class_view(j, c);
        let mut ctx = tera::Context::from_serialize(&view).unwrap();
        ctx.insert("root", "");
        let html = engine_templates().render("sf-city", "class.html", &ctx).unwrap();
        let text = text_of(&html);
        // The plain-text form of the summary appears in the page text, and no
        // element came from it.
        // Source text is trimmed when loaded (a leading tab is not a code block).
        let plain = classplan::render::markdown::to_text(summary.trim());
        let squash = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).collect::<String>();
        prop_assert!(squash(&text).contains(&squash(&plain)), "summary text missing");
        let doc = scraper::Html::parse_document(&html);
        for bad in ["script", "label", "style", "iframe"] {
            let sel = scraper::Selector::parse(&format!("main {bad}")).unwrap();
            prop_assert_eq!(doc.select(&sel).count(), 0, "a <{}> element came from source text", bad);
        }
    }

    #[test]
    fn check_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let ws = common::sample_workspace();
        std::fs::write(ws.path().join("specs/la-city/classes/x.toml"), &bytes).unwrap();
        std::fs::write(ws.path().join("bulletins/x.toml"), &bytes).unwrap();
        let w = classplan::check(ws.path());
        // A class file that is not a valid class must say so.
        prop_assert!(!w.diagnostics.is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn typst_prints_source_text_literally(note in nasty()) {
        let ws = workspace_with("Summary.", "Files #read(\"/etc/passwd\") records.", &note);
        let mut w = classplan::check(ws.path());
        w.diagnostics.retain(|d| d.is_error() && !["CP0073", "CP0077"].contains(&d.rule.id()));
        prop_assume!(w.diagnostics.is_empty());
        let task = classplan::site::pdf_tasks(&w, chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap())
            .into_iter()
            .find(|t| t.rel.ends_with("9001.pdf"))
            .unwrap();
        let text = classplan::render::pdf::task_text(engine_templates(), &task).unwrap();
        // Characters no bundled font covers are not laid out, and Typst
        // composes combining marks (e + U+0301 becomes é): compare ASCII
        // letters and digits that carry no combining mark.
        let squash = |s: &str| {
            let chars: Vec<char> = s.chars().collect();
            chars
                .iter()
                .enumerate()
                .filter(|(i, c)| c.is_ascii_alphanumeric() && !chars.get(i + 1).is_some_and(|n| ('\u{300}'..='\u{36F}').contains(n)))
                .map(|(_, c)| *c)
                .collect::<String>()
        };
        prop_assert!(squash(&text).contains(&squash("#read(\"/etc/passwd\")")));
        prop_assert!(!text.contains("root:x:0:0"));
        let plain = classplan::render::markdown::to_text(note.trim());
        prop_assert!(squash(&text).contains(&squash(&plain)), "note text missing from the PDF");
    }
}

/// The sample's and the corpus fixture's workspaces, loaded once.
fn period_workspaces() -> &'static [classplan::load::Workspace] {
    static WS: OnceLock<Vec<classplan::load::Workspace>> = OnceLock::new();
    WS.get_or_init(|| {
        [common::repo(), common::repo().join("tests/fixtures/corpus")]
            .iter()
            .map(|w| classplan::check_sources(w))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases().min(200)))]
    /// The filing status and current period from the periods' days alone
    /// (what the site's index lists, `periods::period_times`) are those
    /// from the full periods with their sentences, for every bulletin of
    /// the sample and the corpus fixture, on any day.
    #[test]
    fn period_days_alone_give_the_full_periods_status(days in 0i64..6000) {
        use classplan::derive::periods::{current, filing_status, period_times, periods};
        let as_of = chrono::NaiveDate::from_ymd_opt(2010, 1, 1).unwrap() + chrono::Duration::days(days);
        let mut checked = 0;
        for ws in period_workspaces() {
            for b in ws.plan.bulletins.values() {
                let Some(j) = classplan::model::ClassKey::parse(&b.class)
                    .and_then(|k| ws.plan.jurisdictions.get(&k.jurisdiction))
                else {
                    continue;
                };
                let jd = &j.def.value;
                let (full, days_only) = (periods(b, jd, as_of), period_times(b, as_of));
                let (a, z) = (filing_status(&full, jd, as_of), filing_status(&days_only, jd, as_of));
                prop_assert_eq!((a.state, a.label, &a.sentence), (z.state, z.label, &z.sentence));
                prop_assert_eq!(current(&full).map(|p| p.number), current(&days_only).map(|p| p.number));
                checked += 1;
            }
        }
        prop_assert!(checked >= 20, "{checked} bulletins");
    }
}
