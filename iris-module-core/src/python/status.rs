//! Fresh `IIStatus` objects (never IRIS's shared `I2Success`/`I2Error`), and the handler's log
//! lines sent to the module's Python logger.

use crate::logging::{Level, LogLine};
use crate::status::Status;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList};

/// `IIStatus(code, message, data, logs)`.
pub fn iistatus<'py>(
    py: Python<'py>,
    status: &Status,
    data: &Bound<'py, PyAny>,
    logs: &Bound<'py, PyList>,
) -> PyResult<Bound<'py, PyAny>> {
    let kwargs = PyDict::new(py);
    kwargs.set_item("code", status.code)?;
    kwargs.set_item("message", status.message.as_str())?;
    kwargs.set_item("data", data)?;
    kwargs.set_item("logs", logs)?;
    static IISTATUS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    IISTATUS
        .import(py, "iris_interface.IrisInterfaceStatus", "IIStatus")?
        .call((), Some(&kwargs))
}

/// Sends each line to `instance.log` at its level.
pub fn emit(instance: &Bound<'_, PyAny>, lines: &[LogLine]) -> PyResult<()> {
    if lines.is_empty() {
        return Ok(());
    }
    let logger = instance.getattr("log")?;
    for line in lines {
        logger.call_method1(logger_method(line.level), (line.message.as_str(),))?;
    }
    Ok(())
}

/// The method of Python's `logging.Logger` that logs at `level`.
pub fn logger_method(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warn => "warning",
        Level::Info => "info",
        Level::Debug | Level::Trace => "debug",
    }
}
