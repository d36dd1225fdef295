//! `#[derive(PipelineArgs)]`: the argument list of `pipeline_info` and the reading of IRIS's
//! `pipeline_args` map into the struct.

use crate::model::ArgsDef;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Everything generated for an arguments struct.
pub fn generate(def: &ArgsDef) -> TokenStream {
    let ident = &def.ident;
    let private = super::private();
    let ops_consts = arg_ops_consts(def, &private);
    let infos = def.args.iter().enumerate().map(|(index, arg)| {
        let (name, description) = (arg.name(), &arg.description);
        let field = crate::attr::unraw(&arg.field);
        let ops = arg_ops(index);
        quote! {
            #private::PipelineArgInfo {
                name: #name,
                required: #ops.required,
                description: #description,
                field: #field,
            }
        }
    });
    let bindings: Vec<_> = (0..def.args.len())
        .map(|index| format_ident!("__iris_a{}", index))
        .collect();
    let reads = (0..def.args.len()).map(|index| {
        let ops = arg_ops(index);
        let binding = &bindings[index];
        quote! {
            let #binding = (#ops.read)(__iris_args, &__iris_infos[#index], &mut __iris_errors);
        }
    });
    let fields = def.args.iter().map(|arg| &arg.field);
    super::wrap_in_const(
        &def.krate,
        quote! {
            #ops_consts
            #[automatically_derived]
            impl #private::PipelineArgs for #ident {
                const ARGS: &'static [#private::PipelineArgInfo] = &[#(#infos),*];

                fn from_args(
                    __iris_args: &#private::JsonMap<::std::string::String, #private::JsonValue>,
                ) -> ::core::result::Result<Self, #private::ArgsError> {
                    let __iris_infos = <Self as #private::PipelineArgs>::ARGS;
                    let mut __iris_errors =
                        <#private::ArgsError as ::core::default::Default>::default();
                    #(#reads)*
                    match (#(#bindings,)*) {
                        (#(::core::option::Option::Some(#bindings),)*) => {
                            ::core::result::Result::Ok(Self { #(#fields: #bindings),* })
                        }
                        _ => ::core::result::Result::Err(__iris_errors),
                    }
                }
            }
        },
    )
}

/// `const __IRIS_ARG_OPS_<n>`: how each argument is read, from `arg::<T>()`: every use of the
/// field type goes through this one constant, so a type that cannot hold an argument gives one
/// error.
fn arg_ops_consts(def: &ArgsDef, private: &TokenStream) -> TokenStream {
    def.args
        .iter()
        .enumerate()
        .map(|(index, arg)| {
            super::field_ops_const(
                &arg_ops(index),
                &arg.ty,
                quote!(#private::ArgOps),
                quote!(#private::arg),
                quote!(#private::ArgValue),
            )
        })
        .collect()
}

/// The name of argument `index`'s [`arg_ops_consts`] constant.
fn arg_ops(index: usize) -> syn::Ident {
    format_ident!("__IRIS_ARG_OPS_{}", index)
}

/// What is emitted instead when the struct had errors: an impl with no arguments that is never
/// called, so that the pipeline using it reports nothing more.
pub fn fallback(def: &ArgsDef) -> TokenStream {
    let ident = &def.ident;
    let private = super::private();
    super::wrap_in_const(
        &def.krate,
        quote! {
            impl #private::PipelineArgs for #ident {
                const ARGS: &'static [#private::PipelineArgInfo] = &[];
                fn from_args(
                    _: &#private::JsonMap<::std::string::String, #private::JsonValue>,
                ) -> ::core::result::Result<Self, #private::ArgsError> {
                    ::core::unreachable!()
                }
            }
        },
    )
}
