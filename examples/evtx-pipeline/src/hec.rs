//! Splunk's HTTP Event Collector: batches of events posted to `/services/collector/event` with the
//! token in `Authorization: Splunk <token>`; busy servers and broken connections are retried with
//! exponential backoff (honouring `Retry-After`); TLS certificates are verified unless told not to.

use crate::output::{Sink, SinkError};
use iris_module_core::config::Secret;
use std::time::Duration;
use ureq::Agent;
use ureq::tls::TlsConfig;

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
    agent: Agent,
    settings: HecSettings,
    authorization: String,
}

impl HecClient {
    /// A client for `settings`; a URL that is not `http(s)://` or a bad proxy is an error.
    pub fn new(settings: HecSettings) -> Result<Self, SinkError> {
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
        let proxy = match settings.proxy.as_deref() {
            Some(proxy) => Some(
                ureq::Proxy::new(proxy)
                    .map_err(|error| SinkError(format!("proxy {proxy:?}: {error}")))?,
            ),
            None => None,
        };
        let config = Agent::config_builder()
            .timeout_global(Some(settings.timeout))
            .http_status_as_error(false)
            .proxy(proxy)
            .tls_config(
                TlsConfig::builder()
                    .disable_verification(!settings.verify_tls)
                    .build(),
            )
            .build();
        Ok(HecClient {
            agent: Agent::new_with_config(config),
            authorization: format!("Splunk {}", settings.token.expose()),
            settings,
        })
    }

    /// Posts one batch, retrying what can succeed later. Errors never show the token.
    pub fn post(&self, body: &[u8]) -> Result<(), SinkError> {
        let mut delay = self.settings.first_delay;
        let attempts = self.settings.max_attempts.max(1);
        for attempt in 1..=attempts {
            let outcome = self
                .agent
                .post(&self.settings.url)
                .header("Authorization", &self.authorization)
                .header("Content-Type", "application/json")
                .send(body);
            let (retry_after, problem) = match outcome {
                Ok(mut response) => {
                    let status = response.status().as_u16();
                    if status == 200 {
                        return Ok(());
                    }
                    let retry_after = response
                        .headers()
                        .get("Retry-After")
                        .and_then(|value| value.to_str().ok())
                        .and_then(|value| value.trim().parse::<u64>().ok())
                        .map(Duration::from_secs);
                    let text = response.body_mut().read_to_string().unwrap_or_default();
                    let problem = format!("HEC answered {status}: {}", hec_message(&text));
                    if !matches!(status, 429 | 500 | 502 | 503 | 504) {
                        return Err(SinkError(problem));
                    }
                    (retry_after, problem)
                }
                Err(error) => (None, format!("HEC request failed: {error}")),
            };
            if attempt == attempts {
                return Err(SinkError(format!(
                    "{problem} (gave up after {attempts} attempts)"
                )));
            }
            std::thread::sleep(retry_after.unwrap_or(delay).min(MAX_DELAY));
            delay = (delay * 2).min(MAX_DELAY);
        }
        unreachable!("the last attempt returns")
    }
}

/// The `text` of HEC's JSON answer (`{"text": "Invalid token", "code": 4}`), or the body.
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
