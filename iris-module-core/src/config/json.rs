//! `Json<T>`: a `textfield_json` parameter parsed into a typed value.

use super::entries::locate;
use super::error::ValueError;
use super::notes::{noted, pass_on};
use super::param::ParamKind;
use super::value::ConfigValue;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::ops::{Deref, DerefMut};

/// A `textfield_json` parameter read into `T` (IRIS stores the editor text; a malformed document
/// is a configuration error naming the parameter, not a crash in the hook).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Json<T>(pub T);

impl<T> Deref for Json<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for Json<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

#[diagnostic::do_not_recommend]
impl<T: DeserializeOwned> ConfigValue for Json<T> {
    const KIND: ParamKind = ParamKind::TextfieldJson;

    fn from_config(raw: &Value) -> Result<Self, ValueError> {
        let parsed;
        let document = match raw {
            Value::String(text) => {
                parsed = serde_json::from_str::<Value>(text)
                    .map_err(|error| ValueError::NotTheShape(error.to_string()))?;
                &parsed
            }
            other => other,
        };
        let (read, mut notes) = noted(|| T::deserialize(document));
        // Entries left out of `Entries` lists are placed in the document (`webhooks[1]`); the
        // first hundred, which is more than anyone reads.
        for (index, problem) in notes.left_out.iter_mut().enumerate().take(100) {
            if let Some(path) = locate::<T>(document, index) {
                problem.path = path;
            }
        }
        pass_on(notes);
        read.map(Json)
            .map_err(|error| ValueError::NotTheShape(error.to_string()))
    }
}
