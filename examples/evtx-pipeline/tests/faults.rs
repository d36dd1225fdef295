//! The fault-injection suite of pipelines (run by `.ci/run` with `--ignored --nocapture`; each
//! test prints a `faults:` line with its counts and fails on any loss, debris, duplicate or silent
//! shortfall). Bounded in count and time; everything stays on this machine.
//!
//! - kills: `SIGKILL` of an upload and of a pipeline run (the `evtx-pipeline` runner, a separate
//!   process) at random moments, then a run again: no file lost, no event twice, no debris;
//! - races: uploads of the same names while runs fail and put their files back: no upload lost or
//!   overwritten;
//! - mutants: damaged EVTX files: no event lost without a warning or an error;
//! - names at the length limit: refused at upload, or processed; never a failing run.

use iris_evtx_module::Evtx;
use iris_module_core::testing::PipelineHarness;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A small deterministic random source (xorshift), seeded per test.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }
}

fn seed() -> u64 {
    std::env::var("FAULT_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or(0x9e37_79b9_7f4a_7c15)
}

/// The EVTX files of a test: `count` files of `records` events each, distinct contents.
fn logs(dir: &Path, count: usize, records: usize) -> Vec<PathBuf> {
    (0..count)
        .map(|index| {
            let path = dir.join(format!("Host{index}-Security.evtx"));
            let events = evtx_samples::SecurityEvents::new(index as u64 + 11).take(records);
            std::fs::write(&path, evtx_samples::write_evtx(events)).unwrap();
            path
        })
        .collect()
}

/// Every entry below `dir` whose name starts with a dot (uploads in progress, claims, temporary
/// outputs): debris once nothing runs.
fn hidden_entries(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            found.push(path.clone());
        }
        if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
            found.extend(hidden_entries(&path));
        }
    }
    found
}

/// (source file, record id) of every event written below `out`, with how often.
fn written_events(out: &Path) -> BTreeMap<(String, u64), u32> {
    let mut events = BTreeMap::new();
    let mut stack = vec![out.to_owned()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if !entry.file_name().to_string_lossy().starts_with('.') {
                for (number, line) in std::fs::read_to_string(&path).unwrap().lines().enumerate() {
                    // A damaged record can render to a line that is not valid JSON (see the
                    // mutants' count): it is still an event written.
                    let key = match serde_json::from_str::<Value>(line) {
                        Ok(event) => (
                            event["source"].as_str().unwrap_or_default().to_owned(),
                            event["event"]["Event"]["System"]["EventRecordID"]
                                .as_u64()
                                .unwrap_or(u64::MAX - number as u64),
                        ),
                        Err(_) => ("<not JSON>".to_owned(), number as u64),
                    };
                    *events.entry(key).or_insert(0) += 1;
                }
            }
        }
    }
    events
}

/// The `evtx-pipeline` runner on `uploads` and `out`, with `files` to upload first.
fn runner(uploads: &Path, out: &Path, files: &[PathBuf], upload_only: bool) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_evtx-pipeline"));
    command
        .args([
            "--index",
            "main",
            "--quiet",
            "--threads",
            "2",
            "--uploads-dir",
        ])
        .arg(uploads)
        .arg("--output-dir")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if upload_only {
        command.arg("--upload-only");
    }
    command.args(files);
    command
}

/// Runs `command`, killing it with `SIGKILL` after `after` if it is still running; whether it
/// was killed.
fn run_and_kill(mut command: Command, after: Duration) -> bool {
    let mut child = command.spawn().unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        if start.elapsed() >= after {
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            return true;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

/// How long a full run of `command` takes (to spread the kills over it).
fn duration_of(mut command: Command) -> Duration {
    let start = Instant::now();
    assert!(command.status().unwrap().success());
    start.elapsed()
}

#[test]
#[ignore = "fault-injection suite: .ci/run runs it with --ignored"]
fn kills_lose_nothing_and_leave_nothing() {
    let rounds: usize = std::env::var("FAULT_KILLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(24);
    let mut random = Random(seed());
    let inputs = tempfile::tempdir().unwrap();
    let files = logs(inputs.path(), 4, 2000);
    let expected: usize = 4 * 2000;
    let (mut killed, mut lost, mut duplicated, mut debris) = (0, 0, 0, 0);
    let started = Instant::now();

    // The time of a whole upload and of a whole run, to spread the kills over them.
    let probe = tempfile::tempdir().unwrap();
    let (uploads, out) = (probe.path().join("up"), probe.path().join("out"));
    std::fs::create_dir(&uploads).unwrap();
    let upload_time = duration_of(runner(&uploads, &out, &files, true));
    let run_time = duration_of(runner(&uploads, &out, &[], false));

    for round in 0..rounds {
        let work = tempfile::tempdir().unwrap();
        let (uploads, out) = (work.path().join("up"), work.path().join("out"));
        std::fs::create_dir(&uploads).unwrap();
        if round % 2 == 0 {
            // An upload killed at a random moment; the next upload and run must cope.
            let at = Duration::from_micros(random.below(upload_time.as_micros() as u64 + 1));
            killed += usize::from(run_and_kill(runner(&uploads, &out, &files, true), at));
            assert!(
                runner(&uploads, &out, &files, true)
                    .status()
                    .unwrap()
                    .success()
            );
        } else {
            // A run killed at a random moment, over complete uploads.
            assert!(
                runner(&uploads, &out, &files, true)
                    .status()
                    .unwrap()
                    .success()
            );
            let at = Duration::from_micros(random.below(run_time.as_micros() as u64 + 1));
            killed += usize::from(run_and_kill(runner(&uploads, &out, &[], false), at));
        }
        // The next run takes up whatever the killed process left.
        let rerun = runner(&uploads, &out, &[], false)
            .stdout(Stdio::piped())
            .output()
            .unwrap();
        let events = written_events(&out);
        // An upload completed just before its process was killed is uploaded again under a
        // numbered name (`Host0-Security-2.evtx`): the same log, whose events must not be
        // imported twice. Events are counted by the log they come from.
        let mut by_log: BTreeMap<(String, u64), u32> = BTreeMap::new();
        for ((source, id), count) in &events {
            *by_log.entry((original_name(source), *id)).or_insert(0) += count;
        }
        let wanted = |file: &PathBuf| file.file_name().unwrap().to_string_lossy().into_owned();
        let present = files
            .iter()
            .flat_map(|file| (1..=2000u64).map(move |id| (wanted(file), id)))
            .filter(|key| by_log.contains_key(key))
            .count();
        lost += expected - present;
        duplicated += by_log.values().filter(|&&count| count > 1).count();
        let left = hidden_entries(&uploads).len() + hidden_entries(&out).len();
        let remaining = std::fs::read_dir(&uploads).unwrap().count();
        debris += left + remaining;
        // Nothing to process is right when the killed run had finished its work.
        let said = String::from_utf8_lossy(&rerun.stdout);
        assert!(
            rerun.status.success() || said.contains("no uploaded file to process"),
            "round {round}: the run after the kill failed: {said}"
        );
    }
    println!(
        "faults: kills rounds={rounds} killed={killed} files_lost_events={lost} \
         events_twice={duplicated} debris={debris} ({:.1} s)",
        started.elapsed().as_secs_f64()
    );
    assert_eq!((lost, duplicated, debris), (0, 0, 0));
    assert!(
        killed >= rounds / 2,
        "too few processes were killed in time: {killed}"
    );
}

/// `Host0-Security.evtx` for `Host0-Security-2.evtx`.
fn original_name(name: &str) -> String {
    match name.rsplit_once('.').and_then(|(stem, ext)| {
        let (base, number) = stem.rsplit_once('-')?;
        number.parse::<u32>().ok().map(|_| format!("{base}.{ext}"))
    }) {
        Some(original) => original,
        None => name.to_owned(),
    }
}

fn harness(out: &Path, output: Value) -> PipelineHarness<Evtx> {
    let mut config = json!({"ndjson_directory": out.to_string_lossy(), "parser_threads": "2"});
    for (key, value) in output.as_object().unwrap() {
        config[key] = value.clone();
    }
    PipelineHarness::from_config(config).unwrap()
}

#[test]
#[ignore = "fault-injection suite: .ci/run runs it with --ignored"]
fn uploads_racing_failing_runs_are_never_lost_or_overwritten() {
    let rounds = 40;
    let work = tempfile::tempdir().unwrap();
    let uploads = work.path().join("up");
    std::fs::create_dir(&uploads).unwrap();
    // Runs fail: the HEC collector cannot be reached, so each run puts its files back.
    let failing = harness(
        work.path(),
        json!({"output": "splunk_hec", "hec_url": "http://127.0.0.1:9/services/collector/event",
               "hec_token": "t", "hec_max_attempts": "1"}),
    );
    let valid = evtx_samples::samples(evtx_samples::SAMPLE_RECORDS)
        .remove(0)
        .1;
    let started = Instant::now();
    let uploaded = std::thread::scope(|scope| {
        let uploader = scope.spawn(|| {
            let mut uploaded = Vec::new();
            for round in 0..rounds {
                // Same names again and again, each upload with content of its own.
                let mut content = valid.clone();
                content.extend_from_slice(format!("upload {round}").as_bytes());
                let run = failing.upload(
                    &uploads,
                    &format!("Security{}.evtx", round % 3),
                    &content[..],
                );
                assert!(run.is_success(), "{}", run.status.message);
                uploaded.push(content);
            }
            uploaded
        });
        for _ in 0..rounds {
            let run = failing.run(&uploads, json!({"index_evtx": "main"}));
            assert!(!run.is_success() || run.status.message.contains("no uploaded file"));
        }
        uploader.join().unwrap()
    });
    // One more failing run after the uploads ended, then count what is there.
    let _ = failing.run(&uploads, json!({"index_evtx": "main"}));
    let mut present: Vec<Vec<u8>> = std::fs::read_dir(&uploads)
        .unwrap()
        .flatten()
        .filter(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
        .map(|entry| std::fs::read(entry.path()).unwrap())
        .collect();
    present.sort();
    let mut expected = uploaded.clone();
    expected.sort();
    let lost = expected.iter().filter(|c| !present.contains(c)).count();
    let debris = hidden_entries(&uploads).len();
    println!(
        "faults: races uploads={} runs={} lost_or_overwritten={lost} debris={debris} ({:.1} s)",
        uploaded.len(),
        rounds + 1,
        started.elapsed().as_secs_f64()
    );
    assert_eq!((lost, debris, present.len()), (0, 0, uploaded.len()));
}

/// The offsets of a chunk header's fields the parser relies on, with their widths.
const CHUNK_FIELDS: &[(&str, usize, usize)] = &[
    ("first record number", 8, 8),
    ("last record number", 16, 8),
    ("first record id", 24, 8),
    ("last record id", 32, 8),
    ("last record offset", 44, 4),
    ("free space offset", 48, 4),
];

#[test]
#[ignore = "fault-injection suite: .ci/run runs it with --ignored"]
fn damaged_files_never_lose_events_in_silence() {
    let valid = evtx_samples::samples(evtx_samples::SAMPLE_RECORDS)
        .remove(0)
        .1;
    let chunks = (valid.len() - 4096) / 65536;
    let mut mutants: Vec<(String, Vec<u8>)> = Vec::new();
    for chunk in 0..chunks {
        for &(field, offset, width) in CHUNK_FIELDS {
            for value in [0u64, 1, 2, u64::from(u32::MAX)] {
                let mut bytes = valid.clone();
                let at = 4096 + chunk * 65536 + offset;
                bytes[at..at + width].copy_from_slice(&value.to_le_bytes()[..width]);
                mutants.push((format!("chunk {chunk} {field} = {value}"), bytes));
            }
        }
    }
    let mut random = Random(seed());
    let random_mutants: usize = std::env::var("FAULT_MUTANTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(600);
    for index in 0..random_mutants {
        let mut bytes = valid.clone();
        match index % 3 {
            0 => {
                let cut = 4096 + random.below((bytes.len() - 4096) as u64) as usize;
                bytes.truncate(cut);
            }
            _ => {
                let mut flips = Vec::new();
                for _ in 0..1 + random.below(4) {
                    let at = random.below(bytes.len() as u64) as usize;
                    let bit = random.below(8);
                    bytes[at] ^= 1 << bit;
                    flips.push(format!("{at}:{bit}"));
                }
                mutants.push((format!("random mutant {index} (bits {flips:?})"), bytes));
                continue;
            }
        }
        mutants.push((format!("random mutant {index} (cut)"), bytes));
    }
    let mut cut_after_header = valid.clone();
    cut_after_header.truncate(4096);
    mutants.push(("cut right after the file header".into(), cut_after_header));

    let started = Instant::now();
    let (mut silent, mut warned, mut failed, mut whole, mut not_json) = (0, 0, 0, 0, 0);
    let mut silent_cases = Vec::new();
    for (name, bytes) in &mutants {
        let work = tempfile::tempdir().unwrap();
        let (uploads, out) = (work.path().join("up"), work.path().join("out"));
        std::fs::create_dir(&uploads).unwrap();
        let harness = harness(&out, json!({"output": "ndjson"}));
        if !harness
            .upload(&uploads, "Mutant.evtx", &bytes[..])
            .is_success()
        {
            failed += 1;
            continue;
        }
        let run = harness.run(&uploads, json!({"index_evtx": "main"}));
        let events = written_events(&out);
        // Lines, not distinct ids: a damaged record can carry another record's id.
        let written = events.values().sum::<u32>() as usize;
        not_json += events
            .keys()
            .filter(|(source, _)| source == "<not JSON>")
            .count();
        let said = run.log.iter().any(|line| {
            line.message.contains("fewer than")
                || line.message.contains("unreadable")
                || line.message.contains("truncated")
        });
        if !run.is_success() {
            failed += 1;
            assert!(
                harness.evidence().is_empty(),
                "{name}: a failed file became evidence"
            );
        } else if written == evtx_samples::SAMPLE_RECORDS {
            whole += 1;
        } else if said {
            warned += 1;
        } else {
            silent += 1;
            silent_cases.push(format!("{name}: {written} events"));
        }
    }
    println!(
        "faults: evtx mutants={} complete={whole} shortfall_warned={warned} file_failed={failed} \
         silent_losses={silent} events_not_json={not_json} ({:.1} s)",
        mutants.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(silent_cases.is_empty(), "{silent_cases:#?}");
}

#[test]
#[ignore = "fault-injection suite: .ci/run runs it with --ignored"]
fn names_at_the_length_limit_are_refused_at_upload_or_processed() {
    let valid = evtx_samples::samples(evtx_samples::SAMPLE_RECORDS)
        .remove(0)
        .1;
    let (mut refused, mut processed, mut failed_runs) = (0, 0, 0);
    for length in 215..=260usize {
        let work = tempfile::tempdir().unwrap();
        let (uploads, out) = (work.path().join("up"), work.path().join("out"));
        std::fs::create_dir(&uploads).unwrap();
        let harness = harness(&out, json!({"output": "ndjson"}));
        let name = format!("{}.evtx", "n".repeat(length - 5));
        let upload = harness.upload(&uploads, &name, &valid[..]);
        if !upload.is_success() {
            refused += 1;
            continue;
        }
        // Twice the same name: the second is numbered, and must fit too.
        assert!(harness.upload(&uploads, &name, &valid[..]).is_success());
        let run = harness.run(&uploads, json!({"index_evtx": "main"}));
        if run.is_success() {
            processed += 1;
        } else {
            failed_runs += 1;
            eprintln!("{length}: {}", run.status.message);
        }
    }
    println!(
        "faults: names lengths=215..=260 refused_at_upload={refused} processed={processed} \
         failing_runs={failed_runs}"
    );
    assert_eq!(failed_runs, 0);
}

/// What a hostile collector does to a POST.
#[derive(Clone, Copy, Debug)]
enum Hostility {
    /// Refuses it with a body that quotes the token (and the `Authorization` header).
    Echo(u16),
    /// Redirects it to another origin, whose server answers 200 to anything.
    RedirectElsewhere(u16),
    /// Redirects it to another path of its own, which answers 200 to anything.
    RedirectHere(u16),
    /// Answers after the client's time limit.
    Slow,
    /// Accepts it (the control: everything delivered).
    Accept,
}

#[test]
#[ignore = "fault-injection suite: .ci/run runs it with --ignored"]
fn hostile_collectors_get_no_secret_and_nothing_passes_for_delivered() {
    use loopback::{Answer, HttpServer};
    const TOKEN: &str = "hec-token-under-attack-7c1e";
    let mut scenarios = vec![Hostility::Slow, Hostility::Accept];
    for status in [400, 401, 403, 500, 503] {
        scenarios.push(Hostility::Echo(status));
    }
    for status in [301, 302, 303, 307, 308] {
        scenarios.push(Hostility::RedirectElsewhere(status));
        scenarios.push(Hostility::RedirectHere(status));
    }
    let valid = evtx_samples::samples(evtx_samples::SAMPLE_RECORDS)
        .remove(0)
        .1;
    let (mut leaked, mut elsewhere, mut wrongly_delivered, mut hung) = (0, 0, 0, 0);
    let started = Instant::now();
    for &hostility in &scenarios {
        let third_party =
            HttpServer::start(|_| Answer::json(200, r#"{"text":"Success","code":0}"#));
        let target = third_party.base.clone();
        let server = HttpServer::start(move |request| match hostility {
            Hostility::Echo(status) => Answer::json(
                status,
                format!(
                    r#"{{"text":"bad token {TOKEN}, header {}","code":4}}"#,
                    request.header("authorization").unwrap_or_default()
                ),
            ),
            Hostility::RedirectElsewhere(status) => {
                Answer::json(status, "").with_header("Location", &format!("{target}/steal"))
            }
            Hostility::RedirectHere(status) if request.url != "/moved" => {
                Answer::json(status, "").with_header("Location", "/moved")
            }
            Hostility::Slow => {
                std::thread::sleep(Duration::from_millis(2500));
                Answer::json(200, r#"{"text":"Success","code":0}"#)
            }
            _ => Answer::json(200, r#"{"text":"Success","code":0}"#),
        });
        let work = tempfile::tempdir().unwrap();
        let uploads = work.path().join("up");
        std::fs::create_dir(&uploads).unwrap();
        let harness = harness(
            work.path(),
            json!({"output": "splunk_hec", "hec_url": format!("{}/services/collector/event", server.base),
                   "hec_token": TOKEN, "hec_max_attempts": "2", "hec_timeout_seconds": "1",
                   "hec_batch_size": "50"}),
        );
        assert!(
            harness
                .upload(&uploads, "Security.evtx", &valid[..])
                .is_success()
        );
        let begun = Instant::now();
        let run = harness.run(&uploads, json!({"index_evtx": "main"}));
        hung += usize::from(begun.elapsed() > Duration::from_secs(20));
        let said = format!("{:?} {:?}", run.status, run.log);
        leaked += usize::from(said.contains(TOKEN));
        elsewhere += third_party.received().len();
        let accepted = matches!(hostility, Hostility::Accept);
        // A run reported as a success must have had every batch accepted by the collector.
        if run.is_success() != accepted || (!accepted && !harness.evidence().is_empty()) {
            wrongly_delivered += 1;
            eprintln!("{hostility:?}: {}", run.status.message);
        }
    }
    println!(
        "faults: hostile collectors scenarios={} secrets_leaked={leaked} \
         requests_to_another_origin={elsewhere} batches_counted_wrongly={wrongly_delivered} \
         hangs={hung} ({:.1} s)",
        scenarios.len(),
        started.elapsed().as_secs_f64()
    );
    assert_eq!((leaked, elsewhere, wrongly_delivered, hung), (0, 0, 0, 0));
}
