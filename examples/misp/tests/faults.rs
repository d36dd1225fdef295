//! IrisMISP when MISP fails: an instance down leaves the others' report, a refused key is named
//! without its value, a server echoing the key gets it nowhere, broken answers are errors that
//! say what was wrong.

mod support;

use iris_module_core::objects::Ioc;
use iris_module_core::testing::HookRun;
use iris_module_core::testing::loopback::{Answer, HttpServer};
use serde_json::{Value, json};
use support::{KEY, MANUAL, MENU, answer_file, harness, misp, start};

/// The configuration of `instances` (`(name, url, key)`), as IRIS passes it.
fn config(instances: &[(&str, &str, &str)]) -> Value {
    let names: Vec<&str> = instances.iter().map(|i| i.0).collect();
    let urls: Vec<&str> = instances.iter().map(|i| i.1).collect();
    let keys: Vec<&str> = instances.iter().map(|i| i.2).collect();
    json!({"misp_config": json!({"name": names, "type": "private", "url": urls, "key": keys,
        "ssl": false}).to_string()})
}

fn report(ioc: &Ioc) -> Option<String> {
    let attributes = serde_json::to_value(ioc.custom_attributes.as_ref()?).unwrap();
    attributes["MISP Report"]["HTML report"]["value"]
        .as_str()
        .map(str::to_owned)
}

/// Everything the run let out: status, log, the IOC.
fn everything(run: &HookRun, iocs: &[Ioc]) -> String {
    format!(
        "{:?} {:?} {}",
        run.status,
        run.log,
        serde_json::to_string(iocs).unwrap()
    )
}

#[test]
fn an_instance_down_leaves_the_others_report_and_is_named() {
    let up = start(KEY);
    let harness = harness(&config(&[
        ("Up", &up.base, KEY),
        ("Down", "http://127.0.0.1:9", "KEY-OF-DOWN"),
    ]));
    let mut iocs = [Ioc::new("evil.example", "domain")];
    let run = harness.fire_manual(MANUAL, MENU, &mut iocs);
    assert!(run.status.is_failure(), "{:?}", run.status);
    assert!(
        run.status
            .message
            .contains("instance `Down`: request failed")
            && run.status.message.contains("(1 of 2 instances answered)"),
        "{}",
        run.status.message
    );
    let html = report(&iocs[0]).expect("the report of the instance that answered");
    assert!(
        html.contains("\"name\": \"Up\"") && !html.contains("Down"),
        "{html}"
    );
    assert_eq!(up.received().len(), 1);
}

#[test]
fn a_refused_key_is_named_without_its_value_and_nothing_is_written() {
    let server = start("ANOTHER-KEY");
    let harness = harness(&config(&[("Public_MISP", &server.base, KEY)]));
    let mut iocs = [
        Ioc::new("evil.example", "domain"),
        Ioc::new("203.0.113.7", "ip-dst"),
    ];
    let run = harness.fire_manual(MANUAL, MENU, &mut iocs);
    assert!(run.status.is_failure());
    assert!(
        run.status.message.contains(
            "instance `Public_MISP`: MISP refused the API key (403): Authentication failed"
        ),
        "{}",
        run.status.message
    );
    assert!(iocs.iter().all(|ioc| ioc.custom_attributes.is_none()));
    assert!(run.logged("no MISP instance answered, its report is left as it was"));
    assert!(!everything(&run, &iocs).contains(KEY));
    // The first refusal stops the instance: one request, not one per IOC.
    assert_eq!(server.received().len(), 1);
}

#[test]
fn a_key_echoed_by_the_server_is_nowhere_in_what_the_module_writes() {
    let echoing = HttpServer::start(|request| {
        let mut hit: Value =
            serde_json::from_str(&answer_file("misp_POST_events_restSearch_hit.json")).unwrap();
        let key = request
            .header("authorization")
            .unwrap_or_default()
            .to_owned();
        hit["response"][0]["Event"]["info"] = json!(format!("seen with key {key}"));
        hit["response"][0]["Event"]["Orgc"]["name"] = json!({"nested": [key.clone()]});
        Answer::json(200, hit.to_string())
    });
    let harness = harness(&config(&[("Echo", &echoing.base, KEY)]));
    let mut iocs = [Ioc::new("evil.example", "domain")];
    let run = harness.fire_manual(MANUAL, MENU, &mut iocs);
    assert!(run.status.is_success(), "{:?}", run.status);
    let html = report(&iocs[0]).expect("a report");
    assert!(html.contains("seen with key"), "{html}");
    assert!(!everything(&run, &iocs).contains(KEY), "{html}");
    // An error answer echoing it too.
    let refusing = HttpServer::start(|request| {
        let key = request.header("authorization").unwrap_or_default();
        Answer::json(
            500,
            json!({"message": format!("bad key {key}")}).to_string(),
        )
    });
    let harness = support::harness(&config(&[("Echo", &refusing.base, KEY)]));
    let mut iocs = [Ioc::new("evil.example", "domain")];
    let run = harness.fire_manual(MANUAL, MENU, &mut iocs);
    assert!(
        run.status.message.contains("MISP answered 500: bad key"),
        "{}",
        run.status.message
    );
    assert!(!everything(&run, &iocs).contains(KEY));
}

#[test]
fn broken_answers_say_what_was_wrong() {
    for (answer, said) in [
        (Answer::json(200, "<html>maintenance</html>"), "not JSON"),
        (
            Answer::json(200, r#"{"response": {"Event": {}}}"#),
            "not a list of events",
        ),
        (
            Answer::json(200, r#"[{"NotAnEvent": {}}]"#),
            "an item without its `Event`",
        ),
        (
            Answer::json(502, "Bad gateway"),
            "MISP answered 502: Bad gateway",
        ),
    ] {
        let server = HttpServer::scripted(vec![], answer);
        let harness = harness(&config(&[("Broken", &server.base, KEY)]));
        let mut iocs = [Ioc::new("evil.example", "domain")];
        let run = harness.fire_manual(MANUAL, MENU, &mut iocs);
        assert!(run.status.is_failure());
        assert!(
            run.status.message.contains(said),
            "{said}: {}",
            run.status.message
        );
        assert!(iocs[0].custom_attributes.is_none());
    }
}

#[test]
fn a_hostile_value_goes_only_into_the_body_as_json() {
    let server = HttpServer::start(|request| misp(KEY, request));
    let harness = harness(&config(&[("Public_MISP", &server.base, KEY)]));
    let hostile = "evil.example\"}, \"value\": \"x\r\nX-Injected: 1";
    let mut iocs = [Ioc::new(hostile, "domain")];
    let run = harness.fire_manual(MANUAL, MENU, &mut iocs);
    assert!(run.status.is_success(), "{:?}", run.status);
    let received = server.received();
    let body: Value = serde_json::from_str(&received[0].body).unwrap();
    assert_eq!(body["value"], hostile);
    assert!(received[0].header("x-injected").is_none());
    assert_eq!(
        received[0].header("user-agent"),
        Some("iris-misp-module/1.4.0")
    );
}
