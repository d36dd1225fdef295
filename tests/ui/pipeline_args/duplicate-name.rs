use iris_module_core::prelude::*;

#[derive(PipelineArgs)]
pub struct Args {
    #[pipeline_arg(name = "index")]
    index_evtx: String,
    index: Option<String>,
}

fn main() {}
