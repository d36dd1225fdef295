//! IOC-type filters of hooks (`#[hook("on_postload_ioc_create", ioc_types = ["domain", "ip-*"])]`):
//! while the handler runs, the call's IOCs of other types are set aside, then put back where they
//! were, so that what IRIS is given back is every IOC in its place. The rule of what passes is
//! the vocabulary's (`ioc_type_passes`), the one the macros check the filter with.

use crate::context::HookContext;
use crate::module::{DynModule, HookRegistration};
use crate::objects::Ioc;
use crate::payload::HookPayload;

/// The IOCs set aside for one call, each with its place in the call's list.
pub(crate) struct SetAside {
    iocs: Vec<(usize, Ioc)>,
}

impl SetAside {
    /// Sets aside the IOCs the handler of this call does not take; `None` when its hook has no
    /// filter (or the call passes no IOCs). Says in the log how many were set aside, and of which
    /// types.
    pub fn of_call(
        module: &dyn DynModule,
        ctx: &HookContext,
        payload: &mut HookPayload,
    ) -> Option<SetAside> {
        let HookPayload::Ioc(iocs) = payload else {
            return None;
        };
        let filter = HookRegistration::of_call(module.hooks(), ctx.hook_name(), ctx.hook_ui_name())
            .map(|registration| registration.ioc_types)
            .filter(|filter| !filter.is_empty())?;
        let mut kept = Vec::with_capacity(iocs.len());
        let mut aside = Vec::new();
        for (index, ioc) in std::mem::take(iocs).into_iter().enumerate() {
            if iris_module_vocabulary::ioc_type_passes(filter, ioc.type_name()) {
                kept.push(ioc);
            } else {
                aside.push((index, ioc));
            }
        }
        *iocs = kept;
        if !aside.is_empty() {
            let mut types: Vec<&str> = aside.iter().map(|(_, ioc)| ioc.type_name()).collect();
            types.sort_unstable();
            types.dedup();
            let types: Vec<String> = types
                .iter()
                .map(|name| {
                    if name.is_empty() {
                        "(no type)".to_owned()
                    } else {
                        format!("`{name}`")
                    }
                })
                .collect();
            ctx.info(format!(
                "{} IOC(s) left to IRIS as they are: of type {}, not in this hook's `ioc_types` ({})",
                aside.len(),
                types.join(", "),
                filter.join(", ")
            ));
        }
        Some(SetAside { iocs: aside })
    }

    /// Whether the handler has nothing to take (every IOC was set aside).
    pub fn left_nothing(&self, payload: &HookPayload) -> bool {
        matches!(payload, HookPayload::Ioc(kept) if kept.is_empty()) && !self.iocs.is_empty()
    }

    /// Puts the IOCs set aside back in their places among those the handler had.
    pub fn put_back(self, payload: &mut HookPayload) {
        let HookPayload::Ioc(iocs) = payload else {
            return;
        };
        let mut kept = std::mem::take(iocs).into_iter();
        let mut all = Vec::with_capacity(kept.len() + self.iocs.len());
        for (index, ioc) in self.iocs {
            while all.len() < index {
                match kept.next() {
                    Some(next) => all.push(next),
                    None => break,
                }
            }
            all.push(ioc);
        }
        all.extend(kept);
        *iocs = all;
    }
}
