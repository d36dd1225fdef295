//! IrisCheck through the harness: every hook registered, each call logged and its data returned
//! unchanged, nothing logged when the setting is off.

use iris_check_module::IrisCheck;
use iris_module_core::IrisModule;
use iris_module_core::hooks::HOOKS;
use iris_module_core::prelude::*;
use iris_module_core::testing::Harness;
use serde_json::json;

#[test]
fn the_official_module_s_names_and_configuration() {
    let info = &IrisCheck::INFO;
    assert_eq!(info.name, "IrisCheck");
    assert_eq!(info.python_class(), "IrisCheckModule");
    assert_eq!(
        info.description,
        "Provides a simple check module that replies to every hooks"
    );
    assert_eq!(
        info.iris_configuration(),
        json!([{
            "param_name": "check_log_received_hook",
            "param_human_name": "Log received hook",
            "param_description": "Logs every hook received if set to true. Otherwise do nothing.",
            "default": true,
            "mandatory": true,
            "type": "bool"
        }])
    );
}

#[test]
fn registers_every_hook_whatever_the_setting() {
    for setting in [true, false] {
        let harness =
            Harness::<IrisCheck>::from_config(json!({"check_log_received_hook": setting})).unwrap();
        let plan = harness.registration_plan();
        let names: Vec<_> = plan.registrations.iter().map(|r| r.hook.name).collect();
        let all: Vec<_> = HOOKS.iter().map(|hook| hook.name).collect();
        assert_eq!(names, all);
        assert_eq!(plan.unregistered().count(), 0);
    }
}

#[test]
fn logs_each_call_and_returns_the_data_unchanged() {
    let harness = Harness::<IrisCheck>::new().unwrap();
    let mut iocs = vec![Ioc::new("evil.example", "domain")];
    let before = iocs.clone();
    let run = harness.fire_manual("on_manual_trigger_ioc", "Check it", &mut iocs);
    run.assert_success();
    assert_eq!(
        run.lines(),
        [
            "Received on_manual_trigger_ioc :: Check it",
            "Received data of type Ioc (1 object)"
        ]
    );
    assert_eq!(iocs, before);
    let (run, after) = harness
        .fire_json("on_postload_case_delete", None, json!([12, 13]))
        .unwrap();
    run.assert_success();
    assert!(run.logged("Received on_postload_case_delete :: None"));
    assert!(run.logged("Received data of type ObjectId (2 objects)"));
    assert_eq!(after, [json!(12), json!(13)]);
    let (run, _) = harness
        .fire_json("on_preload_ioc_create", None, json!([]))
        .unwrap();
    assert!(run.logged("Received no data"), "{:?}", run.lines());
}

#[test]
fn logs_nothing_when_the_setting_is_off() {
    let harness =
        Harness::<IrisCheck>::from_config(json!({"check_log_received_hook": false})).unwrap();
    let mut notes = vec![Note::default()];
    let run = harness.fire("on_postload_note_update", &mut notes);
    run.assert_success();
    assert!(run.lines().is_empty(), "{:?}", run.lines());
}
