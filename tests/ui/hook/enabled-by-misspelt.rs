use iris_module_core::prelude::*;

#[iris_module(kind = "processor")]
pub struct Module {
    #[config_param(default = true)]
    lookup_on_create: bool,
}

#[iris_module]
impl Module {
    #[hook("on_postload_ioc_create", enabled_by = "lookup_on_creat")]
    fn enrich(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        Ok(())
    }
}

fn main() {}
