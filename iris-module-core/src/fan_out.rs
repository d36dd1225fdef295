//! Calling several instances of a service at once (the MISP servers of a module's instance
//! list), each with its own pace, its own time limit and its own failure: one instance down, slow
//! or refusing its key leaves the others' results in place, and the status names it.
//!
//! Each instance runs on a thread of its own. The fan-out returns once every instance answered
//! or at the earliest of its time limit and the hook's deadline: an instance still running then
//! is reported as timed out, and what it returns later is dropped (its thread ends with its own
//! HTTP time limit). A panic in one instance's work is that instance's failure.

use crate::error::{HookError, HookResult};
use crate::pace::SharedPace;
use crate::panic::panic_message;
use crate::shared::StateError;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How instances are called.
#[derive(Clone, Debug)]
pub struct FanOut {
    timeout: Duration,
    deadline: Option<Instant>,
    pace: Option<(String, Duration)>,
}

impl Default for FanOut {
    /// 60 s an instance, no deadline, no pace.
    fn default() -> Self {
        FanOut {
            timeout: Duration::from_secs(60),
            deadline: None,
            pace: None,
        }
    }
}

/// What one instance's work is given: its name, its turn to send and its deadline.
#[derive(Debug)]
pub struct InstanceCall {
    name: String,
    pace: Option<SharedPace>,
    deadline: Instant,
}

impl InstanceCall {
    /// The instance's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Waits for this instance's next request slot (its own pace, shared by every worker); an
    /// error when the slot is too far, or past the deadline.
    pub fn wait_turn(&self) -> Result<(), StateError> {
        match &self.pace {
            Some(pace) => {
                let wait = pace.reserve()?;
                if Instant::now() + wait > self.deadline {
                    return Err(StateError::TooFar {
                        wait,
                        max_wait: self.remaining(),
                    });
                }
                std::thread::sleep(wait);
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// When this instance's time is up.
    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    /// The time left (zero once the deadline passed): an HTTP time limit for its requests.
    pub fn remaining(&self) -> Duration {
        self.deadline.saturating_duration_since(Instant::now())
    }
}

/// Why an instance gave no result.
#[derive(Debug)]
#[non_exhaustive]
pub enum InstanceFailure {
    /// Its work returned an error.
    Failed(HookError),
    /// It had not answered at its deadline.
    TimedOut(Duration),
    /// Its work panicked.
    Panicked(String),
}

impl fmt::Display for InstanceFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InstanceFailure::Failed(error) => write!(f, "{error}"),
            InstanceFailure::TimedOut(after) => {
                write!(f, "no answer within {:.1} s", after.as_secs_f64())
            }
            InstanceFailure::Panicked(reason) => write!(f, "panicked: {reason}"),
        }
    }
}

/// One instance's result.
#[derive(Debug)]
pub struct Outcome<R> {
    /// The instance's name.
    pub instance: String,
    /// What its work returned.
    pub result: Result<R, InstanceFailure>,
}

/// Every instance's result, in the instances' order.
#[derive(Debug)]
pub struct FanOutResults<R> {
    /// The outcomes.
    pub outcomes: Vec<Outcome<R>>,
}

impl<R> FanOutResults<R> {
    /// The instances that answered, with their results.
    pub fn successes(&self) -> impl Iterator<Item = (&str, &R)> {
        self.outcomes.iter().filter_map(|outcome| {
            outcome
                .result
                .as_ref()
                .ok()
                .map(|result| (outcome.instance.as_str(), result))
        })
    }

    /// The instances that did not, with why.
    pub fn failures(&self) -> impl Iterator<Item = (&str, &InstanceFailure)> {
        self.outcomes.iter().filter_map(|outcome| {
            outcome
                .result
                .as_ref()
                .err()
                .map(|failure| (outcome.instance.as_str(), failure))
        })
    }

    /// `Ok` when every instance answered; else an error naming each failing instance and why,
    /// with how many answered (a handler returns it once it has written the others' results).
    pub fn status(&self) -> HookResult {
        let failures: Vec<String> = self
            .failures()
            .map(|(instance, failure)| format!("instance `{instance}`: {failure}"))
            .collect();
        if failures.is_empty() {
            return Ok(());
        }
        Err(HookError::msg(format!(
            "{} ({} of {} instances answered)",
            failures.join("; "),
            self.outcomes.len() - failures.len(),
            self.outcomes.len()
        )))
    }
}

impl FanOut {
    /// Calls with the default settings (see [`Default`]).
    pub fn new() -> Self {
        FanOut::default()
    }

    /// Each instance has at most `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// No instance runs past `deadline` (the hook's: `ctx.deadline()`).
    pub fn until(mut self, deadline: Option<Instant>) -> Self {
        self.deadline = deadline;
        self
    }

    /// Spaces each instance's requests at least `interval` apart, every worker's together
    /// ([`InstanceCall::wait_turn`]); `service` and the instance's key name the pace.
    pub fn paced(mut self, service: &str, interval: Duration) -> Self {
        self.pace = Some((service.to_owned(), interval));
        self
    }

    /// Runs `work` for each `(name, key, instance)` at once (`key`: what names its pace, such as
    /// its URL; it is hashed), and gathers the results in the instances' order.
    pub fn run<I, R, F>(&self, instances: Vec<(String, String, I)>, work: F) -> FanOutResults<R>
    where
        I: Send + 'static,
        R: Send + 'static,
        F: Fn(&InstanceCall, I) -> Result<R, HookError> + Send + Sync + 'static,
    {
        let started = Instant::now();
        let own = started + self.timeout;
        let deadline = self.deadline.map_or(own, |hook| hook.min(own));
        let work = Arc::new(work);
        let (sender, receiver) = mpsc::channel();
        let mut names = Vec::new();
        for (index, (name, key, instance)) in instances.into_iter().enumerate() {
            let call = InstanceCall {
                name: name.clone(),
                pace: self.pace.as_ref().map(|(service, interval)| {
                    SharedPace::new(&format!("{service}\u{0}{key}"), *interval)
                }),
                deadline,
            };
            names.push(name);
            let (work, gather) = (Arc::clone(&work), sender.clone());
            let spawned = std::thread::Builder::new()
                .name(format!("fan-out-{index}"))
                .spawn(move || {
                    let result = catch_unwind(AssertUnwindSafe(|| work(&call, instance)));
                    let _ = gather.send((index, result));
                });
            if let Err(error) = spawned {
                let _ = sender.send((
                    index,
                    Ok(Err(HookError::msg(format!(
                        "no thread could be started: {error}"
                    )))),
                ));
            }
        }
        drop(sender);
        let mut results: Vec<Option<Result<R, InstanceFailure>>> =
            names.iter().map(|_| None).collect();
        let mut pending = names.len();
        while pending > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            let Ok((index, result)) = receiver.recv_timeout(left) else {
                break;
            };
            results[index] = Some(match result {
                Ok(Ok(value)) => Ok(value),
                Ok(Err(error)) => Err(InstanceFailure::Failed(error)),
                Err(panic) => Err(InstanceFailure::Panicked(panic_message(panic.as_ref()))),
            });
            pending -= 1;
        }
        let waited = deadline.saturating_duration_since(started);
        FanOutResults {
            outcomes: names
                .into_iter()
                .zip(results)
                .map(|(instance, result)| Outcome {
                    instance,
                    result: result.unwrap_or(Err(InstanceFailure::TimedOut(waited))),
                })
                .collect(),
        }
    }
}
