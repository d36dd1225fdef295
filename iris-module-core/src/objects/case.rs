use super::{CaseState, Client, CustomAttributes, Extra, User};
use iris_module_macros::FieldChanges;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A case (`Cases`, table `cases`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FieldChanges)]
#[serde(default)]
#[non_exhaustive]
pub struct Case {
    /// Primary key.
    pub case_id: Option<i64>,
    /// SOC ticket reference.
    pub soc_id: Option<String>,
    /// The customer.
    pub client_id: Option<i64>,
    /// The customer (relationship).
    pub client: Option<Client>,
    /// Name (`String(256)`).
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Open date.
    pub open_date: Option<String>,
    /// Close date.
    pub close_date: Option<String>,
    /// Initial date.
    pub initial_date: Option<String>,
    /// Closing note.
    pub closing_note: Option<String>,
    /// Id of the creator.
    pub user_id: Option<i64>,
    /// The creator (relationship).
    pub user: Option<User>,
    /// Id of the owner.
    pub owner_id: Option<i64>,
    /// The owner (relationship).
    pub owner: Option<User>,
    /// Status id.
    pub status_id: Option<i64>,
    /// State id.
    pub state_id: Option<i64>,
    /// The state (relationship).
    pub state: Option<CaseState>,
    /// Custom attributes.
    pub custom_attributes: Option<CustomAttributes>,
    /// UUID.
    pub case_uuid: Option<String>,
    /// Classification id.
    pub classification_id: Option<i64>,
    /// Reviewer id.
    pub reviewer_id: Option<i64>,
    /// Review status id.
    pub review_status_id: Option<i64>,
    /// Severity id.
    pub severity_id: Option<i64>,
    /// Tags (relationship, as IRIS serialises it).
    pub tags: Option<Value>,
    /// Modification history (JSON).
    pub modification_history: Option<Value>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Case {
    /// A new case with a name, as in tests and fixtures.
    pub fn new(name: impl Into<String>) -> Self {
        Case {
            name: Some(name.into()),
            ..Case::default()
        }
    }
}
