//! `Secret`: a `sensitive_string` whose value never shows.

use super::param::ParamKind;
use super::value::ConfigValue;
use serde_json::Value;
use std::fmt;

/// A secret configuration value (IRIS `sensitive_string`): API keys, tokens, passwords.
///
/// `Debug` and `Display` print `***`, and it has no `Serialize`: the value leaves only through
/// [`Secret::expose`], at the place that needs it.
///
/// It can also stand inside a `Json<T>` parameter's `T` (an instance's API key, a header token):
/// every `Secret` read while a module is built is removed from what its calls let out (statuses,
/// logs, changed objects, what it adds to cases), exactly as a `sensitive_string` parameter is
/// (see [`noted`](super::noted)).
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

    /// `text` without this secret in any form it may be written in (as it is, percent-encoded,
    /// JSON-escaped): for the errors of a client that sends it, whatever the server answers.
    pub fn scrub<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        crate::redact::Redactor::new([self.0.as_str()]).redact_secrets(text)
    }

    /// Whether no value was configured.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Secret;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a secret (a string)")
            }
            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Secret, E> {
                Ok(Secret::seen(value.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Secret, E> {
                Ok(Secret::seen(value))
            }
            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Secret, E> {
                Ok(Secret::seen(value.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Secret, E> {
                Ok(Secret::seen(value.to_string()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl Secret {
    /// A secret just deserialized, noted for the build it is part of.
    fn seen(value: String) -> Secret {
        super::notes::note_secret(&value);
        Secret(value)
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

    fn from_config(raw: &Value) -> Result<Self, super::ValueError> {
        match raw {
            Value::String(s) => Ok(Secret(s.clone())),
            Value::Number(n) => Ok(Secret(n.to_string())),
            // The value is secret: say what it is, never what it holds.
            other => Err(super::ValueError::Expected {
                expected: "a string",
                found: super::value::json_type(other).to_owned(),
            }),
        }
    }

    fn unset() -> Option<Self> {
        Some(Secret::default())
    }
}
