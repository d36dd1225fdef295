//! IrisWebHooks through the harness, against loopback receivers: the official module's names and
//! configuration, the hooks a configuration registers (a malformed webhook left out and named,
//! the others registered), the requests sent, retries, redirects and secrets.

use iris_module_core::IrisModule;
use iris_module_core::testing::loopback::{Answer, HttpServer};
use iris_module_core::testing::{Harness, HookRun};
use iris_webhooks_module::IrisWebHooks;
use serde_json::{Value, json};
use std::time::Duration;

mod support;

fn harness(config: Value) -> Harness<IrisWebHooks> {
    support::harness(&config)
}

fn registered(harness: &Harness<IrisWebHooks>) -> Vec<(String, Option<String>)> {
    harness
        .registration_plan()
        .registrations
        .iter()
        .map(|r| (r.hook.name.to_owned(), r.manual_name.clone()))
        .collect()
}

/// Fires `hook` at JSON `data` with no menu entry; the run.
fn fire(harness: &Harness<IrisWebHooks>, hook: &str, data: Value) -> HookRun {
    harness.fire_json(hook, None, data).unwrap().0
}

/// The `text` of each request's JSON body.
fn texts(received: &[iris_module_core::testing::loopback::Received]) -> Vec<String> {
    received
        .iter()
        .map(|r| {
            let body: Value = serde_json::from_str(&r.body).unwrap();
            body["text"].as_str().unwrap_or_default().to_owned()
        })
        .collect()
}

fn case() -> Value {
    json!({"case_id": 42, "name": "#42 - Ransomware", "user": {"name": "Jane Doe"}})
}

fn slack(url: &str, trigger_on: Value) -> Value {
    named("slack", url, trigger_on)
}

/// A Slack-like webhook called `name`.
fn named(name: &str, url: &str, trigger_on: Value) -> Value {
    json!({"name": name, "trigger_on": trigger_on, "request_url": url, "use_rendering": true,
        "request_rendering": "markdown_slack",
        "request_body": {"text": "%TITLE%", "attachments": [{"text": "%DESCRIPTION%"}]}})
}

#[test]
fn the_official_module_s_names_and_configuration() {
    let info = &IrisWebHooks::INFO;
    assert_eq!(info.name, "IrisWebHooks");
    assert_eq!(info.python_class(), "IrisWebHooksInterface");
    assert_eq!(
        info.description,
        "Provides webhooks for IRIS. See https://docs.dfir-iris.org/operations/modules/natives/IrisWebHooks/"
    );
    assert_eq!(
        info.iris_configuration(),
        json!([{
            "param_name": "wh_configuration",
            "param_human_name": "Webhooks configuration",
            "param_description": "JSON Webhooks configuration",
            "default": "{}",
            "mandatory": true,
            "type": "textfield_json"
        }])
    );
    // IRIS's first registration stores the default: no webhook, no hook.
    assert!(registered(&Harness::<IrisWebHooks>::new().unwrap()).is_empty());
}

#[test]
fn the_703_configuration_registers_its_valid_webhook_and_names_the_other() {
    let config = json!({"webhooks": [
        slack("http://127.0.0.1:9/a", json!(["on_postload_case_create"])),
        {"name": "broken-one", "trigger_on": ["on_postload_ioc_create"],
         "request_body": {"text": "%TITLE%"}, "use_rendering": true}
    ]});
    let harness = harness(config);
    assert_eq!(
        registered(&harness),
        [("on_postload_case_create".to_owned(), None)]
    );
    let left_out: Vec<String> = harness.left_out().iter().map(ToString::to_string).collect();
    assert_eq!(
        left_out,
        [r#"wh_configuration: webhooks[1] "broken-one": request_url is missing"#]
    );
    let run = fire(
        &harness,
        "on_postload_ioc_create",
        json!([{"ioc_value": "1.2.3.4"}]),
    );
    assert!(
        run.lines().iter().any(|line| line.contains("broken-one")),
        "the call's log names what was left out: {:?}",
        run.lines()
    );
}

#[test]
fn triggers_register_as_the_official_module_registers_them() {
    let config = json!({"webhooks": [
        slack("http://127.0.0.1:9/a", json!(["all_create"])),
        {"name": "manual", "trigger_on": ["on_manual_trigger_ioc", "on_preload_ioc_delete"],
         "manual_trigger_name": "Send IOC", "request_url": "http://127.0.0.1:9/b", "request_body": {}},
        {"name": "off", "trigger_on": ["all"], "active": false, "request_url": "http://127.0.0.1:9/c",
         "request_body": {}},
        {"name": "still-on", "trigger_on": ["on_postload_note_update"], "active": "no",
         "request_url": "http://127.0.0.1:9/d", "request_body": {}}
    ]});
    let names: Vec<(String, Option<String>)> = registered(&harness(config));
    let create: Vec<&str> = names[..11].iter().map(|(name, _)| name.as_str()).collect();
    assert!(
        create
            .iter()
            .all(|name| name.starts_with("on_postload_") && name.ends_with("_create"))
    );
    assert_eq!(
        names[11..],
        [
            (
                "on_manual_trigger_ioc".to_owned(),
                Some("Send IOC".to_owned())
            ),
            ("on_preload_ioc_delete".to_owned(), None),
            ("on_postload_note_update".to_owned(), None),
        ]
    );
}

#[test]
fn unsupported_and_unknown_triggers_are_named() {
    let config = json!({"webhooks": [
        {"name": "pre", "trigger_on": ["on_preload_ioc_create"], "request_url": "http://127.0.0.1:9/", "request_body": {}},
        {"name": "typo", "trigger_on": ["on_postload_ioc_crate"], "request_url": "http://127.0.0.1:9/", "request_body": {}},
        {"name": "menu", "trigger_on": ["on_manual_trigger_case"], "request_url": "http://127.0.0.1:9/", "request_body": {}}
    ]});
    let harness = harness(config);
    assert!(registered(&harness).is_empty());
    let left_out: Vec<String> = harness.left_out().iter().map(ToString::to_string).collect();
    assert_eq!(left_out.len(), 3, "{left_out:?}");
    assert!(
        left_out[0].contains("`on_preload_ioc_create` is not supported"),
        "{}",
        left_out[0]
    );
    assert!(
        left_out[1].contains("did you mean `on_postload_ioc_create`?"),
        "{}",
        left_out[1]
    );
    assert!(
        left_out[2].contains("needs manual_trigger_name"),
        "{}",
        left_out[2]
    );
}

#[test]
fn sends_the_official_module_s_body_with_the_configured_headers() {
    let receiver = HttpServer::start(|_| Answer::json(200, "ok"));
    let mut webhook = slack(&format!("{}/hook?x=1", receiver.base), json!(["all"]));
    webhook["request_headers"] =
        json!({"Authorization": "Bearer tok-123", "X-Custom": "a", "X-Gone": null});
    let harness = harness(json!({"instance_url": "https://iris.local", "webhooks": [webhook]}));
    let run = fire(&harness, "on_postload_case_create", json!([case()]));
    run.assert_success();
    assert!(run.logged("Webhook slack - Payload delivered successfully, code 200."));
    let received = receiver.received();
    assert_eq!(received.len(), 1);
    let request = &received[0];
    assert_eq!(
        (request.method.as_str(), request.url.as_str()),
        ("POST", "/hook?x=1")
    );
    assert_eq!(
        request.body,
        r#"{"text": "[#42 - Ransomware] Case created", "attachments": [{"text": "Jane Doe created case <https://iris.local/case?cid=42|#42 - Ransomware> "}]}"#
    );
    assert_eq!(request.header("authorization"), Some("Bearer tok-123"));
    assert_eq!(request.header("x-custom"), Some("a"));
    assert_eq!(request.header("x-gone"), None);
    assert_eq!(request.header("content-type"), Some("application/json"));
    // The token is a secret: nowhere in what the call shows.
    assert!(!format!("{:?}", run.lines()).contains("tok-123"));
}

#[test]
fn a_template_names_the_objects_fields() {
    let receiver = HttpServer::start(|_| Answer::json(200, "ok"));
    let harness = harness(json!({"instance_url": "https://iris.local", "webhooks": [{
        "name": "soar", "trigger_on": ["on_postload_ioc_create"], "request_url": receiver.base,
        "request_body": {"value": "iocs.ioc_value", "text": "New IOC ${{iocs.ioc_value}}", "url": "object_url"}
    }]}));
    let run = fire(
        &harness,
        "on_postload_ioc_create",
        json!([{"ioc_value": "evil.example"}]),
    );
    run.assert_success();
    let body: Value = serde_json::from_str(&receiver.received()[0].body).unwrap();
    assert_eq!(
        body,
        json!({"value": "evil.example", "text": "New IOC evil.example", "url": ""})
    );
}

#[test]
fn only_the_webhooks_that_chose_the_hook_are_sent_once_each() {
    let receiver = HttpServer::start(|_| Answer::json(200, "ok"));
    let url = |path: &str| format!("{}/{path}", receiver.base);
    let harness = harness(json!({"webhooks": [
        slack(&url("twice"), json!(["all", "on_postload_case_update", "all_update"])),
        slack(&url("create"), json!(["all_create"])),
        {"name": "menu", "trigger_on": ["on_manual_trigger_case"], "manual_trigger_name": "Tell the SOC",
         "request_url": url("menu"), "request_body": {"t": "%TITLE%"}, "use_rendering": true},
        {"name": "deletes", "trigger_on": ["all_delete"], "request_url": url("deletes"),
         "request_body": {"t": "%TITLE%", "d": "%DESCRIPTION%"}, "use_rendering": true}
    ]}));
    let paths = |hook: &str, ui: Option<&str>, data: Value| {
        let before = receiver.received().len();
        harness
            .fire_json(hook, ui, data)
            .unwrap()
            .0
            .assert_success();
        receiver.received()[before..]
            .iter()
            .map(|r| r.url.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        paths("on_postload_case_update", None, json!([case()])),
        ["/twice"]
    );
    assert_eq!(
        paths("on_postload_case_create", None, json!([case()])),
        ["/twice", "/create"]
    );
    assert_eq!(
        paths(
            "on_manual_trigger_case",
            Some("Tell the SOC"),
            json!([case()])
        ),
        ["/menu"]
    );
    // A menu entry it did not register is refused (IRIS never calls it so), and nothing sent.
    let before = receiver.received().len();
    let (run, _) = harness
        .fire_json(
            "on_manual_trigger_case",
            Some("Another module's entry"),
            json!([case()]),
        )
        .unwrap();
    run.assert_failure("is not handled by this module");
    assert_eq!(receiver.received().len(), before);
    assert_eq!(
        paths("on_postload_ioc_delete", None, json!([12])),
        ["/twice", "/deletes"]
    );
    let deleted: Value = serde_json::from_str(&receiver.received().last().unwrap().body).unwrap();
    assert_eq!(
        deleted,
        json!({"t": "[N/A] Ioc deleted", "d": "N/A deleted ioc 12 "})
    );
}

#[test]
fn a_receiver_down_for_three_attempts_gets_the_request_once() {
    let receiver =
        HttpServer::start_after(Duration::from_millis(3500), |_| Answer::json(200, "ok"));
    let harness =
        harness(json!({"webhooks": [named("comes-back", &receiver.base, json!(["all"]))]}));
    let run = fire(&harness, "on_postload_case_update", json!([case()]));
    run.assert_success();
    assert_eq!(receiver.received().len(), 1);
}

#[test]
fn a_redirect_to_another_port_sends_nothing_there() {
    let elsewhere = HttpServer::start(|_| Answer::json(200, "ok"));
    let target = format!("{}/steal", elsewhere.base);
    let redirecting =
        HttpServer::start(move |_| Answer::json(307, "").with_header("Location", &target));
    let mut webhook = named("redirected", &redirecting.base, json!(["all"]));
    webhook["request_headers"] = json!({"Authorization": "Bearer tok-123"});
    let harness = harness(json!({"webhooks": [webhook]}));
    let run = fire(&harness, "on_postload_case_update", json!([case()]));
    run.assert_failure("not delivered: redirected");
    assert_eq!(redirecting.received().len(), 1);
    assert!(elsewhere.received().is_empty());
}

#[test]
fn a_receiver_echoing_the_token_and_the_url_sees_them_redacted() {
    let echo = HttpServer::start(|request| {
        Answer::json(
            403,
            format!(
                "denied {} at {}",
                request.header("authorization").unwrap_or(""),
                request.url
            ),
        )
    });
    let url = format!("{}/services/T000/B000/s3cr3tpath", echo.base);
    let mut webhook = named("echoed", &url, json!(["all"]));
    webhook["request_headers"] = json!({"Authorization": "Bearer tok-123"});
    let harness = harness(json!({"webhooks": [webhook]}));
    let run = fire(&harness, "on_postload_case_update", json!([case()]));
    run.assert_failure("not delivered: echoed");
    let shown = format!("{:?} {:?}", run.lines(), run.status);
    assert!(shown.contains("answered 403"), "{shown}");
    assert!(!shown.contains("tok-123"), "{shown}");
    assert!(!shown.contains("s3cr3tpath"), "{shown}");
}

#[test]
fn a_1_0_1_configuration_renders_as_1_0_1_did() {
    let receiver = HttpServer::start(|_| Answer::json(200, "ok"));
    // 1.0.1 had no use_rendering: it always rendered.
    let harness = harness(json!({"instance_url": "https://iris.local", "webhooks": [{
        "name": "old", "trigger_on": ["on_postload_case_create"], "request_url": receiver.base,
        "request_rendering": "markdown", "request_body": {"text": "%TITLE%: %DESCRIPTION%"}
    }, {
        "name": "explicit-template", "trigger_on": ["on_postload_case_create"], "request_url": receiver.base,
        "use_rendering": false, "request_body": {"text": "%TITLE%"}
    }]}));
    fire(&harness, "on_postload_case_create", json!([case()])).assert_success();
    let bodies: Vec<String> = receiver.received().into_iter().map(|r| r.body).collect();
    assert_eq!(
        bodies,
        [
            r#"{"text": "[#42 - Ransomware] Case created: Jane Doe created case [#42 - Ransomware](https://iris.local/case?cid=42) "}"#,
            r#"{"text": ""}"#
        ]
    );
}

#[test]
fn a_payload_the_receiver_keeps_refusing_is_kept_and_sent_first_next_time() {
    let busy = Answer::json(503, "busy").with_header("Retry-After", "0");
    let receiver = HttpServer::scripted(vec![busy; 5], Answer::json(200, "ok"));
    let harness = harness(json!({"webhooks": [named("kept", &receiver.base, json!(["all"]))]}));
    let run = fire(&harness, "on_postload_case_update", json!([case()]));
    run.assert_failure("not delivered: kept");
    assert!(
        run.logged("Webhook kept: 1 payload(s) kept, to be sent first on the next call: the receiver answered 503: busy"),
        "{:?}",
        run.lines()
    );
    assert_eq!(receiver.received().len(), 5);
    let run = fire(&harness, "on_postload_case_create", json!([case()]));
    run.assert_success();
    let titles = texts(&receiver.received()[5..]);
    assert_eq!(
        titles,
        [
            "[#42 - Ransomware] Case updated",
            "[#42 - Ransomware] Case created"
        ]
    );
    let run = fire(&harness, "on_postload_case_create", json!([case()]));
    run.assert_success();
    assert_eq!(receiver.received().len(), 8, "each payload once");
}

#[test]
fn what_one_webhook_kept_never_goes_to_another_of_the_same_name() {
    let busy = Answer::json(503, "busy").with_header("Retry-After", "0");
    let refusing = HttpServer::scripted(vec![busy; 5], Answer::json(200, "ok"));
    let other = HttpServer::start(|_| Answer::json(200, "ok"));
    let harness = harness(json!({"webhooks": [
        named("twin", &refusing.base, json!(["on_postload_case_update"])),
        named("twin", &other.base, json!(["on_postload_case_create"]))
    ]}));
    fire(&harness, "on_postload_case_update", json!([case()]))
        .assert_failure("not delivered: twin");
    fire(&harness, "on_postload_case_create", json!([case()])).assert_success();
    let titles: Vec<Value> = other
        .received()
        .iter()
        .map(|r| serde_json::from_str::<Value>(&r.body).unwrap()["text"].clone())
        .collect();
    assert_eq!(titles, [json!("[#42 - Ransomware] Case created")]);
}

#[test]
fn a_receiver_that_stays_down_costs_each_later_call_one_attempt() {
    let busy = Answer::json(503, "busy").with_header("Retry-After", "0");
    let receiver = HttpServer::scripted(vec![busy; 6], Answer::json(200, "ok"));
    let harness = harness(json!({"webhooks": [named("down", &receiver.base, json!(["all"]))]}));
    // The first refusal: the round of retries (5 attempts), then kept.
    fire(&harness, "on_postload_case_update", json!([case()]))
        .assert_failure("not delivered: down");
    assert_eq!(receiver.received().len(), 5);
    // Something waits: one attempt, refused, and the new payload kept behind without one.
    let run = fire(&harness, "on_postload_case_create", json!([case()]));
    run.assert_failure("not delivered: down");
    assert!(
        run.logged("Webhook down: 2 payload(s) kept"),
        "{:?}",
        run.lines()
    );
    assert_eq!(receiver.received().len(), 6);
    // Back: both kept payloads, then the new one, once each.
    fire(&harness, "on_postload_case_update", json!([case()])).assert_success();
    let titles = texts(&receiver.received()[6..]);
    assert_eq!(
        titles,
        [
            "[#42 - Ransomware] Case updated",
            "[#42 - Ransomware] Case created",
            "[#42 - Ransomware] Case updated"
        ]
    );
}
