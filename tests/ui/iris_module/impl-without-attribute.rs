use iris_module_core::prelude::*;

/// Its impl block lacks `#[iris_module]`.
#[iris_module(kind = "processor")]
pub struct Module;

impl Module {
    #[hook("on_postload_ioc_create")]
    fn enrich(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        Ok(())
    }

    #[hook("on_manual_trigger_ioc", manual_name = "Enrich")]
    fn enrich_now(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        Ok(())
    }
}

fn main() {}
