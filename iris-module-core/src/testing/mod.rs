//! Test harnesses: configure a module from JSON, fire hooks with objects (or upload files to a
//! pipeline and run it), and assert on the status, the logs and the changed objects (or the
//! registered evidence) — in plain `#[test]`s, without IRIS.
//!
//! ```
//! use iris_module_core::prelude::*;
//! use iris_module_core::testing::Harness;
//!
//! /// Tags every new IOC.
//! #[iris_module(kind = "processor", name = "IrisTagger")]
//! pub struct Tagger {
//!     #[config_param(default = "seen")]
//!     tag: String,
//! }
//!
//! #[iris_module]
//! impl Tagger {
//!     #[hook("on_postload_ioc_create")]
//!     fn tag(&self, ctx: &mut HookContext, iocs: &mut [Ioc]) -> HookResult {
//!         for ioc in iocs {
//!             ioc.add_tag(&self.tag)?;
//!         }
//!         ctx.info(format!("tagged with {}", self.tag));
//!         Ok(())
//!     }
//! }
//!
//! let harness = Harness::<Tagger>::from_config(serde_json::json!({"tag": "triage"})).unwrap();
//! let mut iocs = vec![Ioc::new("evil.example", "domain")];
//! let run = harness.fire("on_postload_ioc_create", &mut iocs);
//! run.assert_success();
//! assert!(run.logged("tagged with triage"));
//! assert_eq!(iocs[0].ioc_tags.as_deref(), Some("triage"));
//! ```

pub mod loopback;

/// What a harness's case holds after a run ([`Harness::cases`]): the objects added, each with its
/// kind.
pub use crate::case::ObjectKind;
pub use crate::case::memory::{MemoryCase, StoredObject};

use crate::call_secrets::call_redactor;
use crate::case::CaseSession;
use crate::config::ConfigError;
use crate::config::ModuleConfig;
use crate::config::{BuildNotes, noted};
use crate::context::HookContext;
use crate::hooks::find_hook;
use crate::limits::{Plainly, run_hook_within};
use crate::logging::{Level, LogLine};
use crate::module::{
    DynModule, HookHandlers, HookRegistration, IrisModule, ModuleInfo, RegisteredModule,
    RegistrationPlan,
};
use crate::payload::PayloadError;
use crate::payload::{HookObject, HookPayload};
use crate::pipeline::{
    EvidenceRecord, EvidenceStore, MemoryEvidence, Pipeline, PipelineContext, PipelineData,
    PipelineInfo, PipelineType, UploadRequest, run_pipeline, upload_file,
};
use crate::redact::Redactor;
use crate::server::ServerSettings;
use crate::status::Status;
use serde_json::Value;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

/// Fails the test when two modules of the program share a name, as IRIS and the registry would
/// refuse them at load (the compiler sees the same mistake only inside one Rust module).
#[track_caller]
fn refuse_duplicate_names() {
    if let Err(duplicate) = crate::registry::Registry::collect() {
        panic!("{duplicate}");
    }
}

/// `M` built from JSON configuration as IRIS would build it, with its configuration and the
/// secrets read while building it (for the call's redactor); the program's module names checked
/// first (a duplicate panics at the caller's test: every function up to it is `track_caller`).
#[track_caller]
fn configured<M: IrisModule>(config: &Value) -> Result<(M, ModuleConfig, BuildNotes), ConfigError> {
    refuse_duplicate_names();
    let config = ModuleConfig::from_json(config)?;
    let (module, notes) = noted(|| M::from_config(&config));
    Ok((module?, config, notes))
}

/// A configured module, ready to fire hooks at.
pub struct Harness<M> {
    module: Arc<M>,
    config: ModuleConfig,
    /// What building the module noted: the secrets read inside its parameters, the entries
    /// left out of its lists.
    notes: BuildNotes,
    server: ServerSettings,
    module_id: Option<i64>,
    case_id: i64,
    cases: Arc<MemoryCase>,
    time_limit: Option<std::time::Duration>,
}

impl<M: IrisModule + HookHandlers + Send + Sync + 'static> Harness<M> {
    /// The module with every parameter at its default.
    #[track_caller]
    pub fn new() -> Result<Self, ConfigError> {
        Self::from_config(Value::Null)
    }

    /// The module configured from JSON: `{param_name: value}` or IRIS's list of entries.
    #[track_caller]
    pub fn from_config(config: Value) -> Result<Self, ConfigError> {
        let (module, config, notes) = configured::<M>(&config)?;
        Ok(Harness {
            module: Arc::new(module),
            config,
            notes,
            server: ServerSettings::default(),
            module_id: Some(1),
            case_id: 1,
            cases: Arc::default(),
            time_limit: None,
        })
    }

    /// Gives each call `limit` from its start, as IRIS's worker gives a task its time limit:
    /// what the handler reads as [`HookContext::deadline`] (a long job stops polling before it).
    pub fn with_time_limit(mut self, limit: std::time::Duration) -> Self {
        self.time_limit = Some(limit);
        self
    }

    /// Calls hooks as IRIS does for case `case_id` (1 unless set).
    pub fn with_case_id(mut self, case_id: i64) -> Self {
        self.case_id = case_id;
        self
    }

    /// What the module's calls added to cases, kept from call to call as IRIS keeps it (so a
    /// second call finds the first call's objects), with IRIS's rules (see [`crate::case`]).
    pub fn cases(&self) -> &MemoryCase {
        &self.cases
    }

    /// Uses these server settings (proxies...) in every call.
    pub fn with_server(mut self, server: ServerSettings) -> Self {
        self.server = server;
        self
    }

    /// The module instance.
    pub fn module(&self) -> &M {
        &self.module
    }

    /// The module's description.
    pub fn info(&self) -> &'static ModuleInfo {
        const { &M::INFO }
    }

    /// The module's hook registrations.
    pub fn registrations(&self) -> &'static [HookRegistration] {
        M::HOOKS
    }

    /// The registrations `register_hooks` makes with this configuration (an `enabled_by`
    /// parameter may turn some off).
    pub fn enabled_registrations(&self) -> Vec<&'static HookRegistration> {
        M::HOOKS
            .iter()
            .filter(|hook| hook.is_enabled(&M::INFO, &self.config))
            .collect()
    }

    /// The configuration entries left out when the module was built (malformed entries of its
    /// [`Entries`](crate::config::Entries) lists), which every call's log names.
    pub fn left_out(&self) -> &[crate::config::EntryProblem] {
        &self.notes.left_out
    }

    /// Everything `register_hooks` registers with this configuration, the hooks the module's
    /// `#[chosen_hooks]` method chooses included, as IRIS's bridge registers them.
    pub fn registration_plan(&self) -> RegistrationPlan {
        let module: &dyn DynModule = &*self.module;
        RegistrationPlan::new(&M::INFO, M::HOOKS, &self.config, Some(module))
    }

    /// Fires an automatic hook at `objects` (a slice, as handlers take them: `&mut vec`,
    /// `&mut [ioc]`); the handler's changes are left in `objects`.
    pub fn fire<T: HookObject + Default>(&self, hook: &str, objects: &mut [T]) -> HookRun {
        self.fire_with(hook, None, objects)
    }

    /// Fires a manual hook from the menu entry `ui_name`.
    pub fn fire_manual<T: HookObject + Default>(
        &self,
        hook: &str,
        ui_name: &str,
        objects: &mut [T],
    ) -> HookRun {
        self.fire_with(hook, Some(ui_name), objects)
    }

    fn fire_with<T: HookObject + Default>(
        &self,
        hook: &str,
        ui_name: Option<&str>,
        objects: &mut [T],
    ) -> HookRun {
        let taken: Vec<T> = objects.iter_mut().map(std::mem::take).collect();
        let mut payload = T::into_payload(taken);
        let run = self.run(hook, ui_name, &mut payload);
        // The payload keeps its kind and length through the call, so this always gives the
        // objects back.
        if let Ok(items) = T::from_payload(payload) {
            for (slot, item) in objects.iter_mut().zip(items) {
                *slot = item;
            }
        }
        run
    }

    /// Fires a hook at JSON data, as IRIS would pass it (a list, or one object that is wrapped
    /// into a list); returns the run and the objects after the call, as JSON.
    pub fn fire_json(
        &self,
        hook: &str,
        ui_name: Option<&str>,
        data: Value,
    ) -> Result<(HookRun, Vec<Value>), PayloadError> {
        let items = match data {
            Value::Array(items) => items,
            single => vec![single],
        };
        let kind = find_hook(hook).map_or(crate::payload::DataKind::RequestBody, |h| h.data);
        let mut payload = HookPayload::from_json(kind, items)?;
        let run = self.run(hook, ui_name, &mut payload);
        Ok((run, payload.to_json()))
    }

    fn run(&self, hook: &str, ui_name: Option<&str>, payload: &mut HookPayload) -> HookRun {
        let cases = CaseSession::new(self.cases.clone(), M::INFO.name, Some(1));
        let redactor = Arc::new(call_redactor(
            &M::INFO,
            Some(&self.config),
            &self.notes.secrets,
            &self.server,
        ));
        let ctx = HookContext::new(hook)
            .with_ui_name(ui_name)
            .with_module_name(M::INFO.name)
            .with_module_id(self.module_id)
            .with_case_id(Some(self.case_id))
            .with_case_session(Arc::new(cases))
            .with_server(self.server.clone())
            .with_redactor(Arc::clone(&redactor))
            .with_left_out(self.notes.left_out.clone().into())
            .with_deadline(
                self.time_limit
                    .map(|limit| std::time::Instant::now() + limit),
            );
        let logger = ctx.logger().clone();
        // As IRIS's worker runs it: on a thread of its own, under its limits.
        let module: Arc<dyn DynModule> = self.module.clone();
        let (status, changed) = run_hook_within(module, ctx, payload.clone(), &mut Plainly);
        if let Some(changed) = changed {
            *payload = changed;
        }
        HookRun {
            status,
            log: logger.lines(),
        }
        .redacted(&redactor)
    }
}

/// A configured pipeline module, ready to upload files to and run, with an evidence storage in
/// memory — in plain `#[test]`s, without IRIS.
///
/// ```
/// use iris_module_core::pipeline::*;
/// use iris_module_core::prelude::*;
/// use iris_module_core::testing::PipelineHarness;
///
/// /// Registers every uploaded file as evidence.
/// #[iris_module(kind = "pipeline", name = "IrisArchive", pipeline_name = "archive")]
/// pub struct Archive;
///
/// #[derive(PipelineArgs)]
/// pub struct ArchiveArgs {
///     /// Why the files are kept
///     reason: String,
/// }
///
/// impl Pipeline for Archive {
///     type Args = ArchiveArgs;
///     fn upload(&self, _: &Upload) -> Result<(), HookError> {
///         Ok(())
///     }
///     fn process(&self, ctx: &mut PipelineContext, args: ArchiveArgs, files: &[PipelineFile]) -> PipelineResult {
///         for file in files {
///             ctx.register_evidence(file, &args.reason)?;
///         }
///         Ok(Status::success("archived"))
///     }
/// }
///
/// let dir = tempfile::tempdir().unwrap();
/// let harness = PipelineHarness::<Archive>::new().unwrap();
/// harness.upload(dir.path(), "notes.txt", &b"hello"[..]).assert_success();
/// harness.run(dir.path(), serde_json::json!({"reason": "triage"})).assert_success();
/// assert_eq!(harness.evidence()[0].filename, "notes.txt");
/// assert_eq!(harness.evidence()[0].description, "triage");
/// ```
pub struct PipelineHarness<M> {
    module: M,
    config: ModuleConfig,
    /// What building the module noted: the secrets read inside its parameters, the entries
    /// left out of its lists.
    notes: BuildNotes,
    server: ServerSettings,
    evidence: Arc<MemoryEvidence>,
    case_id: i64,
    cases: Arc<MemoryCase>,
}

impl<M: Pipeline + RegisteredModule> PipelineHarness<M> {
    /// The module with every parameter at its default.
    #[track_caller]
    pub fn new() -> Result<Self, ConfigError> {
        Self::from_config(Value::Null)
    }

    /// The module configured from JSON: `{param_name: value}` or IRIS's list of entries.
    #[track_caller]
    pub fn from_config(config: Value) -> Result<Self, ConfigError> {
        let (module, config, notes) = configured::<M>(&config)?;
        Ok(PipelineHarness {
            module,
            config,
            notes,
            server: ServerSettings::default(),
            evidence: Arc::default(),
            case_id: 1,
            cases: Arc::default(),
        })
    }

    /// Uses these server settings (proxies...) in every run.
    pub fn with_server(mut self, server: ServerSettings) -> Self {
        self.server = server;
        self
    }

    /// The module instance.
    pub fn module(&self) -> &M {
        &self.module
    }

    /// The module's `pipeline_info`.
    pub fn pipeline_info(&self) -> PipelineInfo {
        // Every pipeline module's entry has its pipeline info.
        M::ENTRY.pipeline().copied().unwrap_or(PipelineInfo {
            internal_name: "",
            human_name: "",
            args: &[],
            update_support: true,
            import_support: true,
        })
    }

    /// The upload step, as `pipeline_files_upload` runs it: saves `content` as `name` into
    /// `dir` if the module accepts it.
    pub fn upload(&self, dir: &Path, name: &str, mut content: impl Read) -> HookRun {
        let request = UploadRequest {
            base_path: dir.to_owned(),
            file_name: name.to_owned(),
            case_customer: "Customer".into(),
            case_name: "case".into(),
            is_update: true,
        };
        HookRun {
            status: upload_file(&M::INFO, &self.module, &request, &mut content),
            log: Vec::new(),
        }
        .redacted(&self.redactor())
    }

    /// What every run and upload removes from its status and log: the module's secrets and the
    /// proxies' credentials, as in IRIS.
    fn redactor(&self) -> Redactor {
        call_redactor(
            &M::INFO,
            Some(&self.config),
            &self.notes.secrets,
            &self.server,
        )
    }

    /// The processing step, as `pipeline_handler` runs it: on the files of `dir`, with `args`
    /// (`{name: value}`, as IRIS passes them).
    pub fn run(&self, dir: &Path, args: Value) -> HookRun {
        let data = PipelineData {
            pipeline_args: match args {
                Value::Object(args) => args,
                _ => serde_json::Map::new(),
            },
            user: Some("analyst".into()),
            user_id: Some(1),
            case_name: Some("case".into()),
            case_id: Some(self.case_id),
            path: Some(dir.to_string_lossy().into_owned()),
            is_update: Some(true),
            extra: serde_json::Map::new(),
        };
        let evidence: Arc<dyn EvidenceStore> = self.evidence.clone();
        let cases = CaseSession::new(self.cases.clone(), M::INFO.name, Some(1));
        let redactor = Arc::new(self.redactor());
        let mut ctx = PipelineContext::new(PipelineType::Update, data, evidence)
            .with_case_session(Arc::new(cases))
            .with_server(self.server.clone())
            .with_redactor(Arc::clone(&redactor));
        let status = run_pipeline(&M::INFO, &self.module, &mut ctx);
        HookRun {
            status,
            log: ctx.logger().lines(),
        }
        .redacted(&redactor)
    }

    /// What the runs added to cases (case 1), kept from run to run as IRIS keeps it, with
    /// IRIS's rules (see [`crate::case`]).
    pub fn cases(&self) -> &MemoryCase {
        &self.cases
    }

    /// The files registered as evidence so far.
    pub fn evidence(&self) -> Vec<EvidenceRecord> {
        self.evidence.records()
    }
}

/// What one hook call, upload or pipeline run produced.
#[derive(Clone, Debug)]
pub struct HookRun {
    /// The status `hooks_handler` would return to IRIS.
    pub status: Status,
    /// The log lines, with their levels (read them with [`lines`](Self::lines),
    /// [`logged`](Self::logged) or [`lines_at`](Self::lines_at)).
    pub log: Vec<LogLine>,
}

impl HookRun {
    /// The run with `redactor`'s secrets removed from its status and log.
    fn redacted(self, redactor: &Redactor) -> Self {
        HookRun {
            status: self.status.redacted(redactor),
            log: self
                .log
                .into_iter()
                .map(|line| line.redacted(redactor))
                .collect(),
        }
    }

    /// Whether the call succeeded.
    pub fn is_success(&self) -> bool {
        self.status.is_success()
    }

    /// Panics, showing the status and the log, unless the call succeeded.
    #[track_caller]
    pub fn assert_success(&self) -> &Self {
        assert!(
            self.status.is_success(),
            "hook failed: {} (code {:#x})\nlog:\n{}",
            self.status.message,
            self.status.code,
            self.log_text()
        );
        self
    }

    /// Panics unless the call failed with a message containing `needle`.
    #[track_caller]
    pub fn assert_failure(&self, needle: &str) -> &Self {
        assert!(
            self.status.is_failure() && self.status.message.contains(needle),
            "expected a failure mentioning {needle:?}, got: {} (code {:#x})\nlog:\n{}",
            self.status.message,
            self.status.code,
            self.log_text()
        );
        self
    }

    /// Every log line, in order: the lines IRIS shows as the status's `logs`.
    pub fn lines(&self) -> Vec<&str> {
        self.log.iter().map(|line| line.message.as_str()).collect()
    }

    /// Whether a log line contains `needle`.
    pub fn logged(&self, needle: &str) -> bool {
        self.log.iter().any(|line| line.message.contains(needle))
    }

    /// The lines logged at `level`.
    pub fn lines_at(&self, level: Level) -> Vec<&str> {
        self.log
            .iter()
            .filter(|line| line.level == level)
            .map(|line| line.message.as_str())
            .collect()
    }

    fn log_text(&self) -> String {
        self.log
            .iter()
            .map(|line| format!("  [{}] {}", line.level, line.message))
            .collect::<Vec<_>>()
            .join("\n")
    }
}
