//! `IrisEvtx`: a DFIR-IRIS pipeline module for Windows event logs. Analysts upload `.evtx` files
//! to a case; triggering the pipeline parses them (the `evtx` crate, in parallel) into JSON events
//! and sends them to newline-delimited JSON files or to Splunk's HTTP Event Collector, then
//! registers each file in the case's evidence. It mirrors iris-evtx-module (its pipeline arguments
//! `index_evtx` and `hostname_evtx`), with the parser and the HEC client in Rust.

pub mod envelope;
pub mod hec;
pub mod import;
pub mod ndjson;
pub mod output;
pub mod record;
pub mod timeline;

use envelope::Envelope;
use hec::{HecSettings, HecSink};
use import::import_file;
use iris_module_core::pipeline::*;
use iris_module_core::prelude::*;
use ndjson::NdjsonSink;
use output::{Output, Sink, SinkError};
use std::path::Path;
use std::time::Duration;
use timeline::{CaseFinds, NotableSet};

/// Windows event logs (EVTX) to JSON, into files or Splunk's HTTP Event Collector.
#[iris_module(
    kind = "pipeline",
    name = "IrisEvtx",
    pipeline_name = "evtx_pipeline",
    pipeline_human_name = "EVTX pipeline"
)]
pub struct Evtx {
    /// Where the events go: `ndjson` (files on the IRIS server) or `splunk_hec`
    #[config_param(default = "ndjson", section = "Output")]
    output: Output,
    /// Directory of the NDJSON files (one per uploaded file, under case-<id>/<index>/)
    #[config_param(
        human_name = "NDJSON directory",
        default = "/var/lib/iris-evtx",
        section = "Output"
    )]
    ndjson_directory: String,
    /// The collector's endpoint, e.g. https://splunk.example:8088/services/collector/event
    #[config_param(human_name = "HEC URL", section = "Splunk HEC")]
    hec_url: String,
    /// The HEC token
    #[config_param(human_name = "HEC token", section = "Splunk HEC")]
    hec_token: Secret,
    /// Verify the collector's TLS certificate
    #[config_param(human_name = "Verify TLS", default = true, section = "Splunk HEC")]
    hec_verify_tls: bool,
    /// Events sent per request
    #[config_param(human_name = "Batch size", default = 500, section = "Splunk HEC")]
    hec_batch_size: u32,
    /// Attempts per request before a file fails (busy servers and broken connections are retried)
    #[config_param(human_name = "Attempts", default = 5, section = "Splunk HEC")]
    hec_max_attempts: u32,
    /// Seconds a request to the collector may take before it counts as failed
    #[config_param(human_name = "Timeout (seconds)", default = 60, section = "Splunk HEC")]
    hec_timeout_seconds: u32,
    /// Parser threads (0: one per core)
    #[config_param(default = 0, section = "Parsing")]
    parser_threads: u32,
    /// Add each host the events come from to the case as an asset
    #[config_param(default = true, section = "Case")]
    add_hosts_as_assets: bool,
    /// The asset type of those hosts (one of IRIS's asset types)
    #[config_param(default = "Windows - Computer", section = "Case")]
    host_asset_type: String,
    /// Notable events put on the case's timeline, by event id (1102 log cleared, 4720 account created, 4728/4732/4756 member added to a privileged group, 7045 service installed, 4698 scheduled task created, 4624 RDP logon); empty for none
    #[config_param(
        default = "1102, 4720, 4728, 4732, 4756, 7045, 4698, 4624",
        section = "Case"
    )]
    timeline_events: String,
}

/// The arguments of a run, as iris-evtx-module names them.
#[derive(PipelineArgs)]
pub struct EvtxArgs {
    /// The index the events are sent to
    #[pipeline_arg(name = "index_evtx")]
    pub index: String,
    /// A host name recorded instead of each event's `Computer`
    #[pipeline_arg(name = "hostname_evtx")]
    pub hostname: Option<String>,
}

/// The first bytes of every EVTX file.
const EVTX_MAGIC: &[u8] = b"ElfFile\0";

/// The wait after a first failed HEC request (it doubles after each).
const HEC_FIRST_DELAY: Duration = Duration::from_millis(500);

impl Pipeline for Evtx {
    type Args = EvtxArgs;
    const OUTPUT_NAME_SUFFIX: &'static str = ndjson::SUFFIX;

    fn upload(&self, upload: &Upload) -> Result<(), HookError> {
        if !matches!(upload.extension().as_deref(), Some("evtx" | "evtx_data")) {
            return Err(HookError::msg(format!(
                "{} is not an .evtx file",
                upload.name
            )));
        }
        if upload.head(EVTX_MAGIC.len())? != EVTX_MAGIC {
            return Err(HookError::msg(format!(
                "{} does not start like an EVTX file",
                upload.name
            )));
        }
        Ok(())
    }

    fn process(
        &self,
        ctx: &mut PipelineContext,
        args: EvtxArgs,
        files: &[PipelineFile],
    ) -> PipelineResult {
        ctx.info(format!(
            "importing {} file(s) into index `{}` ({})",
            files.len(),
            args.index,
            self.destination()
        ));
        let mut failed = Vec::new();
        let (mut imported, mut total) = (0, 0);
        for (done, file) in files.iter().enumerate() {
            match self.import(ctx, &args, file) {
                Ok(Some(records)) => {
                    imported += 1;
                    total += records;
                }
                Ok(None) => ctx.warn(format!("{} was already imported: skipped", file.name())),
                Err(error) => {
                    ctx.error(format!("{}: {error}", file.name()));
                    failed.push(file.name().to_owned());
                }
            }
            ctx.progress(done as u64 + 1, files.len() as u64, "files");
        }
        if failed.is_empty() {
            Ok(Status::success(format!(
                "{imported} file(s), {total} events sent to index `{}`",
                args.index
            )))
        } else {
            Ok(Status::error(format!(
                "{} of {} file(s) failed: {}",
                failed.len(),
                files.len(),
                failed.join(", ")
            )))
        }
    }
}

impl Evtx {
    fn destination(&self) -> String {
        match self.output {
            Output::Ndjson => format!("NDJSON files under {}", self.ndjson_directory),
            Output::SplunkHec => format!("Splunk HEC at {}", self.hec_url),
        }
    }

    /// Imports one file and registers it as evidence; returns the number of events sent, or
    /// `None` when the file was already imported in the case. The file is hashed (for the
    /// evidence) while it is parsed.
    fn import(
        &self,
        ctx: &PipelineContext,
        args: &EvtxArgs,
        file: &PipelineFile,
    ) -> Result<Option<u64>, HookError> {
        std::thread::scope(|scope| {
            let hashing = scope.spawn(|| file.sha256().map(|_| ()));
            let mut hashing = Some(hashing);
            let gate = move || -> Result<bool, SinkError> {
                if let Some(hashing) = hashing.take() {
                    let hashed = hashing
                        .join()
                        .map_err(|_| SinkError("hashing the file panicked".into()))?;
                    hashed.map_err(|error| SinkError(format!("cannot hash the file: {error}")))?;
                }
                let registered = ctx
                    .is_registered(file)
                    .map_err(|error| SinkError(error.to_string()))?;
                Ok(!registered)
            };
            self.import_gated(ctx, args, file, gate)
        })
    }

    fn import_gated(
        &self,
        ctx: &PipelineContext,
        args: &EvtxArgs,
        file: &PipelineFile,
        gate: impl import::Gate + Send,
    ) -> Result<Option<u64>, HookError> {
        let finds = CaseFinds::new(
            NotableSet::parse(&self.timeline_events)
                .map_err(|problem| HookError::msg(format!("timeline_events: {problem}")))?,
            self.add_hosts_as_assets,
        );
        // The envelope and the output's name are not the record: what the run puts there
        // carries none of the module's secrets (a file named after the HEC token is sent under
        // another name).
        let (source, index) = (ctx.redact(file.name()), ctx.redact(&args.index));
        let hostname = args.hostname.as_deref().map(|host| ctx.redact(host));
        let sink = self.open_sink(ctx, &index, &source)?;
        let envelope = Envelope::new(&source, &index, hostname.as_deref());
        let logger = ctx.logger().clone();
        let mut next_report = 100_000;
        let mut report = import_file(
            file.path(),
            &envelope,
            sink,
            self.parser_threads as usize,
            gate,
            finds,
            |sent| {
                if sent >= next_report {
                    logger.info(format!("{}: {sent} events sent", file.name()));
                    next_report += 100_000;
                }
            },
        )?;
        let Some(destination) = &report.destination else {
            return Ok(None);
        };
        if let Some(truncated) = &report.truncated {
            ctx.error(format!(
                "{}: {truncated}; the {} events that remain were imported",
                file.name(),
                report.records
            ));
        }
        if let Some(announced) = report.announced
            && report.records < announced
        {
            ctx.warn(format!(
                "{}: {} event(s) fewer than the file's headers announce ({} read of {announced}): \
                 the file may be damaged",
                file.name(),
                announced - report.records,
                report.records
            ));
        }
        if report.unreadable > 0 {
            ctx.warn(format!(
                "{}: {} unreadable record(s) or chunk(s) skipped (first: {})",
                file.name(),
                report.unreadable,
                report.first_problem.as_deref().unwrap_or("")
            ));
        }
        if report.invalid_json > 0 {
            let ids: Vec<String> = report.invalid_json_ids.iter().map(u64::to_string).collect();
            ctx.warn(format!(
                "{}: {} record(s) not sent, their JSON not valid even with its control characters \
                 escaped (counted as unreadable): record id(s) {}{}",
                file.name(),
                report.invalid_json,
                ids.join(", "),
                if report.invalid_json > ids.len() as u64 {
                    ", ..."
                } else {
                    ""
                }
            ));
        }
        if report.escaped > 0 {
            ctx.warn(format!(
                "{}: {} record(s) with raw control characters in their names or values, sent \
                 with them escaped: the file may be damaged",
                file.name(),
                report.escaped
            ));
        }
        ctx.info(format!(
            "{}: {} events sent to {}",
            file.name(),
            report.records,
            destination
        ));
        self.add_to_case(ctx, file.name(), std::mem::take(&mut report.finds))?;
        ctx.register_evidence(
            file,
            format!(
                "[Auto] EVTX file named {}: {} events sent to index {}{}",
                file.name(),
                report.records,
                args.index,
                if report.truncated.is_some() {
                    " (truncated file)"
                } else {
                    ""
                }
            ),
        )?;
        Ok(Some(report.records))
    }

    /// Adds the file's hosts and notable events to the case (stored when the run succeeds).
    fn add_to_case(
        &self,
        ctx: &PipelineContext,
        file_name: &str,
        finds: CaseFinds,
    ) -> Result<(), HookError> {
        if finds.hosts.is_empty() && finds.events.is_empty() {
            return Ok(());
        }
        let Some(case_id) = ctx.case_id() else {
            ctx.warn(format!(
                "{file_name}: IRIS did not say which case: nothing added to it"
            ));
            return Ok(());
        };
        let dropped = finds.dropped;
        let (assets, events, existed) =
            timeline::add_to_case(ctx.case(case_id), finds, file_name, &self.host_asset_type)?;
        ctx.info(format!(
            "{file_name}: {assets} host(s) and {events} notable event(s) to add to the case, \
             {existed} already there"
        ));
        if dropped > 0 {
            ctx.warn(format!(
                "{file_name}: {dropped} more notable event(s) past the first {} were not put on \
                 the timeline (they are in the SIEM)",
                timeline::MAX_EVENTS_PER_FILE
            ));
        }
        Ok(())
    }

    fn open_sink(
        &self,
        ctx: &PipelineContext,
        index: &str,
        file_name: &str,
    ) -> Result<Box<dyn Sink + Send>, SinkError> {
        Ok(match self.output {
            Output::Ndjson => {
                let case = format!("case-{}", ctx.case_id().unwrap_or_default());
                Box::new(NdjsonSink::create(
                    Path::new(&self.ndjson_directory),
                    &case,
                    index,
                    file_name,
                )?)
            }
            Output::SplunkHec => Box::new(HecSink::new(HecSettings {
                url: self.hec_url.clone(),
                token: self.hec_token.clone(),
                verify_tls: self.hec_verify_tls,
                batch_size: self.hec_batch_size as usize,
                max_attempts: self.hec_max_attempts,
                first_delay: HEC_FIRST_DELAY,
                proxy: ctx.server().proxy_for(&self.hec_url).map(str::to_owned),
                timeout: Duration::from_secs(u64::from(self.hec_timeout_seconds.max(1))),
            })?),
        })
    }
}

iris_module_core::python_module!(Evtx);
