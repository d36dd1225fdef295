//! The workers' shared state inside IRIS: IRIS's own PostgreSQL, through `shared_state.py`
//! (a table the framework owns, reached on a connection of its own, every step bounded).

use super::embedded::embedded;
use crate::redact::{Redactor, bounded};
use crate::shared::{Lease, PaceRule, SharedState, StateError, choose, decide};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyCFunction, PyDict, PyModule, PyTuple};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, Once, PoisonError};
use std::time::Duration;

/// `shared_state.py`, loaded once per process.
static ADAPTER: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

fn adapter(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    embedded(
        py,
        &ADAPTER,
        pyo3::ffi::c_str!(include_str!("shared_state.py")),
        c"iris_module_core/shared_state.py",
        c"iris_module_core_shared_state",
    )
}

/// Inside IRIS (its `app` configured with a database), makes IRIS's database the process's
/// shared state; elsewhere leaves the default. Looked at once per process.
pub fn install_if_in_iris(py: Python<'_>) {
    static LOOKED: Once = Once::new();
    LOOKED.call_once(|| {
        let in_iris = adapter(py)
            .and_then(|module| module.call_method0("database_uri"))
            .is_ok_and(|uri| !uri.is_none());
        if in_iris {
            crate::shared::install(Arc::new(IrisDatabase));
        }
    });
}

/// IRIS's database as the workers' shared state.
struct IrisDatabase;

/// A failure of IRIS's database as a [`StateError`], without any credentials of its URL.
fn unavailable(error: &PyErr) -> StateError {
    let reason = Redactor::default().redact(&error.to_string()).into_owned();
    StateError::Unavailable(format!("IRIS's database: {}", bounded(&reason)))
}

impl SharedState for IrisDatabase {
    fn take_call_slot(
        &self,
        key: &str,
        limit: u32,
        lease: Duration,
        holder: i64,
    ) -> Result<Option<u32>, StateError> {
        Python::attach(|py| -> PyResult<Option<u32>> {
            let choose_slot = PyCFunction::new_closure(
                py,
                Some(c"choose"),
                None,
                move |args: &Bound<'_, PyTuple>,
                      _: Option<&Bound<'_, PyDict>>|
                      -> PyResult<Option<(u32, u64)>> {
                    let (rows, now): (Vec<(u32, u64, i64)>, u64) = args.extract()?;
                    let mut leases = vec![Lease::default(); limit as usize];
                    for (slot, until, holder) in rows {
                        if let Some(stored) = leases.get_mut(slot as usize) {
                            *stored = Lease {
                                until: Duration::from_micros(until),
                                holder,
                            };
                        }
                    }
                    let now = Duration::from_micros(now);
                    Ok(choose(&leases, now, limit, lease)
                        .map(|slot| (slot, (now + lease).as_micros() as u64)))
                },
            )?;
            adapter(py)?
                .call_method1("take_call_slot", (key, limit, holder, choose_slot))?
                .extract()
        })
        .map_err(|error| unavailable(&error))
    }

    fn release_call_slot(&self, key: &str, slot: u32, holder: i64) -> Result<(), StateError> {
        Python::attach(|py| -> PyResult<()> {
            adapter(py)?.call_method1("release_call_slot", (key, slot, holder))?;
            Ok(())
        })
        .map_err(|error| unavailable(&error))
    }

    fn outbox_append(&self, key: &str, item: &str) -> Result<(), StateError> {
        Python::attach(|py| -> PyResult<()> {
            adapter(py)?.call_method1("outbox_append", (key, item))?;
            Ok(())
        })
        .map_err(|error| unavailable(&error))
    }

    fn outbox_pending(&self, key: &str, max: usize) -> Result<Vec<(u64, String)>, StateError> {
        Python::attach(|py| -> PyResult<Vec<(u64, String)>> {
            adapter(py)?
                .call_method1("outbox_pending", (key, max))?
                .extract()
        })
        .map_err(|error| unavailable(&error))
    }

    fn outbox_len(&self, key: &str) -> Result<usize, StateError> {
        Python::attach(|py| -> PyResult<usize> {
            adapter(py)?.call_method1("outbox_len", (key,))?.extract()
        })
        .map_err(|error| unavailable(&error))
    }

    fn outbox_remove(&self, key: &str, id: u64) -> Result<(), StateError> {
        Python::attach(|py| -> PyResult<()> {
            adapter(py)?.call_method1("outbox_remove", (key, id))?;
            Ok(())
        })
        .map_err(|error| unavailable(&error))
    }

    fn cache_get(&self, keys: &[String]) -> Result<HashMap<String, String>, StateError> {
        if keys.is_empty() {
            return Ok(HashMap::new());
        }
        Python::attach(|py| -> PyResult<HashMap<String, String>> {
            let found: Vec<(String, String)> =
                adapter(py)?.call_method1("cache_get", (keys,))?.extract()?;
            Ok(found.into_iter().collect())
        })
        .map_err(|error| unavailable(&error))
    }

    fn cache_put(&self, entries: &[(String, String)], ttl: Duration) -> Result<(), StateError> {
        if entries.is_empty() {
            return Ok(());
        }
        Python::attach(|py| -> PyResult<()> {
            let ttl_us = u64::try_from(ttl.as_micros()).unwrap_or(u64::MAX / 2);
            adapter(py)?.call_method1("cache_put", (entries, ttl_us))?;
            Ok(())
        })
        .map_err(|error| unavailable(&error))
    }

    fn reserve(&self, key: &str, rule: PaceRule) -> Result<Duration, StateError> {
        // What the rule decided, read back once the transaction has committed.
        let decided: Arc<Mutex<Option<crate::shared::Slot>>> = Arc::default();
        let answer = Python::attach(|py| -> PyResult<()> {
            let seen = Arc::clone(&decided);
            let decide_slot = PyCFunction::new_closure(
                py,
                Some(c"decide"),
                None,
                move |args: &Bound<'_, PyTuple>,
                      _: Option<&Bound<'_, PyDict>>|
                      -> PyResult<Option<u64>> {
                    let (next_free, now): (u64, u64) = args.extract()?;
                    let stored = (next_free > 0).then(|| Duration::from_micros(next_free));
                    let slot = decide(stored, Duration::from_micros(now), rule);
                    *seen.lock().unwrap_or_else(PoisonError::into_inner) = Some(slot);
                    Ok(slot.next_free.map(|next| next.as_micros() as u64))
                },
            )?;
            adapter(py)?.call_method1("reserve", (key, decide_slot))?;
            Ok(())
        });
        if let Err(error) = answer {
            // Without any credentials of the database's URL from the driver's message.
            return Err(unavailable(&error));
        }
        let slot = decided
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .ok_or_else(|| StateError::Unavailable("IRIS's database gave no slot".into()))?;
        match slot.next_free {
            Some(_) => Ok(slot.wait),
            None => Err(StateError::TooFar {
                wait: slot.wait,
                max_wait: rule.max_wait,
            }),
        }
    }
}
