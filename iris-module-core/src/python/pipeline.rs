//! The two methods of a pipeline module's class: `pipeline_files_upload` and `pipeline_handler`.

use super::call::Call;
use super::case_store::PyCaseStore;
use super::de::PyDeserializer;
use super::iris_thread::{self, IrisThread};
use super::status::logger_method;
use crate::case::CaseSession;
use crate::logging::{HookLogger, LogLine};
use crate::module::DynModule;
use crate::pipeline::{
    EvidenceError, EvidenceRecord, EvidenceStore, PipelineContext, PipelineData, PipelineType,
    UploadRequest, run_pipeline, upload_file,
};
use crate::status::Status;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use serde::Deserialize;
use std::io::{self, Read};
use std::sync::Arc;

/// What IRIS passes to `pipeline_files_upload`.
pub struct UploadArgs<'a, 'py> {
    pub base_path: &'a Bound<'py, PyAny>,
    pub file_handle: &'a Bound<'py, PyAny>,
    pub case_customer: &'a Bound<'py, PyAny>,
    pub case_name: &'a Bound<'py, PyAny>,
    pub is_update: &'a Bound<'py, PyAny>,
}

/// The upload step: the file handle (werkzeug's `FileStorage`, or any object with `read`) is read
/// in chunks into the case's upload directory.
pub fn upload(
    module: &dyn DynModule,
    args: UploadArgs<'_, '_>,
) -> PyResult<(Status, Vec<LogLine>)> {
    let Some(pipeline) = module.pipeline() else {
        return Ok((not_a_pipeline(module), Vec::new()));
    };
    let file_name = ["filename", "name"]
        .iter()
        .find_map(|attribute| {
            args.file_handle
                .getattr(*attribute)
                .ok()
                .filter(|name| !name.is_none())
        })
        .map(|name| text(&name))
        .transpose()?
        .unwrap_or_default();
    let request = UploadRequest {
        base_path: text(args.base_path)?.into(),
        file_name,
        case_customer: optional_text(args.case_customer)?,
        case_name: optional_text(args.case_name)?,
        is_update: args.is_update.is_truthy()?,
    };
    let mut source = PyReader {
        file: args.file_handle.clone(),
    };
    let status = upload_file(module.info(), pipeline, &request, &mut source);
    Ok((status, Vec::new()))
}

/// The processing step, run with the GIL released.
pub fn process(
    module: Arc<dyn DynModule>,
    module_name: String,
    call: &Call,
    instance: &Bound<'_, PyAny>,
    pipeline_type: &Bound<'_, PyAny>,
    pipeline_data: &Bound<'_, PyAny>,
) -> PyResult<(Status, Vec<LogLine>)> {
    let py = instance.py();
    let type_name = text(pipeline_type)?;
    let Some(pipeline_type) = PipelineType::from_iris(&type_name) else {
        return Ok((
            Status::error(format!("unrecognized pipeline type `{type_name}`")),
            Vec::new(),
        ));
    };
    let data = match PipelineData::deserialize(PyDeserializer::plain(pipeline_data.clone())) {
        Ok(data) => data,
        Err(error) => {
            return Ok((
                Status::error(format!("bad pipeline data: {error}")),
                Vec::new(),
            ));
        }
    };
    if module.pipeline().is_none() {
        return Ok((not_a_pipeline(module.as_ref()), Vec::new()));
    }
    let storage = instance
        .getattr(pyo3::intern!(py, "_evidence_storage"))
        .ok()
        .filter(|storage| !storage.is_none())
        .map(|storage| Arc::new(storage.unbind()));
    let server = call.server.clone();
    let redactor = call.redactor.clone();
    let log = Arc::new(instance.getattr(pyo3::intern!(py, "log"))?.unbind());
    let info = module.info();
    // Every call into IRIS (evidence storage, logging, the case writer) runs on this thread,
    // whichever thread of the module makes it: IRIS's application context and Celery request
    // are this thread's.
    let status = iris_thread::serve(py, move |iris| {
        let evidence = PyEvidence {
            storage,
            iris: iris.clone(),
        };
        let cases = CaseSession::new(
            Arc::new(PyCaseStore::new(iris.clone())),
            module_name,
            data.user_id,
        );
        let mut ctx = PipelineContext::new(pipeline_type, data, Arc::new(evidence))
            .with_case_session(Arc::new(cases))
            .with_server(server)
            .with_redactor(redactor)
            .with_logger(live_logger(log, iris));
        match module.pipeline() {
            Some(pipeline) => run_pipeline(info, pipeline, &mut ctx),
            None => not_a_pipeline(module.as_ref()),
        }
    });
    // The lines reached the module's logger as they were written: they are not sent again.
    Ok((status, Vec::new()))
}

fn not_a_pipeline(module: &dyn DynModule) -> Status {
    Status::error(format!(
        "`{}` is a processor module: it has no pipeline",
        module.info().name
    ))
}

/// A logger that sends each line to the instance's Python logger as it is written (from any
/// thread, through the IRIS thread), so that IRIS shows a long run's progress. (The context
/// removes the module's secrets from each line before it is sent.)
fn live_logger(log: Arc<Py<PyAny>>, iris: IrisThread) -> HookLogger {
    HookLogger::with_sink(Arc::new(move |line: &LogLine| {
        let method = logger_method(line.level);
        let log = Arc::clone(&log);
        let message = line.message.clone();
        // A line that IRIS's logger refuses is still in the run's status.
        let _ = iris.call(move |py| log.bind(py).call_method1(method, (message,)).map(drop));
    }))
}

/// IRIS's `EvidenceStorage`, called on the IRIS thread.
struct PyEvidence {
    storage: Option<Arc<Py<PyAny>>>,
    iris: IrisThread,
}

impl PyEvidence {
    fn call<T: Send + 'static>(
        &self,
        method: &'static str,
        kwargs: impl for<'py> FnOnce(&Bound<'py, PyDict>) -> PyResult<()> + Send + 'static,
        read: impl for<'py> FnOnce(&Bound<'py, PyAny>) -> PyResult<T> + Send + 'static,
    ) -> Result<T, EvidenceError> {
        let Some(storage) = self.storage.clone() else {
            return Err(EvidenceError::Unavailable);
        };
        let failed = |error: &dyn std::fmt::Display| EvidenceError::Failed {
            method,
            reason: error.to_string(),
        };
        self.iris
            .call(move |py| {
                let arguments = PyDict::new(py);
                kwargs(&arguments)?;
                let result = storage.bind(py).call_method(method, (), Some(&arguments))?;
                read(&result)
            })
            .map_err(|error| failed(&error))?
            .map_err(|error| failed(&error))
    }
}

impl EvidenceStore for PyEvidence {
    fn is_registered(&self, case_id: Option<i64>, sha256: &str) -> Result<bool, EvidenceError> {
        self.call(
            "is_evidence_registered",
            {
                let sha256 = sha256.to_owned();
                move |kwargs| {
                    kwargs.set_item("case_id", case_id)?;
                    kwargs.set_item("sha256", sha256)
                }
            },
            |result| result.is_truthy(),
        )
    }

    fn add(&self, evidence: &EvidenceRecord) -> Result<(), EvidenceError> {
        let evidence = evidence.clone();
        self.call(
            "add_evidence",
            move |kwargs| {
                let py = kwargs.py();
                let now = py
                    .import("datetime")?
                    .getattr("datetime")?
                    .call_method0("now")?;
                kwargs.set_item("case_id", evidence.case_id)?;
                kwargs.set_item("filename", evidence.filename.as_str())?;
                kwargs.set_item("description", evidence.description.as_str())?;
                kwargs.set_item("size", evidence.size)?;
                kwargs.set_item("sha256", evidence.sha256.as_str())?;
                kwargs.set_item("date_added", now)?;
                kwargs.set_item("user_id", evidence.user_id)
            },
            |_| Ok(()),
        )
    }
}

/// A Python file object (`read(n)` returning bytes) as a `Read`.
struct PyReader<'py> {
    file: Bound<'py, PyAny>,
}

impl Read for PyReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let chunk = self
            .file
            .call_method1(pyo3::intern!(self.file.py(), "read"), (buf.len(),))
            .map_err(|error| io::Error::other(error.to_string()))?;
        let bytes = chunk
            .cast::<PyBytes>()
            .map_err(|_| io::Error::other("the upload's `read` did not return bytes"))?
            .as_bytes();
        if bytes.len() > buf.len() {
            return Err(io::Error::other(
                "the upload's `read` returned more than asked",
            ));
        }
        buf[..bytes.len()].copy_from_slice(bytes);
        Ok(bytes.len())
    }
}

/// `str(value)`.
fn text(value: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(value.str()?.to_cow()?.into_owned())
}

/// `str(value)`, or `""` for `None`.
fn optional_text(value: &Bound<'_, PyAny>) -> PyResult<String> {
    if value.is_none() {
        Ok(String::new())
    } else {
        text(value)
    }
}
