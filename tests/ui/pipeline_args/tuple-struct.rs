use iris_module_core::prelude::*;

#[derive(PipelineArgs)]
pub struct Args(String);

fn main() {}
