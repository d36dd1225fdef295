use super::{CustomAttributes, Extra, RelatedCase, User};
use iris_module_macros::FieldChanges;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A note of a case (`Notes`, table `notes`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FieldChanges)]
#[serde(default)]
#[non_exhaustive]
pub struct Note {
    /// Primary key.
    pub note_id: Option<i64>,
    /// UUID.
    pub note_uuid: Option<String>,
    /// Title (`String(155)`).
    pub note_title: Option<String>,
    /// Content (Markdown).
    pub note_content: Option<String>,
    /// Id of the author.
    pub note_user: Option<i64>,
    /// The author (relationship).
    pub user: Option<User>,
    /// Creation date.
    pub note_creationdate: Option<String>,
    /// Last update.
    pub note_lastupdate: Option<String>,
    /// The case.
    pub note_case_id: Option<i64>,
    /// The case (relationship).
    pub case: Option<RelatedCase>,
    /// Custom attributes.
    pub custom_attributes: Option<CustomAttributes>,
    /// The directory holding the note.
    pub directory_id: Option<i64>,
    /// Modification history (JSON).
    pub modification_history: Option<Value>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Note {
    /// A new note with a title and content, as in tests and fixtures.
    pub fn new(title: impl Into<String>, content: impl Into<String>) -> Self {
        Note {
            note_title: Some(title.into()),
            note_content: Some(content.into()),
            ..Note::default()
        }
    }
}
