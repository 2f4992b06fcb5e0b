//! Drafts: `new class` and `new bulletin` scaffold drafts that `check`
//! still warns about; `build` leaves what is not adopted out of every
//! output unless `--drafts`, which marks every page, Markdown, text and
//! PDF and emits no JobPosting; toggling `--drafts` adds and removes the
//! files; adopted documents state who adopted them and when.

mod common;

use std::path::Path;

use common::*;

const AS_OF: &str = "2026-12-01";

/// The sample workspace with a new class 1230 and its bulletin, made by
/// the commands an analyst runs.
fn workspace_with_drafts() -> tempfile::TempDir {
    let ws = sample_workspace();
    let class = run_in(
        ws.path(),
        &["new", "class", "la-city", "1230", "Senior Customer Service Specialist"],
    );
    assert_eq!(class.status.code(), Some(0), "{}", stderr(&class));
    // No --department: the scaffold leaves it empty.
    let bulletin = run_in(
        ws.path(),
        &[
            "new",
            "bulletin",
            "la-city/1230",
            "--period",
            "2027-01-04T08:00..2027-01-15T17:00",
        ],
    );
    assert_eq!(bulletin.status.code(), Some(0), "{}", stderr(&bulletin));
    ws
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn scaffolds_are_drafts_and_their_placeholders_are_still_reported() {
    let ws = workspace_with_drafts();
    for f in ["specs/la-city/classes/1230.toml", "bulletins/la-city-1230-2027.toml"] {
        assert!(
            read(&ws.path().join(f)).contains("adoption = { stage = \"draft\" }"),
            "{f}"
        );
    }
    let check = classplan::check(ws.path());
    assert!(!check.has_errors(), "{:?}", check.diagnostics);
    let mut found: Vec<String> = check
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.rule.id(), d.message))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            "CP0079 `duties[0]`: text is a placeholder left to be replaced",
            "CP0079 `summary`: text is a placeholder left to be replaced",
            "CP0079 the bulletin states no pay, and neither does its class",
            "CP0079 the bulletin's department is empty",
        ],
        "{found:?}"
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for_and_marked_when_built() {
    let ws = workspace_with_drafts();
    let out = ws.path().join("out");
    let class_page = out.join("la-city/classes/1230.html");
    let bulletin_dir = out.join("la-city/bulletins/la-city-1230-2027");

    let plain = run_in(ws.path(), &["build", "--as-of", AS_OF, "-q"]);
    assert_eq!(plain.status.code(), Some(0), "{}", stderr(&plain));
    let published = tree(&out);
    assert!(
        !published.keys().any(|k| k.contains("1230")),
        "{:?}",
        published.keys().filter(|k| k.contains("1230")).collect::<Vec<_>>()
    );
    // Not linked or listed anywhere: index, jurisdiction page, career map,
    // the class 1229's page.
    for (rel, bytes) in &published {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("1230.html") && !text.contains("la-city-1230-2027"),
            "{rel} names a draft"
        );
    }

    let drafts = run_in(ws.path(), &["build", "--as-of", AS_OF, "--drafts", "-q"]);
    assert_eq!(drafts.status.code(), Some(0), "{}", stderr(&drafts));
    // HTML: the title, a note at the top of main, noindex.
    for page in [
        class_page.clone(),
        bulletin_dir.join("index.html"),
        bulletin_dir.join("questions.html"),
    ] {
        let html = read(&page);
        assert!(html.contains("<title>DRAFT: "), "{}", page.display());
        assert!(
            html.contains(r#"<meta name="robots" content="noindex, nofollow">"#),
            "{}",
            page.display()
        );
        assert!(
            main_of(&html)
                .contains("<p class=\"draft-mark\" role=\"note\">\n<strong>DRAFT</strong> Draft: not adopted."),
            "{}",
            page.display()
        );
    }
    assert!(read(&class_page).contains("This class specification is a draft for review"));
    // No JobPosting for search engines: neither the file nor in the page.
    let bulletin_html = read(&bulletin_dir.join("index.html"));
    assert!(!bulletin_html.contains("application/ld+json") && !bulletin_html.contains("jobposting.jsonld"));
    assert!(!bulletin_dir.join("jobposting.jsonld").exists());
    // Markdown, text and JSON.
    assert!(
        read(&bulletin_dir.join("bulletin.md"))
            .contains("\n> **DRAFT** Draft: not adopted. This job bulletin is a draft")
    );
    assert!(read(&out.join("la-city/classes/1230.md")).contains("> **DRAFT** Draft: not adopted."));
    assert!(read(&bulletin_dir.join("bulletin.txt")).starts_with("*** DRAFT *** Draft: not adopted."));
    let json: serde_json::Value = serde_json::from_str(&read(&bulletin_dir.join("bulletin.json"))).unwrap();
    assert_eq!(json["adoption"]["stage"], "draft");
    assert_eq!(json["adoption"]["mark"], "DRAFT");
    // The index lists them with their stage as the status.
    let index = read(&out.join("index.html"));
    assert!(index.contains(r#"data-label="Status"><span class="status status-upcoming">Draft</span>"#));
    assert!(index.contains(r#"<a href="la-city&#x2F;classes&#x2F;1230.html">Senior Customer Service Specialist</a></th><td data-label="Series"></td><td data-label="Status">Draft</td>"#));
    // PDFs are built, and say so on every page.
    assert!(bulletin_dir.join("bulletin.pdf").is_file() && out.join("la-city/classes/1230.pdf").is_file());
    // The adopted documents' outputs carry no mark, and the sample's JSON-LD is still there.
    assert!(!read(&out.join("la-city/classes/1229.html")).contains("draft-mark"));
    assert!(
        out.join("la-city/bulletins/la-city-1229-2025/jobposting.jsonld")
            .is_file()
    );

    // Without --drafts again: every file of the drafts is removed, the
    // rest is as the first build left it.
    let again = run_in(ws.path(), &["build", "--as-of", AS_OF, "-q"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(tree(&out), published);

    // A site with an address: the sitemap lists no draft, even with --drafts.
    let site = run_in(
        ws.path(),
        &[
            "build",
            "--as-of",
            AS_OF,
            "--drafts",
            "-q",
            "--only",
            "html",
            "--out",
            "site",
            "--base-url",
            "https://jobs.example.gov/plan",
        ],
    );
    assert_eq!(site.status.code(), Some(0), "{}", stderr(&site));
    let sitemap = read(&ws.path().join("site/sitemap.xml"));
    assert!(
        sitemap.contains("la-city/classes/1229.html") && !sitemap.contains("1230"),
        "{sitemap}"
    );
    assert!(ws.path().join("site/la-city/classes/1230.html").is_file());
}

#[test]
fn the_pdf_of_a_draft_is_marked_on_every_page() {
    let ws_dir = workspace_with_drafts();
    let ws = classplan::check(ws_dir.path());
    let templates = classplan::render::templates::Templates::load(
        ws_dir.path(),
        &ws.plan.jurisdictions.keys().cloned().collect::<Vec<_>>(),
    )
    .ok()
    .unwrap();
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let mut seen = 0;
    for task in classplan::site::pdf_tasks(&ws, as_of) {
        let text = classplan::render::pdf::task_text(&templates, &task).unwrap();
        let warnings = classplan::render::pdf::task_warnings(&templates, &task).unwrap();
        assert!(warnings.is_empty(), "{}: {warnings:?}", task.rel);
        if task.rel.contains("1230") {
            seen += 1;
            // The header of every page (the bulletin has two), and the note
            // on the first.
            let pages = if task.rel.ends_with("bulletin.pdf") { 2 } else { 1 };
            assert_eq!(
                text.matches("DRAFT: not adopted").count(),
                pages,
                "{}: {text}",
                task.rel
            );
            assert!(text.contains("Draft: not adopted."), "{}: {text}", task.rel);
        } else {
            assert!(!text.contains("not adopted"), "{}", task.rel);
        }
    }
    assert_eq!(seen, 2);
}

#[test]
fn a_proposed_class_and_an_adopted_one_say_so() {
    let ws = sample_workspace();
    let spec = ws.path().join("specs/sf-city/classes/1302.toml");
    let text = read(&spec);
    let with = |adoption: &str| text.replacen("\ntitle = ", &format!("\nadoption = {adoption}\ntitle = "), 1);
    std::fs::write(
        &spec,
        with(r#"{ stage = "adopted", by = "Civil Service Commission", date = 2008-02-14 }"#),
    )
    .unwrap();
    let out = ws.path().join("out");
    let b = run_in(ws.path(), &["build", "--as-of", AS_OF, "-q", "--only", "html,md"]);
    assert_eq!(b.status.code(), Some(0), "{}", stderr(&b));
    let html = read(&out.join("sf-city/classes/1302.html"));
    assert!(
        html.contains("<dt>Adoption</dt><dd>Adopted by the Civil Service Commission on February 14, 2008.</dd>"),
        "{}",
        main_of(&html)
    );
    assert!(!html.contains("draft-mark") && !html.contains("noindex"));

    std::fs::write(
        &spec,
        with(r#"{ stage = "proposed", by = "Civil Service Commission", date = 2027-02-14 }"#),
    )
    .unwrap();
    let b = run_in(ws.path(), &["build", "--as-of", AS_OF, "-q", "--only", "html,md"]);
    assert_eq!(b.status.code(), Some(0), "{}", stderr(&b));
    assert!(!out.join("sf-city/classes/1302.html").exists());
    let b = run_in(
        ws.path(),
        &["build", "--as-of", AS_OF, "-q", "--only", "html,md", "--drafts"],
    );
    assert_eq!(b.status.code(), Some(0), "{}", stderr(&b));
    let md = read(&out.join("sf-city/classes/1302.md"));
    assert!(
        md.contains("> **PROPOSED** Proposed: not adopted. This class specification is proposed to the Civil Service Commission for February 14, 2027, not in force."),
        "{md}"
    );
}

#[test]
fn a_draft_class_says_draft_as_its_status_and_on_the_career_map() {
    let ws = workspace_with_drafts();
    let class = ws.path().join("specs/la-city/classes/1230.toml");
    let text = read(&class)
        + r#"
[requirements]
expression = "1"
[[requirements.routes]]
items = [{ type = "experience", amount = 2, unit = "years", paid = true, kind = "customer service", in_classes = [{ title = "Customer Service Specialist" }] }]
"#;
    std::fs::write(&class, text).unwrap();
    let built = run_in(
        ws.path(),
        &["build", "--as-of", AS_OF, "--drafts", "--only", "html,md", "-q"],
    );
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let out = ws.path().join("out");
    // Not "Active": the class is not in force.
    assert!(read(&out.join("la-city/classes/1230.html")).contains("<dt>Status</dt><dd>Draft</dd>"));
    assert!(read(&out.join("la-city/classes/1230.md")).contains("- **Status:** Draft"));
    assert!(read(&out.join("la-city/classes/1229.html")).contains("<dt>Status</dt><dd>Active</dd>"));
    // On the career map the draft is tagged; the adopted class it follows is not.
    let map = read(&out.join("paths/index.html"));
    let line = |code: &str| {
        map.lines()
            .find(|l| {
                l.contains(&format!(
                    "<li><a href=\"..&#x2F;la-city&#x2F;classes&#x2F;{code}.html\">"
                ))
            })
            .unwrap_or_else(|| panic!("la-city/{code} is not on the career map"))
            .to_string()
    };
    let draft = line("1230");
    let draft_item = &draft[draft.find("1230.html").unwrap()..];
    let draft_item = &draft_item[..draft_item.find("</li>").unwrap_or(draft_item.len())];
    assert!(
        draft_item.contains(r#"<span class="tag unadopted">Draft</span>"#),
        "{draft_item}"
    );
    let adopted = line("1229");
    let adopted_item = &adopted[adopted.find("1229.html").unwrap()..];
    let adopted_item = &adopted_item[..adopted_item.find("</li>").unwrap_or(adopted_item.len())];
    assert!(!adopted_item.contains("unadopted"), "{adopted_item}");
    // For machines too: paths.json, `paths --format json` and GraphML give
    // the stage of a class not adopted, and none for an adopted one.
    let graph: serde_json::Value = serde_json::from_str(&read(&out.join("paths/paths.json"))).unwrap();
    let class = |code: &str| {
        graph["classes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["reference"] == format!("la-city/{code}"))
            .unwrap_or_else(|| panic!("la-city/{code} is not in paths.json"))
            .clone()
    };
    assert_eq!(class("1230")["stage"], "draft");
    assert!(class("1229").get("stage").is_none());
    let report = run_in(ws.path(), &["paths", "la-city/1230", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(report["class"]["stage"], "draft");
    let graphml = read(&out.join("paths/paths.graphml"));
    let node = &graphml[graphml.find("<node id=\"la-city/1230\">").unwrap()..];
    assert!(node[..node.find("</node>").unwrap()].contains("<data key=\"stage\">draft</data>"));
}

#[test]
fn exports_are_the_adopted_plan_unless_drafts_are_asked_for() {
    let ws = workspace_with_drafts();
    let export = |args: &[&str]| {
        let mut all = vec!["export", "--as-of", AS_OF];
        all.extend_from_slice(args);
        let out = run_in(ws.path(), &all);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    // The plan as adopted: no row for the draft class, no draft bulletin.
    let adopted = export(&["--format", "csv"]);
    let header = adopted.lines().next().unwrap();
    assert!(header.contains(",status,stage,"), "{header}");
    assert!(!adopted.contains("1230"), "{adopted}");
    assert!(adopted.lines().skip(1).all(|l| l.contains(",adopted,")), "{adopted}");
    assert!(!export(&["--format", "kaggle-la"]).contains("1230"));
    let json: serde_json::Value = serde_json::from_str(&export(&["--format", "json"])).unwrap();
    assert!(json["classes"].as_array().unwrap().iter().all(|c| c["code"] != "1230"));
    // With --drafts: there, and said to be drafts.
    let all = export(&["--format", "csv", "--drafts"]);
    let row = all
        .lines()
        .find(|l| l.contains(",1230,"))
        .unwrap_or_else(|| panic!("{all}"));
    assert!(row.contains(",active,draft,"), "{row}");
    assert!(row.contains("la-city-1230-2027 (upcoming, draft)"), "{row}");
    let json: serde_json::Value = serde_json::from_str(&export(&["--format", "json", "--drafts"])).unwrap();
    let class = json["classes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "1230")
        .unwrap()
        .clone();
    assert_eq!(class["stage"], "draft");
    assert_eq!(class["bulletins"][0]["stage"], "draft");
    assert!(export(&["--format", "kaggle-la", "--drafts"]).contains("1230"));
}

#[test]
fn a_diff_says_which_side_is_a_draft() {
    let ws = workspace_with_drafts();
    let out = run_in(ws.path(), &["diff", "la-city/1229", "la-city/1230"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let status = &text[text
        .find("Status")
        .unwrap_or_else(|| panic!("no status section:\n{text}"))..];
    assert!(status.lines().nth(1).unwrap().contains("A active; B draft"), "{status}");
}
