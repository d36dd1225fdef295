use super::{CustomAttributes, Extra, RelatedCase, User};
use iris_module_macros::FieldChanges;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A timeline event (`CasesEvent`, table `cases_events`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FieldChanges)]
#[serde(default)]
#[non_exhaustive]
pub struct Event {
    /// Primary key.
    pub event_id: Option<i64>,
    /// Parent event, for duplicated events.
    pub parent_event_id: Option<i64>,
    /// UUID.
    pub event_uuid: Option<String>,
    /// The case.
    pub case_id: Option<i64>,
    /// The case (relationship).
    pub case: Option<RelatedCase>,
    /// Title.
    pub event_title: Option<String>,
    /// Source.
    pub event_source: Option<String>,
    /// Content.
    pub event_content: Option<String>,
    /// Raw event data.
    pub event_raw: Option<String>,
    /// Date of the event.
    pub event_date: Option<String>,
    /// When it was added.
    pub event_added: Option<String>,
    /// Shown in the graph.
    pub event_in_graph: Option<bool>,
    /// Shown in the summary.
    pub event_in_summary: Option<bool>,
    /// Id of the user who created it.
    pub user_id: Option<i64>,
    /// The creating user (relationship).
    pub user: Option<User>,
    /// Modification history (JSONB).
    pub modification_history: Option<Value>,
    /// Colour.
    pub event_color: Option<String>,
    /// Comma-separated tags.
    pub event_tags: Option<String>,
    /// Time zone.
    pub event_tz: Option<String>,
    /// Date with time zone.
    pub event_date_wtz: Option<String>,
    /// Flagged.
    pub event_is_flagged: Option<bool>,
    /// Category id (set by IRIS on update).
    pub event_category_id: Option<i64>,
    /// Custom attributes (JSONB).
    pub custom_attributes: Option<CustomAttributes>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Event {
    /// A new timeline event with a title, as in tests and fixtures.
    pub fn new(title: impl Into<String>) -> Self {
        Event {
            event_title: Some(title.into()),
            ..Event::default()
        }
    }
}
