//! A VirusTotal v3 client: `GET /<collection>/<id>` with the key in `x-apikey`, through IRIS's
//! proxy when one is set, at the free tier's pace unless the key is premium.

use crate::limiter::RateLimiter;
use crate::target::Target;
use iris_module_core::config::Secret;
use serde_json::Value;
use std::fmt;
use std::sync::Mutex;
use std::time::Duration;
use ureq::Agent;

/// What VirusTotal answered about one object.
#[derive(Clone, Debug, PartialEq)]
pub enum Lookup {
    /// The object (`data` of the answer: `id`, `type`, `attributes`).
    Found(Value),
    /// VirusTotal has never seen it.
    NotFound,
}

/// A lookup failed; the message never holds the key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VtError(pub String);

impl fmt::Display for VtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for VtError {}

/// A client of VirusTotal's v3 API.
pub struct VtClient {
    base: String,
    api_key: Secret,
    limiter: RateLimiter,
    timeout: Duration,
    /// The agent of the proxy last used (a connection pool per proxy).
    agent: Mutex<Option<(Option<String>, Agent)>>,
}

impl VtClient {
    /// A client of the API at `base` (`https://www.virustotal.com/api/v3`), with `api_key`, making
    /// at most `per_minute` requests a minute (0: no limit).
    pub fn new(base: &str, api_key: Secret, per_minute: u32, timeout: Duration) -> Self {
        VtClient {
            base: base.trim().trim_end_matches('/').to_owned(),
            api_key,
            limiter: RateLimiter::per_minute(per_minute),
            timeout,
            agent: Mutex::new(None),
        }
    }

    /// Looks `target` up, through `proxy` when given.
    pub fn lookup(&self, target: &Target, proxy: Option<&str>) -> Result<Lookup, VtError> {
        if !target
            .id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._:-".contains(&b))
        {
            return Err(VtError(format!(
                "`{}` is not a value VirusTotal can look up",
                target.value
            )));
        }
        let agent = self.agent(proxy)?;
        let url = format!("{}/{}/{}", self.base, target.kind.collection(), target.id);
        self.limiter.wait();
        let mut response = agent
            .get(&url)
            .header("x-apikey", self.api_key.expose())
            .header("Accept", "application/json")
            .call()
            .map_err(|error| VtError(format!("VirusTotal request failed: {error}")))?;
        let status = response.status().as_u16();
        let body: Value = response
            .body_mut()
            .read_to_string()
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or(Value::Null);
        match status {
            200 => body
                .get("data")
                .cloned()
                .map(Lookup::Found)
                .ok_or_else(|| VtError("VirusTotal answered without `data`".into())),
            404 => Ok(Lookup::NotFound),
            _ => {
                let error = &body["error"];
                Err(VtError(format!(
                    "VirusTotal answered {status}: {} ({})",
                    error["message"].as_str().unwrap_or("no message"),
                    error["code"].as_str().unwrap_or("no code")
                )))
            }
        }
    }

    fn agent(&self, proxy: Option<&str>) -> Result<Agent, VtError> {
        let mut cached = self.agent.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((used, agent)) = cached.as_ref()
            && used.as_deref() == proxy
        {
            return Ok(agent.clone());
        }
        let proxy_config = match proxy {
            Some(proxy) => Some(
                ureq::Proxy::new(proxy)
                    .map_err(|error| VtError(format!("proxy {proxy:?}: {error}")))?,
            ),
            None => None,
        };
        let agent = Agent::new_with_config(
            Agent::config_builder()
                .timeout_global(Some(self.timeout))
                .http_status_as_error(false)
                .proxy(proxy_config)
                .build(),
        );
        *cached = Some((proxy.map(str::to_owned), agent.clone()));
        Ok(agent)
    }
}
