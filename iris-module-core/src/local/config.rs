//! Configuration files for local runs.

use super::LocalError;
use crate::call_secrets::call_redactor;
use crate::config::{BuildNotes, ModuleConfig, noted};
use crate::module::DynModule;
use crate::redact::Redactor;
use crate::registry::ModuleRegistration;
use crate::server::ServerSettings;
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;

/// A module built for a local run, as IRIS's bridge builds it.
pub struct LocalBuild {
    /// The module.
    pub module: Box<dyn DynModule>,
    /// The redactor of its runs (its secrets, those read inside its other parameters included).
    pub redactor: Arc<Redactor>,
    /// What building it noted (the entries left out of its lists).
    pub notes: BuildNotes,
}

/// `module` built from `config`.
pub fn build(module: &ModuleRegistration, config: &ModuleConfig) -> Result<LocalBuild, LocalError> {
    let (instance, notes) = noted(|| module.instantiate(config));
    let instance = instance?;
    let redactor = call_redactor(
        module.info,
        Some(config),
        &notes.secrets,
        &ServerSettings::default(),
    );
    Ok(LocalBuild {
        module: instance,
        redactor: Arc::new(redactor),
        notes,
    })
}

/// Reads a JSON file.
pub fn read_json(path: &Path) -> Result<Value, LocalError> {
    let text = std::fs::read_to_string(path).map_err(|source| LocalError::Read {
        path: path.to_owned(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|source| LocalError::Json {
        path: path.to_owned(),
        source,
    })
}

/// The configuration in `path` (none: every parameter at its default): `{param: value}`, IRIS's
/// list of entries, or what IRIS's "export configuration" gives (`{"module_configuration": [...]}`).
pub fn read_config(path: Option<&Path>) -> Result<ModuleConfig, LocalError> {
    let Some(path) = path else {
        return Ok(ModuleConfig::new());
    };
    let mut json = read_json(path)?;
    if let Some(entries) = json.get_mut("module_configuration") {
        json = entries.take();
    }
    Ok(ModuleConfig::from_json(&json)?)
}
