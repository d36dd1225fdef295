//! The fields of an object that this crate does not model.

/// Fields of an object that this crate does not model, kept as IRIS sent them.
pub type Extra = serde_json::Map<String, serde_json::Value>;
