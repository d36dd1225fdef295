//! What `register_hooks` registers under a configuration, from both sources: the `#[hook]`s the
//! module declares (less those an `enabled_by` parameter turns off) and the hooks its
//! `#[chosen_hooks]` method chooses. The Python bridge, the harness and `cargo iris describe`
//! read this one plan.

use super::chosen::menu_matches;
use super::entry::DynModule;
use super::hooks::HookRegistration;
use super::info::ModuleInfo;
use crate::config::ModuleConfig;
use crate::hooks::{HOOKS, HookSpec, find_hook};

/// One registration `register_hooks` makes (IRIS's `register_to_hook` arguments).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Registration {
    /// The hook.
    pub hook: &'static HookSpec,
    /// The menu entry of a manual hook.
    pub manual_name: Option<String>,
    /// `run_asynchronously`.
    pub run_asynchronously: bool,
    /// The method that handles it.
    pub handler: &'static str,
    /// Whether the configuration chose it (`#[chosen_hooks]`), rather than a `#[hook]`.
    pub chosen: bool,
}

/// Every registration `register_hooks` makes under one configuration, and what it leaves out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RegistrationPlan {
    /// The registrations, declared ones first.
    pub registrations: Vec<Registration>,
    /// The declared hooks an `enabled_by` parameter turns off: `(hook, parameter)`.
    pub turned_off: Vec<(&'static str, &'static str)>,
}

impl RegistrationPlan {
    /// The plan of a module described by `info` and `declared`, under `config`; `built` is the
    /// module built from that configuration, which chooses hooks of its own (`None` when it could
    /// not be built: only declared hooks are then registered).
    pub fn new(
        info: &ModuleInfo,
        declared: &'static [HookRegistration],
        config: &ModuleConfig,
        built: Option<&dyn DynModule>,
    ) -> Self {
        let mut plan = RegistrationPlan::default();
        for hook in declared {
            if !hook.is_enabled(info, config) {
                plan.turned_off
                    .push((hook.hook, hook.enabled_by.unwrap_or_default()));
                continue;
            }
            let Some(spec) = find_hook(hook.hook) else {
                continue; // the macros accept only IRIS's hooks
            };
            plan.registrations.push(Registration {
                hook: spec,
                manual_name: hook.manual_name.map(str::to_owned),
                run_asynchronously: hook.run_asynchronously,
                handler: hook.handler,
                chosen: false,
            });
        }
        if let Some(module) = built
            && let Some(handler) = module.chosen_handler()
        {
            for chosen in &module.chosen_hooks() {
                let manual_name = chosen.manual_name.clone();
                if plan.registrations.iter().any(|seen| {
                    seen.hook.name == chosen.hook.name && seen.manual_name == manual_name
                }) {
                    continue; // a `#[hook]` handles it already
                }
                plan.registrations.push(Registration {
                    hook: chosen.hook,
                    manual_name,
                    // `ChosenHooks` registers preload hooks synchronously.
                    run_asynchronously: chosen.run_asynchronously,
                    handler: handler.handler,
                    chosen: true,
                });
            }
        }
        plan
    }

    /// The hooks none of whose registrations is in the plan, which `register_hooks`
    /// deregisters (IRIS deletes every registration of a hook at once).
    pub fn unregistered(&self) -> impl Iterator<Item = &'static HookSpec> + '_ {
        HOOKS.iter().filter(|hook| {
            !self
                .registrations
                .iter()
                .any(|registration| registration.hook.name == hook.name)
        })
    }

    /// The manual hooks the configuration names menu entries for: deregistered before they are
    /// registered, so that a menu entry renamed in the configuration does not stay in IRIS's
    /// menu under its old name.
    pub fn renamable(&self) -> impl Iterator<Item = &'static HookSpec> + '_ {
        let mut seen: Vec<&str> = Vec::new();
        self.registrations
            .iter()
            .filter(|registration| registration.chosen && registration.manual_name.is_some())
            .map(|registration| registration.hook)
            .filter(move |hook| {
                let first = !seen.contains(&hook.name);
                seen.push(hook.name);
                first
            })
    }

    /// Whether IRIS calls the module for `hook` from `ui_name` under this plan.
    pub fn registers(&self, hook: &str, ui_name: Option<&str>) -> bool {
        self.registrations.iter().any(|registration| {
            registration.hook.name == hook
                && menu_matches(registration.manual_name.as_deref(), ui_name)
        })
    }
}
