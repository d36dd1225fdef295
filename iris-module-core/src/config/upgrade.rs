//! Upgrade in place: bringing the configuration IRIS stored for an older version of a module up
//! to the parameters of this version, without losing a stored value.
//!
//! IRIS stores a module's configuration list once, when the module is added, and its
//! set-parameter only accepts names found in that stored list. After a newer version is installed
//! over an existing registration, the module itself brings the list up to date:
//! - each parameter of this version gets its stored value if it had one (secrets included), else
//!   its default, as IRIS presets it when a module is added;
//! - the entries' descriptions, types and sections are this version's;
//! - a stored parameter that this version no longer declares is kept, value and all, in a section
//!   that says so (IRIS shows it; nothing is lost), and reported by name.
//!
//! A damaged stored configuration loses nothing either ([`super::stored`] reads it): a name
//! stored twice keeps the value the module read (the last) and the other as a copy; a nameless
//! entry's value is kept as a copy; a `module_config` that is an object of values, one entry or
//! JSON text is read as such, and one that cannot be read (other text, a number) is kept whole as
//! a copy. On an upgrade, a stored value the module cannot read (`"ten percent"` for a float) is
//! replaced by its default and kept as a copy, except a secret's, which stays as stored. Copies
//! go to the section [`replaced_section`] (secrets' copies are `sensitive_string`), and each
//! problem is reported by parameter name, never with a value.

use super::error::ConfigError;
use super::source::ModuleConfig;
use super::stored::{self, completed, name_of};
use serde_json::{Map, Value, json};

pub use super::stored::{Problem, replaced_section};

/// The section IRIS shows a stored parameter under once this version no longer uses it.
pub fn retired_section(stored_version: &str) -> String {
    format!("No longer used (kept from version {stored_version})")
}

/// How the module reads a configuration (its `from_config`): every parameter it cannot read.
pub type Check<'a> = &'a dyn Fn(&ModuleConfig) -> Result<(), ConfigError>;

/// The outcome of [`reconcile`]: the list to store, and what changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Reconciled {
    /// The configuration list to store.
    pub entries: Vec<Value>,
    /// Parameters of this version that the stored list lacked (now stored with their default).
    pub added: Vec<String>,
    /// Stored parameters that this version no longer declares (kept, in the retired section).
    pub retired: Vec<String>,
    /// How many stored values were carried over to parameters of this version.
    pub kept: usize,
    /// What was wrong in the stored configuration, and what was done about it.
    pub problems: Vec<Problem>,
}

impl Reconciled {
    /// What the module's log says about the upgrade of `module` from version `from` to `to`:
    /// parameter names only, never values.
    pub fn summary(&self, module: &str, from: &str, to: &str) -> String {
        let names = |names: &[String]| {
            names
                .iter()
                .map(|name| format!("`{name}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut message = format!(
            "{module}: stored configuration brought from version {from} to {to}: {} stored value(s) kept",
            self.kept
        );
        if !self.added.is_empty() {
            message.push_str(&format!(
                "; new parameter(s) {} stored with their defaults",
                names(&self.added)
            ));
        }
        if !self.retired.is_empty() {
            message.push_str(&format!(
                "; no longer used: {} (kept, values included, in the section \"{}\")",
                names(&self.retired),
                retired_section(from)
            ));
        }
        if !self.problems.is_empty() {
            message.push_str(&format!(
                "; {} problem(s) in the stored configuration (copies in the section \"{}\"): {}",
                self.problems.len(),
                replaced_section(from),
                self.problems
                    .iter()
                    .map(|problem| problem.message.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ));
        }
        message
    }

    /// Whether the stored configuration must be replaced.
    pub fn differs_from(&self, stored: &Value) -> bool {
        stored.as_array() != Some(&self.entries)
    }
}

/// Merges the `stored` configuration (IRIS's `module_config`, whatever its shape) with the
/// `declared` entries of this version (`ModuleInfo::iris_configuration`). `stored_version`
/// names the version that stored it. `check` is the module's reading, given on an upgrade (a
/// version change): a stored value it cannot read is replaced by its default, except a secret's.
pub fn reconcile(
    stored: &Value,
    declared: &[Value],
    stored_version: &str,
    check: Option<Check<'_>>,
) -> Reconciled {
    let mut read = stored::read(stored, declared, stored_version);
    let mut outcome = Reconciled {
        entries: Vec::with_capacity(declared.len()),
        added: Vec::new(),
        retired: Vec::new(),
        kept: 0,
        problems: Vec::new(),
    };
    let mut kept_names = Vec::new();
    for entry in declared {
        let mut entry = entry.as_object().cloned().unwrap_or_default();
        let name = name_of_map(&entry);
        let stored = read.take(&name);
        match stored.as_ref().and_then(|stored| stored.get("value")) {
            Some(value) => {
                entry.insert("value".into(), value.clone());
                outcome.kept += 1;
                kept_names.push(name.clone());
            }
            // As IRIS presets a module's list when it is added: `value = default`.
            None => preset(&mut entry),
        }
        if stored.is_none() {
            outcome.added.push(name);
        }
        outcome.entries.push(Value::Object(entry));
    }
    for (name, entry) in std::mem::take(&mut read.entries) {
        let mut entry = completed(&name, entry);
        let already_retired = entry
            .get("section")
            .and_then(Value::as_str)
            .is_some_and(|section| section.starts_with("No longer used"));
        if !already_retired {
            entry.insert("section".into(), json!(retired_section(stored_version)));
        }
        // A value this version never reads must not keep IRIS from calling it configured.
        entry.insert("mandatory".into(), json!(false));
        outcome.retired.push(name);
        outcome.entries.push(Value::Object(entry));
    }
    if let Some(check) = check {
        replace_unreadable(&mut outcome, &mut read, &kept_names, check);
    }
    outcome.entries.append(&mut read.copies);
    outcome.problems = read.problems;
    outcome
}

/// `entry`'s value set to its default, as IRIS presets it (none when the default is null).
fn preset(entry: &mut Map<String, Value>) {
    entry.remove("value");
    if let Some(default) = entry.get("default").filter(|value| !value.is_null()) {
        let default = default.clone();
        entry.insert("value".into(), default);
    }
}

/// Replaces each kept stored value (`kept_names`) that `check` cannot read by its default, the
/// stored value kept as a copy; a secret's stored value is kept in place and reported.
fn replace_unreadable(
    outcome: &mut Reconciled,
    read: &mut stored::Stored,
    kept_names: &[String],
    check: Check<'_>,
) {
    let mut handled: Vec<String> = Vec::new();
    loop {
        let Ok(config) = ModuleConfig::from_json(&Value::Array(outcome.entries.clone())) else {
            return;
        };
        let Err(error) = check(&config) else {
            return;
        };
        let mut changed = false;
        for param in error.problems {
            let name = param.param;
            if handled.contains(&name) || !kept_names.contains(&name) {
                continue;
            }
            let Some(Value::Object(entry)) = outcome
                .entries
                .iter_mut()
                .find(|entry| name_of(entry) == Some(name.as_str()))
            else {
                continue;
            };
            let Some(value) = entry.get("value").cloned() else {
                continue;
            };
            // No value is not a wrong value: IRIS says a mandatory one is missing.
            if value.is_null() || value == json!("") {
                continue;
            }
            handled.push(name.clone());
            let kind = entry
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or("string")
                .to_owned();
            let why = format!(
                "`{name}`: the stored value ({}) cannot be read as this version's `{kind}`",
                super::value::json_type(&value)
            );
            if kind == "sensitive_string" {
                read.problem(
                    Some(&name),
                    format!("{why}: kept as stored (a secret is never replaced by a default); set it again"),
                );
                continue;
            }
            preset(entry);
            let instead = if entry.contains_key("value") {
                "replaced by its default"
            } else {
                "left without a value"
            };
            let copy = read.copy(
                &format!("{name} (replaced)"),
                value,
                false,
                Some(&kind),
                &why,
            );
            read.problem(
                Some(&name),
                format!("{why}: {instead}, the stored value kept as `{copy}`"),
            );
            outcome.kept -= 1;
            changed = true;
        }
        if !changed {
            return;
        }
    }
}

/// A declared entry's name (empty if it has none).
fn name_of_map(entry: &Map<String, Value>) -> String {
    entry
        .get("param_name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

#[cfg(test)]
mod damaged;

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, default: Value, value: Option<Value>) -> Value {
        let mut entry = json!({
            "param_name": name, "param_human_name": name, "param_description": format!("{name} v"),
            "default": default, "mandatory": true, "type": "string",
        });
        if let Some(value) = value {
            entry["value"] = value;
        }
        entry
    }

    #[test]
    fn stored_values_are_kept_new_parameters_get_their_default_and_retired_ones_stay() {
        let stored = vec![
            entry("api_key", Value::Null, Some(json!("s3cret"))),
            entry("old_param", json!("x"), Some(json!("custom"))),
        ];
        let mut described = entry("api_key", Value::Null, None);
        described["param_description"] = json!("the new description");
        let declared = vec![described, entry("pace", json!(4), None)];
        let out = reconcile(&json!(stored), &declared, "0.1.0", None);
        assert_eq!(out.added, ["pace"]);
        assert_eq!(out.retired, ["old_param"]);
        assert_eq!(out.kept, 1);
        assert_eq!(out.entries[0]["value"], "s3cret");
        assert_eq!(out.entries[0]["param_description"], "the new description");
        assert_eq!(out.entries[1]["value"], 4);
        assert_eq!(out.entries[2]["value"], "custom");
        assert_eq!(out.entries[2]["mandatory"], false);
        assert_eq!(
            out.entries[2]["section"],
            "No longer used (kept from version 0.1.0)"
        );
        assert!(out.differs_from(&json!(stored)));
        let summary = out.summary("IrisVT", "0.1.0", "0.2.0");
        assert_eq!(
            summary,
            "IrisVT: stored configuration brought from version 0.1.0 to 0.2.0: 1 stored value(s) \
             kept; new parameter(s) `pace` stored with their defaults; no longer used: `old_param` \
             (kept, values included, in the section \"No longer used (kept from version 0.1.0)\")"
        );
        assert!(!summary.contains("s3cret") && !summary.contains("custom"));
    }

    #[test]
    fn an_up_to_date_list_is_left_as_it_is() {
        let declared = vec![entry("a", json!(1), None), entry("b", Value::Null, None)];
        let stored = vec![
            entry("a", json!(1), Some(json!(7))),
            entry("b", Value::Null, None),
        ];
        let out = reconcile(&json!(stored), &declared, "1.0.0", None);
        assert!(!out.differs_from(&json!(stored)), "{:?}", out.entries);
        assert!(out.added.is_empty() && out.retired.is_empty());
    }

    #[test]
    fn a_retired_parameter_keeps_its_first_section_and_comes_back_with_its_value() {
        let declared = vec![entry("a", json!(1), None)];
        let stored = vec![
            entry("a", json!(1), Some(json!(2))),
            entry("gone", json!(0), Some(json!(9))),
        ];
        let once = reconcile(&json!(stored), &declared, "1.0.0", None);
        let twice = reconcile(&json!(once.entries), &declared, "2.0.0", None);
        assert!(!twice.differs_from(&json!(once.entries)));
        let back = reconcile(
            &json!(twice.entries),
            &[entry("a", json!(1), None), entry("gone", json!(0), None)],
            "3.0.0",
            None,
        );
        assert_eq!(back.entries[1]["value"], 9);
        assert!(back.retired.is_empty());
    }
}
