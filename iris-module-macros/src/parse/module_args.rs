//! The arguments of `#[iris_module(...)]`, on the module struct or on its impl block.

use super::values::{self, Slot};
use crate::errors::Errors;
use crate::model::ModuleKind;
use crate::suggest;
use proc_macro2::{Span, TokenStream, TokenTree};
use syn::parse::Parser;
use syn::{Expr, LitBool, LitStr, Path};

/// Which item `#[iris_module]` was put on.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The module struct.
    Struct,
    /// The inherent impl block holding the hooks.
    Impl,
}

/// The parsed arguments.
pub struct ModuleArgs {
    /// `kind = "processor"`, with the span of its literal.
    pub kind: Option<(ModuleKind, Span)>,
    /// `name = "..."`.
    pub name: Option<LitStr>,
    /// `description = "..."`.
    pub description: Option<LitStr>,
    /// `version = "..."`.
    pub version: Option<LitStr>,
    /// `interface_version = "..."`.
    pub interface_version: Option<LitStr>,
    /// `crate = path` or `crate = "path"`.
    pub krate: Option<Path>,
    /// `pipeline_name = "..."`.
    pub pipeline_name: Option<LitStr>,
    /// `pipeline_human_name = "..."`.
    pub pipeline_human_name: Option<LitStr>,
    /// `update_support = ...`.
    pub update_support: Option<LitBool>,
    /// `import_support = ...`.
    pub import_support: Option<LitBool>,
    /// Whether a `kind` was written at all (misspelt, or with an invalid value): then a missing
    /// kind is not reported again.
    pub kind_attempted: bool,
}

/// Keys accepted on the module struct.
const STRUCT_KEYS: &[&str] = &[
    "kind",
    "name",
    "description",
    "version",
    "interface_version",
    "crate",
    "pipeline_name",
    "pipeline_human_name",
    "update_support",
    "import_support",
];

const KINDS: &[&str] = &["processor", "pipeline"];

/// Parses the argument tokens, recording every problem in `errors`.
pub fn parse(tokens: TokenStream, target: Target, errors: &mut Errors) -> ModuleArgs {
    const CTX: &str = "iris_module";
    let mut kind = Slot::new("kind", CTX);
    let mut name = Slot::new("name", CTX);
    let mut description = Slot::new("description", CTX);
    let mut version = Slot::new("version", CTX);
    let mut interface_version = Slot::new("interface_version", CTX);
    let mut krate = Slot::new("crate", CTX);
    let mut pipeline_name = Slot::new("pipeline_name", CTX);
    let mut pipeline_human_name = Slot::new("pipeline_human_name", CTX);
    let mut update_support = Slot::new("update_support", CTX);
    let mut import_support = Slot::new("import_support", CTX);
    let mut pipeline_keys: Vec<syn::Path> = Vec::new();
    let mut kind_attempted = false;
    let parser = syn::meta::parser(|meta| {
        let key = super::path_key(&meta.path);
        if key == "kind" || suggest::closest(&key, ["kind"]).is_some() {
            kind_attempted = true;
        }
        if !meta.input.peek(syn::Token![=]) {
            // A misspelt flag is an unknown key, not a missing value.
            let message = if STRUCT_KEYS.contains(&key.as_str()) {
                format!("expected `{key} = ...`")
            } else {
                format!(
                    "unknown iris_module argument `{key}`{}",
                    suggest::help(&key, STRUCT_KEYS)
                )
            };
            errors.spanned(&meta.path, message);
            skip_value(&meta)?;
            return Ok(());
        }
        let value: Expr = meta.value()?.parse()?;
        if target == Target::Impl && key != "crate" {
            if STRUCT_KEYS.contains(&key.as_str()) {
                errors.spanned(
                    &meta.path,
                    format!(
                        "`{key}` goes on the module struct's `#[iris_module(...)]`; \
                         on the impl block only `crate = ...` is accepted"
                    ),
                );
            } else {
                errors.spanned(
                    &meta.path,
                    format!(
                        "unknown iris_module argument `{key}`; on the impl block only \
                         `crate = ...` is accepted"
                    ),
                );
            }
            return Ok(());
        }
        match key.as_str() {
            "kind" => {
                let parsed = values::string(&value, "kind", errors)
                    .and_then(|lit| module_kind(&lit, errors));
                kind.set(&meta.path, parsed, errors);
            }
            "name" => name.set(&meta.path, values::string(&value, "name", errors), errors),
            "description" => description.set(
                &meta.path,
                values::string(&value, "description", errors),
                errors,
            ),
            "version" => version.set(
                &meta.path,
                values::string(&value, "version", errors),
                errors,
            ),
            "interface_version" => interface_version.set(
                &meta.path,
                values::string(&value, "interface_version", errors),
                errors,
            ),
            "crate" => krate.set(&meta.path, crate_path(&value, errors), errors),
            "pipeline_name" => {
                pipeline_keys.push(meta.path.clone());
                pipeline_name.set(
                    &meta.path,
                    values::string(&value, "pipeline_name", errors),
                    errors,
                );
            }
            "pipeline_human_name" => {
                pipeline_keys.push(meta.path.clone());
                pipeline_human_name.set(
                    &meta.path,
                    values::string(&value, "pipeline_human_name", errors),
                    errors,
                );
            }
            "update_support" => {
                pipeline_keys.push(meta.path.clone());
                update_support.set(
                    &meta.path,
                    values::boolean(&value, "update_support", errors),
                    errors,
                );
            }
            "import_support" => {
                pipeline_keys.push(meta.path.clone());
                import_support.set(
                    &meta.path,
                    values::boolean(&value, "import_support", errors),
                    errors,
                );
            }
            "pipeline_args" => errors.spanned(
                &meta.path,
                "a pipeline's arguments are the fields of its `type Args` (a \
                 `#[derive(PipelineArgs)]` struct) in `impl Pipeline`, not an attribute argument",
            ),
            other => errors.spanned(
                &meta.path,
                format!(
                    "unknown iris_module argument `{other}`{}",
                    suggest::help(other, STRUCT_KEYS)
                ),
            ),
        }
        Ok(())
    });
    if let Err(error) = parser.parse2(tokens) {
        kind_attempted = true;
        errors.push(error);
    }
    let kind = kind.get();
    if let Some((ModuleKind::Processor, _)) = kind {
        for path in &pipeline_keys {
            errors.spanned(
                path,
                format!(
                    "`{}` is a pipeline option; it cannot be used on a processor module",
                    super::path_key(path)
                ),
            );
        }
    }
    ModuleArgs {
        kind,
        name: name.get(),
        description: description.get(),
        version: version.get(),
        interface_version: interface_version.get(),
        krate: krate.get(),
        pipeline_name: pipeline_name.get(),
        pipeline_human_name: pipeline_human_name.get(),
        update_support: update_support.get(),
        import_support: import_support.get(),
        kind_attempted,
    }
}

/// Skips whatever follows a key that has no `= value`, so later keys are still checked.
fn skip_value(meta: &syn::meta::ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(syn::token::Paren) {
        let _: TokenTree = meta.input.parse()?;
    }
    Ok(())
}

fn module_kind(lit: &LitStr, errors: &mut Errors) -> Option<(ModuleKind, Span)> {
    match lit.value().as_str() {
        "processor" => Some((ModuleKind::Processor, lit.span())),
        "pipeline" => Some((ModuleKind::Pipeline, lit.span())),
        other => {
            errors.spanned(
                lit,
                format!(
                    "unknown module kind `{other}`{}",
                    suggest::help(other, KINDS)
                ),
            );
            None
        }
    }
}

fn crate_path(value: &Expr, errors: &mut Errors) -> Option<Path> {
    match values::ungroup(value) {
        Expr::Path(path) if path.qself.is_none() => Some(path.path.clone()),
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(lit),
            ..
        }) => match lit.parse::<Path>() {
            Ok(path) => Some(path),
            Err(_) => {
                errors.spanned(lit, "expected a path, such as `::iris_module_core`");
                None
            }
        },
        other => {
            errors.spanned(
                other,
                "expected a path, such as `crate = ::iris_module_core`",
            );
            None
        }
    }
}
