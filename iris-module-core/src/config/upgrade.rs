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

use serde_json::{Map, Value, json};

/// The section IRIS shows a stored parameter under once this version no longer uses it.
pub fn retired_section(stored_version: &str) -> String {
    format!("No longer used (kept from version {stored_version})")
}

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
        message
    }

    /// Whether the stored list must be replaced.
    pub fn differs_from(&self, stored: &[Value]) -> bool {
        self.entries.as_slice() != stored
    }
}

/// Merges the `stored` list (IRIS's `module_config`) with the `declared` entries of this version
/// (`ModuleInfo::iris_configuration`). `stored_version` names the version that stored it.
pub fn reconcile(stored: &[Value], declared: &[Value], stored_version: &str) -> Reconciled {
    let name_of = |entry: &Value| {
        entry
            .get("param_name")
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let stored_entry = |name: &str| {
        stored
            .iter()
            .find(|entry| name_of(entry).as_deref() == Some(name))
    };
    let mut outcome = Reconciled {
        entries: Vec::with_capacity(declared.len()),
        added: Vec::new(),
        retired: Vec::new(),
        kept: 0,
    };
    for entry in declared {
        let mut entry = entry.as_object().cloned().unwrap_or_default();
        let name = entry
            .get("param_name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let stored = stored_entry(&name);
        match stored.and_then(|stored| stored.get("value")) {
            Some(value) => {
                entry.insert("value".into(), value.clone());
                outcome.kept += 1;
            }
            // As IRIS presets a module's list when it is added: `value = default`.
            None => {
                if let Some(default) = entry.get("default").filter(|value| !value.is_null()) {
                    let default = default.clone();
                    entry.insert("value".into(), default);
                }
            }
        }
        if stored.is_none() {
            outcome.added.push(name);
        }
        outcome.entries.push(Value::Object(entry));
    }
    let declared_names: Vec<Option<String>> = declared.iter().map(name_of).collect();
    for entry in stored {
        let name = name_of(entry);
        if declared_names.contains(&name) {
            continue;
        }
        let mut entry: Map<String, Value> = entry.as_object().cloned().unwrap_or_default();
        let already_retired = entry
            .get("section")
            .and_then(Value::as_str)
            .is_some_and(|section| section.starts_with("No longer used"));
        if !already_retired {
            entry.insert("section".into(), json!(retired_section(stored_version)));
        }
        // A value this version never reads must not keep IRIS from calling it configured.
        entry.insert("mandatory".into(), json!(false));
        outcome.retired.push(name.unwrap_or_default());
        outcome.entries.push(Value::Object(entry));
    }
    outcome
}

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
        let out = reconcile(&stored, &declared, "0.1.0");
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
        assert!(out.differs_from(&stored));
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
        let out = reconcile(&stored, &declared, "1.0.0");
        assert!(!out.differs_from(&stored), "{:?}", out.entries);
        assert!(out.added.is_empty() && out.retired.is_empty());
    }

    #[test]
    fn a_retired_parameter_keeps_its_first_section_and_comes_back_with_its_value() {
        let declared = vec![entry("a", json!(1), None)];
        let stored = vec![
            entry("a", json!(1), Some(json!(2))),
            entry("gone", json!(0), Some(json!(9))),
        ];
        let once = reconcile(&stored, &declared, "1.0.0");
        let twice = reconcile(&once.entries, &declared, "2.0.0");
        assert!(!twice.differs_from(&once.entries));
        let back = reconcile(
            &twice.entries,
            &[entry("a", json!(1), None), entry("gone", json!(0), None)],
            "3.0.0",
        );
        assert_eq!(back.entries[1]["value"], 9);
        assert!(back.retired.is_empty());
    }
}
