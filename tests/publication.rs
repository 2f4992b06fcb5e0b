//! What applicants, search engines and applicant-tracking systems get from
//! the sample: the apply box and its status as of a date, no analyst-only
//! text, no internal ids, the JobPosting's address and figures, page
//! descriptions, the site map, and the plain-language ways to qualify.

mod common;

use std::path::Path;

use chrono::NaiveDate;
use classplan::site::build;
use common::*;

const BULLETIN: &str = "la-city/bulletins/la-city-1229-2025";

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn built(as_of: &str, base_url: Option<&str>) -> (tempfile::TempDir, std::collections::BTreeMap<String, Vec<u8>>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut opts = text_build(&out, date(as_of));
    opts.base_url = base_url.map(String::from);
    build(&classplan::check(&repo()), &opts).unwrap();
    let files = tree(&out);
    (dir, files)
}

fn text(files: &std::collections::BTreeMap<String, Vec<u8>>, rel: &str) -> String {
    String::from_utf8(files.get(rel).unwrap_or_else(|| panic!("{rel} not built")).clone()).unwrap()
}

/// The text a reader sees in an HTML page (tags dropped).
fn visible(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let body = scraper::Selector::parse("body").unwrap();
    doc.select(&body)
        .next()
        .map(|b| b.text().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

#[test]
fn the_apply_box_states_the_filing_status_as_of_the_build_date() {
    let cases = [
        (
            "2025-03-01",
            "Open — closes Thursday, March 13, 2025, 11:59 pm Pacific (as of March 1, 2025).",
            true,
        ),
        (
            "2025-06-01",
            "Not yet open — opens Friday, February 27, 2026, 8:00 am Pacific (as of June 1, 2025).",
            false,
        ),
        (
            "2026-04-01",
            "Closed — filing ended Thursday, March 12, 2026, 11:59 pm Pacific; applications are not being accepted (as of April 1, 2026).",
            false,
        ),
    ];
    for (as_of, status, open) in cases {
        let (_d, files) = built(as_of, None);
        for f in ["index.html", "bulletin.md", "bulletin.txt"] {
            let t = text(&files, &format!("{BULLETIN}/{f}"));
            assert!(t.contains(status), "{as_of} {f}: no status line `{status}`");
            for tag in ["(open)", "(upcoming)", "(closed)"] {
                assert!(!t.contains(tag), "{as_of} {f}: the old status tag {tag} is back");
            }
        }
        let html = text(&files, &format!("{BULLETIN}/index.html"));
        let button = "<a class=\"apply-button\" href=\"https:&#x2F;&#x2F;www.governmentjobs.com&#x2F;careers&#x2F;lacity\">Apply online</a>";
        assert_eq!(html.contains(button), open, "{as_of}: Apply button only while open");
        // A closed posting is not advertised as live to search engines.
        assert_eq!(
            html.contains("application/ld+json"),
            as_of != "2026-04-01",
            "{as_of}: embedded JobPosting"
        );
        let index = text(&files, "index.html");
        let label = match as_of {
            "2025-03-01" => "Open",
            "2025-06-01" => "Opens soon",
            _ => "Closed",
        };
        assert!(
            index.contains(&format!(">{label}</span>")),
            "{as_of}: index status `{label}`"
        );
        assert!(index.contains(&format!("{} {}", "city of los angeles", label.to_lowercase())));
    }
}

#[test]
fn analyst_only_text_and_internal_ids_are_not_published() {
    let (_d, files) = built("2025-03-01", None);
    let reason = "The 2025 bulletin opens the class";
    for (rel, bytes) in &files {
        let t = String::from_utf8_lossy(bytes);
        assert!(!t.contains(reason), "{rel}: the drift reason is published");
        assert!(
            !t.contains("differ from the class specification"),
            "{rel}: drift note published"
        );
    }
    // Washington publishes no class code: none is shown as if it were one.
    for rel in ["wa-state/classes/css2.html", "wa-state/classes/css2.md", "index.html"] {
        let t = text(&files, rel);
        let seen = if rel.ends_with(".html") { visible(&t) } else { t };
        assert!(!seen.contains("css2"), "{rel} shows the internal code css2");
    }
    let index = visible(&text(&files, "index.html"));
    for id in [
        "(la-city",
        "(sf-city",
        "(wa-state",
        "la-city/1229",
        "(1)",
        "(2)",
        "2005-06-01",
    ] {
        assert!(!index.contains(id), "index shows `{id}`");
    }
    assert!(index.contains("Abolished June 1, 2005"));
    // The breadcrumb leads to the jurisdiction's own page, which lists its
    // classes and bulletins; the bulletin links its class spec.
    let page = text(&files, &format!("{BULLETIN}/index.html"));
    assert!(page.contains("href=\"..&#x2F;..&#x2F;..&#x2F;la-city/index.html\""));
    assert!(page.contains("la-city&#x2F;classes&#x2F;1229.html\">Customer Service Specialist</a>"));
    // The class spec links its bulletins.
    let class = text(&files, "la-city/classes/1229.html");
    assert!(
        class.contains("bulletins&#x2F;la-city-1229-2025&#x2F;index.html\">Job bulletin, job number 1229 OP 2023&#x2F;02&#x2F;24 C</a>"),
        "{class}"
    );
    let jur = text(&files, "la-city/index.html");
    assert!(
        jur.contains("classes&#x2F;1229.html"),
        "jurisdiction page lists its class"
    );
    assert!(
        jur.contains("bulletins&#x2F;la-city-1229-2025&#x2F;index.html"),
        "and its bulletin"
    );
}

#[test]
fn the_job_posting_states_what_the_bulletin_says() {
    let (_d, files) = built("2025-03-01", None);
    let v: serde_json::Value = serde_json::from_str(&text(&files, &format!("{BULLETIN}/jobposting.jsonld"))).unwrap();
    assert_eq!(v["url"], "https://www.governmentjobs.com/careers/lacity");
    assert_eq!(v["directApply"], true);
    // "Six months of full-time or 960 cumulative hours": six, not 5.5.
    assert_eq!(v["experienceRequirements"]["monthsOfExperience"], 6.0);
    let q = v["qualifications"].as_str().unwrap();
    assert!(q.starts_with("Two years of full-time paid call center"), "{q}");
    for joint in ["; or ", "; and "] {
        for (i, _) in q.match_indices(joint) {
            let next = q[i + joint.len()..].chars().next().unwrap();
            assert!(next.is_lowercase(), "capital after `{joint}` in {q}");
        }
    }
    assert_eq!(v["baseSalary"]["value"]["minValue"], 60489.0);
    assert_eq!(v["baseSalary"]["value"]["maxValue"], 97363.0);
}

#[test]
fn pages_have_descriptions_and_the_site_a_map_when_it_has_an_address() {
    let (_d, files) = built("2025-03-01", None);
    assert!(!files.contains_key("sitemap.xml") && !files.contains_key("robots.txt"));
    let (_d, files) = built("2025-03-01", Some("https://jobs.example.gov/plan"));
    let pages: Vec<&String> = files.keys().filter(|k| k.ends_with(".html")).collect();
    assert!(pages.len() >= 9, "{pages:?}");
    for rel in &pages {
        let html = text(&files, rel);
        assert!(
            html.contains("<meta name=\"description\" content=\""),
            "{rel}: no meta description"
        );
        assert!(
            html.contains("<meta property=\"og:title\""),
            "{rel}: no Open Graph title"
        );
        assert!(html.contains("<meta property=\"og:url\""), "{rel}: no Open Graph URL");
    }
    let map = text(&files, "sitemap.xml");
    for loc in [
        "https://jobs.example.gov/plan/",
        "https://jobs.example.gov/plan/la-city/",
        "https://jobs.example.gov/plan/la-city/classes/1229.html",
        "https://jobs.example.gov/plan/la-city/bulletins/la-city-1229-2025/",
    ] {
        assert!(map.contains(&format!("<loc>{loc}</loc>")), "sitemap lacks {loc}");
    }
    assert!(text(&files, "robots.txt").contains("Sitemap: https://jobs.example.gov/plan/sitemap.xml"));
    let v: serde_json::Value = serde_json::from_str(&text(&files, &format!("{BULLETIN}/jobposting.jsonld"))).unwrap();
    // With a site address the posting is the bulletin's page, which links
    // to the application site rather than taking the application.
    assert_eq!(
        v["url"],
        "https://jobs.example.gov/plan/la-city/bulletins/la-city-1229-2025/"
    );
    assert_eq!(v["directApply"], false);
}

#[test]
fn a_bad_site_address_is_refused() {
    let out = run_in(
        Path::new(&repo()),
        &["build", "--base-url", "jobs.example.gov", "--out", "/nonexistent/x"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("cannot be the site's address"));
}

#[test]
fn the_ways_to_qualify_follow_the_expression() {
    let (_d, files) = built("2025-03-01", None);
    let txt = text(&files, &format!("{BULLETIN}/bulletin.txt"));
    let box_start = txt.find("WAYS TO QUALIFY").unwrap();
    let ways: Vec<&str> = txt[box_start..]
        .lines()
        .skip_while(|l| !l.starts_with("- "))
        .take_while(|l| l.starts_with("- "))
        .collect();
    assert_eq!(
        ways,
        [
            "- Two years of call center operation or direct customer service experience",
            "- Six months of experience with the City of Los Angeles Office of Finance at the level of a Tax Renewal Assistant and completion of a four-week Business Tax Ordinance class",
        ]
    );
    // LA prints the salary before the duties.
    assert!(txt.find("\nSALARY\n").unwrap() < txt.find("\nDUTIES\n").unwrap());
    assert!(txt.contains("\nNOTES:\n"));
}

#[test]
fn corrections_of_official_wording_are_visible() {
    // As published, marked [sic] (the default), in every format.
    let (_d, files) = built("2025-03-01", None);
    for f in [
        "la-city/classes/1229.html",
        "la-city/classes/1229.md",
        "la-city/classes/1229.json",
    ] {
        let t = text(&files, f);
        assert!(t.contains("Deal tactually [sic] and effectively"), "{f}");
    }
    // Corrected where the jurisdiction says so; `list --errata` reports it.
    let ws = sample_workspace();
    let jf = ws.path().join("specs/la-city/jurisdiction.toml");
    let j = std::fs::read_to_string(&jf).unwrap();
    std::fs::write(&jf, j.replace("[style]\n", "[style]\ncorrections = \"correct\"\n")).unwrap();
    let out = ws.path().join("out");
    build(&classplan::check(ws.path()), &text_build(&out, date("2025-03-01"))).unwrap();
    let md = std::fs::read_to_string(out.join("la-city/classes/1229.md")).unwrap();
    assert!(
        md.contains("Deal tactfully and effectively") && !md.contains("tactually"),
        "{md}"
    );
    let listed = run_in(ws.path(), &["list", "--errata"]);
    assert_eq!(
        String::from_utf8_lossy(&listed.stdout),
        "specs/la-city/classes/1229.toml:110:9: la-city/1229: `tactually` means `tactfully`; printed as `tactfully`\n"
    );
    // Without the correction, the known misspelling is reported again.
    let cf = ws.path().join("specs/la-city/classes/1229.toml");
    let c = std::fs::read_to_string(&cf).unwrap();
    let cut = c.find("[[corrections]]").unwrap();
    std::fs::write(&cf, &c[..cut]).unwrap();
    assert!(
        classplan::check(ws.path())
            .diagnostics
            .iter()
            .any(|d| d.rule.id() == "CP0075")
    );
}

#[test]
fn the_questionnaire_for_applicant_tracking_systems_says_everything_once() {
    let (_d, files) = built("2025-03-01", None);
    let v: serde_json::Value = serde_json::from_str(&text(&files, &format!("{BULLETIN}/questions.json"))).unwrap();
    // The schema it names is written beside the site, and is the one
    // `classplan schema questions` prints.
    let schema_rel = v["$schema"].as_str().unwrap();
    let resolved = Path::new(BULLETIN).join(schema_rel);
    let normalized: Vec<_> = resolved.components().fold(Vec::new(), |mut acc, c| {
        match c {
            std::path::Component::ParentDir => {
                acc.pop();
            }
            other => acc.push(other.as_os_str().to_string_lossy().into_owned()),
        }
        acc
    });
    let schema = text(&files, &normalized.join("/"));
    assert_eq!(schema, classplan::render::questions::schema_text());
    let _: serde_json::Value = serde_json::from_str(&schema).unwrap();
    assert_eq!(v["requirements"]["expression"], "1 or (2 and 3)");
    let items = v["items"].as_array().unwrap();
    let question = |id: &str| {
        items
            .iter()
            .find(|i| i["id"] == id)
            .unwrap_or_else(|| panic!("no item {id}"))
            .clone()
    };
    // Intro passages are items of their own, before the question they lead into.
    let intro = items
        .iter()
        .position(|i| i["kind"] == "intro" && i["text"].as_str().unwrap().starts_with("IMPORTANT NOTE"))
        .unwrap();
    assert_eq!(items[intro + 1]["id"], "req-1-amount");
    // Option ids are unique; qualifying answers carry a score.
    let mut ids = std::collections::BTreeSet::new();
    for i in items.iter().filter(|i| i["kind"] == "question") {
        for o in i["options"].as_array().unwrap() {
            assert!(
                ids.insert(o["id"].as_str().unwrap().to_string()),
                "duplicate option id {}",
                o["id"]
            );
        }
    }
    let amount = question("req-1-amount");
    let scores: Vec<_> = amount["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["score"].clone())
        .collect();
    assert_eq!(scores, [0, 0, 0, 1].map(serde_json::Value::from));
    // Required means the same everywhere: the activities question is
    // required, and an applicant under Requirement #2 has an honest answer.
    let acts = question("req-1-activities");
    assert_eq!(acts["required"], true);
    assert_eq!(
        acts["options"].as_array().unwrap().last().unwrap()["label"],
        "None of these (I am not applying under Requirement #1)"
    );
    // Conditional display: the certificate after "Yes" to the course, the
    // other-language box after "Other".
    let cert = question("req-3-attachment");
    assert_eq!(
        cert["show_if"],
        serde_json::json!({"question": "req-3-course", "any_of": ["Yes"]})
    );
    assert_eq!(cert["required"], true);
    assert_eq!(cert["accept"][0], "application/pdf");
    assert!(
        question("lang-speak-other")["show_if"]["any_of"][0]
            .as_str()
            .unwrap()
            .starts_with("Other")
    );
    assert!(question("req-1-description")["max_length"].as_u64().unwrap() >= 1000);
    // The HTML form asks the same: required where the JSON says required.
    let html = text(&files, &format!("{BULLETIN}/questions.html"));
    let doc = scraper::Html::parse_document(&html);
    for i in items.iter().filter(|i| i["kind"] == "question") {
        let id = i["id"].as_str().unwrap();
        let sel = scraper::Selector::parse(&format!("fieldset#q-{id} legend .req")).unwrap();
        assert_eq!(
            doc.select(&sel).next().is_some(),
            i["required"] == true,
            "{id}: required differs between HTML and JSON"
        );
    }
}

#[test]
fn the_competency_model_is_its_own_document_as_the_seed_prints_it() {
    let (_d, files) = built("2025-03-01", None);
    let md = text(&files, "la-city/competency-models/1229.md");
    assert!(md.starts_with("# Competency Model for Customer Service Specialist, Class Code 1229\n"));
    // The summary list in the model's order, with the bank's numbers.
    let list: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("- ") && l.contains(". "))
        .take(8)
        .collect();
    assert_eq!(
        list[..4],
        [
            "- 3. Judgment and Decision Making",
            "- 6. Attention to Detail",
            "- 2. Mathematics",
            "- 20. Job Knowledge"
        ]
    );
    // The descriptions in the bank's order, as the seed's body.
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        [
            "## 2. Mathematics",
            "## 3. Judgment and Decision Making",
            "## 6. Attention to Detail",
            "## 20. Job Knowledge",
            "## 34. Customer Service",
            "## 43. Follow Oral Directions",
            "## 44. Follow Written Directions",
            "## 45. Oral Communication",
        ]
    );
    // The class's knowledge areas sit under Job Knowledge.
    let jk = md.find("## 20. Job Knowledge").unwrap();
    let areas = md.find("1. Knowledge of Office of Finance forms").unwrap();
    assert!(jk < areas && areas < md.find("## 34. Customer Service").unwrap());
    // The required level is marked as the intro says: bold, italic, underlined.
    assert!(md.contains("(*italicized, bolded, and underlined*)"));
    assert!(md.contains("- ***<ins>Level 1: Perform arithmetic computations"));
    let html = text(&files, "la-city/competency-models/1229.html");
    assert!(html.contains("<strong class=\"required-level\"><em>Level 1: Perform arithmetic"));
    assert!(text(&files, "assets/classplan.css").contains(".required-level { text-decoration: underline; }"));
    // Linked both ways; the class spec no longer appends the model, so its
    // closing statements stay after its last section.
    assert!(html.contains("classes&#x2F;1229.html\">Customer Service Specialist</a>"));
    let class = text(&files, "la-city/classes/1229.md");
    assert!(
        class.contains("[Competency Model for Customer Service Specialist](../../la-city/competency-models/1229.md)")
    );
    assert!(!class.contains("Examples of behavioral indicators") && !class.contains("Behavioral Indicators"));
    let bulletin = text(&files, &format!("{BULLETIN}/index.html"));
    assert!(
        bulletin.contains("competency-models&#x2F;1229.html\">Competency Model for Customer Service Specialist</a>")
    );
}

#[test]
fn a_title_in_korean_and_chinese_builds_everywhere_with_a_workspace_font() {
    let ws = sample_workspace();
    let class = ws.path().join("specs/sf-city/classes/1302.toml");
    let text = std::fs::read_to_string(&class).unwrap();
    let title = "고객 서비스 담당 客户服务代表";
    std::fs::write(
        &class,
        text.replacen(
            "title = \"Customer Service Representative Trainee\"",
            &format!("title = \"{title}\""),
            1,
        ),
    )
    .unwrap();
    // Without a font for them: check says where, the build writes every
    // other output and names the one PDF it could not make, once.
    let checked = classplan::check(ws.path());
    let warned: Vec<_> = checked.diagnostics.iter().filter(|d| d.rule.id() == "CP0078").collect();
    assert_eq!(warned.len(), 1, "{warned:?}");
    let out = run_in(ws.path(), &["build", "--as-of", "2025-03-01", "--color", "never"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.matches("error[CP0080]").count(), 1, "{err}");
    assert!(
        err.contains("sf-city/classes/1302.pdf was not written: no font can show 고 객 서 비 스 담 당 客"),
        "{err}"
    );
    for f in [
        "sf-city/classes/1302.html",
        "sf-city/classes/1302.md",
        "index.html",
        "la-city/classes/1229.pdf",
    ] {
        assert!(ws.path().join("out").join(f).exists(), "{f} missing");
    }
    assert!(!ws.path().join("out/sf-city/classes/1302.pdf").exists());
    // With a font in fonts/, all is well and the PDF carries the title.
    std::fs::create_dir_all(ws.path().join("fonts")).unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/fonts/wqy-microhei-subset.ttf"),
        ws.path().join("fonts/wqy-microhei-subset.ttf"),
    )
    .unwrap();
    let checked = classplan::check(ws.path());
    assert!(!checked.diagnostics.iter().any(|d| d.rule.id() == "CP0078"));
    let templates = classplan::templates(&checked).ok().unwrap();
    let task = classplan::site::pdf_tasks(&checked, date("2025-03-01"))
        .into_iter()
        .find(|t| t.rel == "sf-city/classes/1302.pdf")
        .unwrap();
    let pdf_text = classplan::render::pdf::task_text(&templates, &task).unwrap();
    assert!(
        pdf_text.replace(' ', "").contains("고객서비스담당客户服务代表"),
        "{pdf_text}"
    );
}
