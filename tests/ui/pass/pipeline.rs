extern crate iris_module_core as iris;

use iris::pipeline::*;
use iris::prelude::*;

/// Keeps uploaded text files.
#[iris_module(kind = "pipeline", name = "IrisKeep", pipeline_name = "keep",
              pipeline_human_name = "Keep files", update_support = true, import_support = true,
              crate = iris)]
pub struct Keep {
    /// Largest file kept
    #[config_param(default = 10)]
    max_size: u64,
}

/// The arguments.
#[derive(PipelineArgs)]
#[pipeline_args(crate = iris)]
pub struct KeepArgs {
    /// Why the files are kept
    #[pipeline_arg(name = "reason_keep")]
    reason: String,
    /// How many lines to log
    lines: Option<u32>,
    r#type: Option<bool>,
}

impl Pipeline for Keep {
    type Args = KeepArgs;
    fn upload(&self, upload: &Upload) -> Result<(), HookError> {
        if upload.size > self.max_size {
            return Err(HookError::msg("too large"));
        }
        Ok(())
    }
    fn process(&self, ctx: &mut PipelineContext, args: KeepArgs, files: &[PipelineFile]) -> PipelineResult {
        ctx.info(format!("{} ({:?}, {:?})", args.reason, args.lines, args.r#type));
        Ok(Status::success(format!("{} kept", files.len())))
    }
}

fn main() {
    let registry = iris::Registry::collect().unwrap();
    let found = registry.find("IrisKeep").unwrap();
    assert!(found.hooks().is_empty());
    let info = found.pipeline().unwrap();
    assert_eq!(info.internal_name, "keep");
    assert_eq!(info.human_name, "Keep files");
    let args: Vec<_> = info.args.iter().map(|a| (a.name, a.required, a.description)).collect();
    assert_eq!(
        args,
        [
            ("reason_keep", true, "Why the files are kept"),
            ("lines", false, "How many lines to log"),
            ("type", false, ""),
        ]
    );
    assert_eq!(found.info.kind.iris_type(), "module_pipeline");
}
