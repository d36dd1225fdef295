//! A pipeline module through the harness: the upload step's checks, the processing step's
//! evidence, and that a failed run (an error, a failure status, a panic) loses no file.

use iris_module_core::codes;
use iris_module_core::pipeline::EvidenceRecord;
use iris_module_core::testing::PipelineHarness;
use iris_module_tests::Collector;
use serde_json::json;
use std::path::Path;

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn harness() -> PipelineHarness<Collector> {
    PipelineHarness::new().unwrap()
}

#[test]
fn pipeline_info_is_what_iris_checks() {
    let info = harness().pipeline_info().iris_info();
    assert_eq!(
        info,
        json!({
            "pipeline_internal_name": "collector",
            "pipeline_human_name": "Collect text files",
            "pipeline_args": [["label", "required"], ["fail_on", "optional"], ["panic_on", "optional"]],
            "pipeline_update_support": true,
            "pipeline_import_support": true,
        })
    );
}

#[test]
fn uploads_are_checked_by_name_and_by_the_module() {
    let dir = tempfile::tempdir().unwrap();
    let harness = harness();
    harness
        .upload(dir.path(), "notes.txt", &b"hello"[..])
        .assert_success();
    harness
        .upload(dir.path(), "../escape.txt", &b"x"[..])
        .assert_failure("refused file name \"../escape.txt\"");
    harness
        .upload(dir.path(), "tool.exe", &b"MZ"[..])
        .assert_failure("the module refused tool.exe: only .txt files are collected");
    harness
        .upload(&dir.path().join("missing"), "a.txt", &b"x"[..])
        .assert_failure("not found");
    assert_eq!(names(dir.path()), ["notes.txt"]);
    assert!(!dir.path().parent().unwrap().join("escape.txt").exists());
}

#[test]
fn a_run_registers_evidence_reports_progress_and_consumes_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let harness = harness();
    harness
        .upload(dir.path(), "a.txt", &b"abc"[..])
        .assert_success();
    harness
        .upload(dir.path(), "b.txt", &b"b"[..])
        .assert_success();
    let run = harness.run(dir.path(), json!({"label": "triage", "fail_on": null}));
    run.assert_success();
    assert_eq!(run.status.message, "2 file(s) collected");
    assert!(run.logged("2 file(s) to process for case `case`, on behalf of analyst"));
    assert!(run.logged("progress: 2 of 2 files (100%)"));
    assert_eq!(
        harness.evidence()[0],
        EvidenceRecord {
            case_id: Some(1),
            filename: "a.txt".into(),
            description: "[triage] a.txt".into(),
            size: 3,
            sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".into(),
            user_id: Some(1),
        }
    );
    assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));

    // The same content again is not registered twice.
    harness
        .upload(dir.path(), "again.txt", &b"abc"[..])
        .assert_success();
    let run = harness.run(dir.path(), json!({"label": "triage"}));
    run.assert_success();
    assert!(run.logged("again.txt was already collected"));
    assert_eq!(harness.evidence().len(), 2);
}

#[test]
fn failed_runs_put_the_files_back() {
    let dir = tempfile::tempdir().unwrap();
    let harness = harness();
    harness
        .upload(dir.path(), "a.txt", &b"a"[..])
        .assert_success();
    harness
        .upload(dir.path(), "b.txt", &b"b"[..])
        .assert_success();

    let run = harness.run(dir.path(), json!({}));
    run.assert_failure("invalid pipeline arguments: `label` is required but was not given");
    assert_eq!(names(dir.path()), ["a.txt", "b.txt"]);

    let run = harness.run(dir.path(), json!({"label": "x", "fail_on": "b.txt"}));
    run.assert_failure("b.txt is not collectable");
    assert!(run.logged("the run failed: 2 file(s) put back"));
    assert_eq!(names(dir.path()), ["a.txt", "b.txt"]);

    let run = harness.run(dir.path(), json!({"label": "x", "panic_on": "a.txt"}));
    assert_eq!(run.status.code, codes::CRITICAL);
    run.assert_failure("module `IrisCollector` panicked in its pipeline: cannot collect a.txt");
    assert_eq!(names(dir.path()), ["a.txt", "b.txt"]);

    // Nothing was lost: a good run still collects both.
    harness
        .run(dir.path(), json!({"label": "x"}))
        .assert_success();
    assert_eq!(harness.evidence().len(), 2);
}

#[test]
fn a_run_without_files_is_a_clear_failure() {
    let dir = tempfile::tempdir().unwrap();
    harness()
        .run(dir.path(), json!({"label": "x"}))
        .assert_failure("no uploaded file to process");
    harness()
        .run(&dir.path().join("gone"), json!({"label": "x"}))
        .assert_failure("cannot read the upload directory");
}
