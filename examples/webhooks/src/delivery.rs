//! Posting a webhook: the headers the configuration gives (every value a secret), JSON written
//! as Python writes it, retries with backoff within the hook's time, and no redirect followed.

use crate::python::json_dumps;
use iris_module_core::http::{HttpClient, HttpError, HttpSettings, Retry};
use serde_json::Value;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The longest a single attempt may take (the official module waits for ever).
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);

/// What a webhook's delivery came to.
#[derive(Debug)]
pub enum Outcome {
    /// The receiver answered with this status, below 400.
    Delivered(u16),
    /// The receiver answered with an error status (and this body).
    Refused(u16, String),
    /// No answer: the error, after this many attempts.
    Failed(HttpError, u32),
}

/// One request to make.
pub struct Request<'a> {
    /// Where.
    pub url: &'a str,
    /// The configuration's headers, in order.
    pub headers: &'a [(String, iris_module_core::config::Secret)],
    /// The body.
    pub body: &'a Value,
    /// Whether TLS certificates are verified.
    pub verify_tls: bool,
    /// The proxy IRIS's settings give for the URL.
    pub proxy: Option<&'a str>,
}

/// A way of connecting: whether TLS certificates are verified, and the proxy.
type Connection = (bool, Option<String>);

/// HTTP clients, one per way of connecting, kept between calls for their connections.
#[derive(Default)]
pub struct Clients {
    built: Mutex<Vec<(Connection, HttpClient)>>,
}

impl std::fmt::Debug for Clients {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Clients")
    }
}

impl Clients {
    fn client(&self, verify_tls: bool, proxy: Option<&str>) -> Result<HttpClient, HttpError> {
        let key: Connection = (verify_tls, proxy.map(str::to_owned));
        let mut built = self.built.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, client)) = built.iter().find(|(seen, _)| *seen == key) {
            return Ok(client.clone());
        }
        let client = HttpClient::new(&HttpSettings {
            timeout: ATTEMPT_TIMEOUT,
            verify_tls,
            proxy: key.1.clone(),
        })?;
        built.push((key, client.clone()));
        Ok(client)
    }

    /// Posts `request`, again after a connection error, a time-out, a `429` or a `5xx`, never
    /// past `deadline`.
    pub fn post(&self, request: &Request<'_>, deadline: Option<Instant>) -> Outcome {
        let client = match self.client(request.verify_tls, request.proxy) {
            Ok(client) => client,
            Err(error) => return Outcome::Failed(error, 0),
        };
        let headers = headers(request.headers);
        let pairs: Vec<(&str, &str)> = headers
            .iter()
            .map(|(name, value)| (name.as_str(), *value))
            .collect();
        let body = json_dumps(request.body);
        let retried = client.post_retrying(
            request.url,
            &pairs,
            body.as_bytes(),
            &Retry::default().until(deadline),
        );
        match retried.outcome {
            Ok(response) if response.status < 400 => Outcome::Delivered(response.status),
            Ok(response) => Outcome::Refused(response.status, response.body),
            Err(error) => Outcome::Failed(error, retried.attempts),
        }
    }
}

/// The configuration's headers, then `Content-Type: application/json`, `Accept: */*` and the
/// module's `User-Agent` where the configuration gives none of them.
fn headers(configured: &[(String, iris_module_core::config::Secret)]) -> Vec<(String, &str)> {
    let mut headers: Vec<(String, &str)> = configured
        .iter()
        .map(|(name, value)| (name.clone(), value.expose()))
        .collect();
    let defaults = [
        ("Content-Type", "application/json"),
        ("Accept", "*/*"),
        (
            "User-Agent",
            concat!("iris_webhooks_module/", env!("CARGO_PKG_VERSION")),
        ),
    ];
    for (name, value) in defaults {
        if !headers
            .iter()
            .any(|(given, _)| given.eq_ignore_ascii_case(name))
        {
            headers.push((name.to_owned(), value));
        }
    }
    headers
}
