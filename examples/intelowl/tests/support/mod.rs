//! A loopback IntelOwl answering as the recorded one did (`tests/fixtures/official-modules/parity`:
//! its rules are in that README), the recorded runs of the official module, and the drop-in
//! configured as IRIS passes it.

#![allow(dead_code)]

use iris_intelowl_module::IrisIntelOwl;
use iris_module_core::testing::Harness;
use iris_module_core::testing::loopback::{Answer, HttpServer, Received};
use serde_json::Value;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// The recorded key.
pub const KEY: &str = "IOL-TOKEN-0123456789-never-logged";
/// The manual hook and its menu entry.
pub const MANUAL: &str = "on_manual_trigger_ioc";
pub const MENU: &str = "Get IntelOwl insight";

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
    let path = fixtures().join(format!("parity/intelowl/{case}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("a golden")).expect("JSON")
}

/// The loopback IntelOwl's memory: what was last posted, and how many polls of job 42 each
/// submission has had.
#[derive(Default)]
pub struct Jobs {
    posted: Option<Value>,
    polls_since_post: usize,
    /// How many polls answer "running" before the job reports (the recording's: 1).
    pub running_polls: usize,
}

/// What the loopback IntelOwl answers to `request` (the recording's rules; `running_polls`
/// polls running after each submission, then reported).
pub fn intelowl(jobs: &Mutex<Jobs>, request: &Received) -> Answer {
    if request.header("authorization") != Some(&format!("Token {KEY}")) {
        return Answer::json(401, r#"{"detail": "Invalid token."}"#);
    }
    let mut jobs = jobs.lock().unwrap();
    match (request.method.as_str(), request.url.as_str()) {
        ("POST", "/api/analyze_observable") => {
            let body: Value = serde_json::from_str(&request.body).unwrap_or_default();
            if body["observable_name"] == "rejected.example" {
                return Answer::json(
                    400,
                    answer_file("intelowl_POST_api_analyze_observable_400.json"),
                );
            }
            jobs.posted = Some(body);
            jobs.polls_since_post = 0;
            Answer::json(
                200,
                answer_file("intelowl_POST_api_analyze_observable.json"),
            )
        }
        ("GET", "/api/jobs/42") => {
            jobs.polls_since_post += 1;
            if jobs.polls_since_post <= jobs.running_polls {
                return Answer::json(200, answer_file("intelowl_GET_api_jobs_42_running.json"));
            }
            let mut job: Value =
                serde_json::from_str(&answer_file("intelowl_GET_api_jobs_42_reported.json"))
                    .unwrap();
            if let Some(posted) = &jobs.posted {
                job["observable_name"] = posted["observable_name"].clone();
                job["observable_classification"] = posted["observable_classification"].clone();
            }
            Answer::json(200, job.to_string())
        }
        _ => Answer::json(404, answer_file("intelowl_GET_api_jobs_404.json")),
    }
}

/// A loopback IntelOwl whose jobs run `running_polls` polls; its memory.
pub fn start(running_polls: usize) -> (HttpServer, Arc<Mutex<Jobs>>) {
    let jobs = Arc::new(Mutex::new(Jobs {
        running_polls,
        ..Jobs::default()
    }));
    let shared = Arc::clone(&jobs);
    (
        HttpServer::start(move |request| intelowl(&shared, request)),
        jobs,
    )
}

/// The drop-in configured as IRIS passes `config`.
pub fn harness(config: &Value) -> Harness<IrisIntelOwl> {
    Harness::from_config(config.clone()).expect("a valid configuration")
}
