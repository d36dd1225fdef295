//! Write DFIR-IRIS modules (DIMs) in Rust.
//!
//! A module is an annotated struct (its metadata and configuration) and an annotated impl block
//! (its hook handlers). The macros generate what a Python DIM writes by hand: the configuration
//! list, the hook registrations and the `hooks_handler` dispatch; every misuse is a compile error
//! on the offending token.
//!
//! ```
//! use iris_module_core::prelude::*;
//!
//! /// Enriches IOCs with reputation data.
//! #[iris_module(kind = "processor", name = "IrisReputation", version = "0.1.0")]
//! pub struct Reputation {
//!     /// API key used for the lookups
//!     #[config_param(human_name = "API key", mandatory)]
//!     api_key: Secret,
//!     #[config_param(default = true, section = "Behaviour")]
//!     tag_malicious: bool,
//!     #[config_param(default = 30)]
//!     threshold: i64,
//!     #[config_param(kind = "textfield_html", default = "<b>{{ score }}</b>")]
//!     report_template: String,
//! }
//!
//! #[iris_module]
//! impl Reputation {
//!     #[hook("on_postload_ioc_create")]
//!     #[hook("on_manual_trigger_ioc", manual_name = "Get reputation")]
//!     fn enrich(&self, ctx: &mut HookContext, iocs: &mut [Ioc]) -> HookResult {
//!         ctx.info(format!("{} IOCs to look up", iocs.len()));
//!         Ok(())
//!     }
//! }
//!
//! let info = &<Reputation as iris_module_core::IrisModule>::INFO;
//! assert_eq!(info.name, "IrisReputation");
//! assert_eq!(info.params[0].kind.as_str(), "sensitive_string");
//! ```

extern crate self as iris_module_core;

mod any_hook;
pub mod api_json;
pub mod cache;
// Used by the hosts (the bridge, the harnesses, the local runner).
#[cfg(any(feature = "python", feature = "testing", feature = "local"))]
mod call_secrets;
pub mod case;
pub mod config;
mod context;
mod diff;
mod dispatch;
mod enabled_by;
mod error;
pub mod fan_out;
mod flock;
pub mod hooks;
#[cfg(feature = "http")]
pub mod http;
mod ioc_filter;
pub mod iris_version;
#[cfg(feature = "jinja")]
pub mod jinja;
pub mod limits;
#[cfg(feature = "local")]
pub mod local;
pub mod logging;
pub mod long_job;
mod module;
pub mod objects;
pub mod outbox;
pub mod pace;
mod panic;
mod payload;
pub mod pipeline;
#[cfg(feature = "python")]
pub mod python;
pub mod python_text;
mod redact;
mod registry;
mod scrub;
pub mod server;
pub mod shared;
// The Python bridge's strictness about the objects it reads; tested without the bridge.
#[cfg_attr(not(feature = "python"), allow(dead_code))]
mod shape;
mod status;
mod stray_hook;
#[cfg(feature = "testing")]
pub mod testing;

pub use any_hook::{AnyHook, HookAction, object_and_action};
pub use config::{ConfigError, ParamError};
pub use config::{ConfigValue, DefaultValue, Json, ModuleConfig, ParamInfo, ParamKind, Secret};
pub use context::HookContext;
pub use error::{HookError, HookResult};
pub use iris_module_macros::{chosen_hooks, config_param, hook, iris_module};
pub use iris_version::SUPPORTED_IRIS_VERSIONS;
pub use module::{
    ChosenHandler, ChosenHook, ChosenHooks, HookHandlers, HookRegistration, IrisModule, ModuleInfo,
    ModuleKind, ProcessorModule, Registration, RegistrationPlan, TRIGGER_GROUPS, Trigger,
    UnknownTrigger,
};
pub use payload::{DataKind, HookObject, HookPayload, PayloadError};
pub use registry::{DuplicateModule, ModuleRegistration, Registry, SourceLocation};
pub use server::ServerSettings;
pub use status::{IntoStatus, Status, codes};

/// What hosts use to load and drive modules: the Python bridge, the local runner, the test
/// harnesses. A module does not need it.
pub mod host {
    pub use crate::diff::{FieldChange, FieldChanges};
    pub use crate::dispatch::run_hook;
    pub use crate::module::{
        DynModule, Instantiate, ModuleEntry, RegisteredModule, class_name, instantiate,
        instantiate_pipeline,
    };
    pub use crate::pipeline::steps::DynPipeline;

    /// The case writer's side that stores: the store a session writes through and what it
    /// receives, and the store in memory that the harnesses and `cargo iris run` use.
    pub mod case {
        pub use crate::case::memory::{MemoryCase, StoredObject};
        pub use crate::case::plan::{Op, Plan};
        pub use crate::case::refs::Target;
        pub use crate::case::store::{CaseStore, StoreError};
    }

    /// The pipeline's steps as IRIS drives them: an upload saved into the upload folder, then a
    /// run on the files claimed from it.
    pub mod pipeline {
        pub use crate::pipeline::files::{Claim, Skipped};
        pub use crate::pipeline::hashing::{CHUNK_SIZE, hash_file};
        pub use crate::pipeline::run::{run_pipeline, upload_file};
        pub use crate::pipeline::upload::{UploadRequest, save_upload};
    }
}

/// Everything a module file needs: `use iris_module_core::prelude::*;`.
pub mod prelude {
    pub use crate::any_hook::{AnyHook, HookAction};
    pub use crate::case::{
        Added, CaseError, NewAsset, NewComment, NewEvent, NewIoc, NewNote, NewTask,
    };
    pub use crate::config::{Json, Secret};
    pub use crate::context::HookContext;
    pub use crate::error::{HookError, HookResult};
    pub use crate::module::{ChosenHooks, Trigger};
    pub use crate::objects::*;
    pub use crate::payload::HookPayload;
    pub use crate::pipeline::{
        Pipeline, PipelineArgs, PipelineContext, PipelineFile, PipelineResult, Upload,
    };
    pub use crate::server::ServerSettings;
    pub use crate::status::Status;
    pub use iris_module_macros::{chosen_hooks, config_param, hook, iris_module};
}

/// What the macros' generated code uses (and nothing else). Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::any_hook::AnyHook;
    pub use crate::config::checks::{
        DefaultField, OptionalValue, ParamOps, defaults, kinds, optional_param, param,
    };
    pub use crate::config::{
        ConfigError, ConfigErrors, ConfigValue, DefaultValue, ModuleConfig, ParamInfo, ParamKind,
    };
    pub use crate::context::HookContext;
    pub use crate::dispatch::{not_dispatched, unhandled_hook};
    pub use crate::enabled_by::{EnabledBy, enabled_by, suggestion};
    pub use crate::hooks::find_hook;
    pub use crate::module::{
        ChosenHandler, ChosenHooks, HookHandlers, HookRegistration, IrisModule, ModuleEntry,
        ModuleInfo, ModuleKind, OnlyOneIrisModuleImplBlock, PipelineNames, ProcessorModule,
        RegisteredModule, collect_hooks, count_hooks, pipeline_entry, processor_entry,
    };
    pub use crate::payload::HookPayload;
    pub use crate::pipeline::{
        ArgOps, ArgValue, ArgsError, Pipeline, PipelineArgInfo, PipelineArgs, arg,
    };
    pub use crate::registry::{ModuleRegistration, SourceLocation};
    pub use crate::status::{IntoStatus, Status};
    pub use crate::stray_hook::{StrayHookAccepted, StrayHookProbe, StrayHookVerdict};
    pub use ::const_format::concatcp;
    pub use ::inventory;
    #[cfg(feature = "python")]
    pub use ::pyo3;
    #[cfg(feature = "python")]
    pub use iris_module_macros::__python_module;
    pub use serde_json::{Map as JsonMap, Value as JsonValue};
}

/// Makes the crate a Python extension that DFIR-IRIS loads like a Python DIM, exporting `$module`
/// (one module per package, as IRIS loads one class per package):
///
/// ```ignore
/// iris_module_core::python_module!(Refang);
/// ```
///
/// A crate that renames its `iris-module-core` dependency names it:
/// `python_module!(Refang, crate = my_core)`.
///
/// Without `iris-module-core`'s `python` feature it only checks that `$module` is a module, so
/// the crate builds without Python. See the README for the `Cargo.toml` and `pyproject.toml`
/// lines.
#[cfg(feature = "python")]
#[macro_export]
macro_rules! python_module {
    ($module:ty $(,)?) => {
        $crate::__private::__python_module!($crate; $module);
    };
    ($module:ty, crate = $runtime:path $(,)?) => {
        $crate::__private::__python_module!($crate; $module; $runtime);
    };
}

/// Makes the crate a Python extension that DFIR-IRIS loads like a Python DIM (this build has no
/// `python` feature, so it only checks that `$module` is a module: a mistake shows in
/// `cargo test`, not first in the wheel's build).
#[cfg(not(feature = "python"))]
#[macro_export]
macro_rules! python_module {
    ($module:ty $(, crate = $runtime:path)? $(,)?) => {
        // Named as the Python build names its `#[pymodule]`: a second `python_module!` in the
        // crate is an error here too, "the name `one_python_module_per_crate` is defined
        // multiple times", on the second call.
        #[doc(hidden)]
        #[allow(dead_code)]
        fn one_python_module_per_crate() {
            fn __iris_exported_module<M: $crate::IrisModule>() {}
            __iris_exported_module::<$module>();
        }
    };
}
