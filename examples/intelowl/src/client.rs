//! IntelOwl's REST API, as the official module calls it through pyintelowl 5.1.0: `POST
//! /api/analyze_observable` (pyintelowl's body, its keys in its order) and `GET /api/jobs/{id}`,
//! with the key as `Authorization: Token ...`.

use crate::observable::Observable;
use iris_module_core::http::{HttpClient, HttpError, HttpResponse, HttpSettings};
use iris_module_core::long_job::Poll;
use iris_module_core::python_text::json_dumps;
use serde_json::{Map, Value, json};
use std::time::Duration;

/// What the module calls itself to IntelOwl (and to a proxy in front of it).
const USER_AGENT: &str = concat!("iris-intelowl-module/", env!("CARGO_PKG_VERSION"));

/// The time limit of one request.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Why IntelOwl gave no usable answer (the key never in it: the hook's redactor removes it from
/// whatever the server echoed).
#[derive(Debug, thiserror::Error)]
pub enum IntelOwlError {
    /// The request got no answer.
    #[error("{0}")]
    Http(#[from] HttpError),
    /// IntelOwl refused the key.
    #[error("IntelOwl refused the API key ({status}): {message}")]
    Refused {
        /// 401 or 403.
        status: u16,
        /// What IntelOwl said.
        message: String,
    },
    /// Another error status.
    #[error("IntelOwl answered {status}: {message}")]
    Status {
        /// The status.
        status: u16,
        /// What IntelOwl said.
        message: String,
    },
    /// An answer that is not what was asked for.
    #[error("IntelOwl's answer is not {0}")]
    NotAnAnswer(&'static str),
}

/// The client of one IntelOwl.
#[derive(Clone, Debug)]
pub struct IntelOwlClient {
    http: HttpClient,
    base: String,
    authorization: String,
}

impl IntelOwlClient {
    /// A client of the IntelOwl at `url` with `key`.
    pub fn new(
        url: &str,
        key: &str,
        proxy: Option<String>,
        verify_tls: bool,
    ) -> Result<IntelOwlClient, IntelOwlError> {
        let http = HttpClient::new(&HttpSettings {
            timeout: REQUEST_TIMEOUT,
            verify_tls,
            proxy,
            ..HttpSettings::default()
        })?;
        Ok(IntelOwlClient {
            http,
            base: url.trim().trim_end_matches('/').to_owned(),
            authorization: format!("Token {key}"),
        })
    }

    /// Submits `observable`; the job's id.
    pub fn submit(&self, observable: &Observable) -> Result<String, IntelOwlError> {
        let body = json_dumps(&request_body(observable));
        let answer = self.http.post(
            &format!("{}/api/analyze_observable", self.base),
            &[
                ("Authorization", &self.authorization),
                ("Content-Type", "application/json"),
                ("User-Agent", USER_AGENT),
            ],
            body.as_bytes(),
        )?;
        let answer = json_answer(&answer)?;
        match &answer["job_id"] {
            Value::Number(id) => Ok(id.to_string()),
            Value::String(id) if !id.is_empty() => Ok(id.clone()),
            _ => Err(IntelOwlError::NotAnAnswer("a job (no `job_id`)")),
        }
    }

    /// The job `id` as IntelOwl has it now.
    pub fn job(&self, id: &str) -> Result<Value, IntelOwlError> {
        let answer = self.http.get(
            &format!("{}/api/jobs/{id}", self.base),
            &[
                ("Authorization", &self.authorization),
                ("User-Agent", USER_AGENT),
            ],
        )?;
        json_answer(&answer)
    }
}

/// pyintelowl 5.1.0's body of `send_observable_analysis_request(name, classification)`.
pub fn request_body(observable: &Observable) -> Value {
    let mut body = Map::new();
    body.insert("observable_name".into(), json!(observable.name));
    body.insert(
        "observable_classification".into(),
        json!(observable.classification),
    );
    body.insert("analyzers_requested".into(), json!([]));
    body.insert("connectors_requested".into(), json!([]));
    body.insert("tlp".into(), json!("CLEAR"));
    body.insert("tags_labels".into(), json!([]));
    body.insert("runtime_configuration".into(), json!({}));
    Value::Object(body)
}

/// The job `id` polled: a job IntelOwl no longer knows (404) has failed; another error is no
/// answer this time (the job is asked about again).
pub fn poll_job(client: &IntelOwlClient, id: &str) -> Result<Poll<Value>, IntelOwlError> {
    match client.job(id) {
        Err(IntelOwlError::Status { status: 404, .. }) => {
            Ok(Poll::Failed(format!("IntelOwl has no job {id} (deleted?)")))
        }
        answer => poll(answer?),
    }
}

/// What a job's status means for its polling: `pending`, `running` and IntelOwl 5's stages
/// (`analyzers_running`, `connectors_completed`...) are running; `reported_without_fails` and
/// `reported_with_fails`, `failed` and `killed` are the end (the job's report is written in each
/// case, as the official module writes it).
pub fn poll(job: Value) -> Result<Poll<Value>, IntelOwlError> {
    let Some(status) = job["status"].as_str() else {
        return Err(IntelOwlError::NotAnAnswer("a job (no `status`)"));
    };
    let ended = status.starts_with("reported_") || matches!(status, "failed" | "killed");
    Ok(if ended {
        Poll::Done(job)
    } else {
        Poll::Running(Some(status.to_owned()))
    })
}

/// The JSON object of an answer, or the error its status says.
fn json_answer(answer: &HttpResponse) -> Result<Value, IntelOwlError> {
    match answer.status {
        200..=299 => match serde_json::from_str::<Value>(&answer.body) {
            Ok(value) if value.is_object() => Ok(value),
            _ => Err(IntelOwlError::NotAnAnswer("a JSON object")),
        },
        status @ (401 | 403) => Err(IntelOwlError::Refused {
            status,
            message: answer.said(&SAID),
        }),
        status => Err(IntelOwlError::Status {
            status,
            message: answer.said(&SAID),
        }),
    }
}

/// Where IntelOwl says what went wrong.
const SAID: [&str; 3] = ["/errors/detail", "/detail", "/errors"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_is_pyintelowls() {
        let observable = Observable {
            classification: "domain",
            name: "evil.example".into(),
        };
        assert_eq!(
            json_dumps(&request_body(&observable)),
            r#"{"observable_name": "evil.example", "observable_classification": "domain", "analyzers_requested": [], "connectors_requested": [], "tlp": "CLEAR", "tags_labels": [], "runtime_configuration": {}}"#
        );
    }

    #[test]
    fn statuses_end_a_job_or_not() {
        for (status, ended) in [
            ("pending", false),
            ("running", false),
            ("analyzers_running", false),
            ("connectors_completed", false),
            ("reported_without_fails", true),
            ("reported_with_fails", true),
            ("failed", true),
            ("killed", true),
        ] {
            let polled = poll(json!({"status": status})).unwrap();
            assert_eq!(matches!(polled, Poll::Done(_)), ended, "{status}");
        }
        assert!(poll(json!({"id": 1})).is_err());
    }

    #[test]
    fn error_answers_say_what_intelowl_said() {
        let answer = |status, body: &str| HttpResponse {
            status,
            retry_after: None,
            body: body.to_owned(),
        };
        let error = json_answer(&answer(
            400,
            r#"{"errors": {"detail": "No Analyzers can be run"}}"#,
        ));
        assert_eq!(
            error.unwrap_err().to_string(),
            "IntelOwl answered 400: No Analyzers can be run"
        );
        let error = json_answer(&answer(401, r#"{"detail": "Invalid token."}"#));
        assert_eq!(
            error.unwrap_err().to_string(),
            "IntelOwl refused the API key (401): Invalid token."
        );
    }
}
