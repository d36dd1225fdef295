//! IRIS's named lists that a module refers to by name (IOC types, asset types, TLPs, event
//! categories, task statuses), and the one rule that turns a name into IRIS's id.

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// One of IRIS's named lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Vocabulary {
    /// `ioc_type.type_name` (`domain`, `ip-dst`, `sha256`...).
    IocType,
    /// `assets_type.asset_name` (`Windows - Server`, `Account`...).
    AssetType,
    /// `tlp.tlp_name` (`red`, `amber`, `green`, `clear`, `amber+strict`).
    Tlp,
    /// `event_category.name` (`Defense Evasion`, `Persistence`...).
    EventCategory,
    /// `task_status.status_name` (`To do`, `In progress`...).
    TaskStatus,
}

impl Vocabulary {
    /// The list's name, as the stores and `iris_defaults.json` name it (its serialized form).
    pub fn name(self) -> &'static str {
        match self {
            Vocabulary::IocType => "ioc_type",
            Vocabulary::AssetType => "asset_type",
            Vocabulary::Tlp => "tlp",
            Vocabulary::EventCategory => "event_category",
            Vocabulary::TaskStatus => "task_status",
        }
    }

    /// How messages name the list.
    pub fn label(self) -> &'static str {
        match self {
            Vocabulary::IocType => "IOC type",
            Vocabulary::AssetType => "asset type",
            Vocabulary::Tlp => "TLP",
            Vocabulary::EventCategory => "event category",
            Vocabulary::TaskStatus => "task status",
        }
    }
}

/// One entry of a list: its id in IRIS, its name and, for IOC types, IRIS's validation pattern.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    /// The id in IRIS's table.
    pub id: i64,
    /// The name analysts see.
    pub name: String,
    /// IOC types: the pattern a value must match in full, ignoring case
    /// (`type_validation_regex`).
    #[serde(default)]
    pub pattern: Option<String>,
    /// IOC types: what the pattern expects, in words (`type_validation_expect`).
    #[serde(default)]
    pub expect: Option<String>,
}

/// IRIS's lists as its first start fills them (iris-web v2.4.20, `post_init.py`): what a case
/// in memory resolves names against.
pub fn iris_defaults(vocabulary: Vocabulary) -> &'static [Term] {
    static DEFAULTS: OnceLock<Defaults> = OnceLock::new();
    let defaults = DEFAULTS.get_or_init(Defaults::load);
    match vocabulary {
        Vocabulary::IocType => &defaults.ioc_types,
        Vocabulary::AssetType => &defaults.asset_types,
        Vocabulary::Tlp => &defaults.tlps,
        Vocabulary::EventCategory => &defaults.event_categories,
        Vocabulary::TaskStatus => &defaults.task_statuses,
    }
}

/// The lists of `iris_defaults.json`, numbered from 1 in order as IRIS's tables number them.
struct Defaults {
    ioc_types: Vec<Term>,
    asset_types: Vec<Term>,
    tlps: Vec<Term>,
    event_categories: Vec<Term>,
    task_statuses: Vec<Term>,
}

/// The file's shape.
#[derive(Deserialize)]
struct DefaultsFile {
    ioc_types: Vec<(String, Option<String>, Option<String>)>,
    asset_types: Vec<String>,
    tlps: Vec<String>,
    event_categories: Vec<String>,
    task_statuses: Vec<String>,
}

impl Defaults {
    fn load() -> Self {
        let file: DefaultsFile = serde_json::from_str(iris_module_vocabulary::IRIS_DEFAULTS_JSON)
            .unwrap_or_else(|error| {
                unreachable!("iris_defaults.json is checked by a test: {error}")
            });
        let numbered = |names: Vec<String>| -> Vec<Term> {
            names
                .into_iter()
                .zip(1..)
                .map(|(name, id)| Term {
                    id,
                    name,
                    pattern: None,
                    expect: None,
                })
                .collect()
        };
        Defaults {
            ioc_types: file
                .ioc_types
                .into_iter()
                .zip(1..)
                .map(|((name, pattern, expect), id)| Term {
                    id,
                    name,
                    pattern,
                    expect,
                })
                .collect(),
            asset_types: numbered(file.asset_types),
            tlps: numbered(file.tlps),
            event_categories: numbered(file.event_categories),
            task_statuses: numbered(file.task_statuses),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_serialized_lists() {
        for vocabulary in [
            Vocabulary::IocType,
            Vocabulary::AssetType,
            Vocabulary::Tlp,
            Vocabulary::EventCategory,
            Vocabulary::TaskStatus,
        ] {
            assert_eq!(serde_json::to_value(vocabulary).unwrap(), vocabulary.name());
        }
    }

    #[test]
    fn the_defaults_are_irises() {
        assert_eq!(iris_defaults(Vocabulary::IocType).len(), 160);
        assert_eq!(iris_defaults(Vocabulary::Tlp)[1].name, "amber");
        assert!(
            iris_defaults(Vocabulary::AssetType)
                .iter()
                .any(|t| t.name == "Windows - Server")
        );
        assert_eq!(iris_defaults(Vocabulary::TaskStatus)[0].name, "To do");
    }
}
