//! The hook handlers: their signatures (`signature.rs`), each `#[hook]`'s options against its
//! hook's phase, data types that match, and each hook handled once.

use crate::ctxt::Ctxt;
use crate::model::{HookBinding, HooksDef};
use iris_module_vocabulary::{DataKind, HookPhase};

/// Records every problem of the impl block's hooks; the candidates whose signature is a
/// handler's become the model's handlers, which the other rules then check.
pub fn check_hooks(def: &mut HooksDef, cx: &Ctxt) {
    def.handlers = std::mem::take(&mut def.candidates)
        .into_iter()
        .filter_map(|candidate| super::signature::checked_handler(candidate, cx))
        .collect();
    super::chosen::check_chosen(def, cx);
    let def = &*def;
    for binding in def.handlers.iter().flat_map(|handler| &handler.hooks) {
        check_options(binding, cx);
    }
    check_data_types(def, cx);
    check_duplicates(def, cx);
}

/// `manual_name` only on manual hooks, `run_async = true` never on preload hooks, `ioc_types`
/// only on IOC hooks, and no blank names.
fn check_options(binding: &HookBinding, cx: &Ctxt) {
    let name = binding.spec.name;
    let phase = binding.spec.phase;
    if let (Some(key), Some(lit)) = (binding.keys.manual_name.key(), binding.manual_name()) {
        if phase != HookPhase::Manual {
            cx.spanned(
                key,
                format!(
                    "`manual_name` is only for `on_manual_trigger_*` hooks; `{name}` is fired by \
                     IRIS itself and has no menu entry"
                ),
            );
        } else if lit.value().trim().is_empty() {
            cx.spanned(
                lit,
                "`manual_name` must not be empty: it is the menu entry users see",
            );
        }
    }
    if let Some(lit) = binding.keys.run_async.value().filter(|lit| lit.value)
        && phase == HookPhase::Preload
    {
        cx.spanned(
            lit,
            format!(
                "`{name}` is a preload hook: IRIS always runs preload hooks synchronously, \
                 inside the request"
            ),
        );
    }
    if let Some(key) = binding.keys.ioc_types.key()
        && binding.spec.data != DataKind::Ioc
    {
        cx.spanned(
            key,
            format!(
                "`ioc_types` filters IOC hooks; `{name}` passes `{}` objects",
                binding.spec.data.type_name()
            ),
        );
    }
    if let Some(lit) = binding
        .enabled_by()
        .filter(|lit| lit.value().trim().is_empty())
    {
        cx.spanned(lit, "`enabled_by` names a `bool` configuration parameter");
    }
}

/// A handler's data type must be what each of its hooks passes. Only types named like one of the
/// runtime's data types are checked here; any other name (an alias) is left to the compiler.
fn check_data_types(def: &HooksDef, cx: &Ctxt) {
    for handler in &def.handlers {
        let Some(first) = handler.hooks.first() else {
            continue;
        };
        let expected = first.spec.data.type_name();
        for binding in &handler.hooks[1..] {
            if binding.spec.data != first.spec.data {
                cx.at(
                    binding.span,
                    format!(
                        "`{}` passes `{}` but `{}` also handles `{}`, which passes `{expected}`: \
                         one method handles hooks of one data type",
                        binding.spec.name,
                        binding.spec.data.type_name(),
                        handler.method,
                        first.spec.name,
                    ),
                );
            }
        }
        if let Some(name) = &handler.data_name {
            let name = name.to_string();
            if DataKind::from_type_name(&name).is_some_and(|kind| kind != first.spec.data) {
                cx.at(
                    handler.data_span,
                    format!(
                        "hook `{}` passes `{expected}` objects, not `{name}`: expected \
                         `&mut [{expected}]`",
                        first.spec.name
                    ),
                );
            }
        }
    }
}

/// A hook may be handled once per module; a manual hook once per menu name.
fn check_duplicates(def: &HooksDef, cx: &Ctxt) {
    let bindings: Vec<_> = def
        .handlers
        .iter()
        .flat_map(|handler| handler.hooks.iter().map(move |hook| (handler, hook)))
        .collect();
    for (index, (_, binding)) in bindings.iter().enumerate() {
        let manual = binding.spec.phase == HookPhase::Manual;
        let earlier = bindings[..index]
            .iter()
            .filter(|(_, other)| other.spec.name == binding.spec.name);
        for (first_handler, first) in earlier {
            let same_menu = match (first.manual_name(), binding.manual_name()) {
                (Some(a), Some(b)) => a.value() == b.value(),
                _ => true,
            };
            if manual && !same_menu {
                continue;
            }
            let message = if manual {
                format!(
                    "`{}` is already handled by `{}` under the same menu name; give each handler \
                     its own `manual_name`",
                    binding.spec.name, first_handler.method
                )
            } else {
                format!(
                    "hook `{}` is already handled by `{}`: a module handles each hook once",
                    binding.spec.name, first_handler.method
                )
            };
            cx.at(binding.span, message);
            break;
        }
    }
}
