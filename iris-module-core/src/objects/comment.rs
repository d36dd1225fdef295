use super::Extra;
use iris_module_macros::FieldChanges;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// A comment (`Comments`, as IRIS's `CommentSchema` dumps it).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FieldChanges)]
#[serde(default)]
#[non_exhaustive]
pub struct Comment {
    /// Primary key.
    pub comment_id: Option<i64>,
    /// UUID.
    pub comment_uuid: Option<String>,
    /// The text.
    pub comment_text: Option<String>,
    /// Creation date.
    pub comment_date: Option<String>,
    /// Last update.
    pub comment_update_date: Option<String>,
    /// Author id.
    pub comment_user_id: Option<i64>,
    /// The case.
    pub comment_case_id: Option<i64>,
    /// The alert, for alert comments.
    pub comment_alert_id: Option<i64>,
    /// Fields not modelled here (the schema dump also carries the user...).
    #[serde(flatten)]
    pub extra: Extra,
}

impl Comment {
    /// A new comment with a text, as in tests and fixtures.
    pub fn new(text: impl Into<String>) -> Self {
        Comment {
            comment_text: Some(text.into()),
            ..Comment::default()
        }
    }
}

/// What `on_postload_*_commented` hooks pass: the new comment and a dump of the object commented
/// on, e.g. `{"comment": {...}, "ioc": {...}}`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CommentAdded {
    /// The new comment.
    pub comment: Comment,
    /// The kind of object commented on: `asset`, `evidence`, `task`, `ioc`, `event`, `note` or
    /// `alert` (the key IRIS used).
    pub object_kind: String,
    /// The object commented on, as IRIS's marshmallow schema dumps it.
    pub object: Value,
}

impl Serialize for CommentAdded {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = Map::new();
        let comment = serde_json::to_value(&self.comment).map_err(serde::ser::Error::custom)?;
        map.insert("comment".into(), comment);
        map.insert(self.object_kind.clone(), self.object.clone());
        map.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for CommentAdded {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut map = Map::deserialize(deserializer)?;
        let comment = map
            .remove("comment")
            .ok_or_else(|| D::Error::missing_field("comment"))?;
        let comment = Comment::deserialize(comment).map_err(D::Error::custom)?;
        let mut rest = map.into_iter();
        let (object_kind, object) = rest.next().unwrap_or_default();
        if let Some((extra, _)) = rest.next() {
            return Err(D::Error::custom(format!(
                "expected one commented object beside `comment`, found `{object_kind}` and `{extra}`"
            )));
        }
        Ok(CommentAdded {
            comment,
            object_kind,
            object,
        })
    }
}
