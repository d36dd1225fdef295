//! `IrisRefang` through the test harness, as a module author would test it.

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
    assert_eq!(
        run.status.logs.len(),
        2,
        "status logs are the handler's lines"
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
