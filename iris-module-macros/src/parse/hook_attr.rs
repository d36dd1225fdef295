//! `#[hook("on_...", manual_name = "...", run_async = false, enabled_by = "...")]` on a method.

use crate::attr::keys::HookKeys;
use crate::ctxt::Ctxt;
use crate::model::HookBinding;
use crate::suggest;
use iris_module_vocabulary::{HOOKS, find_hook};
use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::{Attribute, Expr, Ident, LitStr, Token};

const EXAMPLE: &str = "#[hook(\"on_postload_ioc_create\")]";

/// Reads one `#[hook]` attribute; `None` when it names no hook (the errors say why).
pub fn parse(attr: &Attribute, cx: &Ctxt) -> Option<HookBinding> {
    match &attr.meta {
        syn::Meta::Path(path) => {
            cx.spanned(path, format!("missing hook name: write `{EXAMPLE}`"));
            None
        }
        syn::Meta::NameValue(nv) => {
            cx.spanned(
                nv,
                format!("expected the hook name in parentheses: `{EXAMPLE}`"),
            );
            None
        }
        syn::Meta::List(list) => {
            let mut binding = None;
            let result = list.parse_args_with(|input: ParseStream| {
                binding = parse_list(input, cx)?;
                Ok(())
            });
            if let Err(error) = result {
                cx.push(error);
            }
            binding
        }
    }
}

fn parse_list(input: ParseStream, cx: &Ctxt) -> syn::Result<Option<HookBinding>> {
    if input.is_empty() {
        cx.at(
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
        cx.spanned(
            &ident,
            format!("expected the hook name as a string: `#[hook(\"{ident}\")]`"),
        );
        None
    } else {
        let expr: Expr = input.parse()?;
        cx.spanned(
            &expr,
            format!("expected the hook name as a string: `{EXAMPLE}`"),
        );
        None
    };
    let mut keys = HookKeys::default();
    while !input.is_empty() {
        input.parse::<Token![,]>()?;
        if input.is_empty() {
            break;
        }
        if input.peek(LitStr) {
            let extra: LitStr = input.parse()?;
            cx.spanned(
                &extra,
                "one hook per `#[hook(...)]`: to handle several hooks, stack several `#[hook]` \
                 attributes on the method",
            );
            continue;
        }
        let key = crate::attr::parse_key(input)?;
        keys.read(&key, input, cx);
    }
    let (name, span) = match name {
        Some(name) => name,
        None => return Ok(None),
    };
    let Some(spec) = find_hook(&name) else {
        let names: Vec<&str> = HOOKS.iter().map(|h| h.name).collect();
        cx.at(
            span,
            format!("unknown hook `{name}`{}", suggest::help(&name, &names)),
        );
        return Ok(None);
    };
    Ok(Some(HookBinding { spec, span, keys }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_one(attr: Attribute) -> (Option<HookBinding>, Vec<String>) {
        let cx = Ctxt::new();
        let binding = parse(&attr, &cx);
        (binding, cx.messages())
    }

    #[test]
    fn reads_a_manual_hook() {
        let (binding, errors) =
            parse_one(syn::parse_quote!(#[hook("on_manual_trigger_ioc", manual_name = "Get it")]));
        assert!(errors.is_empty(), "{errors:?}");
        let binding = binding.unwrap();
        assert_eq!(binding.spec.name, "on_manual_trigger_ioc");
        assert_eq!(binding.manual_name().unwrap().value(), "Get it");
    }

    #[test]
    fn reports_unknown_and_duplicate_keys() {
        let (binding, errors) = parse_one(syn::parse_quote!(
            #[hook("on_preload_ioc_create", run_async = true, retry = 1, run_async = false)]
        ));
        assert!(binding.is_some());
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors[0].contains("unknown hook argument `retry`"),
            "{errors:?}"
        );
        assert!(
            errors[1].contains("duplicate hook argument `run_async`"),
            "{errors:?}"
        );
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
