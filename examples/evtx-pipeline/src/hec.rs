//! Splunk's HTTP Event Collector: batches of events posted to `/services/collector/event` with the
//! token in `Authorization: Splunk <token>`; busy servers and broken connections are retried with
//! exponential backoff (honouring `Retry-After`); TLS certificates are verified unless told not to.

use crate::output::{Sink, SinkError};
use iris_module_core::config::Secret;
use iris_module_core::http::{HttpClient, HttpError, HttpSettings, Retry};
use std::time::Duration;

/// The longest wait between two attempts.
const MAX_DELAY: Duration = Duration::from_secs(30);

/// How to reach the collector.
#[derive(Clone, Debug)]
pub struct HecSettings {
    /// The endpoint, e.g. `https://splunk.example:8088/services/collector/event`.
    pub url: String,
    /// The HEC token.
    pub token: Secret,
    /// Whether the server's certificate is verified.
    pub verify_tls: bool,
    /// Events per request.
    pub batch_size: usize,
    /// Attempts per batch before giving up.
    pub max_attempts: u32,
    /// The wait after the first failed attempt; it doubles after each.
    pub first_delay: Duration,
    /// The proxy to go through (IRIS's server settings).
    pub proxy: Option<String>,
    /// The time limit of one request.
    pub timeout: Duration,
}

/// A client of one collector.
pub struct HecClient {
    http: HttpClient,
    settings: HecSettings,
    authorization: String,
}

/// `error` without `token`, in any form the collector or the client may have written it.
fn without_token(token: &Secret, SinkError(problem): SinkError) -> SinkError {
    SinkError(token.scrub(&problem).into_owned())
}

impl HecClient {
    /// A client of the collector of `settings`; its error never holds the token.
    pub fn new(settings: HecSettings) -> Result<Self, SinkError> {
        let token = settings.token.clone();
        Self::connect(settings).map_err(|error| without_token(&token, error))
    }

    fn connect(settings: HecSettings) -> Result<Self, SinkError> {
        let url = settings.url.trim().to_ascii_lowercase();
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(SinkError(format!(
                "the HEC URL must start with https:// or http://, not {:?}",
                settings.url
            )));
        }
        if settings.token.is_empty() {
            return Err(SinkError("no HEC token is configured".into()));
        }
        // Redirects are never followed: a redirected POST would lose the batch.
        let http = HttpClient::new(&HttpSettings {
            timeout: settings.timeout,
            verify_tls: settings.verify_tls,
            proxy: settings.proxy.clone(),
            ..HttpSettings::default()
        })
        .map_err(|error| SinkError(error.to_string()))?;
        Ok(HecClient {
            http,
            authorization: format!("Splunk {}", settings.token.expose()),
            settings,
        })
    }

    /// Posts one batch; `Ok` only when the collector answered 200 to this very request. Its
    /// error never holds the token, whatever the collector answered.
    pub fn post(&self, body: &[u8]) -> Result<(), SinkError> {
        self.post_once_accepted(body)
            .map_err(|error| without_token(&self.settings.token, error))
    }

    fn post_once_accepted(&self, body: &[u8]) -> Result<(), SinkError> {
        let retry = Retry {
            attempts: self.settings.max_attempts.max(1),
            first_delay: self.settings.first_delay,
            max_delay: MAX_DELAY,
            deadline: None,
        };
        let headers = [
            ("Authorization", self.authorization.as_str()),
            ("Content-Type", "application/json"),
        ];
        let retried = self
            .http
            .post_retrying(&self.settings.url, &headers, body, &retry);
        let gave_up = |problem: String| match retried.attempts {
            1 => problem,
            attempts => format!("{problem} (gave up after {attempts} attempts)"),
        };
        match retried.outcome {
            Ok(response) if response.status == 200 => Ok(()),
            Ok(response) => Err(SinkError(gave_up(format!(
                "HEC answered {}: {}",
                response.status,
                hec_message(&response.body)
            )))),
            // A redirect is the collector's answer, not a network failure: not retried.
            Err(error @ HttpError::Redirected { .. }) => Err(SinkError(format!("HEC: {error}"))),
            Err(error) => Err(SinkError(gave_up(format!("HEC request failed: {error}")))),
        }
    }
}

fn hec_message(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|value| {
            value
                .get("text")
                .and_then(|text| text.as_str())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| body.chars().take(200).collect())
}

/// The HEC sink: each batch is one request.
pub struct HecSink {
    client: HecClient,
    events: usize,
}

impl HecSink {
    /// A sink posting to the collector of `settings`.
    pub fn new(settings: HecSettings) -> Result<Self, SinkError> {
        Ok(HecSink {
            client: HecClient::new(settings)?,
            events: 0,
        })
    }
}

impl Sink for HecSink {
    fn batch_size(&self) -> usize {
        self.client.settings.batch_size.max(1)
    }

    fn sends_at_once(&self) -> bool {
        true
    }

    fn send(&mut self, events: &[u8], count: usize) -> Result<(), SinkError> {
        self.client.post(events)?;
        self.events += count;
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<String, SinkError> {
        Ok(format!("Splunk HEC at {}", self.client.settings.url))
    }
}
