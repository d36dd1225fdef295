//! Configuration files for local runs.

use super::LocalError;
use crate::call_secrets::call_redactor;
use crate::config::{ModuleConfig, secrets_read};
use crate::module::DynModule;
use crate::redact::Redactor;
use crate::registry::ModuleRegistration;
use crate::server::ServerSettings;
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;

/// `module` built from `config`, with the redactor of its runs (its secrets, those read inside
/// its other parameters included), as IRIS's bridge builds them.
pub fn build(
    module: &ModuleRegistration,
    config: &ModuleConfig,
) -> Result<(Box<dyn DynModule>, Arc<Redactor>), LocalError> {
    let (instance, seen) = secrets_read(|| module.instantiate(config));
    let instance = instance?;
    let redactor = call_redactor(module.info, Some(config), &seen, &ServerSettings::default());
    Ok((instance, Arc::new(redactor)))
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
