//! Runs `IrisRefang` locally on a JSON fixture, the way IRIS would call it, and prints the
//! status, the log and what the hook changed (the runner of `cargo iris run`).
//!
//! Usage: `minimal-processor [FIXTURE]`, where the fixture is
//! `{"hook": "...", "ui_name": "..."?, "config": {...}, "data": [...]}`.

use iris_module_core::local::run_hook;
use iris_module_core::{ModuleConfig, Registry};
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

fn run(path: &str) -> Result<bool, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let fixture: Value = serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
    let hook = fixture["hook"]
        .as_str()
        .ok_or_else(|| format!("{path}: missing \"hook\""))?;
    let config = ModuleConfig::from_json(&fixture["config"])?;
    let registry = Registry::collect()?;
    let module = registry
        .find(<iris_refang_module::Refang as iris_module_core::IrisModule>::INFO.name)
        .ok_or("IrisRefang is not registered")?;
    let report = run_hook(
        module,
        hook,
        fixture["ui_name"].as_str(),
        &config,
        fixture["data"].clone(),
    )?;
    print!("{report}");
    Ok(report.status.is_success())
}
