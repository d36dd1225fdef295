//! Declared parameters, in IRIS's configuration entry format (the `_module_configuration`
//! entries `iris_interface` reads and IRIS stores).

use serde_json::{Map, Value, json};

pub use iris_module_vocabulary::ParamKind;

/// A parameter's `default`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DefaultValue {
    /// No default (`None` in IRIS).
    None,
    /// A string.
    Str(&'static str),
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// An integer above `i64::MAX` (a `u64` parameter).
    UInt(u64),
    /// A float.
    Float(f64),
}

impl DefaultValue {
    /// The default as IRIS stores it; `None` when there is none.
    pub fn to_json(self) -> Option<Value> {
        match self {
            DefaultValue::None => None,
            DefaultValue::Str(s) => Some(json!(s)),
            DefaultValue::Bool(b) => Some(json!(b)),
            DefaultValue::Int(i) => Some(json!(i)),
            DefaultValue::UInt(u) => Some(json!(u)),
            DefaultValue::Float(f) => Some(json!(f)),
        }
    }
}

/// One configuration parameter, as `#[config_param]` declares it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParamInfo {
    /// `param_name`: the key in the configuration.
    pub name: &'static str,
    /// `param_human_name`: the label in the UI.
    pub human_name: &'static str,
    /// `param_description`: the help text.
    pub description: &'static str,
    /// `type`.
    pub kind: ParamKind,
    /// `default`.
    pub default: DefaultValue,
    /// `mandatory`: IRIS disables the module while it has no value.
    pub mandatory: bool,
    /// `section`: the group in the UI (`Main` when absent).
    pub section: Option<&'static str>,
    /// The Rust field it fills.
    pub field: &'static str,
}

impl ParamInfo {
    /// The entry of `_module_configuration`, with exactly IRIS's keys.
    pub fn iris_entry(&self) -> Value {
        let mut entry = Map::new();
        entry.insert("param_name".into(), json!(self.name));
        entry.insert("param_human_name".into(), json!(self.human_name));
        entry.insert("param_description".into(), json!(self.description));
        entry.insert(
            "default".into(),
            self.default.to_json().unwrap_or(Value::Null),
        );
        entry.insert("mandatory".into(), json!(self.mandatory));
        entry.insert("type".into(), json!(self.kind.as_str()));
        if let Some(section) = self.section {
            entry.insert("section".into(), json!(section));
        }
        Value::Object(entry)
    }

    /// Whether the value must never appear in logs or messages.
    pub fn is_sensitive(&self) -> bool {
        self.kind == ParamKind::SensitiveString
    }
}
