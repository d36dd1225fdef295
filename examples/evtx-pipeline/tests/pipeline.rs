//! `IrisEvtx` through the pipeline harness, as IRIS runs it: uploads, then a run writing NDJSON.

use iris_evtx_module::Evtx;
use iris_module_core::testing::PipelineHarness;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(name),
    )
    .unwrap()
}

/// A harness writing NDJSON under `out`.
fn harness(out: &Path) -> PipelineHarness<Evtx> {
    PipelineHarness::from_config(json!({
        "output": "ndjson",
        "ndjson_directory": out.to_string_lossy(),
        "parser_threads": "2",
    }))
    .unwrap()
}

fn events(path: PathBuf) -> Vec<Value> {
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[test]
fn the_upload_step_keeps_only_evtx_files() {
    let (uploads, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let harness = harness(out.path());
    harness
        .upload(
            uploads.path(),
            "Security.evtx",
            &sample("Security.evtx")[..],
        )
        .assert_success();
    harness
        .upload(uploads.path(), "notes.txt", &b"ElfFile\0"[..])
        .assert_failure("notes.txt is not an .evtx file");
    harness
        .upload(uploads.path(), "fake.evtx", &b"MZ\x90\0"[..])
        .assert_failure("fake.evtx does not start like an EVTX file");
    harness
        .upload(
            uploads.path(),
            "../Security.evtx",
            &sample("Security.evtx")[..],
        )
        .assert_failure("refused file name");
    let names: Vec<_> = std::fs::read_dir(uploads.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["Security.evtx"]);
}

#[test]
fn records_become_hec_shaped_events_and_the_file_becomes_evidence() {
    let (uploads, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let harness = harness(out.path());
    harness
        .upload(
            uploads.path(),
            "Security.evtx",
            &sample("Security.evtx")[..],
        )
        .assert_success();
    let run = harness.run(
        uploads.path(),
        json!({"index_evtx": "dfir", "hostname_evtx": null}),
    );
    run.assert_success();
    assert_eq!(
        run.status.message,
        "1 file(s), 120 events sent to index `dfir`"
    );
    let events = events(out.path().join("case-1/dfir/Security.evtx.ndjson"));
    assert_eq!(events.len(), 120);
    let first = &events[0];
    assert_eq!(first["index"], "dfir");
    assert_eq!(first["source"], "Security.evtx");
    assert_eq!(first["sourcetype"], "_json");
    assert_eq!(first["host"], first["event"]["Event"]["System"]["Computer"]);
    assert!(first["time"].as_f64().unwrap() > 1.79e9);
    assert_eq!(first["event"]["Event"]["System"]["EventRecordID"], 1);
    assert_eq!(
        events[119]["event"]["Event"]["System"]["EventRecordID"],
        120
    );
    let evidence = harness.evidence();
    assert_eq!(evidence.len(), 1);
    assert_eq!(
        evidence[0].description,
        "[Auto] EVTX file named Security.evtx: 120 events sent to index dfir"
    );
    assert!(run.logged("progress: 1 of 1 files (100%)"));
}

#[test]
fn the_hostname_argument_overrides_each_events_computer() {
    let (uploads, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let harness = harness(out.path());
    harness
        .upload(
            uploads.path(),
            "Security.evtx",
            &sample("Security.evtx")[..],
        )
        .assert_success();
    harness
        .run(
            uploads.path(),
            json!({"index_evtx": "dfir", "hostname_evtx": "DC01"}),
        )
        .assert_success();
    let events = events(out.path().join("case-1/dfir/Security.evtx.ndjson"));
    assert!(events.iter().all(|event| event["host"] == "DC01"));
}

#[test]
fn a_file_with_no_event_is_neither_imported_nor_evidence() {
    let (uploads, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let harness = harness(out.path());
    // Cut right after its file header: a valid start, no chunk.
    let header_only = sample("Security.evtx")[..4096].to_vec();
    harness
        .upload(uploads.path(), "Empty.evtx", &header_only[..])
        .assert_success();
    let run = harness.run(uploads.path(), json!({"index_evtx": "dfir"}));
    run.assert_failure("1 of 1 file(s) failed: Empty.evtx");
    assert!(
        run.logged("Empty.evtx: no readable record: the file holds no event"),
        "{:?}",
        run.log
    );
    assert!(harness.evidence().is_empty());
    assert!(!out.path().join("case-1/dfir/Empty.evtx.ndjson").exists());
}

#[test]
fn a_shortfall_against_the_chunk_headers_is_a_warning_naming_the_file_and_the_count() {
    let (uploads, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let harness = harness(out.path());
    // The second chunk's free-space offset set to 0: the parser reads none of its records.
    let mut damaged = sample("Security.evtx");
    damaged[4096 + 65536 + 48..4096 + 65536 + 52].copy_from_slice(&0u32.to_le_bytes());
    harness
        .upload(uploads.path(), "Damaged.evtx", &damaged[..])
        .assert_success();
    let run = harness.run(uploads.path(), json!({"index_evtx": "dfir"}));
    run.assert_success();
    let written = events(out.path().join("case-1/dfir/Damaged.evtx.ndjson")).len();
    assert!(written < 120);
    assert!(
        run.logged(&format!(
            "Damaged.evtx: {} event(s) fewer than the file's headers announce ({written} read of 120)",
            120 - written
        )),
        "{:?}",
        run.log
    );
}

#[test]
fn malformed_and_truncated_files_are_per_file_problems() {
    let (uploads, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let harness = harness(out.path());
    for name in [
        "Security.evtx",
        "Security-truncated.evtx",
        "Security-malformed.evtx",
    ] {
        harness
            .upload(uploads.path(), name, &sample(name)[..])
            .assert_success();
    }
    let run = harness.run(uploads.path(), json!({"index_evtx": "dfir"}));
    run.assert_failure("1 of 3 file(s) failed: Security-malformed.evtx");
    assert!(run.logged("Security-malformed.evtx: no readable record"));
    assert!(run.logged(
        "Security-truncated.evtx: the file is truncated: its header announces 3 chunks, it holds 1 \
         whole chunk(s)"
    ));
    // The good files went through all the same.
    assert_eq!(
        events(out.path().join("case-1/dfir/Security.evtx.ndjson")).len(),
        120
    );
    let salvaged = events(
        out.path()
            .join("case-1/dfir/Security-truncated.evtx.ndjson"),
    );
    assert!(!salvaged.is_empty() && salvaged.len() < 120);
    assert!(
        !out.path()
            .join("case-1/dfir/Security-malformed.evtx.ndjson")
            .exists()
    );
    assert_eq!(harness.evidence().len(), 2);

    // The failed run put the files back; the next run skips what was imported.
    std::fs::remove_file(uploads.path().join("Security-malformed.evtx")).unwrap();
    let run = harness.run(uploads.path(), json!({"index_evtx": "dfir"}));
    run.assert_success();
    assert!(run.logged("Security.evtx was already imported: skipped"));
    assert!(run.logged("Security-truncated.evtx was already imported: skipped"));
    assert_eq!(harness.evidence().len(), 2);
}

#[test]
fn arguments_and_configuration_are_checked() {
    let (uploads, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let harness = harness(out.path());
    harness
        .upload(
            uploads.path(),
            "Security.evtx",
            &sample("Security.evtx")[..],
        )
        .assert_success();
    let run = harness.run(uploads.path(), json!({}));
    run.assert_failure("`index_evtx` is required but was not given");
    // Checked before any file is claimed: the upload was not touched.
    assert!(!run.logged("put back"), "{:?}", run.log);
    assert!(uploads.path().join("Security.evtx").is_file());
    harness
        .run(uploads.path(), json!({"index_evtx": "../../etc"}))
        .assert_failure("1 of 1 file(s) failed");
    let error = PipelineHarness::<Evtx>::from_config(json!({"output": "kafka"}))
        .err()
        .unwrap();
    assert!(
        error
            .to_string()
            .contains("`output` (Output) expected `ndjson` or `splunk_hec`"),
        "{error}"
    );
}

#[test]
fn a_file_named_after_a_secret_is_written_and_sent_under_another_name() {
    // The envelope (source, index, host) and the output's name are the run's, not the record's:
    // the module's secrets never reach them, whatever the analyst named the file.
    const TOKEN: &str = "hec-token-in-a-file-name-77";
    let (uploads, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let harness = PipelineHarness::<Evtx>::from_config(json!({
        "output": "ndjson",
        "ndjson_directory": out.path().to_string_lossy(),
        "hec_token": TOKEN,
    }))
    .unwrap();
    let name = format!("dc01-{TOKEN}.evtx");
    harness
        .upload(uploads.path(), &name, &sample("Security.evtx")[..])
        .assert_success();
    let run = harness.run(
        uploads.path(),
        json!({"index_evtx": format!("idx-{TOKEN}"), "hostname_evtx": format!("host-{TOKEN}")}),
    );
    run.assert_success();
    let mut written = 0;
    for entry in walk(out.path()) {
        assert!(
            !entry.to_string_lossy().contains(TOKEN),
            "{}",
            entry.display()
        );
        let text = std::fs::read_to_string(&entry).unwrap();
        assert!(!text.contains(TOKEN), "{}", entry.display());
        for event in events(entry) {
            assert_eq!(event["source"], json!("dc01-[redacted].evtx"));
            assert_eq!(event["index"], json!("idx-[redacted]"));
            assert_eq!(event["host"], json!("host-[redacted]"));
            written += 1;
        }
    }
    assert!(written > 0);
    assert!(!format!("{:?} {:?}", run.status, run.log).contains(TOKEN));
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
