//! `#[iris_module]` on the module's inherent impl block: the `#[hook]` methods, read as candidates
//! (their signatures are the check's, in `check/signature.rs`).

use crate::attr::keys::{ImplKeys, ModuleKeys};
use crate::ctxt::Ctxt;
use crate::model::{HandlerCandidate, HooksDef};
use proc_macro2::TokenStream;
use syn::{ImplItem, ItemImpl};

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
    let mut candidates = Vec::new();
    for impl_item in &mut item.items {
        match impl_item {
            ImplItem::Fn(method) => {
                let hook_attrs = super::take_helpers(&mut method.attrs, "hook");
                if hook_attrs.is_empty() {
                    continue;
                }
                let hooks: Vec<_> = hook_attrs
                    .iter()
                    .filter_map(|attr| super::hook_attr::parse(attr, cx))
                    .collect();
                let cfgs = method
                    .attrs
                    .iter()
                    .filter(|attr| attr.path().is_ident("cfg"))
                    .cloned()
                    .collect();
                candidates.push(HandlerCandidate {
                    cfgs,
                    hooks,
                    sig: method.sig.clone(),
                });
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
        candidates,
        handlers: Vec::new(),
    }
}

fn reject_hooks(attrs: &mut Vec<syn::Attribute>, cx: &Ctxt) {
    for attr in super::take_helpers(attrs, "hook") {
        cx.spanned(attr, "`#[hook]` goes on a method: `fn handler(&self, ctx: &mut HookContext, data: &mut [Ioc]) -> HookResult`");
    }
}
