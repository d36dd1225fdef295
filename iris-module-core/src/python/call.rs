//! What one call from IRIS reads before it runs: the configuration IRIS stored for the module, the
//! server settings, and the redactor that keeps their secrets out of everything the call returns.

use super::convert;
use super::de::PyDeserializer;
use crate::call_secrets::call_redactor;
use crate::config::ModuleConfig;
use crate::config::{BuildNotes, ConfigError, EntryProblem};
use crate::module::{DynModule, ModuleInfo};
use crate::redact::Redactor;
use crate::server::ServerSettings;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyList;
use serde::Deserialize;
use std::sync::Arc;

/// The call's view of IRIS: read once, at the start of the call, on IRIS's thread.
pub struct Call {
    /// The module built from the stored configuration (the defaults before the module is
    /// registered), or why it could not be.
    pub module: Result<Arc<dyn DynModule>, ConfigError>,
    /// IRIS's server settings (proxies...).
    pub server: ServerSettings,
    /// Removes the module's secrets (its `sensitive_string` values, the secrets inside its other
    /// parameters) and the proxies' credentials from any text.
    pub redactor: Arc<Redactor>,
    /// The configuration entries left out when the module was built.
    pub left_out: Arc<[EntryProblem]>,
}

/// A module built from a configuration, with what building it noted (the secrets read inside
/// its parameters, the entries left out of its lists).
pub type Built = (Arc<dyn DynModule>, Arc<BuildNotes>);

impl Call {
    /// Reads what `instance` (a fresh instance IRIS built for this call) sees, and builds the
    /// module from it with `build`.
    pub fn read(
        instance: &Bound<'_, PyAny>,
        info: &ModuleInfo,
        build: impl FnOnce(&ModuleConfig) -> Result<Built, ConfigError>,
    ) -> PyResult<Call> {
        let config = match held_config(instance)? {
            Some(held) => ModuleConfig::from_json(&held),
            None => read_config(instance, info)?,
        };
        let server = read_server_settings(instance);
        let built = config.as_ref().map_err(Clone::clone).and_then(build);
        let notes = built
            .as_ref()
            .map_or_else(|_| Arc::default(), |(_, notes)| Arc::clone(notes));
        let redactor = call_redactor(info, config.as_ref().ok(), &notes.secrets, &server);
        Ok(Call {
            module: built.map(|(module, _)| module),
            server,
            redactor: Arc::new(redactor),
            left_out: notes.left_out.clone().into(),
        })
    }
}

/// The stored configuration the interface read when IRIS built the instance for this call
/// (`_mod_web_config`), when it is the module's own: a non-empty list that is not the data of
/// IRIS's shared `I2InterfaceNotReady` (which, before the module is registered, is whatever list
/// was last put there: another module's). `None` when it cannot be told: [`read_config`] then
/// looks the configuration up again, a database query.
fn held_config(instance: &Bound<'_, PyAny>) -> PyResult<Option<serde_json::Value>> {
    static NOT_READY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let py = instance.py();
    let Ok(held) = instance.getattr(pyo3::intern!(py, "_mod_web_config")) else {
        return Ok(None);
    };
    let Ok(list) = held.cast::<PyList>() else {
        return Ok(None);
    };
    if list.is_empty() {
        return Ok(None);
    }
    let Ok(not_ready) = NOT_READY.import(
        py,
        "iris_interface.IrisInterfaceStatus",
        "I2InterfaceNotReady",
    ) else {
        return Ok(None);
    };
    if not_ready.getattr("data").is_ok_and(|stale| stale.is(&held)) {
        return Ok(None);
    }
    convert::to_json(&held).map(Some)
}

/// The module configuration IRIS handed the instance: `_dict_conf`, a dict of values, or the list
/// of entries before registration (IRIS issue 168).
///
/// The stored configuration is looked up again, as the interface does in `__init__`, but its data
/// is used only when the lookup succeeded: before registration IRIS answers with the shared
/// `I2InterfaceNotReady`, whose stale data may be another module's configuration, and a value the
/// interface cannot cast leaves a stale `I2Error` in `_dict_conf`. Raw values are parsed here.
pub fn read_config(
    instance: &Bound<'_, PyAny>,
    info: &ModuleInfo,
) -> PyResult<Result<ModuleConfig, ConfigError>> {
    static LOOKUP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let py = instance.py();
    let lookup = LOOKUP.import(
        py,
        "iris_interface.IrisModuleInterface",
        "get_mod_config_by_name",
    );
    let Ok(lookup) = lookup else {
        // Not IRIS's interface as we know it: trust what the instance holds.
        let raw = convert::to_json(&instance.getattr("_dict_conf")?)?;
        return Ok(ModuleConfig::from_json(&raw));
    };
    let status = lookup.call1((info.name,))?;
    if status.call_method0("is_success")?.is_truthy()? {
        let raw = convert::to_json(&status.call_method0("get_data")?)?;
        Ok(ModuleConfig::from_json(&raw))
    } else {
        Ok(Ok(ModuleConfig::new()))
    }
}

/// IRIS's server settings (`_server_conf`); defaults when absent or unreadable.
fn read_server_settings(instance: &Bound<'_, PyAny>) -> ServerSettings {
    instance
        .getattr(pyo3::intern!(instance.py(), "_server_conf"))
        .ok()
        .and_then(|conf| ServerSettings::deserialize(PyDeserializer::plain(conf)).ok())
        .unwrap_or_default()
}

/// IRIS's name of the module (`module_name` in its table): the package the class is in.
pub(super) fn iris_module_name(instance: &Bound<'_, PyAny>) -> PyResult<String> {
    let qualified: String = instance.get_type().getattr("__module__")?.extract()?;
    Ok(qualified.split('.').next().unwrap_or_default().to_owned())
}
