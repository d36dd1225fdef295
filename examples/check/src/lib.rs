//! `IrisCheck`: registers every hook IRIS lists and logs each call it receives, to check that
//! IRIS calls its modules (the app, the worker and the broker between them). A drop-in for the
//! official `iris-check-module` 1.0.1: the same package (`iris_check_module`), class
//! (`IrisCheckModule`), module name and configuration, so that IRIS's stored entry upgrades in
//! place. The differences, and why, are in `README.md`.

use iris_module_core::prelude::*;

/// Provides a simple check module that replies to every hooks
#[iris_module(kind = "processor", name = "IrisCheck", class_name = "IrisCheckModule")]
pub struct IrisCheck {
    /// Logs every hook received if set to true. Otherwise do nothing.
    #[config_param(human_name = "Log received hook", default = true, mandatory)]
    check_log_received_hook: bool,
}

#[iris_module]
impl IrisCheck {
    /// Every hook, whatever the configuration (the official module registers them all too).
    fn every_hook(&self) -> ChosenHooks {
        ChosenHooks::every_hook()
    }

    /// Logs the hook, its menu entry and the kind of data it carries; the data goes back as it
    /// came.
    #[chosen_hooks(by = "every_hook")]
    fn received(&self, ctx: &mut HookContext, hook: &mut AnyHook) -> HookResult {
        if !self.check_log_received_hook {
            return Ok(());
        }
        // As the official module writes them; Python's `None` for an automatic hook's menu.
        ctx.info(format!(
            "Received {} :: {}",
            hook.name(),
            hook.ui_name().unwrap_or("None")
        ));
        let objects = hook.objects_ref();
        if objects.is_empty() {
            ctx.info("Received no data");
        } else {
            ctx.info(format!(
                "Received data of type {} ({} object{})",
                hook.data_kind().type_name(),
                objects.len(),
                if objects.len() == 1 { "" } else { "s" }
            ));
        }
        Ok(())
    }
}

iris_module_core::python_module!(IrisCheck);
