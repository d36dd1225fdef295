//! The Splunk HEC output against loopback collectors: batching and the token, retries with
//! backoff, errors that are not retried, proxies, and TLS verification.

use iris_evtx_module::Evtx;
use iris_evtx_module::hec::{HecClient, HecSettings};
use iris_module_core::ServerSettings;
use iris_module_core::config::Secret;
use iris_module_core::testing::PipelineHarness;
use iris_module_core::testing::loopback::{Answer, ConnectProxy, HttpServer, Received, TlsServer};
use serde_json::json;
use std::path::Path;
use std::time::{Duration, Instant};

const TOKEN: &str = "hec-token-4b1d-never-in-logs";
const PATH: &str = "/services/collector/event";

fn success() -> Answer {
    Answer::json(200, r#"{"text":"Success","code":0}"#)
}

/// A collector answering `answers` in turn, then success.
fn collector(answers: Vec<Answer>) -> (HttpServer, String) {
    let server = HttpServer::scripted(answers, success());
    let url = format!("{}{PATH}", server.base);
    (server, url)
}

/// The events of a request (concatenated JSON objects, one per line).
fn events(request: &Received) -> Vec<serde_json::Value> {
    request
        .body
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn settings(url: &str) -> HecSettings {
    HecSettings {
        url: url.to_owned(),
        token: Secret::new(TOKEN),
        verify_tls: true,
        batch_size: 50,
        max_attempts: 3,
        first_delay: Duration::from_millis(10),
        proxy: None,
        timeout: Duration::from_secs(10),
    }
}

fn harness(url: &str, batch_size: u32) -> PipelineHarness<Evtx> {
    PipelineHarness::from_config(json!({
        "output": "splunk_hec",
        "hec_url": url,
        "hec_token": TOKEN,
        "hec_batch_size": batch_size.to_string(),
        "hec_max_attempts": "2",
    }))
    .unwrap()
}

fn upload_sample(harness: &PipelineHarness<Evtx>, dir: &Path) {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/Security.evtx");
    harness
        .upload(dir, "Security.evtx", std::fs::File::open(sample).unwrap())
        .assert_success();
}

#[test]
fn events_go_in_batches_with_the_token() {
    let (collector, url) = collector(Vec::new());
    let uploads = tempfile::tempdir().unwrap();
    let harness = harness(&url, 50);
    upload_sample(&harness, uploads.path());
    let run = harness.run(
        uploads.path(),
        json!({"index_evtx": "dfir", "hostname_evtx": "DC01"}),
    );
    run.assert_success();
    let received = collector.received();
    let sizes: Vec<usize> = received.iter().map(|r| events(r).len()).collect();
    assert_eq!(sizes, [50, 50, 20]);
    for request in &received {
        assert_eq!(request.method, "POST");
        assert_eq!(request.url, PATH);
        assert_eq!(
            request.header("Authorization"),
            Some(format!("Splunk {TOKEN}").as_str())
        );
    }
    let event = &events(&received[0])[0];
    assert_eq!(event["index"], "dfir");
    assert_eq!(event["host"], "DC01");
    assert_eq!(event["event"]["Event"]["System"]["Channel"], "Security");
    assert!(run.logged(&format!(
        "Security.evtx: 120 events sent to Splunk HEC at {url}"
    )));
    assert_eq!(harness.evidence().len(), 1);
}

#[test]
fn busy_collectors_are_retried_with_backoff() {
    let (collector, url) = collector(vec![
        Answer::json(503, r#"{"text":"Server is busy","code":9}"#),
        Answer::json(429, r#"{"text":"Too many requests"}"#).with_header("Retry-After", "1"),
    ]);
    let client = HecClient::new(settings(&url)).unwrap();
    let started = Instant::now();
    client.post(b"{\"event\":1}\n").unwrap();
    assert_eq!(collector.received().len(), 3);
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "Retry-After: 1 was not honoured ({:?})",
        started.elapsed()
    );
}

#[test]
fn a_collector_that_stays_busy_fails_the_file_not_the_run() {
    let (collector, url) = collector(vec![
        Answer::json(
            503,
            r#"{"text":"Server is busy","code":9}"#
        );
        10
    ]);
    let client = HecClient::new(settings(&url)).unwrap();
    let error = client.post(b"{}\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "HEC answered 503: Server is busy (gave up after 3 attempts)"
    );
    assert_eq!(collector.received().len(), 3);
}

#[test]
fn refusals_are_not_retried_and_never_show_the_token() {
    let (collector, url) = collector(vec![Answer::json(
        403,
        r#"{"text":"Invalid token","code":4}"#,
    )]);
    let uploads = tempfile::tempdir().unwrap();
    let harness = harness(&url, 500);
    upload_sample(&harness, uploads.path());
    let run = harness.run(uploads.path(), json!({"index_evtx": "dfir"}));
    run.assert_failure("1 of 1 file(s) failed: Security.evtx");
    assert!(run.logged("Security.evtx: HEC answered 403: Invalid token"));
    assert_eq!(collector.received().len(), 1);
    assert!(
        harness.evidence().is_empty(),
        "a file that was not sent is not evidence"
    );
    let everything = format!("{:?} {:?}", run.status, run.log);
    assert!(!everything.contains(TOKEN));
    // The file is back in the upload directory for the next run.
    assert!(uploads.path().join("Security.evtx").exists());
}

#[test]
fn a_redirect_is_never_taken_for_delivery() {
    for status in [301, 302, 303, 307, 308] {
        // The collector redirects the POST to a page that answers 200 to anything.
        let server = HttpServer::start(move |request| {
            if request.url == PATH {
                Answer::json(status, "").with_header("Location", "/moved")
            } else {
                success()
            }
        });
        let uploads = tempfile::tempdir().unwrap();
        let harness = harness(&format!("{}{PATH}", server.base), 500);
        upload_sample(&harness, uploads.path());
        let run = harness.run(uploads.path(), json!({"index_evtx": "dfir"}));
        run.assert_failure("1 of 1 file(s) failed: Security.evtx");
        assert!(
            run.logged("a redirect, to a POST: not followed; nothing was delivered"),
            "{:?}",
            run.log
        );
        assert_eq!(
            server.received().len(),
            1,
            "{status}: the redirect was followed"
        );
        assert!(harness.evidence().is_empty());
        assert!(uploads.path().join("Security.evtx").exists());
    }
}

#[test]
fn a_collector_that_echoes_the_token_never_gets_it_shown() {
    let echo = format!(r#"{{"text":"Invalid token {TOKEN} (Splunk {TOKEN})","code":4}}"#);
    let (_collector, url) = collector(vec![Answer::json(403, echo)]);
    let uploads = tempfile::tempdir().unwrap();
    let harness = harness(&url, 500);
    upload_sample(&harness, uploads.path());
    let run = harness.run(uploads.path(), json!({"index_evtx": "dfir"}));
    run.assert_failure("1 of 1 file(s) failed: Security.evtx");
    assert!(
        run.logged("HEC answered 403: Invalid token [redacted]"),
        "{:?}",
        run.log
    );
    assert!(!format!("{:?} {:?}", run.status, run.log).contains(TOKEN));
}

#[test]
fn iris_proxy_settings_are_honoured() {
    // The collector's host does not resolve: only the proxy can reach it.
    let proxy = ConnectProxy::start(|_| success());
    let uploads = tempfile::tempdir().unwrap();
    let url = "http://splunk.invalid:8088/services/collector/event";
    let harness = harness(url, 500).with_server(ServerSettings {
        http_proxy: Some(proxy.url.clone()),
        https_proxy: Some(String::new()),
        ..ServerSettings::default()
    });
    upload_sample(&harness, uploads.path());
    harness
        .run(uploads.path(), json!({"index_evtx": "dfir"}))
        .assert_success();
    let tunnelled = proxy.tunnelled();
    assert_eq!(tunnelled.len(), 1);
    let (target, request) = &tunnelled[0];
    assert_eq!(target, "splunk.invalid:8088");
    assert_eq!(
        (request.method.as_str(), request.url.as_str()),
        ("POST", PATH)
    );
    assert_eq!(events(request).len(), 120);
}

#[test]
fn tls_certificates_are_verified_unless_told_otherwise() {
    let collector = TlsServer::start(success());
    let url = format!("{}{PATH}", collector.base);
    let error = HecClient::new(settings(&url))
        .unwrap()
        .post(b"{}\n")
        .unwrap_err();
    assert!(error.to_string().contains("HEC request failed"), "{error}");
    assert_eq!(collector.requests(), 0);

    let unverified = HecClient::new(HecSettings {
        verify_tls: false,
        ..settings(&url)
    })
    .unwrap();
    unverified.post(b"{}\n").unwrap();
    assert_eq!(collector.requests(), 1);
}

#[test]
fn bad_settings_are_clear_errors() {
    let error = HecClient::new(settings("ftp://splunk.example"))
        .err()
        .unwrap();
    assert!(
        error
            .to_string()
            .contains("must start with https:// or http://")
    );
    let error = HecClient::new(HecSettings {
        token: Secret::new(""),
        ..settings("https://splunk.example")
    })
    .err()
    .unwrap();
    assert_eq!(error.to_string(), "no HEC token is configured");
}

#[test]
fn the_clients_own_error_never_holds_the_token() {
    // The collector echoes the token as it is, percent-encoded, JSON-escaped and in base64
    // (as a Basic authorization): the client's error, before any status redacts it, holds none.
    use base64::Engine as _;
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("splunk:{TOKEN}"));
    let encoded = TOKEN.replace('-', "%2D");
    let echo = json!({"text": format!("bad {TOKEN} {encoded} {basic} {}", TOKEN.to_uppercase()), "code": 4});
    let (_collector, url) = collector(vec![Answer::json(403, echo.to_string())]);
    let client = HecClient::new(settings(&url)).unwrap();
    let error = client.post(b"{}\n").unwrap_err().0;
    assert!(
        error.starts_with("HEC answered 403: bad [redacted]"),
        "{error}"
    );
    let folded = error.to_lowercase();
    for trace in [
        TOKEN.to_owned(),
        encoded.to_lowercase(),
        basic.to_lowercase(),
    ] {
        assert!(
            !folded.contains(&trace.to_lowercase()),
            "{trace} in {error}"
        );
    }
    // A URL that carries the token is refused without showing it.
    let bad = HecClient::new(HecSettings {
        url: format!("ftp://collector/{TOKEN}"),
        ..settings(&url)
    })
    .err()
    .unwrap()
    .0;
    assert!(!bad.contains(TOKEN), "{bad}");
}
