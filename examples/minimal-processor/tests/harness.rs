//! `IrisRefang` through the test harness, as a module author would test it.

use iris_module_core::case::ObjectKind;
use iris_module_core::prelude::*;
use iris_module_core::testing::Harness;
use iris_refang_module::Refang;
use serde_json::json;

#[test]
fn refangs_and_tags_new_iocs() {
    let harness = Harness::<Refang>::new().unwrap();
    let mut iocs = vec![
        Ioc::new("hxxp://Bad[.]Example", "url"),
        Ioc::new("8.8.8.8", "ip-dst"),
    ];
    let run = harness.fire("on_postload_ioc_create", &mut iocs);
    run.assert_success();
    assert_eq!(iocs[0].ioc_value, "http://bad.example");
    assert_eq!(iocs[0].tags(), ["refanged"]);
    assert_eq!(iocs[1].ioc_value, "8.8.8.8");
    assert_eq!(iocs[1].ioc_tags, None, "untouched IOCs keep their tags");
    assert!(run.logged("1 of 2 IOCs refanged"));
    assert_eq!(run.lines().len(), 2, "{:?}", run.lines());
    assert_eq!(
        run.status.logs,
        run.lines(),
        "IRIS shows the handler's lines"
    );
}

#[test]
fn configuration_changes_the_behaviour() {
    let harness =
        Harness::<Refang>::from_config(json!({"tag": "", "lowercase_domains": "false"})).unwrap();
    let mut iocs = vec![Ioc::new("Evil[.]Example", "domain")];
    harness
        .fire("on_postload_ioc_update", &mut iocs)
        .assert_success();
    assert_eq!(iocs[0].ioc_value, "Evil.Example");
    assert_eq!(iocs[0].ioc_tags, None);
}

#[test]
fn manual_menu_entry_and_registrations() {
    let harness = Harness::<Refang>::new().unwrap();
    let manual: Vec<_> = harness
        .registrations()
        .iter()
        .map(|r| (r.hook, r.manual_name, r.run_asynchronously))
        .collect();
    assert_eq!(
        manual,
        [
            ("on_postload_ioc_create", None, true),
            ("on_postload_ioc_update", None, true),
            ("on_manual_trigger_ioc", Some("Refang IOC"), true),
            ("on_postload_note_create", None, true),
            ("on_postload_note_update", None, true),
            ("on_manual_trigger_note", Some("List indicators"), true),
        ]
    );
    let mut iocs = vec![Ioc::new("a[at]b[.]example", "email-src")];
    harness
        .fire_manual("on_manual_trigger_ioc", "Refang IOC", &mut iocs)
        .assert_success();
    assert_eq!(iocs[0].ioc_value, "a@b.example");
}

#[test]
fn bad_configuration_is_a_clear_error() {
    let error = Harness::<Refang>::from_config(json!({"lowercase_domains": "sometimes"}))
        .err()
        .unwrap();
    assert_eq!(
        error.to_string(),
        "invalid module configuration: parameter `lowercase_domains` (Lowercase domains) \
         expected true or false, found \"sometimes\""
    );
}

#[test]
fn unhandled_hooks_fail_cleanly() {
    let harness = Harness::<Refang>::new().unwrap();
    let mut assets = vec![Asset::default()];
    harness
        .fire("on_postload_asset_create", &mut assets)
        .assert_failure("not handled by this module");
}

#[test]
fn lists_the_indicators_of_a_note_in_its_tab() {
    let harness = Harness::<Refang>::from_config(json!({"indicators_tab": "IOCs"})).unwrap();
    // Objects are `#[non_exhaustive]` (a new IRIS column is not a breaking change): start from
    // the default and set what the test needs.
    let mut note = Note::default();
    note.note_title = Some("Phishing report".into());
    note.note_content = Some(
        "Lure from hr[at]Evil-Corp[.]example linking hxxps://evil-corp[.]example/login, \
         payload 5f4dcc3b5aa765d61d8327deb882cf99."
            .into(),
    );
    let mut notes = vec![note];
    let run = harness.fire("on_postload_note_create", &mut notes);
    run.assert_success();
    assert!(run.logged("3 indicators in note `Phishing report`"));
    let field = notes[0]
        .attribute_field("IOCs", "Found in the text")
        .unwrap();
    assert_eq!(field.field_type, AttributeType::Html);
    let html = field.value.as_str().unwrap();
    for expected in [
        "<code>hr@evil-corp.example</code> (email)",
        "<code>https:&#x2F;&#x2F;evil-corp.example&#x2F;login</code> (url)",
        "<code>5f4dcc3b5aa765d61d8327deb882cf99</code> (md5)",
    ] {
        assert!(html.contains(expected), "{expected} not in {html}");
    }

    // Once the text no longer holds indicators, the list goes; other tabs stay.
    notes[0].note_content = Some("Nothing left to see.".into());
    notes[0].set_attribute_field(
        "Triage",
        "Owner",
        AttributeField {
            field_type: AttributeType::InputString,
            value: json!("alice"),
            mandatory: false,
            options: None,
        },
    );
    let run = harness.fire_manual("on_manual_trigger_note", "List indicators", &mut notes);
    run.assert_success();
    assert!(run.logged("no indicators left in note `Phishing report`"));
    assert!(
        notes[0]
            .attribute_field("IOCs", "Found in the text")
            .is_none()
    );
    assert!(notes[0].attribute_field("Triage", "Owner").is_some());
}

fn phishing_note() -> Note {
    let mut note = Note::default();
    note.note_id = Some(7);
    note.note_case_id = Some(3);
    note.note_title = Some("Phishing report".into());
    note.note_content = Some(
        "Link: hxxps://Evil[.]Example/login from 10[.]0[.]0[.]1, reply to bob[at]evil[.]example"
            .into(),
    );
    note
}

#[test]
fn a_notes_indicators_become_iocs_of_its_case_once_when_switched_on() {
    let off = Harness::<Refang>::new().unwrap();
    off.fire("on_postload_note_create", &mut [phishing_note()])
        .assert_success();
    assert!(off.cases().objects().is_empty(), "off by default");

    let harness =
        Harness::<Refang>::from_config(json!({ "note_indicators_to_iocs": true })).unwrap();
    let run = harness.fire("on_postload_note_create", &mut [phishing_note()]);
    run.assert_success();
    assert!(run.logged("3 IOC(s) to add to case 3"), "{:?}", run.log);
    let iocs = harness.cases().of_kind(ObjectKind::Ioc);
    let values: Vec<_> = iocs
        .iter()
        .map(|ioc| (ioc.text("ioc_value").to_owned(), ioc.case_id))
        .collect();
    assert_eq!(
        values,
        [
            ("https://evil.example/login".to_owned(), 3),
            ("10.0.0.1".to_owned(), 3),
            ("bob@evil.example".to_owned(), 3)
        ]
    );
    assert!(iocs.iter().all(|ioc| ioc.text("ioc_description")
        == "Found in note #7 \"Phishing report\""
        && ioc.text("ioc_tags") == "from-note"
        && ioc.hook == "on_postload_ioc_create"));

    // The note saved again: nothing is added twice.
    let again = harness.fire("on_postload_note_update", &mut [phishing_note()]);
    again.assert_success();
    assert!(again.logged("0 IOC(s) to add to case 3 from note `Phishing report`, 3 already there"));
    assert_eq!(harness.cases().of_kind(ObjectKind::Ioc).len(), 3);
}
