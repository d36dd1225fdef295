//! A module's hook registrations, as `register_hooks` passes them to IRIS.

use super::info::ModuleInfo;
use crate::config::ModuleConfig;

/// One `#[hook]` registration: what `register_hooks` passes to IRIS's `register_to_hook`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HookRegistration {
    /// The hook name.
    pub hook: &'static str,
    /// The menu entry of a manual hook (`manual_hook_name`).
    pub manual_name: Option<&'static str>,
    /// `run_asynchronously` (always `false` for preload hooks).
    pub run_asynchronously: bool,
    /// The method that handles it.
    pub handler: &'static str,
    /// The `bool` configuration parameter that turns the registration on (`enabled_by`):
    /// `register_hooks` registers the hook only while it is true, as official modules do with
    /// their "Triggers" settings.
    pub enabled_by: Option<&'static str>,
    /// `timeout = "..."`: how long a call may run before the runtime stops waiting for it and
    /// answers IRIS with an error (`None`: [`DEFAULT_HOOK_TIMEOUT`](crate::limits::DEFAULT_HOOK_TIMEOUT)).
    pub timeout: Option<std::time::Duration>,
    /// `ioc_types = [...]`: the IOC types the handler is given, each a type's name or a family
    /// (`ip-*`); the call's other IOCs are set aside while it runs (empty: every IOC).
    pub ioc_types: &'static [&'static str],
}

impl HookRegistration {
    const PLACEHOLDER: HookRegistration = HookRegistration {
        hook: "",
        manual_name: None,
        run_asynchronously: true,
        handler: "",
        enabled_by: None,
        timeout: None,
        ioc_types: &[],
    };

    /// The declared registration a call of `hook` from the menu entry `ui_name` reaches, as the
    /// generated dispatch picks its handler: the one under that menu name, else the hook's
    /// (first) one; `None` for a hook no `#[hook]` declares.
    pub fn of_call<'a>(
        registrations: &'a [HookRegistration],
        hook: &str,
        ui_name: Option<&str>,
    ) -> Option<&'a HookRegistration> {
        let of_hook = || registrations.iter().filter(move |r| r.hook == hook);
        of_hook()
            .find(|r| ui_name.is_some() && r.manual_name == ui_name)
            .or_else(|| of_hook().next())
    }

    /// Whether `register_hooks` registers it under `config`: always, unless its `enabled_by`
    /// parameter is false (or unreadable).
    pub fn is_enabled(&self, info: &ModuleInfo, config: &ModuleConfig) -> bool {
        let Some(name) = self.enabled_by else {
            return true;
        };
        let Some(param) = info.param(name) else {
            return false;
        };
        let default: Option<crate::config::TypedDefault<bool>> = match param.default {
            crate::config::DefaultValue::Bool(true) => Some(|| Ok(true)),
            crate::config::DefaultValue::Bool(false) => Some(|| Ok(false)),
            _ => None,
        };
        let mut errors = crate::config::ConfigErrors::new();
        config
            .param::<bool>(param, default, &mut errors)
            .unwrap_or(false)
    }
}

/// How many entries of `all` are present (used to size a `#[cfg]`-filtered hook list).
pub const fn count_hooks(all: &[Option<HookRegistration>]) -> usize {
    let mut count = 0;
    let mut index = 0;
    while index < all.len() {
        if all[index].is_some() {
            count += 1;
        }
        index += 1;
    }
    count
}

/// The present entries of `all`, in order; `N` must be [`count_hooks`] of `all`.
pub const fn collect_hooks<const N: usize, const M: usize>(
    all: [Option<HookRegistration>; M],
) -> [HookRegistration; N] {
    let mut out = [HookRegistration::PLACEHOLDER; N];
    let mut index = 0;
    let mut next = 0;
    while index < M {
        if let Some(hook) = all[index] {
            out[next] = hook;
            next += 1;
        }
        index += 1;
    }
    out
}
