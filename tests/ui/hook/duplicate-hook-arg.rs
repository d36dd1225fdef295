use iris_module_core::prelude::*;

#[iris_module(kind = "processor")]
pub struct Module;

#[iris_module]
impl Module {
    #[hook("on_manual_trigger_ioc", manual_name = "A", manual_name = "B")]
    fn enrich(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        Ok(())
    }
}

fn main() {}
