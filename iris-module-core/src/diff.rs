//! What a handler changed in an object: compared with a snapshot taken before the call, first as
//! a whole (cheap: most objects do not change), then field by field for those that did, so that
//! only changed fields are written back.

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;
use std::borrow::Cow;

/// A change to one top-level field.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldChange {
    /// The field has this new value.
    Set(String, Value),
    /// The field is gone (only dictionaries, such as request bodies, can lose fields).
    Removed(String),
}

/// The top-level fields that differ between `before` and `after`; nothing for plain values
/// (ids), which cannot be written back. Both are encoded once and compared field by field on
/// their encodings; only the changed fields are decoded.
pub fn changes<T: Serialize + PartialEq>(before: &T, after: &T) -> Vec<FieldChange> {
    if before == after {
        return Vec::new();
    }
    let (Ok(old_bytes), Ok(new_bytes)) = (serde_json::to_vec(before), serde_json::to_vec(after))
    else {
        return Vec::new();
    };
    type Fields<'a> = Vec<(Cow<'a, str>, &'a RawValue)>;
    let (Ok(old), Ok(new)) = (
        serde_json::from_slice::<RawFields<'_>>(&old_bytes).map(|f| f.0),
        serde_json::from_slice::<RawFields<'_>>(&new_bytes).map(|f| f.0),
    ) else {
        return Vec::new();
    };
    let (old, new): (Fields<'_>, Fields<'_>) = (old, new);
    fn find<'f>(fields: &[(Cow<'f, str>, &'f RawValue)], key: &str) -> Option<&'f str> {
        fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, value)| value.get())
    }
    let mut out = Vec::new();
    for (key, value) in &new {
        if find(&old, key) != Some(value.get())
            && let Ok(value) = serde_json::from_str::<Value>(value.get())
        {
            out.push(FieldChange::Set(key.to_string(), value));
        }
    }
    for (key, _) in &old {
        if find(&new, key).is_none() {
            out.push(FieldChange::Removed(key.to_string()));
        }
    }
    out
}

/// An object's top-level fields, each kept as its encoding.
struct RawFields<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for RawFields<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldsVisitor;
        impl<'de> Visitor<'de> for FieldsVisitor {
            type Value = RawFields<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut fields = Vec::new();
                while let Some(entry) = map.next_entry::<Cow<'de, str>, &'de RawValue>()? {
                    fields.push(entry);
                }
                Ok(RawFields(fields))
            }
        }
        deserializer.deserialize_map(FieldsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::{Ioc, ObjectId, RequestBody, Tagged};
    use serde_json::json;

    #[test]
    fn reports_only_changed_fields() {
        let before = Ioc::new("evil[.]example", "domain");
        let mut after = before.clone();
        assert!(changes(&before, &after).is_empty());
        after.ioc_value = "evil.example".into();
        after.add_tag("refanged").unwrap();
        let mut changed = changes(&before, &after);
        changed.sort_by_key(|c| format!("{c:?}"));
        assert_eq!(
            changed,
            [
                FieldChange::Set("ioc_tags".into(), json!("refanged")),
                FieldChange::Set("ioc_value".into(), json!("evil.example")),
            ]
        );
    }

    #[test]
    fn request_bodies_gain_and_lose_fields() {
        let before = RequestBody(json!({"a": 1, "b": 2}));
        let mut after = before.clone();
        after.0.as_object_mut().unwrap().remove("a");
        after.set("c", 3);
        let mut changed = changes(&before, &after);
        changed.sort_by_key(|c| format!("{c:?}"));
        assert_eq!(
            changed,
            [
                FieldChange::Removed("a".into()),
                FieldChange::Set("c".into(), json!(3))
            ]
        );
    }

    #[test]
    fn plain_values_have_no_fields() {
        assert!(changes(&ObjectId(3), &ObjectId(4)).is_empty());
    }
}
