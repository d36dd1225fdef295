//! Typed state a module keeps on an IOC or an asset, across calls: inside the object's enrichment
//! (`ioc_enrichment`, `asset_enrichment`), under a key of its own (the module's name), so that no
//! module reads or clobbers another's. The bridge writes back only the keys a call changed, onto
//! the value IRIS's database holds when the call ends (read again, the row locked until IRIS's
//! commit): a key another module wrote meanwhile stays.

use super::{Asset, Ioc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// An object with enrichment data, where modules keep their state.
pub trait Enriched {
    /// The enrichment data as IRIS passed it (a JSON object, when any module wrote one).
    fn enrichment(&self) -> Option<&Value>;

    /// The enrichment data, to change.
    fn enrichment_mut(&mut self) -> &mut Option<Value>;

    /// The state kept under `namespace`: `None` when there is none; an error when what is stored
    /// is not a `T` (written by another version of the module...).
    fn state_in<T: DeserializeOwned>(&self, namespace: &str) -> Result<Option<T>, StateShape> {
        match self.enrichment().and_then(|data| data.get(namespace)) {
            None | Some(Value::Null) => Ok(None),
            Some(stored) => T::deserialize(stored)
                .map(Some)
                .map_err(|error| StateShape {
                    namespace: namespace.to_owned(),
                    reason: error.to_string(),
                }),
        }
    }

    /// Keeps `state` under `namespace`, leaving the other keys as they are (enrichment data that
    /// is not a JSON object, which IRIS never writes, is replaced by one).
    fn set_state_in<T: Serialize>(
        &mut self,
        namespace: &str,
        state: &T,
    ) -> Result<(), serde_json::Error> {
        let value = serde_json::to_value(state)?;
        let data = self.enrichment_mut();
        if !matches!(data, Some(Value::Object(_))) {
            *data = Some(Value::Object(Map::new()));
        }
        if let Some(Value::Object(map)) = data {
            map.insert(namespace.to_owned(), value);
        }
        Ok(())
    }

    /// Removes the state kept under `namespace` (nothing when there is none).
    fn clear_state_in(&mut self, namespace: &str) {
        if let Some(Value::Object(map)) = self.enrichment_mut() {
            map.remove(namespace);
        }
    }
}

/// The state kept on an object is not what the module reads.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the state kept under `{namespace}` cannot be read: {reason}")]
pub struct StateShape {
    /// Whose state.
    pub namespace: String,
    /// serde's reason.
    pub reason: String,
}

impl Enriched for Ioc {
    fn enrichment(&self) -> Option<&Value> {
        self.ioc_enrichment.as_ref()
    }
    fn enrichment_mut(&mut self) -> &mut Option<Value> {
        &mut self.ioc_enrichment
    }
}

impl Enriched for Asset {
    fn enrichment(&self) -> Option<&Value> {
        self.asset_enrichment.as_ref()
    }
    fn enrichment_mut(&mut self) -> &mut Option<Value> {
        &mut self.asset_enrichment
    }
}

/// The fields of IRIS's objects where modules keep state, whose keys are written back one by
/// one (see the module's documentation).
#[cfg_attr(not(feature = "python"), allow(dead_code))]
pub(crate) const ENRICHMENT_FIELDS: &[&str] = &["ioc_enrichment", "asset_enrichment"];

/// The keys of enrichment data that changed from `before` to `after`: those set (with their new
/// value) and those removed. Data that is not an object counts as an empty one.
#[cfg_attr(not(feature = "python"), allow(dead_code))]
pub(crate) fn changed_keys(
    before: Option<&Value>,
    after: Option<&Value>,
) -> (Map<String, Value>, Vec<String>) {
    let empty = Map::new();
    let before = before.and_then(Value::as_object).unwrap_or(&empty);
    let after = after.and_then(Value::as_object).unwrap_or(&empty);
    let set = after
        .iter()
        .filter(|(key, value)| before.get(key.as_str()) != Some(value))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    let removed = before
        .keys()
        .filter(|key| !after.contains_key(key.as_str()))
        .cloned()
        .collect();
    (set, removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Pending {
        job: u64,
    }

    #[test]
    fn each_module_reads_and_writes_its_own_key_only() {
        let mut ioc = Ioc::new("evil.example", "domain");
        ioc.ioc_enrichment = Some(json!({"OtherModule": {"score": 3}}));
        assert_eq!(ioc.state_in::<Pending>("IrisMISP").unwrap(), None);
        ioc.set_state_in("IrisMISP", &Pending { job: 7 }).unwrap();
        assert_eq!(
            ioc.ioc_enrichment,
            Some(json!({"OtherModule": {"score": 3}, "IrisMISP": {"job": 7}}))
        );
        assert_eq!(
            ioc.state_in::<Pending>("IrisMISP").unwrap(),
            Some(Pending { job: 7 })
        );
        let wrong = ioc.state_in::<Pending>("OtherModule").unwrap_err();
        assert!(wrong.to_string().contains("`OtherModule`"), "{wrong}");
        ioc.clear_state_in("IrisMISP");
        assert_eq!(
            ioc.ioc_enrichment,
            Some(json!({"OtherModule": {"score": 3}}))
        );
        let mut asset = Asset {
            asset_enrichment: Some(json!("not an object")),
            ..Asset::default()
        };
        asset.set_state_in("IrisMISP", &1).unwrap();
        assert_eq!(asset.asset_enrichment, Some(json!({"IrisMISP": 1})));
    }

    #[test]
    fn only_the_changed_keys_count() {
        let before = json!({"a": 1, "b": 2, "c": 3});
        let after = json!({"a": 1, "b": 5, "d": 4});
        let (set, removed) = changed_keys(Some(&before), Some(&after));
        assert_eq!(Value::Object(set), json!({"b": 5, "d": 4}));
        assert_eq!(removed, ["c"]);
        let (set, removed) = changed_keys(None, Some(&json!({"x": true})));
        assert_eq!((Value::Object(set), removed.len()), (json!({"x": true}), 0));
    }
}
