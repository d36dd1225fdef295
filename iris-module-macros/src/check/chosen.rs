//! The `#[chosen_hooks(by = "...")]` handler: one per module, `by` naming a `&self` method of
//! the same block (the chooser), and the signature
//! `fn name(&self, ctx: &mut HookContext, hook: &mut AnyHook) -> HookResult`.

use super::signature::{check_context, output_span, two_params};
use crate::ctxt::Ctxt;
use crate::model::{ChosenCandidate, ChosenDef, HooksDef};
use crate::suggest;
use syn::Type;
use syn::spanned::Spanned;

/// Checks the block's `#[chosen_hooks]` candidates; the one that passes becomes the model's
/// chosen handler.
pub fn check_chosen(def: &mut HooksDef, cx: &Ctxt) {
    let candidates = std::mem::take(&mut def.chosen_candidates);
    let mut first: Option<String> = None;
    for candidate in candidates {
        let name = candidate.sig.ident.to_string();
        if let Some(first) = &first {
            cx.at(
                candidate.attr_span,
                format!(
                    "a module has one `#[chosen_hooks]` handler, and `{first}` is it: every hook \
                     the configuration chooses reaches it"
                ),
            );
            continue;
        }
        first = Some(name);
        def.chosen = checked(candidate, &def.methods, cx);
    }
}

fn checked(
    candidate: ChosenCandidate,
    methods: &[(syn::Ident, bool)],
    cx: &Ctxt,
) -> Option<ChosenDef> {
    let chooser = chooser(&candidate, methods, cx);
    let sig = &candidate.sig;
    let (_, mut ok, args) = two_params(sig, "hook: &mut AnyHook", "the call", cx)?;
    ok &= check_context(args[0], cx);
    let names_any_hook = match &*args[1].ty {
        Type::Reference(reference) if reference.mutability.is_some() => matches!(
            &*reference.elem,
            Type::Path(path) if path.path.segments.last().is_some_and(|last| last.ident == "AnyHook")
        ),
        _ => false,
    };
    if !names_any_hook {
        cx.spanned(
            &args[1].ty,
            "expected the call as `hook: &mut AnyHook`: a `#[chosen_hooks]` handler takes every \
             hook the configuration chooses, whatever its data",
        );
        ok = false;
    }
    let timeout_millis = candidate
        .keys
        .timeout
        .value()
        .map(|timeout| timeout.0.as_millis() as u64);
    Some(ChosenDef {
        method: sig.ident.clone(),
        chooser: chooser?,
        attr_span: candidate.attr_span,
        cfgs: candidate.cfgs.clone(),
        timeout_millis,
        ctx_span: args[0].ty.span(),
        data_span: args[1].ty.span(),
        output_span: output_span(sig),
    })
    .filter(|_| ok)
}

/// The method `by = "..."` names, spanned on the literal: a `&self` method of the block, other
/// than the handler.
fn chooser(
    candidate: &ChosenCandidate,
    methods: &[(syn::Ident, bool)],
    cx: &Ctxt,
) -> Option<syn::Ident> {
    let Some(lit) = candidate.keys.by.value() else {
        if !candidate.keys.by.is_written() {
            cx.at(
                candidate.attr_span,
                "missing `by`: write `#[chosen_hooks(by = \"method\")]`, naming the method of this \
                 block that returns the hooks the configuration chooses \
                 (`fn method(&self) -> ChosenHooks`)",
            );
        }
        return None;
    };
    let name = lit.value();
    let handler = candidate.sig.ident.to_string();
    if name == handler {
        cx.spanned(
            lit,
            format!(
                "`by` names the method that chooses the hooks, not the handler `{handler}` itself"
            ),
        );
        return None;
    }
    let choosers: Vec<String> = methods
        .iter()
        .filter(|(method, takes_self)| *takes_self && *method != handler)
        .map(|(method, _)| method.to_string())
        .collect();
    if choosers.contains(&name) {
        return Some(syn::Ident::new(&name, lit.span()));
    }
    let takes_no_self = methods
        .iter()
        .any(|(method, takes_self)| !takes_self && *method == name);
    let message = if takes_no_self {
        format!(
            "`{name}` takes no `self`: the hooks are chosen from the module's configuration, \
             `fn {name}(&self) -> ChosenHooks`"
        )
    } else {
        let names: Vec<&str> = choosers.iter().map(String::as_str).collect();
        format!(
            "this impl block has no method `{name}`: `by` names the method that chooses the hooks, \
             `fn {name}(&self) -> ChosenHooks`, in the same block{}",
            suggest::help(&name, &names)
        )
    };
    cx.spanned(lit, message);
    None
}
