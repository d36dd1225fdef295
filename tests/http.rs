//! `iris_module_core::http` against loopback servers: credentials never reach another origin, a
//! redirected POST, PUT, PATCH or DELETE is an error (never a GET that passes for delivery), a
//! bad proxy URL is reported without its password; PUT, PATCH, DELETE, JSON, multipart forms and
//! files streamed from disk are sent as written.

use iris_module_core::http::{HttpClient, HttpError, HttpSettings, Method, Multipart, RequestBody};
use iris_module_core::testing::loopback::{Answer, HttpServer};

const KEY: &str = "api-key-never-sent-elsewhere";

fn client() -> HttpClient {
    HttpClient::new(&HttpSettings::default()).unwrap()
}

#[test]
fn a_redirect_to_another_origin_is_not_followed() {
    let elsewhere = HttpServer::start(|_| Answer::json(200, "{}"));
    for status in [301, 302, 303, 307, 308] {
        let target = format!("{}/steal", elsewhere.base);
        let origin =
            HttpServer::start(move |_| Answer::json(status, "").with_header("Location", &target));
        let error = client()
            .get(&format!("{}/api/lookup", origin.base), &[("x-apikey", KEY)])
            .unwrap_err();
        assert!(
            matches!(error, HttpError::CrossOriginRedirect { status: s, .. } if s == status),
            "{error}"
        );
        assert!(error.to_string().contains("not followed"), "{error}");
    }
    assert!(
        elsewhere.received().is_empty(),
        "the other origin got a request"
    );
}

#[test]
fn a_same_origin_redirect_of_a_get_is_followed_with_its_headers() {
    let server = HttpServer::start(|received| {
        if received.url == "/old" {
            Answer::json(301, "").with_header("Location", "/new")
        } else {
            Answer::json(200, r#"{"ok":true}"#)
        }
    });
    let answer = client()
        .get(&format!("{}/old", server.base), &[("x-apikey", KEY)])
        .unwrap();
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (200, r#"{"ok":true}"#)
    );
    let received = server.received();
    assert_eq!(received.len(), 2);
    assert!(received.iter().all(|r| r.header("x-apikey") == Some(KEY)));
}

#[test]
fn a_redirected_post_is_an_error_and_nothing_is_posted_again() {
    for status in [301, 302, 303, 307, 308] {
        let server = HttpServer::start(move |received| {
            if received.url == "/collector" {
                Answer::json(status, "").with_header("Location", "/moved")
            } else {
                Answer::json(200, r#"{"text":"Success"}"#)
            }
        });
        let error = client()
            .post(
                &format!("{}/collector", server.base),
                &[("Authorization", "Splunk t")],
                b"{\"event\":1}",
            )
            .unwrap_err();
        assert_eq!(
            error,
            HttpError::Redirected {
                method: Method::Post,
                status
            }
        );
        assert!(error.to_string().contains("nothing was delivered"));
        assert_eq!(server.received().len(), 1, "the redirect was not followed");
    }
}

#[test]
fn redirect_loops_end() {
    let server = HttpServer::start(|_| Answer::json(302, "").with_header("Location", "/again"));
    let error = client()
        .get(&format!("{}/again", server.base), &[])
        .unwrap_err();
    assert_eq!(error, HttpError::TooManyRedirects);
}

#[test]
fn a_bad_or_unreachable_proxy_is_reported_without_its_credentials() {
    for proxy in [
        "http://user:s3cret-pass@proxy.example:notaport",
        "user:s3cret-pass@:::",
        "http://user:s3cret-pass@127.0.0.1:9",
        "socks9://user:s3cret-pass@127.0.0.1:9",
    ] {
        let settings = HttpSettings {
            proxy: Some(proxy.into()),
            ..HttpSettings::default()
        };
        let error = match HttpClient::new(&settings) {
            Err(error) => error,
            Ok(client) => client.get("http://127.0.0.1:9/x", &[]).unwrap_err(),
        };
        assert!(
            matches!(error, HttpError::BadProxy(_) | HttpError::Failed(_)),
            "{error}"
        );
        assert!(
            !error.to_string().contains("s3cret-pass"),
            "{proxy}: {error}"
        );
    }
}

#[test]
fn statuses_are_answers_and_bodies_are_read() {
    let server =
        HttpServer::start(|_| Answer::json(429, "slow down").with_header("Retry-After", "7"));
    let answer = client().get(&format!("{}/x", server.base), &[]).unwrap();
    assert_eq!(answer.status, 429);
    assert_eq!(answer.retry_after, Some(std::time::Duration::from_secs(7)));
    assert_eq!(answer.body, "slow down");
}

mod retries {
    use super::{KEY, client};
    use iris_module_core::http::{HttpError, Method, Retry};
    use iris_module_core::testing::loopback::{Answer, HttpServer};
    use std::time::{Duration, Instant};

    fn quick(attempts: u32) -> Retry {
        Retry {
            attempts,
            first_delay: Duration::from_millis(50),
            max_delay: Duration::from_millis(400),
            deadline: None,
        }
    }

    #[test]
    fn a_receiver_down_for_three_attempts_then_up_gets_the_request_once() {
        // Attempts at about 0, 50, 150 and 350 ms: the receiver comes up at 250 ms.
        let receiver =
            HttpServer::start_after(Duration::from_millis(250), |_| Answer::json(200, "{}"));
        let retried = client().post_retrying(
            &format!("{}/hook", receiver.base),
            &[("Authorization", KEY)],
            b"{\"event\": 1}",
            &quick(6),
        );
        let response = retried.outcome.unwrap();
        assert_eq!(response.status, 200);
        assert!(retried.attempts >= 2, "{} attempts", retried.attempts);
        let received = receiver.received();
        assert_eq!(received.len(), 1, "delivered exactly once");
        assert_eq!(received[0].body, "{\"event\": 1}");
        println!(
            "retries: receiver down, attempts {}, delivered 1",
            retried.attempts
        );
    }

    #[test]
    fn busy_answers_are_retried_and_retry_after_is_honoured() {
        let receiver = HttpServer::scripted(
            vec![
                Answer::json(503, "busy"),
                Answer::json(429, "slow down").with_header("Retry-After", "1"),
            ],
            Answer::json(200, "{}"),
        );
        let started = Instant::now();
        let retried = client().post_retrying(
            &format!("{}/hook", receiver.base),
            &[],
            b"{}",
            &Retry {
                max_delay: Duration::from_secs(2),
                ..quick(5)
            },
        );
        assert_eq!(retried.outcome.unwrap().status, 200);
        assert_eq!((retried.attempts, receiver.received().len()), (3, 3));
        assert!(
            started.elapsed() >= Duration::from_secs(1),
            "Retry-After: 1 was honoured"
        );
    }

    #[test]
    fn refusals_and_redirects_are_not_retried() {
        let refusing = HttpServer::start(|_| Answer::json(404, "no such hook"));
        let retried =
            client().post_retrying(&format!("{}/x", refusing.base), &[], b"{}", &quick(5));
        assert_eq!(
            (retried.outcome.unwrap().status, retried.attempts),
            (404, 1)
        );
        let elsewhere = HttpServer::start(|_| Answer::json(200, "{}"));
        let target = format!("{}/steal", elsewhere.base);
        let redirecting =
            HttpServer::start(move |_| Answer::json(307, "").with_header("Location", &target));
        let retried = client().post_retrying(
            &format!("{}/x", redirecting.base),
            &[("Authorization", KEY)],
            b"{}",
            &quick(5),
        );
        assert!(matches!(
            retried.outcome,
            Err(HttpError::Redirected {
                method: Method::Post,
                status: 307
            })
        ));
        assert_eq!(retried.attempts, 1);
        assert!(
            elsewhere.received().is_empty(),
            "nothing was sent to the other port"
        );
    }

    #[test]
    fn no_wait_runs_past_the_deadline() {
        let busy = HttpServer::start(|_| Answer::json(503, "busy"));
        let started = Instant::now();
        let retried = client().post_retrying(
            &format!("{}/x", busy.base),
            &[],
            b"{}",
            &Retry {
                attempts: 100,
                first_delay: Duration::from_millis(100),
                max_delay: Duration::from_millis(300),
                deadline: Some(started + Duration::from_millis(700)),
            },
        );
        assert_eq!(
            retried.outcome.unwrap().status,
            503,
            "the last answer is given back"
        );
        // No wait passes it; the last attempt itself may end a little after, on a loaded machine.
        assert!(
            started.elapsed() < Duration::from_millis(900),
            "{:?}",
            started.elapsed()
        );
        assert!(
            retried.attempts < 100 && retried.attempts >= 2,
            "{}",
            retried.attempts
        );
        println!(
            "retries: busy receiver, attempts {} in {:?} before a 700 ms deadline",
            retried.attempts,
            started.elapsed()
        );
    }
}

#[test]
fn put_patch_and_delete_are_sent_with_their_headers_and_bodies() {
    let server = HttpServer::start(|_| Answer::json(200, "{}"));
    let url = format!("{}/api/events/12", server.base);
    let client = client();
    client
        .put(&url, &[("Authorization", KEY)], b"put body")
        .unwrap();
    let json = RequestBody::json(&serde_json::json!({"tag": "tlp:amber"})).unwrap();
    client
        .send(Method::Patch, &url, &[("Authorization", KEY)], json)
        .unwrap();
    let typed = RequestBody::json(&serde_json::json!([1])).unwrap();
    client
        .send(
            Method::Post,
            &url,
            &[("content-type", "application/vnd.misp+json")],
            typed,
        )
        .unwrap();
    client.delete(&url, &[("Authorization", KEY)]).unwrap();
    let received = server.received();
    let seen: Vec<(&str, Option<&str>, &str)> = received
        .iter()
        .map(|r| (r.method.as_str(), r.header("content-type"), r.body.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            ("PUT", None, "put body"),
            ("PATCH", Some("application/json"), r#"{"tag":"tlp:amber"}"#),
            ("POST", Some("application/vnd.misp+json"), "[1]"),
            ("DELETE", None, ""),
        ]
    );
    assert!(
        received[..2]
            .iter()
            .chain(&received[3..])
            .all(|r| r.header("authorization") == Some(KEY))
    );
}

#[test]
fn a_redirected_put_patch_or_delete_is_an_error_and_nothing_goes_elsewhere() {
    let elsewhere = HttpServer::start(|_| Answer::json(200, "{}"));
    let target = format!("{}/steal", elsewhere.base);
    let server = HttpServer::start(move |_| Answer::json(307, "").with_header("Location", &target));
    let url = format!("{}/api/attributes/3", server.base);
    for method in [Method::Put, Method::Patch, Method::Delete] {
        let error = client()
            .send(
                method,
                &url,
                &[("Authorization", KEY)],
                RequestBody::Bytes(b"x"),
            )
            .unwrap_err();
        assert_eq!(
            error,
            HttpError::Redirected {
                method,
                status: 307
            }
        );
        assert!(
            error
                .to_string()
                .contains(&format!("to a {method}: not followed")),
            "{error}"
        );
    }
    assert_eq!(server.received().len(), 3, "each sent once");
    assert!(
        elsewhere.received().is_empty(),
        "the other origin got a request"
    );
}

#[test]
fn a_multipart_form_carries_its_fields_and_files_in_order() {
    let server = HttpServer::start(|_| Answer::json(200, "{}"));
    let dir = tempfile::tempdir().unwrap();
    let sample = dir.path().join("sample.txt");
    std::fs::write(&sample, "file on disk\n").unwrap();
    let form = Multipart::new()
        .text("tlp", "amber")
        .bytes(
            "report",
            "report.json",
            "application/json",
            br#"{"score":7}"#,
        )
        .file("file", &sample);
    client()
        .send(
            Method::Post,
            &format!("{}/api/v1/file/upload", server.base),
            &[("Authorization", KEY)],
            RequestBody::Multipart(form),
        )
        .unwrap();
    let received = &server.received()[0];
    let content_type = received.header("content-type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("{content_type}"));
    let parts: Vec<&str> = received
        .body
        .split(&format!("--{boundary}"))
        .map(str::trim)
        .filter(|part| !part.is_empty() && *part != "--")
        .collect();
    assert_eq!(parts.len(), 3, "{}", received.body);
    assert!(
        parts[0].contains(r#"name="tlp""#) && parts[0].ends_with("amber"),
        "{}",
        parts[0]
    );
    assert!(
        parts[1].contains(r#"name="report"; filename="report.json""#)
            && parts[1].contains("application/json")
            && parts[1].ends_with(r#"{"score":7}"#),
        "{}",
        parts[1]
    );
    assert!(
        parts[2].contains(r#"name="file"; filename="sample.txt""#)
            && parts[2].ends_with("file on disk"),
        "{}",
        parts[2]
    );
}

#[test]
fn a_file_body_is_sent_whole_and_a_missing_one_sends_nothing() {
    let server = HttpServer::start(|_| Answer::json(200, "{}"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("memory.raw");
    let content: String = (0..(4u32 << 20) / 32)
        .map(|line| format!("{line:031}\n"))
        .collect();
    std::fs::write(&path, &content).unwrap();
    let url = format!("{}/api/upload", server.base);
    let answer = client()
        .send(
            Method::Put,
            &url,
            &[("Content-Type", "application/octet-stream")],
            RequestBody::File(&path),
        )
        .unwrap();
    assert_eq!(answer.status, 200);
    let received = &server.received()[0];
    assert_eq!(
        (received.method.as_str(), received.body.len()),
        ("PUT", content.len())
    );
    assert!(received.body == content, "the file's bytes");

    let missing = dir.path().join("gone.raw");
    let error = client()
        .send(Method::Post, &url, &[], RequestBody::File(&missing))
        .unwrap_err();
    assert!(
        matches!(&error, HttpError::BadBody(why) if why.contains("gone.raw")),
        "{error}"
    );
    let form = Multipart::new().text("a", "b").file("file", &missing);
    let error = client()
        .send(Method::Post, &url, &[], RequestBody::Multipart(form))
        .unwrap_err();
    assert!(
        matches!(&error, HttpError::BadBody(why) if why.contains("form field `file`")),
        "{error}"
    );
    assert_eq!(
        server.received().len(),
        1,
        "nothing sent for a body that could not be made"
    );
}
