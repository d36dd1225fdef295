//! The compatibility layer: `iris_compat.py`, the one place where the bridge adapts to the IRIS
//! line it runs in (where the models are, how an IOC belongs to a case, where `db` is), and the
//! version IRIS reports.

use super::embedded::embedded;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyModule;

/// `iris_compat.py`, loaded once per process.
static COMPAT: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// `iris_compat.py`.
pub fn compat(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    embedded(
        py,
        &COMPAT,
        pyo3::ffi::c_str!(include_str!("iris_compat.py")),
        c"iris_module_core/iris_compat.py",
        c"iris_module_core_iris_compat",
    )
}

/// The version this IRIS reports (its `IRIS_VERSION`), or `None` outside IRIS.
pub fn iris_version(py: Python<'_>) -> Option<String> {
    compat(py)
        .and_then(|compat| compat.call_method0("iris_version"))
        .and_then(|version| version.extract())
        .ok()
        .flatten()
}

/// IRIS's Flask-SQLAlchemy session, wherever this line keeps `db`, or `None` outside IRIS.
pub fn iris_session(py: Python<'_>) -> Option<Bound<'_, PyAny>> {
    compat(py)
        .and_then(|compat| compat.call_method0("db"))
        .and_then(|db| db.getattr("session"))
        .ok()
}

/// IRIS's model class `name`, wherever this line keeps it; an error naming it when this IRIS has
/// none.
pub fn model<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    compat(py)?.call_method1("model", (name,))
}

/// A case's protagonists as IRIS's case dump lists them (`crate::api_json`), read with IRIS's
/// own query; `None` outside IRIS or where its line has none.
pub fn case_protagonists(py: Python<'_>, case_id: i64) -> Option<serde_json::Value> {
    let rows = compat(py)
        .and_then(|compat| compat.call_method1("case_protagonists", (case_id,)))
        .ok()?;
    if rows.is_none() {
        return None;
    }
    serde::Deserialize::deserialize(super::de::PyDeserializer::plain(rows)).ok()
}

/// Adds to the cases a hook passes what IRIS's case dump reads with a query of its own (their
/// protagonists), for a module that loads relationships.
pub fn add_queried_relations(py: Python<'_>, payload: &mut crate::payload::HookPayload) {
    if let crate::payload::HookPayload::Case(cases) = payload {
        for case in cases {
            let protagonists = case.case_id.and_then(|id| case_protagonists(py, id));
            if let Some(protagonists) = protagonists {
                case.extra.insert("protagonists".to_owned(), protagonists);
            }
        }
    }
}
