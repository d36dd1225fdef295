use iris_module_core::prelude::*;

#[iris_module(kind = "processor")]
pub struct Module;

#[iris_module]
impl Module {
    #[hook("on_postload_asset_create", ioc_types = ["domain"])]
    fn assets(&self, _ctx: &mut HookContext, _assets: &mut [Asset]) -> HookResult {
        Ok(())
    }

    #[hook("on_postload_ioc_create", ioc_types = ["domain"])]
    fn iocs(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        Ok(())
    }
}

fn main() {}
