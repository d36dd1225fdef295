use iris_module_core::prelude::*;

#[derive(PipelineArgs)]
pub struct Args<T> {
    index: T,
}

fn main() {}
