//! `Entries<T>`: a list inside a `Json<T>` parameter whose malformed entries are left out, each
//! named with its path, instead of failing the whole configuration (IRIS issue #703: one bad
//! webhook in hand-edited JSON, and none registered).

use super::entry_problem::EntryProblem;
use super::notes::note_left_out;
use serde::de::{self, DeserializeOwned, DeserializeSeed, SeqAccess, Visitor};
use serde_json::Value;
use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;

/// A list of `T` in a configuration document, keeping the entries that have `T`'s shape.
///
/// Each malformed entry is left out and named (`webhooks[1] "broken-one": request_url is
/// missing`) in the statuses of the module's calls and in IRIS's log, where the administrator who
/// edited the document looks; the others are used. A document that is not a list at all is still
/// a configuration error.
///
/// ```
/// use iris_module_core::config::{Entries, Json, ConfigValue, noted};
/// use serde::Deserialize;
///
/// #[derive(Deserialize)]
/// struct Hooks {
///     webhooks: Entries<Webhook>,
/// }
/// #[derive(Deserialize)]
/// struct Webhook {
///     name: String,
///     request_url: String,
/// }
///
/// let text = r#"{"webhooks": [
///     {"name": "ok", "request_url": "https://hooks.example/a"},
///     {"name": "broken-one"}
/// ]}"#;
/// let (parsed, notes) = noted(|| Json::<Hooks>::from_config(&text.into()));
/// let hooks = parsed.unwrap();
/// assert_eq!(hooks.webhooks.len(), 1);
/// assert_eq!(
///     notes.left_out[0].to_string(),
///     r#"webhooks[1] "broken-one": request_url is missing"#
/// );
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Entries<T>(Vec<T>);

impl<T> Default for Entries<T> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

impl<T> Deref for Entries<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<T> From<Vec<T>> for Entries<T> {
    fn from(items: Vec<T>) -> Self {
        Entries(items)
    }
}

impl<T> Entries<T> {
    /// The entries, as a `Vec`.
    pub fn into_vec(self) -> Vec<T> {
        self.0
    }
}

impl<'a, T> IntoIterator for &'a Entries<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

thread_local! {
    /// While a document's reader looks for where problem `target` is: `(target, problems seen)`.
    static LOCATING: Cell<Option<(usize, usize)>> = const { Cell::new(None) };
}

/// The mark of the error raised at the problem being located.
const LOCATED: &str = "the entry being located";

/// Where the `target`-th entry left out while reading `document` as `T` is in it
/// (`webhooks[1]`), found by reading it again and stopping there; `None` if it cannot be found.
pub(crate) fn locate<T: DeserializeOwned>(document: &Value, target: usize) -> Option<String> {
    LOCATING.with(|locating| locating.set(Some((target, 0))));
    // A second reading notes the same secrets and problems again: its notes are dropped.
    let (result, _) = super::notes::noted(|| serde_path_to_error::deserialize::<_, T>(document));
    LOCATING.with(|locating| locating.set(None));
    match result {
        Err(error) if error.inner().to_string() == LOCATED => Some(error.path().to_string()),
        _ => None,
    }
}

impl<'de, T: DeserializeOwned> serde::Deserialize<'de> for Entries<T> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(EntriesVisitor(PhantomData))
    }
}

struct EntriesVisitor<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for EntriesVisitor<T> {
    type Value = Entries<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Entries<T>, A::Error> {
        let mut items = Vec::new();
        let mut index = 0;
        while let Some(entry) = seq.next_element_seed(EntrySeed::<T>(index, PhantomData))? {
            items.extend(entry);
            index += 1;
        }
        Ok(Entries(items))
    }
}

/// One entry: read as a JSON value first (so a malformed one does not stop the list), then as
/// `T`.
struct EntrySeed<T>(usize, PhantomData<T>);

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for EntrySeed<T> {
    type Value = Option<T>;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        let value = <Value as serde::Deserialize>::deserialize(deserializer)?;
        let reason = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(entry) => return Ok(Some(entry)),
            Err(error) => reason(&error),
        };
        if let Some((target, seen)) = LOCATING.with(Cell::get) {
            if seen == target {
                return Err(de::Error::custom(LOCATED));
            }
            LOCATING.with(|locating| locating.set(Some((target, seen + 1))));
            return Ok(None);
        }
        note_left_out(EntryProblem {
            param: None,
            path: format!("[{}]", self.0),
            name: entry_name(&value),
            reason,
        });
        Ok(None)
    }
}

/// Why an entry does not read, in the administrator's words: where inside the entry, and what
/// (serde's "missing field `x`" says "x is missing").
fn reason(error: &serde_path_to_error::Error<serde_json::Error>) -> String {
    let inner = error.inner().to_string();
    let what = match inner
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        Some(field) => format!("{field} is missing"),
        None => inner,
    };
    let path = error.path().to_string();
    if path == "." {
        what
    } else {
        format!("{path}: {what}")
    }
}

/// The entry's `name` (or `id`), to say which one it is.
fn entry_name(value: &Value) -> Option<String> {
    let name = value.get("name").or_else(|| value.get("id"))?;
    let text = match name {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        _ => return None,
    };
    Some(text.chars().take(80).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ConfigValue, Json, Secret, noted};
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)] // read by serde only
    struct Webhook {
        name: String,
        request_url: String,
        #[serde(default)]
        token: Option<Secret>,
        #[serde(default)]
        retries: u8,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)] // read by serde only
    struct Document {
        webhooks: Entries<Webhook>,
        #[serde(default)]
        backups: Entries<Webhook>,
    }

    #[test]
    fn keeps_the_good_entries_and_names_each_bad_one_with_its_path() {
        let document = json!({
            "webhooks": [
                {"name": "first", "request_url": "https://a.example"},
                {"name": "broken-one", "token": "tok-1"},
                {"name": "third", "request_url": "https://c.example", "retries": "many"},
                "not an object",
            ],
            "backups": [{"name": "b", "request_url": 4}],
        });
        let (parsed, notes) = noted(|| Json::<Document>::from_config(&document));
        let parsed = parsed.unwrap();
        assert_eq!(parsed.webhooks.len(), 1);
        assert_eq!(parsed.webhooks[0].request_url, "https://a.example");
        let mut problems: Vec<String> = notes.left_out.iter().map(ToString::to_string).collect();
        // In the document's order, which serde_json keeps with `preserve_order` only.
        problems.sort();
        assert_eq!(
            problems,
            [
                "backups[0] \"b\": request_url: invalid type: integer `4`, expected a string",
                "webhooks[1] \"broken-one\": request_url is missing",
                "webhooks[2] \"third\": retries: invalid type: string \"many\", expected u8",
                "webhooks[3]: invalid type: string \"not an object\", expected struct Webhook",
            ]
        );
        // The secret of the entry left out is still known, so that no text shows it.
        assert_eq!(notes.secrets, ["tok-1"]);
    }

    #[test]
    fn a_document_that_is_not_a_list_fails_the_parameter() {
        let (parsed, _) = noted(|| Json::<Document>::from_config(&json!({"webhooks": {}})));
        assert!(parsed.unwrap_err().to_string().contains("a list"));
    }

    #[test]
    fn outside_a_build_the_good_entries_are_still_read() {
        let entries: Entries<Webhook> =
            serde_json::from_value(json!([{"name": "x"}, {"name": "y", "request_url": "u"}]))
                .unwrap();
        assert_eq!(entries.len(), 1);
    }
}
