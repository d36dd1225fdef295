//! What a store of the workers' shared state answers, and how it fails.

use super::PaceRule;
use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

/// The longest any access to a store may take (a lock held by another process, a slow
/// database): past it, the access is an error.
pub const ACCESS_TIMEOUT: Duration = Duration::from_secs(3);

/// Why a store could not answer.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StateError {
    /// The next free slot is further away than the rule allows waiting: nothing was reserved.
    TooFar {
        /// How far it is.
        wait: Duration,
        /// The most the rule waits.
        max_wait: Duration,
    },
    /// The store could not be used (its reason, without any secret: keys are hashed).
    Unavailable(String),
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateError::TooFar { wait, max_wait } => write!(
                f,
                "the next free request slot is {:.1} s away, more than the {:.1} s a request \
                 waits: not waited for (other workers are using the service)",
                wait.as_secs_f64(),
                max_wait.as_secs_f64()
            ),
            StateError::Unavailable(reason) => {
                write!(
                    f,
                    "the workers' shared state (request paces, call slots) could not be used: {reason}"
                )
            }
        }
    }
}

impl std::error::Error for StateError {}

/// Where the workers' shared state is kept.
pub trait SharedState: Send + Sync {
    /// Reserves the next request slot of `key` (a hash: never a secret) under `rule`; returns
    /// how long to wait for it.
    fn reserve(&self, key: &str, rule: PaceRule) -> Result<Duration, StateError>;

    /// Takes one of the `limit` call slots of `key` (a hash: never a secret) for `holder`, for
    /// `lease` from now ([`choose`] decides which); `None` when every slot is held.
    fn take_call_slot(
        &self,
        key: &str,
        limit: u32,
        lease: Duration,
        holder: i64,
    ) -> Result<Option<u32>, StateError>;

    /// Gives back call slot `slot` of `key`, if `holder` still holds it.
    fn release_call_slot(&self, key: &str, slot: u32, holder: i64) -> Result<(), StateError>;

    /// Adds `item` at the end of outbox `key` (a hash: never a secret).
    fn outbox_append(&self, key: &str, item: &str) -> Result<(), StateError>;

    /// The items of outbox `key`, oldest first, each with its id, at most `max` of them.
    fn outbox_pending(&self, key: &str, max: usize) -> Result<Vec<(u64, String)>, StateError>;

    /// How many items outbox `key` holds.
    fn outbox_len(&self, key: &str) -> Result<usize, StateError>;

    /// Removes item `id` from outbox `key` (nothing when it is not there).
    fn outbox_remove(&self, key: &str, id: u64) -> Result<(), StateError>;

    /// The cached values of `keys` (hashes: never a secret) whose time to live has not run out,
    /// by key; a key missing or expired is left out.
    fn cache_get(&self, keys: &[String]) -> Result<HashMap<String, String>, StateError>;

    /// Caches each `(key, value)` for `ttl` from now (replacing what a key held).
    fn cache_put(&self, entries: &[(String, String)], ttl: Duration) -> Result<(), StateError>;
}
