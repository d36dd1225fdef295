//! How the runtime builds and drives a module, whatever its kind: the entry `#[iris_module(...)]`
//! registers, and the module instance behind a pointer that the registry, the Python bridge and
//! the local runner call.

use super::chosen::{ChosenHandler, ChosenHooks};
use super::hooks::HookRegistration;
use super::info::ModuleInfo;
use super::traits::{HookHandlers, IrisModule};
use crate::config::{ConfigError, ModuleConfig};
use crate::context::HookContext;
use crate::payload::HookPayload;
use crate::pipeline::{DynPipeline, Pipeline, PipelineArgs, PipelineInfo};
use crate::status::Status;

/// Builds a module instance from its configuration.
pub type Instantiate = fn(&ModuleConfig) -> Result<Box<dyn DynModule>, ConfigError>;

/// How the runtime builds and drives a module: its hooks, or its pipeline.
#[derive(Clone, Copy, Debug)]
pub enum ModuleEntry {
    /// A processor module: the hooks it handles.
    Processor {
        /// Its hook registrations.
        hooks: &'static [HookRegistration],
        /// Builds an instance.
        instantiate: Instantiate,
    },
    /// A pipeline module: its `pipeline_info`.
    Pipeline {
        /// What IRIS checks and shows of the pipeline.
        pipeline: PipelineInfo,
        /// Builds an instance.
        instantiate: Instantiate,
    },
    /// A module that did not compile (the placeholder the macros emit beside the errors).
    Invalid,
}

impl ModuleEntry {
    /// The hooks a processor handles (none for a pipeline).
    pub fn hooks(&self) -> &'static [HookRegistration] {
        match self {
            ModuleEntry::Processor { hooks, .. } => hooks,
            _ => &[],
        }
    }

    /// A pipeline's `pipeline_info` (none for a processor).
    pub fn pipeline(&self) -> Option<&PipelineInfo> {
        match self {
            ModuleEntry::Pipeline { pipeline, .. } => Some(pipeline),
            _ => None,
        }
    }

    /// Builds an instance from `config`.
    pub fn instantiate(&self, config: &ModuleConfig) -> Result<Box<dyn DynModule>, ConfigError> {
        match self {
            ModuleEntry::Processor { instantiate, .. }
            | ModuleEntry::Pipeline { instantiate, .. } => instantiate(config),
            ModuleEntry::Invalid => Err(ConfigError::whole("this module did not compile")),
        }
    }
}

/// A module the macros registered: how the runtime builds and drives it. Implemented by
/// `#[iris_module(kind = "...")]`.
#[doc(hidden)]
pub trait RegisteredModule: IrisModule {
    /// Its hooks or its pipeline.
    const ENTRY: ModuleEntry;
}

/// A module instance behind a pointer, as the registry builds them.
pub trait DynModule: Send + Sync {
    /// The module's description.
    fn info(&self) -> &'static ModuleInfo;
    /// Its hook registrations.
    fn hooks(&self) -> &'static [HookRegistration];
    /// Its `hooks_handler` (without the safety net of [`crate::host::run_hook`]).
    fn dispatch(&self, ctx: &mut HookContext, payload: &mut HookPayload) -> Status;
    /// The hooks its configuration chooses (`#[chosen_hooks]`), beside [`hooks`](Self::hooks).
    fn chosen_hooks(&self) -> ChosenHooks {
        ChosenHooks::new()
    }
    /// The `#[chosen_hooks]` handler, which handles the chosen hooks.
    fn chosen_handler(&self) -> Option<ChosenHandler> {
        None
    }
    /// Whether the configuration chose `hook` (from the menu entry `ui_name`, for a manual
    /// hook): what the safety net asks before a call reaches the chosen handler.
    fn chooses(&self, hook: &str, ui_name: Option<&str>) -> bool {
        self.chosen_handler().is_some() && self.chosen_hooks().chooses(hook, ui_name)
    }
    /// Its pipeline, when it is a pipeline module.
    fn pipeline(&self) -> Option<&dyn DynPipeline> {
        None
    }
}

impl<M: IrisModule + HookHandlers + Send + Sync> DynModule for M {
    fn info(&self) -> &'static ModuleInfo {
        const { &M::INFO }
    }
    fn hooks(&self) -> &'static [HookRegistration] {
        M::HOOKS
    }
    fn dispatch(&self, ctx: &mut HookContext, payload: &mut HookPayload) -> Status {
        HookHandlers::dispatch(self, ctx, payload)
    }
    fn chosen_hooks(&self) -> ChosenHooks {
        HookHandlers::chosen_hooks(self)
    }
    fn chosen_handler(&self) -> Option<ChosenHandler> {
        M::CHOSEN
    }
}

/// Builds processor module `M` as a [`DynModule`], with the hooks its configuration chooses
/// worked out once (the module is reused while its configuration is unchanged).
pub fn instantiate<M: IrisModule + HookHandlers + Send + Sync>(
    config: &ModuleConfig,
) -> Result<Box<dyn DynModule>, ConfigError> {
    let module = M::from_config(config)?;
    let chosen = HookHandlers::chosen_hooks(&module);
    Ok(Box::new(BuiltProcessor { module, chosen }))
}

/// A processor module built from its configuration, with the hooks that configuration chooses.
struct BuiltProcessor<M> {
    module: M,
    chosen: ChosenHooks,
}

impl<M: IrisModule + HookHandlers + Send + Sync> DynModule for BuiltProcessor<M> {
    fn info(&self) -> &'static ModuleInfo {
        const { &M::INFO }
    }
    fn hooks(&self) -> &'static [HookRegistration] {
        M::HOOKS
    }
    fn dispatch(&self, ctx: &mut HookContext, payload: &mut HookPayload) -> Status {
        HookHandlers::dispatch(&self.module, ctx, payload)
    }
    fn chosen_hooks(&self) -> ChosenHooks {
        self.chosen.clone()
    }
    fn chosen_handler(&self) -> Option<ChosenHandler> {
        M::CHOSEN
    }
    fn chooses(&self, hook: &str, ui_name: Option<&str>) -> bool {
        M::CHOSEN.is_some() && self.chosen.chooses(hook, ui_name)
    }
}

/// The entry of processor module `M`.
#[doc(hidden)]
pub const fn processor_entry<M: IrisModule + HookHandlers + Send + Sync>() -> ModuleEntry {
    ModuleEntry::Processor {
        hooks: M::HOOKS,
        instantiate: instantiate::<M>,
    }
}

/// The names and flags of `#[iris_module(kind = "pipeline", ...)]`, for [`pipeline_entry`].
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct PipelineNames {
    pub internal_name: &'static str,
    pub human_name: &'static str,
}

/// The entry of pipeline module `M`.
#[doc(hidden)]
pub const fn pipeline_entry<M: Pipeline>(names: PipelineNames) -> ModuleEntry {
    ModuleEntry::Pipeline {
        pipeline: PipelineInfo {
            internal_name: names.internal_name,
            human_name: names.human_name,
            args: <M::Args as PipelineArgs>::ARGS,
            // IRIS's health check refuses a pipeline without both (the macro refuses `false`).
            update_support: true,
            import_support: true,
        },
        instantiate: instantiate_pipeline::<M>,
    }
}

/// Builds pipeline module `M` as a [`DynModule`].
pub fn instantiate_pipeline<M: Pipeline>(
    config: &ModuleConfig,
) -> Result<Box<dyn DynModule>, ConfigError> {
    Ok(Box::new(PipelineModule(M::from_config(config)?)))
}

/// A pipeline module as a [`DynModule`]: no hooks, and its pipeline.
struct PipelineModule<M>(M);

impl<M: Pipeline> DynModule for PipelineModule<M> {
    fn info(&self) -> &'static ModuleInfo {
        const { &M::INFO }
    }

    fn hooks(&self) -> &'static [HookRegistration] {
        &[]
    }

    fn dispatch(&self, ctx: &mut HookContext, _: &mut HookPayload) -> Status {
        Status::error(format!(
            "`{}` is a pipeline module: it handles no hooks (`{}` was called)",
            M::INFO.name,
            ctx.hook_name()
        ))
    }

    fn pipeline(&self) -> Option<&dyn DynPipeline> {
        Some(&self.0)
    }
}
