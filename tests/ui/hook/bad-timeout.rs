use iris_module_core::prelude::*;

#[iris_module(kind = "processor")]
pub struct Module;

#[iris_module]
impl Module {
    #[hook("on_postload_ioc_create", timeout = "60")]
    #[hook("on_postload_ioc_update", timeout = "0s")]
    #[hook("on_manual_trigger_ioc", timeout = "2days")]
    fn enrich(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        Ok(())
    }

    #[hook("on_postload_asset_create", timeout = 60)]
    #[hook("on_postload_asset_update", timeout = "1500us")]
    #[hook("on_manual_trigger_asset", timeout = "5 minuts")]
    fn assets(&self, _ctx: &mut HookContext, _assets: &mut [Asset]) -> HookResult {
        Ok(())
    }

    #[hook("on_postload_note_create", timout = "60s")]
    fn notes(&self, _ctx: &mut HookContext, _notes: &mut [Note]) -> HookResult {
        Ok(())
    }
}

fn main() {}
