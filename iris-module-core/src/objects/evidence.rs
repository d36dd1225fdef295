use super::{CustomAttributes, EvidenceType, Extra, RelatedCase, User};
use iris_module_macros::FieldChanges;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A piece of evidence (`CaseReceivedFile`, table `case_received_file`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FieldChanges)]
#[serde(default)]
#[non_exhaustive]
pub struct Evidence {
    /// Primary key.
    pub id: Option<i64>,
    /// UUID.
    pub file_uuid: Option<String>,
    /// File name.
    pub filename: String,
    /// When it was added.
    pub date_added: Option<String>,
    /// When it was acquired.
    pub acquisition_date: Option<String>,
    /// Hash of the file.
    pub file_hash: Option<String>,
    /// Description.
    pub file_description: Option<String>,
    /// Size in bytes.
    pub file_size: Option<i64>,
    /// Start of the period it covers.
    pub start_date: Option<String>,
    /// End of the period it covers.
    pub end_date: Option<String>,
    /// The case.
    pub case_id: Option<i64>,
    /// The case (relationship).
    pub case: Option<RelatedCase>,
    /// Id of the user who added it.
    pub user_id: Option<i64>,
    /// The user (relationship).
    pub user: Option<User>,
    /// Evidence type id.
    pub type_id: Option<i64>,
    /// The evidence type (relationship).
    #[serde(rename = "type")]
    pub evidence_type: Option<EvidenceType>,
    /// Custom attributes.
    pub custom_attributes: Option<CustomAttributes>,
    /// Chain of custody (JSON).
    pub chain_of_custody: Option<Value>,
    /// Modification history (JSON).
    pub modification_history: Option<Value>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Evidence {
    /// A new evidence record with a file name, as in tests and fixtures.
    pub fn new(filename: impl Into<String>) -> Self {
        Evidence {
            filename: filename.into(),
            ..Evidence::default()
        }
    }
}
