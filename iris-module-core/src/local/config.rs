//! Configuration files for local runs.

use crate::config::ModuleConfig;
use serde_json::Value;
use std::path::Path;

/// Reads a JSON file.
pub fn read_json(path: &Path) -> Result<Value, String> {
    let text =
        std::fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))?;
    serde_json::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))
}

/// The configuration in `path` (none: every parameter at its default): `{param: value}`, IRIS's
/// list of entries, or what IRIS's "export configuration" gives (`{"module_configuration": [...]}`).
pub fn read_config(path: Option<&Path>) -> Result<ModuleConfig, String> {
    let Some(path) = path else {
        return Ok(ModuleConfig::new());
    };
    let mut json = read_json(path)?;
    if let Some(entries) = json.get_mut("module_configuration") {
        json = entries.take();
    }
    ModuleConfig::from_json(&json).map_err(|error| error.to_string())
}
