//! `build` on real workspaces: golden outputs for the seeds, PDF text,
//! determinism, incremental rebuilds, stale-file removal, template
//! overrides and injection safety.

mod common;

use std::path::Path;

use chrono::NaiveDate;
use classplan::render::OutputFormat;
use classplan::site::{BuildError, BuildOptions, build};
use common::*;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 1).unwrap()
}

fn opts(out: &Path, formats: &[OutputFormat]) -> BuildOptions {
    BuildOptions {
        out: out.to_path_buf(),
        formats: if formats.is_empty() {
            OutputFormat::ALL.into_iter().collect()
        } else {
            formats.iter().copied().collect()
        },
        as_of: as_of(),
        pdf_threads: 2,
        feedback: classplan::site::Feedback::Silent,
        force: false,
        base_url: None,
        drafts: false,
    }
}

#[test]
fn sample_outputs_match_golden_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let ws = classplan::check(&repo());
    build(
        &ws,
        &opts(
            &out,
            &[
                OutputFormat::Html,
                OutputFormat::Md,
                OutputFormat::Txt,
                OutputFormat::Json,
                OutputFormat::Jsonld,
            ],
        ),
    )
    .unwrap();
    let files = tree(&out);
    let failures = golden_tree(&files, &repo().join("tests/golden/sample"));
    assert!(files.keys().any(|k| k.ends_with("questions.json")));
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn pdf_text_carries_every_duty_and_requirement() {
    let ws = classplan::check(&repo());
    let templates = classplan::render::templates::Templates::load(
        &repo(),
        &ws.plan.jurisdictions.keys().cloned().collect::<Vec<_>>(),
    )
    .ok()
    .unwrap();
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace("- ", "")
            .replace('\u{ad}', "")
    };
    let mut checked = 0;
    for task in classplan::site::pdf_tasks(&ws, as_of()) {
        // Typst compiles the templates cleanly: a warning means it worked
        // around something (a paragraph inside a paragraph was ignored).
        let warnings = classplan::render::pdf::task_warnings(&templates, &task).unwrap();
        assert!(warnings.is_empty(), "{}: {warnings:?}", task.rel);
        let text = norm(&classplan::render::pdf::task_text(&templates, &task).unwrap());
        let view: serde_json::Value = task.data.clone();
        // Every duty, knowledge/ability item and requirement route appears.
        let mut expected: Vec<String> = Vec::new();
        expected.push(view["title"].as_str().unwrap().to_string());
        fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(m) => {
                    if let Some(serde_json::Value::String(s)) = m.get("text") {
                        out.push(s.clone());
                    }
                    m.values().for_each(|x| strings(x, out));
                }
                serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
                _ => {}
            }
        }
        for d in view["duties"].as_array().into_iter().flatten() {
            strings(&d["text"], &mut expected);
        }
        for key in ["knowledge", "abilities"] {
            if let Some(l) = view[key].as_object() {
                strings(&l["items"], &mut expected);
            }
        }
        if let Some(r) = view["requirements"].as_object() {
            for route in r["routes"].as_array().unwrap() {
                expected.push(route["text"].as_str().unwrap().to_string());
            }
        }
        for e in expected.iter().filter(|e| !e.is_empty()) {
            // Typst hyphenates at line ends; compare without hyphens and spaces.
            let squash = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).collect::<String>();
            assert!(squash(&text).contains(&squash(e)), "{}: PDF text lacks {e:?}", task.rel);
            checked += 1;
        }
    }
    assert!(checked > 40, "checked only {checked} items");
}

#[test]
fn builds_are_deterministic_and_incremental() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let ws = classplan::check(&repo());
    let first = build(&ws, &opts(&a, &[])).unwrap();
    assert!(first.pdfs >= 4 && first.written > 20, "{first:?}");
    build(&ws, &opts(&b, &[])).unwrap();
    assert_eq!(tree(&a), tree(&b), "two builds of the same sources differ");

    // A second build into the same directory renders and writes nothing.
    let before = tree(&a);
    let again = build(&classplan::check(&repo()), &opts(&a, &[])).unwrap();
    assert_eq!((again.rendered, again.written, again.removed), (0, 0, 0), "{again:?}");
    assert_eq!(tree(&a), before);
}

#[test]
fn a_changed_class_rebuilds_only_its_documents_and_removed_sources_lose_their_outputs() {
    let ws_dir = sample_workspace();
    let out = ws_dir.path().join("out");
    build(
        &classplan::check(ws_dir.path()),
        &opts(&out, &[OutputFormat::Html, OutputFormat::Json]),
    )
    .unwrap();
    let sf = ws_dir.path().join("specs/sf-city/classes/1302.toml");
    let text = std::fs::read_to_string(&sf).unwrap().replace(
        "Perform other job related duties as assigned.",
        "Perform other related duties as assigned.",
    );
    std::fs::write(&sf, text).unwrap();
    let r = build(
        &classplan::check(ws_dir.path()),
        &opts(&out, &[OutputFormat::Html, OutputFormat::Json]),
    )
    .unwrap();
    assert_eq!(r.rendered, 1, "{r:?}");
    assert!(
        std::fs::read_to_string(out.join("sf-city/classes/1302.html"))
            .unwrap()
            .contains("Perform other related duties")
    );

    std::fs::remove_file(ws_dir.path().join("specs/wa-state/classes/css2.toml")).unwrap();
    let r = build(
        &classplan::check(ws_dir.path()),
        &opts(&out, &[OutputFormat::Html, OutputFormat::Json]),
    )
    .unwrap();
    assert_eq!(r.removed, 2, "{r:?}");
    assert!(!out.join("wa-state/classes/css2.html").exists());
    // A file classplan did not write is never removed.
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    build(&classplan::check(ws_dir.path()), &opts(&out, &[OutputFormat::Html])).unwrap();
    assert!(out.join("notes.txt").exists());
}

#[test]
fn errors_stop_the_build_before_anything_is_written() {
    let ws_dir = sample_workspace();
    let out = ws_dir.path().join("out");
    let class = ws_dir.path().join("specs/la-city/classes/1229.toml");
    let text = std::fs::read_to_string(&class)
        .unwrap()
        .replace("code = \"1229\"", "code = 1229");
    std::fs::write(&class, text).unwrap();
    let ws = classplan::check(ws_dir.path());
    assert!(matches!(
        build(&ws, &opts(&out, &[])),
        Err(BuildError::Diagnostics { .. })
    ));
    assert!(!out.exists());
}

#[test]
fn template_overrides_apply_and_broken_ones_are_reported_by_file() {
    let ws_dir = sample_workspace();
    let out = ws_dir.path().join("out");
    let tdir = ws_dir.path().join("templates");
    std::fs::create_dir_all(tdir.join("sf-city")).unwrap();
    std::fs::write(
        tdir.join("sf-city/class.md"),
        "# {{ title }} — San Francisco override\n",
    )
    .unwrap();
    build(&classplan::check(ws_dir.path()), &opts(&out, &[OutputFormat::Md])).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("sf-city/classes/1302.md")).unwrap(),
        "# Customer Service Representative Trainee — San Francisco override\n"
    );
    assert!(
        std::fs::read_to_string(out.join("la-city/classes/1229.md"))
            .unwrap()
            .contains("## Summary of Duties")
    );

    std::fs::write(
        tdir.join("class.html"),
        "{% extends \"base.html\" %}\n{% block main %}\n{{ title \n{% endblock main %}\n",
    )
    .unwrap();
    let out2 = ws_dir.path().join("out2");
    match build(&classplan::check(ws_dir.path()), &opts(&out2, &[])) {
        Err(BuildError::Diagnostics { diagnostics: d, .. }) => {
            assert!(d.iter().any(|d| d.message.contains("templates/class.html")), "{d:?}");
        }
        other => panic!("expected a template error, got {other:?}"),
    }
    assert!(!out2.exists());
}

#[test]
fn text_from_sources_is_data_in_every_format() {
    let ws_dir = sample_workspace();
    let out = ws_dir.path().join("out");
    let nasty = r#"<script>alert(1)</script> </div> {{ title }} {% raw %} #read("/etc/passwd") #import "x": * $x$ \ _a_ @ref <label> ]"#;
    let class = ws_dir.path().join("specs/sf-city/classes/1302.toml");
    let text = std::fs::read_to_string(&class).unwrap().replace(
        "Perform other job related duties as assigned.",
        &nasty.replace('\\', "\\\\").replace('"', "\\\""),
    );
    std::fs::write(&class, text).unwrap();
    let ws = classplan::check(ws_dir.path());
    // Raw HTML is reported by the checker; the build still must not break or inject.
    assert!(ws.diagnostics.iter().any(|d| d.rule.id() == "CP0073"));
    let mut ws = ws;
    ws.diagnostics.retain(|d| d.rule.id() != "CP0073");
    build(&ws, &opts(&out, &[])).unwrap();
    let html = std::fs::read_to_string(out.join("sf-city/classes/1302.html")).unwrap();
    assert!(!html.contains("<script>alert"), "script tag leaked into HTML");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    assert!(html.contains("{{ title }}"));
    let templates = classplan::render::templates::Templates::load(ws_dir.path(), &["sf-city".to_string()])
        .ok()
        .unwrap();
    let task = classplan::site::pdf_tasks(&ws, as_of())
        .into_iter()
        .find(|t| t.rel.contains("1302"))
        .unwrap();
    let pdf_text = classplan::render::pdf::task_text(&templates, &task).unwrap();
    // Printed literally, with print typography (typographic quotes).
    assert!(
        pdf_text.contains("#read(\u{201c}/etc/passwd\u{201d})"),
        "Typst markup was not printed literally"
    );
    assert!(pdf_text.contains("#import"));
    assert!(!pdf_text.contains("root:x:0"), "a file outside the workspace was read");
}

#[test]
fn changed_templates_rerender_every_document() {
    let ws_dir = sample_workspace();
    let out = ws_dir.path().join("out");
    build(&classplan::check(ws_dir.path()), &opts(&out, &[OutputFormat::Md])).unwrap();
    // An override changes the template set: every document is rendered again.
    let tdir = ws_dir.path().join("templates");
    std::fs::create_dir_all(&tdir).unwrap();
    std::fs::write(tdir.join("class.md"), "# {{ title }}\n").unwrap();
    let r = build(&classplan::check(ws_dir.path()), &opts(&out, &[OutputFormat::Md])).unwrap();
    assert_eq!(r.rendered, r.documents, "{r:?}");
    let fp1 = classplan::render::templates::Templates::load(ws_dir.path(), &[])
        .ok()
        .unwrap()
        .fingerprint;
    std::fs::remove_file(tdir.join("class.md")).unwrap();
    let fp2 = classplan::render::templates::Templates::load(ws_dir.path(), &[])
        .ok()
        .unwrap()
        .fingerprint;
    assert_ne!(fp1, fp2);
}

#[test]
fn ejected_templates_are_the_built_ins_and_existing_files_are_kept() {
    let ws_dir = sample_workspace();
    let tdir = ws_dir.path().join("templates");
    std::fs::create_dir_all(&tdir).unwrap();
    std::fs::write(tdir.join("class.md"), "# {{ title }}\n").unwrap();
    let (written, skipped) = classplan::edit::scaffold::eject_templates(ws_dir.path(), false, &[], None).unwrap();
    assert_eq!(skipped, ["templates/class.md"]);
    assert_eq!(written.len(), classplan::render::templates::BUILTIN.len() - 1);
    assert_eq!(
        std::fs::read_to_string(tdir.join("class.md")).unwrap(),
        "# {{ title }}\n"
    );
    // Building with the ejected copies gives the same bulletin as the built-ins.
    let (a, b) = (ws_dir.path().join("a"), tempfile::tempdir().unwrap());
    build(
        &classplan::check(ws_dir.path()),
        &opts(&a, &[OutputFormat::Html, OutputFormat::Pdf]),
    )
    .unwrap();
    build(
        &classplan::check(&repo()),
        &opts(b.path(), &[OutputFormat::Html, OutputFormat::Pdf]),
    )
    .unwrap();
    let bulletin = "la-city/bulletins/la-city-1229-2025/bulletin.pdf";
    assert_eq!(
        std::fs::read(a.join(bulletin)).unwrap(),
        std::fs::read(b.path().join(bulletin)).unwrap()
    );
    // One template, for one jurisdiction; an unknown name is refused with
    // the name it probably meant.
    let (written, _) =
        classplan::edit::scaffold::eject_templates(ws_dir.path(), false, &["bulletin.html".into()], Some("la-city"))
            .unwrap();
    assert_eq!(written, ["templates/la-city/bulletin.html"]);
    let err = classplan::edit::scaffold::eject_templates(ws_dir.path(), false, &["bulletn.html".into()], None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("did you mean `bulletin.html`?"), "{err}");
    // An ejected set draws no CP0081 (every file replaces a built-in).
    let checked = classplan::check(ws_dir.path());
    assert!(
        !checked.diagnostics.iter().any(|d| d.rule.id() == "CP0081"),
        "{:?}",
        checked.diagnostics
    );
}

/// The `<script type="application/ld+json">` element of a page.
fn ld_script(html: &str) -> &str {
    let start = html.find("application/ld+json").expect("JSON-LD script");
    let body = &html[start..];
    let open = body.find('>').unwrap() + 1;
    let close = body.find("</script>").unwrap();
    &body[open..close]
}

#[test]
fn embedded_json_ld_cannot_break_out_of_its_script() {
    // Found by the audit: only `</` was escaped, so `<!--` then `<script`
    // in a duty (written with the documented `\<`) or in a job number
    // blanked the whole bulletin page in Chromium.
    let ws_dir = sample_workspace();
    let out = ws_dir.path().join("out");
    let path = ws_dir.path().join("bulletins/la-city-1229-2025.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace(
            "job_number = \"1229 OP 2023/02/24 C\"",
            "job_number = \"100-2025 <!--<script/ x\"",
        )
        .replace(
            "and does related work.",
            "and does related work \\\\<!-- \\\\<script> & \u{2028}.",
        );
    std::fs::write(&path, text).unwrap();
    let ws = classplan::check(ws_dir.path());
    assert!(!ws.has_errors(), "{:?}", ws.diagnostics);
    build(&ws, &opts(&out, &[OutputFormat::Html, OutputFormat::Jsonld])).unwrap();
    let html = std::fs::read_to_string(out.join("la-city/bulletins/la-city-1229-2025/index.html")).unwrap();
    let script = ld_script(&html);
    assert!(
        !script.contains('<') && !script.contains('>') && !script.contains('&'),
        "markup in the JSON-LD script: {script}"
    );
    // The embedded copy is the same JSON value as the file.
    let file: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("la-city/bulletins/la-city-1229-2025/jobposting.jsonld")).unwrap(),
    )
    .unwrap();
    let embedded: serde_json::Value = serde_json::from_str(script).unwrap();
    assert_eq!(file, embedded);
    assert!(file["identifier"]["value"].as_str().unwrap().contains("<!--<script/"));
}

#[test]
fn outputs_stay_inside_the_output_directory() {
    let ws_dir = sample_workspace();
    let root = ws_dir.path();
    // A sibling directory that must not change, hashed before and after.
    let victim = root.join("victim");
    std::fs::create_dir_all(&victim).unwrap();
    std::fs::write(victim.join("package.json"), "{\"keep\": true}").unwrap();
    let before = tree(&victim);
    // A class code that tries to climb out is a check error; nothing is built.
    let class = root.join("specs/sf-city/classes/1302.toml");
    let original = std::fs::read_to_string(&class).unwrap();
    std::fs::write(
        &class,
        original.replace("code = \"1302\"", "code = \"../../../victim/package\""),
    )
    .unwrap();
    let ws = classplan::check(root);
    assert!(
        ws.diagnostics.iter().any(|d| d.rule.id() == "CP0026"),
        "{:?}",
        ws.diagnostics
    );
    assert!(build(&ws, &opts(&root.join("out"), &[OutputFormat::Json])).is_err());
    assert_eq!(tree(&victim), before);
    // A symbolic link inside out/ is never written through, and stale-file
    // removal never deletes in its target.
    std::fs::write(&class, &original).unwrap();
    let out = root.join("out");
    build(&classplan::check(root), &opts(&out, &[OutputFormat::Json])).unwrap();
    #[cfg(unix)]
    {
        std::fs::remove_dir_all(out.join("sf-city")).unwrap();
        std::os::unix::fs::symlink(&victim, out.join("sf-city")).unwrap();
        std::fs::write(victim.join("1302.json"), "theirs").unwrap();
        let before = tree(&victim);
        let r = build(&classplan::check(root), &opts(&out, &[OutputFormat::Json]));
        assert!(r.is_err(), "wrote through a symlinked directory: {r:?}");
        assert_eq!(tree(&victim), before);
    }
}

#[test]
fn files_the_build_did_not_write_are_not_replaced_without_force() {
    let ws_dir = sample_workspace();
    let root = ws_dir.path();
    // `--out .`: the workspace's own index.html is the user's.
    std::fs::write(root.join("index.html"), "my own page").unwrap();
    let r = build(&classplan::check(root), &opts(root, &[OutputFormat::Html]));
    match r {
        Err(BuildError::Io(e)) => assert!(e.to_string().contains("index.html"), "{e}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(std::fs::read_to_string(root.join("index.html")).unwrap(), "my own page");
    let mut forced = opts(root, &[OutputFormat::Html]);
    forced.force = true;
    build(&classplan::check(root), &forced).unwrap();
    assert_ne!(std::fs::read_to_string(root.join("index.html")).unwrap(), "my own page");
}

#[test]
fn a_build_stopped_partway_leaves_files_the_next_build_may_replace() {
    // One jurisdiction's PDF template fails (Typst is compiled at build
    // time; the build tries the first class of the plan, of another
    // jurisdiction, before writing): the text formats are written, then the
    // build stops. The files it wrote are classplan's: once the template is
    // fixed, the next build replaces them without --force (it used to
    // refuse them as "not written by classplan").
    let ws = sample_workspace();
    let checked = classplan::check(ws.path());
    let last = checked.plan.jurisdictions.keys().last().unwrap().clone();
    assert_ne!(checked.plan.jurisdictions.keys().next(), Some(&last));
    let template = ws.path().join(format!("templates/{last}/class.typ"));
    std::fs::create_dir_all(template.parent().unwrap()).unwrap();
    std::fs::write(&template, "#panic(\"stop here\")\n").unwrap();
    let out = ws.path().join("out");
    let first = run_in(ws.path(), &["build", "--as-of", "2025-03-01"]);
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("had been written before it stopped"),
        "{}",
        stderr(&first)
    );
    assert!(out.join("index.html").exists() || tree(&out).keys().any(|k| k.ends_with(".html")));
    std::fs::remove_file(&template).unwrap();
    let second = run_in(ws.path(), &["build", "--as-of", "2025-03-01"]);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
}
