//! How the bridge waits for a hook handler running under its time limit: serving, meanwhile,
//! the calls the handler makes into IRIS.

use super::iris_thread::CallQueue;
use crate::limits::{Finished, Wait};
use pyo3::Python;
use std::sync::mpsc::Receiver;
use std::time::Duration;

/// The IRIS thread waiting for a handler, serving its calls.
pub struct ServingIris<'py, 'q> {
    /// The GIL of the IRIS thread.
    pub py: Python<'py>,
    /// The handler's calls into IRIS.
    pub queue: &'q mut CallQueue,
}

impl Wait for ServingIris<'_, '_> {
    fn wait(&mut self, answer: &Receiver<Finished>, timeout: Duration) -> Option<Finished> {
        // Done or not, the answer may have come just as the time ran out.
        self.queue.serve_for(self.py, timeout);
        answer.try_recv().ok()
    }

    fn waker(&self) -> Box<dyn FnOnce() + Send> {
        Box::new(self.queue.waker())
    }
}
