//! Shell completions and manual pages are generated from the commands
//! themselves: the bash script sources cleanly and completes subcommands
//! and options; every page renders with `man -l`.

mod common;

use common::*;

fn classplan_out(args: &[&str]) -> std::process::Output {
    run_in(&repo(), args)
}

#[test]
fn the_bash_completion_sources_cleanly_and_completes_commands_and_options() {
    let script = classplan_out(&["completions", "bash"]);
    assert_eq!(script.status.code(), Some(0));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("classplan.bash");
    std::fs::write(&path, &script.stdout).unwrap();
    let complete = |words: &str| {
        let n = words.split(' ').count() - 1;
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!(
                "set -e; source '{}'; COMP_WORDS=({words}); COMP_CWORD={n}; COMP_LINE='{words}'; COMP_POINT=${{#COMP_LINE}}; _classplan classplan \"${{COMP_WORDS[$COMP_CWORD]}}\" \"${{COMP_WORDS[$COMP_CWORD-1]}}\"; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
                path.display()
            ))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let commands = complete("classplan b");
    assert!(commands.lines().any(|l| l == "build"), "{commands}");
    assert!(commands.lines().any(|l| l == "bench-corpus"), "{commands}");
    let options = complete("classplan build --b");
    assert!(options.lines().any(|l| l == "--base-url"), "{options}");
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let s = classplan_out(&["completions", shell]);
        assert_eq!(s.status.code(), Some(0), "{shell}");
        assert!(String::from_utf8_lossy(&s.stdout).contains("classplan"), "{shell}");
    }
    assert_eq!(classplan_out(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn every_manual_page_renders() {
    let dir = tempfile::tempdir().unwrap();
    let out = classplan_out(&["man", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut pages: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    assert!(pages.contains(&"classplan.1".to_string()) && pages.contains(&"classplan-build.1".to_string()));
    assert!(
        !pages.iter().any(|p| p.contains("bench-queries")),
        "hidden commands have no page"
    );
    for page in &pages {
        let rendered = std::process::Command::new("man")
            .arg("-l")
            .arg(dir.path().join(page))
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .env("COLUMNS", "100")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&rendered.stdout);
        assert!(
            rendered.status.success(),
            "{page}: {}",
            String::from_utf8_lossy(&rendered.stderr)
        );
        assert!(text.contains("NAME") && text.contains("SYNOPSIS"), "{page}: {text}");
    }
    let build = std::fs::read_to_string(dir.path().join("classplan-build.1")).unwrap();
    assert!(build.contains("base\\-url"), "{build}");
    // Printed without --out: the top page.
    let top = classplan_out(&["man"]);
    assert!(String::from_utf8_lossy(&top.stdout).starts_with(".ie"));
}

#[test]
fn init_makes_a_workspace_that_checks_clean_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("plan");
    let made = run_in(
        tmp.path(),
        &[
            "init",
            "plan",
            "--jurisdiction",
            "springfield",
            "--name",
            "City of Springfield",
            "--region",
            "IL",
            "--time-zone",
            "America/Chicago",
        ],
    );
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    let checked = classplan::check(&ws);
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    let built = run_in(&ws, &["build", "--as-of", "2026-03-05"]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let txt = std::fs::read_to_string(ws.join("out/springfield/bulletins/springfield-100-2026/bulletin.txt")).unwrap();
    assert!(txt.contains("Location: Springfield, IL"), "{txt}");
    assert!(txt.contains("Open — closes Friday, March 13, 2026, 5:00 pm"), "{txt}");
    assert_eq!(std::fs::read_to_string(ws.join(".gitignore")).unwrap(), "out/\n");
    // Editors find the schemas: Taplo's configuration names files that exist.
    let taplo: toml::Table = toml::from_str(&std::fs::read_to_string(ws.join(".taplo.toml")).unwrap()).unwrap();
    for rule in taplo["rule"].as_array().unwrap() {
        let path = rule["schema"]["path"].as_str().unwrap();
        assert!(ws.join(path).exists(), "{path}");
    }
    // A directory with files in it is refused; --force adds, never replaces.
    let class = ws.join("specs/springfield/classes/100.toml");
    std::fs::write(&class, "code = \"100\"\ntitle = \"Mine\"\nsummary = \"Mine.\"\n").unwrap();
    let again = run_in(&ws, &["init", "."]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("is not empty"), "{}", stderr(&again));
    let forced = run_in(&ws, &["init", ".", "--jurisdiction", "springfield", "--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert!(std::fs::read_to_string(&class).unwrap().contains("Mine"));
    // Bad values are refused before anything is written.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    for bad in [["--jurisdiction", "../x"], ["--time-zone", "Mars/Olympus"]] {
        let out = run_in(&empty, &["init", ".", bad[0], bad[1]]);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert_eq!(std::fs::read_dir(&empty).unwrap().count(), 0, "{bad:?} wrote files");
    }
}

#[test]
fn the_version_names_the_embedded_typst() {
    let lock = std::fs::read_to_string(repo().join("Cargo.lock")).unwrap();
    let at = lock.find("name = \"typst\"\nversion = \"").unwrap() + "name = \"typst\"\nversion = \"".len();
    let typst = &lock[at..at + lock[at..].find('"').unwrap()];
    assert_eq!(classplan::cli::TYPST_VERSION, typst);
    let out = run_in(&repo(), &["--version"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("classplan {} (typst {typst})", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_build_in_a_log_says_its_phases_and_quiet_says_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = tmp.path().join("plan");
    let made = run_in(
        tmp.path(),
        &[
            "bench-corpus",
            "--classes",
            "40",
            "--bulletins",
            "40",
            plan.to_str().unwrap(),
        ],
    );
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    // stderr is a pipe here, as in a CI log.
    let built = run_in(&plan, &["build", "--only", "html,md", "--as-of", "2025-01-01"]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let log = stderr(&built);
    assert!(log.contains("classplan: rendering "), "{log}");
    assert!(log.contains("built "), "{log}");
    let quiet = run_in(
        &plan,
        &["build", "--only", "html,md", "--as-of", "2025-01-02", "--quiet"],
    );
    assert_eq!(quiet.status.code(), Some(0));
    assert_eq!(stderr(&quiet), "", "--quiet printed something");
    assert!(plan.join("out/index.html").exists());
    assert_eq!(
        run_in(&plan, &["build", "-q", "-v"]).status.code(),
        Some(2),
        "quiet and verbose conflict"
    );
}
