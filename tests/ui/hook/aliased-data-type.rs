use iris_module_core::prelude::*;

type Indicator = Ioc;

#[iris_module(kind = "processor")]
pub struct Module;

#[iris_module]
impl Module {
    #[hook("on_postload_asset_create")]
    fn enrich(&self, _ctx: &mut HookContext, _iocs: &mut [Indicator]) -> HookResult {
        Ok(())
    }
}

fn main() {}
