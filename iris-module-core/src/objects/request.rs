use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A REST request body, as preload hooks pass it (and `on_postload_global_task_delete`, which
/// passes the POST body, often empty). Preload create and update hooks may change it: IRIS goes on
/// with the changed body.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RequestBody(pub Value);

impl RequestBody {
    /// A field of the body.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// A string field of the body.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(Value::as_str)
    }

    /// Sets a field, turning an empty body into an object first. Returns `false` (and changes
    /// nothing) when the body is neither an object nor empty.
    pub fn set(&mut self, key: impl Into<String>, value: impl Into<Value>) -> bool {
        if self.0.is_null() {
            self.0 = Value::Object(serde_json::Map::new());
        }
        match &mut self.0 {
            Value::Object(map) => {
                map.insert(key.into(), value.into());
                true
            }
            _ => false,
        }
    }

    /// Whether IRIS passed no body.
    pub fn is_empty(&self) -> bool {
        self.0.is_null()
    }
}
