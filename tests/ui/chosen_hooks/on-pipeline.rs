use iris_module_core::pipeline::*;
use iris_module_core::prelude::*;

#[iris_module(kind = "pipeline", pipeline_name = "p")]
pub struct Module;

#[derive(PipelineArgs)]
pub struct Args {
    /// Why
    reason: String,
}

impl Pipeline for Module {
    type Args = Args;
    fn upload(&self, _: &Upload) -> Result<(), HookError> {
        Ok(())
    }
    fn process(&self, _: &mut PipelineContext, args: Args, _: &[PipelineFile]) -> PipelineResult {
        let _ = args.reason;
        Ok(Status::success("done"))
    }
}

#[iris_module]
impl Module {
    fn hooks(&self) -> ChosenHooks {
        ChosenHooks::every_hook()
    }

    #[chosen_hooks(by = "hooks")]
    fn deliver(&self, _ctx: &mut HookContext, _hook: &mut AnyHook) -> HookResult {
        Ok(())
    }
}

fn main() {}
