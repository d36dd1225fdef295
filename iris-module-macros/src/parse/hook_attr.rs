//! `#[hook("on_...", manual_name = "...", run_async = false)]` on a method.

use super::values::{self, Slot};
use crate::errors::Errors;
use crate::hooks::{self, Phase};
use crate::model::HookBinding;
use crate::suggest;
use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::{Attribute, Expr, Ident, LitStr, Token};

const KEYS: &[&str] = &["manual_name", "run_async", "enabled_by"];
const EXAMPLE: &str = "#[hook(\"on_postload_ioc_create\")]";

/// Reads one `#[hook]` attribute; `None` when it is unusable (the errors say why).
pub fn parse(attr: &Attribute, errors: &mut Errors) -> Option<HookBinding> {
    match &attr.meta {
        syn::Meta::Path(path) => {
            errors.spanned(path, format!("missing hook name: write `{EXAMPLE}`"));
            None
        }
        syn::Meta::NameValue(nv) => {
            errors.spanned(
                nv,
                format!("expected the hook name in parentheses: `{EXAMPLE}`"),
            );
            None
        }
        syn::Meta::List(list) => {
            let mut binding = None;
            let result = list.parse_args_with(|input: ParseStream| {
                binding = parse_list(input, errors)?;
                Ok(())
            });
            if let Err(error) = result {
                errors.push(error);
            }
            binding
        }
    }
}

fn parse_list(input: ParseStream, errors: &mut Errors) -> syn::Result<Option<HookBinding>> {
    if input.is_empty() {
        errors.at(
            input.span(),
            format!("missing hook name: write `{EXAMPLE}`"),
        );
        return Ok(None);
    }
    let name = if input.peek(LitStr) {
        let lit: LitStr = input.parse()?;
        Some((lit.value(), lit.span()))
    } else if input.peek(Ident::peek_any) {
        let ident = Ident::parse_any(input)?;
        errors.spanned(
            &ident,
            format!("expected the hook name as a string: `#[hook(\"{ident}\")]`"),
        );
        None
    } else {
        let expr: Expr = input.parse()?;
        errors.spanned(
            &expr,
            format!("expected the hook name as a string: `{EXAMPLE}`"),
        );
        None
    };
    let mut manual_name = Slot::new("manual_name", "hook");
    let mut manual_key = None;
    let mut run_async = Slot::new("run_async", "hook");
    let mut enabled_by = Slot::new("enabled_by", "hook");
    while !input.is_empty() {
        input.parse::<Token![,]>()?;
        if input.is_empty() {
            break;
        }
        if input.peek(LitStr) {
            let extra: LitStr = input.parse()?;
            errors.spanned(
                &extra,
                "one hook per `#[hook(...)]`: to handle several hooks, stack several `#[hook]` \
                 attributes on the method",
            );
            continue;
        }
        let key: syn::Path = input.parse()?;
        let key_name = super::path_key(&key);
        input.parse::<Token![=]>()?;
        let value: Expr = input.parse()?;
        match key_name.as_str() {
            "manual_name" => {
                manual_key.get_or_insert_with(|| key.clone());
                manual_name.set(&key, values::string(&value, "manual_name", errors), errors);
            }
            "run_async" => {
                run_async.set(&key, values::boolean(&value, "run_async", errors), errors);
            }
            "enabled_by" => {
                let parameter = values::string(&value, "enabled_by", errors);
                if let Some(lit) = parameter
                    .as_ref()
                    .filter(|lit| lit.value().trim().is_empty())
                {
                    errors.spanned(lit, "`enabled_by` names a `bool` configuration parameter");
                }
                enabled_by.set(&key, parameter, errors);
            }
            other => errors.spanned(
                &key,
                format!(
                    "unknown hook argument `{other}`{}",
                    suggest::help(other, KEYS)
                ),
            ),
        }
    }
    let (name, span) = match name {
        Some(name) => name,
        None => return Ok(None),
    };
    let Some(spec) = hooks::find(&name) else {
        let names: Vec<&str> = hooks::HOOKS.iter().map(|h| h.name).collect();
        errors.at(
            span,
            format!("unknown hook `{name}`{}", suggest::help(&name, &names)),
        );
        return Ok(None);
    };
    let manual_name = manual_name.get();
    if let (Some(lit), Some(key)) = (&manual_name, &manual_key) {
        if spec.phase != Phase::Manual {
            errors.spanned(
                key,
                format!(
                    "`manual_name` is only for `on_manual_trigger_*` hooks; `{name}` is fired by \
                     IRIS itself and has no menu entry"
                ),
            );
        } else if lit.value().trim().is_empty() {
            errors.spanned(
                lit,
                "`manual_name` must not be empty: it is the menu entry users see",
            );
        }
    }
    let run_async = run_async.get();
    if let Some(lit) = run_async.as_ref().filter(|lit| lit.value)
        && spec.phase == Phase::Preload
    {
        errors.spanned(
            lit,
            format!(
                "`{name}` is a preload hook: IRIS always runs preload hooks synchronously, \
                 inside the request"
            ),
        );
    }
    Ok(Some(HookBinding {
        enabled_by: enabled_by.get(),
        spec,
        span,
        manual_name,
        run_async,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_one(attr: Attribute) -> (Option<HookBinding>, Vec<String>) {
        let mut errors = Errors::default();
        let binding = parse(&attr, &mut errors);
        (binding, errors.messages())
    }

    #[test]
    fn reads_a_manual_hook() {
        let (binding, errors) =
            parse_one(syn::parse_quote!(#[hook("on_manual_trigger_ioc", manual_name = "Get it")]));
        assert!(errors.is_empty(), "{errors:?}");
        let binding = binding.unwrap();
        assert_eq!(binding.spec.name, "on_manual_trigger_ioc");
        assert_eq!(binding.manual_name.unwrap().value(), "Get it");
    }

    #[test]
    fn reports_every_mistake_in_one_attribute() {
        let (binding, errors) = parse_one(syn::parse_quote!(
            #[hook("on_preload_ioc_create", manual_name = "x", run_async = true, retry = 1)]
        ));
        assert!(binding.is_some());
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(
            errors
                .iter()
                .any(|e| e.contains("unknown hook argument `retry`"))
        );
        assert!(
            errors
                .iter()
                .any(|e| e.contains("`manual_name` is only for"))
        );
        assert!(errors.iter().any(|e| e.contains("preload hook")));
    }

    #[test]
    fn suggests_a_hook_name() {
        let (binding, errors) = parse_one(syn::parse_quote!(#[hook("on_postload_ioc_creat")]));
        assert!(binding.is_none());
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].contains("did you mean `on_postload_ioc_create`?"),
            "{errors:?}"
        );
    }
}
