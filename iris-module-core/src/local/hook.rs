//! `cargo iris run`: one hook call on JSON data.

use super::config::{build, read_config, read_json};
use crate::config::ModuleConfig;
use crate::context::HookContext;
use crate::hooks::find_hook;
use crate::limits::{Plainly, run_hook_within};
use crate::payload::HookPayload;
use crate::registry::ModuleRegistration;
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;

/// Fires `hook` at the objects in the `data` file and prints the status, the log and what
/// changed.
pub fn run(
    module: &ModuleRegistration,
    hook: &str,
    ui_name: Option<&str>,
    config: Option<&Path>,
    data: &Path,
) -> Result<bool, String> {
    run_json(
        module,
        hook,
        ui_name,
        &read_config(config)?,
        read_json(data)?,
    )
}

/// Fires `hook` at `data` (a list of objects, or one) with `config`, as IRIS would, and prints
/// the status, the log and what changed; returns whether the call succeeded.
pub fn run_json(
    module: &ModuleRegistration,
    hook: &str,
    ui_name: Option<&str>,
    config: &ModuleConfig,
    data: Value,
) -> Result<bool, String> {
    let spec = find_hook(hook).ok_or_else(|| iris_module_vocabulary::not_a_hook(hook))?;
    let (instance, redactor) = build(module, config)?;
    let items = match data {
        Value::Array(items) => items,
        single => vec![single],
    };
    let mut payload =
        HookPayload::from_json(spec.data, items).map_err(|error| error.to_string())?;
    let before = payload.to_json();
    let (cases, session) = super::case::local_case(module.info.name);
    let ctx = HookContext::new(hook)
        .with_ui_name(ui_name)
        .with_module_id(Some(1))
        .with_case_id(Some(1))
        .with_case_session(session)
        .with_redactor(Arc::clone(&redactor));
    let logger = ctx.logger().clone();
    let (status, changed) =
        run_hook_within(Arc::from(instance), ctx, payload.clone(), &mut Plainly);
    let status = status.redacted(&redactor);
    if let Some(changed) = changed {
        payload = changed;
    }
    println!(
        "module:  {} {}",
        module.info.name, module.info.module_version
    );
    println!("hook:    {hook}");
    print!(
        "{}",
        super::pipeline::status_and_log(&status, &logger.lines())
    );
    println!("changes made by the hook:");
    for (index, (old, new)) in before.iter().zip(payload.to_json()).enumerate() {
        let changes = changed_fields(old, &new);
        if changes.is_empty() {
            println!("  object {index}: unchanged");
        }
        for (field, old, new) in changes {
            println!("  object {index}: {field}: {old} -> {new}");
        }
    }
    print!("{}", super::case::describe_added(&cases));
    Ok(status.is_success())
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
