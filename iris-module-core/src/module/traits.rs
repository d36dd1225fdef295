//! What the macros implement for a module: its description and configuration (`IrisModule`),
//! its kind (`ProcessorModule`) and its hook handlers (`HookHandlers`).

use super::chosen::{ChosenHandler, ChosenHooks};
use super::hooks::HookRegistration;
use super::info::ModuleInfo;
use crate::config::{ConfigError, ModuleConfig};
use crate::context::HookContext;
use crate::payload::HookPayload;
use crate::status::Status;

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

    /// Builds the module from its configuration; every wrong parameter is reported at once.
    fn from_config(config: &ModuleConfig) -> Result<Self, ConfigError>;
}

/// A processor module: implemented by `#[iris_module(kind = "processor")]`. Only processors have
/// hooks.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a processor module: only processor modules have hooks",
    label = "a hook on a module that is not a processor",
    note = "a pipeline module receives files through `impl Pipeline`; hooks go on a struct with `#[iris_module(kind = \"processor\")]`"
)]
pub trait ProcessorModule: IrisModule {}

/// The hook handlers of a module: implemented by `#[iris_module]` on its impl block.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no hook handlers",
    note = "add `#[iris_module] impl {Self} {{ #[hook(\"on_postload_ioc_create\")] fn ... }}`"
)]
pub trait HookHandlers {
    /// Every hook the module handles.
    const HOOKS: &'static [HookRegistration];

    /// The method of `#[chosen_hooks(by = "...")]`, the handler of the hooks the configuration
    /// chooses (`None`: the module has none).
    const CHOSEN: Option<ChosenHandler> = None;

    /// `hooks_handler`: calls the handler of `ctx.hook_name()` (and, for manual hooks handled
    /// under several menu names, `ctx.hook_ui_name()`); a hook no `#[hook]` handles goes to the
    /// `#[chosen_hooks]` handler.
    fn dispatch(&self, ctx: &mut HookContext, payload: &mut HookPayload) -> Status;

    /// The hooks this instance's configuration chooses (none without `#[chosen_hooks]`).
    fn chosen_hooks(&self) -> ChosenHooks {
        ChosenHooks::new()
    }
}

/// The hook handlers of a module's `#[iris_module]` impl block: implemented by the macro, and
/// what gives the module its [`HookHandlers`]. A module has one such block: a second one is the
/// compiler's "conflicting implementations of trait `OnlyOneIrisModuleImplBlock`", the trait's
/// name being the fix.
#[doc(hidden)]
pub trait OnlyOneIrisModuleImplBlock {
    /// Every hook the block handles.
    const HOOKS: &'static [HookRegistration];

    /// The block's `#[chosen_hooks]` handler.
    const CHOSEN: Option<ChosenHandler> = None;

    /// The block's `hooks_handler`.
    fn dispatch(&self, ctx: &mut HookContext, payload: &mut HookPayload) -> Status;

    /// The hooks the block's `#[chosen_hooks(by = "...")]` method chooses.
    fn chosen_hooks(&self) -> ChosenHooks {
        ChosenHooks::new()
    }
}

#[diagnostic::do_not_recommend]
impl<M: OnlyOneIrisModuleImplBlock> HookHandlers for M {
    const HOOKS: &'static [HookRegistration] = <M as OnlyOneIrisModuleImplBlock>::HOOKS;
    const CHOSEN: Option<ChosenHandler> = <M as OnlyOneIrisModuleImplBlock>::CHOSEN;

    fn dispatch(&self, ctx: &mut HookContext, payload: &mut HookPayload) -> Status {
        OnlyOneIrisModuleImplBlock::dispatch(self, ctx, payload)
    }

    fn chosen_hooks(&self) -> ChosenHooks {
        OnlyOneIrisModuleImplBlock::chosen_hooks(self)
    }
}
