//! IrisMISP's names, configuration and hooks: the official module's, its stored configuration
//! upgrading in place, and the IOC types its hooks take (exactly those it searches).

mod support;

use iris_misp_module::IrisMisp;
use iris_misp_module::search::searches;
use iris_module_core::IrisModule;
use iris_module_core::hooks::{ioc_type_names, ioc_type_passes};
use iris_module_core::objects::Ioc;
use iris_module_core::testing::Harness;
use serde_json::{Value, json};

fn official_configuration() -> Value {
    let path = support::fixtures().join("misp_configuration_list.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_official_modules_names_and_configuration_and_one_parameter_more() {
    let info = &IrisMisp::INFO;
    assert_eq!(info.name, "IrisMISP");
    assert_eq!(info.python_class(), "IrisMISPInterface");
    assert_eq!(
        info.description,
        "Provides an interface between MISP and IRIS"
    );
    let declared = info.iris_configuration();
    let declared = declared.as_array().unwrap();
    let official = official_configuration();
    let official = official.as_array().unwrap();
    assert_eq!(&declared[..official.len()], official.as_slice());
    assert_eq!(
        declared[official.len()..],
        [json!({
            "param_name": "misp_cache_ttl_minutes",
            "param_human_name": "Cache time to live (minutes)",
            "param_description": "How long MISP's answer for a value is reused, by every IRIS worker, instead of asking MISP again, in minutes (0: always ask). The manual trigger always asks.",
            "default": 15,
            "mandatory": false,
            "type": "int",
            "section": "Advanced"
        })]
    );
}

fn registered(harness: &Harness<IrisMisp>) -> Vec<(String, Option<String>)> {
    harness
        .registration_plan()
        .registrations
        .iter()
        .map(|r| (r.hook.name.to_owned(), r.manual_name.clone()))
        .collect()
}

#[test]
fn the_hooks_are_those_its_triggers_choose() {
    let defaults = Harness::<IrisMisp>::new().unwrap();
    assert_eq!(
        registered(&defaults),
        [(
            "on_manual_trigger_ioc".to_owned(),
            Some("Get MISP insight".to_owned())
        )]
    );
    let all = Harness::<IrisMisp>::from_config(json!({
        "misp_on_create_hook_enabled": true,
        "misp_on_update_hook_enabled": "True",
        "misp_manual_hook_enabled": false,
    }))
    .unwrap();
    assert_eq!(
        registered(&all),
        [
            ("on_postload_ioc_create".to_owned(), None),
            ("on_postload_ioc_update".to_owned(), None)
        ]
    );
}

#[test]
fn its_hooks_take_exactly_the_ioc_types_it_searches() {
    for registration in Harness::<IrisMisp>::new().unwrap().registrations() {
        let mut taken = 0;
        for type_name in ioc_type_names() {
            let value = if type_name.contains('|') { "x|y" } else { "x" };
            let searched = !searches(&Ioc::new(value, type_name.as_str())).is_empty();
            let passes = ioc_type_passes(registration.ioc_types, type_name);
            assert_eq!(passes, searched, "{}: {type_name}", registration.hook);
            taken += usize::from(passes);
        }
        // misp.md: the official module handles 38 of IRIS's types and skips the others.
        assert_eq!(taken, 38, "{}", registration.hook);
    }
}

/// What IRIS v2.4.20 stored for the official module, with an administrator's instance list.
fn stored_by_the_official_module() -> Value {
    let mut stored = official_configuration();
    for entry in stored.as_array_mut().unwrap() {
        entry["value"] = entry["default"].clone();
    }
    stored[0]["value"] = json!(
        r#"{"name": ["A", "B"], "type": "private", "url": ["https://a.example", "https://b.example/"], "key": ["KEY-A", "KEY-B"], "ssl": [false, true]}"#
    );
    stored[9]["value"] = json!(true); // misp_on_create_hook_enabled
    stored
}

/// IRIS passes the values of the stored list (the bridge brings the list up to this version's
/// first, keeping every stored value: `tests/python`); without the new parameter, its default.
#[test]
fn the_official_modules_stored_values_are_read_unchanged() {
    let values: serde_json::Map<String, Value> = stored_by_the_official_module()
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            (
                entry["param_name"].as_str().unwrap().to_owned(),
                entry["value"].clone(),
            )
        })
        .collect();
    let harness = Harness::<IrisMisp>::from_config(Value::Object(values)).unwrap();
    assert_eq!(
        registered(&harness),
        [
            ("on_postload_ioc_create".to_owned(), None),
            (
                "on_manual_trigger_ioc".to_owned(),
                Some("Get MISP insight".to_owned())
            )
        ]
    );
}
