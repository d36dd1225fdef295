use iris_module_core::prelude::*;

#[derive(PipelineArgs)]
pub struct Args {
    #[pipeline_arg(nmae = "index_evtx")]
    index: String,
}

fn main() {}
