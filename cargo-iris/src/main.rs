//! `cargo iris`: a DFIR-IRIS module author's tools.
//!
//! - `cargo iris new <name>`: a new module crate (processor or pipeline) that builds and passes its
//!   tests as generated, asking what iris-skeleton-module asks.
//! - `cargo iris describe`: what IRIS will show of the module in the current directory.
//! - `cargo iris run <hook> --config FILE --data FILE`: a hook on JSON fixtures, locally.
//! - `cargo iris pipeline --args k=v FILES...`: the pipeline on files, locally.
//! - `cargo iris build`: the wheel IRIS installs, and how to install it.

mod error;
mod new;
mod runner;
mod wheel;

use clap::{Args, Parser, Subcommand};
use error::CliError;
use iris_module_core::local::{Command as LocalCommand, Request};
use runner::ModuleCrate;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Cargo calls `cargo-iris iris ...`.
#[derive(Parser)]
#[command(name = "cargo", bin_name = "cargo")]
enum CargoCli {
    /// A DFIR-IRIS module author's tools.
    #[command(version)]
    Iris(Cli),
}

#[derive(Args)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Creates a new module crate.
    New(new::NewArgs),
    /// Prints what IRIS will show of the module: names, type, versions, configuration, hooks,
    /// pipeline.
    Describe {
        /// As JSON.
        #[arg(long)]
        json: bool,
        /// The configuration whose hooks to show (`{"param": "value"}`, or IRIS's exported
        /// configuration): the hooks it chooses and each malformed entry it holds.
        #[arg(long)]
        config: Option<PathBuf>,
        #[command(flatten)]
        krate: CrateArgs,
    },
    /// Runs a hook on JSON fixtures, as IRIS would call it.
    Run {
        /// The hook (`on_postload_ioc_create`...).
        hook: String,
        /// The menu entry of a manual hook handled under several names.
        #[arg(long)]
        ui_name: Option<String>,
        /// The configuration (`{"param": "value"}`, or IRIS's exported configuration).
        #[arg(long)]
        config: Option<PathBuf>,
        /// The hook data: a JSON list of objects, as IRIS passes them.
        #[arg(long)]
        data: PathBuf,
        #[command(flatten)]
        krate: CrateArgs,
    },
    /// Uploads files through the pipeline's upload step and runs it, with a progress bar.
    Pipeline {
        /// The configuration, as for `run`.
        #[arg(long)]
        config: Option<PathBuf>,
        /// A pipeline argument, `name=value` (repeat it).
        #[arg(long = "args", value_name = "NAME=VALUE")]
        args: Vec<String>,
        /// The files to upload.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        krate: CrateArgs,
    },
    /// Builds the wheel IRIS installs (maturin), and says how to install it.
    Build {
        /// Build for this machine's glibc only, without zig (the wheel may not install on
        /// IRIS's older image).
        #[arg(long)]
        no_zig: bool,
        #[command(flatten)]
        krate: CrateArgs,
    },
}

/// Which module crate.
#[derive(Args)]
struct CrateArgs {
    /// The module crate's `Cargo.toml` (default: the one in the current directory).
    #[arg(long, default_value = "Cargo.toml")]
    manifest_path: PathBuf,
    /// The module, by name, when the crate has several.
    #[arg(long)]
    module: Option<String>,
}

fn main() -> ExitCode {
    let CargoCli::Iris(cli) = CargoCli::parse();
    match run(cli.command) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Runs the command: `Ok(false)` when a hook or pipeline run failed.
fn run(command: Command) -> Result<bool, CliError> {
    match command {
        Command::New(args) => {
            new::run(args)?;
            Ok(true)
        }
        Command::Describe {
            json,
            config,
            krate,
        } => {
            let config = config.as_deref().map(absolute).transpose()?;
            krate.run(|located| LocalCommand::Describe {
                json,
                package: Some(located.lib.clone()),
                config,
            })
        }
        Command::Run {
            hook,
            ui_name,
            config,
            data,
            krate,
        } => {
            let command = LocalCommand::Run {
                hook,
                ui_name,
                config: config.as_deref().map(absolute).transpose()?,
                data: absolute(&data)?,
            };
            krate.run(|_| command)
        }
        Command::Pipeline {
            config,
            args,
            files,
            krate,
        } => {
            let command = LocalCommand::Pipeline {
                config: config.as_deref().map(absolute).transpose()?,
                args,
                files: files
                    .iter()
                    .map(|file| absolute(file))
                    .collect::<Result<_, _>>()?,
            };
            krate.run(|_| command)
        }
        Command::Build { no_zig, krate } => {
            wheel::build(&krate.manifest_path, !no_zig).map(|()| true)
        }
    }
}

impl CrateArgs {
    /// Locates the module crate once and runs the local runner on it with the command `command`
    /// makes of it, for the chosen module.
    fn run(&self, command: impl FnOnce(&ModuleCrate) -> LocalCommand) -> Result<bool, CliError> {
        let located = ModuleCrate::locate(&self.manifest_path)?;
        let request = Request {
            module: self.module.clone(),
            command: command(&located),
        };
        runner::run(&located, &request)
    }
}

/// Paths are given to the runner, which runs elsewhere, absolute.
fn absolute(path: &Path) -> Result<PathBuf, CliError> {
    std::path::absolute(path).map_err(|source| CliError::Path {
        path: path.to_owned(),
        source,
    })
}
