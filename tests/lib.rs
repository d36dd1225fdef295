//! Modules shared by the integration tests and the benchmarks: the surface of the foundation
//! issue, written exactly as a user would.

use iris_module_core::pipeline::PipelineArgs;
use iris_module_core::prelude::*;

/// A stand-in for an API client a module keeps (not configuration: built with `Default`).
#[derive(Debug, Default)]
pub struct SomeClient {
    /// Requests made.
    pub requests: std::sync::atomic::AtomicUsize,
}

/// Enriches IOCs with reputation data.
#[iris_module(
    kind = "processor",
    name = "IrisReputation",
    version = "0.1.0",
    max_concurrent_calls = 1,
    iris_versions = ">=2.4.10, <2.6"
)]
#[derive(Debug)]
#[allow(
    missing_docs,
    reason = "parameters without a doc comment on purpose: their IRIS description is empty"
)]
pub struct Reputation {
    /// API key used for the lookups
    #[config_param(human_name = "API key", mandatory)]
    pub api_key: Secret,
    #[config_param(default = true, section = "Behaviour")]
    pub tag_malicious: bool,
    #[config_param(default = 30)]
    pub threshold: i64,
    #[config_param(kind = "textfield_html", default = "<b>{{ score }}</b>")]
    pub report_template: String,
    pub client: Option<SomeClient>,
}

impl Reputation {
    /// A made-up score: the value's length times seven, capped at 100.
    pub fn score(value: &str) -> i64 {
        (value.len() as i64 * 7).min(100)
    }
}

#[iris_module]
impl Reputation {
    #[hook("on_postload_ioc_create")]
    #[hook("on_postload_ioc_update")]
    #[hook("on_manual_trigger_ioc", manual_name = "Get reputation")]
    fn enrich(&self, ctx: &mut HookContext, iocs: &mut [Ioc]) -> HookResult {
        for ioc in iocs.iter_mut() {
            if ioc.ioc_value == "panic.example" {
                panic!("lookup of {} exploded", ioc.ioc_value);
            }
            let score = Self::score(&ioc.ioc_value);
            log::info!("score of {} is {score}", ioc.ioc_value);
            if self.tag_malicious && score >= self.threshold {
                ioc.add_tag("reputation:malicious")?;
            }
            let report = self
                .report_template
                .replace("{{ score }}", &score.to_string());
            ioc.add_tab_attribute_field("Reputation", "HTML report", AttributeType::Html, report);
        }
        ctx.info(format!("{} IOCs enriched", iocs.len()));
        Ok(())
    }

    #[hook("on_manual_trigger_asset", manual_name = "Cached reputation")]
    fn cached(&self, ctx: &mut HookContext, assets: &mut [Asset]) -> HookResult {
        // Shared by every worker of IRIS for an hour; each IOC's score kept on it as the
        // module's state.
        let cache = iris_module_core::cache::TtlCache::new(
            &format!("reputation {}", self.api_key.expose()),
            std::time::Duration::from_secs(3600),
        )
        .redacting(ctx);
        let values: Vec<&str> = assets
            .iter()
            .map(|asset| asset.asset_name.as_str())
            .collect();
        let looked = cache
            .lookup(&values, |missing| {
                Ok::<_, HookError>(
                    missing
                        .iter()
                        .map(|value| Some(Self::score(value)))
                        .collect(),
                )
            })
            .map_err(HookError::msg)?;
        for (asset, score) in assets.iter_mut().zip(&looked.values) {
            ctx.set_state(asset, &serde_json::json!({ "score": score }))?;
        }
        ctx.info(format!(
            "{} looked up, {} from the cache",
            looked.fetched, looked.cached
        ));
        // A slow call, for the tests of what another module writes meanwhile.
        if assets
            .iter()
            .any(|asset| asset.asset_name.starts_with("slow-"))
        {
            std::thread::sleep(std::time::Duration::from_secs(3));
        }
        Ok(())
    }

    #[hook("on_preload_asset_create")]
    fn check_asset(&self, ctx: &mut HookContext, assets: &mut [RequestBody]) -> HookResult {
        for body in assets.iter_mut() {
            if body
                .get_str("asset_name")
                .is_some_and(|name| name.contains(' '))
            {
                ctx.warn("asset names should not contain spaces");
            }
            body.set("asset_description", "checked by IrisReputation");
        }
        Ok(())
    }

    #[hook("on_postload_ioc_delete", run_async = false)]
    fn forget(&self, ctx: &mut HookContext, ids: &[ObjectId]) -> Status {
        Status::success(format!("forgot {} IOCs", ids.len())).merge({
            ctx.debug("deleted ids processed");
            Status::success("")
        })
    }

    #[hook("on_manual_trigger_note", manual_name = "Slow lookup")]
    fn slow_lookup(&self, ctx: &mut HookContext, notes: &mut [Note]) -> HookResult {
        // Stands for a blocking network call: the bridge runs handlers with the GIL released.
        std::thread::sleep(std::time::Duration::from_millis(300));
        for note in notes.iter_mut() {
            let title = note.note_title.clone().unwrap_or_default();
            note.note_title = Some(format!("{title} (looked up)"));
        }
        ctx.info("slow lookup done");
        Ok(())
    }

    /// Not a hook: an ordinary method stays as written.
    pub fn api_key_is_set(&self) -> bool {
        !self.api_key.is_empty()
    }
}

/// Collects uploaded text files as evidence: a pipeline module with every behaviour the tests
/// need (a refusal in the upload step, a failure status, a panic).
#[iris_module(
    kind = "pipeline",
    name = "IrisCollector",
    pipeline_name = "collector",
    pipeline_human_name = "Collect text files"
)]
pub struct Collector {
    /// Extension of the files accepted
    #[config_param(default = "txt")]
    pub extension: String,
}

/// The arguments of a collection.
#[derive(PipelineArgs)]
pub struct CollectArgs {
    /// A label for the evidence descriptions
    pub label: String,
    /// A file name whose presence makes the run fail
    #[pipeline_arg(name = "fail_on")]
    pub fail_on: Option<String>,
    /// A file name whose presence makes the run panic
    pub panic_on: Option<String>,
}

impl Pipeline for Collector {
    type Args = CollectArgs;

    fn upload(&self, upload: &Upload) -> Result<(), HookError> {
        if upload.extension().as_deref() != Some(self.extension.as_str()) {
            return Err(HookError::msg(format!(
                "only .{} files are collected",
                self.extension
            )));
        }
        Ok(())
    }

    fn process(
        &self,
        ctx: &mut PipelineContext,
        args: CollectArgs,
        files: &[PipelineFile],
    ) -> PipelineResult {
        let mut added = 0;
        for (index, file) in files.iter().enumerate() {
            if args.panic_on.as_deref() == Some(file.name()) {
                panic!("cannot collect {}", file.name());
            }
            if args.fail_on.as_deref() == Some(file.name()) {
                return Ok(Status::error(format!("{} is not collectable", file.name())));
            }
            let description = format!("[{}] {}", args.label, file.name());
            if ctx.register_evidence(file, description)? {
                added += 1;
            } else {
                ctx.warn(format!("{} was already collected", file.name()));
            }
            ctx.progress(index as u64 + 1, files.len() as u64, "files");
        }
        Ok(Status::success(format!("{added} file(s) collected")))
    }
}

/// One route of [`Relay`]: the hooks it relays, the menu entry of manual ones, and a token.
#[derive(Debug, serde::Deserialize)]
pub struct Route {
    /// Its name, as the log calls it.
    pub name: String,
    /// The hooks (or `all`, `all_create`...).
    pub trigger_on: Vec<Trigger>,
    /// The menu entry of the manual hooks among them.
    #[serde(default)]
    pub menu: Option<String>,
    /// A token the route would send (redacted everywhere, as a `sensitive_string` is).
    #[serde(default)]
    pub token: Option<Secret>,
}

/// The routes of [`Relay`], a JSON document an administrator edits.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Routes {
    /// The routes; a malformed one is left out and named.
    #[serde(default)]
    pub routes: iris_module_core::config::Entries<Route>,
}

/// Relays the hooks its configuration chooses: the hooks of each route registered when IRIS
/// registers the module, each call logged with the routes it matches.
#[iris_module(kind = "processor", name = "IrisRelay")]
pub struct Relay {
    /// The routes, as JSON
    #[config_param(
        default = "{\"routes\": [{\"name\": \"updates\", \"trigger_on\": [\"on_postload_ioc_update\"]}]}"
    )]
    pub routes: Json<Routes>,
}

#[iris_module]
impl Relay {
    fn route_hooks(&self) -> ChosenHooks {
        let mut hooks = ChosenHooks::new();
        for route in self.routes.routes.iter() {
            for trigger in &route.trigger_on {
                match &route.menu {
                    Some(menu) => hooks.add_manual(*trigger, menu),
                    None => hooks.add(*trigger),
                };
            }
        }
        hooks
    }

    #[chosen_hooks(by = "route_hooks")]
    fn relay(&self, ctx: &mut HookContext, hook: &mut AnyHook) -> HookResult {
        for route in self.routes.routes.iter() {
            if route
                .trigger_on
                .iter()
                .any(|trigger| trigger.hooks().any(|h| h.name == hook.name()))
            {
                let token = route.token.as_ref().map_or("", Secret::expose);
                ctx.info(format!(
                    "route {}: {} {} with token {token}",
                    route.name,
                    hook.object(),
                    hook.action()
                ));
            }
        }
        Ok(())
    }
}

/// The README's Rust examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
pub mod readme {}

/// The book's chapters (`docs/src/`): every Rust sample in them is compiled and run as a doctest.
pub mod book {
    /// Writing a module.
    #[doc = include_str!("../docs/src/writing-a-module.md")]
    pub mod writing_a_module {}
    /// HTTP, proxies and errors.
    #[doc = include_str!("../docs/src/http.md")]
    pub mod http {}
    /// State, caches, several instances and long jobs.
    #[doc = include_str!("../docs/src/state-and-services.md")]
    pub mod state_and_services {}
    /// Adding to the case.
    #[doc = include_str!("../docs/src/adding-to-the-case.md")]
    pub mod adding_to_the_case {}
    /// Pipeline modules.
    #[doc = include_str!("../docs/src/pipelines.md")]
    pub mod pipelines {}
    /// The examples.
    #[doc = include_str!("../docs/src/examples.md")]
    pub mod examples {}
    /// Installing a module into IRIS.
    #[doc = include_str!("../docs/src/installing.md")]
    pub mod installing {}
    /// Compile errors.
    #[doc = include_str!("../docs/src/compile-errors.md")]
    pub mod compile_errors {}
    /// Performance.
    #[doc = include_str!("../docs/src/performance.md")]
    pub mod performance {}
    /// `cargo iris`.
    #[doc = include_str!("../docs/src/cargo-iris.md")]
    pub mod cargo_iris {}
}

/// Adds one object of each kind (an IOC, an asset, a timeline event linked to both, a note, a
/// task, a comment on the event) to the case of each note it is given. `mode` makes it fail:
/// `fail_after_adding` returns an error once everything is added; `bad_link` also links the
/// event to asset `bad_asset` (of another case), which the store refuses. "Bulk fill" waits
/// `slow_ms`, then adds `bulk_count` IOCs to each note's case: a write long enough to be killed
/// in the middle of, or a call to restart IRIS's services under.
#[iris_module(kind = "processor", name = "IrisCaseFiller")]
pub struct CaseFiller {
    /// `ok`, `fail_after_adding` or `bad_link`
    #[config_param(default = "ok")]
    mode: String,
    /// The asset `bad_link` links to
    #[config_param(default = 0)]
    bad_asset: i64,
    /// The IOC type to use
    #[config_param(default = "domain")]
    ioc_type: String,
    /// How many IOCs "Bulk fill" adds per note (`bulk-<note id>-<n>.example`)
    #[config_param(default = 200)]
    bulk_count: i64,
    /// How long "Bulk fill" waits before it adds them, in milliseconds
    #[config_param(default = 0)]
    slow_ms: i64,
}

#[iris_module]
impl CaseFiller {
    #[hook("on_postload_note_create")]
    fn fill(&self, ctx: &mut HookContext, notes: &mut [Note]) -> HookResult {
        for note in notes.iter() {
            let case = ctx.case(note.note_case_id.or(ctx.case_id()).unwrap_or(1));
            let ioc = case.add_ioc(NewIoc::new("evil.example", &self.ioc_type).tlp("red"))?;
            let host = case.add_asset(
                NewAsset::new("DC01", "Windows - DC")
                    .ip("10.0.0.5")
                    .iocs([ioc.id()]),
            )?;
            let mut assets = vec![host.id()];
            if self.mode == "bad_link" {
                assets.push(iris_module_core::case::AssetRef::stored(self.bad_asset));
            }
            let event = case.add_event(
                NewEvent::new("Security log cleared", "2024-05-01T08:00:00Z".parse()?)
                    .source("Security.evtx")
                    .category("defense evasion")
                    .raw("{\"EventID\": 1102}")
                    .assets(assets)
                    .iocs([ioc.id()]),
            )?;
            case.add_note(NewNote::new("Triage", "Look at DC01").directory("Automation"))?;
            case.add_task(NewTask::new("Reimage DC01").status("In progress"))?;
            case.add_comment(NewComment::new(event.id(), "Cleared right after the logon"))?;
        }
        if self.mode == "fail_after_adding" {
            return Err(HookError::msg("failing on purpose"));
        }
        Ok(())
    }

    /// Stands for a long import: waits `slow_ms`, then adds `bulk_count` IOCs per note, all
    /// stored in one transaction when the call ends.
    #[hook("on_manual_trigger_note", manual_name = "Bulk fill", timeout = "2m")]
    fn bulk(&self, ctx: &mut HookContext, notes: &mut [Note]) -> HookResult {
        std::thread::sleep(std::time::Duration::from_millis(self.slow_ms.max(0) as u64));
        for note in notes.iter() {
            let case = ctx.case(note.note_case_id.or(ctx.case_id()).unwrap_or(1));
            let note_id = note.note_id.unwrap_or(0);
            for n in 0..self.bulk_count {
                case.add_ioc(NewIoc::new(
                    format!("bulk-{note_id}-{n}.example"),
                    &self.ioc_type,
                ))?;
            }
        }
        Ok(())
    }

    /// Stands for a lookup that hangs: it adds an IOC and renames the notes, then takes 3 s,
    /// past its 1 s limit. The call is given up at 1 s, and nothing it did is kept.
    #[hook("on_manual_trigger_note", manual_name = "Stuck fill", timeout = "1s")]
    fn stuck(&self, ctx: &mut HookContext, notes: &mut [Note]) -> HookResult {
        let case = ctx.case(ctx.case_id().unwrap_or(1));
        case.add_ioc(NewIoc::new("stuck.example", &self.ioc_type))?;
        for note in notes.iter_mut() {
            note.note_title = Some("renamed by a stuck call".into());
        }
        std::thread::sleep(std::time::Duration::from_secs(3));
        Ok(())
    }
}
