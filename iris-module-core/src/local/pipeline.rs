//! `cargo iris pipeline`: the upload step on each file, then a run.

use super::LocalError;
use super::config::build;
use super::report::PipelineReport;
use crate::config::ModuleConfig;
use crate::pipeline::{
    EvidenceStore, MemoryEvidence, PipelineContext, PipelineData, PipelineType, ProgressObserver,
    UploadRequest, run_pipeline, upload_file,
};
use crate::registry::ModuleRegistration;
use serde_json::{Map, Value};
use std::path::PathBuf;
use std::sync::Arc;

/// Uploads `files`, runs the pipeline with `args` (`name=value`): what happened.
pub fn run(
    module: &ModuleRegistration,
    config: &ModuleConfig,
    args: &[String],
    files: &[PathBuf],
    progress: Option<ProgressObserver>,
) -> Result<PipelineReport, LocalError> {
    let built = build(module, config)?;
    let (instance, redactor) = (built.module, built.redactor);
    let pipeline = instance
        .pipeline()
        .ok_or(LocalError::NotAPipeline(module.info.name))?;
    let mut pipeline_args = Map::new();
    for arg in args {
        let (name, value) = arg
            .split_once('=')
            .ok_or_else(|| LocalError::PipelineArg(arg.clone()))?;
        pipeline_args.insert(name.trim().to_owned(), Value::from(value));
    }
    let uploads = tempfile::tempdir().map_err(LocalError::UploadFolder)?;
    let mut upload_statuses = Vec::new();
    for path in files {
        let mut file = std::fs::File::open(path).map_err(|source| LocalError::Read {
            path: path.clone(),
            source,
        })?;
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
        let status = upload_file(module.info, pipeline, &request, &mut file);
        upload_statuses.push(status.redacted(&redactor));
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
    let (cases, session) = super::case::local_case(module.info.name);
    let mut ctx = PipelineContext::new(PipelineType::Update, data, store)
        .with_case_session(session)
        .with_redactor(Arc::clone(&redactor));
    if let Some(progress) = progress {
        ctx = ctx.with_progress_observer(progress);
    }
    let status = run_pipeline(module.info, pipeline, &mut ctx).redacted(&redactor);
    Ok(PipelineReport {
        module: module.info.name,
        module_version: module.info.module_version,
        uploads: upload_statuses,
        status,
        log: ctx.logger().lines(),
        evidence: evidence.records(),
        added: cases.objects(),
    })
}
