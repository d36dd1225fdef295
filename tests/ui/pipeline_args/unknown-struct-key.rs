use iris_module_core::prelude::*;

#[derive(PipelineArgs)]
#[pipeline_args(krate = iris_module_core)]
pub struct Args {
    index: String,
}

fn main() {}
