//! The fields a handler changed in IRIS's objects (tags, descriptions, custom attributes...),
//! with the call's secrets removed: a relay that echoes the module's key in a `whois` text must
//! not put it into the IOC IRIS stores. (What it adds to cases is cleaned as it is added:
//! [`crate::case::Op::redact`].)
//!
//! Only what the module wrote is touched: a field the handler left as IRIS passed it is written
//! back as it was (it is not written back at all).

use crate::diff::FieldChange;
use crate::payload::{HookPayload, PayloadError};
use crate::redact::Redactor;
use serde_json::Value;

/// The objects' changes held a secret and, cleaned, no longer read as the hook's objects.
#[derive(Debug, thiserror::Error)]
#[error(
    "the objects' changes held a secret of the module and could not be cleaned ({0}): none was \
     written back"
)]
pub(crate) struct Uncleanable(#[source] PayloadError);

/// Removes `redactor`'s secrets from the fields of `payload` that differ from `before`; returns
/// the changed fields that held one, as `(object index, field)`. If the objects cannot be
/// rebuilt from their cleaned JSON (never expected), they are put back as `before`, so that
/// nothing the handler wrote reaches IRIS uncleaned: the error says so.
pub(crate) fn scrub_payload(
    payload: &mut HookPayload,
    before: &HookPayload,
    redactor: &Redactor,
) -> Result<Vec<(usize, String)>, Uncleanable> {
    let mut found = Vec::new();
    let mut items: Option<Vec<Value>> = None;
    for index in 0..payload.len() {
        for change in payload.changes_since(before, index) {
            let FieldChange::Set(field, mut value) = change else {
                continue;
            };
            if !redactor.redact_value(&mut value) {
                continue;
            }
            let items = items.get_or_insert_with(|| payload.to_json());
            if let Some(Value::Object(object)) = items.get_mut(index) {
                object.insert(field.clone(), value);
            }
            found.push((index, field));
        }
    }
    let Some(items) = items else {
        return Ok(found);
    };
    match HookPayload::from_json(payload.kind(), items) {
        Ok(clean) => {
            *payload = clean;
            Ok(found)
        }
        Err(error) => {
            *payload = before.clone();
            Err(Uncleanable(error))
        }
    }
}
