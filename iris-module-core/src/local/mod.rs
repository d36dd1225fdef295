//! The local runner behind `cargo iris describe | run | pipeline`, as a library: a module
//! crate's modules, run as IRIS would run them, from JSON fixtures and files, without IRIS
//! (feature `local`). A [`Request`] goes in, a [`Report`] comes out; the command line is
//! `cargo iris`'s.
//!
//! `cargo iris` builds a small program that links the module crate and calls [`serve`] with the
//! request as JSON; a module crate can call [`handle`] from a binary of its own:
//!
//! ```no_run
//! use iris_module_core::Registry;
//! use iris_module_core::local::{Command, Request, handle};
//!
//! let registry = Registry::collect()?;
//! let request = Request::new(Command::Describe { json: false, package: None, config: None });
//! let report = handle(&registry, &request, None)?;
//! print!("{report}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod case;
mod config;
mod describe;
mod error;
mod hook;
mod pipeline;
mod progress;
mod report;

pub use describe::{describe_table, description};
pub use error::LocalError;
pub use hook::run_hook;
pub use progress::{PROGRESS_LINE_PREFIX, Progress};
pub use report::{ChangedField, HookReport, PipelineReport, Report};

use crate::pipeline::ProgressObserver;
use crate::registry::{ModuleRegistration, Registry};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::process::ExitCode;

/// What the runner is asked to do, and to which module.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// The module, by name, when the crate has several.
    #[serde(default)]
    pub module: Option<String>,
    /// What to do.
    pub command: Command,
}

impl Request {
    /// `command` on the crate's only module.
    pub fn new(command: Command) -> Self {
        Request {
            module: None,
            command,
        }
    }
}

/// What the runner can do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// What IRIS will show of the module: name, type, versions, configuration, hooks, pipeline.
    Describe {
        /// As JSON rather than tables.
        #[serde(default)]
        json: bool,
        /// The Python package IRIS imports (shown, and used for the class path).
        #[serde(default)]
        package: Option<String>,
        /// The configuration whose registrations to show (none: every default), as for `Run`.
        #[serde(default)]
        config: Option<PathBuf>,
    },
    /// A hook fired at JSON data: the status, the log and what changed.
    Run {
        /// The hook (`on_postload_ioc_create`...).
        hook: String,
        /// The menu entry, for a manual hook handled under several names.
        #[serde(default)]
        ui_name: Option<String>,
        /// The configuration file: `{param: value}`, IRIS's list of entries, or IRIS's exported
        /// configuration (`{"module_configuration": [...]}`); none: every default.
        #[serde(default)]
        config: Option<PathBuf>,
        /// The hook data: a JSON list of objects (or one object).
        data: PathBuf,
    },
    /// Files uploaded through the pipeline's upload step, then a run of the pipeline.
    Pipeline {
        /// The configuration file, as for `Run`.
        #[serde(default)]
        config: Option<PathBuf>,
        /// The pipeline's arguments, `name=value`.
        #[serde(default)]
        args: Vec<String>,
        /// The files to upload.
        files: Vec<PathBuf>,
    },
}

/// Carries out `request` on the modules in `registry`; `progress` hears a pipeline's progress.
pub fn handle(
    registry: &Registry,
    request: &Request,
    progress: Option<ProgressObserver>,
) -> Result<Report, LocalError> {
    let module = pick(registry, request.module.as_deref())?;
    match &request.command {
        Command::Describe {
            json,
            package,
            config,
        } => {
            let config = config::read_config(config.as_deref())?;
            Ok(Report::Description {
                value: description(module, package.as_deref(), &config),
                json: *json,
            })
        }
        Command::Run {
            hook,
            ui_name,
            config,
            data,
        } => {
            let config = config::read_config(config.as_deref())?;
            let data = config::read_json(data)?;
            run_hook(module, hook, ui_name.as_deref(), &config, data).map(Report::Hook)
        }
        Command::Pipeline {
            config,
            args,
            files,
        } => {
            let config = config::read_config(config.as_deref())?;
            pipeline::run(module, &config, args, files, progress).map(Report::Pipeline)
        }
    }
}

/// The runner program's `main`: the [`Request`] as JSON in the first argument, the report on
/// standard output with the pipeline's progress as [`Progress`] lines among it; exits 0 when
/// the call succeeded, 1 when it failed, 2 when it could not start.
pub fn serve() -> ExitCode {
    let outcome = std::env::args()
        .nth(1)
        .ok_or(LocalError::NoRequest)
        .and_then(|text| serde_json::from_str::<Request>(&text).map_err(LocalError::BadRequest))
        .and_then(|request| {
            let registry = Registry::collect()?;
            handle(&registry, &request, Some(progress::to_stdout()))
        });
    match outcome {
        Ok(report) => {
            print!("{report}");
            if report.succeeded() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

/// The module called `name`, or the only one.
fn pick<'a>(
    registry: &'a Registry,
    name: Option<&str>,
) -> Result<&'a ModuleRegistration, LocalError> {
    let names = || registry.modules().iter().map(|m| m.info.name).collect();
    match name {
        Some(name) => registry
            .find(name)
            .ok_or_else(|| LocalError::NoModuleNamed {
                name: name.to_owned(),
                names: names(),
            }),
        None => match registry.modules() {
            [only] => Ok(*only),
            [] => Err(LocalError::NoModule),
            _ => Err(LocalError::SeveralModules { names: names() }),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_reads_as_cargo_iris_writes_it() {
        let request: Request = serde_json::from_str(
            r#"{"module": "IrisVT", "command": {"command": "run", "hook": "on_manual_trigger_ioc",
                "data": "/tmp/iocs.json"}}"#,
        )
        .unwrap();
        assert_eq!(
            request,
            Request {
                module: Some("IrisVT".into()),
                command: Command::Run {
                    hook: "on_manual_trigger_ioc".into(),
                    ui_name: None,
                    config: None,
                    data: "/tmp/iocs.json".into(),
                },
            }
        );
        let text = serde_json::to_string(&request).unwrap();
        assert_eq!(serde_json::from_str::<Request>(&text).unwrap(), request);
    }
}
