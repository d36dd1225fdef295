//! An HTTP client for modules (feature `http`) that keeps credentials where they belong:
//!
//! - a redirect to another origin (scheme, host or port) is never followed, so the headers a
//!   module sets (an API key, a token) are never sent there;
//! - a redirect of a POST, PUT, PATCH or DELETE is an error, never a GET without its body that a
//!   200 then passes off as delivered;
//! - same-origin redirects of a GET are followed, at most [`MAX_REDIRECTS`] of them;
//! - a bad proxy URL is reported without its credentials, and the answer's body is read up to
//!   [`MAX_BODY`] bytes.
//!
//! Statuses are returned, not turned into errors: the module decides what a 404 means.
//! [`HttpClient::post_retrying`] retries what may pass (a connection error, a time-out, `429`,
//! a `5xx`) with exponential backoff, honouring `Retry-After`, never waiting past a deadline
//! (the hook's time limit).
//!
//! [`HttpClient::send`] sends any of these methods with any [`RequestBody`]: bytes, JSON, a
//! `multipart/form-data` form, or a file streamed from disk (never whole in memory).

mod body;

pub use body::{Multipart, RequestBody};

use crate::redact::Redactor;
use std::fmt;
use std::time::{Duration, Instant};
use ureq::Agent;
use ureq::http::Uri;
use ureq::tls::TlsConfig;

/// The most same-origin redirects a GET follows.
pub const MAX_REDIRECTS: usize = 5;

/// The most bytes of an answer's body that are read.
pub const MAX_BODY: u64 = 16 << 20;

/// How the client connects.
#[derive(Clone, Debug)]
pub struct HttpSettings {
    /// The whole request's time limit.
    pub timeout: Duration,
    /// Whether TLS certificates are verified (keep it on).
    pub verify_tls: bool,
    /// The proxy to go through (`http://user:password@host:port`), if any.
    pub proxy: Option<String>,
    /// A PEM file of the roots to verify TLS certificates against, instead of the built-in
    /// ones (a private CA's).
    pub ca_file: Option<std::path::PathBuf>,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            timeout: Duration::from_secs(60),
            verify_tls: true,
            proxy: None,
            ca_file: None,
        }
    }
}

/// How [`HttpClient::post_retrying`] retries.
#[derive(Clone, Debug)]
pub struct Retry {
    /// Attempts in all (at least one is made).
    pub attempts: u32,
    /// The wait after the first failed attempt; it doubles after each.
    pub first_delay: Duration,
    /// The longest wait between two attempts (a longer `Retry-After` is cut to it).
    pub max_delay: Duration,
    /// No attempt starts after it, and no wait runs past it (`None`: no deadline).
    pub deadline: Option<Instant>,
}

impl Default for Retry {
    /// 5 attempts, 1 s then doubling up to 30 s, no deadline.
    fn default() -> Self {
        Retry {
            attempts: 5,
            first_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(30),
            deadline: None,
        }
    }
}

impl Retry {
    /// The same, ending at `deadline` (a hook's: `ctx.deadline()`).
    pub fn until(mut self, deadline: Option<Instant>) -> Self {
        self.deadline = deadline;
        self
    }
}

/// What a retried request ended with, and how many attempts it took.
#[derive(Debug)]
pub struct Retried {
    /// The last answer (which may be a `429` or `5xx` when the attempts ran out), or the last
    /// failure.
    pub outcome: Result<HttpResponse, HttpError>,
    /// The attempts made.
    pub attempts: u32,
}

/// Whether an answer with `status` may be different if asked again: `429` or a `5xx` (what
/// [`HttpClient::post_retrying`] retries).
pub fn status_may_pass(status: u16) -> bool {
    status == 429 || (500..600).contains(&status)
}

impl HttpError {
    /// Whether the request may pass if made again: it failed (a connection error, a time-out),
    /// rather than being refused for what it is (a bad URL, a redirect).
    pub fn may_pass(&self) -> bool {
        matches!(self, HttpError::Failed(_))
    }
}

/// Whether an answer may be different if asked again.
fn passing(outcome: &Result<HttpResponse, HttpError>) -> bool {
    match outcome {
        Ok(response) => status_may_pass(response.status),
        Err(error) => error.may_pass(),
    }
}

/// A method that sends: its redirects are never followed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Method {
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        })
    }
}

/// An answer.
#[derive(Clone, Debug)]
pub struct HttpResponse {
    /// The HTTP status.
    pub status: u16,
    /// `Retry-After`, in seconds, when the server sent one.
    pub retry_after: Option<Duration>,
    /// The body (at most [`MAX_BODY`] bytes; invalid UTF-8 replaced).
    pub body: String,
}

impl HttpResponse {
    /// What an error answer says, for a status: the first of `pointers` (JSON pointers, such as
    /// `/errors/detail` or `/message`) the body's JSON has (a string as it is, anything else as
    /// JSON), else the body's first 200 characters. Pass it through the call's redactor (a
    /// server may echo the key).
    pub fn said(&self, pointers: &[&str]) -> String {
        let parsed: Option<serde_json::Value> = serde_json::from_str(&self.body).ok();
        let said = parsed.as_ref().and_then(|value| {
            pointers
                .iter()
                .find_map(|pointer| value.pointer(pointer))
                .map(|said| match said {
                    serde_json::Value::String(text) => text.clone(),
                    other => other.to_string(),
                })
        });
        said.unwrap_or_else(|| self.body.chars().take(200).collect())
    }
}

/// Why a request got no answer the module can use.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum HttpError {
    /// The proxy URL is not valid (said without its credentials).
    BadProxy(String),
    /// The URL is not a valid absolute `http(s)://` URL.
    BadUrl(String),
    /// The request failed (connection, TLS, time limit...).
    Failed(String),
    /// The server redirected to another origin: not followed.
    CrossOriginRedirect {
        /// The redirect's status.
        status: u16,
        /// Where it pointed (its origin only).
        origin: String,
    },
    /// The server answered a request that sends (POST, PUT, PATCH, DELETE) with a redirect: not
    /// followed, nothing was delivered.
    Redirected {
        /// The request's method.
        method: Method,
        /// The redirect's status.
        status: u16,
    },
    /// The body could not be made (a form's file that cannot be opened...).
    BadBody(String),
    /// More than [`MAX_REDIRECTS`] redirects.
    TooManyRedirects,
    /// The CA file cannot be read, or holds no certificate.
    BadCaFile(String),
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HttpError::BadProxy(why) => write!(f, "invalid proxy: {why}"),
            HttpError::BadUrl(why) => write!(f, "invalid URL: {why}"),
            HttpError::Failed(why) => write!(f, "request failed: {why}"),
            HttpError::CrossOriginRedirect { status, origin } => write!(
                f,
                "the server answered {status}, a redirect to another origin ({origin}): not \
                 followed, so that no credential is sent there"
            ),
            HttpError::Redirected { method, status } => write!(
                f,
                "the server answered {status}, a redirect, to a {method}: not followed; nothing \
                 was delivered"
            ),
            HttpError::BadBody(why) => write!(f, "the request's body: {why}"),
            HttpError::TooManyRedirects => {
                write!(f, "more than {MAX_REDIRECTS} redirects: not followed")
            }
            HttpError::BadCaFile(why) => write!(f, "the CA file: {why}"),
        }
    }
}

impl std::error::Error for HttpError {}

/// The client. Cheap to clone (a connection pool shared by the clones).
#[derive(Clone)]
pub struct HttpClient {
    agent: Agent,
    /// Removes the proxy's credentials from the errors.
    redactor: Redactor,
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HttpClient")
    }
}

/// The certificates of the PEM file at `path`.
fn ca_roots(path: &std::path::Path) -> Result<ureq::tls::RootCerts, HttpError> {
    let pem = std::fs::read(path)
        .map_err(|error| HttpError::BadCaFile(format!("{}: {error}", path.display())))?;
    let mut roots = Vec::new();
    for item in ureq::tls::parse_pem(&pem) {
        match item {
            Ok(ureq::tls::PemItem::Certificate(certificate)) => roots.push(certificate),
            Ok(_) => {}
            Err(error) => {
                return Err(HttpError::BadCaFile(format!("{}: {error}", path.display())));
            }
        }
    }
    if roots.is_empty() {
        return Err(HttpError::BadCaFile(format!(
            "{}: no PEM certificate in it",
            path.display()
        )));
    }
    Ok(roots.into())
}

impl HttpClient {
    /// A client with `settings`.
    pub fn new(settings: &HttpSettings) -> Result<Self, HttpError> {
        let mut redactor = Redactor::default();
        if let Some(proxy) = settings.proxy.as_deref() {
            redactor.add_url_credentials(proxy);
        }
        let proxy = match settings.proxy.as_deref() {
            Some(proxy) => Some(ureq::Proxy::new(proxy).map_err(|error| {
                HttpError::BadProxy(redactor.redact(&format!("{proxy}: {error}")).into_owned())
            })?),
            None => None,
        };
        let mut tls = TlsConfig::builder().disable_verification(!settings.verify_tls);
        if let Some(path) = settings.ca_file.as_deref() {
            tls = tls.root_certs(ca_roots(path)?);
        }
        let config = Agent::config_builder()
            .timeout_global(Some(settings.timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(proxy)
            .tls_config(tls.build())
            .build();
        Ok(HttpClient {
            agent: Agent::new_with_config(config),
            redactor,
        })
    }

    fn failed(&self, error: impl fmt::Display) -> HttpError {
        HttpError::Failed(self.redactor.redact(&error.to_string()).into_owned())
    }

    /// `GET url` with `headers`, following same-origin redirects only.
    pub fn get(&self, url: &str, headers: &[(&str, &str)]) -> Result<HttpResponse, HttpError> {
        let mut current = parse(url)?;
        for _ in 0..=MAX_REDIRECTS {
            let mut request = self.agent.get(current.to_string());
            for (name, value) in headers {
                request = request.header(*name, *value);
            }
            let response = request.call().map_err(|error| self.failed(error))?;
            let status = response.status().as_u16();
            match redirect_target(&current, &response)? {
                None => return read(response),
                Some(next) if origin(&next) == origin(&current) => current = next,
                Some(next) => {
                    return Err(HttpError::CrossOriginRedirect {
                        status,
                        origin: origin(&next),
                    });
                }
            }
        }
        Err(HttpError::TooManyRedirects)
    }

    /// `POST url` with `headers` and `body`. A redirect is an error.
    pub fn post(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<HttpResponse, HttpError> {
        self.send(Method::Post, url, headers, RequestBody::Bytes(body))
    }

    /// `PUT url` with `headers` and `body`. A redirect is an error.
    pub fn put(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<HttpResponse, HttpError> {
        self.send(Method::Put, url, headers, RequestBody::Bytes(body))
    }

    /// `DELETE url` with `headers`, without a body. A redirect is an error.
    pub fn delete(&self, url: &str, headers: &[(&str, &str)]) -> Result<HttpResponse, HttpError> {
        self.send(Method::Delete, url, headers, RequestBody::Empty)
    }

    /// `method url` with `headers` and `body`. A redirect is an error: nothing is sent again,
    /// nor anywhere else. A JSON body is sent with `Content-Type: application/json` and a form
    /// with its `multipart/form-data` type, unless `headers` name one.
    pub fn send(
        &self,
        method: Method,
        url: &str,
        headers: &[(&str, &str)],
        body: RequestBody<'_>,
    ) -> Result<HttpResponse, HttpError> {
        let current = parse(url)?;
        let uri = current.to_string();
        let mut request = match method {
            Method::Post => self.agent.post(uri),
            Method::Put => self.agent.put(uri),
            Method::Patch => self.agent.patch(uri),
            Method::Delete => self.agent.delete(uri).force_send_body(),
        };
        let typed = headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("content-type"));
        if matches!(body, RequestBody::Json(_)) && !typed {
            request = request.header("Content-Type", "application/json");
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let sent = match body {
            RequestBody::Empty => request.send_empty(),
            RequestBody::Bytes(bytes) => request.send(bytes),
            RequestBody::Json(bytes) => request.send(bytes),
            RequestBody::Multipart(form) => {
                let form = form.form().map_err(HttpError::BadBody)?;
                request.send(form)
            }
            RequestBody::File(path) => {
                let file = std::fs::File::open(path)
                    .map_err(|error| HttpError::BadBody(format!("{}: {error}", path.display())))?;
                request.send(file)
            }
        };
        let response = sent.map_err(|error| self.failed(error))?;
        let status = response.status().as_u16();
        if (300..400).contains(&status) {
            return Err(HttpError::Redirected { method, status });
        }
        read(response)
    }
}

impl HttpClient {
    /// `POST url` as [`post`](Self::post) does, again after a connection error, a time-out, a
    /// `429` or a `5xx`, as `retry` says: waits double from its first delay (a `Retry-After` is
    /// honoured), and no attempt starts, nor any wait runs, past its deadline. A redirect, a
    /// `4xx` or a bad URL is not retried. The body is the same bytes at every attempt.
    pub fn post_retrying(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        body: &[u8],
        retry: &Retry,
    ) -> Retried {
        let mut delay = retry.first_delay;
        let mut attempts = 0;
        loop {
            attempts += 1;
            let outcome = self.post(url, headers, body);
            if !passing(&outcome) || attempts >= retry.attempts.max(1) {
                return Retried { outcome, attempts };
            }
            let asked = match &outcome {
                Ok(response) => response.retry_after,
                Err(_) => None,
            };
            let wait = asked.unwrap_or(delay).min(retry.max_delay);
            if retry
                .deadline
                .is_some_and(|deadline| Instant::now() + wait >= deadline)
            {
                return Retried { outcome, attempts };
            }
            std::thread::sleep(wait);
            delay = (delay * 2).min(retry.max_delay);
        }
    }
}

fn parse(url: &str) -> Result<Uri, HttpError> {
    let uri: Uri = url
        .trim()
        .parse()
        .map_err(|error| HttpError::BadUrl(format!("{error}")))?;
    match uri.scheme_str() {
        Some("http" | "https") if uri.authority().is_some() => Ok(uri),
        _ => Err(HttpError::BadUrl(
            "an absolute http:// or https:// URL is needed".into(),
        )),
    }
}

/// `scheme://host:port`, with the scheme's default port made explicit.
fn origin(uri: &Uri) -> String {
    let scheme = uri.scheme_str().unwrap_or_default().to_ascii_lowercase();
    let host = uri.host().unwrap_or_default().to_ascii_lowercase();
    let port = uri
        .port_u16()
        .unwrap_or(if scheme == "https" { 443 } else { 80 });
    format!("{scheme}://{host}:{port}")
}

/// Where a redirect points, resolved against `current`; `None` when it is not a redirect.
fn redirect_target(
    current: &Uri,
    response: &ureq::http::Response<ureq::Body>,
) -> Result<Option<Uri>, HttpError> {
    let status = response.status().as_u16();
    if !matches!(status, 301 | 302 | 303 | 307 | 308) {
        return Ok(None);
    }
    let Some(location) = response
        .headers()
        .get("Location")
        .and_then(|value| value.to_str().ok())
    else {
        return Ok(None);
    };
    if location.contains("://") {
        return parse(location).map(Some);
    }
    let base = format!(
        "{}://{}",
        current.scheme_str().unwrap_or("http"),
        current.authority().map(|a| a.as_str()).unwrap_or_default()
    );
    let path = if location.starts_with('/') {
        location.to_owned()
    } else {
        let dir = current
            .path()
            .rsplit_once('/')
            .map(|(dir, _)| dir)
            .unwrap_or("");
        format!("{dir}/{location}")
    };
    parse(&format!("{base}{path}")).map(Some)
}

fn read(mut response: ureq::http::Response<ureq::Body>) -> Result<HttpResponse, HttpError> {
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("Retry-After")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    let bytes = response
        .body_mut()
        .with_config()
        .limit(MAX_BODY)
        .read_to_vec()
        .map_err(|error| HttpError::Failed(error.to_string()))?;
    Ok(HttpResponse {
        status,
        retry_after,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    })
}
