//! A hook handler's signature: `fn name(&self, ctx: &mut HookContext, data: &mut [T]) -> ...`
//! (no `async`, `unsafe`, ABI or generics; `&self`; the context first, then a slice of the hook's
//! data type). A candidate that passes becomes a handler of the checked model.

use crate::ctxt::Ctxt;
use crate::model::{HandlerCandidate, HandlerDef};
use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{FnArg, ReceiverKind, Signature, Type};

/// The handler `candidate` is, when its signature is one; its problems recorded otherwise.
pub fn checked_handler(candidate: HandlerCandidate, cx: &Ctxt) -> Option<HandlerDef> {
    let expected = candidate
        .hooks
        .first()
        .map_or("Ioc", |binding| binding.spec.data.type_name());
    let shape = check_signature(&candidate.sig, expected, cx)?;
    Some(HandlerDef {
        method: candidate.sig.ident.clone(),
        cfgs: candidate.cfgs,
        hooks: candidate.hooks,
        ctx_span: shape.ctx_span,
        data_span: shape.data_span,
        output_span: shape.output_span,
        data_name: shape.data_name,
    })
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
    let data = format!("data: &mut [{expected}]");
    let (shape, mut ok, args) = two_params(sig, &data, "the hook data", cx)?;
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
    ok &= check_context(args[0], cx);
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
    let output_span = output_span(sig);
    ok.then(|| HandlerShape {
        ctx_span: args[0].ty.span(),
        data_span: element.span(),
        output_span,
        data_name: name,
    })
}

/// The rules every handler's signature follows, whatever its data (`shape` is the signature
/// to write, for the messages): not `async`, `unsafe`, with an ABI or generic; `&self`.
fn check_method(sig: &Signature, shape: &str, cx: &Ctxt) -> bool {
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
    ok
}

/// The signature to write (`data` as its second parameter reads: `data: &mut [Ioc]`), whether
/// the method's own rules hold, and the two parameters after `&self`; `None` when there are not
/// two (reported, `what` naming the second).
pub(super) fn two_params<'s>(
    sig: &'s Signature,
    data: &str,
    what: &str,
    cx: &Ctxt,
) -> Option<(String, bool, [&'s syn::PatType; 2])> {
    let shape = format!(
        "fn {}(&self, ctx: &mut HookContext, {data}) -> HookResult",
        sig.ident
    );
    let ok = check_method(sig, &shape, cx);
    match typed_args(sig)[..] {
        [ctx, data] => Some((shape, ok, [ctx, data])),
        _ => {
            cx.spanned(
                &sig.inputs,
                format!("a hook handler takes a context and {what}: `{shape}`"),
            );
            None
        }
    }
}

/// Whether the context parameter is `&mut` (reported otherwise).
pub(super) fn check_context(ctx: &syn::PatType, cx: &Ctxt) -> bool {
    let is_mut_ref = matches!(&*ctx.ty, Type::Reference(r) if r.mutability.is_some());
    if !is_mut_ref {
        cx.spanned(
            &ctx.ty,
            "expected the hook context as `ctx: &mut HookContext`",
        );
    }
    is_mut_ref
}

/// The parameters after `self`.
fn typed_args(sig: &Signature) -> Vec<&syn::PatType> {
    sig.inputs
        .iter()
        .filter_map(|arg| match arg {
            FnArg::Typed(typed) => Some(typed),
            FnArg::Receiver(_) => None,
        })
        .collect()
}

/// The span of the return type (the method's name when there is none).
pub(super) fn output_span(sig: &Signature) -> Span {
    match &sig.output {
        syn::ReturnType::Type(_, ty) => ty.span(),
        syn::ReturnType::Default => sig.ident.span(),
    }
}
