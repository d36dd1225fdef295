//! MISP's REST API, as the official module calls it through pymisp: `POST events/restSearch`
//! with pymisp's body (its keys in pymisp's order), the key as `Authorization`, and each event of
//! the answer cleaned as the official module cleans it for its report.

use crate::instances::{Instance, Tls};
use crate::search::Search;
use iris_module_core::http::{HttpClient, HttpError, HttpSettings};
use iris_module_core::python_text::json_dumps;
use serde_json::{Map, Value, json};
use std::time::Duration;

/// What the module calls itself to MISP (and to a proxy in front of it).
const USER_AGENT: &str = concat!("iris-misp-module/", env!("CARGO_PKG_VERSION"));

/// The time limit of one request.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Why an instance gave no answer for a search (the key never in it: the hook's redactor
/// removes it from whatever the server echoed).
#[derive(Debug, thiserror::Error)]
pub enum MispError {
    /// The request got no answer.
    #[error("{0}")]
    Http(#[from] HttpError),
    /// MISP refused the key.
    #[error("MISP refused the API key ({status}): {message}")]
    Refused {
        /// 401 or 403.
        status: u16,
        /// What MISP said.
        message: String,
    },
    /// Another error status.
    #[error("MISP answered {status}: {message}")]
    Status {
        /// The status.
        status: u16,
        /// What MISP said.
        message: String,
    },
    /// An answer that is not a search's.
    #[error("MISP's answer is not a search result: {0}")]
    NotAnAnswer(String),
    /// The CA file of `ssl` cannot be used.
    #[error("the CA file `{path}` of `ssl`: {why}")]
    CaFile {
        /// Its path.
        path: String,
        /// Why.
        why: String,
    },
}

/// One instance's client.
#[derive(Clone, Debug)]
pub struct MispClient {
    http: HttpClient,
    search_url: String,
}

impl MispClient {
    /// A client of `instance`, through `proxy` (`None`: no proxy, whatever the environment says,
    /// as the official module does).
    pub fn new(instance: &Instance, proxy: Option<String>) -> Result<MispClient, MispError> {
        let mut settings = HttpSettings {
            timeout: REQUEST_TIMEOUT,
            proxy,
            ..HttpSettings::default()
        };
        match &instance.tls {
            Tls::Verified => {}
            Tls::Unverified => settings.verify_tls = false,
            Tls::CaFile(path) => {
                settings.ca_file = Some(path.into());
            }
        }
        let http = HttpClient::new(&settings).map_err(|error| match (&instance.tls, error) {
            (Tls::CaFile(path), HttpError::BadCaFile(why)) => MispError::CaFile {
                path: path.clone(),
                why,
            },
            (_, error) => MispError::Http(error),
        })?;
        Ok(MispClient {
            http,
            search_url: endpoint(&instance.url, "events/restSearch"),
        })
    }

    /// The events of `search` on this instance, each cleaned for the report.
    pub fn search(&self, key: &str, search: &Search) -> Result<Vec<Value>, MispError> {
        let body = json_dumps(&request_body(search));
        let headers = [
            ("Authorization", key),
            ("Accept", "application/json"),
            ("content-type", "application/json"),
            ("User-Agent", USER_AGENT),
        ];
        let answer = self
            .http
            .post(&self.search_url, &headers, body.as_bytes())?;
        match answer.status {
            200..=299 => match serde_json::from_str(&answer.body) {
                Ok(value) => events(value),
                Err(error) => Err(MispError::NotAnAnswer(format!("not JSON ({error})"))),
            },
            status @ (401 | 403) => Err(MispError::Refused {
                status,
                message: answer.said(&SAID),
            }),
            status => Err(MispError::Status {
                status,
                message: answer.said(&SAID),
            }),
        }
    }
}

/// `base` joined with `path` as a directory: `https://host/misp` and `https://host/misp/` both
/// give `https://host/misp/events/restSearch` (pymisp's `urljoin` drops `misp` from the first).
pub fn endpoint(base: &str, path: &str) -> String {
    format!("{}/{path}", base.trim_end_matches('/'))
}

/// pymisp 2.4.172's body of `search(controller='events', type_attribute=..., value=...)`.
pub fn request_body(search: &Search) -> Value {
    let mut body = Map::new();
    body.insert("returnFormat".into(), json!("json"));
    body.insert("value".into(), json!(search.value));
    body.insert("type".into(), json!(search.kind.attribute_types()));
    for flag in [
        "withAttachments",
        "metadata",
        "enforceWarninglist",
        "includeEventUuid",
        "includeEventTags",
        "sgReferenceOnly",
        "includeContext",
        "headerless",
        "includeSightings",
        "includeDecayScore",
        "includeCorrelations",
        "excludeDecayed",
    ] {
        body.insert(flag.into(), json!(0));
    }
    Value::Object(body)
}

/// The events of an answer (`{"response": [...]}` or the bare list), each cleaned.
fn events(answer: Value) -> Result<Vec<Value>, MispError> {
    let list = match answer {
        Value::Object(mut map) if map.get("response").is_some_and(|r| !r.is_null()) => {
            map.remove("response").unwrap_or_default()
        }
        other => other,
    };
    let Value::Array(items) = list else {
        return Err(MispError::NotAnAnswer("not a list of events".into()));
    };
    items
        .into_iter()
        .map(|item| match item {
            Value::Object(mut map) => match map.remove("Event") {
                Some(Value::Object(event)) => Ok(clean_event(event)),
                _ => Err(MispError::NotAnAnswer("an item without its `Event`".into())),
            },
            _ => Err(MispError::NotAnAnswer(
                "an item that is not an object".into(),
            )),
        })
        .collect()
}

/// The keys the official module removes from an event before its report.
const REMOVED: [&str; 13] = [
    "Attribute",
    "ShadowAttribute",
    "Org",
    "SharingGroup",
    "sharing_group_id",
    "disable_correlation",
    "locked",
    "publish_timestamp",
    "attribute_count",
    "analysis",
    "published",
    "distribution",
    "proposal_email_lock",
];

/// An event as the official module reports it (`__clean_event`): without [`REMOVED`], its
/// related events reduced to their `info` and `id`.
pub fn clean_event(mut event: Map<String, Value>) -> Value {
    for key in REMOVED {
        event.remove(key);
    }
    if let Some(Value::Array(related)) = event.get_mut("RelatedEvent") {
        for item in related.iter_mut() {
            let inner = &item["Event"];
            *item = json!({"info": inner["info"], "id": inner["id"]});
        }
    }
    Value::Object(event)
}

/// Where MISP says what went wrong.
const SAID: [&str; 3] = ["/message", "/errors", "/name"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Kind;

    #[test]
    fn the_body_is_pymisps() {
        let search = Search {
            kind: Kind::Ja3,
            value: "e7d705a3286e19ea42f587b344ee6865".into(),
        };
        assert_eq!(
            json_dumps(&request_body(&search)),
            r#"{"returnFormat": "json", "value": "e7d705a3286e19ea42f587b344ee6865", "type": ["ja3-fingerprint-md5"], "withAttachments": 0, "metadata": 0, "enforceWarninglist": 0, "includeEventUuid": 0, "includeEventTags": 0, "sgReferenceOnly": 0, "includeContext": 0, "headerless": 0, "includeSightings": 0, "includeDecayScore": 0, "includeCorrelations": 0, "excludeDecayed": 0}"#
        );
    }

    #[test]
    fn endpoints_keep_the_instances_path() {
        assert_eq!(
            endpoint("https://h/misp", "events/restSearch"),
            "https://h/misp/events/restSearch"
        );
        assert_eq!(
            endpoint("https://h/", "events/restSearch"),
            "https://h/events/restSearch"
        );
    }

    #[test]
    fn events_are_cleaned_as_the_official_module_does() {
        let answer = json!({"response": [{"Event": {"id": "12", "info": "x", "published": true,
            "Attribute": [1], "RelatedEvent": [{"Event": {"id": "7", "info": "old", "uuid": "u"}}]}}]});
        assert_eq!(
            events(answer).unwrap(),
            [json!({"id": "12", "info": "x", "RelatedEvent": [{"info": "old", "id": "7"}]})]
        );
        assert!(events(json!([])).unwrap().is_empty());
        assert!(events(json!({"response": []})).unwrap().is_empty());
        assert!(matches!(
            events(json!({"a": 1})),
            Err(MispError::NotAnAnswer(_))
        ));
    }
}
