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
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::{self, ThreadId};

/// A call into Python, run on the IRIS thread.
type Job = Box<dyn FnOnce(Python<'_>) + Send>;

/// What the IRIS thread receives while the work runs.
enum Message {
    Call(Job),
    WorkDone,
}

/// A call into IRIS that got no answer: it panicked, or IRIS's call to the module had already
/// returned (a thread that outlived it made the call).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unanswered;

impl std::fmt::Display for Unanswered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            "the call into IRIS got no answer (it panicked, or IRIS's call to the module had ended)",
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
    /// The thread this is called on, as the IRIS thread of work that stays on it (a hook
    /// handler, run here with the GIL released): its calls run at once; calls from any other
    /// thread are [`Unanswered`], as nothing serves them.
    pub fn here() -> Self {
        let (sender, _) = mpsc::channel();
        IrisThread {
            home: thread::current().id(),
            sender,
        }
    }

    /// Runs `call` with the GIL on the IRIS thread and returns its result; from the IRIS thread
    /// itself it runs at once.
    pub fn call<T: Send + 'static>(
        &self,
        call: impl FnOnce(Python<'_>) -> T + Send + 'static,
    ) -> Result<T, Unanswered> {
        if thread::current().id() == self.home {
            return catch_unwind(AssertUnwindSafe(|| Python::attach(call))).map_err(|_| Unanswered);
        }
        let (reply, answer) = mpsc::sync_channel(1);
        let job: Job = Box::new(move |py| {
            // A panic drops `reply`: the caller then hears `Unanswered`.
            let _ = reply.send(call(py));
        });
        self.sender
            .send(Message::Call(job))
            .map_err(|_| Unanswered)?;
        answer.recv().map_err(|_| Unanswered)
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
fn run_calls(py: Python<'_>, mut receiver: Receiver<Message>) -> Receiver<Message> {
    loop {
        let (back, message) = py.detach(move || {
            let message = receiver.recv();
            (receiver, message)
        });
        receiver = back;
        match message {
            Ok(Message::Call(job)) => {
                // A panicking call fails that call only.
                let _ = catch_unwind(AssertUnwindSafe(|| job(py)));
            }
            Ok(Message::WorkDone) | Err(_) => return receiver,
        }
    }
}
