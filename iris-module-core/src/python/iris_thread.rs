//! The IRIS thread: every call into IRIS's Python runs on the thread IRIS called the module on.
//!
//! IRIS runs a module inside state that belongs to the calling thread: the Flask application
//! context (a `contextvars` context, per thread), the Celery request (a thread-local stack) and,
//! in the app, the eventlet greenlet. A thread that a module or the runtime starts has none of
//! it, so IRIS's `EvidenceStorage` (an ORM query) raises "Working outside of application context"
//! there. So the module's work runs on a helper thread with the GIL released, while the IRIS
//! thread waits for calls into Python and runs each of them itself, one at a time, in order.
//! Whatever thread the module makes a call from, IRIS sees it made from its own thread.

use pyo3::prelude::*;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

/// How long a call waits for the IRIS thread to take it up (it runs the calls one at a time):
/// past this, a call not yet begun is withdrawn, never to run.
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a call the IRIS thread has begun may take before its caller stops waiting (what the
/// framework runs in IRIS's database has its own, shorter, lock and statement timeouts).
const RUN_TIMEOUT: Duration = Duration::from_secs(600);

/// A queued call's state: waiting, begun by the IRIS thread, or withdrawn by its caller.
const WAITING: u8 = 0;
const BEGUN: u8 = 1;
const WITHDRAWN: u8 = 2;

/// A call into Python, run on the IRIS thread.
type Job = Box<dyn FnOnce(Python<'_>) + Send>;

/// What the IRIS thread receives while the work runs.
enum Message {
    Call(Job),
    WorkDone,
}

/// A call into IRIS that got no answer: it panicked, it waited too long (not begun within
/// [`START_TIMEOUT`], or not done within [`RUN_TIMEOUT`]), or IRIS's call to the module had
/// already returned (a thread that outlived it made the call).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unanswered;

impl std::fmt::Display for Unanswered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            "the call into IRIS got no answer (it panicked, it timed out, or IRIS's call to the module had ended)",
        )
    }
}

/// A handle to the IRIS thread: cloneable, usable from any thread while the work runs.
#[derive(Clone)]
pub struct IrisThread {
    home: ThreadId,
    sender: Sender<Message>,
}

impl IrisThread {
    /// Runs `call` with the GIL on the IRIS thread and returns its result; from the IRIS thread
    /// itself it runs at once. Every wait is bounded: a call the IRIS thread has not begun within
    /// [`START_TIMEOUT`] is withdrawn (it never runs), and one begun is waited for at most
    /// [`RUN_TIMEOUT`] in all.
    pub fn call<T: Send + 'static>(
        &self,
        call: impl FnOnce(Python<'_>) -> T + Send + 'static,
    ) -> Result<T, Unanswered> {
        self.call_within(call, START_TIMEOUT, RUN_TIMEOUT)
    }

    fn call_within<T: Send + 'static>(
        &self,
        call: impl FnOnce(Python<'_>) -> T + Send + 'static,
        start_timeout: Duration,
        run_timeout: Duration,
    ) -> Result<T, Unanswered> {
        if thread::current().id() == self.home {
            return catch_unwind(AssertUnwindSafe(|| Python::attach(call))).map_err(|_| Unanswered);
        }
        let (reply, answer) = mpsc::sync_channel(1);
        let state = Arc::new(AtomicU8::new(WAITING));
        let job: Job = Box::new({
            let state = Arc::clone(&state);
            move |py| {
                if state
                    .compare_exchange(WAITING, BEGUN, Ordering::AcqRel, Ordering::Acquire)
                    .is_err()
                {
                    return; // withdrawn: its caller has stopped waiting
                }
                // A panic drops `reply`: the caller then hears `Unanswered`.
                let _ = reply.send(call(py));
            }
        });
        self.sender
            .send(Message::Call(job))
            .map_err(|_| Unanswered)?;
        match answer.recv_timeout(start_timeout) {
            Ok(value) => return Ok(value),
            Err(RecvTimeoutError::Disconnected) => return Err(Unanswered),
            Err(RecvTimeoutError::Timeout) => {}
        }
        if state
            .compare_exchange(WAITING, WITHDRAWN, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
        {
            return Err(Unanswered);
        }
        answer
            .recv_timeout(run_timeout.saturating_sub(start_timeout))
            .map_err(|_| Unanswered)
    }
}

/// Runs `work` on a helper thread with the GIL released, while this thread (the one IRIS called
/// the module on) runs the calls that `work`, and any thread it starts, make through the
/// [`IrisThread`] it is given. Returns when `work` has returned; a panic in `work` is resumed
/// here. Calls made after that are [`Unanswered`].
pub fn serve<R: Send>(py: Python<'_>, work: impl FnOnce(IrisThread) -> R + Send) -> R {
    let (sender, receiver) = mpsc::channel();
    let iris = IrisThread {
        home: thread::current().id(),
        sender: sender.clone(),
    };
    let outcome = thread::scope(|scope| {
        let worker = scope.spawn(move || {
            let outcome = catch_unwind(AssertUnwindSafe(|| work(iris)));
            let _ = sender.send(Message::WorkDone);
            outcome
        });
        let receiver = run_calls(py, receiver);
        // Calls queued by threads that outlive the work are dropped with the receiver: their
        // callers hear `Unanswered` rather than waiting for ever.
        drop(receiver);
        worker.join().unwrap_or_else(Err)
    });
    outcome.unwrap_or_else(|panic| resume_unwind(panic))
}

/// Runs each call as it comes, with the GIL released in between, until the work is done.
fn run_calls(py: Python<'_>, receiver: Receiver<Message>) -> Receiver<Message> {
    run_calls_until(py, receiver, None).0
}

/// Runs each call as it comes, with the GIL released in between, until the work is done
/// (`true`) or `deadline` passes (`false`).
fn run_calls_until(
    py: Python<'_>,
    mut receiver: Receiver<Message>,
    deadline: Option<Instant>,
) -> (Receiver<Message>, bool) {
    loop {
        let (back, message) = py.detach(move || {
            let message = match deadline {
                None => receiver.recv().map_err(|_| RecvTimeoutError::Disconnected),
                Some(deadline) => {
                    receiver.recv_timeout(deadline.saturating_duration_since(Instant::now()))
                }
            };
            (receiver, message)
        });
        receiver = back;
        match message {
            Ok(Message::Call(job)) => {
                // A panicking call fails that call only.
                let _ = catch_unwind(AssertUnwindSafe(|| job(py)));
            }
            Ok(Message::WorkDone) | Err(RecvTimeoutError::Disconnected) => return (receiver, true),
            Err(RecvTimeoutError::Timeout) => return (receiver, false),
        }
    }
}

/// The queue of calls into IRIS of work that runs on a helper thread and may be given up (a hook
/// handler under its time limit): the thread that makes it is the IRIS thread, which serves the
/// calls for as long as it waits ([`serve_for`](Self::serve_for)). Once the queue is dropped,
/// the work's calls are [`Unanswered`] at once.
pub struct CallQueue {
    home: ThreadId,
    sender: Sender<Message>,
    receiver: Option<Receiver<Message>>,
}

impl CallQueue {
    /// A queue served by this thread.
    pub fn new() -> Self {
        let (sender, receiver) = mpsc::channel();
        CallQueue {
            home: thread::current().id(),
            sender,
            receiver: Some(receiver),
        }
    }

    /// The IRIS thread handle that the work makes its calls through.
    pub fn iris_thread(&self) -> IrisThread {
        IrisThread {
            home: self.home,
            sender: self.sender.clone(),
        }
    }

    /// What the work calls when it is done: it ends [`serve_for`](Self::serve_for)'s wait.
    pub fn waker(&self) -> impl FnOnce() + Send + 'static {
        let sender = self.sender.clone();
        move || {
            let _ = sender.send(Message::WorkDone);
        }
    }

    /// Serves the work's calls until it is done (`true`) or `timeout` passes (`false`).
    pub fn serve_for(&mut self, py: Python<'_>, timeout: Duration) -> bool {
        let Some(receiver) = self.receiver.take() else {
            return true;
        };
        let (receiver, done) = run_calls_until(py, receiver, Some(Instant::now() + timeout));
        self.receiver = Some(receiver);
        done
    }
}

impl Default for CallQueue {
    fn default() -> Self {
        CallQueue::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;

    /// An IRIS thread that never takes a call up (its queue is kept, never served), and the queue.
    fn busy_iris_thread() -> (IrisThread, Receiver<Message>) {
        let (sender, queue) = mpsc::channel();
        let home = thread::spawn(|| thread::current().id()).join().unwrap();
        (IrisThread { home, sender }, queue)
    }

    #[test]
    fn a_call_the_iris_thread_does_not_take_up_is_withdrawn_and_never_runs() {
        let (iris, queue) = busy_iris_thread();
        let ran = Arc::new(AtomicBool::new(false));
        let started = Instant::now();
        let outcome = iris.call_within(
            {
                let ran = Arc::clone(&ran);
                move |_| ran.store(true, Ordering::SeqCst)
            },
            Duration::from_millis(200),
            Duration::from_secs(5),
        );
        assert_eq!(outcome, Err(Unanswered));
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        // Taken up afterwards, the withdrawn call does nothing.
        let Ok(Message::Call(job)) = queue.try_recv() else {
            panic!("the call was not queued")
        };
        Python::initialize();
        Python::attach(job);
        assert!(!ran.load(Ordering::SeqCst));
    }

    #[test]
    fn a_call_begun_is_waited_for_at_most_its_run_bound() {
        let (iris, queue) = busy_iris_thread();
        let server = thread::spawn(move || {
            let Ok(Message::Call(job)) = queue.recv() else {
                return;
            };
            Python::initialize();
            // The call begins at once and takes 3 s.
            Python::attach(job);
        });
        let started = Instant::now();
        let outcome = iris.call_within(
            |py| py.detach(|| thread::sleep(Duration::from_secs(3))),
            Duration::from_millis(200),
            Duration::from_millis(800),
        );
        assert_eq!(outcome, Err(Unanswered));
        let waited = started.elapsed();
        assert!(waited < Duration::from_secs(2), "{waited:?}");
        server.join().unwrap();
    }
}
