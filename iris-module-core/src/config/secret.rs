//! `Secret`: a `sensitive_string` whose value never shows.

use super::param::ParamKind;
use super::value::ConfigValue;
use serde_json::Value;
use std::fmt;

/// A secret configuration value (IRIS `sensitive_string`): API keys, tokens, passwords.
///
/// `Debug` and `Display` print `***`, and it has no `Serialize`: the value leaves only through
/// [`Secret::expose`], at the place that needs it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself; call it only where the value is used (an HTTP header...).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether no value was configured.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[diagnostic::do_not_recommend]
impl ConfigValue for Secret {
    const KIND: ParamKind = ParamKind::SensitiveString;
    const EMPTY_IS_UNSET: bool = false;

    fn from_config(raw: &Value) -> Result<Self, String> {
        match raw {
            Value::String(s) => Ok(Secret(s.clone())),
            Value::Number(n) => Ok(Secret(n.to_string())),
            // The value is secret: say what it is, never what it holds.
            other => Err(format!(
                "expected a string, found {}",
                super::value::json_type(other)
            )),
        }
    }

    fn unset() -> Option<Self> {
        Some(Secret::default())
    }
}
