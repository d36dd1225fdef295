//! Between Python values and JSON: reading what IRIS passes (dicts, ids, SQLAlchemy objects) and
//! writing a handler's changes back onto the very objects IRIS passed.

use crate::shape::Shape;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

/// How deep nested containers are followed (guards against cycles).
const MAX_DEPTH: usize = 64;

/// A Python value as JSON: containers recursively; dates and times as ISO strings; anything else
/// (UUIDs, decimals...) as its `str()`.
pub fn to_json(value: &Bound<'_, PyAny>) -> PyResult<Value> {
    to_json_at(value, 0)
}

fn to_json_at(value: &Bound<'_, PyAny>, depth: usize) -> PyResult<Value> {
    if value.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if value.is_instance_of::<PyInt>() {
        if let Ok(i) = value.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = value.extract::<u64>() {
            return Ok(Value::from(u));
        }
        return Ok(Value::String(value.str()?.to_cow()?.into_owned()));
    }
    if let Ok(f) = value.cast::<PyFloat>() {
        return Ok(Number::from_f64(f.value()).map_or(Value::Null, Value::Number));
    }
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if depth >= MAX_DEPTH {
        return Ok(Value::Null);
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        let mut map = Map::new();
        for (key, item) in dict.iter() {
            let key = match key.cast::<PyString>() {
                Ok(s) => s.to_cow()?.into_owned(),
                Err(_) => key.str()?.to_cow()?.into_owned(),
            };
            map.insert(key, to_json_at(&item, depth + 1)?);
        }
        return Ok(Value::Object(map));
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let items = value
            .try_iter()?
            .map(|item| to_json_at(&item?, depth + 1))
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(Value::Array(items));
    }
    if value.hasattr(pyo3::intern!(value.py(), "isoformat"))? {
        return to_json_at(
            &value.call_method0(pyo3::intern!(value.py(), "isoformat"))?,
            depth,
        );
    }
    Ok(Value::String(value.str()?.to_cow()?.into_owned()))
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

/// Attribute names, interned once per call and reused for every object of the call.
pub struct FieldNames<'py> {
    fields: Vec<(
        String,
        Bound<'py, PyString>,
        Option<Vec<(String, Bound<'py, PyString>)>>,
    )>,
}

impl<'py> FieldNames<'py> {
    /// The attribute names of `shape`.
    pub fn new(py: Python<'py>, shape: &Shape) -> Self {
        let fields = shape
            .fields
            .iter()
            .map(|field| {
                let nested = shape.relation(field).map(|nested| {
                    nested
                        .iter()
                        .map(|name| (name.clone(), PyString::intern(py, name)))
                        .collect()
                });
                (field.clone(), PyString::intern(py, field), nested)
            })
            .collect();
        FieldNames { fields }
    }
}

/// One element of a hook's data as JSON: plain values as they are, objects (IRIS's SQLAlchemy
/// models) through the attributes `names` lists. An attribute that cannot be read (missing, or a
/// relationship that fails to load) is left out, and the object's default applies.
pub fn element_to_json(element: &Bound<'_, PyAny>, names: &FieldNames<'_>) -> PyResult<Value> {
    if is_plain(element) || names.fields.is_empty() {
        return to_json(element);
    }
    let mut map = Map::new();
    for (field, name, nested) in &names.fields {
        let Ok(value) = element.getattr(name) else {
            continue;
        };
        let json = match nested {
            Some(nested) if !is_plain(&value) => {
                let mut related = Map::new();
                for (nested_field, nested_name) in nested {
                    if let Ok(nested_value) = value.getattr(nested_name) {
                        related.insert(nested_field.clone(), to_json(&nested_value)?);
                    }
                }
                Value::Object(related)
            }
            _ => to_json(&value)?,
        };
        map.insert(field.clone(), json);
    }
    Ok(Value::Object(map))
}

/// Writes the fields that differ between `before` and `after` back onto `element`; returns
/// warnings for changes that cannot be written (relationships, unknown attributes).
pub fn write_back(
    element: &Bound<'_, PyAny>,
    before: &Value,
    after: &Value,
    shape: &Shape,
) -> PyResult<Vec<String>> {
    let py = element.py();
    let (Some(after_map), before_map) = (after.as_object(), before.as_object()) else {
        return Ok(Vec::new());
    };
    let changed = |key: &str, value: &Value| {
        differs(
            before_map
                .and_then(|map| map.get(key))
                .unwrap_or(&Value::Null),
            value,
        )
    };
    if let Ok(dict) = element.cast::<PyDict>() {
        for (key, value) in after_map {
            if changed(key, value) {
                dict.set_item(key, from_json(py, value)?)?;
            }
        }
        if let Some(before_map) = before_map {
            for key in before_map
                .keys()
                .filter(|key| !after_map.contains_key(*key))
            {
                dict.del_item(key)?;
            }
        }
        return Ok(Vec::new());
    }
    if is_plain(element) {
        return Ok(Vec::new());
    }
    let mut warnings = Vec::new();
    for (key, value) in after_map {
        if !changed(key, value) {
            continue;
        }
        if shape.relation(key).is_some() {
            warnings.push(format!(
                "the change to `{key}` is not written back: relationships are read-only"
            ));
        } else if !shape.fields.iter().any(|field| field == key) {
            warnings.push(format!(
                "the change to `{key}` is not written back: IRIS's object has no such field"
            ));
        } else {
            set_attribute(element, key, value)?;
        }
    }
    Ok(warnings)
}

/// Whether `after` says something `before` does not, a missing object key counting as `null`
/// (the typed objects write every field they know; what IRIS passed may have fewer).
fn differs(before: &Value, after: &Value) -> bool {
    match (before, after) {
        (Value::Object(old), Value::Object(new)) => {
            new.iter()
                .any(|(key, value)| differs(old.get(key).unwrap_or(&Value::Null), value))
                || old
                    .iter()
                    .any(|(key, value)| !new.contains_key(key) && !value.is_null())
        }
        (Value::Array(old), Value::Array(new)) => {
            old.len() != new.len() || old.iter().zip(new).any(|(a, b)| differs(a, b))
        }
        _ => before != after,
    }
}

/// Sets `element.key = value`, restoring the attribute's Python type where JSON lost it (dates,
/// UUIDs), and flags JSON columns as modified so that SQLAlchemy saves them.
fn set_attribute(element: &Bound<'_, PyAny>, key: &str, value: &Value) -> PyResult<()> {
    let py = element.py();
    let mut new = from_json(py, value)?;
    if let (Ok(current), Value::String(text)) = (element.getattr(key), value) {
        if !is_plain(&current) && !current.is_instance_of::<PyBool>() {
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
    if let Ok(flag) = py
        .import("sqlalchemy.orm.attributes")
        .and_then(|module| module.getattr("flag_modified"))
    {
        let _ = flag.call1((element, key));
    }
}
