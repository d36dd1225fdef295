//! Hooks chosen by the configuration (`#[chosen_hooks]`) beside declared ones: what
//! `register_hooks` registers, which handler each call reaches, and what the handler is told.

use iris_module_core::codes;
use iris_module_core::hooks::HookPhase;
use iris_module_core::prelude::*;
use iris_module_core::testing::Harness;
use serde::Deserialize;
use serde_json::json;
use std::sync::Mutex;

/// The hooks an administrator lists.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Rules {
    trigger_on: Vec<Trigger>,
    menu: Option<String>,
}

/// Records each call its configuration chose.
#[iris_module(kind = "processor", name = "IrisChosen")]
pub struct Chosen {
    #[config_param(default = "{\"trigger_on\": [\"all_create\"]}")]
    rules: Json<Rules>,
    seen: Mutex<Vec<String>>,
}

#[iris_module]
impl Chosen {
    fn hooks(&self) -> ChosenHooks {
        let mut hooks: ChosenHooks = self.rules.trigger_on.iter().copied().collect();
        if let Some(menu) = &self.rules.menu {
            hooks.add_manual("on_manual_trigger_ioc".parse().unwrap(), menu);
        }
        hooks
    }

    #[chosen_hooks(by = "hooks")]
    fn on_any(&self, ctx: &mut HookContext, hook: &mut AnyHook) -> HookResult {
        let seen = format!(
            "{} {} {} {:?} {}",
            hook.name(),
            hook.object(),
            hook.action(),
            hook.case_id(),
            hook.objects_ref().len()
        );
        ctx.info(&seen);
        self.seen.lock().unwrap().push(seen);
        if let HookPayload::Ioc(iocs) = hook.objects() {
            for ioc in iocs {
                ioc.add_tag("seen-by-any")?;
            }
        }
        Ok(())
    }

    #[hook("on_postload_ioc_create")]
    fn on_ioc(&self, ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        ctx.info("declared handler");
        Ok(())
    }
}

fn harness(rules: serde_json::Value) -> Harness<Chosen> {
    Harness::from_config(json!({ "rules": rules.to_string() })).unwrap()
}

#[test]
fn the_plan_holds_declared_and_chosen_hooks_each_once() {
    let plan =
        harness(json!({"trigger_on": ["all_create", "on_preload_ioc_delete"], "menu": "Send"}))
            .registration_plan();
    let ioc_create: Vec<_> = plan
        .registrations
        .iter()
        .filter(|r| r.hook.name == "on_postload_ioc_create")
        .collect();
    assert_eq!(ioc_create.len(), 1, "{plan:?}");
    assert_eq!(
        (ioc_create[0].handler, ioc_create[0].chosen),
        ("on_ioc", false)
    );
    let preload = plan
        .registrations
        .iter()
        .find(|r| r.hook.name == "on_preload_ioc_delete")
        .unwrap();
    assert!(!preload.run_asynchronously && preload.chosen && preload.handler == "on_any");
    let manual = plan
        .registrations
        .iter()
        .find(|r| r.hook.phase == HookPhase::Manual)
        .unwrap();
    assert_eq!(manual.manual_name.as_deref(), Some("Send"));
    assert_eq!(
        plan.renamable().map(|h| h.name).collect::<Vec<_>>(),
        ["on_manual_trigger_ioc"]
    );
    let creates = Trigger::AllCreate.hooks().count();
    assert_eq!(plan.registrations.len(), creates + 2);
    assert_eq!(plan.unregistered().count(), 90 - creates - 2);
}

#[test]
fn a_new_configuration_changes_the_plan() {
    let before = harness(json!({"trigger_on": ["all"]})).registration_plan();
    let after = harness(json!({"trigger_on": ["on_postload_note_update"]})).registration_plan();
    assert_eq!(before.registrations.len(), 55);
    let names: Vec<_> = after.registrations.iter().map(|r| r.hook.name).collect();
    assert_eq!(names, ["on_postload_ioc_create", "on_postload_note_update"]);
    assert!(
        after
            .unregistered()
            .any(|hook| hook.name == "on_postload_case_create")
    );
}

#[test]
fn a_chosen_hook_reaches_the_handler_as_any_hook() {
    let harness =
        harness(json!({"trigger_on": ["on_postload_note_update", "on_postload_ioc_update"]}));
    let mut note = Note::default();
    note.note_case_id = Some(4);
    let mut notes = vec![note];
    harness
        .fire("on_postload_note_update", &mut notes)
        .assert_success();
    let mut iocs = vec![Ioc::new("evil.example", "domain")];
    let run = harness.fire("on_postload_ioc_update", &mut iocs);
    run.assert_success();
    assert_eq!(iocs[0].ioc_tags.as_deref(), Some("seen-by-any"));
    assert_eq!(
        *harness.module().seen.lock().unwrap(),
        [
            "on_postload_note_update note update Some(4) 1",
            "on_postload_ioc_update ioc update None 1"
        ]
    );
}

#[test]
fn a_declared_handler_takes_its_hook() {
    let harness = harness(json!({"trigger_on": ["all"]}));
    let mut iocs = vec![Ioc::new("evil.example", "domain")];
    let run = harness.fire("on_postload_ioc_create", &mut iocs);
    assert!(run.logged("declared handler"), "{:?}", run.lines());
    assert!(harness.module().seen.lock().unwrap().is_empty());
}

#[test]
fn a_hook_the_configuration_does_not_choose_is_not_handled() {
    let harness = harness(json!({"trigger_on": ["on_postload_note_update"], "menu": "Send"}));
    let mut notes = vec![Note::default()];
    let run = harness.fire("on_postload_note_create", &mut notes);
    assert_eq!(run.status.code, codes::NOT_IMPLEMENTED, "{:?}", run.status);
    let mut iocs = vec![Ioc::new("a.example", "domain")];
    let run = harness.fire_manual("on_manual_trigger_ioc", "Other menu", &mut iocs);
    assert_eq!(run.status.code, codes::NOT_IMPLEMENTED);
    harness
        .fire_manual("on_manual_trigger_ioc", "Send", &mut iocs)
        .assert_success();
    assert_eq!(
        harness.module().seen.lock().unwrap().as_slice(),
        ["on_manual_trigger_ioc ioc manual None 1"]
    );
}

#[test]
fn data_of_the_wrong_kind_is_refused_before_the_handler() {
    let harness = harness(json!({"trigger_on": ["on_postload_note_update"]}));
    let mut iocs = vec![Ioc::new("a.example", "domain")];
    let run = harness.fire("on_postload_note_update", &mut iocs);
    run.assert_failure("passes `Note` objects");
    assert!(harness.module().seen.lock().unwrap().is_empty());
}

mod relay {
    use iris_module_core::testing::Harness;
    use iris_module_tests::Relay;
    use serde_json::json;

    fn relay(routes: serde_json::Value) -> Harness<Relay> {
        Harness::from_config(json!({ "routes": json!({ "routes": routes }).to_string() })).unwrap()
    }

    #[test]
    fn a_malformed_route_is_left_out_named_in_every_call_and_its_token_hidden() {
        let harness = relay(json!([
            {"name": "iocs", "trigger_on": ["all_create"], "token": "tok-3f9a"},
            {"name": "broken-one", "trigger_on": ["on_postload_ioc_creat"], "token": "tok-77aa"},
            {"name": "no-hooks", "token": "tok-0b0b"},
        ]));
        let left_out: Vec<String> = harness.left_out().iter().map(ToString::to_string).collect();
        assert_eq!(
            left_out,
            [
                "routes: routes[1] \"broken-one\": trigger_on[0]: `on_postload_ioc_creat` is not \
                 an IRIS hook; did you mean `on_postload_ioc_create`?",
                "routes: routes[2] \"no-hooks\": trigger_on is missing",
            ]
        );
        let plan = harness.registration_plan();
        assert!(plan.registers("on_postload_ioc_create", None));
        let (run, _) = harness
            .fire_json(
                "on_postload_ioc_create",
                None,
                json!([{"ioc_value": "tok-77aa.example"}]),
            )
            .unwrap();
        run.assert_success();
        assert!(
            run.logged("route iocs: ioc create with token [redacted]"),
            "{:?}",
            run.lines()
        );
        assert!(run.logged("routes[1] \"broken-one\""), "{:?}", run.lines());
        for secret in ["tok-3f9a", "tok-77aa", "tok-0b0b"] {
            assert!(
                !run.lines().join(" ").contains(secret),
                "{secret}: {:?}",
                run.lines()
            );
        }
    }
}

mod describe {
    use iris_module_core::Registry;
    use iris_module_core::local::{Command, Report, Request, handle};
    use serde_json::json;

    #[test]
    fn describe_with_a_configuration_shows_its_hooks_and_what_it_leaves_out() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.json");
        let routes = json!({"routes": [
            {"name": "menu", "trigger_on": ["on_manual_trigger_case"], "menu": "Relay the case",
             "token": "tok-d3sc"},
            {"name": "broken-one", "trigger_on": "on_postload_case_update"},
        ]});
        std::fs::write(&config, json!({"routes": routes.to_string()}).to_string()).unwrap();
        let registry = Registry::collect().unwrap();
        let mut request = Request::new(Command::Describe {
            json: true,
            package: None,
            config: Some(config),
        });
        request.module = Some("IrisRelay".into());
        let report = handle(&registry, &request, None).unwrap();
        let Report::Description { value, .. } = &report else {
            panic!("{report}")
        };
        assert_eq!(
            value["hooks"],
            json!([{"hook": "on_manual_trigger_case", "manual_hook_name": "Relay the case",
                    "run_asynchronously": true, "handler": "relay", "enabled_by": null,
                    "ioc_types": [], "chosen": true}])
        );
        assert_eq!(
            value["chosen_hooks"],
            json!({"handler": "relay", "by": "route_hooks"})
        );
        assert_eq!(
            value["left_out"],
            json!([
                "routes: routes[1] \"broken-one\": trigger_on: invalid type: string \
                    \"on_postload_case_update\", expected a sequence"
            ])
        );
        request.command = Command::Describe {
            json: false,
            package: None,
            config: None,
        };
        let table = handle(&registry, &request, None).unwrap().to_string();
        assert!(table.contains("on_postload_ioc_update"), "{table}");
        assert!(table.contains("chosen by the configuration"), "{table}");
        assert!(!table.contains("tok-d3sc"));
    }
}

mod run {
    use iris_module_core::Registry;
    use iris_module_core::local::{Command, Report, Request, handle};
    use serde_json::json;

    #[test]
    fn run_delivers_a_chosen_hook_as_iris_would_and_refuses_one_not_chosen() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.json");
        let routes = json!({"routes": [
            {"name": "notes", "trigger_on": ["on_postload_note_update"], "token": "tok-run-5e"},
        ]});
        std::fs::write(&config, json!({"routes": routes.to_string()}).to_string()).unwrap();
        let data = dir.path().join("notes.json");
        std::fs::write(
            &data,
            json!([{"note_title": "Triage", "note_case_id": 3}]).to_string(),
        )
        .unwrap();
        let registry = Registry::collect().unwrap();
        let run = |hook: &str| {
            let mut request = Request::new(Command::Run {
                hook: hook.into(),
                ui_name: None,
                config: Some(config.clone()),
                data: data.clone(),
            });
            request.module = Some("IrisRelay".into());
            match handle(&registry, &request, None).unwrap() {
                Report::Hook(report) => report,
                other => panic!("{other}"),
            }
        };
        let report = run("on_postload_note_update");
        assert!(report.status.is_success(), "{}", report.status.message);
        let text = report.to_string();
        assert!(
            text.contains("route notes: note update with token [redacted]"),
            "{text}"
        );
        assert!(!text.contains("tok-run-5e"), "{text}");
        let refused = run("on_postload_note_create");
        assert!(!refused.status.is_success());
        assert!(
            refused
                .status
                .message
                .contains("is not handled by this module"),
            "{}",
            refused.status.message
        );
    }
}

mod built_once {
    use iris_module_core::ModuleConfig;
    use iris_module_core::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static CHOSEN: AtomicUsize = AtomicUsize::new(0);

    /// Counts how often its hooks are chosen.
    #[iris_module(kind = "processor", name = "IrisCountedChooser")]
    pub struct Counted;

    #[iris_module]
    impl Counted {
        fn hooks(&self) -> ChosenHooks {
            CHOSEN.fetch_add(1, Ordering::SeqCst);
            ChosenHooks::every_hook()
        }

        #[chosen_hooks(by = "hooks")]
        fn any(&self, _ctx: &mut HookContext, _hook: &mut AnyHook) -> HookResult {
            Ok(())
        }
    }

    #[test]
    fn the_hooks_are_chosen_once_per_built_module_not_per_call() {
        let module = iris_module_core::host::instantiate::<Counted>(&ModuleConfig::new()).unwrap();
        for _ in 0..10 {
            assert!(module.chooses("on_postload_ioc_create", None));
            let mut ctx = HookContext::new("on_postload_note_update");
            let mut payload = HookPayload::Note(vec![Note::default()]);
            assert!(
                iris_module_core::host::run_hook(module.as_ref(), &mut ctx, &mut payload)
                    .is_success()
            );
        }
        assert_eq!(CHOSEN.load(Ordering::SeqCst), 1);
    }
}
