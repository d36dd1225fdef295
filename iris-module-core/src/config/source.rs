//! `ModuleConfig`: the configuration values IRIS hands a module, in either of IRIS's forms.

use super::error::{ConfigError, ParamError, ValueError};
use super::param::ParamInfo;
use super::value::ConfigValue;
use serde_json::{Map, Value};
use std::fmt;

/// The configuration values of one module instance, by parameter name.
///
/// `Debug` shows the parameter names only, never values (some are secrets).
#[derive(Clone, Default, PartialEq)]
pub struct ModuleConfig {
    values: Map<String, Value>,
    /// The values of every entry IRIS stores as `sensitive_string` (in the list form), whether
    /// this version reads it or not (a retired one, kept under "No longer used").
    stored_secrets: Vec<String>,
}

impl ModuleConfig {
    /// An empty configuration: every parameter takes its default.
    pub fn new() -> Self {
        ModuleConfig::default()
    }

    /// Reads the configuration in either form IRIS uses: the dict `{param_name: value}` of
    /// `module_dict_conf`, or the list of entries (`[{param_name, value?, default, ...}]`) that
    /// the interface hands over before the module is registered (where `value`, when absent or
    /// null, falls back to `default`).
    pub fn from_json(config: &Value) -> Result<Self, ConfigError> {
        match config {
            Value::Null => Ok(ModuleConfig::new()),
            Value::Object(map) => Ok(ModuleConfig {
                values: map.clone(),
                stored_secrets: Vec::new(),
            }),
            Value::Array(entries) => {
                let mut values = Map::new();
                let mut stored_secrets = Vec::new();
                for (index, entry) in entries.iter().enumerate() {
                    let name =
                        entry
                            .get("param_name")
                            .and_then(Value::as_str)
                            .ok_or_else(|| {
                                ConfigError::whole(format!(
                                    "configuration entry {index} has no `param_name`"
                                ))
                            })?;
                    let value = entry
                        .get("value")
                        .filter(|value| !value.is_null())
                        .or_else(|| entry.get("default"))
                        .cloned()
                        .unwrap_or(Value::Null);
                    if entry.get("type").and_then(Value::as_str) == Some("sensitive_string") {
                        stored_secrets.extend(secret_text(&value));
                    }
                    values.insert(name.to_owned(), value);
                }
                Ok(ModuleConfig {
                    values,
                    stored_secrets,
                })
            }
            _ => Err(ConfigError::whole(
                "the configuration must be an object of parameter values or a list of entries",
            )),
        }
    }

    /// Sets one value (builder style, for tests).
    pub fn with(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.values.insert(name.into(), value.into());
        self
    }

    /// The raw value of a parameter.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.get(name)
    }

    /// The values of the entries IRIS stores as `sensitive_string`, the retired ones included
    /// (known only from IRIS's list form of the configuration).
    pub fn stored_secrets(&self) -> &[String] {
        &self.stored_secrets
    }

    /// Reads parameter `info` as a `T`: its value, else `default` (the typed value of its
    /// `default = ...`, built by the generated code), else `T::unset()`.
    /// Problems are recorded in `errors` (and `None` returned), so that every wrong parameter is
    /// reported at once.
    pub fn param<T: ConfigValue>(
        &self,
        info: &ParamInfo,
        default: Option<TypedDefault<T>>,
        errors: &mut ConfigErrors,
    ) -> Option<T> {
        let raw = self.values.get(info.name).filter(|value| match value {
            Value::Null => false,
            Value::String(s) if s.is_empty() => !(info.mandatory || T::EMPTY_IS_UNSET),
            _ => true,
        });
        let raw = match raw {
            Some(raw) => raw.clone(),
            // A mandatory parameter without a value takes its default, as IRIS's interface reads
            // it (an entry's `value` falls back to its `default`); without one, it is missing.
            None if info.mandatory && default.is_none() => {
                errors.push(info, "is mandatory but has no value");
                return None;
            }
            None => {
                return match default {
                    Some(default) => default()
                        .map_err(|problem| errors.push(info, invalid_default(info, &problem)))
                        .ok(),
                    None => {
                        let value = T::unset();
                        if value.is_none() {
                            errors.push(info, "has no value and no default");
                        }
                        value
                    }
                };
            }
        };
        match super::notes::in_param(info.name, || T::from_config(&raw)) {
            Ok(value) => Some(value),
            Err(problem) => {
                let problem = if info.is_sensitive() {
                    "has an invalid value (hidden: the parameter is sensitive)".to_owned()
                } else {
                    problem.to_string()
                };
                errors.push(info, problem);
                None
            }
        }
    }
}

impl fmt::Debug for ModuleConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.values.keys()).finish()
    }
}

/// The text of a stored secret's value (a number is a secret too).
fn secret_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// The typed value of a `default = ...`, as the generated code builds it from the literal.
pub type TypedDefault<T> = fn() -> Result<T, ValueError>;

/// Why a default did not make a value (a `Json<T>` default whose document does not have `T`'s
/// shape), without showing a sensitive parameter's default.
fn invalid_default(info: &ParamInfo, problem: &ValueError) -> String {
    if info.is_sensitive() {
        "has an invalid default (hidden: the parameter is sensitive)".to_owned()
    } else {
        format!("has an invalid default: {problem}")
    }
}

/// The problems found while reading a configuration.
#[derive(Debug, Default)]
pub struct ConfigErrors {
    problems: Vec<ParamError>,
}

impl ConfigErrors {
    /// No problems yet.
    pub fn new() -> Self {
        ConfigErrors::default()
    }

    /// Records a problem with `info`.
    pub fn push(&mut self, info: &ParamInfo, problem: impl Into<String>) {
        self.problems.push(ParamError {
            param: info.name.to_owned(),
            human_name: info.human_name.to_owned(),
            problem: problem.into(),
        });
    }

    /// The error to return once reading is over.
    pub fn into_error(self) -> ConfigError {
        if self.problems.is_empty() {
            return ConfigError::whole("the configuration could not be read");
        }
        ConfigError {
            problems: self.problems,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{DefaultValue, ParamKind, Secret};
    use serde_json::json;

    const KEY: ParamInfo = ParamInfo {
        name: "api_key",
        human_name: "API key",
        description: "",
        kind: ParamKind::SensitiveString,
        default: DefaultValue::None,
        mandatory: true,
        section: None,
        field: "api_key",
    };
    const LIMIT: ParamInfo = ParamInfo {
        name: "limit",
        human_name: "Limit",
        description: "",
        kind: ParamKind::Int,
        default: DefaultValue::Int(10),
        mandatory: false,
        section: None,
        field: "limit",
    };

    #[test]
    fn reads_the_list_form_of_first_registration() {
        let config = ModuleConfig::from_json(&json!([
            {"param_name": "api_key", "default": "", "value": "k"},
            {"param_name": "limit", "default": 10},
        ]))
        .unwrap();
        let mut errors = ConfigErrors::default();
        assert_eq!(
            config.param::<i64>(&LIMIT, Some(|| Ok(10)), &mut errors),
            Some(10)
        );
        assert_eq!(
            config
                .param::<Secret>(&KEY, None, &mut errors)
                .unwrap()
                .expose(),
            "k"
        );
    }

    #[test]
    fn mandatory_empty_is_missing_and_errors_accumulate() {
        let config = ModuleConfig::from_json(&json!({"api_key": "", "limit": "many"})).unwrap();
        let mut errors = ConfigErrors::default();
        assert!(config.param::<Secret>(&KEY, None, &mut errors).is_none());
        assert!(
            config
                .param::<i64>(&LIMIT, Some(|| Ok(10)), &mut errors)
                .is_none()
        );
        let message = errors.into_error().to_string();
        assert_eq!(
            message,
            "invalid module configuration: parameter `api_key` (API key) is mandatory but has no \
             value; parameter `limit` (Limit) expected an integer, found \"many\""
        );
    }

    #[test]
    fn a_missing_value_takes_the_typed_default_and_a_bad_one_is_named() {
        let config = ModuleConfig::new();
        let mut errors = ConfigErrors::default();
        assert_eq!(
            config.param::<u64>(&LIMIT, Some(|| Ok(u64::MAX)), &mut errors),
            Some(u64::MAX)
        );
        let bad: TypedDefault<i64> = || Err(ValueError::refused("expected a list"));
        assert_eq!(config.param::<i64>(&LIMIT, Some(bad), &mut errors), None);
        assert_eq!(
            errors.into_error().to_string(),
            "invalid module configuration: parameter `limit` (Limit) has an invalid default: \
             expected a list"
        );
    }

    #[test]
    fn debug_never_shows_values() {
        let config = ModuleConfig::new().with("api_key", "super-secret");
        assert_eq!(format!("{config:?}"), "{\"api_key\"}");
    }
}
