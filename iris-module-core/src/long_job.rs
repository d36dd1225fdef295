//! A job a service runs for longer than a hook should wait (an IntelOwl analysis, a sandbox):
//! submitted once, then polled every few seconds until it is done or the hook's time is nearly
//! up, with a progress line in the log at each poll. At the deadline the object is marked
//! pending (the job's id kept in the module's state on it) and the status says so; the next call
//! for that object (the analyst triggers the hook again) resumes the same job instead of
//! submitting another.
//!
//! The deadline is the earliest of the job's own limit and the hook's (IRIS's worker's task time
//! limit, [`HookContext::deadline`]), less a margin for writing the results: a worker is never
//! blocked past its limit by a poll.

use crate::context::HookContext;
use crate::error::HookError;
use crate::objects::Enriched;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// What a poll found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Poll<R> {
    /// Still running (with what the service says of its progress, if anything).
    Running(Option<String>),
    /// Done, with its result.
    Done(R),
    /// The service says it failed (its reason).
    Failed(String),
}

/// How a long job ended in this call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobOutcome<R> {
    /// Done: the pending mark, if there was one, is gone.
    Done(R),
    /// Not done at the deadline: the object is marked pending, and the next call resumes it.
    Pending {
        /// The job's id, as the service gave it.
        job: String,
        /// How long it has run, counted from its submission (by an earlier call, maybe).
        running_for: Duration,
    },
}

/// The pending mark kept on an object (in the module's state, see [`crate::objects::Enriched`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingJob<J> {
    /// The job, as `submit` returned it.
    pub job: J,
    /// When it was submitted, in seconds of the Unix epoch.
    pub submitted_at: u64,
}

/// How a long job is waited for.
#[derive(Clone, Debug)]
pub struct LongJob {
    name: String,
    poll_every: Duration,
    max_wait: Duration,
    margin: Duration,
}

impl LongJob {
    /// A job of `name` (what its state is kept under on objects, and what the log calls it:
    /// `"analysis"`), polled every `poll_every`, waited for at most `max_wait` in one call.
    pub fn new(name: &str, poll_every: Duration, max_wait: Duration) -> Self {
        LongJob {
            name: name.to_owned(),
            poll_every: poll_every.max(Duration::from_millis(10)),
            max_wait,
            margin: Duration::from_secs(5),
        }
    }

    /// Stops polling `margin` before the hook's deadline (5 s by default), to leave time for
    /// writing the results.
    pub fn margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// The key of the pending mark, beside the module's state (named as it is).
    fn state_key(&self, ctx: &HookContext) -> String {
        format!("{}.{}", ctx.state_key(), self.name)
    }

    /// The job pending on `object`, if an earlier call left one.
    pub fn pending<J: DeserializeOwned>(
        &self,
        ctx: &HookContext,
        object: &impl Enriched,
    ) -> Option<PendingJob<J>> {
        object.state_in(&self.state_key(ctx)).ok().flatten()
    }

    /// Runs the job for `object`: resumes the one pending on it, else `submit`s one; then
    /// `poll`s it until it is done, failed, or the deadline. Done: the result, the mark removed.
    /// Failed (the service says so, or no longer knows the job: `poll` returns
    /// [`Poll::Failed`]): an error naming the job, the mark removed (the next call submits
    /// again). A poll that gets no answer (`poll` returns an error: the service down, a 5xx):
    /// an error naming the job, the mark kept, so that the next call asks about the same job
    /// instead of submitting another. At the deadline: [`JobOutcome::Pending`], the mark kept on
    /// `object`.
    pub fn run<J, R>(
        &self,
        ctx: &HookContext,
        object: &mut impl Enriched,
        submit: impl FnOnce() -> Result<J, HookError>,
        mut poll: impl FnMut(&J) -> Result<Poll<R>, HookError>,
    ) -> Result<JobOutcome<R>, HookError>
    where
        J: Serialize + DeserializeOwned + std::fmt::Display,
    {
        let key = self.state_key(ctx);
        let started = Instant::now();
        let own = started + self.max_wait;
        let deadline = ctx.deadline().map_or(own, |hook| {
            own.min(hook.checked_sub(self.margin).unwrap_or(started))
        });
        let pending = match self.pending::<J>(ctx, object) {
            Some(pending) => {
                ctx.info(format!(
                    "{} {}: resumed (submitted {} s ago), not submitted again",
                    self.name,
                    pending.job,
                    unix_now().saturating_sub(pending.submitted_at)
                ));
                pending
            }
            None => {
                let job = submit()?;
                ctx.info(format!("{} {job}: submitted", self.name));
                let pending = PendingJob {
                    job,
                    submitted_at: unix_now(),
                };
                // Marked at once, so that every way out of this call below carries it (a call
                // stopped at the hook's time limit writes nothing back: the margin keeps polling
                // short of it).
                object.set_state_in(&key, &pending)?;
                pending
            }
        };
        let mut polls = 0u32;
        loop {
            polls += 1;
            let answer = poll(&pending.job);
            let running_for = Duration::from_secs(unix_now().saturating_sub(pending.submitted_at));
            match answer {
                Ok(Poll::Done(result)) => {
                    object.clear_state_in(&key);
                    ctx.info(format!(
                        "{} {}: done after {} s ({polls} poll(s) in this call)",
                        self.name,
                        pending.job,
                        running_for.as_secs()
                    ));
                    return Ok(JobOutcome::Done(result));
                }
                Ok(Poll::Failed(reason)) => {
                    object.clear_state_in(&key);
                    return Err(HookError::msg(format!(
                        "{} {} failed: {reason}",
                        self.name, pending.job
                    )));
                }
                Err(error) => {
                    return Err(HookError::msg(format!(
                        "{} {} could not be followed ({error}); still marked pending, the next \
                         trigger asks about it again",
                        self.name, pending.job
                    )));
                }
                Ok(Poll::Running(progress)) => {
                    let now = Instant::now();
                    let progress = progress.map_or_else(String::new, |p| format!(": {p}"));
                    if now + self.poll_every > deadline {
                        ctx.warn(format!(
                            "{} {}: still running after {} s{progress}; marked pending, the \
                             next trigger resumes it",
                            self.name,
                            pending.job,
                            running_for.as_secs()
                        ));
                        return Ok(JobOutcome::Pending {
                            job: pending.job.to_string(),
                            running_for,
                        });
                    }
                    ctx.info(format!(
                        "{} {}: running for {} s{progress}",
                        self.name,
                        pending.job,
                        running_for.as_secs()
                    ));
                    std::thread::sleep(self.poll_every);
                }
            }
        }
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
}
