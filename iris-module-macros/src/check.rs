//! Checks that need the whole impl block: duplicate hooks and data types that do not match.

use crate::errors::Errors;
use crate::hooks::{DATA_TYPES, Phase};
use crate::model::HooksDef;

/// Records every cross-method problem of `def`.
pub fn check_hooks(def: &HooksDef, errors: &mut Errors) {
    check_data_types(def, errors);
    check_duplicates(def, errors);
}

/// A handler's data type must be what each of its hooks passes. Only types named like one of the
/// runtime's data types are checked here; any other name (an alias) is left to the compiler.
fn check_data_types(def: &HooksDef, errors: &mut Errors) {
    for handler in &def.handlers {
        let Some(first) = handler.hooks.first() else {
            continue;
        };
        for binding in &handler.hooks[1..] {
            if binding.spec.data != first.spec.data {
                errors.at(
                    binding.span,
                    format!(
                        "`{}` passes `{}` but `{}` also handles `{}`, which passes `{}`: one \
                         method handles hooks of one data type",
                        binding.spec.name,
                        binding.spec.data,
                        handler.method,
                        first.spec.name,
                        first.spec.data
                    ),
                );
            }
        }
        if let Some(name) = &handler.data_name {
            let name = name.to_string();
            if DATA_TYPES.contains(&name.as_str()) && name != first.spec.data {
                errors.at(
                    handler.data_span,
                    format!(
                        "hook `{}` passes `{}` objects, not `{name}`: expected `&mut [{}]`",
                        first.spec.name, first.spec.data, first.spec.data
                    ),
                );
            }
        }
    }
}

/// A hook may be handled once per module; a manual hook once per menu name.
fn check_duplicates(def: &HooksDef, errors: &mut Errors) {
    let bindings: Vec<_> = def
        .handlers
        .iter()
        .flat_map(|handler| handler.hooks.iter().map(move |hook| (handler, hook)))
        .collect();
    for (index, (_, binding)) in bindings.iter().enumerate() {
        let earlier = bindings[..index]
            .iter()
            .filter(|(_, other)| other.spec.name == binding.spec.name);
        for (first_handler, first) in earlier {
            let same_menu = match (&first.manual_name, &binding.manual_name) {
                (Some(a), Some(b)) => a.value() == b.value(),
                _ => true,
            };
            if binding.spec.phase == Phase::Manual && !same_menu {
                continue;
            }
            let message = if binding.spec.phase == Phase::Manual {
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
            errors.at(binding.span, message);
            break;
        }
    }
}
