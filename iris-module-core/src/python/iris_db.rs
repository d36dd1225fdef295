//! What a module does in IRIS's database itself, where IRIS 2.4.20 leaves a gap: it commits the
//! hook deregistrations IRIS leaves uncommitted, and brings its stored configuration up to date
//! after an upgrade in place. Both go through IRIS's own `db` session and models, found by the
//! compatibility layer wherever the line keeps them, and do nothing outside IRIS (where `app`
//! cannot be imported).

use super::compat::{self, iris_session};
use super::convert;
use crate::config::ModuleConfig;
use crate::config::upgrade::{self, Reconciled};
use crate::module::{ModuleEntry, ModuleInfo};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::Value;

/// Commits the rows that IRIS's `deregister_from_hook` deleted: IRIS 2.4.20 does not commit
/// them, so a request that only deregisters would end with the deletions rolled back and the
/// hook still firing. (The deletions may already be flushed by IRIS's next query, so what is
/// pending cannot be counted: the session is committed whenever IRIS's database is there.)
pub fn commit_deregistrations(py: Python<'_>) -> PyResult<()> {
    match iris_session(py) {
        Some(session) => commit_or_roll_back(&session),
        None => Ok(()),
    }
}

fn commit_or_roll_back(session: &Bound<'_, PyAny>) -> PyResult<()> {
    session.call_method0("commit").inspect_err(|_| {
        let _ = session.call_method0("rollback");
    })?;
    Ok(())
}

/// Brings the configuration IRIS stored for this module (by its human name, as IRIS looks it
/// up) to this version's parameters ([`upgrade::reconcile`]), with its version and pipeline
/// information, and commits; on a version change, stored values are checked by building the
/// module (`entry`) from them. Returns what changed and the list now stored, or `None` when nothing
/// had to (or the module is not registered, or this is not IRIS); an error when IRIS's module
/// table cannot be found or written.
pub fn upgrade_stored_config<'py>(
    py: Python<'py>,
    info: &ModuleInfo,
    entry: &ModuleEntry,
    pipeline_info: Option<&Value>,
) -> PyResult<Option<(String, Reconciled, Bound<'py, PyAny>)>> {
    let Some(session) = iris_session(py) else {
        return Ok(None);
    };
    // Inside IRIS, a module table that cannot be found is an error (logged), never a silent skip
    // that would keep the old configuration.
    let model = compat::model(py, "IrisModule")?;
    let by_name = PyDict::new(py);
    by_name.set_item("module_human_name", info.name)?;
    let row = model
        .getattr("query")?
        .call_method("filter_by", (), Some(&by_name))?
        .call_method0("first")?;
    if row.is_none() {
        return Ok(None);
    }
    // Whatever its shape: a damaged one is read as far as it can be (`upgrade::reconcile`).
    let stored = convert::to_json(&row.getattr("module_config")?)?;
    let stored_version: String = row.getattr("module_version")?.str()?.to_cow()?.into_owned();
    let declared = match info.iris_configuration() {
        Value::Array(entries) => entries,
        _ => Vec::new(),
    };
    let new_version = stored_version != info.module_version;
    // Stored values are checked against the module's reading on an upgrade only: between
    // upgrades, a value an administrator set wrong stays as set, and the hooks say what is wrong.
    let check = |config: &ModuleConfig| entry.instantiate(config).map(drop);
    let outcome = upgrade::reconcile(
        &stored,
        &declared,
        &stored_version,
        new_version.then_some(&check as upgrade::Check<'_>),
    );
    if !outcome.differs_from(&stored) && !new_version {
        return Ok(None);
    }
    let stored = convert::from_json(py, &Value::Array(outcome.entries.clone()))?;
    row.setattr("module_config", &stored)?;
    row.setattr("module_version", info.module_version)?;
    row.setattr("module_description", info.description)?;
    if let Some(pipeline_info) = pipeline_info {
        row.setattr("pipeline_args", convert::from_json(py, pipeline_info)?)?;
    }
    commit_or_roll_back(&session)?;
    Ok(Some((stored_version, outcome, stored)))
}
