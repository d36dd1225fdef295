//! `cargo iris pipeline`: the upload step on each file, then a run, with a progress bar.

use super::config::{build, read_config};
use crate::logging::LogLine;
use crate::pipeline::{
    EvidenceStore, MemoryEvidence, PipelineContext, PipelineData, PipelineType, UploadRequest,
    run_pipeline, upload_file,
};
use crate::registry::ModuleRegistration;
use crate::status::Status;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{Map, Value};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

/// Uploads `files`, runs the pipeline with `args` (`name=value`), prints what happened.
pub fn run(
    module: &ModuleRegistration,
    config: Option<&std::path::Path>,
    args: &[String],
    files: &[PathBuf],
) -> Result<bool, String> {
    let (instance, redactor) = build(module, &read_config(config)?)?;
    let pipeline = instance.pipeline().ok_or_else(|| {
        format!(
            "`{}` is a processor module: it has no pipeline",
            module.info.name
        )
    })?;
    let mut pipeline_args = Map::new();
    for arg in args {
        let (name, value) = arg
            .split_once('=')
            .ok_or_else(|| format!("expected --args name=value, found {arg:?}"))?;
        pipeline_args.insert(name.trim().to_owned(), Value::from(value));
    }
    let uploads = tempfile::tempdir().map_err(|error| error.to_string())?;
    for path in files {
        let mut file =
            std::fs::File::open(path).map_err(|error| format!("{}: {error}", path.display()))?;
        let request = UploadRequest {
            base_path: uploads.path().to_owned(),
            file_name: path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default(),
            case_customer: "Local".into(),
            case_name: "local".into(),
            is_update: true,
        };
        let status = upload_file(module.info, pipeline, &request, &mut file).redacted(&redactor);
        println!("upload:  {}", status.message);
    }
    let evidence = Arc::new(MemoryEvidence::default());
    let store: Arc<dyn EvidenceStore> = evidence.clone();
    let data = PipelineData {
        pipeline_args,
        user: Some("local".into()),
        user_id: Some(1),
        case_name: Some("local".into()),
        case_id: Some(1),
        path: Some(uploads.path().to_string_lossy().into_owned()),
        is_update: Some(true),
        extra: Map::new(),
    };
    let bar = ProgressBar::hidden();
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let shown = bar.clone();
    let (cases, session) = super::case::local_case(module.info.name);
    let mut ctx = PipelineContext::new(PipelineType::Update, data, store)
        .with_case_session(session)
        .with_redactor(Arc::clone(&redactor))
        .with_progress_observer(Arc::new(move |done, total, unit: &str| {
            if shown.is_hidden() {
                shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            }
            shown.set_length(total);
            shown.set_position(done);
            shown.set_message(unit.to_owned());
        }));
    let status = run_pipeline(module.info, pipeline, &mut ctx).redacted(&redactor);
    bar.finish_and_clear();
    println!(
        "module:  {} {}",
        module.info.name, module.info.module_version
    );
    print!("{}", status_and_log(&status, &ctx.logger().lines()));
    println!("evidence:");
    for record in evidence.records() {
        println!(
            "  {} ({} bytes, sha256 {}): {}",
            record.filename, record.size, record.sha256, record.description
        );
    }
    print!("{}", super::case::describe_added(&cases));
    Ok(status.is_success())
}

/// The status line and the log.
pub fn status_and_log(status: &Status, log: &[LogLine]) -> String {
    let mut out = format!(
        "status:  {} (code {:#x}): {}\nlog:\n",
        if status.is_success() {
            "success"
        } else {
            "failure"
        },
        status.code,
        status.message
    );
    for line in log {
        let _ = writeln!(out, "  [{}] {}", line.level, line.message);
    }
    out
}
