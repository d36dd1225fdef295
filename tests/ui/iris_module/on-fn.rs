use iris_module_core::prelude::*;

#[iris_module(kind = "processor")]
fn module() {}

fn main() {}
