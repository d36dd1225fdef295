//! `cargo iris`: a DFIR-IRIS module author's tools.
//!
//! - `cargo iris new <name>`: a new module crate (processor or pipeline) that builds and passes its
//!   tests as generated, asking what iris-skeleton-module asks.
//! - `cargo iris describe`: what IRIS will show of the module in the current directory.
//! - `cargo iris run <hook> --config FILE --data FILE`: a hook on JSON fixtures, locally.
//! - `cargo iris pipeline --args k=v FILES...`: the pipeline on files, locally.
//! - `cargo iris build`: the wheel IRIS installs, and how to install it.

mod new;
mod runner;
mod wheel;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
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
fn run(command: Command) -> Result<bool, String> {
    match command {
        Command::New(args) => new::run(args).map(|()| true),
        Command::Describe { json, krate } => {
            let mut args = vec!["describe".to_owned()];
            if json {
                args.push("--json".into());
            }
            runner::run(&krate.manifest_path, krate.module.as_deref(), args, true)
        }
        Command::Run {
            hook,
            ui_name,
            config,
            data,
            krate,
        } => {
            let mut args = vec!["run".to_owned(), hook];
            push_option(&mut args, "--ui-name", ui_name);
            push_path(&mut args, "--config", config)?;
            push_path(&mut args, "--data", Some(data))?;
            runner::run(&krate.manifest_path, krate.module.as_deref(), args, false)
        }
        Command::Pipeline {
            config,
            args: pipeline_args,
            files,
            krate,
        } => {
            let mut args = vec!["pipeline".to_owned()];
            push_path(&mut args, "--config", config)?;
            for arg in pipeline_args {
                args.extend(["--args".to_owned(), arg]);
            }
            for file in files {
                args.push(absolute(&file)?);
            }
            runner::run(&krate.manifest_path, krate.module.as_deref(), args, false)
        }
        Command::Build { no_zig, krate } => {
            wheel::build(&krate.manifest_path, !no_zig).map(|()| true)
        }
    }
}

fn push_option(args: &mut Vec<String>, flag: &str, value: Option<String>) {
    if let Some(value) = value {
        args.extend([flag.to_owned(), value]);
    }
}

/// Paths are given to the runner, which runs elsewhere, absolute.
fn push_path(args: &mut Vec<String>, flag: &str, path: Option<PathBuf>) -> Result<(), String> {
    if let Some(path) = path {
        args.extend([flag.to_owned(), absolute(&path)?]);
    }
    Ok(())
}

fn absolute(path: &std::path::Path) -> Result<String, String> {
    std::path::absolute(path)
        .map(|path| path.to_string_lossy().into_owned())
        .map_err(|error| format!("{}: {error}", path.display()))
}
