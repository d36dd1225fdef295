//! `#[iris_module]` on the module's inherent impl block: the `#[hook]` methods.

use crate::errors::Errors;
use crate::model::{HandlerDef, HooksDef};
use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{FnArg, ImplItem, ItemImpl, Path, ReceiverKind, Signature, Type};

/// Reads the hook handlers of `item`, removing the `#[hook]` helpers so that the block can be
/// emitted again.
pub fn parse(item: &mut ItemImpl, krate: Option<Path>, errors: &mut Errors) -> Option<HooksDef> {
    if let Some((path, _)) = &item.trait_ {
        errors.spanned(
            path,
            "`#[iris_module]` goes on the module's inherent impl block (`impl Module { ... }`), \
             not on a trait impl",
        );
    }
    super::reject_generics(&item.generics, super::GENERIC_MODULE, errors);
    let mut handlers = Vec::new();
    for impl_item in &mut item.items {
        match impl_item {
            ImplItem::Fn(method) => {
                let hook_attrs = take_hook_attrs(&mut method.attrs);
                if hook_attrs.is_empty() {
                    continue;
                }
                // A handler takes `&self` because the dispatch calls it so, used or not.
                method
                    .attrs
                    .push(syn::parse_quote!(#[allow(clippy::unused_self)]));
                let hooks: Vec<_> = hook_attrs
                    .iter()
                    .filter_map(|attr| super::hook_attr::parse(attr, errors))
                    .collect();
                let expected = hooks.first().map_or("Ioc", |binding| binding.spec.data);
                let data = check_signature(&method.sig, expected, errors);
                let cfgs = method
                    .attrs
                    .iter()
                    .filter(|attr| attr.path().is_ident("cfg"))
                    .cloned()
                    .collect();
                if let Some(shape) = data {
                    handlers.push(HandlerDef {
                        method: method.sig.ident.clone(),
                        cfgs,
                        hooks,
                        ctx_span: shape.ctx_span,
                        data_span: shape.data_span,
                        output_span: shape.output_span,
                        data_name: shape.data_name,
                    });
                }
            }
            ImplItem::Const(item) => reject_hooks(&mut item.attrs, errors),
            ImplItem::Type(item) => reject_hooks(&mut item.attrs, errors),
            ImplItem::Macro(item) => reject_hooks(&mut item.attrs, errors),
            _ => {}
        }
    }
    Some(HooksDef {
        self_ty: (*item.self_ty).clone(),
        generics: item.generics.clone(),
        krate: krate.unwrap_or_else(|| syn::parse_quote!(::iris_module_core)),
        handlers,
    })
}

fn take_hook_attrs(attrs: &mut Vec<syn::Attribute>) -> Vec<syn::Attribute> {
    let (hooks, others) = std::mem::take(attrs)
        .into_iter()
        .partition(|attr| super::is_helper(attr, "hook"));
    *attrs = others;
    hooks
}

fn reject_hooks(attrs: &mut Vec<syn::Attribute>, errors: &mut Errors) {
    for attr in take_hook_attrs(attrs) {
        errors.spanned(attr, "`#[hook]` goes on a method: `fn handler(&self, ctx: &mut HookContext, data: &mut [Ioc]) -> HookResult`");
    }
}

/// The spans of a well-formed handler signature.
struct HandlerShape {
    ctx_span: Span,
    data_span: Span,
    output_span: Span,
    data_name: Option<syn::Ident>,
}

/// Checks the handler's shape.
fn check_signature(sig: &Signature, expected: &str, errors: &mut Errors) -> Option<HandlerShape> {
    let shape = format!(
        "fn {}(&self, ctx: &mut HookContext, data: &mut [{expected}]) -> HookResult",
        sig.ident
    );
    let mut ok = true;
    if let Some(token) = &sig.asyncness {
        errors.spanned(
            token,
            "hook handlers cannot be `async`: IRIS calls `hooks_handler` synchronously; block on \
             your own runtime inside the handler",
        );
        ok = false;
    }
    if let syn::Safety::Unsafe(token) = &sig.safety {
        errors.spanned(token, "hook handlers cannot be `unsafe fn`");
        ok = false;
    }
    if let Some(abi) = &sig.abi {
        errors.spanned(abi, "hook handlers cannot declare an ABI");
        ok = false;
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        errors.spanned(
            &sig.generics,
            "hook handlers cannot be generic: the generated dispatch must name one function",
        );
        ok = false;
    }
    match sig.receiver() {
        Some(receiver) => match &receiver.kind {
            ReceiverKind::Reference(_, _, None) if receiver.mutability.is_none() => {}
            ReceiverKind::Reference(_, _, Some(mutability)) => {
                errors.spanned(
                    mutability,
                    "hook handlers take `&self`, not `&mut self`: IRIS may run hooks of one \
                     module on several threads; keep per-call state in locals",
                );
                ok = false;
            }
            _ => {
                errors.spanned(
                    receiver,
                    "hook handlers take `&self`: the module is shared, so it cannot be moved or \
                     boxed into a handler",
                );
                ok = false;
            }
        },
        None => {
            errors.spanned(
                &sig.ident,
                format!("hook handlers are methods taking `&self`: `{shape}`"),
            );
            ok = false;
        }
    }
    let args: Vec<&syn::PatType> = sig
        .inputs
        .iter()
        .filter_map(|arg| match arg {
            FnArg::Typed(typed) => Some(typed),
            FnArg::Receiver(_) => None,
        })
        .collect();
    if args.len() != 2 {
        errors.spanned(
            &sig.inputs,
            format!("a hook handler takes a context and the hook data: `{shape}`"),
        );
        return None;
    }
    if !matches!(&*args[0].ty, Type::Reference(r) if r.mutability.is_some()) {
        errors.spanned(
            &args[0].ty,
            "expected the hook context as `ctx: &mut HookContext`",
        );
        ok = false;
    }
    let element = match &*args[1].ty {
        Type::Reference(reference) => match &*reference.elem {
            Type::Slice(slice) => Some(&*slice.elem),
            _ => None,
        },
        _ => None,
    };
    let Some(element) = element else {
        errors.spanned(
            &args[1].ty,
            format!(
                "expected the hook data as a slice, `&mut [{expected}]` (or `&[{expected}]`): \
                 IRIS always passes a list"
            ),
        );
        return None;
    };
    let name = match element {
        Type::Path(path) if path.qself.is_none() => path
            .path
            .segments
            .last()
            .map(|segment| segment.ident.clone()),
        _ => None,
    };
    let output_span = match &sig.output {
        syn::ReturnType::Type(_, ty) => ty.span(),
        syn::ReturnType::Default => sig.ident.span(),
    };
    ok.then(|| HandlerShape {
        ctx_span: args[0].ty.span(),
        data_span: element.span(),
        output_span,
        data_name: name,
    })
}
