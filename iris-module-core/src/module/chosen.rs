//! `ChosenHooks`: the hooks a module registers because its configuration names them (a webhook's
//! `trigger_on`, a menu entry an administrator named), beside those its `#[hook]`s declare.

use super::trigger::Trigger;
use crate::hooks::{HOOKS, HookPhase, HookSpec};

/// A module's `#[chosen_hooks(by = "...")]` handler: the method every chosen hook reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChosenHandler {
    /// The handler method.
    pub handler: &'static str,
    /// The method that chooses the hooks (`by`).
    pub chooser: &'static str,
    /// `timeout = "..."`: the time limit of each call (`None`: the default).
    pub timeout: Option<std::time::Duration>,
}

/// One registration chosen from the configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChosenHook {
    /// The hook.
    pub hook: &'static HookSpec,
    /// The menu entry of a manual hook (IRIS shows `<package>::<hook>` without one).
    pub manual_name: Option<String>,
    /// `run_asynchronously` (always `false` for preload hooks, which IRIS runs in the request).
    pub run_asynchronously: bool,
}

/// The hooks a module registers from its configuration, in the order they were added, each
/// registration once (IRIS keeps one row per hook and menu name).
///
/// Returned by the method a `#[chosen_hooks(by = "...")]` handler names; every call of one of
/// them reaches that handler as an [`AnyHook`](crate::AnyHook).
///
/// ```
/// use iris_module_core::{ChosenHooks, Trigger};
///
/// let mut hooks = ChosenHooks::new();
/// hooks.add("all_create".parse::<Trigger>().unwrap());
/// hooks.add_manual("on_manual_trigger_ioc".parse().unwrap(), "Send to the SOAR");
/// assert!(hooks.chooses("on_postload_ioc_create", None));
/// assert!(hooks.chooses("on_manual_trigger_ioc", Some("Send to the SOAR")));
/// assert!(!hooks.chooses("on_postload_ioc_update", None));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChosenHooks {
    hooks: Vec<ChosenHook>,
}

impl ChosenHooks {
    /// No hook.
    pub fn new() -> Self {
        ChosenHooks::default()
    }

    /// Every hook IRIS lists (what `iris-check-module` registers), manual hooks under their
    /// default menu names.
    pub fn every_hook() -> Self {
        let mut hooks = ChosenHooks::new();
        for hook in HOOKS {
            hooks.push(hook, None);
        }
        hooks
    }

    /// Adds the hooks of `trigger`: postload hooks asynchronously, preload hooks synchronously,
    /// manual hooks under their default menu name.
    pub fn add(&mut self, trigger: Trigger) -> &mut Self {
        for hook in trigger.hooks() {
            self.push(hook, None);
        }
        self
    }

    /// Adds the manual hooks of `trigger` under the menu entry `menu_name` (automatic hooks in
    /// `trigger` are added as [`add`](Self::add) does: they have no menu).
    pub fn add_manual(&mut self, trigger: Trigger, menu_name: impl Into<String>) -> &mut Self {
        let menu_name = menu_name.into();
        for hook in trigger.hooks() {
            let name = (hook.phase == HookPhase::Manual).then(|| menu_name.clone());
            self.push(hook, name);
        }
        self
    }

    /// Registers every postload hook of the list synchronously from now on (IRIS then runs them
    /// in the request, and waits for them).
    pub fn synchronously(&mut self) -> &mut Self {
        for hook in &mut self.hooks {
            hook.run_asynchronously = false;
        }
        self
    }

    fn push(&mut self, hook: &'static HookSpec, manual_name: Option<String>) {
        let manual_name = manual_name.filter(|name| !name.trim().is_empty());
        if self
            .hooks
            .iter()
            .any(|seen| seen.hook.name == hook.name && seen.manual_name == manual_name)
        {
            return;
        }
        self.hooks.push(ChosenHook {
            hook,
            manual_name,
            run_asynchronously: hook.phase != HookPhase::Preload,
        });
    }

    /// The registrations, in the order they were added.
    pub fn iter(&self) -> std::slice::Iter<'_, ChosenHook> {
        self.hooks.iter()
    }

    /// How many registrations.
    pub fn len(&self) -> usize {
        self.hooks.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.hooks.is_empty()
    }

    /// Whether IRIS calls the module for `hook` (from the menu entry `ui_name`, for a manual
    /// hook) because of these registrations. A manual hook registered without a menu name is
    /// called under IRIS's default one, whatever it is.
    pub fn chooses(&self, hook: &str, ui_name: Option<&str>) -> bool {
        self.hooks.iter().any(|chosen| {
            chosen.hook.name == hook && menu_matches(chosen.manual_name.as_deref(), ui_name)
        })
    }
}

/// Whether a call from the menu entry `called` reaches a registration under `registered`: the
/// same name, or any name when the registration has none (IRIS then shows its default one).
pub(crate) fn menu_matches(registered: Option<&str>, called: Option<&str>) -> bool {
    match (registered, called) {
        (Some(registered), Some(called)) => registered == called,
        (Some(_), None) => false,
        (None, _) => true,
    }
}

impl<'a> IntoIterator for &'a ChosenHooks {
    type Item = &'a ChosenHook;
    type IntoIter = std::slice::Iter<'a, ChosenHook>;
    fn into_iter(self) -> Self::IntoIter {
        self.hooks.iter()
    }
}

impl Extend<Trigger> for ChosenHooks {
    fn extend<I: IntoIterator<Item = Trigger>>(&mut self, triggers: I) {
        for trigger in triggers {
            self.add(trigger);
        }
    }
}

impl FromIterator<Trigger> for ChosenHooks {
    fn from_iter<I: IntoIterator<Item = Trigger>>(triggers: I) -> Self {
        let mut hooks = ChosenHooks::new();
        hooks.extend(triggers);
        hooks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_registration_once_in_the_order_added() {
        let hooks: ChosenHooks = [
            "on_postload_ioc_create",
            "all_create",
            "on_preload_ioc_delete",
        ]
        .iter()
        .map(|name| name.parse::<Trigger>().unwrap())
        .collect();
        let names: Vec<_> = hooks.iter().map(|chosen| chosen.hook.name).collect();
        assert_eq!(names[0], "on_postload_ioc_create");
        assert_eq!(
            names
                .iter()
                .filter(|name| **name == "on_postload_ioc_create")
                .count(),
            1
        );
        let preload = hooks.iter().last().unwrap();
        assert_eq!(preload.hook.name, "on_preload_ioc_delete");
        assert!(!preload.run_asynchronously);
    }

    #[test]
    fn manual_hooks_under_several_menu_names() {
        let mut hooks = ChosenHooks::new();
        let ioc: Trigger = "on_manual_trigger_ioc".parse().unwrap();
        hooks
            .add_manual(ioc, "To Slack")
            .add_manual(ioc, "To Teams");
        hooks.add_manual(ioc, "To Slack");
        assert_eq!(hooks.len(), 2);
        assert!(hooks.chooses("on_manual_trigger_ioc", Some("To Teams")));
        assert!(!hooks.chooses("on_manual_trigger_ioc", Some("To Mail")));
        assert!(!hooks.chooses("on_manual_trigger_ioc", None));
        let mut blank = ChosenHooks::new();
        blank.add_manual(ioc, "  ");
        assert_eq!(blank.iter().next().unwrap().manual_name, None);
        assert!(blank.chooses(
            "on_manual_trigger_ioc",
            Some("iris_x::on_manual_trigger_ioc")
        ));
    }

    #[test]
    fn every_hook_is_the_90() {
        assert_eq!(ChosenHooks::every_hook().len(), 90);
    }
}
