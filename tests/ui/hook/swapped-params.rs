// The data before the context: the error names the swap.
use iris_module_core::prelude::*;
/// A module.
#[iris_module(kind = "processor")]
pub struct Module;
#[iris_module]
impl Module {
    #[hook("on_postload_ioc_create")]
    fn enrich(&self, _iocs: &mut [Ioc], _ctx: &mut HookContext) -> HookResult {
        Ok(())
    }
}
fn main() {}
