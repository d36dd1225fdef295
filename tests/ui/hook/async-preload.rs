use iris_module_core::prelude::*;

#[iris_module(kind = "processor")]
pub struct Module;

#[iris_module]
impl Module {
    #[hook("on_preload_ioc_create", run_async = true)]
    fn check(&self, _ctx: &mut HookContext, _bodies: &mut [RequestBody]) -> HookResult {
        Ok(())
    }
}

fn main() {}
