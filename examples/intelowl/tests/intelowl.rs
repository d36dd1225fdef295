//! Iris IntelOwl's names, configuration and hooks (the official module's), and its jobs: one
//! past the hook's time marked pending then resumed (one submission in all, counted by the
//! server), a refused key named without its value, a key echoed by the server found nowhere, a
//! server down, several IOCs' jobs followed at once.

mod support;

use iris_intelowl_module::IrisIntelOwl;
use iris_module_core::IrisModule;
use iris_module_core::objects::Ioc;
use iris_module_core::testing::HookRun;
use iris_module_core::testing::loopback::{Answer, HttpServer};
use serde_json::{Value, json};
use std::time::Duration;
use support::{KEY, MANUAL, MENU, answer_file, harness, start};

fn official_configuration() -> Value {
    let path = support::fixtures().join("intelowl_configuration_list.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn config(base: &str) -> Value {
    json!({"intelowl_url": base, "intelowl_key": KEY, "intelowl_maxtime": "15"})
}

/// Everything the run let out: status, log, the IOCs.
fn everything(run: &HookRun, iocs: &[Ioc]) -> String {
    format!(
        "{:?} {:?} {}",
        run.status,
        run.log,
        serde_json::to_string(iocs).unwrap()
    )
}

fn posts(server: &HttpServer) -> usize {
    server
        .received()
        .iter()
        .filter(|r| r.method == "POST")
        .count()
}

#[test]
fn the_official_modules_names_and_configuration() {
    let info = &IrisIntelOwl::INFO;
    assert_eq!(info.name, "Iris IntelOwl");
    assert_eq!(info.python_class(), "IrisIntelowlInterface");
    assert_eq!(
        info.description,
        "Provides a connector with IntelOwl - allows to pull insights from IntelOwl analyzers"
    );
    let declared = info.iris_configuration();
    let declared = declared.as_array().unwrap();
    let mut official = official_configuration();
    // The one difference: `int`, which IRIS's interface casts (an edited `integer` stays text).
    assert_eq!(official[3]["type"], "integer");
    official[3]["type"] = json!("int");
    let official = official.as_array().unwrap();
    assert_eq!(&declared[..official.len()], official.as_slice());
    assert_eq!(declared.len(), official.len() + 1);
    assert_eq!(
        declared[official.len()]["param_name"],
        "intelowl_verify_tls"
    );
    assert_eq!(declared[official.len()]["default"], true);
    let registered: Vec<_> = harness(&config("https://intelowl.example"))
        .registration_plan()
        .registrations
        .iter()
        .map(|r| (r.hook.name, r.manual_name.clone()))
        .collect();
    assert_eq!(
        registered,
        [("on_manual_trigger_ioc", Some(MENU.to_owned()))]
    );
}

#[test]
fn a_job_past_the_hooks_time_is_pending_then_resumed_and_submitted_once_in_all() {
    let (server, _) = start(3);
    // 7 s for the call: the job is followed until 5 s before it (the margin).
    let harness = harness(&config(&server.base)).with_time_limit(Duration::from_secs(7));
    let mut iocs = [Ioc::new("evil.example", "domain")];
    let mut calls = 0;
    loop {
        calls += 1;
        let run = harness.fire_manual(MANUAL, MENU, &mut iocs);
        assert!(run.status.is_success(), "{:?}", run.status);
        if iocs[0].custom_attributes.is_some() {
            assert!(run.logged("resumed"), "{:?}", run.log);
            break;
        }
        assert!(
            run.status
                .message
                .contains("1 still running (marked pending"),
            "{}",
            run.status.message
        );
        let mark = serde_json::to_value(&iocs[0].ioc_enrichment).unwrap();
        assert!(mark.to_string().contains("\"job\":\"42\""), "{mark}");
        assert!(calls < 10, "never reported");
    }
    let gets = server.received().len() - posts(&server);
    eprintln!(
        "faults: long job: {calls} calls, {} submission(s), {gets} poll(s)",
        posts(&server)
    );
    assert_eq!(posts(&server), 1);
    assert_eq!(gets, 4);
    assert!(
        !serde_json::to_string(&iocs[0].ioc_enrichment)
            .unwrap()
            .contains("42")
    );
}

#[test]
fn a_refused_key_is_named_without_its_value_and_nothing_is_written() {
    let refusing = HttpServer::start(|_| Answer::json(401, r#"{"detail": "Invalid token."}"#));
    let harness = harness(&config(&refusing.base));
    let mut iocs = [Ioc::new("evil.example", "domain")];
    let run = harness.fire_manual(MANUAL, MENU, &mut iocs);
    assert!(run.status.is_failure());
    assert!(
        run.status
            .message
            .contains("evil.example: IntelOwl refused the API key (401): Invalid token."),
        "{}",
        run.status.message
    );
    assert!(iocs[0].custom_attributes.is_none());
    assert!(!everything(&run, &iocs).contains(KEY));
}

#[test]
fn a_key_echoed_by_the_server_is_nowhere_in_what_the_module_writes() {
    let echoing = HttpServer::start(|request| {
        let key = request
            .header("authorization")
            .unwrap_or_default()
            .to_owned();
        if request.method == "POST" {
            return Answer::json(
                200,
                answer_file("intelowl_POST_api_analyze_observable.json"),
            );
        }
        let mut job: Value =
            serde_json::from_str(&answer_file("intelowl_GET_api_jobs_42_reported.json")).unwrap();
        job["analyzer_reports"][0]["report"]["echo"] = json!(format!("called with {key}"));
        job["analyzer_reports"][0]["name"] = json!(key);
        Answer::json(200, job.to_string())
    });
    let harness = harness(&config(&echoing.base));
    let mut iocs = [Ioc::new("evil.example", "domain")];
    let run = harness.fire_manual(MANUAL, MENU, &mut iocs);
    assert!(run.status.is_success(), "{:?}", run.status);
    let written = serde_json::to_string(&iocs[0].custom_attributes).unwrap();
    assert!(
        written.contains("called with Token"),
        "the report is written"
    );
    assert!(!everything(&run, &iocs).contains(KEY));
}

#[test]
fn a_server_down_is_an_error_naming_each_ioc() {
    let harness = harness(&config("http://127.0.0.1:9"));
    let mut iocs = [
        Ioc::new("evil.example", "domain"),
        Ioc::new("203.0.113.7", "ip-dst"),
    ];
    let run = harness.fire_manual(MANUAL, MENU, &mut iocs);
    assert!(run.status.is_failure());
    assert!(
        run.status.message.contains("0 of 2 IOC(s) reported"),
        "{}",
        run.status.message
    );
    assert!(
        run.status.message.contains("203.0.113.7: request failed"),
        "{}",
        run.status.message
    );
}

#[test]
fn several_iocs_jobs_are_followed_at_once() {
    let (server, _) = start(0);
    let harness = harness(&config(&server.base));
    let mut iocs: Vec<Ioc> = (0..10)
        .map(|n| Ioc::new(format!("host-{n}.example"), "domain"))
        .collect();
    let run = harness.fire_manual(MANUAL, MENU, &mut iocs);
    assert!(run.status.is_success(), "{:?}", run.status);
    assert!(iocs.iter().all(|ioc| ioc.custom_attributes.is_some()));
    assert_eq!(posts(&server), 10);
}

#[test]
fn a_poll_without_an_answer_keeps_the_job_and_a_job_intelowl_lost_is_submitted_again() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    // Polls: 502, then 404 (the job deleted), then reported.
    let polls = std::sync::Arc::new(AtomicUsize::new(0));
    let seen = std::sync::Arc::clone(&polls);
    let server = HttpServer::start(move |request| {
        if request.method == "POST" {
            return Answer::json(
                200,
                answer_file("intelowl_POST_api_analyze_observable.json"),
            );
        }
        match seen.fetch_add(1, Ordering::SeqCst) {
            0 => Answer::json(502, "Bad gateway"),
            1 => Answer::json(404, answer_file("intelowl_GET_api_jobs_404.json")),
            _ => Answer::json(200, answer_file("intelowl_GET_api_jobs_42_reported.json")),
        }
    });
    let harness = harness(&config(&server.base));
    let mut iocs = [Ioc::new("evil.example", "domain")];
    let first = harness.fire_manual(MANUAL, MENU, &mut iocs);
    assert!(
        first.status.message.contains(
            "IntelOwl job 42 could not be followed (IntelOwl answered 502: Bad gateway); still \
             marked pending"
        ),
        "{}",
        first.status.message
    );
    assert!(
        serde_json::to_string(&iocs[0].ioc_enrichment)
            .unwrap()
            .contains("\"job\":\"42\"")
    );
    let second = harness.fire_manual(MANUAL, MENU, &mut iocs);
    assert!(
        second
            .status
            .message
            .contains("IntelOwl job 42 failed: IntelOwl has no job 42"),
        "{}",
        second.status.message
    );
    assert_eq!(
        posts(&server),
        1,
        "the 502 kept the job: asked about, not submitted again"
    );
    let third = harness.fire_manual(MANUAL, MENU, &mut iocs);
    assert!(third.status.is_success(), "{:?}", third.status);
    assert!(iocs[0].custom_attributes.is_some());
    assert_eq!(posts(&server), 2, "the lost job is submitted again");
}
