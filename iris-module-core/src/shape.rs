//! The shape of each object a hook passes: its field names, which are IRIS's attribute names, and
//! the fields of the relationships it carries (`ioc.ioc_type.type_name`...). A bridge reads IRIS's
//! ORM objects attribute by attribute with it, and writes back only the fields a handler changed.

use crate::objects::*;
use crate::payload::DataKind;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The fields of one kind of object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shape {
    /// Top-level field names (attribute names on IRIS's objects).
    pub fields: Vec<String>,
    /// Relationship fields, with the field names of the related object. Read-only: a bridge does
    /// not write changes to relationships back.
    pub relations: Vec<(String, Vec<String>)>,
    /// The relationship that gives the object's type (`ioc_type`, `asset_type`...), which
    /// handlers dispatch on: a bridge loads it when IRIS has not. Other relationships are read
    /// only when IRIS already loaded them (a lazy load costs a query, or at best microseconds,
    /// per object); their id columns (`user_id`, `ioc_tlp_id`...) are always there.
    pub type_relation: Option<&'static str>,
}

impl Shape {
    /// The fields of the related object, when `field` is a relationship.
    pub fn relation(&self, field: &str) -> Option<&[String]> {
        self.relations
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, fields)| fields.as_slice())
    }
}

/// The shape of `kind`'s elements.
pub fn shape_of(kind: DataKind) -> &'static Shape {
    static SHAPES: OnceLock<HashMap<DataKind, Shape>> = OnceLock::new();
    let shapes = SHAPES.get_or_init(|| {
        crate::hooks::HOOKS
            .iter()
            .map(|hook| (hook.data, build(hook.data)))
            .collect()
    });
    // Every kind is passed by some hook, so the table holds them all.
    shapes.get(&kind).unwrap_or_else(|| {
        static PLAIN: Shape = Shape {
            fields: Vec::new(),
            relations: Vec::new(),
            type_relation: None,
        };
        &PLAIN
    })
}

/// The field names `T` serialises, in order.
fn keys<T: Serialize + Default>() -> Vec<String> {
    match serde_json::to_value(T::default()) {
        Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

fn build(kind: DataKind) -> Shape {
    let user = || ("user".to_owned(), keys::<User>());
    let case = || ("case".to_owned(), keys::<RelatedCase>());
    let (fields, relations) = match kind {
        DataKind::Ioc => (
            keys::<Ioc>(),
            vec![
                ("ioc_type".to_owned(), keys::<IocType>()),
                ("tlp".to_owned(), keys::<Tlp>()),
                user(),
            ],
        ),
        DataKind::Asset => (
            keys::<Asset>(),
            vec![
                ("asset_type".to_owned(), keys::<AssetType>()),
                user(),
                case(),
            ],
        ),
        DataKind::Note => (keys::<Note>(), vec![user(), case()]),
        DataKind::Case => (
            keys::<Case>(),
            vec![
                ("client".to_owned(), keys::<Client>()),
                user(),
                ("owner".to_owned(), keys::<User>()),
                ("state".to_owned(), keys::<CaseState>()),
            ],
        ),
        DataKind::Evidence => (
            keys::<Evidence>(),
            vec![user(), ("type".to_owned(), keys::<EvidenceType>()), case()],
        ),
        DataKind::Task => (
            keys::<Task>(),
            vec![
                ("status".to_owned(), keys::<TaskStatus>()),
                ("user_open".to_owned(), keys::<User>()),
                ("user_close".to_owned(), keys::<User>()),
                ("user_update".to_owned(), keys::<User>()),
                case(),
            ],
        ),
        DataKind::GlobalTask => (
            keys::<GlobalTask>(),
            vec![
                ("user_assigned".to_owned(), keys::<User>()),
                ("status".to_owned(), keys::<TaskStatus>()),
            ],
        ),
        DataKind::Event => (keys::<Event>(), vec![user(), case()]),
        DataKind::Alert => (keys::<Alert>(), vec![("owner".to_owned(), keys::<User>())]),
        DataKind::AlertIds
        | DataKind::Comment
        | DataKind::CommentAdded
        | DataKind::ObjectId
        | DataKind::ReportGenerated
        | DataKind::RequestBody => (Vec::new(), Vec::new()),
    };
    let type_relation = match kind {
        DataKind::Ioc => Some("ioc_type"),
        DataKind::Asset => Some("asset_type"),
        DataKind::Evidence => Some("type"),
        DataKind::Task | DataKind::GlobalTask => Some("status"),
        DataKind::Case => Some("state"),
        _ => None,
    };
    Shape {
        fields,
        relations,
        type_relation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_have_their_columns_and_relationships() {
        let ioc = shape_of(DataKind::Ioc);
        assert!(ioc.fields.contains(&"ioc_value".to_owned()));
        assert!(ioc.fields.contains(&"custom_attributes".to_owned()));
        assert!(!ioc.fields.contains(&"extra".to_owned()));
        assert!(
            ioc.relation("ioc_type")
                .unwrap()
                .contains(&"type_name".to_owned())
        );
        let evidence = shape_of(DataKind::Evidence);
        assert!(
            evidence.relation("type").is_some(),
            "serde's rename is IRIS's attribute name"
        );
        for (name, _) in &evidence.relations {
            assert!(evidence.fields.contains(name), "{name} is a field");
        }
        assert!(shape_of(DataKind::RequestBody).fields.is_empty());
        assert_eq!(ioc.type_relation, Some("ioc_type"));
    }

    #[test]
    fn every_relationship_is_a_field_of_its_object() {
        for hook in crate::hooks::HOOKS {
            let shape = shape_of(hook.data);
            for (name, fields) in &shape.relations {
                assert!(shape.fields.contains(name), "{:?}.{name}", hook.data);
                assert!(!fields.is_empty());
            }
            if let Some(relation) = shape.type_relation {
                assert!(
                    shape.relation(relation).is_some(),
                    "{:?}.{relation}",
                    hook.data
                );
            }
        }
    }
}
