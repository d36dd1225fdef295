//! State that IRIS's workers share, whichever process or host runs them: the request paces of
//! [`crate::pace`] and the call slots of [`crate::limits`]. Inside IRIS it is kept in IRIS's own PostgreSQL, in a table the framework
//! owns (`iris_module_pace`, created on first use), so that it holds across the worker processes
//! of one host and across hosts; elsewhere (the harness, `cargo iris run`, a Python process
//! without IRIS) in a private directory of the user's ([`PrivateDir`]). Every access is bounded
//! in time: a store that cannot answer in time is an error, never a wait without end.

mod call_slot_rule;
mod pace_rule;
mod private_dir;
mod store;

pub use call_slot_rule::{Lease, choose};
pub use pace_rule::{PaceRule, Slot, decide};
pub use private_dir::PrivateDir;
pub use store::{ACCESS_TIMEOUT, SharedState, StateError};

use std::sync::{Arc, OnceLock};

static INSTALLED: OnceLock<Arc<dyn SharedState>> = OnceLock::new();

/// Makes `store` the process's shared state (the Python bridge installs IRIS's database when it
/// is loaded inside IRIS). The first store installed stays.
#[doc(hidden)]
pub fn install(store: Arc<dyn SharedState>) {
    let _ = INSTALLED.set(store);
}

/// The process's shared state: the installed store, else the user's private directory.
pub fn current() -> Arc<dyn SharedState> {
    Arc::clone(INSTALLED.get_or_init(|| Arc::new(PrivateDir::for_user())))
}
