use iris_module_core::prelude::*;

#[iris_module(kind = "processor")]
pub struct Module<T> {
    value: T,
}

fn main() {}
