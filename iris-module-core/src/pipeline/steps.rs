//! What a pipeline module implements (its two steps), what IRIS reads of it (`pipeline_info`),
//! and the same steps behind a pointer for the host.

use super::{
    ArgsError, PipelineArgInfo, PipelineArgs, PipelineContext, PipelineFile, Upload, output,
};
use crate::error::HookError;
use crate::module::traits::IrisModule;
use crate::status::Status;
use serde_json::{Map, Value};

/// What the processing step returns: a status (success or failure, with a message), or an error
/// (any `std::error::Error` converts with `?`).
pub type PipelineResult = Result<Status, HookError>;

/// A pipeline module's two steps: implemented by the module for its
/// `#[iris_module(kind = "pipeline", ...)]` struct.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is a pipeline module but does not implement `Pipeline`",
    label = "a pipeline module needs its upload and processing steps",
    note = "add `impl iris_module_core::pipeline::Pipeline for {Self} {{ type Args = ...; fn upload(...) ... fn process(...) ... }}`"
)]
pub trait Pipeline: IrisModule + Send + Sync {
    /// The arguments the analyst gives when triggering the pipeline.
    type Args: PipelineArgs;

    /// What the module appends to an uploaded file's name for its outputs (`".ndjson"` for a
    /// file of events named after the upload), so that the upload step refuses a name too long to
    /// take it, rather than every later run failing on it.
    const OUTPUT_NAME_SUFFIX: &'static str = "";

    /// The upload step. The file has been received safely (its name checked, its content
    /// streamed to a temporary file in the case's upload directory, hashed); return `Ok` to keep
    /// it, or an error, whose message IRIS shows, to refuse it.
    fn upload(&self, upload: &Upload) -> Result<(), HookError>;

    /// The processing step: runs on the files uploaded since the last run. When it fails (an
    /// error, a failure status, a panic), the files are put back for the next run.
    fn process(
        &self,
        ctx: &mut PipelineContext,
        args: Self::Args,
        files: &[PipelineFile],
    ) -> PipelineResult;
}

/// `pipeline_info`: what IRIS checks and shows of a pipeline (`check_pipeline_args` in iris-web
/// v2.4.20, `app/iris_engine/module_handler`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PipelineInfo {
    /// `pipeline_internal_name`, unique among modules.
    pub internal_name: &'static str,
    /// `pipeline_human_name`, shown in the pipeline select.
    pub human_name: &'static str,
    /// `pipeline_args`.
    pub args: &'static [PipelineArgInfo],
    /// `pipeline_update_support`.
    pub update_support: bool,
    /// `pipeline_import_support`.
    pub import_support: bool,
}

impl PipelineInfo {
    /// The `pipeline_info` dict IRIS reads.
    pub fn iris_info(&self) -> Value {
        let mut info = Map::new();
        info.insert("pipeline_internal_name".into(), self.internal_name.into());
        info.insert("pipeline_human_name".into(), self.human_name.into());
        info.insert(
            "pipeline_args".into(),
            Value::Array(self.args.iter().map(PipelineArgInfo::iris_entry).collect()),
        );
        info.insert("pipeline_update_support".into(), self.update_support.into());
        info.insert("pipeline_import_support".into(), self.import_support.into());
        Value::Object(info)
    }
}

/// A pipeline behind a pointer: the two steps, arguments read from IRIS's map.
pub trait DynPipeline: Send + Sync {
    /// The bytes the module and its outputs' temporary names add to an upload's name.
    fn name_reserve(&self) -> usize;

    /// The upload step.
    fn upload(&self, upload: &Upload) -> Result<(), HookError>;

    /// Whether IRIS's `pipeline_args` read as the pipeline's arguments (why not, when they do
    /// not): checked before any file is claimed.
    fn check_args(&self, args: &Map<String, Value>) -> Result<(), ArgsError>;

    /// The processing step, arguments read from IRIS's `pipeline_args` (a failure status when
    /// they are wrong).
    fn process(
        &self,
        ctx: &mut PipelineContext,
        args: &Map<String, Value>,
        files: &[PipelineFile],
    ) -> Status;
}

impl<P: Pipeline> DynPipeline for P {
    fn name_reserve(&self) -> usize {
        if P::OUTPUT_NAME_SUFFIX.is_empty() {
            0
        } else {
            P::OUTPUT_NAME_SUFFIX.len() + output::TEMP_NAME_BYTES
        }
    }

    fn upload(&self, upload: &Upload) -> Result<(), HookError> {
        Pipeline::upload(self, upload)
    }

    fn check_args(&self, args: &Map<String, Value>) -> Result<(), ArgsError> {
        P::Args::from_args(args).map(drop)
    }

    fn process(
        &self,
        ctx: &mut PipelineContext,
        args: &Map<String, Value>,
        files: &[PipelineFile],
    ) -> Status {
        let args = match P::Args::from_args(args) {
            Ok(args) => args,
            Err(error) => return Status::error(error.to_string()),
        };
        match Pipeline::process(self, ctx, args, files) {
            Ok(status) => status,
            Err(error) => Status::error(error.to_string()),
        }
    }
}
