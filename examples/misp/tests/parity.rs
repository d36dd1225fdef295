//! The drop-in against the official module (1.3.0), run on the same IOCs against the same
//! loopback MISP (`tests/fixtures/official-modules/parity/misp`, recorded from the wheel's own
//! code): the same report tab, byte for byte, and the same searches (path, key, headers, body).
//! The differences the README lists are asserted as such: the official module first makes 3 or
//! 4 GETs per instance to check its connection (the drop-in sends its searches only), rewrites a
//! compound IOC's value to the part it searched (the drop-in leaves it), and searches the address
//! of a `domain|ip` among domain types (the drop-in among IP types).

mod support;

use iris_module_core::objects::Ioc;
use iris_module_core::testing::loopback::{HttpServer, Received};
use serde_json::{Value, json};
use support::{KEY, KEY_B, MANUAL, MENU, golden, harness, placed, start};

/// The servers of a case, by the recording's label.
fn servers(case: &Value) -> Vec<(&'static str, HttpServer)> {
    if case["case"] == "m10" {
        vec![("base1", start(KEY)), ("base2", start(KEY_B))]
    } else {
        vec![("base", start(KEY))]
    }
}

/// A search as compared: the instance, the path, the headers the module sets, the body.
fn search_of(server: &str, request: &Received) -> Value {
    json!({
        "server": server,
        "method": request.method,
        "path": request.url,
        "authorization": request.header("authorization"),
        "accept": request.header("accept"),
        "content-type": request.header("content-type"),
        "body": request.body,
    })
}

/// The recorded searches (the official module's connection checks left out), per server.
fn recorded_searches(case: &Value, server: &str) -> Vec<Value> {
    case["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|request| request["server"] == server && request["path"] == "/events/restSearch")
        .map(|request| {
            json!({
                "server": server,
                "method": request["method"],
                "path": request["path"],
                "authorization": request["headers"]["Authorization"],
                "accept": request["headers"]["Accept"],
                "content-type": request["headers"]["content-type"],
                "body": request["body"],
            })
        })
        .collect()
}

/// Each server's searches: the drop-in's, and the recorded ones.
type Searches = Vec<(Vec<Value>, Vec<Value>)>;

/// Runs `case` through the drop-in; the case (placed), the IOCs after the call, and each
/// server's searches.
fn replay(name: &str) -> (Value, Vec<Ioc>, Searches) {
    let case = golden(name);
    let servers = servers(&case);
    let bases: Vec<(String, &str)> = servers
        .iter()
        .map(|(label, server)| (format!("{{{label}}}"), server.base.as_str()))
        .collect();
    let bases: Vec<(&str, &str)> = bases.iter().map(|(p, b)| (p.as_str(), *b)).collect();
    let config = placed(&case["config"], &bases);
    let mut iocs: Vec<Ioc> = case["iocs_in"]
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
    let run = harness(&config).fire_manual(MANUAL, MENU, &mut iocs);
    assert!(
        run.status.is_success(),
        "{name}: {:?} {:?}",
        run.status,
        run.log
    );
    let searches = servers
        .iter()
        .map(|(label, server)| {
            let ours = server
                .received()
                .iter()
                .map(|request| search_of(label, request))
                .collect();
            (ours, recorded_searches(&case, label))
        })
        .collect();
    let case = placed(&case, &bases);
    (case, iocs, searches)
}

/// An IOC's custom attributes as JSON (none: `{}`, as IRIS starts them).
fn attributes(ioc: &Ioc) -> Value {
    ioc.custom_attributes
        .as_ref()
        .map_or(json!({}), |attributes| {
            serde_json::to_value(attributes).unwrap()
        })
}

/// Asserts the same report tabs and the same searches as the recording.
fn same_as_recorded(name: &str) {
    let (case, iocs, searches) = replay(name);
    for (index, ioc) in iocs.iter().enumerate() {
        let recorded = &case["iocs_out"][index];
        assert_eq!(
            attributes(ioc),
            recorded["custom_attributes"],
            "{name}: the report of IOC {index}"
        );
        assert_eq!(
            ioc.ioc_value, case["iocs_in"][index]["ioc_value"],
            "{name}: left as it was"
        );
    }
    for (ours, recorded) in searches {
        assert_eq!(ours, recorded, "{name}: the searches");
    }
}

#[test]
fn a_domain_with_events() {
    same_as_recorded("m01");
}

#[test]
fn a_domain_without_events_still_gets_its_report() {
    same_as_recorded("m02");
}

#[test]
fn an_md5_and_a_ja3_fingerprint() {
    same_as_recorded("m04");
    same_as_recorded("m06");
}

#[test]
fn a_url_is_not_searched_and_gets_no_report() {
    let (case, iocs, searches) = replay("m08");
    assert_eq!(
        attributes(&iocs[0]),
        case["iocs_out"][0]["custom_attributes"]
    );
    let (ours, recorded) = &searches[0];
    assert!(ours.is_empty() && recorded.is_empty(), "{ours:?}");
}

#[test]
fn no_report_when_the_option_is_off() {
    same_as_recorded("m09");
}

#[test]
fn two_instances_one_report_in_their_order() {
    same_as_recorded("m10");
}

#[test]
fn non_ascii_html_characters_floats_and_big_integers_are_written_as_jinja2_writes_them() {
    same_as_recorded("m11");
}

#[test]
fn the_one_instance_string_form() {
    same_as_recorded("m12");
}

#[test]
fn several_iocs_in_one_call() {
    same_as_recorded("m13");
}

/// The official module rewrites a compound IOC's value to the part it searched (and IRIS then
/// commits it); the drop-in searches the same part and leaves the value.
#[test]
fn a_compound_iocs_part_is_searched_and_its_value_left_as_it_was() {
    for name in ["m03", "m05"] {
        let (case, iocs, searches) = replay(name);
        let recorded = &case["iocs_out"][0];
        assert_eq!(
            attributes(&iocs[0]),
            recorded["custom_attributes"],
            "{name}"
        );
        assert_eq!(iocs[0].ioc_value, case["iocs_in"][0]["ioc_value"], "{name}");
        let part = iocs[0].parts().last().map(|(_, value)| value.to_string());
        let rewritten = iocs[0].parts().first().map(|(_, value)| value.to_string());
        assert!(
            recorded["ioc_value"] == json!(part) || recorded["ioc_value"] == json!(rewritten),
            "{name}: the official module rewrote it to {}",
            recorded["ioc_value"]
        );
        for (ours, recorded) in searches {
            assert_eq!(ours, recorded, "{name}: the searches");
        }
    }
}

/// The official module searches the address of a `domain|ip` among domain types; the drop-in
/// among IP types. The report is the same here (this MISP holds the address either way), its
/// two halves joined by `<br/>`.
#[test]
fn a_domain_ip_searches_its_address_among_ip_types() {
    let (case, iocs, mut searches) = replay("m07");
    assert_eq!(
        attributes(&iocs[0]),
        case["iocs_out"][0]["custom_attributes"]
    );
    let (ours, recorded) = searches.remove(0);
    assert_eq!(ours.len(), 2);
    assert_eq!(ours[0], recorded[0], "the domain's search");
    let body = |search: &Value| -> Value {
        serde_json::from_str(search["body"].as_str().unwrap()).unwrap()
    };
    assert_eq!(body(&ours[1])["value"], "203.0.113.7");
    assert_eq!(body(&recorded[1])["value"], "203.0.113.7");
    assert_eq!(
        body(&ours[1])["type"],
        json!([
            "ip-src",
            "ip-dst",
            "domain|ip",
            "ip-src|port",
            "ip-dst|port"
        ])
    );
    assert_eq!(body(&recorded[1])["type"][0], "domain");
}
