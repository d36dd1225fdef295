use iris_module_core::prelude::*;

#[iris_module(kind = "processor")]
pub struct Module;

#[iris_module]
impl Default for Module {
    fn default() -> Self {
        Module
    }
}

fn main() {}
