//! What a call adds, as the stores receive it: one operation per new object, in IRIS's column
//! names, with the fields that make two objects the same one.

use crate::redact::Redactor;
use serde::Serialize;
use serde_json::{Map, Value};

/// The kinds of objects a module can add to a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ObjectKind {
    /// An IOC (IRIS stores it once, and links it to each case).
    Ioc,
    /// An asset.
    Asset,
    /// A timeline event.
    Event,
    /// A note, in a note directory.
    Note,
    /// A task.
    Task,
    /// A comment on one of the others.
    Comment,
}

impl ObjectKind {
    /// Every kind.
    pub const ALL: [ObjectKind; 6] = [
        ObjectKind::Ioc,
        ObjectKind::Asset,
        ObjectKind::Event,
        ObjectKind::Note,
        ObjectKind::Task,
        ObjectKind::Comment,
    ];

    /// IRIS's name of the kind, as its hooks (`on_postload_ioc_commented`) and the stores spell
    /// it: the kind's serialized form.
    pub fn iris_name(self) -> &'static str {
        match self {
            ObjectKind::Ioc => "ioc",
            ObjectKind::Asset => "asset",
            ObjectKind::Event => "event",
            ObjectKind::Note => "note",
            ObjectKind::Task => "task",
            ObjectKind::Comment => "comment",
        }
    }

    /// The kind IRIS names `name`.
    pub fn from_iris_name(name: &str) -> Option<ObjectKind> {
        ObjectKind::ALL
            .into_iter()
            .find(|kind| kind.iris_name() == name)
    }

    /// How messages name the kind.
    pub fn label(self) -> &'static str {
        match self {
            ObjectKind::Ioc => "IOC",
            ObjectKind::Asset => "asset",
            ObjectKind::Event => "timeline event",
            ObjectKind::Note => "note",
            ObjectKind::Task => "task",
            ObjectKind::Comment => "comment",
        }
    }
}

/// One object to add.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Op {
    /// Its kind.
    pub kind: ObjectKind,
    /// The case it goes to.
    pub case_id: i64,
    /// Its columns, by IRIS's column names (`ioc_value`, `event_title`...); dates are UTC, as
    /// `YYYY-MM-DDTHH:MM:SS.ffffff`.
    pub fields: Map<String, Value>,
    /// What it is linked to: `category_id`, `assets`, `iocs` (lists of [`super::Target`]),
    /// `directory` (a note directory's name), `target` (a comment's object).
    pub links: Map<String, Value>,
    /// The names, among `fields` and `links`, whose values identify the object: an object of
    /// the same kind in the same case with the same values is the same object.
    pub key: &'static [&'static str],
    /// The postload hook IRIS fires for an object an analyst adds this way (other modules are
    /// called with it; the module that added it is not).
    pub hook: String,
    /// The line of the case's activity trail, as IRIS words it (`added ioc "evil.example"`); in a
    /// comment's, the store puts the commented object's name in place of `{target}`.
    pub activity: String,
}

impl Op {
    /// Removes `redactor`'s secrets from every text of the object (its columns, its note
    /// directory, its line in the activity trail); returns how many held one.
    pub(crate) fn redact(&mut self, redactor: &Redactor) -> usize {
        if !redactor.has_secrets() {
            return 0;
        }
        let mut found = self
            .fields
            .values_mut()
            .map(|value| redactor.redact_value(value))
            .filter(|&found| found)
            .count();
        if let Some(directory) = self.links.get_mut("directory")
            && redactor.redact_value(directory)
        {
            found += 1;
        }
        if let std::borrow::Cow::Owned(clean) = redactor.redact_secrets(&self.activity) {
            self.activity = clean;
            found += 1;
        }
        found
    }

    /// The identifying values, by name.
    pub fn key_values(&self) -> Map<String, Value> {
        self.key
            .iter()
            .map(|name| {
                let value = self
                    .fields
                    .get(*name)
                    .or_else(|| self.links.get(*name))
                    .cloned()
                    .unwrap_or(Value::Null);
                ((*name).to_owned(), value)
            })
            .collect()
    }

    /// What makes the object itself: the SHA-256 of its kind, case and identifying values (which
    /// may hold a whole raw record). Two ops with the same identity are the same object.
    pub fn identity(&self) -> String {
        use sha2::Digest;
        let text = serde_json::json!([self.kind, self.case_id, self.key_values()]).to_string();
        hex::encode(sha2::Sha256::digest(text.as_bytes()))
    }
}

/// Everything a call adds, applied at its end in one transaction.
#[derive(Clone, Debug, Serialize)]
pub struct Plan<'a> {
    /// The module adding (IRIS's `module_name`): IRIS's hooks for the new objects skip it.
    pub module: &'a str,
    /// The acting user (who triggered the hook or pipeline), when the caller knows it.
    pub user_id: Option<i64>,
    /// The objects, in the order they were added; a link to the `n`th is `{"new": n}`.
    pub ops: &'a [Op],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iris_names_are_the_serialized_kinds() {
        for kind in ObjectKind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.iris_name());
            assert_eq!(ObjectKind::from_iris_name(kind.iris_name()), Some(kind));
        }
        assert_eq!(ObjectKind::from_iris_name("alert"), None);
    }
}
