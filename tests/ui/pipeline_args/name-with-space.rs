use iris_module_core::prelude::*;

#[derive(PipelineArgs)]
pub struct Args {
    #[pipeline_arg(name = "index evtx")]
    index: String,
}

fn main() {}
