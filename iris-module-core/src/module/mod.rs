//! What a module is to the runtime: what IRIS reads of it (`info`), its hook registrations
//! (`hooks`), the traits the macros implement (`traits`), and how the runtime builds and drives
//! it (`entry`).

mod chosen;
mod class_name;
mod entry;
mod hooks;
pub(crate) mod info;
mod registrations;
pub(crate) mod traits;
mod trigger;

pub use chosen::{ChosenHandler, ChosenHook, ChosenHooks};
pub use class_name::class_name;
pub use entry::{
    DynModule, Instantiate, ModuleEntry, PipelineNames, RegisteredModule, instantiate,
    instantiate_pipeline, pipeline_entry, processor_entry,
};
pub use hooks::{HookRegistration, collect_hooks, count_hooks};
pub use info::{ModuleInfo, ModuleKind};
pub use registrations::{Registration, RegistrationPlan};
pub use traits::{HookHandlers, IrisModule, OnlyOneIrisModuleImplBlock, ProcessorModule};
pub use trigger::{TRIGGER_GROUPS, Trigger, UnknownTrigger};
