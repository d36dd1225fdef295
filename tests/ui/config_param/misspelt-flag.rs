use iris_module_core::prelude::*;

#[iris_module(kind = "processor")]
pub struct Module {
    #[config_param(mandatroy)]
    api_key: Secret,
}

#[iris_module]
impl Module {
    #[hook("on_postload_ioc_create")]
    fn enrich(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        Ok(())
    }
}

fn main() {}
