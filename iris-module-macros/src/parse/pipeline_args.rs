//! `#[derive(PipelineArgs)]`: a struct whose named fields are a pipeline's arguments, with
//! `#[pipeline_arg(name = "...")]` on a field and `#[pipeline_args(crate = path)]` on the struct.

use super::values::{self, Slot};
use crate::errors::Errors;
use crate::model::{ArgDef, ArgsDef};
use crate::suggest;
use syn::{Data, DeriveInput, Fields, LitStr, Path};

const FIELD_KEYS: &[&str] = &["name"];
const STRUCT_KEYS: &[&str] = &["crate"];

/// Reads the arguments out of `input`, recording every problem; `None` when the item cannot
/// describe arguments at all.
pub fn parse(input: &DeriveInput, errors: &mut Errors) -> Option<ArgsDef> {
    let krate = struct_args(input, errors);
    super::reject_generics(
        &input.generics,
        "pipeline arguments cannot be generic: IRIS's values are read into one concrete type",
        errors,
    );
    let fields = match &input.data {
        Data::Struct(data) => &data.fields,
        Data::Enum(data) => {
            errors.spanned(
                data.enum_token,
                "`PipelineArgs` goes on a struct whose named fields are the arguments",
            );
            return None;
        }
        Data::Union(data) => {
            errors.spanned(
                data.union_token,
                "`PipelineArgs` goes on a struct whose named fields are the arguments",
            );
            return None;
        }
    };
    let Fields::Named(named) = fields else {
        errors.spanned(
            &input.ident,
            "pipeline arguments are named after their fields: use named fields, as in \
             `struct Args { index: String }`",
        );
        return None;
    };
    if named.named.is_empty() {
        errors.spanned(
            &input.ident,
            "IRIS's health check refuses a pipeline without arguments (`pipeline_args` must not \
             be empty): declare at least one field",
        );
    }
    let mut args: Vec<ArgDef> = Vec::new();
    for field in &named.named {
        let Some(ident) = field.ident.clone() else {
            continue;
        };
        let field_name = ident.to_string();
        let field_name = field_name.strip_prefix("r#").unwrap_or(&field_name);
        let name = match field_name_arg(field, errors) {
            Some(lit) => {
                let value = lit.value();
                if value.trim().is_empty() || value.chars().any(char::is_whitespace) {
                    errors.spanned(
                        &lit,
                        "an argument name must be non-empty, without spaces (IRIS's form field \
                         is `args_<name>`)",
                    );
                }
                value
            }
            None => field_name.to_owned(),
        };
        if let Some(first) = args.iter().find(|arg| arg.name == name) {
            errors.spanned(
                &ident,
                format!(
                    "duplicate pipeline argument `{name}`: field `{}` already uses that name",
                    first.field
                ),
            );
        }
        args.push(ArgDef {
            field: ident,
            ty: field.ty.clone(),
            name,
            description: super::doc_text(&field.attrs),
        });
    }
    Some(ArgsDef {
        ident: input.ident.clone(),
        krate: krate.unwrap_or_else(|| syn::parse_quote!(::iris_module_core)),
        args,
    })
}

/// `#[pipeline_args(crate = path)]`.
fn struct_args(input: &DeriveInput, errors: &mut Errors) -> Option<Path> {
    let mut krate = Slot::new("crate", "pipeline_args");
    for attr in input
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("pipeline_args"))
    {
        let result = attr.parse_nested_meta(|meta| {
            let key = super::path_key(&meta.path);
            if key == "crate" {
                let value: syn::Expr = meta.value()?.parse()?;
                let path = match values::ungroup(&value) {
                    syn::Expr::Path(path) if path.qself.is_none() => Some(path.path.clone()),
                    other => {
                        errors.spanned(
                            other,
                            "expected a path, such as `crate = ::iris_module_core`",
                        );
                        None
                    }
                };
                krate.set(&meta.path, path, errors);
            } else {
                errors.spanned(
                    &meta.path,
                    format!(
                        "unknown pipeline_args argument `{key}`{}",
                        suggest::help(&key, STRUCT_KEYS)
                    ),
                );
                if meta.input.peek(syn::Token![=]) {
                    let _: syn::Expr = meta.value()?.parse()?;
                }
            }
            Ok(())
        });
        if let Err(error) = result {
            errors.push(error);
        }
    }
    krate.get()
}

/// `#[pipeline_arg(name = "...")]` on a field.
fn field_name_arg(field: &syn::Field, errors: &mut Errors) -> Option<LitStr> {
    let mut name = Slot::new("name", "pipeline_arg");
    for attr in field
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("pipeline_arg"))
    {
        let result = attr.parse_nested_meta(|meta| {
            let key = super::path_key(&meta.path);
            if !meta.input.peek(syn::Token![=]) {
                // A misspelt flag is an unknown key, not a missing value.
                let message = if FIELD_KEYS.contains(&key.as_str()) {
                    format!("expected `{key} = ...`")
                } else {
                    format!(
                        "unknown pipeline_arg argument `{key}`{}",
                        suggest::help(&key, FIELD_KEYS)
                    )
                };
                errors.spanned(&meta.path, message);
                return Ok(());
            }
            let value: syn::Expr = meta.value()?.parse()?;
            if key == "name" {
                name.set(&meta.path, values::string(&value, "name", errors), errors);
            } else {
                errors.spanned(
                    &meta.path,
                    format!(
                        "unknown pipeline_arg argument `{key}`{}",
                        suggest::help(&key, FIELD_KEYS)
                    ),
                );
            }
            Ok(())
        });
        if let Err(error) = result {
            errors.push(error);
        }
    }
    name.get()
}
