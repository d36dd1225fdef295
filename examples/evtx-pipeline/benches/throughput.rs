//! The EVTX pipeline's processing step against the `evtx` crate's own `evtx_dump` (the parser
//! alone, writing JSON lines), on the same multi-megabyte Security log, in the same run, with and
//! without its case part (hosts as assets, notable events on the timeline): wall
//! time (the best and the median of interleaved rounds: on a shared machine noise only adds
//! time), records and megabytes per second, and peak memory.
//!
//! ```text
//! cargo install evtx --version =0.15.1 --locked --root target/tools    # evtx_dump, once
//! EVTX_DUMP=target/tools/bin/evtx_dump cargo bench -p evtx-pipeline --bench throughput
//! ```
//!
//! `BENCH_RECORDS` (default 120,000, about 168 MB) and `BENCH_ROUNDS` (default 7) size the run;
//! `BENCH_VERBOSE=1` prints every round's times.
//! Peak memory is GNU time's maximum resident set size of each process. The file reaches the
//! pipeline through its upload step (not timed), as in IRIS; the processing step hashes it again
//! for the evidence (alongside the parsing), since a file's identity is never taken from anything
//! recorded on it.

use iris_evtx_module::Evtx;
use iris_module_core::testing::PipelineHarness;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// One measured run: wall seconds and peak resident memory in KiB.
struct Sample {
    seconds: f64,
    peak_kib: u64,
}

fn main() {
    let records: usize = env_or("BENCH_RECORDS", 120_000);
    let rounds: usize = env_or("BENCH_ROUNDS", 7);
    let evtx_dump = evtx_dump();
    if Command::new(&evtx_dump).arg("--version").output().is_err() {
        eprintln!(
            "evtx_dump not found (EVTX_DUMP={evtx_dump}): install it with \
             `cargo install evtx --version =0.15.1 --locked --root target/tools`"
        );
        std::process::exit(2);
    }
    let pipeline = env!("CARGO_BIN_EXE_evtx-pipeline");
    let work = tempfile::tempdir().expect("a work directory");
    let input = work.path().join("Security.evtx");
    let events = evtx_samples::SecurityEvents::new(42).take(records);
    std::fs::write(&input, evtx_samples::write_evtx(events)).expect("the input file");
    let megabytes = std::fs::metadata(&input).expect("input").len() as f64 / 1e6;

    let (mut ours, mut theirs, mut with_case) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let run_ours = || run_pipeline(pipeline, work.path(), &input, records, false);
        let run_with_case = || run_pipeline(pipeline, work.path(), &input, records, true);
        let run_theirs = || run_evtx_dump(&evtx_dump, work.path(), &input, records);
        if round % 2 == 0 {
            ours.push(run_ours());
            theirs.push(run_theirs());
            with_case.push(run_with_case());
        } else {
            with_case.push(run_with_case());
            theirs.push(run_theirs());
            ours.push(run_ours());
        }
    }
    if std::env::var_os("BENCH_VERBOSE").is_some() {
        let show = |samples: &[Sample]| {
            let times: Vec<String> = samples
                .iter()
                .map(|s| format!("{:.3}", s.seconds))
                .collect();
            times.join(" ")
        };
        eprintln!(
            "ours:   {}\ncase:   {}\ntheirs: {}",
            show(&ours),
            show(&with_case),
            show(&theirs)
        );
    }
    let (ours, theirs, with_case) = (
        Summary::of(ours),
        Summary::of(theirs),
        Summary::of(with_case),
    );
    println!(
        "{records} records, {megabytes:.1} MB of EVTX, {rounds} interleaved rounds, {} cores",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("| | best time | median time | records/s (best) | MB/s (best) | peak memory |");
    println!("|---|---|---|---|---|---|");
    for (name, summary) in [
        ("evtx_dump -o jsonl (the parser alone)", &theirs),
        ("IrisEvtx processing step (NDJSON output only)", &ours),
        (
            "IrisEvtx processing step (NDJSON, and hosts and notable events for the case)",
            &with_case,
        ),
    ] {
        println!(
            "| {name} | {:.3} s | {:.3} s | {:.0} | {:.1} | {:.1} MiB |",
            summary.best,
            summary.median,
            records as f64 / summary.best,
            megabytes / summary.best,
            summary.peak_kib as f64 / 1024.0
        );
    }
    let best = ours.best / theirs.best;
    println!(
        "pipeline / parser alone: {best:.2}x best time ({}), {:.2}x median time, {:.2}x peak memory",
        if best <= 1.2 {
            "within the 1.2x target"
        } else {
            "above the 1.2x target"
        },
        ours.median / theirs.median,
        ours.peak_kib as f64 / theirs.peak_kib as f64
    );
    println!(
        "case part / NDJSON only: {:.2}x best time, {:.2}x median time, {:.2}x peak memory",
        with_case.best / ours.best,
        with_case.median / ours.median,
        with_case.peak_kib as f64 / ours.peak_kib as f64
    );
}

/// The rounds of one side: best and median wall time, largest peak memory.
struct Summary {
    best: f64,
    median: f64,
    peak_kib: u64,
}

impl Summary {
    fn of(mut samples: Vec<Sample>) -> Self {
        samples.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
        Summary {
            best: samples[0].seconds,
            median: samples[samples.len() / 2].seconds,
            peak_kib: samples.iter().map(|s| s.peak_kib).max().unwrap_or(0),
        }
    }
}

/// The processing step on a fresh upload directory where the upload step (not timed) saved
/// `input`, as in IRIS; with `case`, the hosts and notable events are also added to the case (in
/// memory: IRIS's database costs are BENCHMARKS.md's per-call figures).
fn run_pipeline(pipeline: &str, work: &Path, input: &Path, records: usize, case: bool) -> Sample {
    let uploads = fresh_dir(work, "uploads");
    let output = fresh_dir(work, "output");
    let harness = PipelineHarness::<Evtx>::new().expect("the module");
    let file = std::fs::File::open(input).expect("the input");
    harness
        .upload(&uploads, "Security.evtx", file)
        .assert_success();
    let mut command = Command::new(pipeline);
    command
        .args(["--quiet", "--index", "bench", "--output-dir"])
        .arg(&output)
        .arg("--uploads-dir")
        .arg(&uploads);
    if !case {
        command.arg("--ndjson-only");
    }
    let sample = timed(&mut command);
    let written = output.join("case-1/bench/Security.evtx.ndjson");
    assert_eq!(count_lines(&written), records, "{}", written.display());
    sample
}

/// `evtx_dump -o jsonl` into a file.
fn run_evtx_dump(evtx_dump: &str, work: &Path, input: &Path, records: usize) -> Sample {
    let output = fresh_dir(work, "dump").join("dump.jsonl");
    let sample = timed(
        Command::new(evtx_dump)
            .args(["-o", "jsonl", "--no-confirm-overwrite", "-f"])
            .arg(&output)
            .arg(input),
    );
    assert_eq!(count_lines(&output), records);
    sample
}

/// Runs `command` under GNU time: the wall time measured here, the peak memory GNU time reports.
/// The file system's pending work (the setup's writes and deletions) is flushed first, so that
/// neither side pays for it.
fn timed(command: &mut Command) -> Sample {
    let _ = Command::new("sync").status();
    let mut wrapped = Command::new("/usr/bin/time");
    wrapped
        .args(["-f", "peak_kib=%M"])
        .arg(command.get_program());
    wrapped.args(command.get_args());
    let started = Instant::now();
    let output = wrapped
        .output()
        .expect("/usr/bin/time (GNU time) runs the command");
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let peak_kib = stderr
        .lines()
        .rev()
        .find_map(|line| line.strip_prefix("peak_kib="))
        .and_then(|value| value.trim().parse().ok())
        .expect("GNU time's peak memory");
    Sample { seconds, peak_kib }
}

fn fresh_dir(work: &Path, name: &str) -> PathBuf {
    let dir = work.join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a fresh directory");
    dir
}

fn count_lines(path: &Path) -> usize {
    let bytes = std::fs::read(path).unwrap_or_default();
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// `EVTX_DUMP` (a relative path is taken from the workspace root, where `cargo bench` is run
/// from, though benchmarks run in their package's directory), else `evtx_dump` on the `PATH`.
fn evtx_dump() -> String {
    let Ok(path) = std::env::var("EVTX_DUMP") else {
        return "evtx_dump".into();
    };
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    if Path::new(&path).is_relative() && !Path::new(&path).exists() {
        return workspace.join(&path).to_string_lossy().into_owned();
    }
    path
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}
