//! The fault-injection suite of pipelines (run by `.ci/run` with `--ignored --nocapture`; each
//! test prints a `faults:` line with its counts and fails on any loss, debris, duplicate, silent
//! shortfall or output line that is not valid JSON). Bounded in count and time; everything stays
//! on this machine.
//!
//! - kills: `SIGKILL` of an upload and of a pipeline run (the `evtx-pipeline` runner, a separate
//!   process) at random moments, then a run again: no file lost, no event twice, no debris;
//! - races: uploads of the same names while runs fail and put their files back: no upload lost or
//!   overwritten;
//! - mutants: damaged EVTX files: no event lost without a warning or an error;
//! - control characters, lone surrogates, quotes and backslashes in the names and values of
//!   records: every line valid JSON, each counted as sent only if written, the text kept;
//! - forged recorded hashes (an extended attribute claiming an imported file's SHA-256, on another
//!   file of equal or other size and time) and uploads rewritten in place: nothing skipped or
//!   deleted unless its content was imported, evidence under the content's real hash;
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

/// (source file, record id) of every event written below `out`, with how often; a line that is
/// not valid JSON counts as `("<not JSON>", its number)`, which every test fails on.
fn written_events(out: &Path) -> BTreeMap<(String, u64), u32> {
    let mut events = BTreeMap::new();
    for (number, line) in output_lines(out).iter().enumerate() {
        let key = match json_line(line) {
            Some(event) => (
                event["source"].as_str().unwrap_or_default().to_owned(),
                event["event"]["Event"]["System"]["EventRecordID"]
                    .as_u64()
                    .unwrap_or(u64::MAX - number as u64),
            ),
            None => (NOT_JSON.to_owned(), number as u64),
        };
        *events.entry(key).or_insert(0) += 1;
    }
    events
}

/// The source of the lines that are not valid JSON, in [`written_events`].
const NOT_JSON: &str = "<not JSON>";

/// How many of `events` are lines that are not valid JSON.
fn not_json(events: &BTreeMap<(String, u64), u32>) -> usize {
    events
        .keys()
        .filter(|(source, _)| source == NOT_JSON)
        .count()
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
    let (mut killed, mut lost, mut duplicated, mut debris, mut invalid) = (0, 0, 0, 0, 0);
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
        invalid += not_json(&events);
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
         events_twice={duplicated} debris={debris} lines_not_json={invalid} ({:.1} s)",
        started.elapsed().as_secs_f64()
    );
    assert_eq!((lost, duplicated, debris, invalid), (0, 0, 0, 0));
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
    let (mut silent, mut warned, mut failed, mut whole, mut invalid) = (0, 0, 0, 0, 0);
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
        invalid += not_json(&events);
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
         silent_losses={silent} events_not_json={invalid} ({:.1} s)",
        mutants.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(silent_cases.is_empty(), "{silent_cases:#?}");
    assert_eq!(invalid, 0, "lines that are not valid JSON");
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
    use iris_module_core::testing::loopback::{Answer, HttpServer};
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

/// The extended attribute in which the upload step once recorded a file's SHA-256
/// (`<sha256> <size> <modified, ns since the epoch>`): anyone who can write the file can write it.
const RECORDED_HASH: &str = "user.iris_module.sha256";

/// Writes `content` to `path`, modified at `modified`, with `sha256` forged as its recorded hash
/// for its size and modification time.
fn forge(path: &Path, content: &[u8], sha256: &str, modified: std::time::SystemTime) {
    std::fs::write(path, content).unwrap();
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(modified).unwrap();
    let ns = modified
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let value = format!("{sha256} {} {ns}", content.len());
    xattr::set(path, RECORDED_HASH, value.as_bytes()).unwrap();
}

#[test]
#[ignore = "fault-injection suite: .ci/run runs it with --ignored"]
fn a_forged_recorded_hash_never_skips_deletes_or_misnames_a_file() {
    let log = |seed: u64, records: usize| {
        evtx_samples::write_evtx(evtx_samples::SecurityEvents::new(seed).take(records))
    };
    let imported = log(1, 200);
    let imported_sha256 = sha256_of(&imported);
    let same_size = log(2, 200);
    assert_eq!(
        same_size.len(),
        imported.len(),
        "the forgeries need equal sizes"
    );
    let other_size = log(3, 2000);
    assert_ne!(other_size.len(), imported.len());
    let modified = std::time::UNIX_EPOCH + Duration::from_secs(1_795_161_600);
    // (case, content of the file the run finds, the hash its attribute claims, or none: the
    // attribute the upload step wrote, the content rewritten after it in place, its size and
    // time kept).
    let cases: Vec<(&str, &[u8], Option<String>)> = vec![
        (
            "other content, same size and time, the imported file's hash",
            &same_size,
            Some(imported_sha256.clone()),
        ),
        (
            "other content, another size, the imported file's hash",
            &other_size,
            Some(imported_sha256.clone()),
        ),
        (
            "other content, same size, a hash of nothing imported",
            &same_size,
            Some("0".repeat(64)),
        ),
        (
            "other content, another size, a hash of nothing imported",
            &other_size,
            Some("e".repeat(64)),
        ),
        (
            "an upload of the imported file rewritten in place, size and time kept",
            &same_size,
            None,
        ),
    ];
    let started = Instant::now();
    let (mut skipped, mut deleted_not_imported, mut wrong_hash, mut imported_ok) = (0, 0, 0, 0);
    for (case, content, claimed) in &cases {
        let work = tempfile::tempdir().unwrap();
        let (uploads, out) = (work.path().join("up"), work.path().join("out"));
        std::fs::create_dir(&uploads).unwrap();
        let harness = harness(&out, json!({"output": "ndjson"}));
        // The genuine file, imported first: its hash is the case's evidence.
        assert!(
            harness
                .upload(&uploads, "First.evtx", &imported[..])
                .is_success()
        );
        assert!(
            harness
                .run(&uploads, json!({"index_evtx": "main"}))
                .is_success()
        );
        let path = uploads.join("Second.evtx");
        match claimed {
            Some(sha256) => forge(&path, content, sha256, modified),
            None => {
                // Uploaded with the imported file's content, then rewritten before the run.
                assert!(
                    harness
                        .upload(&uploads, "Second.evtx", &imported[..])
                        .is_success()
                );
                let file = std::fs::File::options().write(true).open(&path).unwrap();
                let kept = file.metadata().unwrap().modified().unwrap();
                std::io::Write::write_all(&mut &file, content).unwrap();
                file.set_modified(kept).unwrap();
            }
        }
        let run = harness.run(&uploads, json!({"index_evtx": "main"}));
        let true_sha256 = sha256_of(content);
        let sent = written_events(&out)
            .keys()
            .filter(|(source, _)| source == "Second.evtx")
            .count();
        let evidence: Vec<_> = harness
            .evidence()
            .into_iter()
            .filter(|record| record.filename == "Second.evtx")
            .collect();
        let still_there = path.exists();
        if run.logged("Second.evtx was already imported: skipped") {
            skipped += 1;
        }
        if sent == 0 && !still_there {
            deleted_not_imported += 1;
        }
        if evidence.iter().any(|record| record.sha256 != true_sha256) {
            wrong_hash += 1;
        }
        if run.is_success() && sent > 0 && evidence.len() == 1 && !still_there {
            imported_ok += 1;
        } else {
            eprintln!(
                "{case}: {} ({sent} events sent, evidence {evidence:?})",
                run.status.message
            );
        }
    }
    println!(
        "faults: forged hashes cases={} skipped={skipped} deleted_not_imported={deleted_not_imported} \
         evidence_wrong_hash={wrong_hash} imported={imported_ok} ({:.1} s)",
        cases.len(),
        started.elapsed().as_secs_f64()
    );
    assert_eq!(
        (skipped, deleted_not_imported, wrong_hash, imported_ok),
        (0, 0, 0, cases.len())
    );
}

/// The SHA-256 of `content`, in lower-case hex.
fn sha256_of(content: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("content");
    std::fs::write(&path, content).unwrap();
    iris_module_core::host::pipeline::hash_file(&path)
        .unwrap()
        .1
}

/// `text` as the UTF-16LE bytes an EVTX file holds it in.
fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// Replaces the second UTF-16 code unit of every occurrence of `text` in `bytes` by `unit`;
/// how many occurrences there were.
fn replace_second_unit(bytes: &mut [u8], text: &str, unit: u16) -> usize {
    let needle = utf16le(text);
    let mut count = 0;
    let mut at = 0;
    while let Some(found) = bytes[at..]
        .windows(needle.len())
        .position(|window| window == needle)
    {
        let start = at + found;
        bytes[start + 2..start + 4].copy_from_slice(&unit.to_le_bytes());
        at = start + needle.len();
        count += 1;
    }
    count
}

/// Whether `value` holds `text` as an object key or a string, at any depth.
fn holds(value: &Value, text: &str) -> bool {
    match value {
        Value::String(string) => string == text,
        Value::Array(items) => items.iter().any(|item| holds(item, text)),
        Value::Object(members) => members
            .iter()
            .any(|(key, member)| key == text || holds(member, text)),
        _ => false,
    }
}

/// The lines of every file below `out` (bytes, without their newline).
fn output_lines(out: &Path) -> Vec<Vec<u8>> {
    let mut lines = Vec::new();
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
                let content = std::fs::read(&path).unwrap();
                lines.extend(
                    content
                        .split(|&byte| byte == b'\n')
                        .filter(|line| !line.is_empty())
                        .map(<[u8]>::to_vec),
                );
            }
        }
    }
    lines
}

/// A line as JSON, if it is valid UTF-8 and valid JSON.
fn json_line(line: &[u8]) -> Option<Value> {
    serde_json::from_str(std::str::from_utf8(line).ok()?).ok()
}

#[test]
#[ignore = "fault-injection suite: .ci/run runs it with --ignored"]
fn names_and_values_with_control_characters_still_make_valid_json_lines() {
    let valid = evtx_samples::samples(evtx_samples::SAMPLE_RECORDS)
        .remove(0)
        .1;
    // Element and attribute names (JSON keys), a `Data` name (a key too) and values, each given
    // every control character, lone surrogates, a quote and a backslash.
    let targets = [
        ("element name", "Computer"),
        ("element name", "EventData"),
        ("attribute name", "SystemTime"),
        ("data name", "TargetUserName"),
        ("value", "NtLmSsp"),
        ("value", "CORP"),
    ];
    let mut units: Vec<u16> = (0x00..0x20).collect();
    units.extend([
        0xD800,
        0xDBFF,
        0xDC00,
        0xDFFF,
        u16::from(b'"'),
        u16::from(b'\\'),
    ]);
    let started = Instant::now();
    let (mut mutants, mut lines, mut invalid, mut miscounted, mut silent) = (0, 0, 0, 0, 0);
    let (mut control_mutants, mut control_kept, mut refused_named) = (0, 0, 0);
    let mut cases = Vec::new();
    for &(kind, text) in &targets {
        for &unit in &units {
            let mut bytes = valid.clone();
            assert!(
                replace_second_unit(&mut bytes, text, unit) > 0,
                "{text} not in the log"
            );
            mutants += 1;
            let name = format!("{kind} {text} with U+{unit:04X}");
            let work = tempfile::tempdir().unwrap();
            let (uploads, out) = (work.path().join("up"), work.path().join("out"));
            std::fs::create_dir(&uploads).unwrap();
            let harness = harness(&out, json!({"output": "ndjson"}));
            assert!(
                harness
                    .upload(&uploads, "Mutant.evtx", &bytes[..])
                    .is_success()
            );
            let run = harness.run(&uploads, json!({"index_evtx": "main"}));
            let written = output_lines(&out);
            lines += written.len();
            let parsed: Vec<Value> = written.iter().filter_map(|line| json_line(line)).collect();
            let bad = written.len() - parsed.len();
            invalid += bad;
            if bad > 0 {
                let first = written
                    .iter()
                    .find(|line| json_line(line).is_none())
                    .unwrap();
                let first = String::from_utf8_lossy(first);
                cases.push(format!(
                    "{name}: {bad} invalid line(s), first {:?}",
                    bounded(&first)
                ));
            }
            // What the run says it sent is what the file holds.
            let said = format!("1 file(s), {} events sent", written.len());
            if run.is_success() && !run.status.message.starts_with(&said) {
                miscounted += 1;
                cases.push(format!(
                    "{name}: {} for {} lines",
                    run.status.message,
                    written.len()
                ));
            }
            // Records refused: named in a warning, or in the file's error when none was left.
            let refused = run.logged("not sent, their JSON not valid")
                || run.logged("no readable record: record");
            refused_named += usize::from(refused);
            let warned = run.logged("unreadable") || run.logged("fewer than");
            if run.is_success() && written.len() < evtx_samples::SAMPLE_RECORDS && !warned {
                silent += 1;
                cases.push(format!("{name}: {} lines, no warning", written.len()));
            }
            if (0x01..0x20).contains(&unit) {
                // A control character is escaped, not lost: the name or value is there as it is
                // (a NUL ends an EVTX string: the parser reads the text up to it).
                control_mutants += 1;
                let mut mutated: Vec<u16> = text.encode_utf16().collect();
                mutated[1] = unit;
                let mutated = String::from_utf16(&mutated).unwrap();
                if parsed.iter().any(|event| holds(event, &mutated)) {
                    control_kept += 1;
                } else {
                    cases.push(format!(
                        "{name}: the text is in no line ({})",
                        run.status.message
                    ));
                }
            }
        }
    }
    println!(
        "faults: json mutants={mutants} lines={lines} invalid_lines={invalid} \
         sent_miscounted={miscounted} silent_losses={silent} files_with_records_refused_named={refused_named} \
         control_characters_kept={control_kept}/{control_mutants} ({:.1} s)",
        started.elapsed().as_secs_f64()
    );
    cases.truncate(40);
    assert_eq!((invalid, miscounted, silent), (0, 0, 0), "{cases:#?}");
    assert_eq!(control_kept, control_mutants, "{cases:#?}");
}

/// The part of `line` around its first control character, or its start.
fn bounded(line: &str) -> String {
    let at = line.find(|c: char| c.is_control()).unwrap_or(0);
    line.chars()
        .skip(line[..at].chars().count().saturating_sub(60))
        .take(120)
        .collect()
}
