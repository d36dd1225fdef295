//! What one call from IRIS reads before it runs: the configuration IRIS stored for the module, the
//! server settings, and the redactor that keeps their secrets out of everything the call returns.

use super::convert;
use super::de::PyDeserializer;
use crate::config::ModuleConfig;
use crate::context::ServerSettings;
use crate::error::ConfigError;
use crate::module::ModuleInfo;
use crate::redact::Redactor;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use serde::Deserialize;

/// The call's view of IRIS: read once, at the start of the call, on IRIS's thread.
pub struct Call {
    /// The stored configuration (the defaults before the module is registered).
    pub config: Result<ModuleConfig, ConfigError>,
    /// IRIS's server settings (proxies...).
    pub server: ServerSettings,
    /// Removes the module's secrets and the proxies' credentials from any text.
    pub redactor: Redactor,
}

impl Call {
    /// Reads what `instance` (a fresh instance IRIS built for this call) sees.
    pub fn read(instance: &Bound<'_, PyAny>, info: &ModuleInfo) -> PyResult<Call> {
        let config = read_config(instance, info)?;
        let server = read_server_settings(instance);
        let redactor = Redactor::for_module(info, config.as_ref().ok(), &server);
        Ok(Call {
            config,
            server,
            redactor,
        })
    }
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
