//! Runs `IrisEvtx` locally, as IRIS would: each file goes through the upload step into an upload
//! directory, then the pipeline runs on them; prints the status, the log and the evidence.
//!
//! ```text
//! evtx-pipeline --index main [--hostname DC01] [--output-dir DIR] [--threads N] FILE...
//! evtx-pipeline --index main --uploads-dir DIR      # the processing step only, on DIR's files
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
    /// Run the processing step on the files already in this directory (no upload step).
    #[arg(long, conflicts_with = "files")]
    uploads_dir: Option<PathBuf>,
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

fn run(cli: &Cli) -> Result<bool, String> {
    let config = json!({
        "output": "ndjson",
        "ndjson_directory": cli.output_dir.to_string_lossy(),
        "parser_threads": cli.threads.to_string(),
    });
    let harness = PipelineHarness::<Evtx>::from_config(config).map_err(|e| e.to_string())?;
    let temporary = tempfile::tempdir().map_err(|e| e.to_string())?;
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
    }
    Ok(run.is_success())
}
