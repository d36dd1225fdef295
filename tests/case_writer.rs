//! The case writer through the harness: every kind of object, links, IRIS's names, duplicates,
//! and all or nothing.

use iris_module_core::prelude::*;
use iris_module_core::testing::Harness;
use iris_module_core::testing::{ObjectKind, StoredObject};
use iris_module_tests::CaseFiller;
use serde_json::json;

fn note(case_id: i64) -> Note {
    let mut note = Note::default();
    note.note_id = Some(1);
    note.note_case_id = Some(case_id);
    note.note_title = Some("n".into());
    note
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
        .assert_failure("unknown IOC type `domian`; did you mean `domain`?");
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
        std::sync::Arc::new(iris_module_core::testing::MemoryCase::default()),
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

/// Fails with the cases that went wrong, counted, if any did.
fn report(wrong: Vec<String>, cases: usize) {
    assert!(
        wrong.is_empty(),
        "{} of {cases} cases wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Adds every kind of object with `text` in the field `field` (the others valid) to a fresh case
/// in memory; what the call would store, as JSON.
fn add_with(field: &str, text: &str) -> Result<String, CaseError> {
    use iris_module_core::case::CaseSession;
    let session = CaseSession::default();
    let case = session.case(1);
    let date = "2024-05-01T08:00:00Z".parse().unwrap();
    let named = |name: &str, default: &str| {
        if name == field {
            text.to_owned()
        } else {
            default.to_owned()
        }
    };
    let one = |name: &str| named(name, "x");
    let ioc = case.add_ioc(
        NewIoc::new(one("ioc.value"), named("ioc.type", "other"))
            .description(one("ioc.description"))
            .tag(one("ioc.tag"))
            .tlp(named("ioc.tlp", "amber")),
    )?;
    case.add_asset(
        NewAsset::new(one("asset.name"), named("asset.type", "Account"))
            .description(one("asset.description"))
            .ip(one("asset.ip"))
            .domain(one("asset.domain"))
            .tag(one("asset.tag")),
    )?;
    case.add_event(
        NewEvent::new(one("event.title"), date)
            .source(one("event.source"))
            .content(one("event.content"))
            .raw(one("event.raw"))
            .category(named("event.category", "Unspecified"))
            .tag(one("event.tag"))
            .color(one("event.color")),
    )?;
    case.add_note(
        NewNote::new(one("note.title"), one("note.content")).directory(one("note.directory")),
    )?;
    case.add_task(
        NewTask::new(one("task.title"))
            .description(one("task.description"))
            .status(named("task.status", "To do"))
            .tag(one("task.tag")),
    )?;
    case.add_comment(NewComment::new(ioc.id(), one("comment.text")))?;
    Ok(serde_json::to_string(&session.pending()).unwrap())
}

/// Every text field of every kind of object, as `kind.field`.
const TEXT_FIELDS: [&str; 26] = [
    "ioc.value",
    "ioc.type",
    "ioc.description",
    "ioc.tag",
    "ioc.tlp",
    "asset.name",
    "asset.type",
    "asset.description",
    "asset.ip",
    "asset.domain",
    "asset.tag",
    "event.title",
    "event.source",
    "event.content",
    "event.raw",
    "event.category",
    "event.tag",
    "event.color",
    "note.title",
    "note.content",
    "note.directory",
    "task.title",
    "task.description",
    "task.status",
    "task.tag",
    "comment.text",
];

/// The fields that name an entry of one of IRIS's lists.
const LIST_NAMES: [&str; 5] = [
    "ioc.type",
    "ioc.tlp",
    "asset.type",
    "event.category",
    "task.status",
];

#[test]
fn nul_in_any_text_field_is_refused_by_name_and_other_controls_are_stored_as_they_are() {
    let mut wrong = Vec::new();
    let mut cases = 0;
    for field in TEXT_FIELDS {
        let (object, name) = field.split_once('.').unwrap();
        let kind = match object {
            "ioc" => "IOC",
            "event" => "timeline event",
            other => other,
        };
        let label = match name {
            "raw" => "raw record",
            "ip" => "ip address",
            other => other,
        };
        for code in 0u8..0x20 {
            cases += 1;
            let control = char::from(code);
            // Inside the text: white space around names and titles is trimmed, as before.
            let text = format!("a{control}b");
            match (code, add_with(field, &text)) {
                (0, Err(error)) => {
                    let message = error.to_string();
                    let expected = format!(
                        "{kind} refused: the {label} contains a NUL character (U+0000) at character 2"
                    );
                    if !message.to_lowercase().starts_with(&expected.to_lowercase()) {
                        wrong.push(format!("{field} U+0000: {message:?}, not {expected:?}"));
                    }
                }
                (0, Ok(_)) => wrong.push(format!("{field} U+0000: accepted")),
                // Not a name of IRIS's lists, whatever the character.
                (_, Err(error)) if LIST_NAMES.contains(&field) => {
                    if !error.to_string().starts_with("unknown ") {
                        wrong.push(format!("{field} U+{code:04X}: {error}"));
                    }
                }
                (_, Err(error)) => wrong.push(format!("{field} U+{code:04X}: refused: {error}")),
                (_, Ok(stored)) => {
                    let quoted = serde_json::to_string(&text).unwrap();
                    if !stored.contains(quoted.trim_matches('"')) {
                        wrong.push(format!("{field} U+{code:04X}: not stored as it is"));
                    }
                }
            }
        }
    }
    report(wrong, cases);
}

#[test]
fn an_echoed_value_is_bounded_whatever_its_size() {
    use iris_module_core::case::CaseSession;
    // `MAX_OUTSIDE_TEXT` (512 bytes) of the value, and the words around it.
    let limit = 512 + 200;
    let mut wrong = Vec::new();
    let mut cases = 0;
    for size in [1, 100, 511, 512, 513, 600, 4096, 65_536, 1 << 20, 5 << 20] {
        let session = CaseSession::default();
        let case = session.case(1);
        let long = "z".repeat(size);
        let errors = [
            (
                "md5 value",
                case.add_ioc(NewIoc::new(long.clone(), "md5")).map(drop),
            ),
            (
                "IOC type",
                case.add_ioc(NewIoc::new("v", long.clone())).map(drop),
            ),
            (
                "TLP",
                case.add_ioc(NewIoc::new("v", "other").tlp(long.clone()))
                    .map(drop),
            ),
            (
                "tag",
                case.add_task(NewTask::new("t").tag(format!("{long},")))
                    .map(drop),
            ),
            (
                "asset type",
                case.add_asset(NewAsset::new("a", long.clone())).map(drop),
            ),
            (
                "category",
                case.add_event(
                    NewEvent::new("e", "2024-05-01T08:00:00Z".parse().unwrap())
                        .category(long.clone()),
                )
                .map(drop),
            ),
            (
                "task status",
                case.add_task(NewTask::new("t").status(long.clone()))
                    .map(drop),
            ),
            (
                "note title",
                case.add_note(NewNote::new(long.clone(), "c")).map(drop),
            ),
        ];
        for (what, outcome) in errors {
            cases += 1;
            match outcome {
                Err(error) if error.to_string().len() <= limit => {}
                Err(error) => wrong.push(format!(
                    "{what} of {size} bytes: a {}-byte error",
                    error.to_string().len()
                )),
                Ok(()) if what == "note title" && size <= 155 => {}
                Ok(()) => wrong.push(format!("{what} of {size} bytes: accepted")),
            }
        }
    }
    report(wrong, cases);
}

#[test]
fn a_types_pattern_is_compiled_once_not_per_ioc() {
    use iris_module_core::case::CaseSession;
    use std::time::Instant;
    let time = |ioc_type: &str, value: &dyn Fn(usize) -> String| {
        let session = CaseSession::default();
        let case = session.case(1);
        let started = Instant::now();
        for n in 0..3_000 {
            case.add_ioc(NewIoc::new(value(n), ioc_type)).unwrap();
        }
        started.elapsed()
    };
    // The same values, as a type without a pattern (`other`) and as `md5`, whose pattern
    // (`[a-f0-9]{32}`) is cheap to match but not to compile.
    let md5 = |n: usize| format!("{n:032x}");
    let without = time("other", &md5);
    let with = time("md5", &md5);
    assert!(
        with < without * 3,
        "3,000 md5 IOCs took {with:?}, {:.1} times the {without:?} of the same IOCs without a pattern",
        with.as_secs_f64() / without.as_secs_f64()
    );
}
