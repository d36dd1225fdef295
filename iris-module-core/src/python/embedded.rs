//! The Python files the bridge carries (`case_store.py`, `shared_state.py`), each loaded once per
//! process from its text.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyModule;
use std::ffi::CStr;

/// The module `name` made from `source` (reported as `file` in tracebacks), loaded into `cell`
/// the first time it is asked for.
pub fn embedded<'py>(
    py: Python<'py>,
    cell: &PyOnceLock<Py<PyModule>>,
    source: &CStr,
    file: &CStr,
    name: &CStr,
) -> PyResult<Bound<'py, PyModule>> {
    cell.get_or_try_init(py, || {
        PyModule::from_code(py, source, file, name).map(Bound::unbind)
    })
    .map(|module| module.bind(py).clone())
}
