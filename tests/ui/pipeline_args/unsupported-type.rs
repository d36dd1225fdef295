use iris_module_core::prelude::*;

#[derive(PipelineArgs)]
pub struct Args {
    index: String,
    hosts: Vec<String>,
}

fn main() {}
