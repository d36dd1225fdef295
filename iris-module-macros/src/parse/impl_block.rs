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
    let mut chosen_candidates = Vec::new();
    let mut methods = Vec::new();
    for impl_item in &mut item.items {
        match impl_item {
            ImplItem::Fn(method) => {
                methods.push((method.sig.ident.clone(), method.sig.receiver().is_some()));
                let hook_attrs = super::take_helpers(&mut method.attrs, "hook");
                let chosen_attrs = super::take_helpers(&mut method.attrs, "chosen_hooks");
                let cfgs: Vec<_> = method
                    .attrs
                    .iter()
                    .filter(|attr| attr.path().is_ident("cfg"))
                    .cloned()
                    .collect();
                if let Some(first) = chosen_attrs.first() {
                    if let Some(hook) = hook_attrs.first() {
                        cx.spanned(
                            hook,
                            "a `#[chosen_hooks]` handler takes every hook its configuration \
                             chooses: give `#[hook]`s their own method",
                        );
                    }
                    for extra in &chosen_attrs[1..] {
                        cx.spanned(extra, "duplicate `#[chosen_hooks]` on this method");
                    }
                    chosen_candidates.push(super::chosen_attr::parse(
                        first,
                        cfgs,
                        method.sig.clone(),
                        cx,
                    ));
                    continue;
                }
                if hook_attrs.is_empty() {
                    continue;
                }
                let hooks: Vec<_> = hook_attrs
                    .iter()
                    .filter_map(|attr| super::hook_attr::parse(attr, cx))
                    .collect();
                candidates.push(HandlerCandidate {
                    cfgs,
                    hooks,
                    sig: method.sig.clone(),
                });
            }
            ImplItem::Const(item) => reject_helpers(&mut item.attrs, cx),
            ImplItem::Type(item) => reject_helpers(&mut item.attrs, cx),
            ImplItem::Macro(item) => reject_helpers(&mut item.attrs, cx),
            _ => {}
        }
    }
    HooksDef {
        self_ty: (*item.self_ty).clone(),
        generics: item.generics.clone(),
        krate: keys.krate.path(),
        candidates,
        handlers: Vec::new(),
        chosen_candidates,
        chosen: None,
        methods,
    }
}

fn reject_helpers(attrs: &mut Vec<syn::Attribute>, cx: &Ctxt) {
    for attr in super::take_helpers(attrs, "hook") {
        cx.spanned(attr, "`#[hook]` goes on a method: `fn handler(&self, ctx: &mut HookContext, data: &mut [Ioc]) -> HookResult`");
    }
    for attr in super::take_helpers(attrs, "chosen_hooks") {
        cx.spanned(attr, "`#[chosen_hooks]` goes on a method: `fn handler(&self, ctx: &mut HookContext, hook: &mut AnyHook) -> HookResult`");
    }
}
