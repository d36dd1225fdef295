//! The drop-in against the official module (0.1.0), run on the same IOCs against the same
//! loopback IntelOwl (`tests/fixtures/official-modules/parity/intelowl`, recorded from the wheel's
//! own code): the same report tab, byte for byte, and the same requests (method, path, key,
//! body), the job polled at once and then every 2 s. The difference the README lists is asserted
//! as such: a compound IOC sends the part its classification names.

mod support;

use iris_module_core::objects::Ioc;
use serde_json::{Value, json};
use support::{MANUAL, MENU, golden, harness, start};

/// A request as compared.
fn compared(method: &Value, path: &Value, authorization: &Value, body: &Value) -> Value {
    json!({"method": method, "path": path, "authorization": authorization, "body": body})
}

/// Runs `case` through the drop-in; the case (its `{base}` placed), the IOCs after the call,
/// the drop-in's requests and the recorded ones, and whether the call succeeded.
fn replay(name: &str) -> (Value, Vec<Ioc>, Vec<Value>, Vec<Value>, bool) {
    let case = golden(name);
    let (server, _) = start(1);
    let placed: Value =
        serde_json::from_str(&case.to_string().replace("{base}", &server.base)).unwrap();
    let mut iocs: Vec<Ioc> = placed["iocs_in"]
        .as_array()
        .unwrap()
        .iter()
        .map(|ioc| {
            Ioc::new(
                ioc["ioc_value"].as_str().unwrap(),
                ioc["ioc_type"].as_str().unwrap(),
            )
        })
        .collect();
    let run = harness(&placed["config"]).fire_manual(MANUAL, MENU, &mut iocs);
    let ours = server
        .received()
        .iter()
        .map(|r| {
            let body = if r.method == "GET" {
                json!(null)
            } else {
                json!(r.body)
            };
            compared(
                &json!(r.method),
                &json!(r.url),
                &json!(r.header("authorization")),
                &body,
            )
        })
        .collect();
    let recorded = placed["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            compared(
                &r["method"],
                &r["path"],
                &r["headers"]["Authorization"],
                &r["body"],
            )
        })
        .collect();
    (placed, iocs, ours, recorded, run.status.is_success())
}

/// An IOC's custom attributes as JSON (none: `{}`, as IRIS starts them).
fn attributes(ioc: &Ioc) -> Value {
    ioc.custom_attributes
        .as_ref()
        .map_or(json!({}), |attributes| {
            serde_json::to_value(attributes).unwrap()
        })
}

fn same_as_recorded(name: &str) {
    let (case, iocs, ours, recorded, succeeded) = replay(name);
    assert_eq!(
        succeeded,
        case["status"]["is_success"] == true,
        "{name}: the status"
    );
    assert_eq!(
        attributes(&iocs[0]),
        case["iocs_out"][0]["custom_attributes"],
        "{name}: the report"
    );
    assert_eq!(ours, recorded, "{name}: the requests");
}

#[test]
fn a_domain_polled_once_running_then_reported() {
    same_as_recorded("i01");
}

#[test]
fn an_address_a_url_a_hash_and_a_generic_observable() {
    for name in ["i02", "i03", "i04", "i05"] {
        same_as_recorded(name);
    }
}

#[test]
fn a_refused_analysis_is_an_error_and_writes_nothing() {
    same_as_recorded("i06");
}

#[test]
fn no_report_when_the_option_is_off() {
    same_as_recorded("i07");
}

/// The official module sends `203.0.113.7|443` as an address (IntelOwl cannot parse it); the
/// drop-in sends the address. The report is the same but for the observable's name.
#[test]
fn an_address_and_port_sends_the_address() {
    let (case, iocs, ours, recorded, succeeded) = replay("i08");
    assert!(succeeded);
    let recorded_report: Value = serde_json::from_str(
        &case["iocs_out"][0]["custom_attributes"]
            .to_string()
            .replace("203.0.113.7|443", "203.0.113.7"),
    )
    .unwrap();
    assert!(
        attributes(&iocs[0]) == recorded_report,
        "the report differs"
    );
    let body = |request: &Value| -> Value {
        serde_json::from_str(request["body"].as_str().unwrap()).unwrap()
    };
    assert_eq!(body(&ours[0])["observable_name"], "203.0.113.7");
    assert_eq!(body(&recorded[0])["observable_name"], "203.0.113.7|443");
    assert_eq!(ours[1..], recorded[1..]);
}
