//! The case store inside IRIS: the case writer's lookups and writes, carried out by
//! `case_store.py` on the IRIS thread, through the compatibility layer (`iris_compat.py`: IRIS's
//! tables as the line it runs in has them).

use super::compat;
use super::embedded::embedded;
use super::iris_thread::IrisThread;
use crate::case::plan::{Op, Plan};
use crate::case::store::{CaseStore, StoreError};
use crate::case::{Term, Vocabulary};
use crate::redact::bounded;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyModule;

/// `case_store.py`, loaded once per process.
static ADAPTER: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

fn adapter(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    if let Some(module) = ADAPTER.get(py) {
        return Ok(module.bind(py).clone());
    }
    // Loaded first: no Python runs between the adapter's loading and `compat` being set on it.
    let compat = compat::compat(py)?;
    let module = embedded(
        py,
        &ADAPTER,
        pyo3::ffi::c_str!(include_str!("case_store.py")),
        c"iris_module_core/case_store.py",
        c"iris_module_core_case_store",
    )?;
    // This wheel's own layer (another wheel's copy of the framework may be another version).
    module.setattr("compat", compat)?;
    Ok(module)
}

/// The case IRIS is calling the module for, when it says: its worker task's `caseid`, or the web
/// request's `cid`.
pub fn current_case_id(py: Python<'_>) -> Option<i64> {
    adapter(py)
        .and_then(|module| module.call_method0("current_case_id"))
        .and_then(|id| id.extract())
        .ok()
        .flatten()
}

/// IRIS's database, as a case store.
pub struct PyCaseStore {
    iris: IrisThread,
}

impl PyCaseStore {
    /// The store reached through `iris`.
    pub fn new(iris: IrisThread) -> Self {
        PyCaseStore { iris }
    }

    /// Calls `function(argument)` of `case_store.py` on the IRIS thread; its result as text
    /// (`None` for `None`), or its error, bounded.
    fn call(&self, function: &'static str, argument: String) -> Result<Option<String>, StoreError> {
        self.iris
            .call(move |py| -> PyResult<Option<String>> {
                let result = adapter(py)?.call_method1(function, (argument,))?;
                if result.is_none() {
                    Ok(None)
                } else {
                    Ok(Some(result.str()?.to_cow()?.into_owned()))
                }
            })
            .map_err(|unanswered| StoreError::Host(unanswered.to_string()))?
            // A database error quotes the statement's values (a whole raw record): bounded.
            .map_err(|error| StoreError::Host(bounded(&error.to_string()).into_owned()))
    }
}

fn json_text(value: &impl serde::Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|error| StoreError::Unreadable(error.to_string()))
}

impl CaseStore for PyCaseStore {
    fn vocabulary(&self, vocabulary: Vocabulary) -> Result<Vec<Term>, StoreError> {
        let text = self
            .call("vocabulary", vocabulary.name().to_owned())?
            .unwrap_or_default();
        serde_json::from_str(&text).map_err(|error| {
            StoreError::Unreadable(format!("IRIS's {}s: {error}", vocabulary.label()))
        })
    }

    fn find(&self, op: &Op) -> Result<Option<i64>, StoreError> {
        match self.call("find", json_text(op)?)? {
            None => Ok(None),
            Some(id) => id
                .parse()
                .map(Some)
                .map_err(|_| StoreError::Unreadable(format!("IRIS returned `{id}` as an id"))),
        }
    }

    fn apply(&self, plan: &Plan<'_>) -> Result<Vec<i64>, StoreError> {
        let text = self.call("apply", json_text(plan)?)?.unwrap_or_default();
        serde_json::from_str(&text)
            .map_err(|error| StoreError::Unreadable(format!("IRIS returned no ids: {error}")))
    }
}
