//! Runs `IrisRefang` locally on a JSON fixture, the way IRIS would call it, and prints the
//! status, the log and the IOCs after the hook.
//!
//! Usage: `minimal-processor [FIXTURE]`, where the fixture is
//! `{"hook": "...", "ui_name": "..."?, "config": {...}, "data": [...]}`.

use iris_module_core::testing::Harness;
use minimal_processor::Refang;
use serde_json::Value;
use std::process::ExitCode;

const DEFAULT_FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/iocs.json");

fn main() -> ExitCode {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| DEFAULT_FIXTURE.to_owned());
    match run(&path) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(path: &str) -> Result<bool, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let fixture: Value = serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
    let hook = fixture["hook"]
        .as_str()
        .ok_or_else(|| format!("{path}: missing \"hook\""))?;
    let ui_name = fixture["ui_name"].as_str();
    let harness =
        Harness::<Refang>::from_config(fixture["config"].clone()).map_err(|e| e.to_string())?;
    let (run, objects) = harness
        .fire_json(hook, ui_name, fixture["data"].clone())
        .map_err(|e| e.to_string())?;
    println!(
        "module:  {} {}",
        harness.info().name,
        harness.info().module_version
    );
    println!("hook:    {hook}");
    println!(
        "status:  {} (code {:#x}): {}",
        if run.is_success() {
            "success"
        } else {
            "failure"
        },
        run.status.code,
        run.status.message
    );
    println!("log:");
    for line in &run.log {
        println!("  [{}] {}", line.level, line.message);
    }
    println!("objects after the hook:");
    let pretty = serde_json::to_string_pretty(&objects).map_err(|e| e.to_string())?;
    println!("{pretty}");
    Ok(run.is_success())
}
