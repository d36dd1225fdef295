//! Between Python values and JSON: reading what IRIS passes (dicts, ids, SQLAlchemy objects) and
//! writing a handler's changes back onto the very objects IRIS passed.

use super::de::PyDeserializer;
use crate::diff::FieldChange;
use crate::objects::{ENRICHMENT_FIELDS, changed_keys};
use crate::shape::Shape;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde::Deserialize;
use serde_json::Value;

/// A Python value as JSON: containers recursively; dates and times as ISO strings; anything else
/// (UUIDs, decimals...) as its `str()`. The same reading as the hook data's, through
/// [`PyDeserializer`].
pub fn to_json(value: &Bound<'_, PyAny>) -> PyResult<Value> {
    Value::deserialize(PyDeserializer::plain(value.clone()))
        .map_err(|error| pyo3::exceptions::PyValueError::new_err(error.to_string()))
}

/// A JSON value as a Python value.
pub fn from_json<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            _ => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let items = items
                .iter()
                .map(|item| from_json(py, item))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)?.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, from_json(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

/// Whether `value` is a plain value (not an object read attribute by attribute).
fn is_plain(value: &Bound<'_, PyAny>) -> bool {
    value.is_none()
        || value.is_instance_of::<PyDict>()
        || value.is_instance_of::<PyInt>()
        || value.is_instance_of::<PyFloat>()
        || value.is_instance_of::<PyString>()
        || value.is_instance_of::<PyList>()
        || value.is_instance_of::<PyTuple>()
}

/// Writes a handler's changes back onto `element`, the object IRIS passed: keys of a dict, or
/// attributes of an object (only its own fields: relationships are read-only). Returns warnings
/// for changes that cannot be written.
///
/// The enrichment fields where modules keep their state (`ioc_enrichment`...) are written key by
/// key: the keys that changed from `before` (the field as IRIS passed it) are set or removed on
/// the value IRIS's database holds now, read again with the row locked until IRIS commits, so
/// that what another module's call wrote meanwhile under its own key stays.
pub fn apply_changes(
    element: &Bound<'_, PyAny>,
    changes: &[FieldChange],
    shape: &Shape,
    before: &dyn Fn(&str) -> Option<Value>,
) -> PyResult<Vec<String>> {
    let py = element.py();
    let mut warnings = Vec::new();
    if let Ok(dict) = element.cast::<PyDict>() {
        for change in changes {
            match change {
                FieldChange::Set(key, value) => dict.set_item(key, from_json(py, value)?)?,
                FieldChange::Removed(key) => {
                    if dict.contains(key)? {
                        dict.del_item(key)?;
                    }
                }
            }
        }
        return Ok(warnings);
    }
    if is_plain(element) {
        return Ok(warnings);
    }
    for change in changes {
        let FieldChange::Set(key, value) = change else {
            continue;
        };
        if shape.relation(key).is_some() {
            warnings.push(format!(
                "the change to `{key}` is not written back: relationships are read-only"
            ));
        } else if !shape.fields.iter().any(|field| field == key) {
            warnings.push(format!(
                "the change to `{key}` is not written back: IRIS's object has no such field"
            ));
        } else if ENRICHMENT_FIELDS.contains(&key.as_str()) {
            warnings.extend(merge_keys(element, key, before(key).as_ref(), value)?);
        } else {
            set_attribute(element, key, value)?;
        }
    }
    Ok(warnings)
}

/// Sets on `element.key` (a JSON column) the keys that changed from `before` to `after`, onto its
/// value in the database now (see [`apply_changes`]); a warning when its row stayed locked.
fn merge_keys(
    element: &Bound<'_, PyAny>,
    key: &str,
    before: Option<&Value>,
    after: &Value,
) -> PyResult<Option<String>> {
    let (set, removed) = changed_keys(before, Some(after));
    let warning = super::reread::reread_locked(element, key);
    let current = element
        .getattr(key)
        .ok()
        .and_then(|value| to_json(&value).ok());
    let mut merged = match current {
        Some(Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    for name in removed {
        merged.remove(&name);
    }
    merged.extend(set);
    set_attribute(element, key, &Value::Object(merged))?;
    Ok(warning)
}

/// Sets `element.key = value`, restoring the attribute's Python type where JSON lost it (dates,
/// UUIDs), and flags JSON columns as modified so that SQLAlchemy saves them.
fn set_attribute(element: &Bound<'_, PyAny>, key: &str, value: &Value) -> PyResult<()> {
    let py = element.py();
    let mut new = from_json(py, value)?;
    // The current value, to restore its type; from the instance dictionary where SQLAlchemy keeps
    // loaded values (cheaper than its descriptor), else through the attribute.
    let current = element
        .getattr(pyo3::intern!(py, "__dict__"))
        .ok()
        .and_then(|dict| dict.get_item(key).ok())
        .map_or_else(|| element.getattr(key), Ok);
    if let (Ok(current), Value::String(text)) = (current, value)
        && !is_plain(&current)
        && !current.is_instance_of::<PyBool>()
    {
        let restored = if current.hasattr(pyo3::intern!(py, "isoformat"))? {
            current
                .get_type()
                .call_method1("fromisoformat", (text.as_str(),))
        } else {
            current.get_type().call1((text.as_str(),))
        };
        if let Ok(restored) = restored {
            new = restored;
        }
    }
    element.setattr(key, new)?;
    if value.is_object() || value.is_array() {
        flag_modified(element, key);
    }
    Ok(())
}

/// SQLAlchemy's `flag_modified`, for mapped objects; nothing for other objects.
fn flag_modified(element: &Bound<'_, PyAny>, key: &str) {
    let py = element.py();
    if !element.hasattr("_sa_instance_state").unwrap_or(false) {
        return;
    }
    static FLAG_MODIFIED: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    if let Ok(flag) = FLAG_MODIFIED.import(py, "sqlalchemy.orm.attributes", "flag_modified") {
        let _ = flag.call1((element, key));
    }
}
