//! Writes EVTX files of Security events: `make-evtx OUT.evtx RECORDS [SEED]`, or
//! `make-evtx --samples DIR` for the test samples (valid, truncated, malformed, and
//! `Notable.evtx`, one of each notable event).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [flag, dir] if flag == "--samples" => std::fs::create_dir_all(dir).and_then(|()| {
            let mut samples = evtx_samples::samples(evtx_samples::SAMPLE_RECORDS);
            samples.push(evtx_samples::notable_sample());
            for (name, bytes) in samples {
                std::fs::write(std::path::Path::new(dir).join(name), bytes)?;
            }
            Ok(())
        }),
        [out, records, rest @ ..] if rest.len() <= 1 => {
            let (Ok(records), Ok(seed)) = (
                records.parse::<usize>(),
                rest.first().map_or(Ok(7), |seed| seed.parse::<u64>()),
            ) else {
                return usage();
            };
            let events = evtx_samples::SecurityEvents::new(seed).take(records);
            std::fs::write(out, evtx_samples::write_evtx(events))
        }
        _ => return usage(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("make-evtx: {error}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: make-evtx OUT.evtx RECORDS [SEED] | make-evtx --samples DIR");
    ExitCode::from(2)
}
