//! The three steps of every expansion: parse into a model, check it, generate. The user's item is
//! always emitted again (with the helper attributes removed), whatever went wrong.

use crate::codegen;
use crate::errors::Errors;
use crate::model::ModuleKind;
use crate::parse::module_args::{self, Target};
use crate::parse::{impl_block, module_struct};
use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::Item;

/// `#[iris_module(...)]` on a struct or on an inherent impl block.
pub fn iris_module(args: TokenStream, input: TokenStream) -> TokenStream {
    let item: Item = match syn::parse2(input.clone()) {
        Ok(item) => item,
        // Not an item rustc would accept either: let rustc report its own syntax error.
        Err(_) => return input,
    };
    let mut errors = Errors::default();
    match item {
        Item::Struct(mut item) => {
            let args = module_args::parse(args, Target::Struct, &mut errors);
            let kind = args.kind.map_or(ModuleKind::Processor, |(kind, _)| kind);
            let krate = args
                .krate
                .clone()
                .unwrap_or_else(|| syn::parse_quote!(::iris_module_core));
            let def = module_struct::parse(&mut item, args, &mut errors);
            let generated = match &def {
                Some(def) if errors.is_empty() => codegen::module::generate(def),
                _ if item.generics.params.is_empty() => {
                    codegen::module::fallback(&item.ident, &krate, kind)
                }
                _ => TokenStream::new(),
            };
            finish(item, generated, &errors)
        }
        Item::Impl(mut item) => {
            let args = module_args::parse(args, Target::Impl, &mut errors);
            let def = impl_block::parse(&mut item, args.krate, &mut errors);
            if let Some(def) = &def {
                crate::check::check_hooks(def, &mut errors);
            }
            let generated = match &def {
                Some(def) if errors.is_empty() => codegen::hooks::generate(def),
                Some(def) => codegen::hooks::fallback(def),
                None => TokenStream::new(),
            };
            finish(item, generated, &errors)
        }
        other => {
            errors.spanned(
                item_head(&other),
                "`#[iris_module]` goes on a struct (the module and its configuration) or on the \
                 struct's inherent impl block (its hooks)",
            );
            finish(other, TokenStream::new(), &errors)
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
    let mut errors = Errors::default();
    let def = crate::parse::pipeline_args::parse(&input, &mut errors);
    let generated = match &def {
        Some(def) if errors.is_empty() => codegen::pipeline_args::generate(def),
        Some(def) if input.generics.params.is_empty() => codegen::pipeline_args::fallback(def),
        _ => TokenStream::new(),
    };
    let errors = errors.to_compile_errors();
    quote!(#generated #errors)
}

/// The item, then what was generated for it, then the errors.
fn finish(item: impl ToTokens, generated: TokenStream, errors: &Errors) -> TokenStream {
    let errors = errors.to_compile_errors();
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
pub fn stray_helper(name: &str, input: TokenStream) -> TokenStream {
    let message = match name {
        "hook" => {
            "`#[hook]` only works on a method inside an `#[iris_module]` impl block: add \
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
