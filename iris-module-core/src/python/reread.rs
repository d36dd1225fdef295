//! An object's JSON field read again from IRIS's database with its row locked, before the keys
//! a call changed are merged onto it (see `convert::apply_changes`): the lock is held until IRIS
//! commits, so that no other module's write falls between the read and the commit. The wait for
//! the lock is bounded: a row another session keeps locked is not waited for past
//! [`LOCK_WAIT_MS`], in a savepoint, so that IRIS's transaction goes on unharmed; the keys are
//! then merged onto the value last read.

use pyo3::prelude::*;
use pyo3::types::PyDict;

/// How long the re-read waits for another session's lock on the row, in milliseconds.
pub const LOCK_WAIT_MS: u32 = 10_000;

/// Reads `element.key` again from the database with its row locked (a mapped object in a
/// session; nothing for others, or when the database cannot be asked: the value IRIS passed is
/// then the base). A warning when the row stayed locked past [`LOCK_WAIT_MS`].
pub fn reread_locked(element: &Bound<'_, PyAny>, key: &str) -> Option<String> {
    let py = element.py();
    if !element.hasattr("_sa_instance_state").unwrap_or(false) {
        return None;
    }
    let session = py
        .import("sqlalchemy.orm")
        .and_then(|orm| orm.call_method1("object_session", (element,)))
        .ok()
        .filter(|session| !session.is_none())?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("with_for_update", true).ok()?;
    let refresh = || session.call_method("refresh", (element, vec![key]), Some(&kwargs));
    if !is_postgresql(&session) {
        let _ = refresh();
        return None;
    }
    let bounds = Bounds::of(&session)?;
    let savepoint = session.call_method0("begin_nested").ok()?;
    bounds.set(&LOCK_WAIT_MS.to_string());
    match refresh() {
        Ok(_) => {
            let _ = savepoint.call_method0("commit");
            bounds.set(&bounds.before);
            None
        }
        Err(error) => {
            // The savepoint's rollback ends the failed statement and its own lock_timeout.
            let _ = savepoint.call_method0("rollback");
            Some(format!(
                "`{key}` was written onto its last read value: its row stayed locked by another \
                 session for {} s ({})",
                LOCK_WAIT_MS / 1000,
                error.value(py)
            ))
        }
    }
}

fn is_postgresql(session: &Bound<'_, PyAny>) -> bool {
    session
        .call_method0("get_bind")
        .and_then(|bind| bind.getattr("dialect"))
        .and_then(|dialect| dialect.getattr("name"))
        .and_then(|name| name.extract::<String>())
        .is_ok_and(|name| name == "postgresql")
}

/// The session's `lock_timeout`, set for its transaction and put back.
struct Bounds<'py> {
    session: Bound<'py, PyAny>,
    text: Bound<'py, PyAny>,
    before: String,
}

impl<'py> Bounds<'py> {
    fn of(session: &Bound<'py, PyAny>) -> Option<Bounds<'py>> {
        let text = session
            .py()
            .import("sqlalchemy")
            .ok()?
            .getattr("text")
            .ok()?;
        let before = session
            .call_method1(
                "execute",
                (text
                    .call1(("SELECT current_setting('lock_timeout')",))
                    .ok()?,),
            )
            .and_then(|result| result.call_method0("scalar"))
            .and_then(|value| value.extract::<String>())
            .ok()?;
        Some(Bounds {
            session: session.clone(),
            text,
            before,
        })
    }

    fn set(&self, value: &str) {
        let py = self.session.py();
        let Ok(statement) = self
            .text
            .call1(("SELECT set_config('lock_timeout', :value, true)",))
        else {
            return;
        };
        let parameters = PyDict::new(py);
        if parameters.set_item("value", value).is_ok() {
            let _ = self
                .session
                .call_method1("execute", (statement, parameters));
        }
    }
}
