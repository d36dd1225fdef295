//! The local runner behind `cargo iris describe | run | pipeline`: a module crate's modules, run
//! as IRIS would run them, from JSON fixtures and files, without IRIS (feature `local`).
//!
//! `cargo iris` builds a small program that links the module crate and calls [`main`]; a module
//! crate can also call it from a binary of its own.

mod case;
mod config;
mod describe;
mod hook;
mod pipeline;

pub use describe::{describe_table, description};
pub use hook::run_json;

use crate::registry::{ModuleRegistration, Registry};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs IRIS modules locally.
#[derive(Parser)]
#[command(
    name = "cargo iris",
    about = "Runs the module's hooks and pipeline as IRIS would."
)]
struct Cli {
    /// The module to use, by name, when the crate has several.
    #[arg(long, global = true)]
    module: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Prints what IRIS will show of the module: name, type, versions, configuration, hooks,
    /// pipeline.
    Describe {
        /// As JSON.
        #[arg(long)]
        json: bool,
        /// The Python package IRIS imports (shown, and used for the class path).
        #[arg(long)]
        package: Option<String>,
    },
    /// Fires a hook at JSON data and prints the status, the log and what changed.
    Run {
        /// The hook (`on_postload_ioc_create`...).
        hook: String,
        /// The menu entry, for a manual hook handled under several names.
        #[arg(long)]
        ui_name: Option<String>,
        /// The configuration: `{param: value}`, IRIS's list of entries, or IRIS's exported
        /// configuration (`{"module_configuration": [...]}`).
        #[arg(long)]
        config: Option<PathBuf>,
        /// The hook data: a JSON list of objects (or one object).
        #[arg(long)]
        data: PathBuf,
    },
    /// Uploads files through the pipeline's upload step, then runs it, with a progress bar.
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
    },
}

/// Parses the command line and runs the command on the modules linked into the program.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<bool, String> {
    let registry = Registry::collect().map_err(|error| error.to_string())?;
    let module = pick(&registry, cli.module.as_deref())?;
    match cli.command {
        Command::Describe { json, package } => {
            let description = description(module, package.as_deref());
            if json {
                let text = serde_json::to_string_pretty(&description)
                    .map_err(|error| error.to_string())?;
                println!("{text}");
            } else {
                print!("{}", describe_table(&description));
            }
            Ok(true)
        }
        Command::Run {
            hook,
            ui_name,
            config,
            data,
        } => hook::run(module, &hook, ui_name.as_deref(), config.as_deref(), &data),
        Command::Pipeline {
            config,
            args,
            files,
        } => pipeline::run(module, config.as_deref(), &args, &files),
    }
}

/// The module called `name`, or the only one.
fn pick<'a>(registry: &'a Registry, name: Option<&str>) -> Result<&'a ModuleRegistration, String> {
    let names: Vec<&str> = registry.modules().iter().map(|m| m.info.name).collect();
    match name {
        Some(name) => registry
            .find(name)
            .ok_or_else(|| format!("no module named `{name}`; the modules are {names:?}")),
        None => match registry.modules() {
            [only] => Ok(*only),
            [] => Err("no IRIS module is linked into this program".into()),
            _ => Err(format!(
                "several modules: choose one with --module ({names:?})"
            )),
        },
    }
}
