//! The API dumps (`iris_module_core::api_json`) against those recorded from a real IRIS v2.4.20
//! (`tests/fixtures/iris-v2.4.20/schemas`): each object is built as the bridge reads it off
//! IRIS's objects (its columns and its relationships' rows, under IRIS's attribute names) into
//! this crate's typed object, dumped, and compared with IRIS's dump byte for byte, key order
//! included.

use iris_module_core::api_json::{ApiJson, ApiKind, dump};
use iris_module_core::objects::{Alert, Asset, Case, Comment, Event, Evidence, Ioc, Note, Task};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

fn golden(kind: &str) -> Value {
    let path = format!(
        "{}/fixtures/iris-v2.4.20/schemas/{kind}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The object as the bridge reads it: the columns, and the relationships' rows.
fn read_off_iris(golden: &Value) -> Map<String, Value> {
    let mut object = golden["columns"].as_object().unwrap().clone();
    for (name, related) in golden["relations"].as_object().unwrap() {
        object.insert(name.clone(), related.clone());
    }
    object
}

/// The typed object's dump, and IRIS's, as JSON text.
fn both<T: DeserializeOwned + ApiJson>(
    golden: &Value,
    object: Map<String, Value>,
) -> (String, String) {
    let typed: T = serde_json::from_value(Value::Object(object)).unwrap();
    let ours = typed.api_json();
    assert_eq!(T::KIND.schema_name(), golden["schema"], "{:?}", T::KIND);
    (
        serde_json::to_string_pretty(&ours).unwrap(),
        serde_json::to_string_pretty(&golden["dump"][0]).unwrap(),
    )
}

fn check<T: DeserializeOwned + ApiJson>(kind: &str) {
    let golden = golden(kind);
    let (ours, iris) = both::<T>(&golden, read_off_iris(&golden));
    assert_eq!(ours, iris, "{kind}");
}

/// A case's protagonists are no relationship: IRIS's dump queries them, as the bridge does
/// (`iris_compat.case_protagonists`). The recorded case had none.
#[test]
fn a_case_as_iris_dumps_it() {
    let golden = golden("case");
    let mut case = read_off_iris(&golden);
    case.insert("protagonists".into(), json!([]));
    let (ours, iris) = both::<Case>(&golden, case);
    assert_eq!(ours, iris);
}

#[test]
fn an_asset_as_iris_dumps_it() {
    check::<Asset>("asset");
}

#[test]
fn a_note_as_iris_dumps_it() {
    check::<Note>("note");
}

#[test]
fn an_ioc_as_iris_dumps_it() {
    check::<Ioc>("ioc");
}

#[test]
fn an_event_as_iris_dumps_it() {
    check::<Event>("event");
}

#[test]
fn evidence_as_iris_dumps_it() {
    check::<Evidence>("evidence");
}

#[test]
fn a_task_as_iris_dumps_it() {
    check::<Task>("task");
}

#[test]
fn a_comment_as_iris_dumps_it() {
    check::<Comment>("comment");
}

/// The recording kept an alert's relationships one level deep: the rows of its IOCs' types and
/// of its assets' types and statuses are those its dump nests (they dump unrenamed), and an
/// asset's alerts are this alert.
#[test]
fn an_alert_as_iris_dumps_it() {
    let golden = golden("alert");
    let mut alert = read_off_iris(&golden);
    let dumped = &golden["dump"][0];
    for (at, ioc) in alert["iocs"].as_array_mut().unwrap().iter_mut().enumerate() {
        ioc["ioc_type"] = dumped["iocs"][at]["ioc_type"].clone();
    }
    let mut itself = alert.clone();
    itself.remove("assets");
    for (at, asset) in alert["assets"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        asset["asset_type"] = dumped["assets"][at]["asset_type"].clone();
        asset["analysis_status"] = dumped["assets"][at]["analysis_status"].clone();
        asset["alerts"] = json!([itself]);
    }
    let (ours, iris) = both::<Alert>(&golden, alert);
    assert_eq!(ours, iris);
}

#[test]
fn a_dump_from_json_is_the_typed_objects_dump() {
    for (kind, name) in [
        (ApiKind::Ioc, "ioc"),
        (ApiKind::Note, "note"),
        (ApiKind::Event, "event"),
    ] {
        let golden = golden(name);
        assert_eq!(
            dump(kind, &Value::Object(read_off_iris(&golden))),
            golden["dump"][0],
            "{name}"
        );
    }
}
