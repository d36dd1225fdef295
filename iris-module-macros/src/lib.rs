//! Procedural macros of [`iris-module-core`](https://docs.rs/iris-module-core): use them through
//! that crate (`use iris_module_core::prelude::*;`), which re-exports them.
//!
//! - `#[iris_module(kind = "processor", ...)]` on a struct declares a DFIR-IRIS module; its
//!   `#[config_param(...)]` fields are the module configuration.
//! - `#[iris_module]` on the struct's inherent impl block collects its `#[hook("...")]` methods.
//!
//! Each expansion parses its input into a model (`parse`), checks it (`check`), then generates
//! code (`codegen`); every mistake is reported at once, spanned on the offending token, and the
//! user's item is always emitted again.
//!
//! Where each error is found follows serde_derive's rule. `attr/` and `parse/` report what one
//! attribute or one item shows as written: a syntax error, an unknown key or value (with a
//! did-you-mean), a literal of the wrong kind or out of range, a key given twice, a hook IRIS
//! does not have, a shape the model has no place for (a tuple struct, a field's `= value`, a
//! `#[cfg]` field, generics, a `#[hook]` on something other than a method). `check/` holds every
//! rule that relates two things: a key against another key or the module's kind, a parameter
//! against its type or default, a handler's signature against its hook's data, hooks against
//! each other; it turns the parsed candidates into the checked model. `codegen/` generates from
//! the checked model through its methods and never reads an attribute's slots
//! (`tests/layout.rs` keeps it so).

mod attr;
mod check;
mod codegen;
mod ctxt;
mod expand;
mod field_changes;
mod model;
mod module_kind;
mod parse;
mod suggest;

#[cfg(test)]
mod tests;

use proc_macro::TokenStream;

/// Declares a DFIR-IRIS module (on a struct) or its hook handlers (on the struct's impl block).
///
/// On the struct: `kind = "processor"` (required), `name`, `description`, `version`,
/// `interface_version` and `crate = path::to::iris_module_core`. On the impl block: only `crate`.
#[proc_macro_attribute]
pub fn iris_module(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::iris_module(args.into(), item.into()).into()
}

/// Marks a method of an `#[iris_module]` impl block as the handler of an IRIS hook:
/// `#[hook("on_postload_ioc_create")]`, `#[hook("on_manual_trigger_ioc", manual_name = "...")]`,
/// `#[hook("...", run_async = false)]`. Used alone, it is an error.
#[proc_macro_attribute]
pub fn hook(_args: TokenStream, item: TokenStream) -> TokenStream {
    expand::stray_helper("hook", item.into()).into()
}

/// Marks the method of an `#[iris_module]` impl block that handles the hooks the module's
/// configuration chooses: `#[chosen_hooks(by = "chooser")]` on
/// `fn handler(&self, ctx: &mut HookContext, hook: &mut AnyHook) -> HookResult`, where
/// `fn chooser(&self) -> ChosenHooks` (in the same block) says which hooks, from the module's
/// typed configuration, when IRIS registers it. Used alone, it is an error.
#[proc_macro_attribute]
pub fn chosen_hooks(_args: TokenStream, item: TokenStream) -> TokenStream {
    expand::stray_helper("chosen_hooks", item.into()).into()
}

/// Marks a field of an `#[iris_module(...)]` struct as a configuration parameter. Used alone, it
/// is an error.
#[proc_macro_attribute]
pub fn config_param(_args: TokenStream, item: TokenStream) -> TokenStream {
    expand::stray_helper("config_param", item.into()).into()
}

/// The Python extension entry point of a module crate; used by `iris_module_core::python_module!`.
#[doc(hidden)]
#[proc_macro]
pub fn __python_module(input: TokenStream) -> TokenStream {
    codegen::python::generate(input.into()).into()
}

/// The typed arguments of a pipeline module: a struct whose named fields are the arguments the
/// analyst gives when triggering the pipeline. A field of type `Option<T>` is an optional
/// argument; any other is required. `#[pipeline_arg(name = "...")]` renames an argument (its
/// name in IRIS, where the form field is `args_<name>`); the doc comment describes it.
///
/// ```ignore
/// #[derive(PipelineArgs)]
/// pub struct EvtxArgs {
///     /// Index the records go to
///     #[pipeline_arg(name = "index_evtx")]
///     index: String,
///     /// Host name recorded instead of the one in the events
///     #[pipeline_arg(name = "hostname_evtx")]
///     hostname: Option<String>,
/// }
/// ```
#[proc_macro_derive(PipelineArgs, attributes(pipeline_arg, pipeline_args))]
pub fn derive_pipeline_args(input: TokenStream) -> TokenStream {
    expand::pipeline_args(input.into()).into()
}

/// Field-by-field comparison of one of the runtime's object types with its snapshot (serde's
/// names, `rename` and `flatten` honoured; `#[field_changes(crate = path)]` names the runtime).
/// For `iris-module-core`'s own objects.
#[doc(hidden)]
#[proc_macro_derive(FieldChanges, attributes(serde, field_changes))]
pub fn derive_field_changes(input: TokenStream) -> TokenStream {
    field_changes::derive(input.into()).into()
}
