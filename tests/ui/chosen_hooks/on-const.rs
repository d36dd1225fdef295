use iris_module_core::prelude::*;

#[iris_module(kind = "processor")]
pub struct Module;

#[iris_module]
impl Module {
    #[chosen_hooks(by = "hooks")]
    const LIMIT: u32 = 3;
}

fn main() {}
