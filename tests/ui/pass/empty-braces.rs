//! A module struct with braces and no field (`struct M {}`, valid Rust) is a module like a unit
//! struct; so is an empty tuple struct.

use iris_module_core::prelude::*;

#[iris_module(kind = "processor")]
pub struct Empty {}

#[iris_module]
impl Empty {
    #[hook("on_postload_ioc_create")]
    fn handle(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) {}
}

#[iris_module(kind = "processor")]
pub struct EmptyTuple();

#[iris_module]
impl EmptyTuple {
    #[hook("on_postload_ioc_create")]
    fn handle(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) {}
}

fn main() {
    let harness = iris_module_core::testing::Harness::<Empty>::new().unwrap();
    harness
        .fire("on_postload_ioc_create", &mut [Ioc::default()])
        .assert_success();
    iris_module_core::testing::Harness::<EmptyTuple>::new().unwrap();
}
