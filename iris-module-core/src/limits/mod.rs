//! What bounds a hook call: its time limit and its module's number of concurrent calls.
//!
//! **Time limit.** Every hook call has one: `#[hook("...", timeout = "60s")]`, else
//! [`DEFAULT_HOOK_TIMEOUT`] (5 minutes). The handler runs on a thread of its own; when its limit
//! passes, the runtime stops waiting for it and answers IRIS with an error status naming the
//! limit, and the worker goes on to its next task. Nothing the handler did is kept: its changes
//! to the objects are not applied, and what it added to the case is not stored, then or later.
//! (A call whose limit passes while what it added is being stored is waited for
//! [`SETTLING_BOUND`] more, so that what the status says is what the database holds.) A Rust
//! thread cannot be killed: a handler that never returns keeps its thread, idle to IRIS, until
//! the worker process ends; what it does after its limit (requests...) cannot be undone, and is
//! never reported as the call's.
//!
//! **Concurrent calls.** `#[iris_module(kind = "processor", max_concurrent_calls = 4)]` lets at
//! most 4 calls of the module's hooks run at once across every IRIS worker, on every host: each
//! call takes one of the module's call slots, kept in the workers' [shared
//! state](crate::shared) (IRIS's PostgreSQL) as a lease of its time limit plus
//! [`SETTLING_BOUND`] and a margin, and gives it back when its handler has really ended; a
//! worker killed while holding one frees it when the lease ends. A call finding every slot held
//! waits for one at most [`SLOT_WAIT`] (or half its time limit, if less), then ends with an error
//! status naming the limit, without running. Without `max_concurrent_calls` (the default) calls
//! are not counted, and no state is used.

mod slots;
mod time_limit;
mod within;

pub use slots::{CallSlot, call_slot_key};
pub use time_limit::{
    DEFAULT_HOOK_TIMEOUT, SETTLING_BOUND, SLOT_WAIT, over_time, slot_wait, time_limit,
};
pub use within::{Finished, Plainly, Wait, run_hook_within};
