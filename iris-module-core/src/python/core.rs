//! `BridgeCore`: the Rust object behind a module's Python class.

use super::call::{Built, Call, iris_module_name, read_config};
use super::case_store::{self, PyCaseStore};
use super::compat;
use super::convert;
use super::de::{AttributeNames, PyDeserializer};
use super::hook_wait::ServingIris;
use super::iris_db;
use super::iris_thread::CallQueue;
use super::pipeline;
use super::shared_state;
use super::status;
use crate::case::CaseSession;
use crate::config::ConfigError;
use crate::config::ModuleConfig;
use crate::config::noted;
use crate::context::HookContext;
use crate::hooks::find_hook;
use crate::iris_version::{self, IrisVersionVerdict};
use crate::limits::run_hook_within;
use crate::logging::{Level, LogLine};
use crate::module::{DynModule, ModuleEntry, ModuleInfo, RegistrationPlan};
use crate::panic::panic_message;
use crate::payload::HookPayload;
use crate::shape::shape_of;
use crate::status::{Status, codes};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PySequence};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// The Rust side of a module's Python class: its description, hooks or pipeline, and constructor.
#[pyclass(frozen, module = "iris_module_core")]
pub struct BridgeCore {
    info: &'static ModuleInfo,
    entry: &'static ModuleEntry,
    /// The module built from the last configuration seen. IRIS builds a fresh Python instance for
    /// every call; the Rust module (its clients, compiled patterns, rate limits) is reused for as
    /// long as the configuration stays the same.
    built: Mutex<Option<(ModuleConfig, Built)>>,
    /// IRIS's name of the module (the package its class is in), read from the first instance.
    iris_name: OnceLock<String>,
}

impl BridgeCore {
    /// The core of a module.
    pub fn new(info: &'static ModuleInfo, entry: &'static ModuleEntry) -> Self {
        BridgeCore {
            info,
            entry,
            built: Mutex::new(None),
            iris_name: OnceLock::new(),
        }
    }

    /// IRIS's name of the module (`module_name` in its table), the same for every instance of
    /// the class: read once.
    pub(super) fn iris_name(&self, instance: &Bound<'_, PyAny>) -> PyResult<String> {
        if let Some(name) = self.iris_name.get() {
            return Ok(name.clone());
        }
        let name = iris_module_name(instance)?;
        Ok(self.iris_name.get_or_init(|| name).clone())
    }

    /// Whether the module runs in this IRIS (the version it reports, against the framework's range
    /// and the module's): `Refuse` carries the message of the status and the log. Outside IRIS
    /// (no version reported), it runs. A version that cannot be read is warned about once.
    fn iris_verdict(&self, instance: &Bound<'_, PyAny>) -> IrisVersionVerdict {
        let Some(reported) = compat::iris_version(instance.py()) else {
            return IrisVersionVerdict::Run;
        };
        let verdict = iris_version::verdict(self.info, &reported);
        if let IrisVersionVerdict::RunUnchecked(warning) = &verdict {
            static WARNED: std::sync::Once = std::sync::Once::new();
            WARNED.call_once(|| log_to(instance, "warning", warning));
        }
        verdict
    }

    /// The module for `config`, with the secrets read inside its parameters: the one built last
    /// if the configuration is unchanged, else a new one (which then replaces it).
    fn module_for(&self, config: &ModuleConfig) -> Result<Built, ConfigError> {
        let mut built = self.built.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((seen, (module, notes))) = built.as_ref()
            && seen == config
        {
            return Ok((Arc::clone(module), Arc::clone(notes)));
        }
        let (module, notes) = noted(|| self.entry.instantiate(config));
        let module: Arc<dyn DynModule> = Arc::from(module?);
        let notes = Arc::new(notes);
        *built = Some((config.clone(), (Arc::clone(&module), Arc::clone(&notes))));
        Ok((module, notes))
    }

    /// What one call from IRIS reads, with the module built from it.
    fn read_call(&self, instance: &Bound<'_, PyAny>) -> PyResult<Call> {
        // The first call inside IRIS makes IRIS's database the workers' shared state (paces).
        shared_state::install_if_in_iris(instance.py());
        Call::read(instance, self.info, |config| self.module_for(config))
    }

    /// The module's description.
    pub fn info(&self) -> &'static ModuleInfo {
        self.info
    }

    /// The class attributes IRIS reads (`_module_name`, `_module_configuration`...).
    pub fn class_attributes<'py>(
        &self,
        py: Python<'py>,
        class_name: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        let info = self.info;
        let attributes = PyDict::new(py);
        attributes.set_item("name", class_name)?;
        attributes.set_item("_module_name", info.name)?;
        attributes.set_item("_module_description", info.description)?;
        attributes.set_item("_interface_version", info.interface_version)?;
        attributes.set_item("_module_version", info.module_version)?;
        attributes.set_item("_module_type", info.kind.iris_type())?;
        let pipeline_info = match self.entry.pipeline() {
            Some(pipeline) => pipeline.iris_info(),
            None => serde_json::Value::Object(serde_json::Map::new()),
        };
        attributes.set_item("_pipeline_support", self.entry.pipeline().is_some())?;
        attributes.set_item("_pipeline_info", convert::from_json(py, &pipeline_info)?)?;
        attributes.set_item(
            "_module_configuration",
            convert::from_json(py, &info.iris_configuration())?,
        )?;
        Ok(attributes)
    }

    /// Upgrade in place: when IRIS's stored configuration is that of another version, brings it
    /// to this version's parameters, keeping every stored value ([`iris_db`]). Never raises
    /// (pipeline calls run it before their safety net): a failure is logged, and the call goes on
    /// with what is stored.
    pub(super) fn upgrade_stored_config(&self, instance: &Bound<'_, PyAny>) {
        if let IrisVersionVerdict::Refuse(_) = self.iris_verdict(instance) {
            return; // an IRIS the module does not know: its tables are not touched
        }
        let py = instance.py();
        let pipeline_info = self.entry.pipeline().map(|pipeline| pipeline.iris_info());
        let (level, message) =
            match iris_db::upgrade_stored_config(py, self.info, self.entry, pipeline_info.as_ref())
            {
                Ok(None) => return,
                Ok(Some((from, outcome, stored))) => {
                    // The instance read the old list when IRIS built it: this call uses the new.
                    let _ = instance.setattr("_mod_web_config", stored);
                    (
                        "warning",
                        outcome.summary(self.info.name, &from, self.info.module_version),
                    )
                }
                Err(error) => (
                    "error",
                    format!(
                        "{}: could not bring the stored configuration up to version {}: {error}",
                        self.info.name, self.info.module_version
                    ),
                ),
            };
        let _ = instance
            .getattr("log")
            .and_then(|log| log.call_method1(level, (message,)));
    }

    /// `hooks_handler` without the safety net: the status and the handler's log lines.
    fn handle(
        &self,
        py: Python<'_>,
        instance: &Bound<'_, PyAny>,
        call: &Call,
        hook_name: &Bound<'_, PyAny>,
        hook_ui_name: &Bound<'_, PyAny>,
        data: &Bound<'_, PyAny>,
    ) -> PyResult<(Status, Vec<LogLine>)> {
        let hook_name: String = hook_name.str()?.to_cow()?.into_owned();
        let hook_ui_name: Option<String> = if hook_ui_name.is_none() {
            None
        } else {
            Some(hook_ui_name.str()?.to_cow()?.into_owned())
        };
        let Some(hook) = find_hook(&hook_name) else {
            return Ok((
                Status::error(iris_module_vocabulary::not_a_hook(&hook_name)),
                Vec::new(),
            ));
        };
        let module = match &call.module {
            Ok(module) => module,
            Err(error) => return Ok((Status::error(error.to_string()), Vec::new())),
        };
        let shape = shape_of(hook.data);
        let names = AttributeNames::of(py, hook.data, module.info().load_relations);
        let elements: Vec<Bound<'_, PyAny>> = data.try_iter()?.collect::<PyResult<_>>()?;
        let readers = elements
            .iter()
            .map(|element| PyDeserializer::new(element.clone(), names));
        let mut payload = match HookPayload::from_deserializers(hook.data, readers) {
            Ok(payload) => payload,
            Err(error) => {
                return Ok((
                    Status::error(format!("bad data for `{hook_name}`: {error}")),
                    Vec::new(),
                ));
            }
        };
        if module.info().load_relations {
            compat::add_queried_relations(py, &mut payload);
        }
        let before = payload.clone();
        let ctx = HookContext::new(hook_name)
            .with_ui_name(hook_ui_name)
            .with_module_name(module.info().name)
            .with_module_id(
                instance
                    .getattr("module_id")
                    .ok()
                    .and_then(|id| id.extract().ok()),
            )
            .with_server(call.server.clone())
            .with_redactor(Arc::clone(&call.redactor))
            .with_left_out(Arc::clone(&call.left_out));
        // The handler runs on a thread of its own under its time limit (`crate::limits`), while
        // this thread (IRIS's) serves the calls it makes into IRIS: what it adds to cases is
        // looked up and stored from here, in IRIS's context. Past the limit, this thread stops
        // serving, and nothing the handler did is applied.
        let mut queue = CallQueue::new();
        let iris = queue.iris_thread();
        let ctx = ctx.with_case_id_from({
            let iris = iris.clone();
            move || iris.call(case_store::current_case_id).ok().flatten()
        });
        let store = Arc::new(PyCaseStore::new(iris));
        let session = CaseSession::new(store, self.iris_name(instance)?, None);
        let ctx = ctx.with_case_session(Arc::new(session));
        let logger = ctx.logger().clone();
        let (mut status, changed) = run_hook_within(
            Arc::clone(module),
            ctx,
            payload,
            &mut ServingIris {
                py,
                queue: &mut queue,
            },
        );
        drop(queue);
        let payload = changed.unwrap_or_else(|| before.clone());
        let mut lines = logger.lines();
        for (index, element) in elements.iter().enumerate() {
            let changes = payload.changes_since(&before, index);
            if changes.is_empty() {
                continue;
            }
            let before_field = |field: &str| before.field_json(index, field);
            for warning in convert::apply_changes(element, &changes, shape, &before_field)? {
                status.logs.push(warning.clone());
                lines.push(LogLine {
                    level: Level::Warn,
                    message: warning,
                });
            }
        }
        Ok((status, lines))
    }
}

#[pymethods]
impl BridgeCore {
    /// IRIS's `is_ready()`, asked by its health check when a module is added: the interface's
    /// answer (`ready`), and `false` with a critical log line in an IRIS the module does not run
    /// in, so that IRIS refuses it without a traceback.
    fn is_ready(&self, instance: &Bound<'_, PyAny>, ready: bool) -> bool {
        if let IrisVersionVerdict::Refuse(message) = self.iris_verdict(instance) {
            log_to(instance, "critical", &format!("not loaded: {message}"));
            return false;
        }
        ready
    }

    /// IRIS's `register_hooks(module_id)`: registers every declared hook that is on (an
    /// `enabled_by` parameter can turn one off) and every hook the module's configuration
    /// chooses (`#[chosen_hooks]`), through the interface's `register_to_hook` (manual menu names
    /// and async flags included), and deregisters the others ([`RegistrationPlan`]). Before the
    /// module is registered (the instance IRIS builds first, IRIS issue 168) the configuration is
    /// the defaults, as IRIS stores them next.
    fn register_hooks(
        &self,
        instance: &Bound<'_, PyAny>,
        module_id: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let py = instance.py();
        instance.setattr("module_id", module_id)?;
        let log = instance.getattr("log")?;
        if let IrisVersionVerdict::Refuse(message) = self.iris_verdict(instance) {
            log.call_method1("error", (format!("no hook registered: {message}"),))?;
            return Ok(());
        }
        self.upgrade_stored_config(instance);
        // Before the module's first registration the configuration is IRIS's defaults.
        let config = read_config(instance, self.info)?.unwrap_or_default();
        // The module built from it chooses hooks of its own (`#[chosen_hooks]`); a configuration
        // it cannot be built from registers the declared hooks only, and says why.
        let built = match self.module_for(&config) {
            Ok((module, notes)) => {
                if !notes.left_out.is_empty() {
                    // No call's redactor here: the module's secrets, those its configuration
                    // holds included, are removed with one of their own.
                    let redactor = crate::call_secrets::call_redactor(
                        self.info,
                        Some(&config),
                        &notes.secrets,
                        &crate::server::ServerSettings::default(),
                    );
                    for problem in &notes.left_out {
                        let message = format!(
                            "configuration entry left out until it is fixed (its hooks are not \
                             registered): {problem}"
                        );
                        let message = redactor.redact_secrets(&message).into_owned();
                        log.call_method1("error", (message,))?;
                    }
                }
                Some(module)
            }
            Err(error) => {
                log.call_method1(
                    "error",
                    (format!(
                        "the configuration chooses no hook until it is fixed: {error}"
                    ),),
                )?;
                None
            }
        };
        let plan = RegistrationPlan::new(self.info, self.entry.hooks(), &config, built.as_deref());
        let deregister = |hook: &str| -> PyResult<()> {
            let kwargs = PyDict::new(py);
            kwargs.set_item("module_id", module_id)?;
            kwargs.set_item("iris_hook_name", hook)?;
            instance.call_method("deregister_from_hook", (), Some(&kwargs))?;
            Ok(())
        };
        // A menu entry renamed in the configuration must not stay under its old name.
        for hook in plan.renamable() {
            deregister(hook.name)?;
        }
        for registration in &plan.registrations {
            let kwargs = PyDict::new(py);
            kwargs.set_item("iris_hook_name", registration.hook.name)?;
            kwargs.set_item("manual_hook_name", registration.manual_name.as_deref())?;
            kwargs.set_item("run_asynchronously", registration.run_asynchronously)?;
            let status = instance.call_method("register_to_hook", (module_id,), Some(&kwargs))?;
            let hook = registration.hook.name;
            if status.call_method0("is_success")?.is_truthy()? {
                log.call_method1("info", (format!("Successfully registered to hook {hook}"),))?;
            } else {
                let message = status
                    .call_method0("get_message")?
                    .str()?
                    .to_cow()?
                    .into_owned();
                log.call_method1(
                    "error",
                    (format!("Failed to register to hook {hook}: {message}"),),
                )?;
            }
        }
        for (hook, parameter) in &plan.turned_off {
            log.call_method1(
                "info",
                (format!(
                    "Hook {hook} is turned off by `{parameter}`: not registered"
                ),),
            )?;
        }
        // IRIS deletes every registration of a hook at once: only hooks none of whose
        // registrations is on are deregistered.
        for hook in plan.unregistered() {
            deregister(hook.name)?;
        }
        // IRIS 2.4.20 leaves deregistrations uncommitted: without this, a hook turned off by
        // an `enabled_by` parameter would be rolled back into IRIS's table, and keep firing.
        iris_db::commit_deregistrations(py)
    }

    /// IRIS's `hooks_handler(hook_name, hook_ui_name, data)`. Always returns a fresh `IIStatus`
    /// whose data is the list IRIS passed (with the handler's changes written onto its objects)
    /// and whose logs are the handler's lines.
    fn hooks_handler<'py>(
        &self,
        instance: &Bound<'py, PyAny>,
        hook_name: &Bound<'py, PyAny>,
        hook_ui_name: &Bound<'py, PyAny>,
        data: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = instance.py();
        let data = if data.is_instance_of::<PyList>() {
            data.clone()
        } else {
            PyList::new(py, [data])?.into_any()
        };
        self.respond(instance, &data, |call| {
            self.handle(py, instance, call, hook_name, hook_ui_name, &data)
        })
    }

    /// IRIS's `pipeline_files_upload(base_path, file_handle, case_customer, case_name,
    /// is_update)`: the upload step. A fresh `IIStatus` whose message IRIS shows.
    fn pipeline_files_upload<'py>(
        &self,
        instance: &Bound<'py, PyAny>,
        base_path: &Bound<'py, PyAny>,
        file_handle: &Bound<'py, PyAny>,
        case_customer: &Bound<'py, PyAny>,
        case_name: &Bound<'py, PyAny>,
        is_update: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let data = PyList::empty(instance.py()).into_any();
        self.upgrade_stored_config(instance);
        self.respond(instance, &data, |call| match &call.module {
            Ok(module) => pipeline::upload(
                module.as_ref(),
                pipeline::UploadArgs {
                    base_path,
                    file_handle,
                    case_customer,
                    case_name,
                    is_update,
                },
            ),
            Err(error) => Ok((Status::error(error.to_string()), Vec::new())),
        })
    }

    /// IRIS's `pipeline_handler(pipeline_type, pipeline_data)`: the processing step, run with the
    /// GIL released; its log lines reach the module's logger as they are written.
    fn pipeline_handler<'py>(
        &self,
        instance: &Bound<'py, PyAny>,
        pipeline_type: &Bound<'py, PyAny>,
        pipeline_data: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let data = PyList::empty(instance.py()).into_any();
        self.upgrade_stored_config(instance);
        self.respond(instance, &data, |call| match &call.module {
            Ok(module) => pipeline::process(
                Arc::clone(module),
                self.iris_name(instance)?,
                call,
                instance,
                pipeline_type,
                pipeline_data,
            ),
            Err(error) => Ok((Status::error(error.to_string()), Vec::new())),
        })
    }
}

impl BridgeCore {
    /// The safety net of every method IRIS calls: reads the [`Call`], then runs `body` with
    /// panics caught; its status, or an error status, becomes a fresh `IIStatus` carrying `data`,
    /// whose logs are the instance's queue followed by the call's lines. The lines `body` returns
    /// are sent to the module's logger (those a pipeline sent as they came are not returned).
    /// Every text that leaves passes through the call's redactor.
    fn respond<'py>(
        &self,
        instance: &Bound<'py, PyAny>,
        data: &Bound<'py, PyAny>,
        body: impl FnOnce(&Call) -> PyResult<(Status, Vec<LogLine>)>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = instance.py();
        // `list(self.message_queue)`, as Python DIMs return it (empty if there is no queue).
        let logs = instance
            .getattr(pyo3::intern!(py, "message_queue"))
            .ok()
            .and_then(|queue| queue.cast_into::<PySequence>().ok())
            .and_then(|queue| queue.to_list().ok())
            .unwrap_or_else(|| PyList::empty(py));
        if let IrisVersionVerdict::Refuse(message) = self.iris_verdict(instance) {
            log_to(instance, "error", &message);
            return status::iistatus(py, &Status::error(message), data, &logs);
        }
        let call = self.read_call(instance)?;
        let (status, lines) = match catch_unwind(AssertUnwindSafe(|| body(&call))) {
            Ok(Ok(result)) => result,
            Ok(Err(error)) => (
                Status::error(format!(
                    "module `{}` failed on the data IRIS passed: {error}",
                    self.info.name
                )),
                Vec::new(),
            ),
            Err(panic) => (
                Status::with_code(
                    codes::CRITICAL,
                    format!(
                        "module `{}` panicked: {}",
                        self.info.name,
                        panic_message(panic.as_ref())
                    ),
                ),
                Vec::new(),
            ),
        };
        let status = status.redacted(&call.redactor);
        let lines: Vec<LogLine> = lines
            .into_iter()
            .map(|line| line.redacted(&call.redactor))
            .collect();
        for line in &status.logs {
            logs.append(line)?;
        }
        if status::emit(instance, &lines).is_err() {
            // The lines are in the status already; a broken logger must not lose the call.
        }
        if status.is_failure() && lines.is_empty() {
            let _ = instance
                .getattr("log")
                .and_then(|log| log.call_method1("error", (status.message.as_str(),)));
        }
        status::iistatus(py, &status, data, &logs)
    }
}

/// Logs `message` at `level` on the instance's logger (IRIS's module log); a broken logger is
/// ignored, as the message is in the status too.
fn log_to(instance: &Bound<'_, PyAny>, level: &str, message: &str) {
    let _ = instance
        .getattr("log")
        .and_then(|log| log.call_method1(level, (message,)));
}
