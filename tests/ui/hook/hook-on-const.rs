use iris_module_core::prelude::*;

#[iris_module(kind = "processor")]
pub struct Module;

#[iris_module]
impl Module {
    #[hook("on_postload_ioc_create")]
    const LIMIT: usize = 3;
}

fn main() {}
