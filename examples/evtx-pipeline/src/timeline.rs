//! What an EVTX file adds to the case: each host it has events of, as an asset, and its notable
//! events on the timeline, linked to their host's asset.
//!
//! The notable events (a catalogue; the module's `timeline_events` parameter picks from it):
//!
//! | id | event | category |
//! |---|---|---|
//! | 1102 | the security log was cleared | Defense Evasion |
//! | 4720 | a user account was created | Persistence |
//! | 4728, 4732, 4756 | a member was added to a security-enabled global, local or universal group | Privilege Escalation |
//! | 7045 | a service was installed | Persistence |
//! | 4698 | a scheduled task was created | Persistence |
//! | 4624 | a remote interactive logon (logon type 10: RDP) | Lateral Movement |
//!
//! The importer only looks at each record's event id (and host) as it passes; the few notable
//! records are parsed in full.

use iris_module_core::prelude::*;
use memchr::memmem::Finder;
use serde_json::Value;
use std::collections::{BTreeSet, HashSet};
use std::sync::LazyLock;

/// The event ids the module knows, in the order of the catalogue.
pub const KNOWN_EVENTS: [u32; 8] = [1102, 4720, 4728, 4732, 4756, 7045, 4698, 4624];

/// The most notable events one file puts on the timeline; past it, the rest are counted and
/// left to the SIEM.
pub const MAX_EVENTS_PER_FILE: usize = 5_000;

/// Which notable events to keep: the `timeline_events` parameter, a list of event ids.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NotableSet(BTreeSet<u32>);

impl NotableSet {
    /// Reads `1102, 4720 4624`: ids separated by commas or spaces, each one the module knows.
    pub fn parse(text: &str) -> Result<Self, NotableSetError> {
        let mut ids = BTreeSet::new();
        for word in text.split([',', ' ', ';']).filter(|word| !word.is_empty()) {
            let id: u32 = word
                .parse()
                .map_err(|_| NotableSetError::NotAnId(word.to_owned()))?;
            if !KNOWN_EVENTS.contains(&id) {
                return Err(NotableSetError::Unknown(id));
            }
            ids.insert(id);
        }
        Ok(NotableSet(ids))
    }

    /// Whether no event is kept.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn contains(&self, id: u32) -> bool {
        self.0.contains(&id)
    }
}

/// Why a `timeline_events` text is not a set of notable events.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotableSetError {
    /// A word that is not a number.
    #[error("`{0}` is not an event id")]
    NotAnId(String),
    /// An event the module does not know.
    #[error(
        "event {0} is not one the module puts on the timeline (it knows {known})",
        known = KNOWN_EVENTS.map(|id| id.to_string()).join(", ")
    )]
    Unknown(u32),
}

/// One notable event, read from its record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notable {
    /// The host (`System.Computer`).
    pub host: String,
    /// When it was logged.
    pub time: jiff::Timestamp,
    /// A readable title.
    pub title: String,
    /// IRIS's event category.
    pub category: &'static str,
    /// The event id.
    pub event_id: u32,
    /// The record, as JSON.
    pub raw: String,
}

/// What one file's records show the case: hosts and notable events.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseFinds {
    wanted: NotableSet,
    collect_hosts: bool,
    /// Every host with events, in order of appearance.
    pub hosts: Vec<String>,
    /// The hosts seen, as the records spell them (JSON strings).
    seen_hosts: HashSet<Vec<u8>>,
    /// The notable events, in the file's order, up to [`MAX_EVENTS_PER_FILE`].
    pub events: Vec<Notable>,
    /// Notable events past the limit.
    pub dropped: u64,
}

impl CaseFinds {
    /// Looks for `wanted` events, and for hosts if `collect_hosts`.
    pub fn new(wanted: NotableSet, collect_hosts: bool) -> Self {
        CaseFinds {
            wanted,
            collect_hosts,
            ..CaseFinds::default()
        }
    }

    /// Whether there is nothing to look for.
    pub fn is_idle(&self) -> bool {
        self.wanted.is_empty() && !self.collect_hosts
    }

    /// Looks at one record (compact JSON) logged at `time`, on host `computer` (its JSON string).
    pub fn see(&mut self, record: &[u8], time: Option<jiff::Timestamp>, computer: Option<&[u8]>) {
        if self.collect_hosts
            && let Some(quoted) = computer
            && !self.seen_hosts.contains(quoted)
        {
            // Decoded once per host: most records repeat the last hosts.
            self.seen_hosts.insert(quoted.to_vec());
            if let Some(host) = json_string(quoted).filter(|host| !host.is_empty()) {
                self.hosts.push(host);
            }
        }
        let Some(id) = event_id(record).filter(|id| self.wanted.contains(*id)) else {
            return;
        };
        if !may_be_notable(id, record) {
            return;
        }
        if self.events.len() >= MAX_EVENTS_PER_FILE {
            self.dropped += 1;
            return;
        }
        let Ok(record) = serde_json::from_slice::<Value>(record) else {
            return;
        };
        let Some(time) = time else { return };
        let Some((title, category)) = describe(id, &record) else {
            return;
        };
        self.events.push(Notable {
            host: text(&record, "/Event/System/Computer").to_owned(),
            time,
            title,
            category,
            event_id: id,
            raw: record.to_string(),
        });
    }
}

/// Whether a record with a notable id may be notable, before it is parsed: a logon (4624) only
/// with logon type 10, which most logons are not.
fn may_be_notable(id: u32, record: &[u8]) -> bool {
    static TEXT: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(br#""LogonType":"10""#));
    static NUMBER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(br#""LogonType":10"#));
    id != 4624 || TEXT.find(record).is_some() || NUMBER.find(record).is_some()
}

/// A JSON string's text.
fn json_string(quoted: &[u8]) -> Option<String> {
    serde_json::from_slice(quoted).ok()
}

/// The record's `System.EventID`: `"EventID":4624`, or `"EventID":{…,"#text":7045}` when it
/// has qualifiers.
fn event_id(record: &[u8]) -> Option<u32> {
    static KEY: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"\"EventID\":"));
    static TEXT: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"\"#text\":"));
    let mut at = KEY.find(record)? + b"\"EventID\":".len();
    if record.get(at) == Some(&b'{') {
        // `{"#attributes":{"Qualifiers":…},"#text":7045}`: the text follows the attributes.
        let end = record.len().min(at + 256);
        at += TEXT.find(&record[at..end])? + b"\"#text\":".len();
    }
    let digits = record[at..]
        .iter()
        .take_while(|byte| byte.is_ascii_digit())
        .count();
    std::str::from_utf8(&record[at..at + digits])
        .ok()?
        .parse()
        .ok()
}

fn text<'v>(record: &'v Value, pointer: &str) -> &'v str {
    record
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// The event's `EventData` field (text or number), or `-`.
fn data(record: &Value, name: &str) -> String {
    match record.pointer(&format!("/Event/EventData/{name}")) {
        Some(Value::String(text)) if !text.is_empty() => text.clone(),
        Some(Value::Number(number)) => number.to_string(),
        _ => "-".into(),
    }
}

/// `DOMAIN\user`, or `user` without a domain.
fn account(domain: String, user: String) -> String {
    if domain == "-" {
        user
    } else {
        format!("{domain}\\{user}")
    }
}

/// The title and category of a notable event; `None` when the record is not the notable kind
/// (a logon that is not remote interactive).
fn describe(id: u32, record: &Value) -> Option<(String, &'static str)> {
    let host = text(record, "/Event/System/Computer");
    let by = || {
        account(
            data(record, "SubjectDomainName"),
            data(record, "SubjectUserName"),
        )
    };
    Some(match id {
        1102 => {
            let user = text(record, "/Event/UserData/LogFileCleared/SubjectUserName");
            let domain = text(record, "/Event/UserData/LogFileCleared/SubjectDomainName");
            (
                format!(
                    "Security log cleared on {host} by {}",
                    account(domain.to_owned(), user.to_owned())
                ),
                "Defense Evasion",
            )
        }
        4720 => (
            format!(
                "User account {} created on {host} by {}",
                account(
                    data(record, "TargetDomainName"),
                    data(record, "TargetUserName")
                ),
                by()
            ),
            "Persistence",
        ),
        4728 | 4732 | 4756 => {
            let member = match data(record, "MemberName") {
                name if name != "-" => name,
                _ => data(record, "MemberSid"),
            };
            let scope = match id {
                4728 => "global",
                4732 => "local",
                _ => "universal",
            };
            (
                format!(
                    "{member} added to the {scope} group {} on {host} by {}",
                    data(record, "TargetUserName"),
                    by()
                ),
                "Privilege Escalation",
            )
        }
        7045 => (
            format!(
                "Service {} installed on {host} ({})",
                data(record, "ServiceName"),
                data(record, "ImagePath")
            ),
            "Persistence",
        ),
        4698 => (
            format!(
                "Scheduled task {} created on {host} by {}",
                data(record, "TaskName"),
                by()
            ),
            "Persistence",
        ),
        4624 if data(record, "LogonType") == "10" => (
            format!(
                "Remote interactive logon (RDP) of {} on {host} from {}",
                account(
                    data(record, "TargetDomainName"),
                    data(record, "TargetUserName")
                ),
                data(record, "IpAddress")
            ),
            "Lateral Movement",
        ),
        _ => return None,
    })
}

/// Adds `finds` to case `case_id`: each host as an asset of type `asset_type`, each notable event
/// on the timeline with its source `file_name`, linked to its host's asset. Returns
/// `(assets added, events added, already there)`.
pub fn add_to_case(
    case: iris_module_core::case::Case<'_>,
    finds: CaseFinds,
    file_name: &str,
    asset_type: &str,
) -> Result<(usize, usize, usize), CaseError> {
    let (mut assets, mut events, mut existed) = (0, 0, 0);
    let mut host_assets = Vec::new();
    let hosts = finds
        .hosts
        .iter()
        .chain(finds.events.iter().map(|event| &event.host));
    for host in hosts {
        if host.is_empty() || host_assets.iter().any(|(name, _)| name == host) {
            continue;
        }
        let asset = case.add_asset(
            NewAsset::new(host.as_str(), asset_type)
                .description(format!("Seen in {file_name}"))
                .tag("evtx"),
        )?;
        if asset.created() {
            assets += 1;
        } else {
            existed += 1;
        }
        host_assets.push((host.clone(), asset.id()));
    }
    for event in finds.events {
        let host = host_assets
            .iter()
            .find(|(name, _)| *name == event.host)
            .map(|(_, asset)| *asset);
        let added = case.add_event(
            NewEvent::new(event.title, event.time)
                .source(file_name)
                .category(event.category)
                .content(format!("Windows event {} ({file_name})", event.event_id))
                .raw(event.raw)
                .tag("evtx")
                .tag(format!("event-{}", event.event_id))
                .assets(host),
        )?;
        if added.created() {
            events += 1;
        } else {
            existed += 1;
        }
    }
    Ok((assets, events, existed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_plain_and_qualified_event_ids() {
        assert_eq!(
            event_id(br#"{"Event":{"System":{"EventID":4624,"x":1}}}"#),
            Some(4624)
        );
        assert_eq!(
            event_id(
                br##"{"System":{"EventID":{"#attributes":{"Qualifiers":"16384"},"#text":7045}}}"##
            ),
            Some(7045)
        );
        assert_eq!(event_id(br#"{"System":{}}"#), None);
    }

    #[test]
    fn the_set_is_checked_against_the_catalogue() {
        assert_eq!(
            NotableSet::parse("1102, 4624;4720").unwrap(),
            NotableSet([1102, 4624, 4720].into())
        );
        assert!(NotableSet::parse("").unwrap().is_empty());
        assert!(
            NotableSet::parse("4625")
                .unwrap_err()
                .to_string()
                .contains("event 4625 is not one the module puts on the timeline")
        );
        assert!(
            NotableSet::parse("x")
                .unwrap_err()
                .to_string()
                .contains("`x` is not an event id")
        );
    }
}
