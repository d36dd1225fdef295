//! IRIS's database connections kept in the process that opened them (`fork_guard.py`): IRIS's
//! worker forks its children after using its database, and two children on one inherited
//! connection can leave a task waiting for ever.

use super::embedded::embedded;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyModule;

/// Installs the guard on the process's SQLAlchemy pools (once per process, whichever module's
/// extension is imported first). Nothing happens without SQLAlchemy; a failure is not the
/// module's: the import goes on without the guard.
pub fn install(py: Python<'_>) {
    static GUARD: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    let installed = embedded(
        py,
        &GUARD,
        pyo3::ffi::c_str!(include_str!("fork_guard.py")),
        c"iris_module_core/fork_guard.py",
        c"iris_module_core_fork_guard",
    )
    .and_then(|module| module.call_method0("install"));
    if let Err(error) = installed {
        let _ = py
            .import("logging")
            .and_then(|logging| logging.call_method1("getLogger", ("iris_module_core",)))
            .and_then(|log| {
                log.call_method1(
                    "warning",
                    (format!(
                        "the database connections' fork guard is not installed: {error}"
                    ),),
                )
            });
    }
}
