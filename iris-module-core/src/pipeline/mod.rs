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
pub(crate) mod dir;
mod evidence;
mod file_name;
pub(crate) mod files;
pub(crate) mod hashing;
pub mod output;
pub(crate) mod run;
pub(crate) mod steps;
pub(crate) mod upload;

pub use args::{ArgValue, ArgsError, PipelineArgInfo, PipelineArgs};
pub use context::{PipelineContext, PipelineData, PipelineType, ProgressObserver};
pub use evidence::{EvidenceError, EvidenceRecord, EvidenceStore, MemoryEvidence};
pub use file_name::{BadFileName, MAX_NAME_BYTES, safe_file_name};
pub use files::PipelineFile;
pub use iris_module_macros::PipelineArgs;
// For the hosts (the bridge, the harness, the local runner).
#[cfg(any(feature = "python", feature = "testing", feature = "local"))]
pub(crate) use run::{run_pipeline, upload_file};
pub(crate) use steps::DynPipeline;
pub use steps::{Pipeline, PipelineInfo, PipelineResult};
#[cfg(any(feature = "python", feature = "testing", feature = "local"))]
pub(crate) use upload::UploadRequest;
pub use upload::{Upload, UploadError};

#[doc(hidden)]
pub use args::{ArgOps, arg, read_arg};
