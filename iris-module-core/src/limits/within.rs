//! Running one hook call under its limits: on a thread of its own, waited for at most its time
//! limit, in one of its module's call slots.

use super::{CallSlot, SETTLING_BOUND, over_time, slot_wait, time_limit};
use crate::context::HookContext;
use crate::dispatch::run_hook;
use crate::module::DynModule;
use crate::payload::HookPayload;
use crate::status::{Status, codes};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

/// What a call's thread hands back: its status and the objects as it left them.
pub struct Finished {
    status: Status,
    payload: HookPayload,
}

/// How the caller waits for a call's answer, doing its own work meanwhile (the Python bridge
/// serves the handler's calls into IRIS while it waits).
pub trait Wait {
    /// Waits at most `timeout` for `answer`.
    fn wait(&mut self, answer: &Receiver<Finished>, timeout: Duration) -> Option<Finished>;
    /// Run on the call's thread once its answer is sent: ends a wait on something else.
    fn waker(&self) -> Box<dyn FnOnce() + Send>;
}

/// A caller with nothing else to do while it waits (the harness, `cargo iris run`).
pub struct Plainly;

impl Wait for Plainly {
    fn wait(&mut self, answer: &Receiver<Finished>, timeout: Duration) -> Option<Finished> {
        answer.recv_timeout(timeout).ok()
    }
    fn waker(&self) -> Box<dyn FnOnce() + Send> {
        Box::new(|| {})
    }
}

/// Runs `module`'s handler for `ctx`'s hook on `payload` as [`run_hook`] does, on a thread of its
/// own, in one of the module's call slots (when it limits them), and waits for it at most its
/// time limit (see [`crate::limits`]). Returns the status and, when the call ended in time, the
/// objects as the handler left them; `None` when it was given up (nothing it did is kept).
pub fn run_hook_within(
    module: Arc<dyn DynModule>,
    mut ctx: HookContext,
    mut payload: HookPayload,
    waiter: &mut dyn Wait,
) -> (Status, Option<HookPayload>) {
    let limit = time_limit(module.as_ref(), ctx.hook_name(), ctx.hook_ui_name());
    // An earlier deadline the host set (a test harness's time limit) stands.
    let own = std::time::Instant::now() + limit - limit / 10;
    let deadline = ctx.deadline().map_or(own, |host| host.min(own));
    ctx = ctx.with_deadline(Some(deadline));
    let session = Arc::clone(ctx.case_session());
    let logger = ctx.logger().clone();
    let (name, hook) = (module.info().name, ctx.hook_name().to_owned());
    let (send, answer) = mpsc::sync_channel(1);
    let wake = WakeOnDrop(Some(waiter.waker()));
    let spawned = std::thread::Builder::new()
        .name(format!("iris-hook {hook}"))
        .spawn(move || {
            let slot = CallSlot::take(
                module.info(),
                crate::shared::current(),
                limit,
                slot_wait(limit),
            );
            let status = match slot {
                Ok(_slot) => run_hook(module.as_ref(), &mut ctx, &mut payload),
                Err(refused) => {
                    ctx.error(&refused.message);
                    ctx.logger().lead_logs(refused)
                }
            };
            let _ = send.send(Finished { status, payload });
            drop(wake);
            // The slot is given back here, once the handler has really ended.
        });
    if let Err(error) = spawned {
        let message = format!("hook `{hook}` could not be run: no thread for it ({error})");
        logger.error(&message);
        return (logger.lead_logs(Status::error(message)), None);
    }
    if let Some(done) = waiter.wait(&answer, limit) {
        return (done.status, Some(done.payload));
    }
    let lost = |answer: &Receiver<Finished>| {
        matches!(answer.try_recv(), Err(mpsc::TryRecvError::Disconnected))
    };
    if lost(&answer) {
        return (thread_lost(&logger, &hook), None);
    }
    if !session.abandon() {
        // Past its limit while what it added is being stored: its outcome is waited for.
        if let Some(done) = waiter.wait(&answer, SETTLING_BOUND) {
            return (done.status, Some(done.payload));
        }
        let message = format!(
            "hook `{hook}` ran past its time limit while storing what it added to the case, and \
             storing did not end within {} more: whether it was stored is not known",
            humantime::format_duration(SETTLING_BOUND)
        );
        logger.error(&message);
        return (logger.lead_logs(Status::error(message)), None);
    }
    let status = over_time(name, &hook, limit);
    logger.error(&status.message);
    (logger.lead_logs(status), None)
}

/// Wakes the waiter when the call's thread is done, whether it answered or not.
struct WakeOnDrop(Option<Box<dyn FnOnce() + Send>>);

impl Drop for WakeOnDrop {
    fn drop(&mut self) {
        if let Some(wake) = self.0.take() {
            wake();
        }
    }
}

/// The status of a call whose thread ended without an answer.
fn thread_lost(logger: &crate::logging::HookLogger, hook: &str) -> Status {
    let message = format!("hook `{hook}`: the handler's thread ended without an answer");
    logger.error(&message);
    logger.lead_logs(Status::with_code(codes::CRITICAL, message))
}
