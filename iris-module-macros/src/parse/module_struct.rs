//! `#[iris_module(...)]` on a struct: the module and its configuration fields.

use crate::attr::keys::{ModuleKeys, ParamKeys};
use crate::ctxt::Ctxt;
use crate::model::{ModuleDef, ParamDef};
use proc_macro2::TokenStream;
use syn::{Fields, ItemStruct};

/// Reads the module out of `args` and `item`, removing the `#[config_param]` helpers from its
/// fields so that the struct can be emitted again.
pub fn parse(args: TokenStream, item: &mut ItemStruct, cx: &Ctxt) -> ModuleDef {
    let mut keys = ModuleKeys::default();
    let keys_malformed = !super::read_macro_args(args, cx, |key, input, cx| {
        keys.read(key, input, cx);
    });
    super::reject_generics(&item.generics, super::GENERIC_MODULE, cx);
    let mut params = Vec::new();
    let mut plain_fields = Vec::new();
    let unit = matches!(item.fields, Fields::Unit);
    let tuple = matches!(&item.fields, Fields::Unnamed(fields) if !fields.unnamed.is_empty());
    for field in item.fields.iter_mut() {
        let helpers = super::take_helpers(&mut field.attrs, "config_param");
        if let Some((eq, _)) = &field.default {
            cx.spanned(
                eq,
                "field default values are not supported on a module; use \
                 `#[config_param(default = ...)]`",
            );
        }
        let Some(ident) = field.ident.clone() else {
            continue;
        };
        if let Some(cfg) = field.attrs.iter().find(|attr| attr.path().is_ident("cfg")) {
            cx.spanned(
                cfg,
                "`#[cfg]` is not supported on the fields of a module: IRIS's configuration list \
                 must not change with build flags",
            );
        }
        if helpers.is_empty() {
            plain_fields.push((ident, field.ty.clone()));
            continue;
        }
        let mut param_keys = ParamKeys::default();
        super::read_helpers(&helpers, "config_param", cx, |key, input, cx| {
            param_keys.read(key, input, cx);
        });
        params.push(ParamDef {
            field: ident,
            ty: field.ty.clone(),
            doc: crate::attr::doc_text(&field.attrs),
            keys: param_keys,
        });
    }
    if tuple {
        cx.spanned(
            &item.fields,
            "an IRIS module struct needs named fields (or none): configuration parameters are \
             named after their fields, as in `struct Module { tag: String }`",
        );
    }
    ModuleDef {
        ident: item.ident.clone(),
        doc: crate::attr::doc_text(&item.attrs),
        keys,
        keys_malformed,
        params,
        plain_fields,
        unit,
    }
}
