//! The case writer through the harness: every kind of object, links, IRIS's names, duplicates,
//! and all or nothing.

use iris_module_core::case::{ObjectKind, StoredObject};
use iris_module_core::prelude::*;
use iris_module_core::testing::Harness;
use iris_module_tests::CaseFiller;
use serde_json::json;

fn note(case_id: i64) -> Note {
    Note {
        note_id: Some(1),
        note_case_id: Some(case_id),
        note_title: Some("n".into()),
        ..Note::default()
    }
}

fn one(objects: &[StoredObject], kind: ObjectKind) -> &StoredObject {
    let found: Vec<_> = objects.iter().filter(|o| o.kind == kind).collect();
    assert_eq!(found.len(), 1, "{kind:?}: {objects:#?}");
    found[0]
}

#[test]
fn adds_each_kind_with_irises_ids_and_links() {
    let harness = Harness::<CaseFiller>::new().unwrap();
    let run = harness.fire("on_postload_note_create", &mut [note(4)]);
    run.assert_success();
    assert!(run.logged(
        "case: added 1 IOC(s), 1 asset(s), 1 timeline event(s), 1 note(s), 1 task(s), 1 comment(s)"
    ));
    let objects = harness.cases().objects();
    let ioc = one(&objects, ObjectKind::Ioc);
    assert_eq!(
        (ioc.case_id, ioc.fields["ioc_tlp_id"].clone()),
        (4, json!(1)),
        "red is IRIS's TLP 1"
    );
    let asset = one(&objects, ObjectKind::Asset);
    assert_eq!(asset.linked("iocs"), [ioc.id]);
    let event = one(&objects, ObjectKind::Event);
    assert_eq!(event.text("event_date"), "2024-05-01T08:00:00.000000");
    assert_eq!(
        event.links["category_id"],
        json!(8),
        "Defense Evasion, matched ignoring case"
    );
    assert_eq!(
        (event.linked("assets"), event.linked("iocs")),
        (vec![asset.id], vec![ioc.id])
    );
    assert_eq!(
        one(&objects, ObjectKind::Note).links["directory"],
        json!("Automation")
    );
    assert_eq!(
        one(&objects, ObjectKind::Task).fields["task_status_id"],
        json!(2)
    );
    let comment = one(&objects, ObjectKind::Comment);
    assert_eq!(
        comment.links["target"],
        json!({"kind": "event", "at": {"stored": event.id}})
    );
    assert_eq!(comment.hook, "on_postload_event_commented");
    assert!(
        objects
            .iter()
            .all(|o| o.added_by == "IrisCaseFiller" && o.user_id == Some(1))
    );
}

#[test]
fn a_second_run_adds_nothing_and_another_case_gets_its_own() {
    let harness = Harness::<CaseFiller>::new().unwrap();
    harness
        .fire("on_postload_note_create", &mut [note(4)])
        .assert_success();
    let again = harness.fire("on_postload_note_create", &mut [note(4)]);
    again.assert_success();
    assert!(
        again.logged("case: nothing new to add (6 already there)"),
        "{:?}",
        again.log
    );
    assert_eq!(harness.cases().objects().len(), 6);
    // Two notes of one case in one call: the second finds the first's objects.
    let harness = Harness::<CaseFiller>::new().unwrap();
    harness
        .fire("on_postload_note_create", &mut [note(4), note(4), note(5)])
        .assert_success();
    assert_eq!(harness.cases().objects().len(), 12);
}

#[test]
fn a_failed_call_adds_nothing() {
    let harness = Harness::<CaseFiller>::from_config(json!({"mode": "fail_after_adding"})).unwrap();
    let run = harness.fire("on_postload_note_create", &mut [note(4)]);
    run.assert_failure("failing on purpose");
    assert!(run.logged("case: nothing added, the call failed (6 new object(s) dropped)"));
    assert!(harness.cases().objects().is_empty());
}

#[test]
fn unknown_names_and_invalid_values_are_refused_with_the_close_names() {
    let harness = Harness::<CaseFiller>::from_config(json!({"ioc_type": "domian"})).unwrap();
    harness
        .fire("on_postload_note_create", &mut [note(4)])
        .assert_failure("unknown IOC type `domian`; did you mean one of `domain`");
    let harness = Harness::<CaseFiller>::from_config(json!({"ioc_type": "md5"})).unwrap();
    harness
        .fire("on_postload_note_create", &mut [note(4)])
        .assert_failure(
            "IOC refused: `evil.example` is not a valid md5 (expected: 32 hexadecimal characters)",
        );
    assert!(harness.cases().objects().is_empty());
}

#[test]
fn links_to_objects_of_another_case_are_refused() {
    let harness = Harness::<CaseFiller>::new().unwrap();
    harness
        .fire("on_postload_note_create", &mut [note(4)])
        .assert_success();
    let session = iris_module_core::case::CaseSession::new(
        std::sync::Arc::new(iris_module_core::case::MemoryCase::default()),
        "x",
        None,
    );
    let case = session.case(9);
    case.add_event(
        NewEvent::new("e", "2024-01-01T00:00:00Z".parse().unwrap())
            .assets([iris_module_core::case::AssetRef::stored(2)]),
    )
    .unwrap();
    let status = session.settle(Status::success("ok"), &Default::default());
    assert!(
        status
            .message
            .contains("could not be stored, and none was: asset 2 is not in case 9"),
        "{status:?}"
    );
}
