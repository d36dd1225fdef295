//! Realistic Security-log events: logons (4624), failed logons (4625), process creations (4688)
//! and special-privilege logons (4672), on a few dozen hosts, varied by a seeded generator.

use super::{Element, Event, filetime_from_unix};

/// 2026-11-20T08:00:00Z.
const START: u64 = 1_795_161_600;

/// An endless, reproducible stream of Security events.
pub struct SecurityEvents {
    state: u64,
    index: u64,
}

impl SecurityEvents {
    /// The stream for `seed`.
    pub fn new(seed: u64) -> Self {
        SecurityEvents {
            state: seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1,
            index: 0,
        }
    }

    /// xorshift64*: reproducible, no dependency.
    fn next_u64(&mut self) -> u64 {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

impl Iterator for SecurityEvents {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        let index = self.index;
        self.index += 1;
        let random = self.next_u64();
        let seconds = START + index * 3 + random % 3;
        Some(Event {
            filetime: filetime_from_unix(seconds) + random % 10_000_000,
            xml: security_event(index + 1, seconds, random),
        })
    }
}

/// One Security event, record `record_id`, at Unix time `seconds`; `random` picks its details.
pub fn security_event(record_id: u64, seconds: u64, random: u64) -> Element {
    let host = format!("WKS-{:04}.corp.example", random % 48);
    let user = [
        "alice",
        "bob",
        "carol",
        "svc_backup",
        "administrator",
        "dave",
    ][(random >> 8) as usize % 6];
    let ip = format!(
        "10.{}.{}.{}",
        (random >> 16) % 4,
        (random >> 24) % 255,
        (random >> 32) % 254 + 1
    );
    let (event_id, task, data): (u32, u32, Vec<(&str, String)>) = match (random >> 40) % 10 {
        0..=4 => (
            4624,
            12544,
            vec![
                ("SubjectUserSid", "S-1-5-18".into()),
                ("SubjectUserName", format!("{}$", &host[..8])),
                ("SubjectDomainName", "CORP".into()),
                ("TargetUserName", user.into()),
                ("TargetDomainName", "CORP".into()),
                (
                    "LogonType",
                    ["2", "3", "10"][(random >> 44) as usize % 3].into(),
                ),
                ("LogonProcessName", "NtLmSsp".into()),
                ("AuthenticationPackageName", "NTLM".into()),
                ("WorkstationName", host[..8].into()),
                ("IpAddress", ip),
                ("IpPort", format!("{}", 49152 + (random >> 48) % 16000)),
            ],
        ),
        5 | 6 => (
            4625,
            12544,
            vec![
                ("TargetUserName", user.into()),
                ("TargetDomainName", "CORP".into()),
                ("Status", "0xc000006d".into()),
                ("SubStatus", "0xc000006a".into()),
                ("LogonType", "3".into()),
                ("IpAddress", ip),
            ],
        ),
        7 | 8 => (
            4688,
            13312,
            vec![
                ("SubjectUserName", user.into()),
                (
                    "NewProcessName",
                    [
                        r"C:\Windows\System32\cmd.exe",
                        r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe",
                        r"C:\Users\Public\update.exe",
                    ][(random >> 44) as usize % 3]
                        .into(),
                ),
                (
                    "CommandLine",
                    format!(
                        "powershell -nop -w hidden -enc {:x}",
                        random.rotate_left(17)
                    ),
                ),
                ("ParentProcessName", r"C:\Windows\explorer.exe".into()),
                ("TokenElevationType", "%%1936".into()),
            ],
        ),
        _ => (
            4672,
            12548,
            vec![
                ("SubjectUserName", user.into()),
                ("SubjectDomainName", "CORP".into()),
                (
                    "PrivilegeList",
                    "SeDebugPrivilege SeBackupPrivilege SeRestorePrivilege".into(),
                ),
            ],
        ),
    };
    let time = format_time(seconds, random % 1_000_000);
    let system = Element::new("System")
        .child(
            Element::new("Provider")
                .attribute("Name", "Microsoft-Windows-Security-Auditing")
                .attribute("Guid", "{54849625-5478-4994-a5ba-3e3b0328c30d}"),
        )
        .child(Element::new("EventID").number(event_id.into()))
        .child(Element::new("Version").number(2))
        .child(Element::new("Level").number(0))
        .child(Element::new("Task").number(task.into()))
        .child(Element::new("Opcode").number(0))
        .child(Element::new("Keywords").text(if event_id == 4625 {
            "0x8010000000000000"
        } else {
            "0x8020000000000000"
        }))
        .child(Element::new("TimeCreated").attribute("SystemTime", time))
        .child(Element::new("EventRecordID").number(record_id))
        .child(Element::new("Correlation"))
        .child(
            Element::new("Execution")
                .attribute("ProcessID", "644")
                .attribute("ThreadID", format!("{}", 700 + random % 90)),
        )
        .child(Element::new("Channel").text("Security"))
        .child(Element::new("Computer").text(host))
        .child(Element::new("Security"));
    let event_data = data
        .into_iter()
        .fold(Element::new("EventData"), |parent, (name, value)| {
            parent.child(Element::new("Data").attribute("Name", name).text(value))
        });
    Element::new("Event")
        .attribute(
            "xmlns",
            "http://schemas.microsoft.com/win/2004/08/events/event",
        )
        .child(system)
        .child(event_data)
}

/// `seconds` since 1970 and `micros` as `2026-11-20T08:15:30.123456Z`.
fn format_time(seconds: u64, micros: u64) -> String {
    let time = jiff::Timestamp::new(seconds as i64, (micros * 1000) as i32).unwrap_or_default();
    time.strftime("%Y-%m-%dT%H:%M:%S.%6fZ").to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_times_like_windows() {
        assert_eq!(
            super::format_time(super::START, 42),
            "2026-11-20T08:00:00.000042Z"
        );
        assert_eq!(
            super::format_time(951_782_400, 0),
            "2000-02-29T00:00:00.000000Z"
        );
    }
}
