//! The three steps of every expansion: parse into a model, check it, generate. The user's item is
//! always emitted again (with the helper attributes removed), whatever went wrong.

use crate::ctxt::Ctxt;
use crate::parse::{impl_block, module_struct};
use crate::{check, codegen};
use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::Item;

/// `#[iris_module(...)]` on a struct or on an inherent impl block.
pub fn iris_module(args: TokenStream, input: TokenStream) -> TokenStream {
    let item: Item = match syn::parse2(input.clone()) {
        Ok(item) => item,
        // Not an item rustc would accept either: let rustc report its own syntax error.
        Err(_) => return input,
    };
    let cx = Ctxt::new();
    match item {
        Item::Struct(mut item) => {
            let def = module_struct::parse(args, &mut item, &cx);
            check::check_module(&def, &cx);
            let generated = if cx.is_empty() {
                codegen::module::generate(&def)
            } else if item.generics.params.is_empty() {
                codegen::module::fallback(&def)
            } else {
                TokenStream::new()
            };
            finish(item, generated, &cx)
        }
        Item::Impl(mut item) => {
            let mut def = impl_block::parse(args, &mut item, &cx);
            check::check_hooks(&mut def, &cx);
            let generated = if cx.is_empty() {
                codegen::hooks::generate(&def)
            } else {
                codegen::hooks::fallback(&def)
            };
            finish(item, generated, &cx)
        }
        other => {
            cx.spanned(
                item_head(&other),
                "`#[iris_module]` goes on a struct (the module and its configuration) or on the \
                 struct's inherent impl block (its hooks)",
            );
            finish(other, TokenStream::new(), &cx)
        }
    }
}

/// `#[derive(PipelineArgs)]`: the impl, or, when the struct has errors, the errors and an impl that
/// keeps other code from reporting follow-on errors.
pub fn pipeline_args(input: TokenStream) -> TokenStream {
    let input: syn::DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    let cx = Ctxt::new();
    let def = crate::parse::pipeline_args::parse(&input, &cx);
    if let Some(def) = &def {
        check::check_args(def, &cx);
    }
    let generated = match &def {
        Some(def) if cx.is_empty() => codegen::pipeline_args::generate(def),
        Some(def) if input.generics.params.is_empty() => codegen::pipeline_args::fallback(def),
        _ => TokenStream::new(),
    };
    let errors = cx.to_compile_errors();
    quote!(#generated #errors)
}

/// The item, then what was generated for it, then the errors.
fn finish(item: impl ToTokens, generated: TokenStream, cx: &Ctxt) -> TokenStream {
    let errors = cx.to_compile_errors();
    quote!(#item #generated #errors)
}

/// The keyword and name of an item, where an "attribute on the wrong item" error belongs.
fn item_head(item: &Item) -> TokenStream {
    match item {
        Item::Enum(item) => {
            let (keyword, ident) = (&item.enum_token, &item.ident);
            quote!(#keyword #ident)
        }
        Item::Fn(item) => {
            let (keyword, ident) = (&item.sig.fn_token, &item.sig.ident);
            quote!(#keyword #ident)
        }
        Item::Trait(item) => {
            let (keyword, ident) = (&item.trait_token, &item.ident);
            quote!(#keyword #ident)
        }
        Item::Union(item) => {
            let (keyword, ident) = (&item.union_token, &item.ident);
            quote!(#keyword #ident)
        }
        Item::Mod(item) => {
            let (keyword, ident) = (&item.mod_token, &item.ident);
            quote!(#keyword #ident)
        }
        other => other.to_token_stream(),
    }
}

/// `#[hook]` or `#[config_param]` expanded on its own: the enclosing `#[iris_module]` is missing.
///
/// A `#[hook]` on a method (it takes `self`) is in an impl block without `#[iris_module]`: what
/// to report depends on the module, so the compiler is asked (see the runtime's `stray_hook`);
/// for a processor struct whose impl block lacks the attribute, the struct's error is the only
/// one. Anywhere else, the attribute reports itself.
pub fn stray_helper(name: &str, input: TokenStream) -> TokenStream {
    if name == "hook"
        && let Ok(method) = syn::parse2::<syn::ImplItemFn>(input.clone())
        && method.sig.receiver().is_some()
    {
        let runtime = crate::attr::values::CratePath::default_path();
        let private = quote_spanned!(Span::call_site()=> #runtime::__private);
        let check = format_ident!("__iris_unregistered_hook_{}", method.sig.ident);
        return quote_spanned! {Span::call_site()=>
            #method
            #[doc(hidden)]
            #[allow(dead_code, non_snake_case)]
            fn #check() {
                use #private::StrayHookVerdict as _;
                fn __iris_accept<V: #private::StrayHookAccepted>(_: V) {}
                __iris_accept((&&&#private::StrayHookProbe::<Self>::new()).verdict());
            }
        };
    }
    let message = match name {
        "hook" => {
            "`#[hook]` only works on a method inside an `#[iris_module]` impl block: add \
             `#[iris_module]` above `impl YourModule { ... }`"
        }
        "chosen_hooks" => {
            "`#[chosen_hooks]` only works on a method inside an `#[iris_module]` impl block: add \
             `#[iris_module]` above `impl YourModule { ... }`"
        }
        _ => {
            "`#[config_param]` only works on a field of an `#[iris_module(...)]` struct: add \
             `#[iris_module(kind = \"processor\")]` above the struct"
        }
    };
    let error = syn::Error::new(Span::call_site(), message).to_compile_error();
    quote!(#input #error)
}
