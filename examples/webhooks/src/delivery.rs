//! Posting a webhook: the headers the configuration gives (every value a secret), JSON written
//! as Python writes it, retries with backoff within the hook's time, and no redirect followed.

use iris_module_core::http::{HttpClient, HttpError, HttpSettings, Retry, status_may_pass};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The longest a single attempt may take (the official module waits for ever).
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);

/// What one attempt to deliver a webhook came to.
#[derive(Debug)]
pub enum Outcome {
    /// The receiver answered with this status, below 400.
    Delivered(u16),
    /// The receiver answered with an error status (and this body).
    Refused(u16, String),
    /// No answer: the error, after this many attempts.
    Failed(HttpError, u32),
}

impl Outcome {
    /// Whether asking again later may deliver it: what the client retries (no answer, `429`, a
    /// `5xx`), and the receiver's own time-out (`408`), which a later call may not meet. A
    /// redirect or another `4xx` will not change by itself.
    pub fn may_pass_later(&self) -> bool {
        match self {
            Outcome::Delivered(_) => false,
            Outcome::Refused(status, _) => *status == 408 || status_may_pass(*status),
            Outcome::Failed(error, _) => error.may_pass(),
        }
    }
}

/// One request to make.
pub struct Request<'a> {
    /// Where.
    pub url: &'a str,
    /// The configuration's headers, in order.
    pub headers: &'a [(String, iris_module_core::config::Secret)],
    /// The body, JSON as Python writes it.
    pub body: &'a str,
    /// Whether TLS certificates are verified.
    pub verify_tls: bool,
    /// The proxy IRIS's settings give for the URL.
    pub proxy: Option<&'a str>,
    /// One attempt only (the receiver refused before: what it refuses now waits for the next
    /// call rather than holding IRIS's worker through a round of retries).
    pub once: bool,
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
            ..HttpSettings::default()
        })?;
        built.push((key, client.clone()));
        Ok(client)
    }

    /// Posts `request`, again after a connection error, a time-out, a `429` or a `5xx` (unless
    /// it is to be tried once), never past `deadline`.
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
        let body = request.body;
        let retried = client.post_retrying(
            request.url,
            &pairs,
            body.as_bytes(),
            &Retry {
                attempts: if request.once {
                    1
                } else {
                    Retry::default().attempts
                },
                ..Retry::default()
            }
            .until(deadline),
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

impl Outcome {
    /// What the attempt came to, for the log: the receiver's status and the start of its answer
    /// (without `url`, the webhook's, nor its path), or the error.
    pub fn describe(&self, url: &str) -> String {
        match self {
            Outcome::Delivered(status) => format!("delivered, code {status}"),
            Outcome::Refused(status, answer) => format!(
                "the receiver answered {status}: {}",
                excerpt(&without_url(answer, url))
            ),
            Outcome::Failed(error, attempts) => {
                format!("not delivered after {attempts} attempt(s): {error}")
            }
        }
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe(""))
    }
}

/// A receiver's answer without the webhook's URL in it, nor its path: a Slack, Teams or Discord
/// URL's path is its token (the URL as a whole is redacted everywhere already).
fn without_url(answer: &str, url: &str) -> String {
    let path = url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|start| &rest[start..]))
        .unwrap_or_default();
    if path.trim_matches('/').is_empty() {
        answer.to_owned()
    } else {
        answer.replace(path, "[redacted]")
    }
}

/// The start of a receiver's answer, for the log.
fn excerpt(answer: &str) -> String {
    const SHOWN: usize = 300;
    match answer.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("{}…", &answer[..end]),
        None => answer.to_owned(),
    }
}
