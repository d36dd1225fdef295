// IRIS keys a module's configuration by its name: two modules named alike in one Rust module are
// an error on the second name (across Rust modules, the harness and the registry refuse them).
use iris_module_core::prelude::*;
/// A module.
#[iris_module(kind = "processor", name = "IrisSame")]
pub struct First;
#[iris_module]
impl First {
    #[hook("on_postload_ioc_create")]
    fn enrich(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        Ok(())
    }
}
/// Another.
#[iris_module(kind = "processor", name = "IrisSame")]
pub struct Second;
#[iris_module]
impl Second {
    #[hook("on_postload_ioc_create")]
    fn enrich(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        Ok(())
    }
}
fn main() {}
