//! A VirusTotal v3 client: `GET /<collection>/<id>` with the key in `x-apikey`, through IRIS's
//! proxy when one is set, at the free tier's pace unless the key is premium.

use crate::target::Target;
use iris_module_core::config::Secret;
use iris_module_core::http::{HttpClient, HttpSettings};
use iris_module_core::pace::SharedPace;
use serde_json::Value;
use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

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
    /// The key's pace, shared with every thread, module instance and worker process.
    pace: SharedPace,
    timeout: Duration,
    /// The client of the proxy last used (a connection pool per proxy). It never follows a
    /// redirect to another origin, so the key goes nowhere but to VirusTotal.
    http: Mutex<Option<(Option<String>, HttpClient)>>,
}

/// The pace of `api_key` at `base`: at most `per_minute` requests a minute (0: no limit),
/// whichever of IRIS's workers makes them.
pub fn pace_of(base: &str, api_key: &Secret, per_minute: u32) -> SharedPace {
    let interval = if per_minute == 0 {
        Duration::ZERO
    } else {
        Duration::from_secs(60) / per_minute
    };
    // The key is hashed into the pace's name, never written anywhere.
    SharedPace::new(&format!("virustotal {base} {}", api_key.expose()), interval)
}

impl VtClient {
    /// A client of the API at `base` (`https://www.virustotal.com/api/v3`), with `api_key`, making
    /// at most `per_minute` requests a minute (0: no limit).
    pub fn new(base: &str, api_key: Secret, per_minute: u32, timeout: Duration) -> Self {
        VtClient {
            base: base.trim().trim_end_matches('/').to_owned(),
            pace: pace_of(base, &api_key, per_minute),
            api_key,
            timeout,
            http: Mutex::new(None),
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
        let http = self.http(proxy)?;
        let url = format!("{}/{}/{}", self.base, target.kind.collection(), target.id);
        self.pace
            .wait()
            .map_err(|error| VtError(format!("VirusTotal's request pace: {error}")))?;
        let response = http
            .get(
                &url,
                &[
                    ("x-apikey", self.api_key.expose()),
                    ("Accept", "application/json"),
                ],
            )
            .map_err(|error| VtError(format!("VirusTotal request failed: {error}")))?;
        let status = response.status;
        let body: Value = serde_json::from_str(&response.body).unwrap_or(Value::Null);
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

    fn http(&self, proxy: Option<&str>) -> Result<HttpClient, VtError> {
        let mut cached = self.http.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((used, http)) = cached.as_ref()
            && used.as_deref() == proxy
        {
            return Ok(http.clone());
        }
        let http = HttpClient::new(&HttpSettings {
            timeout: self.timeout,
            verify_tls: true,
            proxy: proxy.map(str::to_owned),
            ..HttpSettings::default()
        })
        .map_err(|error| VtError(error.to_string()))?;
        *cached = Some((proxy.map(str::to_owned), http.clone()));
        Ok(http)
    }
}
