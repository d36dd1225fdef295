//! IRIS's stored configuration of a module (`module_config`) read as it is, whatever its damage:
//! one entry per parameter name, and everything that cannot stay in place (a nameless entry, a
//! second value of the same name, a whole configuration that is not a list) kept as a copy under
//! a name of its own, each problem said by parameter name and never with a value.

use super::value::json_type;
use serde_json::{Map, Value, json};
use std::collections::HashSet;

/// The section IRIS shows the copies of replaced stored values under. It starts as the retired
/// section does ("No longer used"), so that later upgrades keep the copies as they are.
pub fn replaced_section(stored_version: &str) -> String {
    format!("No longer used: replaced values (kept from version {stored_version})")
}

/// What is wrong in a stored configuration, as the module's log says it: names, never values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The parameter, when the problem is one parameter's.
    pub param: Option<String>,
    /// What is wrong and what was done, in words.
    pub message: String,
}

/// A stored configuration, read.
pub(crate) struct Stored {
    /// One entry per parameter name, in the order the names first appear.
    pub entries: Vec<(String, Map<String, Value>)>,
    /// The copies of what could not stay in place, as entries to store.
    pub copies: Vec<Value>,
    /// What was wrong.
    pub problems: Vec<Problem>,
    /// Every name in use (stored, declared, copies), so that a copy's name is new.
    taken: HashSet<String>,
    section: String,
}

/// Reads `stored` (IRIS's `module_config`, stored by `stored_version`); `declared` are this
/// version's entries (their names are taken, their types say which values are secret).
pub(crate) fn read(stored: &Value, declared: &[Value], stored_version: &str) -> Stored {
    let mut out = Stored {
        entries: Vec::new(),
        copies: Vec::new(),
        problems: Vec::new(),
        taken: declared
            .iter()
            .filter_map(name_of)
            .map(str::to_owned)
            .collect(),
        section: replaced_section(stored_version),
    };
    let listed = out.list(stored, true);
    out.taken
        .extend(listed.iter().filter_map(name_of).map(str::to_owned));
    let mut by_name: Vec<(String, Vec<Map<String, Value>>)> = Vec::new();
    for (index, item) in listed.into_iter().enumerate() {
        let position = index + 1;
        match item {
            Value::Object(entry) if name_of_map(&entry).is_some() => {
                let name = name_of_map(&entry).unwrap_or_default().to_owned();
                match by_name.iter_mut().find(|(known, _)| *known == name) {
                    Some((_, group)) => group.push(entry),
                    None => by_name.push((name, vec![entry])),
                }
            }
            Value::Null => out.problem(None, format!("entry {position} of the stored configuration is null: dropped")),
            Value::Object(entry) => match entry.get("value").filter(|value| !value.is_null()) {
                Some(value) => {
                    let kind = entry.get("type").and_then(Value::as_str);
                    let sensitive = kind.is_none_or(|kind| kind == "sensitive_string");
                    let why = format!("entry {position} of the stored configuration has no parameter name");
                    let copy = out.copy(&format!("nameless entry {position}"), value.clone(), sensitive, kind, &why);
                    out.problem(None, format!("{why}: its value is kept as `{copy}`"));
                }
                None => out.problem(
                    None,
                    format!("entry {position} of the stored configuration has no parameter name and no value: dropped"),
                ),
            },
            other => {
                let why = format!(
                    "entry {position} of the stored configuration is {}, not an entry",
                    json_type(&other)
                );
                let copy = out.copy(&format!("nameless entry {position}"), other, true, None, &why);
                out.problem(None, format!("{why}: kept as `{copy}`"));
            }
        }
    }
    for (name, group) in by_name {
        let entry = out.one_of(&name, group, declared);
        out.entries.push((name, entry));
    }
    out
}

impl Stored {
    /// The entry stored for `name`, taken out (so that what remains is not declared).
    pub fn take(&mut self, name: &str) -> Option<Map<String, Value>> {
        let index = self.entries.iter().position(|(known, _)| known == name)?;
        Some(self.entries.remove(index).1)
    }

    /// Keeps `value` as a copy named after `base` (a new name), with `why` as its description;
    /// returns its name. A secret's copy is a secret (IRIS masks it).
    pub fn copy(
        &mut self,
        base: &str,
        value: Value,
        sensitive: bool,
        kind: Option<&str>,
        why: &str,
    ) -> String {
        let mut name = base.to_owned();
        let mut counter = 1;
        while self.taken.contains(&name) {
            counter += 1;
            name = format!("{base} {counter}");
        }
        self.taken.insert(name.clone());
        let kind = if sensitive {
            "sensitive_string"
        } else {
            kind.unwrap_or("string")
        };
        self.copies.push(json!({
            "param_name": name, "param_human_name": name, "param_description": why,
            "default": null, "mandatory": false, "type": kind, "section": self.section,
            "value": value,
        }));
        name
    }

    /// Records a problem.
    pub fn problem(&mut self, param: Option<&str>, message: String) {
        self.problems.push(Problem {
            param: param.map(str::to_owned),
            message,
        });
    }

    /// The list of entries `stored` holds, whatever its shape; `text_too`: JSON text is read.
    fn list(&mut self, stored: &Value, text_too: bool) -> Vec<Value> {
        let whole = "the stored configuration";
        match stored {
            Value::Array(entries) => entries.clone(),
            Value::Object(entry) if entry.contains_key("param_name") => {
                self.problem(
                    None,
                    format!("{whole} is one entry, not a list of entries: read as a list of one"),
                );
                vec![stored.clone()]
            }
            Value::Object(values) => {
                self.problem(None, format!("{whole} is an object of values, not a list of entries: its values are read by parameter name"));
                values
                    .iter()
                    .map(|(name, value)| json!({"param_name": name, "value": value}))
                    .collect()
            }
            Value::String(text)
                if text_too
                    && let Ok(parsed @ (Value::Array(_) | Value::Object(_))) =
                        serde_json::from_str::<Value>(text) =>
            {
                self.problem(
                    None,
                    format!("{whole} is JSON text, not a list of entries: read from the text"),
                );
                self.list(&parsed, false)
            }
            Value::Null => {
                self.problem(
                    None,
                    format!("{whole} is null: every parameter takes its default"),
                );
                Vec::new()
            }
            other => {
                let why = format!("{whole} is {}, not a list of entries", json_type(other));
                let copy = self.copy("stored configuration", other.clone(), true, None, &why);
                self.problem(None, format!("{why}: every parameter takes its default, and what was stored is kept as `{copy}`"));
                Vec::new()
            }
        }
    }

    /// One entry of the entries stored under `name`: the last with a value (the one the module
    /// read: IRIS's interface builds its dict in list order), each other value kept as a copy.
    fn one_of(
        &mut self,
        name: &str,
        mut group: Vec<Map<String, Value>>,
        declared: &[Value],
    ) -> Map<String, Value> {
        let value_of = |entry: &Map<String, Value>| {
            entry.get("value").filter(|value| !value.is_null()).cloned()
        };
        let chosen = group
            .iter()
            .rposition(|entry| value_of(entry).is_some())
            .unwrap_or(group.len() - 1);
        let count = group.len();
        let entry = group.remove(chosen);
        if count == 1 {
            return entry;
        }
        let kept = value_of(&entry);
        let declared_kind = declared
            .iter()
            .find(|declared| name_of(declared) == Some(name))
            .and_then(|declared| declared.get("type"))
            .and_then(Value::as_str);
        let mut seen = vec![kept.clone()];
        let mut copies = Vec::new();
        for other in group {
            let value = value_of(&other);
            if value.is_none() || seen.contains(&value) {
                continue;
            }
            seen.push(value.clone());
            let kind = other.get("type").and_then(Value::as_str);
            let sensitive = [
                declared_kind,
                kind,
                entry.get("type").and_then(Value::as_str),
            ]
            .contains(&Some("sensitive_string"));
            let why =
                format!("`{name}` was stored {count} times with different values: another of them");
            copies.push(self.copy(
                &format!("{name} (replaced)"),
                value.unwrap_or_default(),
                sensitive,
                kind,
                &why,
            ));
        }
        let message = if copies.is_empty() {
            format!("`{name}` is stored {count} times with the same value: kept once")
        } else {
            format!(
                "`{name}` is stored {count} times with different values: the last one (which the module read) is kept, the other(s) as {}",
                copies
                    .iter()
                    .map(|copy| format!("`{copy}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        self.problem(Some(name), message);
        entry
    }
}

/// An entry with the keys IRIS's pages read (a value kept from a damaged list may lack them);
/// an entry of no known type is shown as a secret.
pub(crate) fn completed(name: &str, mut entry: Map<String, Value>) -> Map<String, Value> {
    for (key, value) in [
        ("param_human_name", json!(name)),
        ("param_description", json!("")),
        ("default", Value::Null),
        ("type", json!("sensitive_string")),
    ] {
        entry.entry(key).or_insert(value);
    }
    entry
}

/// An entry's parameter name, when it has one (a string that is not empty).
pub(crate) fn name_of(entry: &Value) -> Option<&str> {
    entry.as_object().and_then(name_of_map)
}

fn name_of_map(entry: &Map<String, Value>) -> Option<&str> {
    entry
        .get("param_name")
        .and_then(Value::as_str)
        .filter(|name| !name.is_empty())
}
