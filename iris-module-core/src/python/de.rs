//! A serde `Deserializer` over Python values: the typed objects are read straight from what IRIS
//! passes (SQLAlchemy objects attribute by attribute, dicts, lists, ids), with no JSON in between.

use crate::api_json::{ApiKind, Related};
use crate::payload::DataKind;
use crate::shape::{Shape, shape_of};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use std::collections::HashMap;
use std::fmt;

/// How deep nested values are followed (guards against cycles).
const MAX_DEPTH: usize = 32;

/// One attribute to read: its field name, its interned Python name, the attributes of the related
/// object when it is a relationship, and whether to load it when IRIS has not.
type Attribute = (String, Py<PyString>, Option<AttributeNames>, bool);

/// The attributes to read off an object, interned once per process and reused for every object.
pub struct AttributeNames {
    names: Vec<Attribute>,
}

impl AttributeNames {
    /// The attributes of the objects of `kind`, with those of their relationships: every
    /// relationship loaded when `load_relations` (a query each, where IRIS had not loaded it),
    /// otherwise only the object's type and what IRIS already loaded.
    pub fn of(py: Python<'_>, kind: DataKind, load_relations: bool) -> &'static AttributeNames {
        static LOADED: PyOnceLock<HashMap<DataKind, AttributeNames>> = PyOnceLock::new();
        static ALL: PyOnceLock<HashMap<DataKind, AttributeNames>> = PyOnceLock::new();
        let table = if load_relations { &ALL } else { &LOADED };
        let names = table.get_or_init(py, || {
            crate::hooks::HOOKS
                .iter()
                .map(|hook| {
                    let shape = shape_of(hook.data);
                    let mut names = AttributeNames::new(py, shape, load_relations);
                    if let Some(api) = ApiKind::of(hook.data).filter(|_| load_relations) {
                        names.add(py, api.attributes().collect(), RELATED_DEPTH);
                    }
                    (hook.data, names)
                })
                .collect()
        });
        // Every kind is passed by some hook, so the table holds them all.
        static NONE: AttributeNames = AttributeNames { names: Vec::new() };
        names.get(&kind).unwrap_or(&NONE)
    }

    fn new(py: Python<'_>, shape: &Shape, load_relations: bool) -> Self {
        let names = shape
            .fields
            .iter()
            .map(|field| {
                let nested = shape.relation(field).map(|fields| AttributeNames {
                    names: fields
                        .iter()
                        .map(|name| {
                            (
                                name.clone(),
                                PyString::intern(py, name).unbind(),
                                None,
                                true,
                            )
                        })
                        .collect(),
                });
                let load = load_relations
                    || nested.is_none()
                    || shape.type_relation == Some(field.as_str());
                (
                    field.clone(),
                    PyString::intern(py, field).unbind(),
                    nested,
                    load,
                )
            })
            .collect();
        AttributeNames { names }
    }

    /// Adds what IRIS's API dump of the object reads (`crate::api_json`): its attributes and, to
    /// `depth` levels of relationships, those of the related objects. Every one is loaded.
    fn add(
        &mut self,
        py: Python<'_>,
        attributes: Vec<(&'static str, Option<Related>)>,
        depth: usize,
    ) {
        for (name, related) in attributes {
            if related.is_some() && depth == 0 {
                continue;
            }
            let at = match self.names.iter().position(|(field, ..)| field == name) {
                Some(at) => at,
                None => {
                    let interned = PyString::intern(py, name).unbind();
                    self.names.push((name.to_owned(), interned, None, true));
                    self.names.len() - 1
                }
            };
            let Some(related) = related else {
                continue;
            };
            let entry = &mut self.names[at];
            entry.3 = true;
            let nested = entry
                .2
                .get_or_insert_with(|| AttributeNames { names: Vec::new() });
            match related {
                Related::Schema(schema, excluded) => nested.add(
                    py,
                    schema
                        .attributes()
                        .filter(|(name, _)| !excluded.contains(name))
                        .collect(),
                    depth - 1,
                ),
                Related::Key(primary_key) => nested.add(py, vec![(primary_key, None)], 0),
            }
        }
    }
}

/// How many levels of relationships an API dump follows (an alert's assets' alerts' IOCs' types
/// are four): an event's children deeper than that are written `null`.
const RELATED_DEPTH: usize = 4;

/// A deserialization error.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error(message.to_string())
    }
}

impl From<PyErr> for Error {
    fn from(error: PyErr) -> Self {
        Error(error.to_string())
    }
}

/// Deserializes one Python value; objects that are neither containers nor scalars are read
/// through `names`.
pub struct PyDeserializer<'a, 'py> {
    value: Bound<'py, PyAny>,
    names: Option<&'a AttributeNames>,
    depth: usize,
}

impl<'a, 'py> PyDeserializer<'a, 'py> {
    /// A deserializer for one element of a hook's data.
    pub fn new(value: Bound<'py, PyAny>, names: &'a AttributeNames) -> Self {
        PyDeserializer {
            value,
            names: Some(names),
            depth: 0,
        }
    }

    /// A deserializer for a plain value (configuration, settings): objects are read as their
    /// `str()`.
    pub fn plain(value: Bound<'py, PyAny>) -> Self {
        PyDeserializer {
            value,
            names: None,
            depth: 0,
        }
    }

    fn nested(&self, value: Bound<'py, PyAny>, names: Option<&'a AttributeNames>) -> Self {
        PyDeserializer {
            value,
            names,
            depth: self.depth + 1,
        }
    }
}

impl<'de, 'a, 'py> de::Deserializer<'de> for PyDeserializer<'a, 'py> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let value = &self.value;
        if value.is_none() {
            return visitor.visit_unit();
        }
        if let Ok(b) = value.cast::<PyBool>() {
            return visitor.visit_bool(b.is_true());
        }
        if value.is_instance_of::<PyInt>() {
            if let Ok(i) = value.extract::<i64>() {
                return visitor.visit_i64(i);
            }
            if let Ok(u) = value.extract::<u64>() {
                return visitor.visit_u64(u);
            }
            return visitor.visit_string(value.str()?.to_cow()?.into_owned());
        }
        if let Ok(s) = value.cast::<PyString>() {
            return visitor.visit_str(&s.to_cow()?);
        }
        if let Ok(f) = value.cast::<PyFloat>() {
            return visitor.visit_f64(f.value());
        }
        if self.depth >= MAX_DEPTH {
            return visitor.visit_unit();
        }
        if let Ok(dict) = value.cast::<PyDict>() {
            let entries: Vec<_> = dict.iter().collect();
            return visitor.visit_map(DictAccess {
                entries: entries.into_iter(),
                pending: None,
                parent: &self,
            });
        }
        if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
            let items: Vec<_> = value.try_iter()?.collect::<PyResult<_>>()?;
            return visitor.visit_seq(ListAccess {
                items: items.into_iter(),
                parent: &self,
            });
        }
        let py = value.py();
        if value.hasattr(pyo3::intern!(py, "isoformat"))? {
            let text = value.call_method0(pyo3::intern!(py, "isoformat"))?;
            return visitor.visit_string(text.str()?.to_cow()?.into_owned());
        }
        if let Some(names) = self.names {
            return visitor.visit_map(AttributeAccess {
                object: value,
                loaded: Loaded::of(value),
                names: names.names.iter(),
                pending: None,
                parent: &self,
            });
        }
        visitor.visit_string(value.str()?.to_cow()?.into_owned())
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.value.is_none() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

/// What an object's instance dictionary tells about its attributes.
///
/// SQLAlchemy keeps loaded column values (and loaded relationships) in the instance `__dict__`:
/// reading them there skips its Python-level descriptors, the dominant cost of reading an object.
/// What is not there is read with `getattr` (which loads a lazy relationship or an expired
/// column), except on transient objects, which have nothing to load.
struct Loaded<'py> {
    dict: Option<Bound<'py, PyDict>>,
    transient: bool,
}

impl<'py> Loaded<'py> {
    fn of(object: &Bound<'py, PyAny>) -> Self {
        let py = object.py();
        let dict = object
            .getattr(pyo3::intern!(py, "__dict__"))
            .ok()
            .and_then(|dict| dict.cast_into::<PyDict>().ok());
        let transient = dict
            .as_ref()
            .and_then(|dict| {
                dict.get_item(pyo3::intern!(py, "_sa_instance_state"))
                    .ok()
                    .flatten()
            })
            .and_then(|state| state.getattr(pyo3::intern!(py, "key")).ok())
            .is_some_and(|key| key.is_none());
        Loaded { dict, transient }
    }

    fn get(
        &self,
        object: &Bound<'py, PyAny>,
        name: &Bound<'py, PyString>,
        load: bool,
    ) -> Option<Bound<'py, PyAny>> {
        if let Some(value) = self
            .dict
            .as_ref()
            .and_then(|dict| dict.get_item(name).ok().flatten())
        {
            return Some(value);
        }
        if self.transient || (!load && self.dict.is_some()) {
            return None;
        }
        object.getattr(name).ok()
    }
}

/// The attributes of an object, as map entries; unreadable attributes are skipped.
struct AttributeAccess<'a, 'b, 'py, I> {
    object: &'b Bound<'py, PyAny>,
    loaded: Loaded<'py>,
    names: I,
    pending: Option<(Bound<'py, PyAny>, Option<&'a AttributeNames>)>,
    parent: &'b PyDeserializer<'a, 'py>,
}

impl<'de, 'a, 'b, 'py, I> MapAccess<'de> for AttributeAccess<'a, 'b, 'py, I>
where
    I: Iterator<Item = &'a Attribute>,
{
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        for (field, name, nested, load) in self.names.by_ref() {
            if let Some(value) = self
                .loaded
                .get(self.object, name.bind(self.object.py()), *load)
            {
                self.pending = Some((value, nested.as_ref()));
                return seed
                    .deserialize(field.as_str().into_deserializer())
                    .map(Some);
            }
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let (value, names) = self
            .pending
            .take()
            .ok_or_else(|| Error("a value was asked for before its key".into()))?;
        seed.deserialize(self.parent.nested(value, names))
    }
}

/// The items of a dict, as map entries.
struct DictAccess<'a, 'b, 'py> {
    entries: std::vec::IntoIter<(Bound<'py, PyAny>, Bound<'py, PyAny>)>,
    pending: Option<Bound<'py, PyAny>>,
    parent: &'b PyDeserializer<'a, 'py>,
}

impl<'de> MapAccess<'de> for DictAccess<'_, '_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.pending = Some(value);
        let key = match key.cast::<PyString>() {
            Ok(s) => s.to_cow()?.into_owned(),
            Err(_) => key.str()?.to_cow()?.into_owned(),
        };
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let value = self
            .pending
            .take()
            .ok_or_else(|| Error("a value was asked for before its key".into()))?;
        seed.deserialize(self.parent.nested(value, None))
    }
}

/// The items of a list or tuple.
struct ListAccess<'a, 'b, 'py> {
    items: std::vec::IntoIter<Bound<'py, PyAny>>,
    parent: &'b PyDeserializer<'a, 'py>,
}

impl<'de> SeqAccess<'de> for ListAccess<'_, '_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.items.next() {
            // The rows of a relationship are read as the relationship's objects.
            Some(item) => seed
                .deserialize(self.parent.nested(item, self.parent.names))
                .map(Some),
            None => Ok(None),
        }
    }
}
