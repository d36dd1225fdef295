//! `#[iris_module(...)]` on a struct: the module and its configuration fields.

use super::module_args::ModuleArgs;
use crate::errors::Errors;
use crate::model::{ModuleDef, ModuleKind, PipelineDef};
use proc_macro2::Span;
use syn::{Fields, ItemStruct};

/// The interface version generated modules declare by default.
pub const DEFAULT_INTERFACE_VERSION: &str = "1.2.0";

/// Reads the module out of `item`, removing the `#[config_param]` helpers from its fields so
/// that the struct can be emitted again. Returns `None` when the struct cannot be a module at
/// all (the errors say why).
pub fn parse(item: &mut ItemStruct, args: ModuleArgs, errors: &mut Errors) -> Option<ModuleDef> {
    super::reject_generics(&item.generics, super::GENERIC_MODULE, errors);
    let mut params = Vec::new();
    let mut plain_fields = Vec::new();
    let unit = matches!(item.fields, Fields::Unit);
    let named = matches!(item.fields, Fields::Named(_));
    for field in item.fields.iter_mut() {
        let (helpers, others): (Vec<_>, Vec<_>) = std::mem::take(&mut field.attrs)
            .into_iter()
            .partition(|attr| super::is_helper(attr, "config_param"));
        field.attrs = others;
        if let Some((eq, _)) = &field.default {
            errors.spanned(
                eq,
                "field default values are not supported on a module; use \
                 `#[config_param(default = ...)]`",
            );
        }
        let Some(ident) = field.ident.clone() else {
            // A tuple struct: reported once for the whole struct below.
            continue;
        };
        if let Some(cfg) = field.attrs.iter().find(|attr| attr.path().is_ident("cfg")) {
            errors.spanned(
                cfg,
                "`#[cfg]` is not supported on the fields of a module: IRIS's configuration list \
                 must not change with build flags",
            );
        }
        if helpers.is_empty() {
            plain_fields.push((ident, field.ty.clone()));
        } else {
            let doc = super::doc_text(&field.attrs);
            params.push(super::config_param::parse(
                &ident, &field.ty, doc, &helpers, errors,
            ));
        }
    }
    if !named && !unit && !item.fields.is_empty() {
        errors.spanned(
            &item.fields,
            "an IRIS module struct needs named fields (or none): configuration parameters are \
             named after their fields, as in `struct Module { tag: String }`",
        );
        return None;
    }
    check_duplicate_param_names(&params, errors);

    let kind = match args.kind {
        Some((kind, _)) => kind,
        None => {
            if !args.kind_attempted {
                errors.at(
                    Span::call_site(),
                    "missing `kind`: write `#[iris_module(kind = \"processor\")]` or \
                     `#[iris_module(kind = \"pipeline\", pipeline_name = \"...\")]`",
                );
            }
            ModuleKind::Processor
        }
    };
    let name = match &args.name {
        Some(lit) => {
            let value = lit.value();
            if value.trim().is_empty() {
                errors.spanned(lit, "the module name must not be empty");
            } else if value == "IrisBaseModule" {
                errors.spanned(
                    lit,
                    "`IrisBaseModule` is the interface's placeholder name: IRIS refuses to mark \
                     such a module ready",
                );
            }
            value
        }
        None => item.ident.to_string(),
    };
    if let Some(lit) = args
        .version
        .as_ref()
        .filter(|lit| lit.value().trim().is_empty())
    {
        errors.spanned(lit, "the module version must not be empty");
    }
    let interface_version = match &args.interface_version {
        Some(lit) => {
            let value = lit.value();
            if !interface_version_accepted(&value) {
                errors.spanned(
                    lit,
                    format!("IRIS accepts interface versions from 1.1 to 1.2.0, not `{value}`"),
                );
            }
            value
        }
        None => DEFAULT_INTERFACE_VERSION.to_owned(),
    };
    let description = match &args.description {
        Some(lit) => lit.value(),
        None => super::doc_text(&item.attrs),
    };
    let pipeline = match args.kind {
        Some((ModuleKind::Pipeline, kind_span)) => {
            Some(pipeline_def(&args, &name, kind_span, errors))
        }
        _ => None,
    };
    Some(ModuleDef {
        ident: item.ident.clone(),
        krate: args
            .krate
            .unwrap_or_else(|| syn::parse_quote!(::iris_module_core)),
        kind,
        pipeline,
        name,
        description,
        version: args.version,
        interface_version,
        params,
        plain_fields,
        unit,
    })
}

/// The `pipeline_info` of a pipeline module, each value checked against what IRIS accepts.
fn pipeline_def(
    args: &ModuleArgs,
    module_name: &str,
    kind_span: Span,
    errors: &mut Errors,
) -> PipelineDef {
    let internal_name = match &args.pipeline_name {
        Some(lit) => {
            let value = lit.value();
            if value.trim().is_empty() {
                errors.spanned(lit, "the pipeline name must not be empty");
            } else if value.contains('-') {
                errors.spanned(
                    lit,
                    "IRIS splits `<module>-<pipeline_name>` on `-`: the pipeline name cannot \
                     contain `-` (use `_`)",
                );
            } else if value.chars().any(char::is_whitespace) {
                errors.spanned(lit, "the pipeline name cannot contain spaces (use `_`)");
            }
            value
        }
        None => {
            errors.at(
                kind_span,
                "a pipeline module needs `pipeline_name = \"...\"` (IRIS's \
                 `pipeline_internal_name`, unique among modules)",
            );
            String::new()
        }
    };
    let human_name = match &args.pipeline_human_name {
        Some(lit) if lit.value().trim().is_empty() => {
            errors.spanned(lit, "the pipeline's human name must not be empty");
            String::new()
        }
        Some(lit) => lit.value(),
        None => module_name.to_owned(),
    };
    let support = |lit: &Option<syn::LitBool>, key: &str, errors: &mut Errors| {
        if let Some(lit) = lit.as_ref().filter(|lit| !lit.value) {
            errors.spanned(
                lit,
                format!(
                    "IRIS's health check refuses a pipeline whose `pipeline_{key}` is false \
                     (`check_pipeline_args` requires every key to be set); leave it out"
                ),
            );
        }
        true
    };
    PipelineDef {
        internal_name,
        human_name,
        update_support: support(&args.update_support, "update_support", errors),
        import_support: support(&args.import_support, "import_support", errors),
        kind_span,
    }
}

fn check_duplicate_param_names(params: &[crate::model::ParamDef], errors: &mut Errors) {
    for (index, param) in params.iter().enumerate() {
        if let Some(first) = params[..index].iter().find(|p| p.name == param.name) {
            errors.spanned(
                &param.field,
                format!(
                    "duplicate configuration parameter `{}`: field `{}` already uses that name",
                    param.name, first.field
                ),
            );
        }
    }
}

/// Whether `1.1 <= version <= 1.2.0` as `packaging.version` compares release numbers.
pub fn interface_version_accepted(version: &str) -> bool {
    let Some(parts) = version
        .split('.')
        .map(|part| part.parse::<u64>().ok())
        .collect::<Option<Vec<_>>>()
    else {
        return false;
    };
    let padded = |mut v: Vec<u64>| {
        v.resize(3.max(v.len()), 0);
        v
    };
    let version = padded(parts);
    version >= padded(vec![1, 1]) && version <= padded(vec![1, 2, 0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interface_versions_follow_iris_bounds() {
        for ok in ["1.1", "1.1.0", "1.2", "1.2.0", "1.1.9"] {
            assert!(interface_version_accepted(ok), "{ok}");
        }
        for bad in ["1.0", "1.2.1", "2", "1.x", "", "1.3"] {
            assert!(!interface_version_accepted(bad), "{bad}");
        }
    }
}
