//! Writing files: atomically (temporary file in the same directory, then
//! rename), so a reader or a crash never sees a partial file; confined to
//! the output directory ([`OutDir`]); and under an advisory lock when two
//! processes could write the same thing ([`lock_file`], [`OutDir::lock`]).
//!
//! Architecture invariant: every path under the output directory that is
//! written or removed goes through [`OutDir::path`], which proves it stays
//! inside (no `..`, no absolute part, no symbolic link on the way).

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, bail};

/// Write `bytes` to `path` atomically, creating parent directories. The
/// new file gets the mode any new file gets (0666 less the umask), or the
/// mode of the file it replaces when `keep_mode_of` is that file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    write_atomic_with(path, bytes, None)
}

/// A temporary file beside `path` (directories created) holding `bytes`,
/// with the mode any new file gets (temporary files are private, 0600, by
/// default; outputs are published: 0666 less the umask).
fn temp_beside(path: &Path, bytes: &[u8]) -> anyhow::Result<tempfile::NamedTempFile> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create directory {}", dir.display()))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".classplan-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    tmp.write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(tmp)
}

fn write_atomic_with(path: &Path, bytes: &[u8], mode: Option<std::fs::Permissions>) -> anyhow::Result<()> {
    let tmp = temp_beside(path, bytes)?;
    if let Some(mode) = mode {
        std::fs::set_permissions(tmp.path(), mode)
            .with_context(|| format!("cannot set the mode of {}", path.display()))?;
    }
    // No fsync per file: rename already guarantees a reader (or a killed
    // build) sees the old or the new file whole; fsyncing thousands of
    // outputs would dominate build time for no gain against process death.
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Write a new file atomically, failing if `path` exists (also when
/// another process creates it meanwhile).
pub fn write_new(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = temp_beside(path, bytes)?;
    tmp.persist_noclobber(path).map_err(|e| e.error).with_context(|| {
        format!(
            "cannot create {} (it exists, or the directory is not writable)",
            path.display()
        )
    })?;
    Ok(())
}

/// Replace an existing source file with `bytes`, keeping its permissions
/// and writing through a symbolic link to the file it points to (the link
/// stays a link).
pub fn replace_source(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let target = std::fs::canonicalize(path).with_context(|| format!("cannot resolve {}", path.display()))?;
    let mode = std::fs::metadata(&target).map(|m| m.permissions()).ok();
    write_atomic_with(&target, bytes, mode)
}

/// Whether a path relative to the output directory is one classplan may
/// write or delete: `/`-separated names, none empty, `.` or `..`, no
/// backslash, colon or NUL, not absolute.
pub fn safe_rel(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.starts_with('/')
        && rel
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != ".." && !c.contains(['\\', ':', '\0']))
}

/// The output directory. Every file classplan writes or removes under it
/// is named relative to it and checked by [`OutDir::path`].
pub struct OutDir {
    root: PathBuf,
    /// Directories (relative) already proven to be real directories.
    checked: Mutex<HashSet<String>>,
}

impl OutDir {
    /// The output directory at `root` (created when missing).
    pub fn create(root: &Path) -> anyhow::Result<OutDir> {
        std::fs::create_dir_all(root)
            .with_context(|| format!("cannot create the output directory {}", root.display()))?;
        Ok(OutDir {
            root: root.to_path_buf(),
            checked: Mutex::new(HashSet::new()),
        })
    }

    /// The output directory at `root` for reading; nothing is created.
    pub fn existing(root: &Path) -> OutDir {
        OutDir {
            root: root.to_path_buf(),
            checked: Mutex::new(HashSet::new()),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The real path of `rel`, after proving it stays inside the output
    /// directory: `rel` is [`safe_rel`], and every directory on the way is
    /// a real directory (created when missing), never a symbolic link.
    pub fn path(&self, rel: &str) -> anyhow::Result<PathBuf> {
        if !safe_rel(rel) {
            bail!(
                "refusing to write `{}`: not a plain path inside the output directory",
                rel.escape_debug()
            );
        }
        let mut dir = String::new();
        let parts: Vec<&str> = rel.split('/').collect();
        for part in &parts[..parts.len() - 1] {
            if !dir.is_empty() {
                dir.push('/');
            }
            dir.push_str(part);
            if self.checked.lock().map(|c| c.contains(&dir)).unwrap_or(false) {
                continue;
            }
            let p = self.root.join(&dir);
            match std::fs::symlink_metadata(&p) {
                Ok(m) if m.file_type().is_symlink() => bail!(
                    "refusing to write through `{}`: it is a symbolic link inside the output directory",
                    p.display()
                ),
                Ok(m) if m.is_dir() => {}
                Ok(_) => bail!("cannot write under `{}`: it is a file, not a directory", p.display()),
                Err(_) => match std::fs::create_dir(&p) {
                    Ok(()) => {}
                    // Another thread created it meanwhile: check what it is.
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        let m = std::fs::symlink_metadata(&p)?;
                        if !m.is_dir() || m.file_type().is_symlink() {
                            bail!("cannot write under `{}`: not a directory", p.display());
                        }
                    }
                    Err(e) => return Err(e).with_context(|| format!("cannot create directory {}", p.display())),
                },
            }
            if let Ok(mut c) = self.checked.lock() {
                c.insert(dir.clone());
            }
        }
        Ok(self.root.join(rel))
    }

    /// Write one output file atomically.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let path = self.path(rel)?;
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            bail!("refusing to replace `{}`: it is a symbolic link", path.display());
        }
        write_atomic(&path, bytes)
    }

    /// Remove one output file (a symbolic link is removed, never followed);
    /// empty parent directories inside the output directory go with it.
    /// Returns whether a file was removed.
    pub fn remove(&self, rel: &str) -> anyhow::Result<bool> {
        let path = self.path_for_removal(rel)?;
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            return Ok(false);
        };
        if meta.is_dir() {
            return Ok(false);
        }
        std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        let mut dir = rel.rsplit_once('/').map(|(d, _)| d.to_string());
        while let Some(d) = dir {
            if std::fs::remove_dir(self.root.join(&d)).is_err() {
                break;
            }
            if let Ok(mut c) = self.checked.lock() {
                c.remove(&d);
            }
            dir = d.rsplit_once('/').map(|(p, _)| p.to_string());
        }
        Ok(true)
    }

    /// Like [`OutDir::path`] but creates nothing: a missing directory
    /// means there is nothing to remove.
    fn path_for_removal(&self, rel: &str) -> anyhow::Result<PathBuf> {
        if !safe_rel(rel) {
            bail!(
                "refusing to remove `{}`: not a plain path inside the output directory",
                rel.escape_debug()
            );
        }
        let mut p = self.root.clone();
        let parts: Vec<&str> = rel.split('/').collect();
        for part in &parts[..parts.len() - 1] {
            p.push(part);
            if let Ok(m) = std::fs::symlink_metadata(&p)
                && (m.file_type().is_symlink() || !m.is_dir())
            {
                bail!("refusing to remove through `{}`: not a real directory", p.display());
            }
        }
        Ok(self.root.join(rel))
    }

    /// Hold the output directory's lock until the returned guard is
    /// dropped: one build writes it at a time. Waits (saying so on stderr)
    /// when another process holds it.
    pub fn lock(&self) -> anyhow::Result<std::fs::File> {
        lock_path(
            &self.root.join(LOCK_FILE),
            "another classplan build is writing this output directory",
        )
    }
}

/// The lock file of an output directory.
pub const LOCK_FILE: &str = ".classplan.lock";

fn lock_path(path: &Path, who: &str) -> anyhow::Result<std::fs::File> {
    // A pipe or device in its place would make the open wait forever.
    if std::fs::symlink_metadata(path).is_ok_and(|m| !m.is_file()) {
        bail!(
            "the lock file {} is not a regular file; remove it and build again",
            path.display()
        );
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .with_context(|| format!("cannot open the lock file {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => {
            eprintln!("waiting: {who} ({})", path.display());
            file.lock().with_context(|| format!("cannot lock {}", path.display()))?;
            Ok(file)
        }
        Err(std::fs::TryLockError::Error(e)) => Err(e).with_context(|| format!("cannot lock {}", path.display())),
    }
}

/// A source file opened and locked for a read-modify-write: the lock is
/// held on the file itself, and re-taken when another writer replaced the
/// file (by rename) while this one waited, so the text read is the latest.
pub struct LockedSource {
    _file: std::fs::File,
    pub text: String,
    pub bytes_read: Vec<u8>,
}

/// Open `path` (following a symbolic link to its file), lock it and read it.
pub fn lock_source(path: &Path) -> anyhow::Result<LockedSource> {
    let target = std::fs::canonicalize(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut announced = false;
    for _ in 0..1000 {
        let file = std::fs::File::open(&target).with_context(|| format!("cannot read {}", path.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                if !announced {
                    eprintln!("waiting: another classplan command is editing {}", path.display());
                    announced = true;
                }
                file.lock().with_context(|| format!("cannot lock {}", path.display()))?;
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock {}", path.display()));
            }
        }
        // Still the file at this path? A writer that held the lock may have
        // replaced it; then lock the new one.
        if same_file(&file, &target) {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut &file, &mut bytes)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let text =
                String::from_utf8(bytes.clone()).with_context(|| format!("{} is not UTF-8 text", path.display()))?;
            return Ok(LockedSource {
                _file: file,
                text,
                bytes_read: bytes,
            });
        }
    }
    bail!("{} keeps changing; nothing was written", path.display())
}

#[cfg(unix)]
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &std::fs::File, _path: &Path) -> bool {
    // Windows does not let a locked file be replaced, so a lock that was
    // granted is on the current file.
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_safe() {
        for ok in ["index.html", "la-city/classes/1229.html", "a/b.c/d"] {
            assert!(safe_rel(ok), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../b",
            "a//b",
            "a/./b",
            "a\\b",
            "c:x",
            "a/",
        ] {
            assert!(!safe_rel(bad), "{bad}");
        }
    }

    #[test]
    fn never_writes_through_a_symlinked_directory() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let victim = tmp.path().join("victim");
        std::fs::create_dir_all(&victim).unwrap();
        std::fs::create_dir_all(&out).unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&victim, out.join("la-city")).unwrap();
            let dir = OutDir::create(&out).unwrap();
            assert!(dir.write("la-city/x.html", b"x").is_err());
            std::fs::write(victim.join("y.html"), b"keep").unwrap();
            assert!(dir.remove("la-city/y.html").is_err());
            assert!(victim.join("y.html").exists());
            assert!(std::fs::read_dir(&victim).unwrap().count() == 1);
        }
        let dir = OutDir::create(&out).unwrap();
        assert!(dir.write("../escape.html", b"x").is_err());
        assert!(!tmp.path().join("escape.html").exists());
        dir.write("a/b/c.html", b"x").unwrap();
        assert!(dir.remove("a/b/c.html").unwrap());
        assert!(!out.join("a").exists());
    }
}
