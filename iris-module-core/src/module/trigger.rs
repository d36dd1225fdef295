//! `Trigger`: a hook, or a group of hooks, named in a module's configuration (`"on_postload_ioc_create"`,
//! `"all"`, `"all_create"`, `"all_update"`, `"all_delete"`), checked against IRIS's hook list
//! with the closest name suggested.

use crate::hooks::{HOOKS, HookPhase, HookSpec, find_hook};
use std::fmt;
use std::str::FromStr;

/// A hook, or a group of IRIS's hooks, as an administrator names them in a configuration.
///
/// The groups hold automatic (`on_postload_*`) hooks only, as IRIS's webhooks module expands
/// them: `all` every one, `all_create`, `all_update` and `all_delete` those whose name ends so.
/// Preload and manual hooks are named one by one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Trigger {
    /// One hook.
    Hook(&'static HookSpec),
    /// `all`: every `on_postload_*` hook.
    All,
    /// `all_create`: every `on_postload_*_create` hook.
    AllCreate,
    /// `all_update`: every `on_postload_*_update` hook.
    AllUpdate,
    /// `all_delete`: every `on_postload_*_delete` hook.
    AllDelete,
}

/// The group names a [`Trigger`] accepts besides hook names.
pub const TRIGGER_GROUPS: [&str; 4] = ["all", "all_create", "all_update", "all_delete"];

/// A trigger name that is neither an IRIS hook nor a group.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", describe_unknown(.0))]
pub struct UnknownTrigger(pub String);

fn describe_unknown(name: &str) -> String {
    let groups = TRIGGER_GROUPS.iter().copied();
    let names = HOOKS.iter().map(|hook| hook.name).chain(groups);
    match iris_module_vocabulary::did_you_mean::closest(name, names) {
        Some(closest) => format!(
            "`{}` is not an IRIS hook; did you mean `{closest}`?",
            cut(name)
        ),
        None => format!(
            "`{}` is not an IRIS hook (nor `all`, `all_create`, `all_update`, `all_delete`)",
            cut(name)
        ),
    }
}

/// A name cut to what a message can show.
fn cut(name: &str) -> String {
    match name
        .char_indices()
        .nth(iris_module_vocabulary::did_you_mean::LONGEST_NAME)
    {
        Some((end, _)) => format!("{}…", &name[..end]),
        None => name.to_owned(),
    }
}

impl FromStr for Trigger {
    type Err = UnknownTrigger;

    fn from_str(name: &str) -> Result<Self, UnknownTrigger> {
        Ok(match name {
            "all" => Trigger::All,
            "all_create" => Trigger::AllCreate,
            "all_update" => Trigger::AllUpdate,
            "all_delete" => Trigger::AllDelete,
            other => Trigger::Hook(find_hook(other).ok_or_else(|| UnknownTrigger(other.into()))?),
        })
    }
}

impl Trigger {
    /// The name as written in a configuration.
    pub fn name(&self) -> &'static str {
        match self {
            Trigger::Hook(hook) => hook.name,
            Trigger::All => "all",
            Trigger::AllCreate => "all_create",
            Trigger::AllUpdate => "all_update",
            Trigger::AllDelete => "all_delete",
        }
    }

    /// The hooks it stands for, in IRIS's order.
    pub fn hooks(self) -> impl Iterator<Item = &'static HookSpec> {
        let suffix = match self {
            Trigger::AllCreate => Some("_create"),
            Trigger::AllUpdate => Some("_update"),
            Trigger::AllDelete => Some("_delete"),
            _ => None,
        };
        HOOKS.iter().filter(move |hook| match self {
            Trigger::Hook(one) => hook.name == one.name,
            _ => {
                hook.phase == HookPhase::Postload
                    && suffix.is_none_or(|suffix| hook.name.ends_with(suffix))
            }
        })
    }
}

impl fmt::Display for Trigger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for Trigger {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

impl serde::Serialize for Trigger {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(trigger: &str) -> Vec<&'static str> {
        trigger
            .parse::<Trigger>()
            .unwrap()
            .hooks()
            .map(|hook| hook.name)
            .collect()
    }

    #[test]
    fn groups_expand_to_postload_hooks() {
        assert_eq!(names("all").len(), 55);
        let created = names("all_create");
        assert!(created.contains(&"on_postload_ioc_create"), "{created:?}");
        assert!(created.contains(&"on_postload_activities_report_create"));
        assert!(created.iter().all(|name| name.starts_with("on_postload_")));
        assert!(names("all_delete").contains(&"on_postload_ioc_comment_delete"));
        assert!(!names("all_update").contains(&"on_preload_ioc_update"));
        assert_eq!(names("on_preload_ioc_delete"), ["on_preload_ioc_delete"]);
    }

    #[test]
    fn a_wrong_name_is_named_with_the_closest() {
        let error = "on_postload_ioc_creat".parse::<Trigger>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "`on_postload_ioc_creat` is not an IRIS hook; did you mean `on_postload_ioc_create`?"
        );
        let error = "all_creat".parse::<Trigger>().unwrap_err();
        assert!(error.to_string().contains("`all_create`"), "{error}");
        let error: Result<Trigger, _> = serde_json::from_str("\"colour\"");
        assert!(error.unwrap_err().to_string().contains("nor `all`"));
    }
}
