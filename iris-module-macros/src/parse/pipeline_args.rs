//! `#[derive(PipelineArgs)]`: a struct whose named fields are a pipeline's arguments, with
//! `#[pipeline_arg(name = "...")]` on a field and `#[pipeline_args(crate = path)]` on the struct.

use crate::attr::keys::{ArgKeys, ArgsKeys};
use crate::ctxt::Ctxt;
use crate::model::{ArgDef, ArgsDef};
use syn::{Data, DeriveInput, Fields};

/// Reads the arguments out of `input`; `None` when the item cannot describe arguments at all
/// (the errors say why).
pub fn parse(input: &DeriveInput, cx: &Ctxt) -> Option<ArgsDef> {
    let mut keys = ArgsKeys::default();
    super::read_helpers(&input.attrs, "pipeline_args", cx, |key, input, cx| {
        keys.read(key, input, cx);
    });
    super::reject_generics(
        &input.generics,
        "pipeline arguments cannot be generic: IRIS's values are read into one concrete type",
        cx,
    );
    let fields = match &input.data {
        Data::Struct(data) => &data.fields,
        Data::Enum(data) => {
            cx.spanned(
                data.enum_token,
                "`PipelineArgs` goes on a struct whose named fields are the arguments",
            );
            return None;
        }
        Data::Union(data) => {
            cx.spanned(
                data.union_token,
                "`PipelineArgs` goes on a struct whose named fields are the arguments",
            );
            return None;
        }
    };
    let Fields::Named(named) = fields else {
        cx.spanned(
            &input.ident,
            "pipeline arguments are named after their fields: use named fields, as in \
             `struct Args { index: String }`",
        );
        return None;
    };
    let args = named
        .named
        .iter()
        .filter_map(|field| {
            let mut keys = ArgKeys::default();
            super::read_helpers(&field.attrs, "pipeline_arg", cx, |key, input, cx| {
                keys.read(key, input, cx);
            });
            Some(ArgDef {
                field: field.ident.clone()?,
                ty: field.ty.clone(),
                description: crate::attr::doc_text(&field.attrs),
                keys,
            })
        })
        .collect();
    Some(ArgsDef {
        ident: input.ident.clone(),
        krate: keys.krate.path(),
        args,
    })
}
