//! `.ci/target-dir`: where `.ci/run` and `tests/e2e/run` build. The
//! harness's `CARGO_TARGET_DIR` wins; else the target directory the
//! README's commands built (a newcomer's `target/`); else the machine's
//! shared cache, so CI on a fresh clone stays incremental.

mod common;

use std::path::Path;
use std::process::Command;

/// A checkout with the script and a manifest cargo can read, and no build.
fn checkout() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = common::repo();
    std::fs::create_dir_all(dir.path().join(".ci")).unwrap();
    std::fs::copy(root.join(".ci/target-dir"), dir.path().join(".ci/target-dir")).unwrap();
    for f in ["Cargo.toml", "Cargo.lock", "build.rs"] {
        std::fs::copy(root.join(f), dir.path().join(f)).unwrap();
    }
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/lib.rs"), "").unwrap();
    std::fs::write(dir.path().join("src/main.rs"), "fn main() {}").unwrap();
    dir
}

fn target_dir(checkout: &Path, home: &Path, env: Option<&str>) -> String {
    let mut cmd = Command::new(checkout.join(".ci/target-dir"));
    // Another HOME, but the same toolchain.
    let real_home = std::env::var_os("HOME")
        .map(std::path::PathBuf::from)
        .unwrap_or_default();
    let cargo_home = std::env::var_os("CARGO_HOME").map_or_else(|| real_home.join(".cargo"), Into::into);
    let rustup_home = std::env::var_os("RUSTUP_HOME").map_or_else(|| real_home.join(".rustup"), Into::into);
    cmd.env("HOME", home)
        .env("CARGO_HOME", cargo_home)
        .env("RUSTUP_HOME", rustup_home)
        .env_remove("CARGO_TARGET_DIR");
    if let Some(v) = env {
        cmd.env("CARGO_TARGET_DIR", v);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim_end().to_string()
}

#[test]
fn the_target_directory_is_where_a_build_already_is() {
    let co = checkout();
    let home = tempfile::tempdir().unwrap();
    // A harness's choice is kept.
    assert_eq!(
        target_dir(co.path(), home.path(), Some("/somewhere/else")),
        "/somewhere/else"
    );
    // A fresh clone, nothing built: the machine's shared directory.
    let shared = home.path().join(".cache/classplan-target");
    assert_eq!(target_dir(co.path(), home.path(), None), shared.to_string_lossy());
    // After the README's commands: the clone's own target/.
    std::fs::create_dir_all(co.path().join("target/debug")).unwrap();
    let own = std::fs::canonicalize(co.path()).unwrap().join("target");
    assert_eq!(target_dir(co.path(), home.path(), None), own.to_string_lossy());
    // Where the checkout's cargo configuration puts builds, as cargo itself
    // says, once that holds one.
    std::fs::create_dir_all(co.path().join(".cargo")).unwrap();
    std::fs::write(
        co.path().join(".cargo/config.toml"),
        "[build]\ntarget-dir = \"elsewhere\"\n",
    )
    .unwrap();
    assert_eq!(target_dir(co.path(), home.path(), None), shared.to_string_lossy());
    std::fs::create_dir_all(co.path().join("elsewhere/debug")).unwrap();
    let configured = std::fs::canonicalize(co.path()).unwrap().join("elsewhere");
    assert_eq!(target_dir(co.path(), home.path(), None), configured.to_string_lossy());
}
