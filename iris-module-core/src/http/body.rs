//! What a request sends: bytes, JSON, a multipart form, or a file streamed from disk.

use std::path::Path;
use ureq::unversioned::multipart::{Form, Part};

/// The body of a request.
#[derive(Debug)]
#[non_exhaustive]
pub enum RequestBody<'a> {
    /// No body.
    Empty,
    /// These bytes, with the `Content-Type` the caller's headers give.
    Bytes(&'a [u8]),
    /// A JSON document, sent with `Content-Type: application/json`.
    Json(Vec<u8>),
    /// A `multipart/form-data` form, sent with its `Content-Type` and boundary.
    Multipart(Multipart<'a>),
    /// A file, read as it is sent (never whole in memory), with the `Content-Type` the caller's
    /// headers give.
    File(&'a Path),
}

impl<'a> RequestBody<'a> {
    /// `value` as JSON.
    pub fn json(value: &impl serde::Serialize) -> Result<Self, serde_json::Error> {
        serde_json::to_vec(value).map(RequestBody::Json)
    }
}

/// A `multipart/form-data` form: text fields and files, in order.
#[derive(Debug, Default)]
pub struct Multipart<'a> {
    parts: Vec<(&'a str, Field<'a>)>,
}

#[derive(Debug)]
enum Field<'a> {
    Text(&'a str),
    Bytes {
        bytes: &'a [u8],
        file_name: &'a str,
        mime: &'a str,
    },
    File(&'a Path),
}

impl<'a> Multipart<'a> {
    /// An empty form.
    pub fn new() -> Self {
        Multipart::default()
    }

    /// Adds the text field `name`.
    pub fn text(mut self, name: &'a str, value: &'a str) -> Self {
        self.parts.push((name, Field::Text(value)));
        self
    }

    /// Adds `bytes` as the file `file_name` of type `mime` under `name`.
    pub fn bytes(
        mut self,
        name: &'a str,
        file_name: &'a str,
        mime: &'a str,
        bytes: &'a [u8],
    ) -> Self {
        self.parts.push((
            name,
            Field::Bytes {
                bytes,
                file_name,
                mime,
            },
        ));
        self
    }

    /// Adds the file at `path` under `name` (its name and a type guessed from it), read as the
    /// form is sent.
    pub fn file(mut self, name: &'a str, path: &'a Path) -> Self {
        self.parts.push((name, Field::File(path)));
        self
    }

    /// The form as ureq sends it; an error names a file that cannot be opened or a bad type.
    pub(super) fn form(&self) -> Result<Form<'a>, String> {
        let mut form = Form::new();
        for &(name, ref field) in &self.parts {
            form = match field {
                Field::Text(value) => form.text(name, value),
                Field::Bytes {
                    bytes,
                    file_name,
                    mime,
                } => {
                    let part = Part::bytes(bytes)
                        .file_name(file_name)
                        .mime_str(mime)
                        .map_err(|error| format!("form field `{name}`: {error}"))?;
                    form.part(name, part)
                }
                Field::File(path) => form.file(name, path).map_err(|error| {
                    format!("form field `{name}` ({}): {error}", path.display())
                })?,
            };
        }
        Ok(form)
    }
}
