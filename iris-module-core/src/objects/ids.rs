use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Value, json};

/// The id of an object, as delete hooks and a few others pass it.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct ObjectId(pub i64);

impl ObjectId {
    /// The id as a number.
    pub fn get(self) -> i64 {
        self.0
    }
}

impl std::fmt::Display for ObjectId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// What `on_postload_alert_delete` passes: one alert id (single delete) or
/// `{"alert_ids": [...]}` (batch delete). Both read as a list of ids.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AlertIds {
    /// The deleted alerts.
    pub ids: Vec<i64>,
    /// Whether IRIS sent the batch form.
    pub batch: bool,
}

impl Serialize for AlertIds {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match (self.batch, self.ids.as_slice()) {
            (false, [id]) => id.serialize(serializer),
            _ => json!({ "alert_ids": self.ids }).serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for AlertIds {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        if let Some(id) = value.as_i64() {
            return Ok(AlertIds {
                ids: vec![id],
                batch: false,
            });
        }
        let ids = value
            .get("alert_ids")
            .ok_or_else(|| D::Error::custom("expected an alert id or {\"alert_ids\": [...]}"))?;
        let ids = Vec::<i64>::deserialize(ids).map_err(D::Error::custom)?;
        Ok(AlertIds { ids, batch: true })
    }
}
