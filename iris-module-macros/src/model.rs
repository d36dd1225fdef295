//! The parsed, checked description of a module: what code generation works from.

use crate::hooks::HookSpec;
use proc_macro2::Span;
use syn::{Attribute, Ident, LitStr, Path, Type};

/// What kind of IRIS module a struct is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModuleKind {
    /// `module_processor`: subscribes to hooks.
    Processor,
    /// `module_pipeline`: receives uploaded files.
    Pipeline,
}

/// The `pipeline_info` names and flags of a pipeline module.
pub struct PipelineDef {
    /// `pipeline_internal_name`.
    pub internal_name: String,
    /// `pipeline_human_name`.
    pub human_name: String,
    /// `pipeline_update_support`.
    pub update_support: bool,
    /// `pipeline_import_support`.
    pub import_support: bool,
    /// The span of `kind = "pipeline"`'s literal, where a missing `impl Pipeline` is reported.
    pub kind_span: Span,
}

/// `#[iris_module(...)]` on a struct: the module, its metadata and its configuration.
pub struct ModuleDef {
    /// The struct's name.
    pub ident: Ident,
    /// Path of the runtime crate (default `::iris_module_core`).
    pub krate: Path,
    /// The module kind.
    pub kind: ModuleKind,
    /// The pipeline's names and flags, for a pipeline module.
    pub pipeline: Option<PipelineDef>,
    /// IRIS `_module_name` (the human name and configuration key).
    pub name: String,
    /// IRIS `_module_description`.
    pub description: String,
    /// The module version; `None` means the crate's version.
    pub version: Option<LitStr>,
    /// The IRIS interface version.
    pub interface_version: String,
    /// The configuration parameters, in declaration order.
    pub params: Vec<ParamDef>,
    /// Fields without `#[config_param]`, built with `Default`.
    pub plain_fields: Vec<(Ident, Type)>,
    /// Whether the struct is a unit struct (`struct M;`).
    pub unit: bool,
}

/// A literal `default = ...` value.
pub enum DefaultLit {
    /// A string literal.
    Str(LitStr),
    /// `true` or `false`.
    Bool(syn::LitBool),
    /// An integer literal, possibly negated.
    Int(syn::Expr, i64),
    /// A float literal, possibly negated.
    Float(syn::Expr, f64),
}

/// The IRIS configuration `type` values.
pub const PARAM_KINDS: &[&str] = &[
    "string",
    "sensitive_string",
    "int",
    "float",
    "bool",
    "textfield_json",
    "textfield_html",
    "textfield_markdown",
];

/// One `#[config_param]` field.
pub struct ParamDef {
    /// The field name.
    pub field: Ident,
    /// The field type.
    pub ty: Type,
    /// IRIS `param_name`.
    pub name: String,
    /// IRIS `param_human_name`.
    pub human_name: String,
    /// IRIS `param_description`.
    pub description: String,
    /// IRIS `default`.
    pub default: Option<DefaultLit>,
    /// IRIS `mandatory`.
    pub mandatory: bool,
    /// IRIS `section`.
    pub section: Option<String>,
    /// An explicit IRIS `type`, with the span of its literal.
    pub kind: Option<(&'static str, Span)>,
}

/// `#[iris_module]` on an inherent impl block: the hook handlers.
pub struct HooksDef {
    /// The impl's self type.
    pub self_ty: Type,
    /// The impl's generics (rejected; kept for the fallback impl).
    pub generics: syn::Generics,
    /// Path of the runtime crate.
    pub krate: Path,
    /// The methods carrying `#[hook]`.
    pub handlers: Vec<HandlerDef>,
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
    /// `manual_name = "..."`.
    pub manual_name: Option<LitStr>,
    /// `run_async = ...`, if given.
    pub run_async: Option<syn::LitBool>,
    /// `enabled_by = "param"`: the `bool` parameter that turns the registration on.
    pub enabled_by: Option<LitStr>,
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
    /// The argument's name in IRIS.
    pub name: String,
    /// The field's doc comment.
    pub description: String,
}
