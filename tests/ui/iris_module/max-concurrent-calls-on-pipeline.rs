use iris_module_core::prelude::*;

#[iris_module(kind = "pipeline", pipeline_name = "evtx", max_concurrent_calls = 2)]
pub struct Module;

#[derive(PipelineArgs)]
pub struct Args {
    index: String,
}

impl Pipeline for Module {
    type Args = Args;
    fn upload(&self, _upload: &Upload) -> Result<(), HookError> {
        Ok(())
    }
    fn process(&self, _ctx: &mut PipelineContext, _args: Args, _files: &[PipelineFile]) -> PipelineResult {
        Ok(Status::success("done"))
    }
}

fn main() {}
