//! The layering ARCHITECTURE.md promises, checked: the pure stages (model,
//! validate, derive) name no file system, process, environment or clock,
//! the shared bottom modules import nothing above them, and import and
//! export use only the stages they sit beside.

use std::path::Path;

/// Lines of Rust code (comments dropped) of every file under `dir`.
fn code_lines(dir: &Path) -> Vec<(String, usize, String)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.path().extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).unwrap();
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            out.push((e.path().display().to_string(), i + 1, code.to_string()));
        }
    }
    out
}

#[test]
fn pure_stages_do_no_io_and_read_no_clock() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let forbidden = [
        "std::fs",
        "std::process",
        "std::env",
        "std::net",
        "SystemTime",
        "Instant::now",
        "Local::now",
        "Utc::now",
        "File::open",
    ];
    let mut found = Vec::new();
    for stage in ["model", "validate", "derive"] {
        for (file, line, code) in code_lines(&root.join(stage)) {
            for f in forbidden {
                if code.contains(f) {
                    found.push(format!("{file}:{line}: {f}"));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "I/O or a clock in a pure stage:\n{}",
        found.join("\n")
    );
}

#[test]
fn bottom_modules_import_nothing_above_them() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    // Each module and the modules it may use (besides itself).
    let allowed: &[(&str, &[&str])] = &[
        ("text.rs", &[]),
        ("rules.rs", &[]),
        // The fonts a PDF may use: read by validate (which text the PDF
        // cannot show) and by render's PDF engine.
        ("fonts.rs", &[]),
        // Files looked up from their open directory: used by load and site.
        ("dir_at.rs", &[]),
        ("diag", &["rules", "text"]),
        ("model", &["diag", "rules", "text", "model"]),
        (
            "validate",
            &["diag", "rules", "text", "model", "derive", "fonts", "validate"],
        ),
        ("derive", &["diag", "rules", "text", "model", "derive"]),
        // Beside the pipeline: import writes sources that load reads (and
        // checks them with the library's own `check_sources`); export reads
        // the plan and derive's numbers.
        (
            "import",
            &[
                "diag",
                "rules",
                "text",
                "model",
                "derive",
                "load",
                "schema",
                "write",
                "check_sources",
                "import",
            ],
        ),
        (
            "export",
            &["diag", "rules", "text", "model", "derive", "render", "export"],
        ),
    ];
    let mut found = Vec::new();
    for (module, ok) in allowed {
        let path = root.join(module);
        for (file, line, code) in code_lines(&path) {
            let mut rest = code.as_str();
            while let Some(at) = rest.find("crate::") {
                let after = &rest[at + 7..];
                let name: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !ok.contains(&name.as_str()) && name != module.trim_end_matches(".rs") {
                    found.push(format!("{file}:{line}: {module} uses crate::{name}"));
                }
                rest = &after[name.len()..];
            }
        }
    }
    assert!(found.is_empty(), "an import pointing up:\n{}", found.join("\n"));
}
