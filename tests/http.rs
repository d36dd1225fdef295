//! `iris_module_core::http` against loopback servers: credentials never reach another origin, a
//! redirected POST is an error (never a GET that passes for delivery), a bad proxy URL is
//! reported without its password.

use iris_module_core::http::{HttpClient, HttpError, HttpSettings};
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
        assert_eq!(error, HttpError::RedirectedPost(status));
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
