//! What `IrisEvtx` adds to the case: the hosts as assets, the notable events on the timeline,
//! once however often the events are imported.

use evtx_samples::{NOTABLE_EXPECTED, NOTABLE_HOST, notable_events, write_evtx};
use iris_evtx_module::Evtx;
use iris_module_core::testing::PipelineHarness;
use iris_module_core::testing::{ObjectKind, StoredObject};
use serde_json::json;
use std::path::Path;

fn harness(out: &Path, config: serde_json::Value) -> PipelineHarness<Evtx> {
    let mut settings = json!({
        "output": "ndjson",
        "ndjson_directory": out.to_string_lossy(),
        "parser_threads": "2",
    });
    settings
        .as_object_mut()
        .unwrap()
        .extend(config.as_object().unwrap().clone());
    PipelineHarness::from_config(settings).unwrap()
}

fn import(
    harness: &PipelineHarness<Evtx>,
    name: &str,
    bytes: &[u8],
) -> iris_module_core::testing::HookRun {
    let uploads = tempfile::tempdir().unwrap();
    harness.upload(uploads.path(), name, bytes).assert_success();
    harness.run(uploads.path(), json!({"index_evtx": "dfir"}))
}

fn titles(events: &[StoredObject]) -> Vec<(String, String)> {
    events
        .iter()
        .map(|event| {
            (
                event.text("event_title").to_owned(),
                event.links["category_id"].to_string(),
            )
        })
        .collect()
}

#[test]
fn the_notable_events_go_on_the_timeline_linked_to_their_host() {
    let out = tempfile::tempdir().unwrap();
    let harness = harness(out.path(), json!({}));
    let run = import(&harness, "Notable.evtx", &write_evtx(notable_events()));
    run.assert_success();
    assert!(run.logged(
        "Notable.evtx: 1 host(s) and 8 notable event(s) to add to the case, 0 already there"
    ));
    assert!(run.logged("case: added 1 asset(s), 8 timeline event(s)"));

    let assets = harness.cases().of_kind(ObjectKind::Asset);
    assert_eq!(assets.len(), 1);
    assert_eq!(assets[0].text("asset_name"), NOTABLE_HOST);
    assert_eq!(
        assets[0].fields["asset_type_id"],
        json!(9),
        "Windows - Computer"
    );

    let events = harness.cases().of_kind(ObjectKind::Event);
    let notable = NOTABLE_EXPECTED
        .iter()
        .filter(|(_, notable)| *notable)
        .count();
    assert_eq!(events.len(), notable);
    // Categories by IRIS's ids: 5 Execution... 6 Persistence, 7 Privilege Escalation,
    // 8 Defense Evasion, 11 Lateral Movement.
    assert_eq!(
        titles(&events),
        [
            ("Remote interactive logon (RDP) of CORP\\mallory on DC01.corp.example from 203.0.113.7", "11"),
            ("User account CORP\\backdoor created on DC01.corp.example by CORP\\mallory", "6"),
            ("CN=backdoor,CN=Users,DC=corp,DC=example added to the global group Domain Admins on DC01.corp.example by CORP\\mallory", "7"),
            ("S-1-5-21-1-1337 added to the local group Administrators on DC01.corp.example by CORP\\mallory", "7"),
            ("CN=backdoor,CN=Users,DC=corp,DC=example added to the universal group Enterprise Admins on DC01.corp.example by CORP\\mallory", "7"),
            ("Scheduled task \\Microsoft\\Windows\\Updater created on DC01.corp.example by CORP\\mallory", "6"),
            ("Service PSEXESVC installed on DC01.corp.example (%SystemRoot%\\PSEXESVC.exe)", "6"),
            ("Security log cleared on DC01.corp.example by CORP\\mallory", "8"),
        ]
        .map(|(title, category)| (title.to_owned(), category.to_owned()))
    );
    for event in &events {
        assert_eq!(event.linked("assets"), [assets[0].id]);
        assert_eq!(event.text("event_source"), "Notable.evtx");
        let raw: serde_json::Value = serde_json::from_str(event.text("event_raw")).unwrap();
        assert!(
            raw.pointer("/Event/System/EventRecordID").is_some(),
            "the raw record"
        );
    }
    assert_eq!(events[7].text("event_date"), "2026-11-21T09:10:00.000000");
}

#[test]
fn importing_the_same_events_again_adds_nothing() {
    let out = tempfile::tempdir().unwrap();
    let harness = harness(out.path(), json!({}));
    import(&harness, "Notable.evtx", &write_evtx(notable_events())).assert_success();
    // The same file again: it is evidence already, so it is skipped.
    let again = import(&harness, "Notable.evtx", &write_evtx(notable_events()));
    again.assert_success();
    assert!(again.logged("was already imported: skipped"));
    // The same events in another file (another export of the log, with one more event).
    let mut more = notable_events();
    more.push(more[0].clone());
    let other = import(&harness, "Notable-again.evtx", &write_evtx(more));
    other.assert_success();
    assert!(other.logged(
        "Notable-again.evtx: 0 host(s) and 0 notable event(s) to add to the case, 9 already there"
    ));
    assert_eq!(harness.cases().objects().len(), 9);
}

#[test]
fn the_case_part_follows_the_configuration() {
    let out = tempfile::tempdir().unwrap();
    let only = harness(
        out.path(),
        json!({"add_hosts_as_assets": false, "timeline_events": "1102", "host_asset_type": "Windows - DC"}),
    );
    import(&only, "Notable.evtx", &write_evtx(notable_events())).assert_success();
    let objects = only.cases().objects();
    // The event's host is still an asset (the event links to it), of the configured type.
    assert_eq!(
        objects
            .iter()
            .map(|o| (o.kind, o.text("asset_name").to_owned()))
            .collect::<Vec<_>>(),
        [
            (ObjectKind::Asset, NOTABLE_HOST.to_owned()),
            (ObjectKind::Event, String::new())
        ]
    );
    assert_eq!(objects[0].fields["asset_type_id"], json!(11));

    let none = harness_none(out.path());
    let run = import(&none, "Notable.evtx", &write_evtx(notable_events()));
    run.assert_success();
    assert!(none.cases().objects().is_empty());

    let bad = harness(out.path(), json!({"timeline_events": "4625"}));
    import(&bad, "Notable.evtx", &write_evtx(notable_events()))
        .assert_failure("1 of 1 file(s) failed");
    let bad = harness(out.path(), json!({"host_asset_type": "Windows - Sever"}));
    let run = import(&bad, "Notable.evtx", &write_evtx(notable_events()));
    run.assert_failure("1 of 1 file(s) failed");
    assert!(
        run.logged("unknown asset type `Windows - Sever`; did you mean"),
        "{:?}",
        run.log
    );
    assert!(bad.cases().objects().is_empty());
}

fn harness_none(out: &Path) -> PipelineHarness<Evtx> {
    harness(
        out,
        json!({"add_hosts_as_assets": false, "timeline_events": ""}),
    )
}

#[test]
fn the_security_samples_hosts_and_rdp_logons() {
    let out = tempfile::tempdir().unwrap();
    let harness = harness(out.path(), json!({}));
    let bytes =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/Security.evtx"))
            .unwrap();
    import(&harness, "Security.evtx", &bytes).assert_success();
    let events = harness.cases().of_kind(ObjectKind::Event);
    assert!(!events.is_empty());
    assert!(events.iter().all(|event| {
        event
            .text("event_title")
            .starts_with("Remote interactive logon (RDP)")
    }));
    let raws: Vec<&str> = events.iter().map(|event| event.text("event_raw")).collect();
    assert!(
        raws.iter()
            .all(|raw| raw.contains("\"LogonType\":\"10\"") || raw.contains("\"LogonType\":10"))
    );
    let assets = harness.cases().of_kind(ObjectKind::Asset);
    assert!(assets.len() > 10, "{} hosts", assets.len());
}
