//! A loopback MISP answering as the recorded one did (`tests/fixtures/official-modules/parity`:
//! its rules are in that README), the recorded runs of the official module, and the drop-in
//! configured as IRIS passes it.

#![allow(dead_code)]

use iris_misp_module::IrisMisp;
use iris_module_core::shared::PrivateDir;
use iris_module_core::testing::Harness;
use iris_module_core::testing::loopback::{Answer, HttpServer, Received};
use serde_json::Value;
use std::path::PathBuf;
use std::sync::{Arc, Once};

/// The recorded instance's key, and the second instance's.
pub const KEY: &str = "MISP-KEY-0123456789-never-logged";
pub const KEY_B: &str = "MISP-KEY-B-9876543210";
/// The menu entry of the manual hook.
pub const MENU: &str = "Get MISP insight";
pub const MANUAL: &str = "on_manual_trigger_ioc";

/// The values the loopback MISP holds events for.
const HITS: [&str; 4] = [
    "evil.example",
    "203.0.113.7",
    "d41d8cd98f00b204e9800998ecf8427e",
    "e7d705a3286e19ea42f587b344ee6865",
];

/// `tests/fixtures/official-modules`.
pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/official-modules")
}

/// An answer file of `answers/`.
pub fn answer_file(name: &str) -> String {
    std::fs::read_to_string(fixtures().join("answers").join(name)).expect("an answer file")
}

/// A recorded run of the official module.
pub fn golden(case: &str) -> Value {
    let path = fixtures().join(format!("parity/misp/{case}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("a golden")).expect("JSON")
}

/// What the loopback MISP of `key` answers to `request` (the recording's rules).
pub fn misp(key: &str, request: &Received) -> Answer {
    if request.header("authorization") != Some(key) {
        return Answer::json(403, answer_file("misp_403_error.json"));
    }
    match (request.method.as_str(), request.url.as_str()) {
        ("GET", "/servers/getVersion") => {
            Answer::json(200, answer_file("misp_GET_servers_getVersion.json"))
        }
        ("GET", "/users/view/me") => Answer::json(200, answer_file("misp_GET_users_view_me.json")),
        ("POST", "/events/restSearch") => {
            let body: Value = serde_json::from_str(&request.body).unwrap_or_default();
            let value = body["value"].as_str().unwrap_or_default();
            let file = if HITS.contains(&value) {
                "misp_POST_events_restSearch_hit.json"
            } else if value == "unicode.example" {
                "misp_POST_events_restSearch_hit_unicode.json"
            } else {
                "misp_POST_events_restSearch_nohit.json"
            };
            Answer::json(200, answer_file(file))
        }
        _ => Answer::json(404, r#"{"message":"Not found"}"#),
    }
}

/// A loopback MISP of `key`.
pub fn start(key: &'static str) -> HttpServer {
    HttpServer::start(move |request| misp(key, request))
}

/// Keeps this test binary's cache in a directory of its own.
pub fn own_cache() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let dir = tempfile::tempdir().expect("a temporary directory").keep();
        iris_module_core::shared::install(Arc::new(PrivateDir::new(dir)));
    });
}

/// `value` with the recording's placeholders (`{base}`, `{base1}`, `{base2}`) replaced.
pub fn placed(value: &Value, bases: &[(&str, &str)]) -> Value {
    let mut text = value.to_string();
    for (placeholder, base) in bases {
        text = text.replace(placeholder, base);
    }
    serde_json::from_str(&text).expect("JSON")
}

/// The drop-in configured as IRIS passes `config` (the recording's, placed).
pub fn harness(config: &Value) -> Harness<IrisMisp> {
    own_cache();
    Harness::from_config(config.clone()).expect("a valid configuration")
}
