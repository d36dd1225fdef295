//! Pipeline modules: IRIS hands them the files an analyst uploads (the upload step), then, when
//! the analyst triggers the pipeline with its arguments, runs them on those files (the processing
//! step). A pipeline module is an `#[iris_module(kind = "pipeline", ...)]` struct that implements
//! [`Pipeline`]:
//!
//! ```
//! use iris_module_core::pipeline::*;
//! use iris_module_core::prelude::*;
//!
//! /// Counts the lines of uploaded text files.
//! #[iris_module(kind = "pipeline", name = "IrisLineCount", pipeline_name = "line_count",
//!               pipeline_human_name = "Line count")]
//! pub struct LineCount {
//!     /// Largest file accepted, in bytes
//!     #[config_param(default = 1_000_000)]
//!     max_size: u64,
//! }
//!
//! /// The arguments of a run.
//! #[derive(PipelineArgs)]
//! pub struct CountArgs {
//!     /// A label for the log
//!     label: String,
//!     /// Only count lines holding this text
//!     filter: Option<String>,
//! }
//!
//! impl Pipeline for LineCount {
//!     type Args = CountArgs;
//!
//!     fn upload(&self, upload: &Upload) -> Result<(), HookError> {
//!         if upload.size > self.max_size {
//!             return Err(HookError::msg(format!("{} is larger than {} bytes", upload.name, self.max_size)));
//!         }
//!         Ok(())
//!     }
//!
//!     fn process(&self, ctx: &mut PipelineContext, args: CountArgs, files: &[PipelineFile]) -> PipelineResult {
//!         for file in files {
//!             let text = std::fs::read_to_string(file.path())?;
//!             let count = text.lines().filter(|l| args.filter.as_deref().is_none_or(|f| l.contains(f))).count();
//!             ctx.info(format!("{}: {} has {count} lines", args.label, file.name()));
//!             ctx.register_evidence(file, "line-counted")?;
//!         }
//!         Ok(Status::success(format!("{} files counted", files.len())))
//!     }
//! }
//!
//! let info = <LineCount as iris_module_core::host::RegisteredModule>::ENTRY.pipeline().unwrap();
//! assert_eq!(info.iris_info()["pipeline_args"], serde_json::json!([["label", "required"], ["filter", "optional"]]));
//! ```

mod args;
mod context;
pub mod dir;
mod evidence;
mod file_name;
mod files;
mod hashing;
pub mod output;
mod run;
mod upload;

pub use args::{ArgValue, ArgsError, PipelineArgInfo, PipelineArgs};
pub use context::{PipelineContext, PipelineData, PipelineType, ProgressObserver};
pub use evidence::{EvidenceRecord, EvidenceStore, MemoryEvidence};
pub use file_name::{BadFileName, MAX_NAME_BYTES, safe_file_name};
pub use files::{Claim, PipelineFile, Skipped};
pub use hashing::{CHUNK_SIZE, hash_file};
pub use iris_module_macros::PipelineArgs;
pub use run::{run_pipeline, upload_file};
pub use upload::{Upload, UploadError, UploadRequest, save_upload};

#[doc(hidden)]
pub use args::{ArgOps, arg, read_arg};

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
    fn check_args(&self, args: &Map<String, Value>) -> Result<(), String>;

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

    fn check_args(&self, args: &Map<String, Value>) -> Result<(), String> {
        P::Args::from_args(args)
            .map(drop)
            .map_err(|error| error.to_string())
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
