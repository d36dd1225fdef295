//! The foundation's module surface (`iris_module_tests::Reputation`) through the test harness:
//! configuration, registrations, every kind of outcome, logs and the changed objects.

use iris_module_core::prelude::*;
use iris_module_core::testing::Harness;
use iris_module_core::{HookHandlers, IrisModule, codes};
use iris_module_tests::Reputation;
use serde_json::json;

fn harness() -> Harness<Reputation> {
    Harness::from_config(json!({"api_key": "s3cr3t-key", "threshold": "40"})).unwrap()
}

#[test]
fn configuration_list_has_exactly_iris_keys() {
    assert_eq!(
        Reputation::INFO.iris_configuration(),
        json!([
            {"param_name": "api_key", "param_human_name": "API key",
             "param_description": "API key used for the lookups", "default": null,
             "mandatory": true, "type": "sensitive_string"},
            {"param_name": "tag_malicious", "param_human_name": "Tag malicious",
             "param_description": "Tag malicious", "default": true, "mandatory": false,
             "type": "bool", "section": "Behaviour"},
            {"param_name": "threshold", "param_human_name": "Threshold",
             "param_description": "Threshold", "default": 30, "mandatory": false, "type": "int"},
            {"param_name": "report_template", "param_human_name": "Report template",
             "param_description": "Report template", "default": "<b>{{ score }}</b>",
             "mandatory": false, "type": "textfield_html"},
        ])
    );
    let info = &Reputation::INFO;
    assert_eq!(
        (
            info.name,
            info.description,
            info.module_version,
            info.interface_version
        ),
        (
            "IrisReputation",
            "Enriches IOCs with reputation data.",
            "0.1.0",
            "1.2.0"
        )
    );
    assert_eq!(info.kind.iris_type(), "module_processor");
}

#[test]
fn registrations_carry_menu_names_and_async_flags() {
    let rows: Vec<_> = Reputation::HOOKS
        .iter()
        .map(|h| (h.hook, h.manual_name, h.run_asynchronously, h.handler))
        .collect();
    assert_eq!(
        rows,
        [
            ("on_postload_ioc_create", None, true, "enrich"),
            ("on_postload_ioc_update", None, true, "enrich"),
            (
                "on_manual_trigger_ioc",
                Some("Get reputation"),
                true,
                "enrich"
            ),
            (
                "on_manual_trigger_asset",
                Some("Cached reputation"),
                true,
                "cached"
            ),
            ("on_preload_asset_create", None, false, "check_asset"),
            ("on_postload_ioc_delete", None, false, "forget"),
            (
                "on_manual_trigger_note",
                Some("Slow lookup"),
                true,
                "slow_lookup"
            ),
        ]
    );
}

#[test]
fn config_values_arrive_as_iris_stores_them() {
    let module = harness();
    assert_eq!(module.module().threshold, 40);
    assert!(module.module().tag_malicious);
    assert!(
        module.module().client.is_none(),
        "plain fields are built with Default"
    );
    let list_form = Harness::<Reputation>::from_config(json!([
        {"param_name": "api_key", "default": null, "value": "k"},
        {"param_name": "tag_malicious", "default": true, "value": "false"},
        {"param_name": "threshold", "default": 30},
    ]))
    .unwrap();
    assert!(!list_form.module().tag_malicious);
    assert_eq!(list_form.module().threshold, 30);
}

#[test]
fn every_configuration_problem_is_reported_at_once() {
    let error =
        Harness::<Reputation>::from_config(json!({"threshold": "high", "tag_malicious": 7}))
            .err()
            .unwrap();
    assert_eq!(error.problems.len(), 3, "{error}");
    let message = error.to_string();
    assert!(
        message.contains("`api_key` (API key) is mandatory but has no value"),
        "{message}"
    );
    assert!(
        message.contains("`threshold` (Threshold) expected an integer, found \"high\""),
        "{message}"
    );
    assert!(
        message.contains("`tag_malicious` (Tag malicious) expected true or false, found 7"),
        "{message}"
    );
}

#[test]
fn enriches_iocs_and_reports_through_the_status() {
    let mut iocs = vec![
        Ioc::new("very-long-malicious-domain.example", "domain"),
        Ioc::new("a.io", "domain"),
    ];
    let run = harness().fire("on_postload_ioc_create", &mut iocs);
    run.assert_success();
    assert_eq!(run.status.code, codes::SUCCESS);
    assert_eq!(iocs[0].tags(), ["reputation:malicious"]);
    assert_eq!(iocs[1].ioc_tags, None);
    let report = iocs[0]
        .attribute_field("Reputation", "HTML report")
        .unwrap();
    assert_eq!(report.field_type, AttributeType::Html);
    assert_eq!(report.value, json!("<b>100</b>"));
    // `log::info!` in the handler and `ctx.info` both reach the status logs, in order.
    assert_eq!(
        run.status.logs,
        [
            "score of very-long-malicious-domain.example is 100",
            "score of a.io is 28",
            "2 IOCs enriched",
        ]
    );
}

#[test]
fn manual_hooks_are_dispatched_by_menu_name() {
    let mut iocs = vec![Ioc::new("x.example", "domain")];
    harness()
        .fire_manual("on_manual_trigger_ioc", "Get reputation", &mut iocs)
        .assert_success();
    assert!(iocs[0].custom_attributes.is_some());
}

#[test]
fn preload_hooks_change_the_request_body() {
    let (run, bodies) = harness()
        .fire_json(
            "on_preload_asset_create",
            None,
            json!({"asset_name": "DC 01"}),
        )
        .unwrap();
    run.assert_success();
    assert_eq!(
        run.lines_at(log::Level::Warn),
        ["asset names should not contain spaces"]
    );
    assert_eq!(
        bodies,
        [json!({"asset_name": "DC 01", "asset_description": "checked by IrisReputation"})]
    );
}

#[test]
fn a_returned_status_is_kept() {
    let (run, _) = harness()
        .fire_json("on_postload_ioc_delete", None, json!([4, 5]))
        .unwrap();
    run.assert_success();
    assert_eq!(run.status.message, "forgot 2 IOCs");
    assert_eq!(run.status.logs, ["deleted ids processed"]);
}

#[test]
fn a_panicking_handler_gives_an_error_status_and_keeps_earlier_changes() {
    let mut iocs = vec![
        Ioc::new("first-and-quite-long.example", "domain"),
        Ioc::new("panic.example", "domain"),
    ];
    let run = harness().fire("on_postload_ioc_update", &mut iocs);
    run.assert_failure("module `IrisReputation` panicked in hook `on_postload_ioc_update`: lookup of panic.example exploded");
    assert_eq!(run.status.code, codes::CRITICAL);
    assert_eq!(iocs.len(), 2, "nothing is lost");
    assert_eq!(
        iocs[0].tags(),
        ["reputation:malicious"],
        "changes before the panic stay"
    );
    assert!(run.logged("handler panicked"));
}

#[test]
fn a_handler_error_becomes_an_error_status() {
    let mut iocs = vec![Ioc::new("long-enough-to-be-malicious.example", "domain")];
    iocs[0].ioc_tags = Some("x".repeat(500));
    let run = harness().fire("on_postload_ioc_create", &mut iocs);
    run.assert_failure("exceed 512 characters");
    assert_eq!(run.status.code, codes::ERROR);
}

#[test]
fn bad_hook_data_is_an_error_not_a_panic() {
    let error = harness()
        .fire_json("on_postload_ioc_create", None, json!([{"ioc_value": 12}]))
        .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("hook data element 0 is not a valid `Ioc`"),
        "{error}"
    );
    let mut assets = vec![Asset::default()];
    harness()
        .fire("on_postload_ioc_create", &mut assets)
        .assert_failure("passes `Ioc` objects, but the call carried `Asset`");
}

#[test]
fn unknown_and_unhandled_hooks_are_errors() {
    let mut iocs = vec![Ioc::new("a", "domain")];
    harness()
        .fire("on_postload_ioc_created", &mut iocs)
        .assert_failure("is not an IRIS hook; did you mean `on_postload_ioc_create`?");
    let run = harness().fire("on_manual_trigger_ioc", &mut iocs);
    assert!(
        run.is_success(),
        "a single manual handler answers any menu name"
    );
    let mut notes = vec![Note::default()];
    let run = harness().fire("on_postload_note_create", &mut notes);
    run.assert_failure("not handled by this module");
    assert_eq!(run.status.code, codes::NOT_IMPLEMENTED);
}

#[test]
fn secrets_never_show() {
    let module = harness();
    let debug = format!("{:?}", module.module());
    assert!(!debug.contains("s3cr3t-key"), "{debug}");
    assert!(debug.contains("Secret(***)"));
    assert_eq!(module.module().api_key.expose(), "s3cr3t-key");
    let error = Harness::<Reputation>::from_config(json!({"api_key": {"nested": "s3cr3t-key"}}))
        .err()
        .unwrap();
    assert!(!error.to_string().contains("s3cr3t-key"), "{error}");
    let mut iocs = vec![Ioc::new("panic.example", "domain")];
    let run = module.fire("on_postload_ioc_create", &mut iocs);
    assert!(!format!("{run:?}").contains("s3cr3t-key"));
}

#[test]
fn worker_threads_log_through_a_cloned_logger() {
    #[iris_module(kind = "processor", name = "IrisThreaded")]
    struct Threaded;

    #[iris_module]
    impl Threaded {
        #[hook("on_postload_note_create")]
        fn fan_out(&self, ctx: &mut HookContext, notes: &mut [Note]) -> HookResult {
            let logger = ctx.logger().clone();
            std::thread::scope(|scope| {
                for note in notes.iter_mut() {
                    let logger = logger.clone();
                    scope.spawn(move || {
                        let _routed = logger.enter();
                        note.note_title = Some("seen".into());
                        log::info!("worker saw a note");
                    });
                }
            });
            Ok(())
        }
    }

    let mut notes = vec![Note::default(), Note::default()];
    let run = Harness::<Threaded>::new()
        .unwrap()
        .fire("on_postload_note_create", &mut notes);
    run.assert_success();
    assert_eq!(run.status.logs, ["worker saw a note", "worker saw a note"]);
    assert!(
        notes
            .iter()
            .all(|n| n.note_title.as_deref() == Some("seen"))
    );
}
