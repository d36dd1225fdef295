//! What `evtx-samples` writes is what the `evtx` crate (and so the pipeline) reads.

use evtx::{EvtxParser, ParserSettings};
use evtx_samples::{SAMPLE_RECORDS, SecurityEvents, samples, write_evtx};

fn parse(bytes: Vec<u8>) -> (Vec<serde_json::Value>, usize) {
    let mut parser = EvtxParser::from_buffer(bytes)
        .unwrap()
        .with_configuration(ParserSettings::new().num_threads(1));
    let (mut records, mut errors) = (Vec::new(), 0);
    for record in parser.records_json_value() {
        match record {
            Ok(record) => records.push(record.data),
            Err(_) => errors += 1,
        }
    }
    (records, errors)
}

#[test]
fn every_event_reads_back_with_its_fields() {
    let bytes = write_evtx(SecurityEvents::new(1).take(500));
    assert!(
        bytes.len() > 4096 + 2 * 65536,
        "several chunks: {}",
        bytes.len()
    );
    let (records, errors) = parse(bytes);
    assert_eq!((records.len(), errors), (500, 0));
    let first = &records[0]["Event"];
    assert_eq!(first["System"]["Channel"], "Security");
    assert_eq!(first["System"]["EventRecordID"], 1);
    assert_eq!(
        first["System"]["Provider"]["#attributes"]["Name"],
        "Microsoft-Windows-Security-Auditing"
    );
    assert!(
        first["System"]["Computer"]
            .as_str()
            .unwrap()
            .ends_with(".corp.example")
    );
    assert!(
        first["System"]["TimeCreated"]["#attributes"]["SystemTime"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-20T08:00:0")
    );
    let ids: Vec<u64> = records
        .iter()
        .map(|r| r["Event"]["System"]["EventID"].as_u64().unwrap())
        .collect();
    for id in [4624, 4625, 4688, 4672] {
        assert!(ids.contains(&id), "event {id} missing");
    }
    assert_eq!(records[499]["Event"]["System"]["EventRecordID"], 500);
}

#[test]
fn the_samples_are_valid_truncated_and_malformed() {
    let samples = samples(SAMPLE_RECORDS);
    let (records, errors) = parse(samples[0].1.clone());
    assert_eq!((records.len(), errors), (SAMPLE_RECORDS, 0));
    let (records, _) = parse(samples[1].1.clone());
    assert!(
        !records.is_empty() && records.len() < SAMPLE_RECORDS,
        "the truncated file keeps its first chunk: {}",
        records.len()
    );
    let (records, errors) = parse(samples[2].1.clone());
    assert_eq!(records.len(), 0);
    assert!(errors > 0);
}

#[test]
fn the_checked_in_samples_are_what_the_generator_writes() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/evtx-pipeline/tests/data"
    );
    for (name, bytes) in samples(SAMPLE_RECORDS) {
        let stored = std::fs::read(format!("{dir}/{name}")).unwrap_or_default();
        assert!(
            stored == bytes,
            "{dir}/{name} differs from the generator's: regenerate with \
             `cargo run -p evtx-samples -- --samples {dir}`"
        );
    }
}
