//! A request pace that holds across threads, configuration changes and processes: every request
//! to one service (a free-tier API key) is spaced at least `interval` after the previous one,
//! whichever thread, module instance or process makes it. IRIS runs hooks in several Celery
//! worker processes, and the bridge builds a new module whenever its configuration changes, so a
//! pace kept in memory holds for neither.
//!
//! The pace is kept in a small file per service in the machine's temporary directory, which all
//! of IRIS's worker processes share; each reservation locks it (`flock`), reads the next free
//! slot, and writes the one after. A pace is per machine: worker containers on several hosts each
//! keep their own.

use sha2::{Digest, Sha256};
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A pace shared by every process of the machine.
#[derive(Clone, Debug)]
pub struct SharedPace {
    path: PathBuf,
    interval: Duration,
}

impl SharedPace {
    /// The pace of `service` (any text naming it: it is hashed, so a key may be part of it), at
    /// least `interval` between requests, kept under the system's temporary directory.
    pub fn new(service: &str, interval: Duration) -> Self {
        Self::in_dir(
            &std::env::temp_dir().join("iris-module-pace"),
            service,
            interval,
        )
    }

    /// The same, kept in `dir`.
    pub fn in_dir(dir: &Path, service: &str, interval: Duration) -> Self {
        let name = hex::encode(&Sha256::digest(service.as_bytes())[..12]);
        SharedPace {
            path: dir.join(name),
            interval,
        }
    }

    /// The least time between requests.
    pub fn interval(&self) -> Duration {
        self.interval
    }

    /// Reserves the next request's slot; returns how long to wait for it.
    pub fn reserve(&self) -> io::Result<Duration> {
        if self.interval.is_zero() {
            return Ok(Duration::ZERO);
        }
        let mut file = self.open()?;
        rustix::fs::flock(&file, rustix::fs::FlockOperation::LockExclusive)?;
        let mut stored = [0u8; 16];
        file.seek(SeekFrom::Start(0))?;
        let read = file.read(&mut stored)?;
        let next_free = if read == 16 {
            Duration::from_nanos(u128::from_le_bytes(stored).min(u64::MAX as u128) as u64)
        } else {
            Duration::ZERO
        };
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        // A slot further ahead than any queue of waiting requests means the clock went back: it
        // is not waited for.
        let horizon = now + self.interval * 256;
        let slot = if next_free > horizon {
            now
        } else {
            next_free.max(now)
        };
        let after = (slot + self.interval).as_nanos();
        file.seek(SeekFrom::Start(0))?;
        file.write_all(&after.to_le_bytes())?;
        Ok(slot - now)
        // The lock goes with `file`.
    }

    /// Waits for the next request's turn. If the pace file cannot be used, waits one interval,
    /// so that the pace errs on the slow side.
    pub fn wait(&self) {
        let delay = self.reserve().unwrap_or(self.interval);
        if !delay.is_zero() {
            std::thread::sleep(delay);
        }
    }

    fn open(&self) -> io::Result<File> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(&self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reservations_are_spaced_whoever_makes_them() {
        let dir = tempfile::tempdir().unwrap();
        let interval = Duration::from_secs(15);
        // Two instances (as after a configuration change) share the pace.
        let first = SharedPace::in_dir(dir.path(), "vt key-1", interval);
        let again = SharedPace::in_dir(dir.path(), "vt key-1", interval);
        let other = SharedPace::in_dir(dir.path(), "vt key-2", interval);
        assert_eq!(first.reserve().unwrap(), Duration::ZERO);
        let second = again.reserve().unwrap();
        assert!(
            second > Duration::from_secs(14) && second <= interval,
            "{second:?}"
        );
        let third = first.reserve().unwrap();
        assert!(
            third > Duration::from_secs(29) && third <= interval * 2,
            "{third:?}"
        );
        assert_eq!(
            other.reserve().unwrap(),
            Duration::ZERO,
            "another key has its own pace"
        );
        let none = SharedPace::in_dir(dir.path(), "premium", Duration::ZERO);
        assert_eq!(none.reserve().unwrap(), Duration::ZERO);
    }
}
