use super::{Extra, User};
use iris_module_macros::FieldChanges;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// An alert (`Alert`, table `alerts`). Alerts have no custom attributes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FieldChanges)]
#[serde(default)]
#[non_exhaustive]
pub struct Alert {
    /// Primary key.
    pub alert_id: Option<i64>,
    /// UUID.
    pub alert_uuid: Option<String>,
    /// Title.
    pub alert_title: String,
    /// Description.
    pub alert_description: Option<String>,
    /// Source (SIEM, EDR...).
    pub alert_source: Option<String>,
    /// Reference in the source.
    pub alert_source_ref: Option<String>,
    /// Link to the source.
    pub alert_source_link: Option<String>,
    /// Raw content from the source (JSON).
    pub alert_source_content: Option<Value>,
    /// Severity id.
    pub alert_severity_id: Option<i64>,
    /// Status id.
    pub alert_status_id: Option<i64>,
    /// Context (JSON).
    pub alert_context: Option<Value>,
    /// Event time at the source.
    pub alert_source_event_time: Option<String>,
    /// Creation time.
    pub alert_creation_time: Option<String>,
    /// Note.
    pub alert_note: Option<String>,
    /// Comma-separated tags.
    pub alert_tags: Option<String>,
    /// Owner id.
    pub alert_owner_id: Option<i64>,
    /// The owner (relationship).
    pub owner: Option<User>,
    /// Modification history (JSON).
    pub modification_history: Option<Value>,
    /// Customer id.
    pub alert_customer_id: Option<i64>,
    /// Classification id.
    pub alert_classification_id: Option<i64>,
    /// Resolution status id.
    pub alert_resolution_status_id: Option<i64>,
    /// Fields not modelled here (relationships such as `iocs`, `assets`, `cases`).
    #[serde(flatten)]
    pub extra: Extra,
}

impl Alert {
    /// A new alert with a title, as in tests and fixtures.
    pub fn new(title: impl Into<String>) -> Self {
        Alert {
            alert_title: title.into(),
            ..Alert::default()
        }
    }
}
