//! A hook's time limit, how long it waits for a call slot, and the status past the limit.

use crate::module::{DynModule, HookRegistration};
use crate::status::Status;
use std::time::Duration;

/// The time limit of a hook that declares none.
pub const DEFAULT_HOOK_TIMEOUT: Duration = Duration::from_secs(300);

/// How much longer a call past its limit is waited for when it has begun storing what it added
/// to the case (the case writer's statements have their own, shorter, bounds).
pub const SETTLING_BOUND: Duration = Duration::from_secs(60);

/// The longest a call waits for one of its module's call slots.
pub const SLOT_WAIT: Duration = Duration::from_secs(30);

/// The time limit of `hook` (from the menu entry `ui_name`, for a manual hook) in `module`.
pub fn time_limit(module: &dyn DynModule, hook: &str, ui_name: Option<&str>) -> Duration {
    match HookRegistration::of_call(module.hooks(), hook, ui_name) {
        Some(declared) => declared.timeout,
        // Not declared: a hook the configuration chose, under the `#[chosen_hooks]` handler's.
        None => module.chosen_handler().and_then(|chosen| chosen.timeout),
    }
    .unwrap_or(DEFAULT_HOOK_TIMEOUT)
}

/// How long a call waits for a call slot under the time limit `limit`.
pub fn slot_wait(limit: Duration) -> Duration {
    SLOT_WAIT.min(limit / 2)
}

/// The status of a call whose handler ran past its time limit.
pub fn over_time(module: &str, hook: &str, limit: Duration) -> Status {
    Status::error(format!(
        "module `{module}`: hook `{hook}` ran past its time limit of {} (`timeout`, default {}): \
         stopped waiting for it; its changes were not applied and nothing it added to the case \
         was stored",
        humantime::format_duration(limit),
        humantime::format_duration(DEFAULT_HOOK_TIMEOUT),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_slot_is_waited_for_at_most_half_the_time_limit() {
        assert_eq!(slot_wait(Duration::from_secs(600)), SLOT_WAIT);
        assert_eq!(slot_wait(Duration::from_secs(10)), Duration::from_secs(5));
    }

    #[test]
    fn the_status_past_the_limit_names_it() {
        let status = over_time("IrisVT", "on_postload_ioc_create", Duration::from_secs(90));
        assert!(status.is_failure());
        assert!(
            status.message.contains("time limit of 1m 30s"),
            "{}",
            status.message
        );
    }
}
