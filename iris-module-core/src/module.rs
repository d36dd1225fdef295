//! What the macros implement for a module: its description (`IrisModule`) and its hook handlers
//! (`HookHandlers`).

use crate::config::{ModuleConfig, ParamInfo};
use crate::context::HookContext;
use crate::error::ConfigError;
use crate::payload::HookPayload;
use crate::pipeline::{DynPipeline, PipelineInfo};
use crate::status::Status;
use serde_json::Value;

/// The kind of IRIS module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModuleKind {
    /// Subscribes to hooks (`module_processor`).
    Processor,
    /// Receives uploaded files and processes them (`module_pipeline`).
    Pipeline,
}

impl ModuleKind {
    /// IRIS's `_module_type`.
    pub const fn iris_type(self) -> &'static str {
        match self {
            ModuleKind::Processor => "module_processor",
            ModuleKind::Pipeline => "module_pipeline",
        }
    }
}

/// A module's description, as IRIS reads it from the module class.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ModuleInfo {
    /// `_module_name`: the human name, also the key of the stored configuration.
    pub name: &'static str,
    /// `_module_description`.
    pub description: &'static str,
    /// `_module_version`.
    pub module_version: &'static str,
    /// `_interface_version` (IRIS accepts 1.1 to 1.2.0).
    pub interface_version: &'static str,
    /// `_module_type`.
    pub kind: ModuleKind,
    /// `_module_configuration`, in declaration order.
    pub params: &'static [ParamInfo],
    /// The Rust path of the module struct.
    pub rust_type: &'static str,
}

impl ModuleInfo {
    /// A placeholder the macros emit when a module had compile errors.
    pub const INVALID: ModuleInfo = ModuleInfo {
        name: "",
        description: "",
        module_version: "",
        interface_version: "",
        kind: ModuleKind::Processor,
        params: &[],
        rust_type: "",
    };

    /// `get_init_configuration()`: the configuration entries in IRIS's format.
    pub fn iris_configuration(&self) -> Value {
        Value::Array(self.params.iter().map(ParamInfo::iris_entry).collect())
    }

    /// The crate that declares the module (from [`rust_type`](Self::rust_type)).
    pub fn crate_name(&self) -> Option<&'static str> {
        self.rust_type
            .split("::")
            .next()
            .filter(|name| !name.is_empty())
    }

    /// The parameter called `name`.
    pub fn param(&self, name: &str) -> Option<&'static ParamInfo> {
        self.params.iter().find(|param| param.name == name)
    }
}

/// One `#[hook]` registration: what `register_hooks` passes to IRIS's `register_to_hook`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HookRegistration {
    /// The hook name.
    pub hook: &'static str,
    /// The menu entry of a manual hook (`manual_hook_name`).
    pub manual_name: Option<&'static str>,
    /// `run_asynchronously` (always `false` for preload hooks).
    pub run_asynchronously: bool,
    /// The method that handles it.
    pub handler: &'static str,
    /// The `bool` configuration parameter that turns the registration on (`enabled_by`):
    /// `register_hooks` registers the hook only while it is true, as official modules do with
    /// their "Triggers" settings.
    pub enabled_by: Option<&'static str>,
}

impl HookRegistration {
    const PLACEHOLDER: HookRegistration = HookRegistration {
        hook: "",
        manual_name: None,
        run_asynchronously: true,
        handler: "",
        enabled_by: None,
    };

    /// Whether `register_hooks` registers it under `config`: always, unless its `enabled_by`
    /// parameter is false (or unreadable).
    pub fn is_enabled(&self, info: &ModuleInfo, config: &ModuleConfig) -> bool {
        let Some(name) = self.enabled_by else {
            return true;
        };
        let Some(param) = info.param(name) else {
            return false;
        };
        let default: Option<crate::config::checks::TypedDefault<bool>> = match param.default {
            crate::config::DefaultValue::Bool(true) => Some(|| Ok(true)),
            crate::config::DefaultValue::Bool(false) => Some(|| Ok(false)),
            _ => None,
        };
        let mut errors = crate::config::ConfigErrors::new();
        config
            .param::<bool>(param, default, &mut errors)
            .unwrap_or(false)
    }
}

/// A DFIR-IRIS module: implemented by `#[iris_module(kind = "...")]` on a struct.
///
/// A module must also be `Send + Sync` (IRIS may run its hooks on several threads); the
/// registration checks it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an IRIS module",
    note = "add `#[iris_module(kind = \"processor\")]` to the struct"
)]
pub trait IrisModule: Sized + 'static {
    /// The module's description.
    const INFO: ModuleInfo;

    /// How the runtime builds and drives the module (its hooks or its pipeline).
    #[doc(hidden)]
    const ENTRY: ModuleEntry;

    /// Builds the module from its configuration; every wrong parameter is reported at once.
    fn from_config(config: &ModuleConfig) -> Result<Self, ConfigError>;
}

/// Builds a module instance from its configuration.
pub type Instantiate = fn(&ModuleConfig) -> Result<Box<dyn DynModule>, ConfigError>;

/// How the runtime builds and drives a module, whatever its kind: what `#[iris_module(...)]`
/// registers and what the Python bridge exports.
#[derive(Clone, Copy, Debug)]
pub struct ModuleEntry {
    /// The hooks a processor handles (none for a pipeline).
    pub hooks: &'static [HookRegistration],
    /// A pipeline's `pipeline_info` (none for a processor).
    pub pipeline: Option<PipelineInfo>,
    /// Builds an instance.
    pub instantiate: Instantiate,
}

impl ModuleEntry {
    /// A placeholder the macros emit when a module had compile errors.
    pub const INVALID: ModuleEntry = ModuleEntry {
        hooks: &[],
        pipeline: None,
        instantiate: |_| Err(ConfigError::whole("this module did not compile")),
    };
}

/// The entry of processor module `M` (one call, so that a missing impl block is one error).
pub const fn processor_entry<M: IrisModule + HookHandlers + Send + Sync>() -> ModuleEntry {
    ModuleEntry {
        hooks: M::HOOKS,
        pipeline: None,
        instantiate: instantiate::<M>,
    }
}

/// A processor module: implemented by `#[iris_module(kind = "processor")]`. Only processors have
/// hooks.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a processor module: only processor modules have hooks",
    label = "a hook on a module that is not a processor",
    note = "a pipeline module receives files through `impl Pipeline`; hooks go on a struct with `#[iris_module(kind = \"processor\")]`"
)]
pub trait ProcessorModule: IrisModule {}

/// Compiles only for processor modules (the check of a `#[hook]`).
#[doc(hidden)]
pub const fn require_processor<M: ProcessorModule>() {}

/// The hook handlers of a module: implemented by `#[iris_module]` on its impl block.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no hook handlers",
    note = "add `#[iris_module] impl {Self} {{ #[hook(\"on_postload_ioc_create\")] fn ... }}`"
)]
pub trait HookHandlers {
    /// Every hook the module handles.
    const HOOKS: &'static [HookRegistration];

    /// `hooks_handler`: calls the handler of `ctx.hook_name()` (and, for manual hooks handled
    /// under several menu names, `ctx.hook_ui_name()`).
    fn dispatch(&self, ctx: &mut HookContext, payload: &mut HookPayload) -> Status;
}

/// A module instance behind a pointer, as the registry builds them.
pub trait DynModule: Send + Sync {
    /// The module's description.
    fn info(&self) -> &'static ModuleInfo;
    /// Its hook registrations.
    fn hooks(&self) -> &'static [HookRegistration];
    /// Its `hooks_handler` (without the safety net of [`crate::run_hook`]).
    fn dispatch(&self, ctx: &mut HookContext, payload: &mut HookPayload) -> Status;
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
}

/// Builds a module as a [`DynModule`]; the registry's constructor.
pub fn instantiate<M: IrisModule + HookHandlers + Send + Sync>(
    config: &ModuleConfig,
) -> Result<Box<dyn DynModule>, ConfigError> {
    Ok(Box::new(M::from_config(config)?))
}

/// How many entries of `all` are present (used to size a `#[cfg]`-filtered hook list).
pub const fn count_hooks(all: &[Option<HookRegistration>]) -> usize {
    let mut count = 0;
    let mut index = 0;
    while index < all.len() {
        if all[index].is_some() {
            count += 1;
        }
        index += 1;
    }
    count
}

/// The present entries of `all`, in order; `N` must be [`count_hooks`] of `all`.
pub const fn collect_hooks<const N: usize, const M: usize>(
    all: [Option<HookRegistration>; M],
) -> [HookRegistration; N] {
    let mut out = [HookRegistration::PLACEHOLDER; N];
    let mut index = 0;
    let mut next = 0;
    while index < M {
        if let Some(hook) = all[index] {
            out[next] = hook;
            next += 1;
        }
        index += 1;
    }
    out
}

/// The Python class name IRIS looks up for a module named `module_name`: the name, as an
/// identifier, plus `Interface` (`IrisRefang` gives `IrisRefangInterface`).
pub fn class_name(module_name: &str) -> String {
    let mut name: String = module_name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "Iris");
    }
    name.push_str("Interface");
    name
}

#[cfg(test)]
mod tests {
    #[test]
    fn class_names_are_identifiers() {
        assert_eq!(super::class_name("IrisRefang"), "IrisRefangInterface");
        assert_eq!(super::class_name("VT insight 2"), "VTinsight2Interface");
        assert_eq!(super::class_name("3x"), "Iris3xInterface");
    }
}
