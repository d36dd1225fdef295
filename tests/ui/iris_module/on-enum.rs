use iris_module_core::prelude::*;

#[iris_module(kind = "processor")]
pub enum Module {
    A,
}

fn main() {}
