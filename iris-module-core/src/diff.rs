//! What a handler changed in an object, compared with a snapshot taken before the call: first as
//! a whole (most objects do not change), then field by field for those that did, so that only the
//! changed fields are written back. Only the changed fields are encoded, as JSON values.

use crate::objects::{AlertIds, CommentAdded, ObjectId, RequestBody};
use serde::Serialize;
use serde_json::{Map, Value};

/// A change to one top-level field.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldChange {
    /// The field has this new value.
    Set(String, Value),
    /// The field is gone (only dictionaries, such as request bodies, can lose fields).
    Removed(String),
}

/// An object whose top-level fields can be compared with a snapshot of it. The runtime's object
/// types derive it; their field names are IRIS's attribute (or dictionary key) names.
pub trait FieldChanges: PartialEq {
    /// The names of the modelled fields (the unmodelled ones, in `extra`, aside); the tests
    /// check them against serde's.
    #[cfg_attr(not(test), allow(dead_code))]
    const FIELDS: &'static [&'static str];

    /// Appends to `out` the fields of `self` that differ from `before`.
    fn changes_since(&self, before: &Self, out: &mut Vec<FieldChange>);
}

/// The top-level fields that differ between `before` and `after`; nothing for plain values
/// (ids), which have no fields to write back.
pub fn changes<T: FieldChanges>(before: &T, after: &T) -> Vec<FieldChange> {
    let mut out = Vec::new();
    if before != after {
        after.changes_since(before, &mut out);
    }
    out
}

/// Records `name` as changed when `after` differs from `before`.
#[doc(hidden)]
pub fn field_change<T: PartialEq + Serialize>(
    name: &str,
    before: &T,
    after: &T,
    out: &mut Vec<FieldChange>,
) {
    if before != after {
        out.push(FieldChange::Set(
            name.to_owned(),
            serde_json::to_value(after).unwrap_or(Value::Null),
        ));
    }
}

/// Records the entries of a dictionary that were set, changed or removed.
#[doc(hidden)]
pub fn map_changes(
    before: &Map<String, Value>,
    after: &Map<String, Value>,
    out: &mut Vec<FieldChange>,
) {
    if before == after {
        return;
    }
    for (key, value) in after {
        if before.get(key) != Some(value) {
            out.push(FieldChange::Set(key.clone(), value.clone()));
        }
    }
    for key in before.keys() {
        if !after.contains_key(key) {
            out.push(FieldChange::Removed(key.clone()));
        }
    }
}

impl FieldChanges for RequestBody {
    const FIELDS: &'static [&'static str] = &[];

    /// A request body is a dictionary: its entries are its fields. A body that is not a
    /// dictionary has none.
    fn changes_since(&self, before: &Self, out: &mut Vec<FieldChange>) {
        match (&before.0, &self.0) {
            (Value::Object(old), Value::Object(new)) => map_changes(old, new, out),
            (Value::Null, Value::Object(new)) => map_changes(&Map::new(), new, out),
            _ => {}
        }
    }
}

impl FieldChanges for CommentAdded {
    const FIELDS: &'static [&'static str] = &["comment"];

    /// `{"comment": ..., "<object kind>": ...}`: both entries are dictionaries IRIS dumped.
    fn changes_since(&self, before: &Self, out: &mut Vec<FieldChange>) {
        field_change("comment", &before.comment, &self.comment, out);
        if self.object_kind == before.object_kind {
            field_change(&self.object_kind, &before.object, &self.object, out);
        }
    }
}

/// Plain values: nothing to write back.
macro_rules! no_fields {
    ($($ty:ty),*) => {
        $(
            impl FieldChanges for $ty {
                const FIELDS: &'static [&'static str] = &[];
                fn changes_since(&self, _: &Self, _: &mut Vec<FieldChange>) {}
            }
        )*
    };
}

no_fields!(ObjectId, AlertIds);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::{
        CommentAdded, Evidence, EvidenceType, Ioc, ObjectId, RequestBody, Tagged,
    };
    use serde_json::json;

    fn sorted(mut changes: Vec<FieldChange>) -> Vec<FieldChange> {
        changes.sort_by_key(|c| format!("{c:?}"));
        changes
    }

    #[test]
    fn reports_only_changed_fields() {
        let before = Ioc::new("evil[.]example", "domain");
        let mut after = before.clone();
        assert!(changes(&before, &after).is_empty());
        after.ioc_value = "evil.example".into();
        after.add_tag("refanged").unwrap();
        assert_eq!(
            sorted(changes(&before, &after)),
            [
                FieldChange::Set("ioc_tags".into(), json!("refanged")),
                FieldChange::Set("ioc_value".into(), json!("evil.example")),
            ]
        );
    }

    #[test]
    fn nested_changes_are_reported_on_their_top_level_field() {
        let before = Ioc::new("a.example", "domain");
        let mut after = before.clone();
        after.ioc_enrichment = Some(json!({"score": 3}));
        assert_eq!(
            changes(&before, &after),
            [FieldChange::Set(
                "ioc_enrichment".into(),
                json!({"score": 3})
            )]
        );
    }

    #[test]
    fn flattened_extra_fields_gain_change_and_lose_entries() {
        let mut before = Ioc::new("a.example", "domain");
        before.extra.insert("kept".into(), json!(1));
        before.extra.insert("changed".into(), json!("old"));
        before.extra.insert("dropped".into(), json!(true));
        let mut after = before.clone();
        after.extra.insert("changed".into(), json!("new"));
        after.extra.remove("dropped");
        after.extra.insert("added".into(), json!([1]));
        assert_eq!(
            sorted(changes(&before, &after)),
            [
                FieldChange::Removed("dropped".into()),
                FieldChange::Set("added".into(), json!([1])),
                FieldChange::Set("changed".into(), json!("new")),
            ]
        );
    }

    #[test]
    fn renamed_fields_use_iris_attribute_names() {
        let before = Evidence::default();
        let mut after = before.clone();
        after.evidence_type = Some(EvidenceType {
            name: Some("Disk image".into()),
            ..EvidenceType::default()
        });
        let changed = changes(&before, &after);
        assert_eq!(changed.len(), 1);
        assert!(
            matches!(&changed[0], FieldChange::Set(key, value) if key == "type" && value["name"] == "Disk image"),
            "{changed:?}"
        );
    }

    #[test]
    fn request_bodies_gain_and_lose_fields() {
        let before = RequestBody(json!({"a": 1, "b": 2}));
        let mut after = before.clone();
        after.0.as_object_mut().unwrap().remove("a");
        after.set("c", 3);
        assert_eq!(
            sorted(changes(&before, &after)),
            [
                FieldChange::Removed("a".into()),
                FieldChange::Set("c".into(), json!(3))
            ]
        );
    }

    /// The derive reads serde's attributes itself: its names must be the keys serde writes.
    #[test]
    fn compared_fields_are_the_serialized_fields() {
        fn check<T: FieldChanges + Serialize + Default>() {
            let serde_keys: Vec<String> = match serde_json::to_value(T::default()) {
                Ok(Value::Object(map)) => map.keys().cloned().collect(),
                other => panic!("{other:?}"),
            };
            let mut ours: Vec<String> = T::FIELDS.iter().map(|f| (*f).to_owned()).collect();
            let mut serde_keys = serde_keys;
            ours.sort();
            serde_keys.sort();
            assert_eq!(ours, serde_keys, "{}", std::any::type_name::<T>());
        }
        use crate::objects::*;
        check::<Alert>();
        check::<Asset>();
        check::<Case>();
        check::<Comment>();
        check::<Event>();
        check::<Evidence>();
        check::<GlobalTask>();
        check::<Ioc>();
        check::<Note>();
        check::<ReportGenerated>();
        check::<Task>();
    }

    #[test]
    fn comment_added_reports_the_comment_and_the_object() {
        let before = CommentAdded {
            object_kind: "ioc".into(),
            object: json!({"ioc_value": "a"}),
            ..CommentAdded::default()
        };
        let mut after = before.clone();
        after.object["ioc_value"] = json!("b");
        assert_eq!(
            changes(&before, &after),
            [FieldChange::Set("ioc".into(), json!({"ioc_value": "b"}))]
        );
    }

    #[test]
    fn plain_values_have_no_fields() {
        assert!(changes(&ObjectId(3), &ObjectId(4)).is_empty());
        assert!(changes(&RequestBody(json!(1)), &RequestBody(json!(2))).is_empty());
    }
}
