//! The parsed description of a module, its hooks and its pipeline arguments: what `check` checks
//! and `codegen` generates from. It keeps the attributes' slots as written (with their spans);
//! the values IRIS sees, defaults filled in, are its methods.

use crate::attr::keys::{ArgKeys, ChosenKeys, HookKeys, ModuleKeys, ParamKeys};
use crate::attr::values::DefaultLit;
pub use crate::module_kind::ModuleKind;
use iris_module_vocabulary::{HookSpec, ParamKind};
use proc_macro2::Span;
use syn::{Attribute, Ident, LitStr, Path, Type};

/// The interface version generated modules declare by default.
pub const DEFAULT_INTERFACE_VERSION: &str = "1.2.0";

/// `#[iris_module(...)]` on a struct: the module, its metadata and its configuration.
pub struct ModuleDef {
    /// The struct's name.
    pub ident: Ident,
    /// The struct's doc comment (the default description).
    pub doc: String,
    /// The attribute's keys.
    pub keys: ModuleKeys,
    /// Whether the attribute's arguments could not be read at all (a syntax error, reported).
    pub keys_malformed: bool,
    /// The configuration parameters, in declaration order.
    pub params: Vec<ParamDef>,
    /// Fields without `#[config_param]`, built with `Default`.
    pub plain_fields: Vec<(Ident, Type)>,
    /// Whether the struct is a unit struct (`struct M;`).
    pub unit: bool,
}

/// The `pipeline_info` names and flags of a pipeline module.
pub struct PipelineDef {
    /// `pipeline_internal_name`.
    pub internal_name: String,
    /// `pipeline_human_name`.
    pub human_name: String,
    /// The span of `kind = "pipeline"`'s literal, where a missing `impl Pipeline` is reported.
    pub kind_span: Span,
}

impl ModuleDef {
    /// The runtime crate's path.
    pub fn krate(&self) -> Path {
        self.keys.krate.path()
    }

    /// The module kind (a processor when none could be read: the error says so).
    pub fn kind(&self) -> ModuleKind {
        self.keys
            .kind
            .value()
            .map_or(ModuleKind::Processor, |kind| kind.0)
    }

    /// IRIS `_module_name`: `name = ...`, else the struct's name.
    pub fn name(&self) -> String {
        self.keys
            .name
            .value()
            .map_or_else(|| self.ident.to_string(), LitStr::value)
    }

    /// Where the name is written: `name = "..."`'s literal, else the struct's name.
    pub fn name_span(&self) -> Span {
        self.keys
            .name
            .value()
            .map_or_else(|| self.ident.span(), LitStr::span)
    }

    /// `class_name = "..."`, when given (else the runtime derives it from the name).
    pub fn class_name(&self) -> Option<String> {
        self.keys.class_name.value().map(LitStr::value)
    }

    /// `load_relations`: the objects' relationships are loaded for the handlers.
    pub fn load_relations(&self) -> bool {
        self.keys.load_relations.value().is_some_and(|flag| flag.0)
    }

    /// IRIS `_module_description`: `description = ...`, else the doc comment.
    pub fn description(&self) -> String {
        self.keys
            .description
            .value()
            .map_or_else(|| self.doc.clone(), LitStr::value)
    }

    /// The IRIS interface version.
    pub fn interface_version(&self) -> String {
        self.keys
            .interface_version
            .value()
            .map_or_else(|| DEFAULT_INTERFACE_VERSION.to_owned(), LitStr::value)
    }

    /// `version = "..."`, when given (else the crate's version).
    pub fn version(&self) -> Option<&LitStr> {
        self.keys.version.value()
    }

    /// `max_concurrent_calls = N`, when given.
    pub fn max_concurrent_calls(&self) -> Option<u32> {
        self.keys.max_concurrent_calls.value().map(|limit| limit.0)
    }

    /// `iris_versions = "..."` (already checked as a range), when given.
    pub fn iris_versions(&self) -> Option<&LitStr> {
        self.keys.iris_versions.value().map(|range| &range.0)
    }

    /// The pipeline's names, for a pipeline module.
    pub fn pipeline(&self) -> Option<PipelineDef> {
        let kind = self.keys.kind.value()?;
        (kind.0 == ModuleKind::Pipeline).then(|| PipelineDef {
            internal_name: self
                .keys
                .pipeline_name
                .value()
                .map(LitStr::value)
                .unwrap_or_default(),
            human_name: self
                .keys
                .pipeline_human_name
                .value()
                .map_or_else(|| self.name(), LitStr::value),
            kind_span: kind.1,
        })
    }
}

/// One `#[config_param]` field.
pub struct ParamDef {
    /// The field name.
    pub field: Ident,
    /// The field type.
    pub ty: Type,
    /// The field's doc comment (the default description).
    pub doc: String,
    /// The attribute's keys.
    pub keys: ParamKeys,
}

impl ParamDef {
    /// IRIS `param_name`: `name = ...`, else the field's name.
    pub fn name(&self) -> String {
        self.keys
            .name
            .value()
            .map_or_else(|| crate::attr::unraw(&self.field), LitStr::value)
    }

    /// IRIS `param_human_name`: `human_name = ...`, else the name made readable.
    pub fn human_name(&self) -> String {
        self.keys
            .human_name
            .value()
            .map_or_else(|| humanize(&self.name()), LitStr::value)
    }

    /// IRIS `param_description`: `description = ...`, else the doc comment, else the human name.
    pub fn description(&self) -> String {
        match self.keys.description.value() {
            Some(lit) => lit.value(),
            None if self.doc.is_empty() => self.human_name(),
            None => self.doc.clone(),
        }
    }

    /// IRIS `mandatory`.
    pub fn mandatory(&self) -> bool {
        self.keys.mandatory.value().is_some_and(|flag| flag.0)
    }

    /// IRIS `section`.
    pub fn section(&self) -> Option<String> {
        self.keys.section.value().map(LitStr::value)
    }

    /// An explicit IRIS `type`, with the span of its literal.
    pub fn kind(&self) -> Option<(ParamKind, Span)> {
        self.keys.kind.value().map(|kind| (kind.0, kind.1))
    }

    /// The `default = ...` literal.
    pub fn default(&self) -> Option<&DefaultLit> {
        self.keys.default.value()
    }

    /// Whether the field's type is written `name<...>` or `Option<name<...>>` (`Json`,
    /// `Secret`): what the macro can see of a type before the compiler checks it.
    pub fn holds(&self, name: &str) -> bool {
        written_as(&self.ty, name)
    }
}

fn written_as(ty: &Type, name: &str) -> bool {
    let Type::Path(path) = ty else {
        return false;
    };
    let Some(last) = path.path.segments.last() else {
        return false;
    };
    if last.ident == name {
        return true;
    }
    if last.ident != "Option" {
        return false;
    }
    match &last.arguments {
        syn::PathArguments::AngleBracketed(args) => args
            .args
            .iter()
            .any(|arg| matches!(arg, syn::GenericArgument::Type(inner) if written_as(inner, name))),
        _ => false,
    }
}

/// `api_key` becomes `Api key`.
pub fn humanize(name: &str) -> String {
    let spaced = name.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

/// `#[iris_module]` on an inherent impl block: the hook handlers.
pub struct HooksDef {
    /// The impl's self type.
    pub self_ty: Type,
    /// The impl's generics (rejected; kept for the fallback impl).
    pub generics: syn::Generics,
    /// Path of the runtime crate.
    pub krate: Path,
    /// The methods carrying `#[hook]`, as parsed (their signatures not yet checked).
    pub candidates: Vec<HandlerCandidate>,
    /// The handlers whose signature the check accepted: what codegen generates from.
    pub handlers: Vec<HandlerDef>,
    /// The methods carrying `#[chosen_hooks]`, as parsed.
    pub chosen_candidates: Vec<ChosenCandidate>,
    /// The `#[chosen_hooks]` handler the check accepted.
    pub chosen: Option<ChosenDef>,
    /// Every method of the block and whether it takes `&self`: what `by = "..."` may name.
    pub methods: Vec<(Ident, bool)>,
}

/// A method carrying `#[chosen_hooks(...)]`, before it is checked.
pub struct ChosenCandidate {
    /// The attribute's keys.
    pub keys: ChosenKeys,
    /// The attribute's name, where a missing `by` is reported.
    pub attr_span: Span,
    /// The `#[cfg]` attributes of the method.
    pub cfgs: Vec<Attribute>,
    /// The method's signature.
    pub sig: syn::Signature,
}

/// The checked `#[chosen_hooks(by = "...")]` handler.
pub struct ChosenDef {
    /// The handler method.
    pub method: Ident,
    /// The chooser method `by` names, spanned on its literal.
    pub chooser: Ident,
    /// The attribute's name (`chosen_hooks`), where a rule of the whole handler is reported.
    pub attr_span: Span,
    /// The `#[cfg]` attributes of the handler.
    pub cfgs: Vec<Attribute>,
    /// `timeout = "..."`, in milliseconds.
    pub timeout_millis: Option<u64>,
    /// The span of the context parameter's type.
    pub ctx_span: Span,
    /// The span of the call parameter's type.
    pub data_span: Span,
    /// The span of the return type (the method name when there is none).
    pub output_span: Span,
}

/// A method carrying `#[hook]`, before its signature is checked.
pub struct HandlerCandidate {
    /// The `#[cfg]` attributes of the method.
    pub cfgs: Vec<Attribute>,
    /// The hooks the method handles.
    pub hooks: Vec<HookBinding>,
    /// The method's signature.
    pub sig: syn::Signature,
}

/// A method with one or more `#[hook]` attributes.
pub struct HandlerDef {
    /// The method name.
    pub method: Ident,
    /// The `#[cfg]` attributes of the method, copied onto what is generated for it.
    pub cfgs: Vec<Attribute>,
    /// The hooks the method handles.
    pub hooks: Vec<HookBinding>,
    /// The span of the context parameter's type.
    pub ctx_span: Span,
    /// The span of the data parameter's element type.
    pub data_span: Span,
    /// The span of the return type (the method name when there is none).
    pub output_span: Span,
    /// The last path segment of the data element type, when it is a plain path.
    pub data_name: Option<Ident>,
}

/// One `#[hook("...")]`.
pub struct HookBinding {
    /// The hook.
    pub spec: &'static HookSpec,
    /// The span of the hook name literal.
    pub span: Span,
    /// The keys after the hook name.
    pub keys: HookKeys,
}

impl HookBinding {
    /// `manual_name = "..."`.
    pub fn manual_name(&self) -> Option<&LitStr> {
        self.keys.manual_name.value()
    }

    /// `enabled_by = "..."`.
    pub fn enabled_by(&self) -> Option<&LitStr> {
        self.keys.enabled_by.value()
    }

    /// `ioc_types = [...]`: the IOC types the handler is given (none: all).
    pub fn ioc_types(&self) -> Vec<String> {
        self.keys
            .ioc_types
            .value()
            .map(|value| value.entries.iter().map(LitStr::value).collect())
            .unwrap_or_default()
    }

    /// Whether `run_async = false` was written (postload hooks run asynchronously by default).
    pub fn run_async_off(&self) -> bool {
        self.keys.run_async.value().is_some_and(|lit| !lit.value)
    }

    /// `timeout = "..."`, in milliseconds.
    pub fn timeout_millis(&self) -> Option<u64> {
        self.keys
            .timeout
            .value()
            .map(|timeout| timeout.0.as_millis() as u64)
    }
}

/// `#[derive(PipelineArgs)]`: the typed arguments of a pipeline.
pub struct ArgsDef {
    /// The struct's name.
    pub ident: Ident,
    /// Path of the runtime crate.
    pub krate: Path,
    /// The arguments, in declaration order.
    pub args: Vec<ArgDef>,
}

/// One field of a `#[derive(PipelineArgs)]` struct.
pub struct ArgDef {
    /// The field name.
    pub field: Ident,
    /// The field type (`Option<T>` makes the argument optional).
    pub ty: Type,
    /// The field's doc comment: the argument's description.
    pub description: String,
    /// The attribute's keys.
    pub keys: ArgKeys,
}

impl ArgDef {
    /// The argument's name in IRIS: `name = ...`, else the field's name.
    pub fn name(&self) -> String {
        self.keys
            .name
            .value()
            .map_or_else(|| crate::attr::unraw(&self.field), LitStr::value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn humanizes_parameter_names() {
        assert_eq!(humanize("api_key"), "Api key");
        assert_eq!(humanize("max-age"), "Max age");
        assert_eq!(humanize("tag"), "Tag");
    }
}
