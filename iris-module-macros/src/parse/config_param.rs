//! `#[config_param(...)]` on a field of the module struct.

use super::values::{self, Slot};
use crate::errors::Errors;
use crate::model::{DefaultLit, PARAM_KINDS, ParamDef};
use crate::suggest;
use proc_macro2::TokenTree;
use syn::{Attribute, Expr, Ident, Lit, LitStr, Type};

const KEYS: &[&str] = &[
    "name",
    "human_name",
    "description",
    "default",
    "mandatory",
    "section",
    "kind",
];

/// What one field's `#[config_param]` attributes say.
#[derive(Default)]
struct ParamArgs {
    name: Option<LitStr>,
    human_name: Option<LitStr>,
    description: Option<LitStr>,
    default: Option<DefaultLit>,
    mandatory: bool,
    section: Option<LitStr>,
    kind: Option<LitStr>,
}

/// Builds the parameter of `field` from its `#[config_param]` attributes (already taken off it).
pub fn parse(
    field: &Ident,
    ty: &Type,
    doc: String,
    attrs: &[Attribute],
    errors: &mut Errors,
) -> ParamDef {
    let args = parse_args(attrs, errors);
    let field_name = field.to_string();
    let field_name = field_name
        .strip_prefix("r#")
        .unwrap_or(&field_name)
        .to_owned();
    let name = match &args.name {
        Some(lit) => {
            let value = lit.value();
            check_param_name(lit, &value, errors);
            value
        }
        None => field_name.clone(),
    };
    let human_name = args
        .human_name
        .as_ref()
        .map(LitStr::value)
        .unwrap_or_else(|| humanize(&name));
    let description = args
        .description
        .as_ref()
        .map(LitStr::value)
        .unwrap_or(if doc.is_empty() {
            human_name.clone()
        } else {
            doc
        });
    let kind = args.kind.as_ref().and_then(|lit| param_kind(lit, errors));
    ParamDef {
        field: field.clone(),
        ty: ty.clone(),
        name,
        human_name,
        description,
        default: args.default,
        mandatory: args.mandatory,
        section: args.section.as_ref().map(LitStr::value),
        kind,
    }
}

fn parse_args(attrs: &[Attribute], errors: &mut Errors) -> ParamArgs {
    const CTX: &str = "config_param";
    let mut name = Slot::new("name", CTX);
    let mut human_name = Slot::new("human_name", CTX);
    let mut description = Slot::new("description", CTX);
    let mut default = Slot::new("default", CTX);
    let mut mandatory = Slot::new("mandatory", CTX);
    let mut section = Slot::new("section", CTX);
    let mut kind = Slot::new("kind", CTX);
    for attr in attrs {
        match &attr.meta {
            syn::Meta::Path(_) => continue,
            syn::Meta::NameValue(nv) => {
                errors.spanned(
                    nv,
                    "expected `#[config_param]` or `#[config_param(key = value, ...)]`",
                );
                continue;
            }
            syn::Meta::List(_) => {}
        }
        let result = attr.parse_nested_meta(|meta| {
            let key = super::path_key(&meta.path);
            if key == "mandatory" && !meta.input.peek(syn::Token![=]) {
                mandatory.set(&meta.path, Some(true), errors);
                return Ok(());
            }
            if !meta.input.peek(syn::Token![=]) {
                // A misspelt flag is an unknown key, not a missing value.
                let message = if KEYS.contains(&key.as_str()) {
                    format!("expected `{key} = ...`")
                } else {
                    format!(
                        "unknown config_param argument `{key}`{}",
                        suggest::help(&key, KEYS)
                    )
                };
                errors.spanned(&meta.path, message);
                if meta.input.peek(syn::token::Paren) {
                    let _: TokenTree = meta.input.parse()?;
                }
                return Ok(());
            }
            let value: Expr = meta.value()?.parse()?;
            let string = |errors: &mut Errors| values::string(&value, &key, errors);
            match key.as_str() {
                "name" => name.set(&meta.path, string(errors), errors),
                "human_name" => human_name.set(&meta.path, string(errors), errors),
                "description" => description.set(&meta.path, string(errors), errors),
                "section" => section.set(&meta.path, string(errors), errors),
                "kind" => kind.set(&meta.path, string(errors), errors),
                "default" => default.set(&meta.path, default_lit(&value, errors), errors),
                "mandatory" => mandatory.set(
                    &meta.path,
                    values::boolean(&value, "mandatory", errors).map(|lit| lit.value),
                    errors,
                ),
                other => errors.spanned(
                    &meta.path,
                    format!(
                        "unknown config_param argument `{other}`{}",
                        suggest::help(other, KEYS)
                    ),
                ),
            }
            Ok(())
        });
        if let Err(error) = result {
            errors.push(error);
        }
    }
    ParamArgs {
        name: name.get(),
        human_name: human_name.get(),
        description: description.get(),
        default: default.get(),
        mandatory: mandatory.get().unwrap_or(false),
        section: section.get(),
        kind: kind.get(),
    }
}

/// A `default = ...` literal: a string, a boolean or a (possibly negative) number.
fn default_lit(value: &Expr, errors: &mut Errors) -> Option<DefaultLit> {
    let (negative, inner) = match values::ungroup(value) {
        Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr,
            ..
        }) => (true, values::ungroup(expr)),
        other => (false, other),
    };
    let sign = if negative { -1.0 } else { 1.0 };
    if let Expr::Lit(syn::ExprLit { lit, .. }) = inner {
        match lit {
            Lit::Str(s) if !negative => return Some(DefaultLit::Str(s.clone())),
            Lit::Bool(b) if !negative => return Some(DefaultLit::Bool(b.clone())),
            Lit::Int(int) => {
                return match int.base10_parse::<i64>() {
                    Ok(n) => Some(DefaultLit::Int(
                        value.clone(),
                        if negative { -n } else { n },
                    )),
                    Err(error) => {
                        errors.push(error);
                        None
                    }
                };
            }
            Lit::Float(float) => {
                return match float.base10_parse::<f64>() {
                    Ok(n) => Some(DefaultLit::Float(value.clone(), sign * n)),
                    Err(error) => {
                        errors.push(error);
                        None
                    }
                };
            }
            _ => {}
        }
    }
    errors.spanned(
        value,
        "expected `default` to be a literal: a string, `true`/`false`, an integer or a float",
    );
    None
}

fn param_kind(lit: &LitStr, errors: &mut Errors) -> Option<(&'static str, proc_macro2::Span)> {
    let value = lit.value();
    if let Some(kind) = PARAM_KINDS.iter().find(|kind| **kind == value) {
        return Some((kind, lit.span()));
    }
    let help = if value == "integer" {
        "\n  = help: IRIS's interface casts only `int`; use `kind = \"int\"`".to_owned()
    } else {
        suggest::help(&value, PARAM_KINDS)
    };
    errors.spanned(lit, format!("unknown configuration type `{value}`{help}"));
    None
}

fn check_param_name(lit: &LitStr, value: &str, errors: &mut Errors) {
    let valid = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !valid {
        errors.spanned(
            lit,
            "a parameter name must be non-empty and use only ASCII letters, digits, `_` and `-`",
        );
    }
}

/// `api_key` becomes `Api key`.
fn humanize(name: &str) -> String {
    let spaced = name.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn humanizes_field_names() {
        assert_eq!(humanize("api_key"), "Api key");
        assert_eq!(humanize("tag"), "Tag");
    }

    /// Parses one field's `#[config_param]` attributes.
    fn parse_field(field: syn::Field) -> (ParamDef, Vec<String>) {
        let mut errors = Errors::default();
        let ident = field.ident.clone().expect("a named field");
        let param = parse(&ident, &field.ty, String::new(), &field.attrs, &mut errors);
        (param, errors.messages())
    }

    #[test]
    fn reads_every_key_and_reports_each_mistake() {
        let field: syn::Field = syn::parse_quote! {
            #[config_param(name = "vt_key", human_name = "VT key", kind = "sensitiv_string",
                           default = 3, mandatory, sectoin = "Main", name = "again")]
            key: Secret
        };
        let (param, messages) = parse_field(field);
        assert_eq!(param.name, "vt_key");
        assert_eq!(param.human_name, "VT key");
        assert!(param.mandatory);
        assert!(matches!(param.default, Some(DefaultLit::Int(_, 3))));
        assert_eq!(messages.len(), 3, "{messages:?}");
        let has = |needle: &str| messages.iter().any(|m| m.contains(needle));
        assert!(has(
            "unknown configuration type `sensitiv_string`\n  = help: did you mean `sensitive_string`?"
        ));
        assert!(has(
            "unknown config_param argument `sectoin`\n  = help: did you mean `section`?"
        ));
        assert!(has("duplicate config_param argument `name`"));
    }

    #[test]
    fn negative_numbers_are_defaults() {
        let field: syn::Field = syn::parse_quote! {
            #[config_param(default = -2.5)]
            x: f64
        };
        let (param, messages) = parse_field(field);
        assert!(messages.is_empty(), "{messages:?}");
        assert!(matches!(param.default, Some(DefaultLit::Float(_, v)) if v == -2.5));
    }
}
