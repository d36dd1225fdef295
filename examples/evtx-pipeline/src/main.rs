//! Runs `IrisEvtx` locally, as IRIS would: each file goes through the upload step into an upload
//! directory, then the pipeline runs on them; prints the status, the log, the evidence and what
//! the run added to the case (in memory).
//!
//! ```text
//! evtx-pipeline --index main [--hostname DC01] [--output-dir DIR] [--threads N] [--ndjson-only] FILE...
//! evtx-pipeline --index main --uploads-dir DIR      # the processing step only, on DIR's files
//! evtx-pipeline --index main --uploads-dir DIR --upload-only FILE...   # the upload step only
//! ```

use clap::Parser;
use iris_evtx_module::Evtx;
use iris_module_core::testing::PipelineHarness;
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs the EVTX pipeline on local files, writing NDJSON.
#[derive(Parser)]
#[command(name = "evtx-pipeline", version)]
struct Cli {
    /// The index the events are sent to (`index_evtx`).
    #[arg(long)]
    index: String,
    /// A host name recorded instead of each event's `Computer` (`hostname_evtx`).
    #[arg(long)]
    hostname: Option<String>,
    /// Where the NDJSON files go.
    #[arg(long, default_value = "evtx-output")]
    output_dir: PathBuf,
    /// Parser threads (0: one per core).
    #[arg(long, default_value_t = 0)]
    threads: u32,
    /// Print only the status line (for benchmarks).
    #[arg(long)]
    quiet: bool,
    /// Send the events only: no host assets, no timeline events for the case.
    #[arg(long)]
    ndjson_only: bool,
    /// The upload directory: FILEs are uploaded into it (the processing step then runs on
    /// everything it holds); without FILEs, only the processing step runs.
    #[arg(long)]
    uploads_dir: Option<PathBuf>,
    /// Only the upload step (with `--uploads-dir`).
    #[arg(long, requires = "uploads_dir")]
    upload_only: bool,
    /// The EVTX files.
    #[arg(required_unless_present = "uploads_dir")]
    files: Vec<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: &Cli) -> Result<bool, Box<dyn std::error::Error>> {
    let mut config = json!({
        "output": "ndjson",
        "ndjson_directory": cli.output_dir.to_string_lossy(),
        "parser_threads": cli.threads.to_string(),
    });
    if cli.ndjson_only {
        config["add_hosts_as_assets"] = json!(false);
        config["timeline_events"] = json!("");
    }
    let harness = PipelineHarness::<Evtx>::from_config(config)?;
    let temporary = tempfile::tempdir()?;
    let uploads = cli.uploads_dir.as_deref().unwrap_or(temporary.path());
    for path in &cli.files {
        let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let upload = harness.upload(uploads, &name, file);
        if !cli.quiet || upload.status.is_failure() {
            println!("upload:  {}", upload.status.message);
        }
    }
    if cli.upload_only {
        return Ok(true);
    }
    let run = harness.run(
        uploads,
        json!({"index_evtx": cli.index, "hostname_evtx": cli.hostname}),
    );
    println!(
        "status:  {} (code {:#x}): {}",
        if run.is_success() {
            "success"
        } else {
            "failure"
        },
        run.status.code,
        run.status.message
    );
    if !cli.quiet {
        println!("log:");
        for line in &run.log {
            println!("  [{}] {}", line.level, line.message);
        }
        println!("evidence:");
        for evidence in harness.evidence() {
            println!(
                "  {} ({} bytes, sha256 {}): {}",
                evidence.filename, evidence.size, evidence.sha256, evidence.description
            );
        }
        println!("added to the case:");
        for object in harness.cases().objects() {
            println!("  {object}");
        }
    }
    Ok(run.is_success())
}
