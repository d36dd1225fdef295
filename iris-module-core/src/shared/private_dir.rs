//! The shared state outside IRIS: one small file per key in a directory only the user can use.
//!
//! The directory is the user's own (`$XDG_RUNTIME_DIR/iris-module`, else
//! `~/.cache/iris-module`, else one in the temporary directory named after the user id), made
//! with mode 0700; it is used only if it is a real directory (not a link), owned by the user,
//! and open to no one else. Files are opened relative to it, never through a symbolic link, and
//! used only if they are regular files of the user's. Each access locks its file (`flock`) for a
//! bounded time ([`ACCESS_TIMEOUT`]): a pace's file holds its next free slot, a module's
//! `calls-` file its call slots' leases.

use super::{ACCESS_TIMEOUT, Lease, PaceRule, SharedState, StateError, choose, decide};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A private directory of the user's, as a [`SharedState`].
#[derive(Clone, Debug)]
pub struct PrivateDir {
    dir: PathBuf,
}

impl PrivateDir {
    /// The state kept in `dir` (made if missing, with mode 0700).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        PrivateDir { dir: dir.into() }
    }

    /// The user's own directory (see the module's documentation).
    pub fn for_user() -> Self {
        let base = std::env::var_os("XDG_RUNTIME_DIR")
            .map(PathBuf::from)
            .filter(|dir| dir.is_absolute())
            .map(|dir| dir.join("iris-module"))
            .or_else(|| {
                std::env::home_dir()
                    .filter(|home| home.is_absolute())
                    .map(|home| home.join(".cache").join("iris-module"))
            })
            .unwrap_or_else(|| {
                std::env::temp_dir().join(format!(
                    "iris-module-{}",
                    rustix::process::getuid().as_raw()
                ))
            });
        PrivateDir::new(base.join("pace"))
    }

    /// Where the state is kept.
    pub fn path(&self) -> &Path {
        &self.dir
    }
}

impl PrivateDir {
    /// An error of this store, naming its directory and what failed.
    fn unavailable(&self, what: &str, error: &dyn std::fmt::Display) -> StateError {
        StateError::Unavailable(format!("{}: {what}: {error}", self.dir.display()))
    }

    /// The file `name` of the directory, locked for this process (the lock goes with it).
    fn locked(&self, name: &str) -> Result<rustix::fd::OwnedFd, StateError> {
        let dir = open_private_dir(&self.dir).map_err(|e| self.unavailable("the directory", &e))?;
        let file = open_own_file(&dir, name).map_err(|e| self.unavailable("its file", &e))?;
        crate::flock::flock_within(&file, true, ACCESS_TIMEOUT)
            .map_err(|e| self.unavailable("its file", &e))?;
        Ok(file)
    }

    /// The call slots' leases stored in `file`: 16 bytes a slot (the lease's end in nanoseconds
    /// of the Unix epoch, the holder), little-endian.
    fn read_leases(&self, file: &rustix::fd::OwnedFd) -> Result<Vec<Lease>, StateError> {
        let mut stored = vec![0u8; 16 * MAX_STORED_SLOTS];
        let read =
            rustix::io::pread(file, &mut stored, 0).map_err(|e| self.unavailable("reading", &e))?;
        Ok(stored[..read - read % 16]
            .chunks_exact(16)
            .map(|record| {
                let (until, holder) = record.split_at(8);
                Lease {
                    until: Duration::from_nanos(u64::from_le_bytes(
                        until.try_into().unwrap_or_default(),
                    )),
                    holder: i64::from_le_bytes(holder.try_into().unwrap_or_default()),
                }
            })
            .collect())
    }

    fn write_lease(
        &self,
        file: &rustix::fd::OwnedFd,
        slot: u32,
        lease: Lease,
    ) -> Result<(), StateError> {
        let mut record = [0u8; 16];
        record[..8].copy_from_slice(
            &(lease.until.as_nanos().min(u128::from(u64::MAX)) as u64).to_le_bytes(),
        );
        record[8..].copy_from_slice(&lease.holder.to_le_bytes());
        let written = rustix::io::pwrite(file, &record, u64::from(slot) * 16)
            .map_err(|e| self.unavailable("writing", &e))?;
        if written != 16 {
            return Err(self.unavailable("writing", &"a short write"));
        }
        Ok(())
    }
}

/// The most call slots a file holds (the macros allow at most 1,000).
const MAX_STORED_SLOTS: usize = 1000;

fn now() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

impl SharedState for PrivateDir {
    fn reserve(&self, key: &str, rule: PaceRule) -> Result<Duration, StateError> {
        let file = self.locked(key)?;
        let mut stored = [0u8; 16];
        let read = rustix::io::pread(&file, &mut stored, 0)
            .map_err(|e| self.unavailable("reading", &e))?;
        let next_free = (read == 16).then(|| {
            Duration::from_nanos(u128::from_le_bytes(stored).min(u128::from(u64::MAX)) as u64)
        });
        let slot = decide(next_free, now(), rule);
        let Some(next) = slot.next_free else {
            return Err(StateError::TooFar {
                wait: slot.wait,
                max_wait: rule.max_wait,
            });
        };
        let written = rustix::io::pwrite(&file, &next.as_nanos().to_le_bytes(), 0)
            .map_err(|e| self.unavailable("writing", &e))?;
        if written != 16 {
            return Err(self.unavailable("writing", &"a short write"));
        }
        Ok(slot.wait)
        // The lock goes with `file`.
    }

    fn take_call_slot(
        &self,
        key: &str,
        limit: u32,
        lease: Duration,
        holder: i64,
    ) -> Result<Option<u32>, StateError> {
        let file = self.locked(&format!("calls-{key}"))?;
        let leases = self.read_leases(&file)?;
        let now = now();
        let Some(slot) = choose(&leases, now, limit.min(MAX_STORED_SLOTS as u32), lease) else {
            return Ok(None);
        };
        let until = now + lease;
        self.write_lease(&file, slot, Lease { until, holder })?;
        Ok(Some(slot))
    }

    fn outbox_append(&self, key: &str, item: &str) -> Result<(), StateError> {
        let (dir, _lock) = self.outbox(key)?;
        let next = self.outbox_ids(&dir)?.last().map_or(1, |last| last + 1);
        write_whole(&dir, &format!("{next:020}.item"), item)
            .map_err(|e| self.unavailable("writing the outbox", &e))?;
        Ok(())
    }

    fn outbox_pending(&self, key: &str, max: usize) -> Result<Vec<(u64, String)>, StateError> {
        let (dir, _lock) = self.outbox(key)?;
        let mut items = Vec::new();
        for id in self.outbox_ids(&dir)?.into_iter().take(max) {
            let text = open_own_file(&dir, &format!("{id:020}.item"))
                .and_then(read_all)
                .map_err(|e| self.unavailable("reading the outbox", &e))?;
            items.push((id, text));
        }
        Ok(items)
    }

    fn outbox_len(&self, key: &str) -> Result<usize, StateError> {
        let (dir, _lock) = self.outbox(key)?;
        Ok(self.outbox_ids(&dir)?.len())
    }

    fn outbox_remove(&self, key: &str, id: u64) -> Result<(), StateError> {
        let (dir, _lock) = self.outbox(key)?;
        match rustix::fs::unlinkat(
            &dir,
            format!("{id:020}.item").as_str(),
            rustix::fs::AtFlags::empty(),
        ) {
            Ok(()) | Err(rustix::io::Errno::NOENT) => Ok(()),
            Err(error) => Err(self.unavailable("the outbox", &error)),
        }
    }

    fn cache_get(&self, keys: &[String]) -> Result<HashMap<String, String>, StateError> {
        let dir = self.cache_dir()?;
        let now = now();
        let mut found = HashMap::new();
        for key in keys {
            let name = entry_name(key)?;
            let file = match open_existing_own_file(&dir, &name) {
                Ok(Some(file)) => file,
                Ok(None) => continue,
                Err(error) => return Err(self.unavailable("the cache", &error)),
            };
            let text = read_all(file).map_err(|e| self.unavailable("reading the cache", &e))?;
            if let Some((expires, value)) = text.split_once('\n')
                && expires
                    .parse::<u64>()
                    .is_ok_and(|expires| Duration::from_micros(expires) > now)
            {
                found.insert(key.clone(), value.to_owned());
            }
        }
        Ok(found)
    }

    fn cache_put(&self, entries: &[(String, String)], ttl: Duration) -> Result<(), StateError> {
        let dir = self.cache_dir()?;
        let expires = (now() + ttl).as_micros();
        for (key, value) in entries {
            write_whole(&dir, &entry_name(key)?, &format!("{expires}\n{value}"))
                .map_err(|e| self.unavailable("writing the cache", &e))?;
        }
        Ok(())
    }

    fn release_call_slot(&self, key: &str, slot: u32, holder: i64) -> Result<(), StateError> {
        let file = self.locked(&format!("calls-{key}"))?;
        let leases = self.read_leases(&file)?;
        if leases
            .get(slot as usize)
            .is_some_and(|held| held.holder == holder)
        {
            self.write_lease(&file, slot, Lease::default())?;
        }
        Ok(())
    }
}

impl PrivateDir {
    /// The cache's directory (one file an entry: its expiry in microseconds of the Unix epoch, a
    /// new line, the value; each written whole under another name, then renamed).
    fn cache_dir(&self) -> Result<rustix::fd::OwnedFd, StateError> {
        open_private_dir(&self.dir.join("cache")).map_err(|e| self.unavailable("the cache", &e))
    }

    /// Outbox `key`'s directory (one file an item, named by its id), and its lock file, locked.
    fn outbox(&self, key: &str) -> Result<(rustix::fd::OwnedFd, rustix::fd::OwnedFd), StateError> {
        let lock = self.locked(&format!("outbox-{key}.lock"))?;
        let dir = open_private_dir(&self.dir.join(format!("outbox-{key}")))
            .map_err(|e| self.unavailable("the outbox", &e))?;
        Ok((dir, lock))
    }

    /// The ids of the items in an outbox's directory, in order.
    fn outbox_ids(&self, dir: &rustix::fd::OwnedFd) -> Result<Vec<u64>, StateError> {
        let mut ids = Vec::new();
        let entries =
            rustix::fs::Dir::read_from(dir).map_err(|e| self.unavailable("the outbox", &e))?;
        for entry in entries {
            let entry = entry.map_err(|e| self.unavailable("the outbox", &e))?;
            if let Some(id) = entry
                .file_name()
                .to_str()
                .ok()
                .and_then(|name| name.strip_suffix(".item"))
                .and_then(|id| id.parse::<u64>().ok())
            {
                ids.push(id);
            }
        }
        ids.sort_unstable();
        Ok(ids)
    }
}

/// The directory, made with mode 0700 if missing, opened without following a link, and only
/// if it is the user's and open to no one else.
fn open_private_dir(dir: &Path) -> std::io::Result<rustix::fd::OwnedFd> {
    use rustix::fs::{Mode, OFlags};
    if let Some(parent) = dir.parent() {
        std::fs::create_dir_all(parent)?;
    }
    match rustix::fs::mkdir(dir, Mode::RWXU) {
        Ok(()) | Err(rustix::io::Errno::EXIST) => {}
        Err(error) => return Err(error.into()),
    }
    let fd = rustix::fs::open(
        dir,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
        Mode::empty(),
    )?;
    let stat = rustix::fs::fstat(&fd)?;
    if stat.st_uid != rustix::process::getuid().as_raw() {
        return Err(refused("it belongs to another user"));
    }
    if stat.st_mode & 0o077 != 0 {
        return Err(refused("other users can use it (its mode is not 0700)"));
    }
    Ok(fd)
}

/// The file `name` of `dir`, made with mode 0600 if missing, never through a link, and only if
/// it is a regular file of the user's.
fn open_own_file(dir: &rustix::fd::OwnedFd, name: &str) -> std::io::Result<rustix::fd::OwnedFd> {
    use rustix::fs::{Mode, OFlags};
    let fd = rustix::fs::openat(
        dir,
        name,
        OFlags::RDWR | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NONBLOCK,
        Mode::RUSR | Mode::WUSR,
    )?;
    own_regular_file(fd)
}

/// `fd`, if it is a regular file of the user's.
fn own_regular_file(fd: rustix::fd::OwnedFd) -> std::io::Result<rustix::fd::OwnedFd> {
    use rustix::fs::FileType;
    let stat = rustix::fs::fstat(&fd)?;
    if FileType::from_raw_mode(stat.st_mode) != FileType::RegularFile {
        return Err(refused("the state file is not a regular file"));
    }
    if stat.st_uid != rustix::process::getuid().as_raw() {
        return Err(refused("the state file belongs to another user"));
    }
    Ok(fd)
}

/// The file name of cache entry `key`: keys are hashes, so a key that is not one (with a `/`,
/// a `.`...) is refused rather than made a path.
fn entry_name(key: &str) -> Result<String, StateError> {
    if key.is_empty()
        || !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(StateError::Unavailable(
            "a cache key is not a hash: refused".to_owned(),
        ));
    }
    Ok(format!("{key}.entry"))
}

/// The file `name` of `dir` if it is there (never through a link, only a regular file of the
/// user's); `None` when it is not.
fn open_existing_own_file(
    dir: &rustix::fd::OwnedFd,
    name: &str,
) -> std::io::Result<Option<rustix::fd::OwnedFd>> {
    use rustix::fs::{Mode, OFlags};
    match rustix::fs::openat(
        dir,
        name,
        OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NONBLOCK,
        Mode::empty(),
    ) {
        Ok(fd) => own_regular_file(fd).map(Some),
        Err(rustix::io::Errno::NOENT) => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// The whole text of `file` (invalid UTF-8 is an error).
fn read_all(file: rustix::fd::OwnedFd) -> std::io::Result<String> {
    use std::io::Read;
    let mut text = String::new();
    std::fs::File::from(file).read_to_string(&mut text)?;
    Ok(text)
}

/// Writes `text` as file `name` of `dir`, whole: under another name first (mode 0600, never
/// through a link), synced, then renamed, so that a reader never sees half of it.
fn write_whole(dir: &rustix::fd::OwnedFd, name: &str, text: &str) -> std::io::Result<()> {
    use rustix::fs::{Mode, OFlags};
    let partial = format!("{name}.partial");
    let file = rustix::fs::openat(
        dir,
        partial.as_str(),
        OFlags::WRONLY | OFlags::CREATE | OFlags::TRUNC | OFlags::NOFOLLOW | OFlags::CLOEXEC,
        Mode::RUSR | Mode::WUSR,
    )?;
    let mut written = 0;
    while written < text.len() {
        written += rustix::io::write(&file, &text.as_bytes()[written..])?;
    }
    rustix::fs::fsync(&file)?;
    rustix::fs::renameat(dir, partial.as_str(), dir, name)?;
    Ok(())
}

fn refused(why: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::PermissionDenied, why.to_owned())
}
