// IRIS loads one module class per Python package, and a crate builds one package: a second
// `python_module!` is an error on the second call, in `cargo build` already.
use iris_module_core::prelude::*;
/// A module.
#[iris_module(kind = "processor")]
pub struct First;
#[iris_module]
impl First {
    #[hook("on_postload_ioc_create")]
    fn enrich(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        Ok(())
    }
}
/// Another.
#[iris_module(kind = "processor")]
pub struct Second;
#[iris_module]
impl Second {
    #[hook("on_postload_ioc_create")]
    fn enrich(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        Ok(())
    }
}
iris_module_core::python_module!(First);
iris_module_core::python_module!(Second);
fn main() {}
