//! Where the records go: the `output` configuration parameter, and the sinks behind it.

use iris_module_core::config::checks::defaults::StrDefault;
use iris_module_core::config::{ConfigValue, ParamKind, ValueError};
use serde_json::Value;
use std::fmt;

/// The `output` parameter: `ndjson` or `splunk_hec`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// Newline-delimited JSON files on the server, one per uploaded file.
    Ndjson,
    /// Splunk's HTTP Event Collector.
    SplunkHec,
}

impl ConfigValue for Output {
    const KIND: ParamKind = ParamKind::String;

    fn from_config(raw: &Value) -> Result<Self, ValueError> {
        match raw.as_str().map(str::trim) {
            Some("ndjson") => Ok(Output::Ndjson),
            Some("splunk_hec") => Ok(Output::SplunkHec),
            _ => Err(ValueError::Expected {
                expected: "`ndjson` or `splunk_hec`",
                found: raw.to_string(),
            }),
        }
    }
}

/// `#[config_param(default = "ndjson")]` on an `Output` field.
impl StrDefault for Output {}

/// A destination of events: batches of newline-terminated JSON objects.
pub trait Sink {
    /// How many events a batch should hold.
    fn batch_size(&self) -> usize;

    /// Whether a batch is visible as soon as it is sent (a collector), rather than when the sink
    /// finishes (a file renamed into place).
    fn sends_at_once(&self) -> bool;

    /// Delivers `events` (`count` of them).
    fn send(&mut self, events: &[u8], count: usize) -> Result<(), SinkError>;

    /// Delivers what is pending; says where the events went.
    fn finish(self: Box<Self>) -> Result<String, SinkError>;
}

/// Events could not be delivered.
#[derive(Debug)]
pub struct SinkError(pub String);

impl fmt::Display for SinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SinkError {}

impl From<std::io::Error> for SinkError {
    fn from(error: std::io::Error) -> Self {
        SinkError(error.to_string())
    }
}
