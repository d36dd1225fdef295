//! Runs `IrisRefang` locally on a JSON fixture, the way IRIS would call it, and prints the
//! status, the log and the IOCs after the hook.
//!
//! Usage: `minimal-processor [FIXTURE]`, where the fixture is
//! `{"hook": "...", "ui_name": "..."?, "config": {...}, "data": [...]}`.

use iris_module_core::HookPayload;
use iris_module_core::hooks::find_hook;
use iris_module_core::testing::Harness;
use iris_refang_module::Refang;
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
    let before = match fixture["data"].clone() {
        Value::Array(items) => items,
        single => vec![single],
    };
    let (run, objects) = harness
        .fire_json(hook, ui_name, Value::Array(before.clone()))
        .map_err(|e| e.to_string())?;
    // Compare like with like: the objects before the hook, read and written by the same types.
    let kind = find_hook(hook)
        .ok_or_else(|| format!("`{hook}` is not an IRIS hook"))?
        .data;
    let before = HookPayload::from_json(kind, before)
        .map_err(|e| e.to_string())?
        .to_json();
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
    println!("changes made by the hook:");
    for (index, (old, new)) in before.iter().zip(&objects).enumerate() {
        let changes = changed_fields(old, new);
        if changes.is_empty() {
            println!("  object {index}: unchanged");
        }
        for (field, old, new) in changes {
            println!("  object {index}: {field}: {old} -> {new}");
        }
    }
    Ok(run.is_success())
}

/// The top-level fields whose value differs (a missing field counts as null).
fn changed_fields(old: &Value, new: &Value) -> Vec<(String, Value, Value)> {
    let Some(new_fields) = new.as_object() else {
        return if old == new {
            Vec::new()
        } else {
            vec![("value".into(), old.clone(), new.clone())]
        };
    };
    new_fields
        .iter()
        .filter_map(|(field, new_value)| {
            let old_value = old.get(field).cloned().unwrap_or(Value::Null);
            (old_value != *new_value).then(|| (field.clone(), old_value, new_value.clone()))
        })
        .collect()
}
