//! A request pace that holds across threads, configuration changes, worker processes and hosts:
//! every request to one service (a free-tier API key) is spaced at least `interval` after the
//! previous one, whichever thread, module instance, process or host makes it. IRIS runs hooks in
//! several Celery worker processes, on several hosts in real deployments, and the bridge builds a
//! new module whenever its configuration changes, so a pace kept in memory holds for none of
//! them.
//!
//! The pace is kept in the workers' [shared state](crate::shared): inside IRIS, IRIS's own
//! PostgreSQL; elsewhere, a private directory of the user's. The service's name is hashed before
//! it is stored (a key may be part of it). Every wait is bounded: a request waits at most a few
//! intervals for its slot (four by default), and a slot further away is an error naming the wait,
//! never a wait without end; a store that cannot answer within
//! [`ACCESS_TIMEOUT`](crate::shared::ACCESS_TIMEOUT) is an error too.

use crate::shared::{PaceRule, SharedState, StateError};
use sha2::{Digest, Sha256};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// How many intervals a request waits for its slot at most, unless told otherwise.
pub const DEFAULT_MAX_WAIT_INTERVALS: u32 = 4;

/// A pace shared by every worker of IRIS.
#[derive(Clone)]
pub struct SharedPace {
    key: String,
    rule: PaceRule,
    store: Option<Arc<dyn SharedState>>,
}

impl fmt::Debug for SharedPace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedPace")
            .field("rule", &self.rule)
            .finish_non_exhaustive()
    }
}

impl SharedPace {
    /// The pace of `service` (any text naming it: it is hashed, so a key may be part of it), at
    /// least `interval` between requests, in the process's shared state.
    pub fn new(service: &str, interval: Duration) -> Self {
        SharedPace {
            key: hex::encode(&Sha256::digest(service.as_bytes())[..16]),
            rule: PaceRule {
                interval,
                max_wait: interval * DEFAULT_MAX_WAIT_INTERVALS,
            },
            store: None,
        }
    }

    /// The same, kept in `store` instead (a [`PrivateDir`](crate::shared::PrivateDir) of a
    /// test's own).
    pub fn in_store(mut self, store: Arc<dyn SharedState>) -> Self {
        self.store = Some(store);
        self
    }

    /// Waits at most `max_wait` for a slot (at least one interval).
    pub fn with_max_wait(mut self, max_wait: Duration) -> Self {
        self.rule.max_wait = max_wait.max(self.rule.interval);
        self
    }

    /// The least time between requests.
    pub fn interval(&self) -> Duration {
        self.rule.interval
    }

    /// The longest a request waits for its slot.
    pub fn max_wait(&self) -> Duration {
        self.rule.max_wait
    }

    /// Reserves the next request's slot; returns how long to wait for it.
    pub fn reserve(&self) -> Result<Duration, StateError> {
        if self.rule.interval.is_zero() {
            return Ok(Duration::ZERO);
        }
        match &self.store {
            Some(store) => store.reserve(&self.key, self.rule),
            None => crate::shared::current().reserve(&self.key, self.rule),
        }
    }

    /// Waits for the next request's turn (at most [`max_wait`](Self::max_wait)); an error when
    /// no slot could be had in that time, or the shared state could not be used: the request
    /// is then not to be made.
    pub fn wait(&self) -> Result<(), StateError> {
        let delay = self.reserve()?;
        if !delay.is_zero() {
            std::thread::sleep(delay);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::PrivateDir;

    fn store(dir: &tempfile::TempDir) -> Arc<dyn SharedState> {
        Arc::new(PrivateDir::new(dir.path().join("pace")))
    }

    #[test]
    fn reservations_are_spaced_whoever_makes_them() {
        let dir = tempfile::tempdir().unwrap();
        let interval = Duration::from_secs(15);
        // Two instances (as after a configuration change) share the pace.
        let first = SharedPace::new("vt key-1", interval).in_store(store(&dir));
        let again = SharedPace::new("vt key-1", interval).in_store(store(&dir));
        let other = SharedPace::new("vt key-2", interval).in_store(store(&dir));
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
        let none = SharedPace::new("premium", Duration::ZERO).in_store(store(&dir));
        assert_eq!(none.reserve().unwrap(), Duration::ZERO);
    }

    #[test]
    fn a_request_waits_a_few_intervals_at_most() {
        let dir = tempfile::tempdir().unwrap();
        let pace = SharedPace::new("busy", Duration::from_secs(10)).in_store(store(&dir));
        for _ in 0..=DEFAULT_MAX_WAIT_INTERVALS {
            pace.reserve().unwrap();
        }
        let error = pace.reserve().unwrap_err();
        assert!(
            matches!(error, StateError::TooFar { wait, max_wait }
                if wait > Duration::from_secs(49) && max_wait == Duration::from_secs(40)),
            "{error:?}"
        );
        assert!(error.to_string().contains("not waited for"), "{error}");
    }
}
