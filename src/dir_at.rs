//! Many files looked up from their open directory. A `stat` or an `open`
//! by full path walks every component of the path again: a 10,000-class
//! plan's output directory holds 120,000 files in 23,000 directories, four
//! and five levels down, and its workspace 23,000 sources. Looked up from
//! the directory they are in (`openat`, `fstatat`), each costs one name;
//! [`Dirs`] keeps the directory of the last file open, and the directories
//! above it (each opened from its parent, one name too), so files taken
//! in path order share them. Elsewhere than on Unix, by full path.
//!
//! What a lookup sees is what the same lookup by full path sees: the
//! directory is opened by its path (links on the way followed, as they
//! would be), and the last name is looked up in it with the same flags.

use std::path::Path;

/// What a `stat` says of one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileStat {
    pub len: u64,
    /// Modification time, nanoseconds since the Unix epoch (0 before it).
    pub mtime_ns: u64,
    pub kind: Kind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
    /// A link (when not followed), a pipe, a socket, a device.
    Other,
}

impl FileStat {
    /// The stat in `meta`.
    pub fn of(meta: &std::fs::Metadata) -> FileStat {
        let (len, mtime_ns) = stat(meta);
        let t = meta.file_type();
        let kind = if t.is_file() {
            Kind::File
        } else if t.is_dir() {
            Kind::Dir
        } else {
            Kind::Other
        };
        FileStat { len, mtime_ns, kind }
    }

    /// Size and modification time: what stamps record.
    pub fn stamp(&self) -> (u64, u64) {
        (self.len, self.mtime_ns)
    }

    pub fn is_file(&self) -> bool {
        self.kind == Kind::File
    }

    pub fn is_dir(&self) -> bool {
        self.kind == Kind::Dir
    }
}

/// Size and modification time (nanoseconds since the Unix epoch; 0 before
/// it) in `meta`: what stamps and manifests record of a file.
pub fn stat(meta: &std::fs::Metadata) -> (u64, u64) {
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64);
    (meta.len(), mtime)
}

/// Looks files up under `root` by their relative paths (`/` separators),
/// keeping the directory of the last one open, with the directories
/// above it. One per thread (rayon's `map_init`); cheap to make.
pub struct Dirs<'r> {
    root: &'r Path,
    /// The directories open, each inside the one before it: the root
    /// (`""`) first, the last file's directory last. `None`: it could not
    /// be opened (nor can anything under it).
    #[cfg(unix)]
    open: Vec<(String, Option<rustix::fd::OwnedFd>)>,
}

impl<'r> Dirs<'r> {
    pub fn new(root: &'r Path) -> Dirs<'r> {
        Dirs {
            root,
            #[cfg(unix)]
            open: Vec::new(),
        }
    }

    /// The stat of `rel`, a link itself when it is one (`symlink_metadata`).
    pub fn symlink_stat(&mut self, rel: &str) -> Option<FileStat> {
        self.stat_with(rel, false)
    }

    /// The stat of what `rel` names, links followed (`metadata`).
    pub fn stat(&mut self, rel: &str) -> Option<FileStat> {
        self.stat_with(rel, true)
    }

    /// `rel` opened for reading (`File::open`).
    pub fn open(&mut self, rel: &str) -> std::io::Result<std::fs::File> {
        #[cfg(unix)]
        if let Some((dir, name)) = self.split(rel) {
            use rustix::fs::{Mode, OFlags, openat};
            let Some(fd) = self.dir(dir) else {
                return Err(std::io::Error::from(std::io::ErrorKind::NotFound));
            };
            return openat(fd, name, OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty())
                .map(std::fs::File::from)
                .map_err(std::io::Error::from);
        }
        std::fs::File::open(self.root.join(rel))
    }

    fn stat_with(&mut self, rel: &str, follow: bool) -> Option<FileStat> {
        #[cfg(unix)]
        if let Some((dir, name)) = self.split(rel) {
            use rustix::fs::{AtFlags, statat};
            let flags = if follow {
                AtFlags::empty()
            } else {
                AtFlags::SYMLINK_NOFOLLOW
            };
            let fd = self.dir(dir)?;
            return statat(fd, name, flags).ok().map(|st| from_stat(&st));
        }
        let path = self.root.join(rel);
        let meta = if follow {
            std::fs::metadata(path)
        } else {
            std::fs::symlink_metadata(path)
        };
        meta.ok().map(|m| FileStat::of(&m))
    }

    /// `rel` as its directory and its last name, when the name is a plain
    /// one (else the lookup takes the full path).
    #[cfg(unix)]
    fn split<'a>(&self, rel: &'a str) -> Option<(&'a str, &'a str)> {
        let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        (!matches!(name, "" | "." | "..") && !rel.starts_with('/')).then_some((dir, name))
    }

    /// The open directory `dir` (relative to the root): the directories
    /// kept open that are not above it are closed, and the rest of its
    /// path opened one name at a time from the deepest one left. `None`
    /// when it cannot be opened.
    #[cfg(unix)]
    fn dir(&mut self, dir: &str) -> Option<&rustix::fd::OwnedFd> {
        use rustix::fs::{CWD, Mode, OFlags, openat};
        // Only looked up in, never read: no file to open on Linux.
        #[cfg(any(target_os = "linux", target_os = "android"))]
        let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let above = |d: &str| d.is_empty() || dir == d || dir.strip_prefix(d).is_some_and(|r| r.starts_with('/'));
        while self.open.last().is_some_and(|(d, _)| !above(d)) {
            self.open.pop();
        }
        if self.open.is_empty() {
            let fd = openat(CWD, self.root, flags, Mode::empty()).ok();
            self.open.push((String::new(), fd));
        }
        let start = self.open.last().map_or(0, |(d, _)| d.len());
        let rest = dir[start..].trim_start_matches('/');
        let mut at = start + (dir.len() - start - rest.len());
        for name in rest.split('/').filter(|_| !rest.is_empty()) {
            at += name.len();
            let parent = self.open.last().and_then(|(_, fd)| fd.as_ref());
            let fd = match (name, parent) {
                // `a//b` names `a/b`, as a path does.
                ("", Some(p)) => rustix::io::dup(p).ok(),
                (_, Some(p)) => openat(p, name, flags, Mode::empty()).ok(),
                (_, None) => None,
            };
            self.open.push((dir[..at].to_string(), fd));
            at += 1;
        }
        self.open.last()?.1.as_ref()
    }
}

/// A `stat` as [`FileStat::of`] reads the same file's metadata. The
/// fields' integer types differ from one target to another.
#[cfg(unix)]
#[allow(clippy::unnecessary_cast)]
fn from_stat(st: &rustix::fs::Stat) -> FileStat {
    use rustix::fs::FileType;
    let (secs, nanos) = (st.st_mtime as i64, st.st_mtime_nsec as u64);
    let mtime_ns = if secs < 0 {
        0
    } else {
        (secs as u64).saturating_mul(1_000_000_000).saturating_add(nanos)
    };
    let kind = match FileType::from_raw_mode(st.st_mode as _) {
        FileType::RegularFile => Kind::File,
        FileType::Directory => Kind::Dir,
        _ => Kind::Other,
    };
    FileStat {
        len: st.st_size as u64,
        mtime_ns,
        kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every lookup gives what the same lookup by full path gives.
    #[test]
    fn lookups_from_the_directory_are_lookups_by_path() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::write(root.join("top.txt"), "top").unwrap();
        std::fs::write(root.join("a/one.txt"), "one!").unwrap();
        std::fs::write(root.join("a/b/two.txt"), "two two").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("one.txt", root.join("a/link")).unwrap();
            std::os::unix::fs::symlink("b", root.join("a/dirlink")).unwrap();
        }
        let names = [
            "top.txt",
            "a",
            "a/one.txt",
            "a/b",
            "a/b/two.txt",
            "a/link",
            "a/dirlink",
            "a/dirlink/two.txt",
            "a/missing",
            "missing/x",
            "a/one.txt/x",
            "a/..",
            "a/b/.",
            "a//b/two.txt",
            "a/../a/one.txt",
            "a/b/../one.txt",
            "a/link/x",
            "",
        ];
        // In order, backwards and alternating (the kept directory changes).
        let mut orders = vec![names.to_vec(), names.iter().rev().copied().collect()];
        orders.push(names.iter().flat_map(|n| [*n, "a/b/two.txt"]).collect());
        for order in orders {
            let mut dirs = Dirs::new(root);
            for rel in order {
                let by_path = |follow: bool| {
                    let p = root.join(rel);
                    let m = if follow {
                        std::fs::metadata(p)
                    } else {
                        std::fs::symlink_metadata(p)
                    };
                    m.ok().map(|m| FileStat::of(&m))
                };
                assert_eq!(dirs.symlink_stat(rel), by_path(false), "lstat {rel}");
                assert_eq!(dirs.stat(rel), by_path(true), "stat {rel}");
                let read = |f: std::io::Result<std::fs::File>| {
                    f.and_then(|mut f| {
                        let mut s = String::new();
                        std::io::Read::read_to_string(&mut f, &mut s).map(|_| s)
                    })
                    .ok()
                };
                assert_eq!(
                    read(dirs.open(rel)),
                    read(std::fs::File::open(root.join(rel))),
                    "open {rel}"
                );
            }
        }
    }
}
