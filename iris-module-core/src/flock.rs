//! Every `flock` the framework takes, bounded: a lock another process holds is waited for at most
//! a given time, then an error, never a wait without end.

use rustix::fd::AsFd;
use rustix::fs::FlockOperation;
use std::io;
use std::time::{Duration, Instant};

/// Locks `fd` (exclusively, or shared), waiting at most `timeout` for another holder to let go.
pub(crate) fn flock_within(fd: impl AsFd, exclusive: bool, timeout: Duration) -> io::Result<()> {
    let operation = if exclusive {
        FlockOperation::NonBlockingLockExclusive
    } else {
        FlockOperation::NonBlockingLockShared
    };
    let deadline = Instant::now() + timeout;
    let mut pause = Duration::from_millis(1);
    loop {
        match rustix::fs::flock(&fd, operation) {
            Ok(()) => return Ok(()),
            Err(rustix::io::Errno::WOULDBLOCK) if Instant::now() < deadline => {
                std::thread::sleep(pause.min(deadline.saturating_duration_since(Instant::now())));
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            Err(rustix::io::Errno::WOULDBLOCK) => {
                return Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!(
                        "another process has held its lock for more than {} s",
                        timeout.as_secs_f64()
                    ),
                ));
            }
            Err(error) => return Err(error.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_held_elsewhere_is_waited_for_at_most_the_bound() {
        let file = tempfile::tempfile().unwrap();
        let path = format!("/proc/self/fd/{}", std::os::fd::AsRawFd::as_raw_fd(&file));
        let other = std::fs::File::open(&path).unwrap();
        flock_within(&other, true, Duration::ZERO).unwrap();
        let started = Instant::now();
        let error = flock_within(&file, false, Duration::from_millis(200)).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::TimedOut);
        assert!(started.elapsed() < Duration::from_secs(1));
        drop(other);
        flock_within(&file, false, Duration::ZERO).unwrap();
    }
}
