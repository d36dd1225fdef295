// Two module names that differ only where an identifier cannot hold them (`\u{1}a`, `\u{1a}`):
// the item the macro names after each module name must differ too, or the two would be a
// false "defined multiple times".
use iris_module_core::prelude::*;
/// One.
#[iris_module(kind = "processor", name = "Iris\u{1}a")]
pub struct First;
#[iris_module]
impl First {
    #[hook("on_postload_ioc_create")]
    fn enrich(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        Ok(())
    }
}
/// Two.
#[iris_module(kind = "processor", name = "Iris\u{1a}")]
pub struct Second;
#[iris_module]
impl Second {
    #[hook("on_postload_ioc_create")]
    fn enrich(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        Ok(())
    }
}
fn main() {}
