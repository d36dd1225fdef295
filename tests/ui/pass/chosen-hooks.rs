use iris_module_core::prelude::*;

/// Registers the hooks its configuration lists, beside one of its own.
#[iris_module(kind = "processor")]
pub struct Module {
    #[config_param(default = "[\"all_create\"]")]
    triggers: Json<Vec<Trigger>>,
}

#[iris_module]
impl Module {
    fn hooks(&self) -> ChosenHooks {
        self.triggers.iter().copied().collect()
    }

    #[cfg(all())]
    #[chosen_hooks(by = "hooks", timeout = "2m")]
    fn deliver(&self, ctx: &mut HookContext, hook: &mut AnyHook<'_>) -> Result<(), HookError> {
        ctx.info(format!("{} {}", hook.object(), hook.action()));
        Ok(())
    }

    #[hook("on_postload_ioc_create")]
    fn on_ioc(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        Ok(())
    }
}

fn main() {}
