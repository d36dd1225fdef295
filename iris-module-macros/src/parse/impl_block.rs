//! `#[iris_module]` on the module's inherent impl block: the `#[hook]` methods.

use crate::attr::keys::{ImplKeys, ModuleKeys};
use crate::ctxt::Ctxt;
use crate::model::{HandlerDef, HooksDef};
use proc_macro2::{Span, TokenStream};
use syn::spanned::Spanned;
use syn::{FnArg, ImplItem, ItemImpl, ReceiverKind, Signature, Type};

/// Reads `args` (only `crate = ...`) and the hook handlers of `item`, removing the `#[hook]`
/// helpers so that the block can be emitted again.
pub fn parse(args: TokenStream, item: &mut ItemImpl, cx: &Ctxt) -> HooksDef {
    let mut keys = ImplKeys::default();
    super::read_macro_args(args, cx, |key, input, cx| {
        let spelled = crate::attr::path_key(key);
        if ImplKeys::KEYS.contains(&spelled.as_str()) {
            keys.read(key, input, cx);
            return;
        }
        let message = if ModuleKeys::KEYS.contains(&spelled.as_str()) {
            format!("`{spelled}` goes on the module struct's `#[iris_module(...)]`")
        } else {
            format!("unknown iris_module argument `{spelled}`")
        };
        cx.spanned(
            key,
            format!("{message}; on the impl block only `crate = ...` is accepted"),
        );
        crate::attr::skip_value(input);
    });
    if let Some((path, _)) = &item.trait_ {
        cx.spanned(
            path,
            "`#[iris_module]` goes on the module's inherent impl block (`impl Module { ... }`), \
             not on a trait impl",
        );
    }
    super::reject_generics(&item.generics, super::GENERIC_MODULE, cx);
    let mut handlers = Vec::new();
    for impl_item in &mut item.items {
        match impl_item {
            ImplItem::Fn(method) => {
                let hook_attrs = super::take_helpers(&mut method.attrs, "hook");
                if hook_attrs.is_empty() {
                    continue;
                }
                // A handler takes `&self` because the dispatch calls it so, used or not.
                method
                    .attrs
                    .push(syn::parse_quote!(#[allow(clippy::unused_self)]));
                let hooks: Vec<_> = hook_attrs
                    .iter()
                    .filter_map(|attr| super::hook_attr::parse(attr, cx))
                    .collect();
                let expected = hooks
                    .first()
                    .map_or("Ioc", |binding| binding.spec.data.type_name());
                let data = check_signature(&method.sig, expected, cx);
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
            ImplItem::Const(item) => reject_hooks(&mut item.attrs, cx),
            ImplItem::Type(item) => reject_hooks(&mut item.attrs, cx),
            ImplItem::Macro(item) => reject_hooks(&mut item.attrs, cx),
            _ => {}
        }
    }
    HooksDef {
        self_ty: (*item.self_ty).clone(),
        generics: item.generics.clone(),
        krate: keys.krate.path(),
        handlers,
    }
}

fn reject_hooks(attrs: &mut Vec<syn::Attribute>, cx: &Ctxt) {
    for attr in super::take_helpers(attrs, "hook") {
        cx.spanned(attr, "`#[hook]` goes on a method: `fn handler(&self, ctx: &mut HookContext, data: &mut [Ioc]) -> HookResult`");
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
fn check_signature(sig: &Signature, expected: &str, cx: &Ctxt) -> Option<HandlerShape> {
    let shape = format!(
        "fn {}(&self, ctx: &mut HookContext, data: &mut [{expected}]) -> HookResult",
        sig.ident
    );
    let mut ok = true;
    if let Some(token) = &sig.asyncness {
        cx.spanned(
            token,
            "hook handlers cannot be `async`: IRIS calls `hooks_handler` synchronously; block on \
             your own runtime inside the handler",
        );
        ok = false;
    }
    if let syn::Safety::Unsafe(token) = &sig.safety {
        cx.spanned(token, "hook handlers cannot be `unsafe fn`");
        ok = false;
    }
    if let Some(abi) = &sig.abi {
        cx.spanned(abi, "hook handlers cannot declare an ABI");
        ok = false;
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        cx.spanned(
            &sig.generics,
            "hook handlers cannot be generic: the generated dispatch must name one function",
        );
        ok = false;
    }
    match sig.receiver() {
        Some(receiver) => match &receiver.kind {
            ReceiverKind::Reference(_, _, None) if receiver.mutability.is_none() => {}
            ReceiverKind::Reference(_, _, Some(mutability)) => {
                cx.spanned(
                    mutability,
                    "hook handlers take `&self`, not `&mut self`: IRIS may run hooks of one \
                     module on several threads; keep per-call state in locals",
                );
                ok = false;
            }
            _ => {
                cx.spanned(
                    receiver,
                    "hook handlers take `&self`: the module is shared, so it cannot be moved or \
                     boxed into a handler",
                );
                ok = false;
            }
        },
        None => {
            cx.spanned(
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
        cx.spanned(
            &sig.inputs,
            format!("a hook handler takes a context and the hook data: `{shape}`"),
        );
        return None;
    }
    let is_slice =
        |ty: &Type| matches!(ty, Type::Reference(r) if matches!(&*r.elem, Type::Slice(_)));
    if is_slice(&args[0].ty) && !is_slice(&args[1].ty) {
        let (data, ctx) = (args[0], args[1]);
        cx.spanned(
            quote::quote!(#data #ctx),
            format!(
                "the context and the hook data are swapped: the context comes first, then the \
                 data: `{shape}`"
            ),
        );
        return None;
    }
    if !matches!(&*args[0].ty, Type::Reference(r) if r.mutability.is_some()) {
        cx.spanned(
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
        cx.spanned(
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
