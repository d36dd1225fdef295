//! `PipelineContext`: what the processing step knows besides its arguments and files.

use super::evidence::{EvidenceRecord, EvidenceStore};
use super::files::PipelineFile;
use crate::case::{Case, CaseSession};
use crate::error::HookError;
use crate::logging::HookLogger;
use crate::objects::Extra;
use crate::redact::Redactor;
use crate::server::ServerSettings;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::sync::Arc;

/// Which of IRIS's two pipeline calls this is (`IrisPipelineTypes`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PipelineType {
    /// `pipeline_update`: files added to an existing case (the only one IRIS 2.4 sends).
    Update,
    /// `pipeline_import`: files imported with a new case.
    Import,
}

impl PipelineType {
    /// Reads IRIS's name of the type.
    pub fn from_iris(name: &str) -> Option<Self> {
        match name {
            "pipeline_update" => Some(PipelineType::Update),
            "pipeline_import" => Some(PipelineType::Import),
            _ => None,
        }
    }

    /// IRIS's name of the type.
    pub fn iris_name(self) -> &'static str {
        match self {
            PipelineType::Update => "pipeline_update",
            PipelineType::Import => "pipeline_import",
        }
    }
}

/// The `pipeline_data` IRIS passes to `pipeline_handler` (built by `pipeline_dispatcher` in
/// iris-web v2.4.20, `app/iris_engine/tasker`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct PipelineData {
    /// The arguments, by name (`None` for those left empty).
    pub pipeline_args: Map<String, Value>,
    /// The name of the user who triggered the pipeline.
    pub user: Option<String>,
    /// Their id.
    pub user_id: Option<i64>,
    /// The case.
    pub case_name: Option<String>,
    /// The case's id.
    pub case_id: Option<i64>,
    /// The directory the files were uploaded to.
    pub path: Option<String>,
    /// Whether the files add to an existing case.
    pub is_update: Option<bool>,
    /// Other keys (`db_name`...).
    #[serde(flatten)]
    pub extra: Extra,
}

/// Who watches a run's progress besides its log (a progress bar): `(done, total, unit)`.
pub type ProgressObserver = Arc<dyn Fn(u64, u64, &str) + Send + Sync>;

/// The context of one pipeline run.
pub struct PipelineContext {
    pipeline_type: PipelineType,
    data: PipelineData,
    server: ServerSettings,
    logger: HookLogger,
    evidence: Arc<dyn EvidenceStore>,
    observer: Option<ProgressObserver>,
    cases: Arc<CaseSession>,
    redactor: Arc<Redactor>,
}

impl PipelineContext {
    /// The context of a run of `pipeline_type` on `data`, registering evidence in `evidence`.
    pub fn new(
        pipeline_type: PipelineType,
        data: PipelineData,
        evidence: Arc<dyn EvidenceStore>,
    ) -> Self {
        PipelineContext {
            pipeline_type,
            data,
            server: ServerSettings::default(),
            logger: HookLogger::default(),
            evidence,
            observer: None,
            cases: Arc::default(),
            redactor: Arc::default(),
        }
    }

    /// Removes `redactor`'s secrets (the module's) from everything the run lets out: its log
    /// lines as they are written, and what it adds to cases.
    pub fn with_redactor(mut self, redactor: Arc<Redactor>) -> Self {
        self.logger = self.logger.redacting(Arc::clone(&redactor));
        self.redactor = redactor;
        self
    }

    /// `text` without the module's secrets: for what the module sends elsewhere besides its
    /// own data (a file name in an event's envelope, a message to a server).
    pub fn redact<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        self.redactor.redact_secrets(text)
    }

    /// Writes what the run adds to cases through `cases` (by default, a case in memory).
    pub fn with_case_session(mut self, cases: Arc<CaseSession>) -> Self {
        self.cases = cases;
        self
    }

    /// The case `case_id`, to add IOCs, assets, timeline events, notes, tasks and comments to
    /// (see [`crate::case`]): stored when the run succeeds, dropped if it fails. Usable from any
    /// thread of the run.
    pub fn case(&self, case_id: i64) -> Case<'_> {
        self.cases.case_redacting(case_id, &self.redactor)
    }

    /// What the run adds to cases.
    pub fn case_session(&self) -> &Arc<CaseSession> {
        &self.cases
    }

    /// Also reports progress to `observer`.
    pub fn with_progress_observer(mut self, observer: ProgressObserver) -> Self {
        self.observer = Some(observer);
        self
    }

    /// Sets the server settings.
    pub fn with_server(mut self, server: ServerSettings) -> Self {
        self.server = server;
        self
    }

    /// Logs through `logger` (which may forward lines as they come).
    pub fn with_logger(mut self, logger: HookLogger) -> Self {
        self.logger = logger.redacting(Arc::clone(&self.redactor));
        self
    }

    /// Whether this is an update or an import.
    pub fn pipeline_type(&self) -> PipelineType {
        self.pipeline_type
    }

    /// Everything IRIS passed.
    pub fn data(&self) -> &PipelineData {
        &self.data
    }

    /// The user who triggered the pipeline (`""` when IRIS did not say).
    pub fn user(&self) -> &str {
        self.data.user.as_deref().unwrap_or("")
    }

    /// Their id.
    pub fn user_id(&self) -> Option<i64> {
        self.data.user_id
    }

    /// The case's name (`""` when IRIS did not say).
    pub fn case_name(&self) -> &str {
        self.data.case_name.as_deref().unwrap_or("")
    }

    /// The case's id.
    pub fn case_id(&self) -> Option<i64> {
        self.data.case_id
    }

    /// The server settings (proxies...).
    pub fn server(&self) -> &ServerSettings {
        &self.server
    }

    /// The run's log; clone it into threads you spawn.
    pub fn logger(&self) -> &HookLogger {
        &self.logger
    }

    crate::logging::log_methods!(logger);

    /// Reports progress: `done` of `total` `unit` (IRIS shows the run's lines as they come).
    pub fn progress(&self, done: u64, total: u64, unit: &str) {
        let percent = (done * 100).checked_div(total).unwrap_or(100);
        self.info(format!("progress: {done} of {total} {unit} ({percent}%)"));
        if let Some(observer) = &self.observer {
            observer(done, total, unit);
        }
    }

    /// Whether `file` is already registered as evidence of the case.
    pub fn is_registered(&self, file: &PipelineFile) -> Result<bool, HookError> {
        let sha256 = file.sha256()?;
        self.evidence
            .is_registered(self.case_id(), sha256)
            .map_err(HookError::from)
    }

    /// Registers `file` as evidence of the case, with `description`, unless a file with the same
    /// content already is; returns whether it was added.
    pub fn register_evidence(
        &self,
        file: &PipelineFile,
        description: impl Into<String>,
    ) -> Result<bool, HookError> {
        if self.is_registered(file)? {
            return Ok(false);
        }
        let record = EvidenceRecord {
            case_id: self.case_id(),
            filename: file.name().to_owned(),
            description: description.into(),
            size: file.size(),
            sha256: file.sha256()?.to_owned(),
            user_id: self.user_id(),
        };
        self.evidence.add(&record)?;
        Ok(true)
    }
}
