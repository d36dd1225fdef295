use iris_module_core::prelude::*;

#[derive(PipelineArgs)]
pub struct Args {
    #[pipeline_arg(nmae)]
    index: String,
}

fn main() {}
