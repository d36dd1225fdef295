//! One event as Splunk's HTTP Event Collector takes it, and as the NDJSON files hold it:
//! `{"time":…,"host":…,"source":…,"sourcetype":"_json","index":…,"event":<the record>}`.
//!
//! Built by concatenation around the record's JSON as the parser wrote it, once checked as valid,
//! compact JSON on one line ([`crate::record::sound`]): nothing is decoded or encoded again, which
//! keeps the pipeline close to the parser's own speed.

use memchr::memmem::Finder;
use serde_json::Value;
use std::io::Write as _;
use std::sync::LazyLock;

/// What every event of one file shares.
pub struct Envelope {
    /// `,"source":…,"sourcetype":"_json","index":…,"event":`, encoded once.
    middle: String,
    /// `"host":…` when the host name is overridden for the whole file.
    host: Option<String>,
}

impl Envelope {
    /// The envelope of the events of file `source`, sent to `index`, with every event's host
    /// set to `host` when given (else each event's `Computer`).
    pub fn new(source: &str, index: &str, host: Option<&str>) -> Self {
        let middle = format!(
            ",\"source\":{},\"sourcetype\":\"_json\",\"index\":{},\"event\":",
            Value::from(source),
            Value::from(index)
        );
        Envelope {
            middle,
            host: host.map(|host| format!("\"host\":{}", Value::from(host))),
        }
    }

    /// Appends the event of `record` (compact JSON), logged at `timestamp` (when known: HEC
    /// otherwise uses the time it receives the event), and a newline.
    pub fn write(&self, out: &mut Vec<u8>, timestamp: Option<jiff::Timestamp>, record: &[u8]) {
        out.push(b'{');
        if let Some(timestamp) = timestamp {
            let millis = timestamp.as_millisecond();
            let _ = write!(
                out,
                "\"time\":{}.{:03},",
                millis.div_euclid(1000),
                millis.rem_euclid(1000)
            );
        }
        match &self.host {
            Some(host) => out.extend_from_slice(host.as_bytes()),
            None => {
                out.extend_from_slice(b"\"host\":");
                out.extend_from_slice(computer(record).unwrap_or(b"null"));
            }
        }
        out.extend_from_slice(self.middle.as_bytes());
        out.extend_from_slice(record);
        out.extend_from_slice(b"}\n");
    }
}

/// The record's `"Computer"` value, as its JSON string token (quotes and escapes included), found
/// without parsing the record: the first `"Computer":"…"` is the one of `System`, which comes
/// before the event's data.
pub(crate) fn computer(record: &[u8]) -> Option<&[u8]> {
    const KEY: &[u8] = b"\"Computer\":\"";
    static FINDER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(KEY));
    let start = FINDER.find(record)? + KEY.len() - 1;
    let mut at = start + 1;
    while at < record.len() {
        match record[at] {
            b'\\' => at += 2,
            b'"' => return record.get(start..=at),
            _ => at += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD: &str = r#"{"Event":{"System":{"EventID":4624,"Computer":"WKS-1.corp\"x\\"},"EventData":{"Computer":"other"}}}"#;

    fn line(envelope: &Envelope) -> Value {
        let mut out = Vec::new();
        let time = jiff::Timestamp::from_millisecond(1_795_161_600_042).ok();
        envelope.write(&mut out, time, RECORD.as_bytes());
        assert_eq!(out.last(), Some(&b'\n'));
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn events_carry_the_hec_fields_and_the_record() {
        let event = line(&Envelope::new("Security \"1\".evtx", "main", None));
        assert_eq!(event["time"], 1_795_161_600.042);
        assert_eq!(event["host"], "WKS-1.corp\"x\\");
        assert_eq!(event["source"], "Security \"1\".evtx");
        assert_eq!(event["sourcetype"], "_json");
        assert_eq!(event["index"], "main");
        assert_eq!(event["event"]["Event"]["System"]["EventID"], 4624);
    }

    #[test]
    fn the_host_can_be_overridden() {
        let event = line(&Envelope::new("a.evtx", "idx", Some("DC01")));
        assert_eq!(event["host"], "DC01");
    }

    #[test]
    fn an_unknown_time_is_left_out() {
        let mut out = Vec::new();
        Envelope::new("a.evtx", "idx", None).write(&mut out, None, RECORD.as_bytes());
        let event: Value = serde_json::from_slice(&out).unwrap();
        assert!(event.get("time").is_none());
        assert_eq!(event["host"], "WKS-1.corp\"x\\");
    }

    #[test]
    fn a_record_without_computer_has_a_null_host() {
        assert_eq!(computer(br#"{"Event":{}}"#), None);
        assert_eq!(computer(br#"{"Computer":"unterminated"#), None);
    }
}
