//! The check behind a `#[hook]` that no `#[iris_module]` impl block collected (its impl block
//! lacks the attribute). Which mistake it is depends on the module, which the attribute cannot
//! see; the generated code asks the compiler by autoref specialisation:
//!
//! - the module already has its `#[iris_module]` impl block: this method sits outside it and
//!   would never be called (an error here);
//! - the struct is a processor without hook handlers: the struct's own error ("has no hook
//!   handlers", with the fix) is the one error, so nothing is added here;
//! - the type is no processor module at all: an error here.

use crate::module::{HookHandlers, ProcessorModule};
use std::marker::PhantomData;

/// The type a stray `#[hook]` asks about.
pub struct StrayHookProbe<M>(PhantomData<M>);

impl<M> StrayHookProbe<M> {
    /// The probe of module type `M`.
    pub const fn new() -> Self {
        StrayHookProbe(PhantomData)
    }
}

impl<M> Default for StrayHookProbe<M> {
    fn default() -> Self {
        Self::new()
    }
}

/// What the compiler found: picked by method resolution on `(&&&probe).verdict()`, which takes
/// the first impl whose bounds hold.
pub trait StrayHookVerdict {
    /// The finding, as a type.
    type Verdict;
    /// The finding (`self` by value: each impl is for a reference type, so the first step of
    /// method resolution tries the most specific one).
    fn verdict(self) -> Self::Verdict;
}

/// The module has its `#[iris_module]` impl block, elsewhere.
pub struct OutsideTheIrisModuleImplBlock;
/// A processor whose impl block lacks `#[iris_module]`: the struct reports it.
pub struct ReportedByTheStruct;
/// No processor module.
pub struct NotInAProcessorModule;

impl<M: HookHandlers> StrayHookVerdict for &&&StrayHookProbe<M> {
    type Verdict = OutsideTheIrisModuleImplBlock;
    fn verdict(self) -> Self::Verdict {
        OutsideTheIrisModuleImplBlock
    }
}

impl<M: ProcessorModule> StrayHookVerdict for &&StrayHookProbe<M> {
    type Verdict = ReportedByTheStruct;
    fn verdict(self) -> Self::Verdict {
        ReportedByTheStruct
    }
}

impl<M> StrayHookVerdict for &StrayHookProbe<M> {
    type Verdict = NotInAProcessorModule;
    fn verdict(self) -> Self::Verdict {
        NotInAProcessorModule
    }
}

/// Holds for the one finding that needs no error of its own.
#[diagnostic::on_unimplemented(
    message = "this `#[hook]` is never registered: its impl block has no `#[iris_module]`",
    label = "never called by IRIS",
    note = "a module's hooks all go in one `#[iris_module] impl Module {{ ... }}` block, on a struct with `#[iris_module(kind = \"processor\")]`: move this method there, or add `#[iris_module]` above this impl block if it is the only one"
)]
pub trait StrayHookAccepted {}

#[diagnostic::do_not_recommend]
impl StrayHookAccepted for ReportedByTheStruct {}
