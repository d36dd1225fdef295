//! A small log with one of each notable Windows event the EVTX pipeline puts on a case's timeline
//! (security log cleared, account created, members added to privileged groups, a service
//! installed, a scheduled task created, a remote interactive logon), beside events that are not
//! notable (a network logon, a special-privilege logon).

use super::{Element, Event, filetime_from_unix};

/// 2026-11-21T09:00:00Z.
const START: u64 = 1_795_251_600;

/// The host of every event.
pub const NOTABLE_HOST: &str = "DC01.corp.example";

/// The events, numbered from 1; `(event id, notable)` of each is [`NOTABLE_EXPECTED`].
pub fn notable_events() -> Vec<Event> {
    let subject = |user: &str| {
        vec![
            ("SubjectUserSid", "S-1-5-21-1-500".to_owned()),
            ("SubjectUserName", user.to_owned()),
            ("SubjectDomainName", "CORP".to_owned()),
        ]
    };
    let with = |mut base: Vec<(&'static str, String)>, more: &[(&'static str, &str)]| {
        base.extend(
            more.iter()
                .map(|(name, value)| (*name, (*value).to_owned())),
        );
        base
    };
    let logon = |logon_type: &str, ip: &str| {
        with(
            subject("DC01$"),
            &[
                ("TargetUserName", "mallory"),
                ("TargetDomainName", "CORP"),
                ("LogonType", logon_type),
                ("IpAddress", ip),
            ],
        )
    };
    let specs: Vec<(u32, Option<u32>, &str, Body)> = vec![
        (4624, None, "Security", Body::Data(logon("3", "10.0.0.9"))),
        (
            4624,
            None,
            "Security",
            Body::Data(logon("10", "203.0.113.7")),
        ),
        (
            4720,
            None,
            "Security",
            Body::Data(with(
                subject("mallory"),
                &[("TargetUserName", "backdoor"), ("TargetDomainName", "CORP")],
            )),
        ),
        (
            4728,
            None,
            "Security",
            Body::Data(with(
                subject("mallory"),
                &[
                    ("MemberName", "CN=backdoor,CN=Users,DC=corp,DC=example"),
                    ("TargetUserName", "Domain Admins"),
                ],
            )),
        ),
        (
            4732,
            None,
            "Security",
            Body::Data(with(
                subject("mallory"),
                &[
                    ("MemberSid", "S-1-5-21-1-1337"),
                    ("TargetUserName", "Administrators"),
                ],
            )),
        ),
        (
            4756,
            None,
            "Security",
            Body::Data(with(
                subject("mallory"),
                &[
                    ("MemberName", "CN=backdoor,CN=Users,DC=corp,DC=example"),
                    ("TargetUserName", "Enterprise Admins"),
                ],
            )),
        ),
        (
            4698,
            None,
            "Security",
            Body::Data(with(
                subject("mallory"),
                &[("TaskName", "\\Microsoft\\Windows\\Updater")],
            )),
        ),
        (
            4672,
            None,
            "Security",
            Body::Data(with(
                subject("mallory"),
                &[("PrivilegeList", "SeDebugPrivilege")],
            )),
        ),
        (
            7045,
            Some(16384),
            "System",
            Body::Data(vec![
                ("ServiceName", "PSEXESVC".to_owned()),
                ("ImagePath", "%SystemRoot%\\PSEXESVC.exe".to_owned()),
                ("ServiceType", "user mode service".to_owned()),
                ("StartType", "demand start".to_owned()),
                ("AccountName", "LocalSystem".to_owned()),
            ]),
        ),
        (1102, None, "Security", Body::LogCleared("mallory")),
    ];
    specs
        .into_iter()
        .zip(1..)
        .map(|((event_id, qualifiers, channel, body), record_id)| {
            let seconds = START + record_id * 60;
            Event {
                filetime: filetime_from_unix(seconds),
                xml: event(record_id, seconds, event_id, qualifiers, channel, body),
            }
        })
        .collect()
}

/// The event ids of [`notable_events`], in order, and whether each is notable.
pub const NOTABLE_EXPECTED: [(u32, bool); 10] = [
    (4624, false),
    (4624, true),
    (4720, true),
    (4728, true),
    (4732, true),
    (4756, true),
    (4698, true),
    (4672, false),
    (7045, true),
    (1102, true),
];

/// What an event carries besides `System`.
enum Body {
    /// `EventData` with named `Data` elements.
    Data(Vec<(&'static str, String)>),
    /// `UserData/LogFileCleared`, as event 1102 writes it.
    LogCleared(&'static str),
}

fn event(
    record_id: u64,
    seconds: u64,
    event_id: u32,
    qualifiers: Option<u32>,
    channel: &str,
    body: Body,
) -> Element {
    let time = jiff::Timestamp::new(seconds as i64, 0)
        .unwrap_or_default()
        .strftime("%Y-%m-%dT%H:%M:%S.%6fZ")
        .to_string();
    let mut id = Element::new("EventID").number(event_id.into());
    if let Some(qualifiers) = qualifiers {
        id = id.attribute("Qualifiers", qualifiers.to_string());
    }
    let system = Element::new("System")
        .child(Element::new("Provider").attribute("Name", "Microsoft-Windows-Security-Auditing"))
        .child(id)
        .child(Element::new("TimeCreated").attribute("SystemTime", time))
        .child(Element::new("EventRecordID").number(record_id))
        .child(Element::new("Channel").text(channel))
        .child(Element::new("Computer").text(NOTABLE_HOST));
    let body = match body {
        Body::Data(data) => {
            data.into_iter()
                .fold(Element::new("EventData"), |parent, (name, value)| {
                    parent.child(Element::new("Data").attribute("Name", name).text(value))
                })
        }
        Body::LogCleared(user) => Element::new("UserData").child(
            Element::new("LogFileCleared")
                .child(Element::new("SubjectUserSid").text("S-1-5-21-1-500"))
                .child(Element::new("SubjectUserName").text(user))
                .child(Element::new("SubjectDomainName").text("CORP")),
        ),
    };
    Element::new("Event")
        .attribute(
            "xmlns",
            "http://schemas.microsoft.com/win/2004/08/events/event",
        )
        .child(system)
        .child(body)
}
