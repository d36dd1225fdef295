//! The data of one hook call: a list of objects of one [`DataKind`].

use crate::objects::*;
use serde_json::Value;
use std::fmt;

pub use iris_module_vocabulary::DataKind;

macro_rules! payload_types {
    ($($kind:ident,)*) => {
        /// The data of one hook call, always a list (IRIS wraps single objects).
        #[derive(Clone, Debug, PartialEq)]
        pub enum HookPayload {
            $(
                #[doc = concat!("A list of [`", stringify!($kind), "`].")]
                $kind(Vec<$kind>),
            )*
        }

        impl HookPayload {
            /// What the elements are.
            pub fn kind(&self) -> DataKind {
                match self {
                    $(HookPayload::$kind(_) => DataKind::$kind,)*
                }
            }

            /// How many objects the call carries.
            pub fn len(&self) -> usize {
                match self {
                    $(HookPayload::$kind(items) => items.len(),)*
                }
            }

            /// Reads JSON objects as `kind`; the error names the first element that does not fit.
            pub fn from_json(kind: DataKind, items: Vec<Value>) -> Result<Self, PayloadError> {
                Self::from_deserializers(kind, items)
            }

            /// Reads one object per deserializer as `kind`; the error names the first element
            /// that does not fit.
            pub fn from_deserializers<'de, D: serde::Deserializer<'de>>(
                kind: DataKind,
                items: impl IntoIterator<Item = D>,
            ) -> Result<Self, PayloadError> {
                match kind {
                    $(DataKind::$kind => Ok(HookPayload::$kind(deserialize_items(kind, items)?)),)*
                }
            }

            /// What changed in object `index` since `before`, a copy of this payload taken
            /// before the call (field by field, under IRIS's names).
            pub fn changes_since(&self, before: &HookPayload, index: usize) -> Vec<crate::diff::FieldChange> {
                match (before, self) {
                    $((HookPayload::$kind(old), HookPayload::$kind(new)) => match (old.get(index), new.get(index)) {
                        (Some(old), Some(new)) => crate::diff::changes(old, new),
                        _ => Vec::new(),
                    },)*
                    _ => Vec::new(),
                }
            }

            /// Field `field` of object `index`, as JSON (`None` when there is no such object or
            /// field).
            pub fn field_json(&self, index: usize, field: &str) -> Option<Value> {
                match self {
                    $(HookPayload::$kind(items) => to_value(items.get(index)?).get(field).cloned(),)*
                }
            }

            /// The objects as JSON.
            pub fn to_json(&self) -> Vec<Value> {
                match self {
                    $(HookPayload::$kind(items) => items.iter().map(to_value).collect(),)*
                }
            }
        }

        $(
            impl HookObject for $kind {
                const KIND: DataKind = DataKind::$kind;

                fn into_payload(items: Vec<Self>) -> HookPayload {
                    HookPayload::$kind(items)
                }

                fn from_payload(payload: HookPayload) -> Result<Vec<Self>, HookPayload> {
                    match payload {
                        HookPayload::$kind(items) => Ok(items),
                        other => Err(other),
                    }
                }
            }
        )*
    };
}

iris_module_vocabulary::with_data_kinds!(payload_types);

/// Hook data that does not have the shape the hook passes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayloadError {
    /// What the elements should be.
    pub kind: DataKind,
    /// The first element that does not fit.
    pub index: usize,
    /// Why.
    pub reason: String,
}

impl fmt::Display for PayloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "hook data element {} is not a valid `{}`: {}",
            self.index,
            self.kind.type_name(),
            self.reason
        )
    }
}

impl std::error::Error for PayloadError {}

impl HookPayload {
    /// Whether the call carries no object.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A type that hooks pass in their data list.
pub trait HookObject: Sized {
    /// Its kind.
    const KIND: DataKind;

    /// Wraps objects into a payload.
    fn into_payload(items: Vec<Self>) -> HookPayload;

    /// Unwraps a payload of this type; gives it back unchanged otherwise.
    fn from_payload(payload: HookPayload) -> Result<Vec<Self>, HookPayload>;
}

fn deserialize_items<'de, T: serde::Deserialize<'de>, D: serde::Deserializer<'de>>(
    kind: DataKind,
    items: impl IntoIterator<Item = D>,
) -> Result<Vec<T>, PayloadError> {
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            T::deserialize(item).map_err(|error| PayloadError {
                kind,
                index,
                reason: error.to_string(),
            })
        })
        .collect()
}

fn to_value<T: serde::Serialize>(item: &T) -> Value {
    serde_json::to_value(item).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_and_writes_every_kind_of_delete_data() {
        let payload = HookPayload::from_json(
            DataKind::AlertIds,
            vec![json!(4), json!({"alert_ids": [1, 2]})],
        )
        .unwrap();
        let HookPayload::AlertIds(ids) = &payload else {
            panic!("{payload:?}")
        };
        assert_eq!(ids[0].ids, [4]);
        assert_eq!(ids[1].ids, [1, 2]);
        assert_eq!(
            payload.to_json(),
            vec![json!(4), json!({"alert_ids": [1, 2]})]
        );
    }

    #[test]
    fn keeps_unknown_fields() {
        let input = json!({"ioc_value": "a.example", "ioc_type": {"type_name": "domain"}, "future_column": [1]});
        let payload = HookPayload::from_json(DataKind::Ioc, vec![input.clone()]).unwrap();
        let output = &payload.to_json()[0];
        assert_eq!(output["future_column"], json!([1]));
        assert_eq!(output["ioc_type"]["type_name"], "domain");
    }

    #[test]
    fn names_the_element_that_does_not_fit() {
        let error =
            HookPayload::from_json(DataKind::ObjectId, vec![json!(1), json!("two")]).unwrap_err();
        assert_eq!(error.index, 1);
        assert!(error.to_string().contains("element 1"), "{error}");
    }

    #[test]
    fn comment_added_keeps_the_object_kind() {
        let input = json!({"comment": {"comment_text": "hi"}, "ioc": {"ioc_value": "x"}});
        let payload = HookPayload::from_json(DataKind::CommentAdded, vec![input.clone()]).unwrap();
        let HookPayload::CommentAdded(items) = &payload else {
            panic!()
        };
        assert_eq!(items[0].object_kind, "ioc");
        let output = &payload.to_json()[0];
        assert_eq!(output["comment"]["comment_text"], "hi");
        assert_eq!(output["ioc"], input["ioc"]);
    }
}
