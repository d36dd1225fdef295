//! Why a local run could not start.

use crate::config::ConfigError;
use crate::payload::PayloadError;
use crate::registry::DuplicateModule;
use std::path::PathBuf;

/// Why the runner could not carry out a request (a hook or pipeline that ran and failed is a
/// [`Report`](super::Report) whose status says so, not an error).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LocalError {
    /// The runner program was started without a request.
    #[error(
        "no request: the runner takes a request as JSON in its first argument (cargo iris gives it)"
    )]
    NoRequest,
    /// The request is not one the runner understands.
    #[error("not a request the runner understands: {0}")]
    BadRequest(#[source] serde_json::Error),
    /// Two modules of the program share a name.
    #[error(transparent)]
    Registry(#[from] DuplicateModule),
    /// No module has the name asked for.
    #[error("no module named `{name}`; the modules are {names:?}")]
    NoModuleNamed {
        /// The name asked for.
        name: String,
        /// The modules there are.
        names: Vec<&'static str>,
    },
    /// The program links no module.
    #[error("no IRIS module is linked into this program")]
    NoModule,
    /// The program links several modules and none was chosen.
    #[error("several modules: choose one with --module ({names:?})")]
    SeveralModules {
        /// The modules there are.
        names: Vec<&'static str>,
    },
    /// A file could not be read.
    #[error("{}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What reading it said.
        source: std::io::Error,
    },
    /// A file is not JSON.
    #[error("{}: {source}", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// Where it stops being JSON.
        source: serde_json::Error,
    },
    /// The configuration is not the module's.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The hook is not one of IRIS's.
    #[error("{0}")]
    NotAHook(String),
    /// The hook data is not what IRIS passes with the hook.
    #[error(transparent)]
    Payload(#[from] PayloadError),
    /// A pipeline run of a processor module.
    #[error("`{0}` is a processor module: it has no pipeline")]
    NotAPipeline(&'static str),
    /// A pipeline argument not written `name=value`.
    #[error("expected --args name=value, found {0:?}")]
    PipelineArg(String),
    /// The upload folder could not be made.
    #[error("cannot make the upload folder: {0}")]
    UploadFolder(#[source] std::io::Error),
}
