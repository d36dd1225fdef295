//! IrisVT against a loopback VirusTotal answering v3-shaped JSON (`tests/data/vt`): each kind of
//! IOC enriched, unknown and failing IOCs, which hooks are registered, the request rate, IRIS's
//! proxy, and the API key kept out of everything the module says.

use iris_module_core::ServerSettings;
use iris_module_core::prelude::*;
use iris_module_core::testing::loopback::{Answer, ConnectProxy, HttpServer, Received};
use iris_module_core::testing::{Harness, HookRun};
use iris_vt_module::Vt;
use serde_json::{Value, json};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const KEY: &str = "vt-key-0123456789abcdef-never-in-logs";
const MANUAL: &str = "on_manual_trigger_ioc";
const MENU: &str = "Get VT insight";
const SHA256: &str = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f";

/// What VirusTotal answers to `request`: the fixture of `/api/v3/<collection>/<id>`, 401 without
/// the key, 500 for ids starting with `broken`, 404 for the rest.
fn virustotal(request: &Received) -> Answer {
    if request.header("x-apikey") != Some(KEY) {
        return error(401, "WrongCredentialsError", "Wrong API key");
    }
    let Some(path) = request.url.strip_prefix("/api/v3/") else {
        return error(400, "BadRequestError", "not an API path");
    };
    let (_, id) = path.split_once('/').unwrap_or((path, ""));
    if id.starts_with("broken") {
        return error(500, "TransientError", "please try again later");
    }
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/vt")
        .join(format!("{path}.json"));
    match std::fs::read_to_string(fixture) {
        Ok(body) => Answer::json(200, body),
        Err(_) => error(404, "NotFoundError", &format!("\"{id}\" not found")),
    }
}

fn error(status: u16, code: &str, message: &str) -> Answer {
    Answer::json(
        status,
        json!({"error": {"code": code, "message": message}}).to_string(),
    )
}

/// The module configured as IRIS stores it (strings), at `api`, with `extra` settings.
fn harness(api: &str, extra: Value) -> Harness<Vt> {
    let mut config = json!({
        "vt_api_key": KEY,
        "vt_api_url": api,
        "vt_key_is_premium": "True",
    });
    for (key, value) in extra.as_object().expect("an object") {
        config[key] = value.clone();
    }
    Harness::from_config(config).expect("a valid configuration")
}

fn start() -> (HttpServer, String) {
    let server = HttpServer::start(virustotal);
    let api = format!("{}/api/v3", server.base);
    (server, api)
}

fn ioc(value: &str, type_name: &str) -> Ioc {
    Ioc::new(value, type_name)
}

/// Everything a run said: status and log.
fn said(run: &HookRun) -> String {
    format!("{:?} {:?}", run.status, run.log)
}

#[test]
fn each_kind_of_ioc_is_enriched() {
    let (server, api) = start();
    let harness = harness(&api, json!({}));
    let mut iocs = vec![
        ioc("203.0.113.7|443", "ip-dst|port"),
        ioc("evil.example", "domain"),
        ioc("http://evil.example/login", "url"),
        ioc(
            &format!("invoice.exe|{}", SHA256.to_uppercase()),
            "filename|sha256",
        ),
        ioc("someone@evil.example", "email-src"),
    ];
    iocs[1].ioc_description = Some("Seen in the phishing mail.".into());
    iocs[2].ioc_tags = Some("vt:malicious,phishing".into());

    let run = harness.fire_manual(MANUAL, MENU, &mut iocs);
    run.assert_success();
    assert_eq!(run.status.message, "4 of 5 IOCs looked up");
    assert!(run.logged("IOC type email-src not handled by VT: someone@evil.example skipped"));

    let paths: Vec<String> = server.received().iter().map(|r| r.url.clone()).collect();
    assert_eq!(
        paths,
        [
            "/api/v3/ip_addresses/203.0.113.7".to_owned(),
            "/api/v3/domains/evil.example".to_owned(),
            "/api/v3/urls/aHR0cDovL2V2aWwuZXhhbXBsZS9sb2dpbg".to_owned(),
            format!("/api/v3/files/{SHA256}"),
        ]
    );

    let [ip, domain, url, file, email] = &iocs[..] else {
        unreachable!()
    };
    // 10 of 80 engines: at the malicious threshold (10%); the IP's autonomous system as a tag.
    assert_eq!(ip.tags(), ["vt:malicious", "ASN:64500"]);
    assert_eq!(
        ip.ioc_description.as_deref(),
        Some(
            "VT insight: 10 of 80 engines flag it (8 malicious, 2 suspicious), reputation -5, \
             analysed 2026-11-20 - https://www.virustotal.com/gui/ip-address/203.0.113.7"
        )
    );
    // 6 of 100: suspicious; the analyst's description is kept above the insight.
    assert_eq!(domain.tags(), ["vt:suspicious"]);
    let description = domain.ioc_description.as_deref().unwrap();
    assert!(description.starts_with("Seen in the phishing mail.\nVT insight: 6 of 100 engines"));
    // Clean now: the stale verdict goes, the analyst's tag stays.
    assert_eq!(url.tags(), ["phishing"]);
    assert!(
        url.ioc_description
            .as_deref()
            .unwrap()
            .ends_with("https://www.virustotal.com/gui/url/5c2a1f0e3b0f2ad1b8f2b0c43e6a9d1fb7e8b5d7e3c4a2b1908f7e6d5c4b3a29")
    );
    assert_eq!(file.tags(), ["vt:malicious"]);
    assert_eq!(email.tags(), Vec::<&str>::new());
    assert!(email.custom_attributes.is_none());

    let report = |ioc: &Ioc| -> String {
        let field = ioc
            .attribute_field("VT Report", "HTML report")
            .expect("a VT Report tab");
        assert_eq!(field.field_type, AttributeType::Html);
        field.value.as_str().unwrap().to_owned()
    };
    let html = report(ip);
    assert!(html.contains("EXAMPLE-HOSTING (AS64500)"), "{html}");
    assert!(html.contains("203.0.113.0&#x2f;24"), "{html}");
    let html = report(domain);
    assert!(html.contains("Example Registrar, Inc."), "{html}");
    assert!(
        html.contains("phishing (Forcepoint ThreatSeeker)"),
        "{html}"
    );
    assert!(
        html.contains("Registrant: &lt;redacted&gt;"),
        "escaped: {html}"
    );
    assert!(report(url).contains("Sign in"));
    let html = report(file);
    assert!(html.contains("<h3>invoice.exe</h3>"), "{html}");
    assert!(html.contains("invoice.exe, eicar.com, eicar.txt"), "{html}");
}

#[test]
fn the_insight_is_replaced_not_repeated() {
    let (_server, api) = start();
    let harness = harness(&api, json!({}));
    let mut iocs = vec![ioc("203.0.113.7", "ip-src")];
    harness.fire(MANUAL, &mut iocs).assert_success();
    harness.fire(MANUAL, &mut iocs).assert_success();
    let description = iocs[0].ioc_description.as_deref().unwrap();
    assert_eq!(
        description.matches("VT insight:").count(),
        1,
        "{description}"
    );
    assert_eq!(iocs[0].tags(), ["vt:malicious", "ASN:64500"]);
}

#[test]
fn settings_turn_tags_and_report_off() {
    let (_server, api) = start();
    let harness = harness(
        &api,
        json!({
            "vt_ip_assign_asn_as_tag": "False",
            "vt_report_as_attribute": "False",
            "vt_tag_malicious_threshold": "50",
            "vt_tag_suspicious_threshold": "20",
        }),
    );
    let mut iocs = vec![ioc("203.0.113.7", "ip-src"), ioc(SHA256, "sha256")];
    harness.fire(MANUAL, &mut iocs).assert_success();
    // 12.5% is below both thresholds now; 60 of 72 is still malicious.
    assert_eq!(iocs[0].tags(), Vec::<&str>::new());
    assert_eq!(iocs[1].tags(), ["vt:malicious"]);
    assert!(iocs.iter().all(|ioc| ioc.custom_attributes.is_none()));
}

#[test]
fn unknown_and_failing_iocs_do_not_stop_the_others() {
    let (server, api) = start();
    let harness = harness(&api, json!({}));
    let mut iocs = vec![
        ioc("broken.example", "domain"),
        ioc("never-seen.example", "domain"),
        ioc("evil.example", "domain"),
    ];
    let run = harness.fire(MANUAL, &mut iocs);
    run.assert_success();
    assert_eq!(
        run.status.message,
        "2 of 3 IOCs looked up; failed for broken.example"
    );
    assert_eq!(
        run.lines_at(iris_module_core::logging::Level::Error),
        ["broken.example: VirusTotal answered 500: please try again later (TransientError)"]
    );
    assert!(run.logged("never-seen.example: unknown to VirusTotal"));
    assert_eq!(iocs[1].ioc_description, None);
    assert_eq!(iocs[2].tags(), ["vt:suspicious"]);
    assert_eq!(server.received().len(), 3);

    let mut all_broken = vec![
        ioc("broken.example", "domain"),
        ioc("broken.test", "domain"),
    ];
    harness
        .fire(MANUAL, &mut all_broken)
        .assert_failure("VirusTotal failed for broken.example, broken.test");
}

#[test]
fn the_api_key_is_sent_and_never_shown() {
    let (server, api) = start();
    let harness = harness(&api, json!({}));
    let run = harness.fire(MANUAL, &mut [ioc("broken.example", "domain")]);
    assert!(
        server
            .received()
            .iter()
            .all(|r| r.header("x-apikey") == Some(KEY))
    );
    assert!(!said(&run).contains(KEY));

    // A wrong key is VirusTotal's 401, reported without the key either.
    let wrong =
        Harness::<Vt>::from_config(json!({"vt_api_key": "wrong-key-abc", "vt_api_url": api}))
            .unwrap();
    let run = wrong.fire(MANUAL, &mut [ioc("evil.example", "domain")]);
    run.assert_failure("VirusTotal failed for evil.example");
    assert!(run.logged("VirusTotal answered 401: Wrong API key (WrongCredentialsError)"));
    assert!(!said(&run).contains("wrong-key-abc"));

    // The key is mandatory.
    let error = Harness::<Vt>::new().err().expect("no key, no module");
    assert!(error.to_string().contains("vt_api_key"), "{error}");
}

#[test]
fn implausible_engine_counts_fail_their_ioc_without_a_panic() {
    let server = HttpServer::start(|request| {
        let huge = if request.url.ends_with("max.example") {
            u64::MAX
        } else {
            10_001
        };
        Answer::json(
            200,
            json!({"data": {"id": "x", "type": "domain", "attributes": {
                "last_analysis_stats": {"malicious": huge, "suspicious": 1, "undetected": 0, "harmless": 0}
            }}})
            .to_string(),
        )
    });
    let harness = harness(&format!("{}/api/v3", server.base), json!({}));
    let mut iocs = vec![ioc("max.example", "domain"), ioc("many.example", "domain")];
    let run = harness.fire(MANUAL, &mut iocs);
    run.assert_failure("VirusTotal failed for max.example, many.example");
    assert!(
        run.logged("max.example: VirusTotal's answer is not plausible: 18446744073709551615 engines counted as malicious"),
        "{:?}",
        run.log
    );
    assert!(
        iocs.iter()
            .all(|ioc| ioc.ioc_description.is_none() && ioc.ioc_tags.is_none())
    );
}

#[test]
fn an_answer_that_echoes_the_key_never_shows_it() {
    let server = HttpServer::start(|request| {
        let key = request.header("x-apikey").unwrap_or_default().to_owned();
        error(
            401,
            "WrongCredentialsError",
            &format!("Wrong API key {key} (x-apikey: {key})"),
        )
    });
    let harness = harness(&format!("{}/api/v3", server.base), json!({}));
    let run = harness.fire(MANUAL, &mut [ioc("evil.example", "domain")]);
    run.assert_failure("VirusTotal failed for evil.example");
    assert!(
        run.logged("VirusTotal answered 401: Wrong API key [redacted] (x-apikey: [redacted])"),
        "{:?}",
        run.log
    );
    assert!(!said(&run).contains(KEY));
}

#[test]
fn a_bad_proxy_url_never_shows_its_password() {
    let (_server, api) = start();
    let server = ServerSettings {
        https_proxy: Some("http://analyst:proxy-pass-4f2a@proxy.example:notaport".into()),
        http_proxy: Some("http://analyst:proxy-pass-4f2a@proxy.example:notaport".into()),
        ..ServerSettings::default()
    };
    let harness = harness(&api, json!({})).with_server(server);
    let run = harness.fire(MANUAL, &mut [ioc("evil.example", "domain")]);
    run.assert_failure("VirusTotal failed for evil.example");
    assert!(!said(&run).contains("proxy-pass-4f2a"), "{}", said(&run));
}

#[test]
fn the_key_is_never_sent_to_another_origin() {
    let elsewhere = HttpServer::start(virustotal);
    let target = elsewhere.base.clone();
    let redirecting = HttpServer::start(move |request| {
        Answer::json(302, "").with_header("Location", &format!("{target}{}", request.url))
    });
    let harness = harness(&format!("{}/api/v3", redirecting.base), json!({}));
    let run = harness.fire(MANUAL, &mut [ioc("evil.example", "domain")]);
    run.assert_failure("VirusTotal failed for evil.example");
    assert!(
        said(&run).contains("redirect to another origin"),
        "{}",
        said(&run)
    );
    assert!(
        elsewhere.received().is_empty(),
        "the key went to another origin"
    );
}

#[test]
fn a_broken_template_fails_its_ioc_only() {
    let (_server, api) = start();
    let harness = harness(&api, json!({"vt_domain_report_template": "{% if %}"}));
    let mut iocs = vec![ioc("evil.example", "domain"), ioc("203.0.113.7", "ip-dst")];
    let run = harness.fire(MANUAL, &mut iocs);
    assert_eq!(
        run.status.message,
        "1 of 2 IOCs looked up; failed for evil.example"
    );
    assert!(run.logged("evil.example: the report template is wrong"));
    assert!(
        iocs[1]
            .attribute_field("VT Report", "HTML report")
            .is_some()
    );
}

#[test]
fn hooks_are_registered_as_the_triggers_say() {
    let (_server, api) = start();
    let hooks = |extra: Value| -> Vec<(&'static str, Option<&'static str>)> {
        harness(&api, extra)
            .enabled_registrations()
            .iter()
            .map(|hook| (hook.hook, hook.manual_name))
            .collect()
    };
    // As iris-vt-module ships: the menu entry only.
    assert_eq!(hooks(json!({})), [(MANUAL, Some(MENU))]);
    assert_eq!(
        hooks(json!({
            "vt_on_create_hook_enabled": "True",
            "vt_on_update_hook_enabled": "True",
            "vt_manual_hook_enabled": "False",
        })),
        [
            ("on_postload_ioc_create", None),
            ("on_postload_ioc_update", None)
        ]
    );
}

#[test]
fn the_free_tier_pace_is_kept_unless_the_key_is_premium() {
    let (server, api) = start();
    // 600 a minute: requests 100 ms apart, so three take at least 200 ms.
    let paced = harness(
        &api,
        json!({"vt_key_is_premium": "False", "vt_requests_per_minute": "600"}),
    );
    let mut iocs = vec![ioc("evil.example", "domain"); 3];
    let started = Instant::now();
    paced.fire(MANUAL, &mut iocs).assert_success();
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.received().len(), 3);

    // One a minute would take two minutes for three; a premium key does not wait.
    let premium = harness(
        &api,
        json!({"vt_key_is_premium": "True", "vt_requests_per_minute": "1"}),
    );
    let started = Instant::now();
    premium.fire(MANUAL, &mut iocs).assert_success();
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
}

/// A loopback VirusTotal that records when each request arrived.
fn timed() -> (HttpServer, String, Arc<Mutex<Vec<Instant>>>) {
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&arrivals);
    let server = HttpServer::start(move |request| {
        log.lock().unwrap().push(Instant::now());
        virustotal(request)
    });
    let api = format!("{}/api/v3", server.base);
    (server, api, arrivals)
}

/// How long the twelve requests took from the first arrival to the last. Their slots are 100 ms
/// apart when the pace holds: they span eleven, at least ten allowing for a first send made
/// late (each thread or process pacing only itself would span about four). The smallest gap
/// between arrivals is not asserted: a sender descheduled between its slot and its send, on a
/// loaded machine, arrives late, closer to the next one, though the slots were kept (seen: 0.3
/// ms between two arrivals while CI's benchmark step ran beside the tests).
fn span_of_twelve(arrivals: &Mutex<Vec<Instant>>) -> Duration {
    let mut times = arrivals.lock().unwrap().clone();
    times.sort();
    assert_eq!(times.len(), 12);
    times[11] - times[0]
}

const PACE: &str = "600"; // a request every 100 ms

#[test]
fn the_pace_holds_across_configuration_changes_and_threads() {
    let (_server, api, arrivals) = timed();
    std::thread::scope(|scope| {
        for thread in 0..3 {
            let api = api.clone();
            scope.spawn(move || {
                // Each thread's module has a configuration of its own (as after a change).
                let harness = harness(
                    &api,
                    json!({"vt_key_is_premium": "False", "vt_requests_per_minute": PACE,
                           "vt_domain_report_template": format!("<p>{thread}</p>")}),
                );
                harness
                    .fire(MANUAL, &mut vec![ioc("evil.example", "domain"); 4])
                    .assert_success();
            });
        }
    });
    let span = span_of_twelve(&arrivals);
    assert!(span >= Duration::from_millis(1000), "{span:?}");
}

#[test]
fn the_pace_holds_across_processes() {
    let (_server, api, arrivals) = timed();
    // Three processes, as IRIS's Celery worker runs hooks in several: this test binary again,
    // running only `pace_in_a_child_process`.
    let children: Vec<_> = (0..3)
        .map(|_| {
            std::process::Command::new(std::env::current_exe().unwrap())
                .args(["--exact", "pace_in_a_child_process", "--ignored", "--quiet"])
                .env("VT_PACE_API", &api)
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let span = span_of_twelve(&arrivals);
    assert!(span >= Duration::from_millis(1000), "{span:?}");
}

#[test]
#[ignore = "run by the_pace_holds_across_processes, in processes of its own"]
fn pace_in_a_child_process() {
    let api = std::env::var("VT_PACE_API").expect("started by the_pace_holds_across_processes");
    let harness = harness(
        &api,
        json!({"vt_key_is_premium": "False", "vt_requests_per_minute": PACE}),
    );
    harness
        .fire(MANUAL, &mut vec![ioc("evil.example", "domain"); 4])
        .assert_success();
}

#[test]
fn iris_proxy_settings_are_honoured() {
    // The API's host does not resolve: only the proxy can reach it.
    let proxy = ConnectProxy::start(virustotal);
    let harness = harness("http://vt.invalid/api/v3", json!({})).with_server(ServerSettings {
        http_proxy: Some(proxy.url.clone()),
        ..ServerSettings::default()
    });
    let mut iocs = vec![ioc("evil.example", "domain")];
    harness.fire(MANUAL, &mut iocs).assert_success();
    assert_eq!(iocs[0].tags(), ["vt:suspicious"]);
    let tunnelled = proxy.tunnelled();
    assert_eq!(tunnelled.len(), 1);
    assert_eq!(tunnelled[0].0, "vt.invalid:80");
    assert_eq!(tunnelled[0].1.url, "/api/v3/domains/evil.example");
}

#[test]
fn urls_whose_id_has_base64url_characters_are_looked_up() {
    let (server, api) = start();
    let harness = harness(&api, json!({}));
    // Its id, base64url without padding, has a `_` and a `-`.
    let mut iocs = vec![ioc("http://evil.example/?q=~~~", "url")];
    let run = harness.fire(MANUAL, &mut iocs);
    run.assert_success();
    assert!(run.logged("http://evil.example/?q=~~~: unknown to VirusTotal"));
    assert_eq!(
        server.received()[0].url,
        "/api/v3/urls/aHR0cDovL2V2aWwuZXhhbXBsZS8_cT1-fn4"
    );
}
