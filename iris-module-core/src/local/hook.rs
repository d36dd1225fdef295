//! `cargo iris run`: one hook call on JSON data.

use super::LocalError;
use super::config::build;
use super::report::{ChangedField, HookReport};
use crate::config::ModuleConfig;
use crate::context::HookContext;
use crate::hooks::find_hook;
use crate::limits::{Plainly, run_hook_within};
use crate::payload::HookPayload;
use crate::registry::ModuleRegistration;
use serde_json::Value;
use std::sync::Arc;

/// Fires `hook` at `data` (a list of objects, or one) with `config`, as IRIS would: the status,
/// the log and what changed.
pub fn run_hook(
    module: &ModuleRegistration,
    hook: &str,
    ui_name: Option<&str>,
    config: &ModuleConfig,
    data: Value,
) -> Result<HookReport, LocalError> {
    let spec = find_hook(hook)
        .ok_or_else(|| LocalError::NotAHook(iris_module_vocabulary::not_a_hook(hook)))?;
    let built = build(module, config)?;
    let (instance, redactor) = (built.module, built.redactor);
    let items = match data {
        Value::Array(items) => items,
        single => vec![single],
    };
    let mut payload = HookPayload::from_json(spec.data, items)?;
    let before = payload.to_json();
    let (cases, session) = super::case::local_case(module.info.name);
    let ctx = HookContext::new(hook)
        .with_ui_name(ui_name)
        .with_module_name(module.info.name)
        .with_module_id(Some(1))
        .with_case_id(Some(1))
        .with_case_session(session)
        .with_redactor(Arc::clone(&redactor))
        .with_left_out(built.notes.left_out.into());
    let logger = ctx.logger().clone();
    let (status, changed) =
        run_hook_within(Arc::from(instance), ctx, payload.clone(), &mut Plainly);
    if let Some(changed) = changed {
        payload = changed;
    }
    let changes = before
        .iter()
        .zip(payload.to_json())
        .enumerate()
        .flat_map(|(object, (old, new))| {
            changed_fields(old, &new)
                .into_iter()
                .map(move |(field, old, new)| ChangedField {
                    object,
                    field,
                    old,
                    new,
                })
        })
        .collect();
    Ok(HookReport {
        module: module.info.name,
        module_version: module.info.module_version,
        hook: hook.to_owned(),
        objects: before.len(),
        status: status.redacted(&redactor),
        log: logger.lines(),
        changes,
        added: cases.objects(),
    })
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
