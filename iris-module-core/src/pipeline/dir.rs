//! A directory held open. Every operation is made relative to the handle, never through a path
//! resolved again, so swapping a path component for a symbolic link between a check and a write
//! redirects nothing; no name is followed if it is a symbolic link; renames never replace.
//!
//! Files and directories in progress (an upload being received, a run's claim) are locked
//! (`flock`) by the process that works on them for as long as it does: the lock goes with the
//! process, so a lock that can be taken means its owner died (killed by Celery's time limit, the
//! OOM killer, a restart) and what it left can be taken up. Creating such an entry and locking it
//! are two steps; both happen under a shared lock of the directory itself
//! ([`DirHandle::shared`]), and [`DirHandle::exclusive`] is what a sweep of dead entries holds, so
//! a sweep never mistakes an entry created a moment ago for a dead one. The locks are taken on
//! the directories themselves: no lock file is left behind.

use rustix::fs::{AtFlags, FileType, FlockOperation, Mode, OFlags, RenameFlags};
use rustix::io::Errno;
use std::fs::File;
use std::io;
use std::os::fd::{AsFd, OwnedFd};
use std::path::{Path, PathBuf};

/// The kind of a directory entry (symbolic links are never followed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file.
    File,
    /// A directory.
    Dir,
    /// A symbolic link, a device, a socket...
    Other,
}

/// A directory held open.
#[derive(Debug)]
pub struct DirHandle {
    fd: OwnedFd,
    path: PathBuf,
}

/// A lock held until dropped.
#[derive(Debug)]
pub struct DirLock {
    _fd: OwnedFd,
}

impl DirHandle {
    /// Opens the directory at `path` (refused if its last component is a symbolic link).
    pub fn open(path: &Path) -> io::Result<Self> {
        let fd = rustix::fs::open(
            path,
            OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::RDONLY | OFlags::CLOEXEC,
            Mode::empty(),
        )?;
        Ok(DirHandle {
            fd,
            path: path.to_owned(),
        })
    }

    /// Where the directory was when it was opened (for messages).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The subdirectory `name` (not a symbolic link).
    pub fn open_dir(&self, name: &str) -> io::Result<DirHandle> {
        let fd = rustix::fs::openat(
            &self.fd,
            name,
            OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::RDONLY | OFlags::CLOEXEC,
            Mode::empty(),
        )?;
        Ok(DirHandle {
            fd,
            path: self.path.join(name),
        })
    }

    /// Creates the subdirectory `name` (an error if anything has that name).
    pub fn create_dir(&self, name: &str) -> io::Result<DirHandle> {
        rustix::fs::mkdirat(&self.fd, name, Mode::from_raw_mode(0o700))?;
        self.open_dir(name)
    }

    /// Creates the file `name` for writing (an error if anything has that name), mode `mode`.
    pub fn create_file(&self, name: &str, mode: u32) -> io::Result<File> {
        let fd = rustix::fs::openat(
            &self.fd,
            name,
            OFlags::CREATE | OFlags::EXCL | OFlags::RDWR | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::from_raw_mode(mode),
        )?;
        Ok(File::from(fd))
    }

    /// Opens the file `name` for reading (not a symbolic link).
    pub fn open_file(&self, name: &str) -> io::Result<File> {
        let fd = rustix::fs::openat(
            &self.fd,
            name,
            OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::empty(),
        )?;
        Ok(File::from(fd))
    }

    /// Creates a file `<prefix><random><suffix>` (mode `mode`) for writing and locks it; returns
    /// its name. Call it under [`shared`](Self::shared).
    pub fn create_locked_file(
        &self,
        prefix: &str,
        suffix: &str,
        mode: u32,
    ) -> io::Result<(String, File)> {
        for _ in 0..64 {
            let name = format!("{prefix}{}{suffix}", random_tag());
            match self.create_file(&name, mode) {
                Ok(file) => {
                    lock(&file)?;
                    return Ok((name, file));
                }
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(error) => return Err(error),
            }
        }
        Err(io::Error::other("no free temporary name"))
    }

    /// The entries (but `.` and `..`), with their kinds, in name order.
    pub fn entries(&self) -> io::Result<Vec<(String, EntryKind)>> {
        let dup = rustix::io::dup(&self.fd)?;
        let mut dir = rustix::fs::Dir::new(dup)?;
        dir.rewind();
        let mut entries = Vec::new();
        while let Some(entry) = dir.read() {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name == "." || name == ".." {
                continue;
            }
            let kind = match entry.file_type() {
                FileType::RegularFile => EntryKind::File,
                FileType::Directory => EntryKind::Dir,
                FileType::Unknown => self.kind_of(&name)?,
                _ => EntryKind::Other,
            };
            entries.push((name, kind));
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(entries)
    }

    fn kind_of(&self, name: &str) -> io::Result<EntryKind> {
        let stat = rustix::fs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW)?;
        Ok(match FileType::from_raw_mode(stat.st_mode) {
            FileType::RegularFile => EntryKind::File,
            FileType::Directory => EntryKind::Dir,
            _ => EntryKind::Other,
        })
    }

    /// The size of file `name`.
    pub fn size_of(&self, name: &str) -> io::Result<u64> {
        let stat = rustix::fs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW)?;
        Ok(stat.st_size as u64)
    }

    /// Renames `from` (here) to `to_name` in `to`, never replacing: `AlreadyExists` if the name
    /// is taken. (`renameat2` with `RENAME_NOREPLACE`; where the file system lacks it, a hard
    /// link then an unlink, which cannot replace either.)
    pub fn rename_no_replace(&self, from: &str, to: &DirHandle, to_name: &str) -> io::Result<()> {
        match rustix::fs::renameat_with(&self.fd, from, &to.fd, to_name, RenameFlags::NOREPLACE) {
            Ok(()) => Ok(()),
            Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => {
                rustix::fs::linkat(&self.fd, from, &to.fd, to_name, AtFlags::empty())?;
                rustix::fs::unlinkat(&self.fd, from, AtFlags::empty())?;
                Ok(())
            }
            Err(error) => Err(error.into()),
        }
    }

    /// Moves `from` (here) into `to` under `name`, or, when that name is taken, under the first
    /// free [`numbered_name`]; returns the name it got. Nothing is ever replaced.
    pub fn move_to_free_name(&self, from: &str, to: &DirHandle, name: &str) -> io::Result<String> {
        for number in 1..10_000 {
            let candidate = numbered_name(name, number);
            match self.rename_no_replace(from, to, &candidate) {
                Ok(()) => return Ok(candidate),
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(error) => return Err(error),
            }
        }
        Err(io::Error::other(format!("no free name for {name}")))
    }

    /// Removes the file `name`.
    pub fn remove_file(&self, name: &str) -> io::Result<()> {
        Ok(rustix::fs::unlinkat(&self.fd, name, AtFlags::empty())?)
    }

    /// Removes the empty directory `name`.
    pub fn remove_dir(&self, name: &str) -> io::Result<()> {
        Ok(rustix::fs::unlinkat(&self.fd, name, AtFlags::REMOVEDIR)?)
    }

    /// The shared lock under which an entry is created and locked.
    pub fn shared(&self) -> io::Result<DirLock> {
        self.dir_lock(false)
    }

    /// The exclusive lock a sweep of dead entries holds.
    pub fn exclusive(&self) -> io::Result<DirLock> {
        self.dir_lock(true)
    }

    /// The lock that says a process works in this directory (a run's claim), held until
    /// dropped; [`is_dir_locked`](Self::is_dir_locked) sees it.
    pub fn hold(&self) -> io::Result<DirLock> {
        self.dir_lock(true)
    }

    /// A lock of the directory, waited for at most [`DIR_LOCK_TIMEOUT`] (the locks are held
    /// while entries are created or swept: a holder past that is stuck, or hostile).
    fn dir_lock(&self, exclusive: bool) -> io::Result<DirLock> {
        // A lock of its own (a new open file description), released when dropped.
        let fd = rustix::fs::openat(
            &self.fd,
            ".",
            OFlags::DIRECTORY | OFlags::RDONLY | OFlags::CLOEXEC,
            Mode::empty(),
        )?;
        crate::flock::flock_within(&fd, exclusive, DIR_LOCK_TIMEOUT)?;
        Ok(DirLock { _fd: fd })
    }

    /// Whether subdirectory `name` is held by a living process ([`hold`](Self::hold)).
    pub fn is_dir_locked(&self, name: &str) -> io::Result<bool> {
        held_by_another(&self.open_dir(name)?.fd)
    }

    /// Whether file `name` is locked by a living process (`false` for a lock left by a dead
    /// one). Hold [`exclusive`](Self::exclusive) while asking.
    pub fn is_locked(&self, name: &str) -> io::Result<bool> {
        match self.open_file(name) {
            Ok(file) => held_by_another(file.as_fd()),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(error) => Err(error),
        }
    }
}

/// Whether another open file description holds a lock on what `fd` opens: the exclusive lock is
/// tried without waiting (and, when taken, released with `fd`).
fn held_by_another(fd: impl AsFd) -> io::Result<bool> {
    match rustix::fs::flock(fd, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(false),
        Err(Errno::WOULDBLOCK) => Ok(true),
        Err(error) => Err(error.into()),
    }
}

/// Locks `file` (exclusive), for as long as it stays open, waiting at most
/// [`DIR_LOCK_TIMEOUT`] for another holder.
pub fn lock(file: &File) -> io::Result<()> {
    crate::flock::flock_within(file.as_fd(), true, DIR_LOCK_TIMEOUT)
}

/// The longest the framework waits for a lock in a pipeline's directories (another process's
/// upload, claim or sweep): past it, the step fails with an error, never a wait without end.
pub const DIR_LOCK_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// `name` for `number` 1, else the number before the extension: `Security-2.evtx`.
pub fn numbered_name(name: &str, number: u32) -> String {
    if number <= 1 {
        return name.to_owned();
    }
    match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => format!("{stem}-{number}.{extension}"),
        _ => format!("{name}-{number}"),
    }
}

/// The most bytes [`numbered_name`] adds to a name.
pub const NUMBER_SUFFIX_BYTES: usize = 5;

/// Eight random lower-case letters and digits.
pub(super) fn random_tag() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    hasher.write_u32(std::process::id());
    let mut value = hasher.finish();
    (0..8)
        .map(|_| {
            let digit = (value % 36) as u8;
            value /= 36;
            (if digit < 10 {
                b'0' + digit
            } else {
                b'a' + digit - 10
            }) as char
        })
        .collect()
}

/// The names in `dir`, sorted (for tests).
#[cfg(test)]
pub(super) fn sorted_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_never_replace() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DirHandle::open(tmp.path()).unwrap();
        std::fs::write(tmp.path().join("a"), b"old").unwrap();
        std::fs::write(tmp.path().join("b"), b"new").unwrap();
        let error = dir.rename_no_replace("a", &dir, "b").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(tmp.path().join("b")).unwrap(), b"new");
        assert_eq!(dir.move_to_free_name("a", &dir, "b").unwrap(), "b-2");
        std::fs::write(tmp.path().join("x.evtx"), b"1").unwrap();
        std::fs::write(tmp.path().join("y"), b"2").unwrap();
        assert_eq!(
            dir.move_to_free_name("y", &dir, "x.evtx").unwrap(),
            "x-2.evtx"
        );
    }

    #[test]
    fn a_symbolic_link_is_never_opened_as_a_directory_or_file() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), tmp.path().join("link")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("f"), tmp.path().join("flink")).unwrap();
        std::fs::write(outside.path().join("f"), b"secret").unwrap();
        assert!(DirHandle::open(&tmp.path().join("link")).is_err());
        let dir = DirHandle::open(tmp.path()).unwrap();
        assert!(dir.open_dir("link").is_err());
        assert!(dir.open_file("flink").is_err());
        assert_eq!(
            dir.entries().unwrap(),
            [
                ("flink".to_owned(), EntryKind::Other),
                ("link".to_owned(), EntryKind::Other)
            ]
        );
    }

    #[test]
    fn a_lock_held_is_seen_and_a_released_one_is_not() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DirHandle::open(tmp.path()).unwrap();
        let (name, file) = dir.create_locked_file(".upload-", ".part", 0o600).unwrap();
        assert!(name.starts_with(".upload-") && name.ends_with(".part"));
        let _sweep = dir.exclusive().unwrap();
        assert!(dir.is_locked(&name).unwrap());
        drop(file);
        assert!(!dir.is_locked(&name).unwrap());
    }

    #[test]
    fn numbered_names_keep_the_extension() {
        assert_eq!(numbered_name("Security.evtx", 1), "Security.evtx");
        assert_eq!(numbered_name("Security.evtx", 12), "Security-12.evtx");
        assert_eq!(numbered_name("notes", 2), "notes-2");
        assert_eq!(numbered_name("a.b.c", 3), "a.b-3.c");
        assert!(numbered_name("n.e", 9999).len() - "n.e".len() <= NUMBER_SUFFIX_BYTES);
    }
}
