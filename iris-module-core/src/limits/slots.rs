//! A module's call slots: one taken for each call of its hooks when it limits its concurrent
//! calls (`max_concurrent_calls`), given back when the call's handler has ended.

use super::SETTLING_BOUND;
use crate::module::ModuleInfo;
use crate::shared::SharedState;
use crate::status::Status;
use sha2::{Digest, Sha256};
use std::hash::{BuildHasher, RandomState};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What a lease adds to the call's time limit and [`SETTLING_BOUND`]: the lease outlives the
/// longest the runtime waits for the call, and ends on its own when its worker was killed.
const LEASE_MARGIN: Duration = Duration::from_secs(30);

/// The first and the longest pause between two tries for a slot.
const FIRST_PAUSE: Duration = Duration::from_millis(20);
const LONGEST_PAUSE: Duration = Duration::from_secs(1);

/// The key of the call slots of the module named `module` (IRIS's `module_name`) in the shared
/// state.
pub fn call_slot_key(module: &str) -> String {
    let digest = Sha256::digest(format!("iris-module calls\0{module}").as_bytes());
    hex::encode(&digest[..16])
}

/// One of a module's call slots, held by a call: given back when dropped.
pub struct CallSlot {
    store: Arc<dyn SharedState>,
    key: String,
    slot: u32,
    holder: i64,
}

impl std::fmt::Debug for CallSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallSlot")
            .field("slot", &self.slot)
            .finish_non_exhaustive()
    }
}

impl CallSlot {
    /// A slot for a call of `info`'s module with the time limit `limit`, from `store`: `None`
    /// when the module does not limit its calls; an error status (the call is not to run) when
    /// every slot stays held for `wait`, or the store cannot be used.
    pub fn take(
        info: &ModuleInfo,
        store: Arc<dyn SharedState>,
        limit: Duration,
        wait: Duration,
    ) -> Result<Option<CallSlot>, Status> {
        let Some(slots) = info.max_concurrent_calls else {
            return Ok(None);
        };
        let key = call_slot_key(info.name);
        let holder = (RandomState::new().hash_one(Instant::now()) >> 1) as i64;
        let lease = limit + SETTLING_BOUND + LEASE_MARGIN;
        let deadline = Instant::now() + wait;
        let mut pause = FIRST_PAUSE;
        loop {
            match store.take_call_slot(&key, slots, lease, holder) {
                Ok(Some(slot)) => {
                    return Ok(Some(CallSlot {
                        store,
                        key,
                        slot,
                        holder,
                    }));
                }
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(
                        pause.min(deadline.saturating_duration_since(Instant::now())),
                    );
                    pause = (pause * 2).min(LONGEST_PAUSE);
                }
                Ok(None) => {
                    return Err(Status::error(format!(
                        "module `{}` allows {slots} concurrent call(s) (`max_concurrent_calls`) \
                         and all were busy in IRIS's workers for {}: this call did not run",
                        info.name,
                        humantime::format_duration(wait)
                    )));
                }
                Err(error) => {
                    return Err(Status::error(format!(
                        "module `{}` limits its concurrent calls (`max_concurrent_calls = \
                         {slots}`), and they could not be counted: {error}; this call did not run",
                        info.name
                    )));
                }
            }
        }
    }

    /// The slot's number, from 0.
    pub fn number(&self) -> u32 {
        self.slot
    }
}

impl Drop for CallSlot {
    fn drop(&mut self) {
        // A slot not given back (the store is down) is freed when its lease ends.
        let _ = self
            .store
            .release_call_slot(&self.key, self.slot, self.holder);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::PrivateDir;

    const INFO: ModuleInfo = ModuleInfo {
        name: "IrisLimited",
        max_concurrent_calls: Some(2),
        ..ModuleInfo::INVALID
    };

    #[test]
    fn a_module_takes_at_most_its_limit_and_a_slot_given_back_is_taken_again() {
        let dir = tempfile::tempdir().unwrap();
        let store: Arc<dyn SharedState> = Arc::new(PrivateDir::new(dir.path().join("state")));
        let take = |wait| CallSlot::take(&INFO, Arc::clone(&store), Duration::from_secs(60), wait);
        let first = take(Duration::ZERO).unwrap().unwrap();
        let second = take(Duration::ZERO).unwrap().unwrap();
        assert_ne!(first.number(), second.number());
        let started = Instant::now();
        let refused = take(Duration::from_millis(300)).unwrap_err();
        assert!(started.elapsed() >= Duration::from_millis(200));
        assert!(
            refused
                .message
                .contains("allows 2 concurrent call(s) (`max_concurrent_calls`)"),
            "{}",
            refused.message
        );
        let number = first.number();
        drop(first);
        assert_eq!(take(Duration::ZERO).unwrap().unwrap().number(), number);
    }

    #[test]
    fn a_module_without_a_limit_uses_no_state() {
        let store: Arc<dyn SharedState> = Arc::new(PrivateDir::new("/nonexistent/never/made"));
        let info = ModuleInfo {
            name: "IrisFree",
            ..ModuleInfo::INVALID
        };
        assert!(matches!(
            CallSlot::take(&info, store, Duration::from_secs(1), Duration::ZERO),
            Ok(None)
        ));
    }
}
