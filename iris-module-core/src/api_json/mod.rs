//! Objects as IRIS's API shows them: the JSON IRIS v2.4.20's marshmallow schemas dump for each
//! object a hook passes (case, asset, note, IOC, event, evidence, task, comment, alert), the
//! same keys in the same order, nested objects and all, as IRIS's REST answers and its webhooks
//! module write them.
//!
//! A dump reads the object's attributes and the relationships its schema nests (a case's
//! customer, owner, classification, state, tags, severity...; an alert's IOCs and assets). A
//! module that dumps objects declares `#[iris_module(load_relations)]`, so that IRIS's worker
//! loads them; what was not read off the object is written `null`. Checked against the dumps
//! recorded from a real IRIS v2.4.20 (`tests/fixtures/iris-v2.4.20/schemas`).
//!
//! ```
//! use iris_module_core::api_json::ApiJson;
//! use iris_module_core::objects::Ioc;
//!
//! let dump = Ioc::new("evil.example", "domain").api_json();
//! let keys: Vec<&str> = dump.as_object().unwrap().keys().map(String::as_str).collect();
//! assert_eq!(&keys[..3], ["ioc_value", "ioc_enrichment", "ioc_type"]);
//! assert_eq!(dump["ioc_type"]["type_name"], "domain");
//! ```

mod schema;
mod v2_4_20;

use crate::objects::{Alert, Asset, Case, Comment, Event, Evidence, Ioc, Note, Task};
use crate::payload::DataKind;
#[cfg_attr(not(feature = "python"), allow(unused_imports))]
pub(crate) use schema::Related;
use schema::Schema;
use serde::Serialize;
use serde_json::Value;

/// The kinds of objects IRIS's API dumps, each with its marshmallow schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiKind {
    /// A case (`CaseDetailsSchema`).
    Case,
    /// An asset (`CaseAssetsSchema`).
    Asset,
    /// A note (`CaseNoteSchema`).
    Note,
    /// An IOC (`IocSchema`).
    Ioc,
    /// A timeline event (`EventSchema`).
    Event,
    /// Evidence (`CaseEvidenceSchema`).
    Evidence,
    /// A case task (`CaseTaskSchema`).
    Task,
    /// A comment (`CommentSchema`).
    Comment,
    /// An alert (`AlertSchema`).
    Alert,
}

impl ApiKind {
    /// Every kind.
    pub const ALL: [ApiKind; 9] = [
        ApiKind::Case,
        ApiKind::Asset,
        ApiKind::Note,
        ApiKind::Ioc,
        ApiKind::Event,
        ApiKind::Evidence,
        ApiKind::Task,
        ApiKind::Comment,
        ApiKind::Alert,
    ];

    /// The kind of the objects of a hook's data, when IRIS's API dumps them.
    pub fn of(kind: DataKind) -> Option<ApiKind> {
        Some(match kind {
            DataKind::Case => ApiKind::Case,
            DataKind::Asset => ApiKind::Asset,
            DataKind::Note => ApiKind::Note,
            DataKind::Ioc => ApiKind::Ioc,
            DataKind::Event => ApiKind::Event,
            DataKind::Evidence => ApiKind::Evidence,
            DataKind::Task => ApiKind::Task,
            DataKind::Comment => ApiKind::Comment,
            DataKind::Alert => ApiKind::Alert,
            _ => return None,
        })
    }

    /// The name of IRIS's schema (`IocSchema`...).
    pub fn schema_name(self) -> &'static str {
        self.schema().name
    }

    pub(crate) fn schema(self) -> &'static Schema {
        match self {
            ApiKind::Case => &v2_4_20::CASE,
            ApiKind::Asset => &v2_4_20::ASSET,
            ApiKind::Note => &v2_4_20::NOTE,
            ApiKind::Ioc => &v2_4_20::IOC,
            ApiKind::Event => &v2_4_20::EVENT,
            ApiKind::Evidence => &v2_4_20::EVIDENCE,
            ApiKind::Task => &v2_4_20::TASK,
            ApiKind::Comment => &v2_4_20::COMMENT,
            ApiKind::Alert => &v2_4_20::ALERT,
        }
    }

    /// The attributes a dump reads off an object of this kind, with what it reads off each
    /// related object (the bridge reads them off IRIS's objects).
    #[cfg_attr(not(feature = "python"), allow(dead_code))]
    pub(crate) fn attributes(self) -> impl Iterator<Item = (&'static str, Option<Related>)> {
        self.schema().attributes()
    }
}

/// `object` (its attributes under IRIS's names, as this crate's objects serialise) as IRIS's
/// API dumps it. Anything but a JSON object (the id IRIS passes for a deleted object) is
/// returned as it is.
pub fn dump(kind: ApiKind, object: &Value) -> Value {
    match object {
        Value::Object(attributes) => kind.schema().dump(attributes, &[]),
        other => other.clone(),
    }
}

/// An object IRIS's API dumps.
pub trait ApiJson: Serialize {
    /// Its kind.
    const KIND: ApiKind;

    /// The object as IRIS's API shows it.
    fn api_json(&self) -> Value {
        dump(
            Self::KIND,
            &serde_json::to_value(self).unwrap_or(Value::Null),
        )
    }
}

macro_rules! api_json {
    ($($object:ident),*) => {
        $(impl ApiJson for $object {
            const KIND: ApiKind = ApiKind::$object;
        })*
    };
}

api_json!(
    Case, Asset, Note, Ioc, Event, Evidence, Task, Comment, Alert
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_schema_and_a_hook_kind() {
        for kind in ApiKind::ALL {
            assert!(kind.schema_name().ends_with("Schema"), "{kind:?}");
            let data = DataKind::ALL
                .iter()
                .find(|data| ApiKind::of(**data) == Some(kind));
            assert!(data.is_some(), "{kind:?}");
        }
    }

    #[test]
    fn an_id_in_place_of_an_object_stays_an_id() {
        assert_eq!(dump(ApiKind::Ioc, &Value::from(12)), Value::from(12));
    }

    #[test]
    fn protagonists_are_written_as_iris_writes_the_rows_of_its_query() {
        let row = serde_json::json!({"role": "Analyst", "name": "Jo", "contact": "jo@example.org",
            "user_name": "Jo Doe", "user_login": "jo"});
        let dump = dump(ApiKind::Case, &serde_json::json!({"protagonists": [row]}));
        assert_eq!(
            serde_json::to_string(&dump["protagonists"]).unwrap(),
            r#"[{"name":"Jo","contact":"jo@example.org","role":"Analyst"}]"#
        );
    }

    #[test]
    fn what_was_not_read_is_null() {
        let dump = dump(
            ApiKind::Case,
            &serde_json::json!({"case_id": 3, "status_id": 4}),
        );
        assert_eq!(dump["client"], Value::Null);
        assert_eq!(dump["tags"], Value::Null);
        assert_eq!(dump["status_name"], "true_positive_without_impact");
        assert_eq!(dump["case_id"], 3);
    }
}
