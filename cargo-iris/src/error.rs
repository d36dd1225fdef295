//! Why a `cargo iris` command stopped.

use crate::new::NewError;
use std::path::PathBuf;

/// Why a command stopped (a hook or pipeline that ran and failed is not one: the command reports
/// it and exits 1).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// `cargo iris new` wrote nothing.
    #[error(transparent)]
    New(#[from] NewError),
    /// The manifest is not there.
    #[error("{}: {source} (run it in a module crate, or give --manifest-path)", path.display())]
    Manifest {
        /// The manifest given.
        path: PathBuf,
        /// Why it cannot be read.
        source: std::io::Error,
    },
    /// `cargo metadata` failed.
    #[error("cargo metadata: {0}")]
    Metadata(#[from] cargo_metadata::Error),
    /// The crate is not a module crate.
    #[error("{0}")]
    NotAModuleCrate(String),
    /// A path that cannot be made absolute, or a file that cannot be written.
    #[error("{}: {source}", path.display())]
    Path {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The runner's request could not be written.
    #[error("the runner's request: {0}")]
    Request(#[from] serde_json::Error),
    /// A program could not be started.
    #[error("cannot run {program}: {source}")]
    Spawn {
        /// The program (`cargo`, `maturin`).
        program: &'static str,
        /// Why.
        source: std::io::Error,
    },
    /// The local runner stopped before reporting.
    #[error("stopped: {0}")]
    Stopped(&'static str),
    /// The local runner exited with a status of its own.
    #[error("stopped: the runner exited with status {0}")]
    RunnerExited(i32),
    /// A tool the wheel's build needs is missing.
    #[error("{0}")]
    Missing(&'static str),
    /// maturin failed.
    #[error("maturin failed (see above)")]
    Maturin,
    /// maturin succeeded but wrote no wheel of the package.
    #[error("no {lib} wheel in {}", dir.display())]
    NoWheel {
        /// The package.
        lib: String,
        /// Where it was looked for.
        dir: PathBuf,
    },
}
