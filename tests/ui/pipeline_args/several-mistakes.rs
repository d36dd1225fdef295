use iris_module_core::prelude::*;

#[derive(PipelineArgs)]
pub struct Args {
    #[pipeline_arg(nam = "x")]
    index: String,
    #[pipeline_arg(name = "")]
    host: Option<String>,
    #[pipeline_arg(name = "index")]
    other: String,
}

fn main() {}
