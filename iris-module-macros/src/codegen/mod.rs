//! Code generation from a checked model. Generated code reaches the runtime only through
//! `<crate>::__private` and fully qualified `::core` paths.

mod chosen;
pub mod hooks;
pub mod module;
pub mod pipeline_args;
pub mod python;

use proc_macro2::{Group, Span, TokenStream, TokenTree};
use quote::quote;

/// Wraps generated items in an anonymous const, the sanctioned place for generated impls, with
/// the runtime crate imported once as `__iris_krate` (so a wrong `crate = ...` path is one error,
/// on the user's path).
fn wrap_in_const(krate: &syn::Path, items: TokenStream) -> TokenStream {
    let import = respan(
        quote!(use #krate as __iris_krate;),
        syn::spanned::Spanned::span(krate),
    );
    quote! {
        #[doc(hidden)]
        #[allow(non_upper_case_globals, unused_qualifications)]
        const _: () = {
            #import
            #items
        };
    }
}

/// `const NAME: OPS<TY> = HELPER::<TY>();`, where `HELPER` needs `BOUND` of the field type `ty`:
/// the bound is written in the user's crate, on a local function spanned on the type, so a type
/// that does not meet it is one error ending on the type (not on a bound inside the runtime).
fn field_ops_const(
    name: &syn::Ident,
    ty: &syn::Type,
    ops: TokenStream,
    helper: TokenStream,
    bound: TokenStream,
) -> TokenStream {
    let value = respan(
        quote!({
            const fn __iris_ops<T: #bound>() -> #ops<T> {
                #helper::<T>()
            }
            __iris_ops::<#ty>()
        }),
        syn::spanned::Spanned::span(ty),
    );
    quote!(const #name: #ops<#ty> = #value;)
}

/// The runtime's private module, as generated code reaches it.
fn private() -> TokenStream {
    quote!(__iris_krate::__private)
}

/// `tokens` with every span set to `span`, so that a type error in generated code is reported on
/// the user's token rather than on the attribute.
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Group(group) => {
                let mut respanned = Group::new(group.delimiter(), respan(group.stream(), span));
                respanned.set_span(span);
                TokenTree::Group(respanned)
            }
            mut other => {
                other.set_span(span);
                other
            }
        })
        .collect()
}

/// The predicates of `#[cfg]` attributes, combined with `all(...)` (`None` without any).
fn cfg_predicate(cfgs: &[syn::Attribute]) -> Option<TokenStream> {
    if cfgs.is_empty() {
        return None;
    }
    let predicates = cfgs.iter().filter_map(|attr| match &attr.meta {
        syn::Meta::List(list) => Some(list.tokens.clone()),
        _ => None,
    });
    Some(quote!(all(#(#predicates),*)))
}
