use iris_module_core::prelude::*;

#[iris_module(kind = "processor")]
pub struct Module {
    #[config_param(default = 300)]
    level: u8,
}

#[iris_module]
impl Module {}

fn main() {}
