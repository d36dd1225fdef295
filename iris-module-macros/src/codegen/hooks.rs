//! The impl side: the registrations and the `hooks_handler` dispatch `match`, as the runtime's
//! `OnlyOneIrisModuleImplBlock` (which gives the module its `HookHandlers`). The trait is named
//! for its rule: a second `#[iris_module]` impl block for the module is one error, "conflicting
//! implementations of trait `OnlyOneIrisModuleImplBlock`", on both blocks' attributes.

use crate::model::{HandlerDef, HookBinding, HooksDef};
use iris_module_vocabulary::HookPhase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};

/// Everything generated for the impl block.
pub fn generate(def: &HooksDef) -> TokenStream {
    let self_ty = &def.self_ty;
    let krate = &def.krate;
    let private = super::private();
    let hooks_const = registrations(def, &private);
    let arms = dispatch_arms(def, &private);
    let processor_check = processor_check(def, &private);
    let not_dispatched = quote! {
        #private::not_dispatched(
            __iris_ctx,
            __iris_payload,
            <Self as #private::OnlyOneIrisModuleImplBlock>::HOOKS,
        )
    };
    let (chosen_items, otherwise) = match &def.chosen {
        Some(chosen) => super::chosen::generate(chosen, &private, &not_dispatched),
        None => (
            TokenStream::new(),
            quote!((_, __iris_payload) => #not_dispatched,),
        ),
    };
    super::wrap_in_const(
        krate,
        quote! {
            #processor_check
            #hooks_const
            #[automatically_derived]
            impl #private::OnlyOneIrisModuleImplBlock for #self_ty {
                const HOOKS: &'static [#private::HookRegistration] = &__IRIS_HOOKS;
                #chosen_items

                fn dispatch(
                    &self,
                    __iris_ctx: &mut #private::HookContext,
                    __iris_payload: &mut #private::HookPayload,
                ) -> #private::Status {
                    match (__iris_ctx.hook_name(), __iris_payload) {
                        #arms
                        #otherwise
                    }
                }
            }
        },
    )
}

/// Hooks need a processor module: checked once, on the first hook's name (a pipeline module with
/// hooks is one mistake, however many hooks it has).
fn processor_check(def: &HooksDef, private: &TokenStream) -> TokenStream {
    let first_hook = def
        .handlers
        .iter()
        .flat_map(|handler| &handler.hooks)
        .next()
        .map(|binding| binding.span);
    let Some(first) = first_hook.or_else(|| def.chosen.as_ref().map(|chosen| chosen.attr_span))
    else {
        return TokenStream::new();
    };
    let self_ty = &def.self_ty;
    // The bound is written here, in the user's crate, so that the error ends on the hook.
    let check = super::respan(
        quote!({
            const fn __iris_processor<M: #private::ProcessorModule>() {}
            __iris_processor::<#self_ty>()
        }),
        first,
    );
    // Each `enabled_by` must name a `bool` parameter of the module: checked when the module's
    // constants are evaluated, with the message on the parameter's name.
    let enabled_by = def
        .handlers
        .iter()
        .flat_map(|handler| &handler.hooks)
        .filter_map(|binding| binding.enabled_by())
        .map(|lit| enabled_by_check(self_ty, lit, private));
    quote! {
        const _: () = #check;
        #(#enabled_by)*
    }
}

/// The check of one `enabled_by = "name"`: a build error on the literal unless `name` is a `bool`
/// parameter of the module, naming the closest one when there is one.
fn enabled_by_check(self_ty: &syn::Type, lit: &syn::LitStr, private: &TokenStream) -> TokenStream {
    let name = lit.value();
    let not_bool = format!(
        "`enabled_by = \"{name}\"`: parameter `{name}` is not a `bool`; `enabled_by` names the \
         `bool` parameter that switches this hook on"
    );
    let missing = format!("`enabled_by = \"{name}\"`: the module has no parameter `{name}`");
    let check = quote! {
        const _: () = {
            const FOUND: #private::EnabledBy =
                #private::enabled_by(&<#self_ty as #private::IrisModule>::INFO, #lit);
            const CLOSEST: &str = #private::suggestion(FOUND);
            match FOUND {
                #private::EnabledBy::NotBool => ::core::panic!(#not_bool),
                #private::EnabledBy::Missing => ::core::panic!(#missing),
                #private::EnabledBy::MissingLike(_) => ::core::panic!(
                    "{}",
                    #private::concatcp!(#missing, "; did you mean `", CLOSEST, "`?")
                ),
                _ => {}
            }
        };
    };
    super::respan(check, lit.span())
}

/// What is emitted instead when the impl block had errors: an impl that keeps the module's
/// registration from reporting a follow-on error about missing hook handlers.
pub fn fallback(def: &HooksDef) -> TokenStream {
    let private = super::private();
    let (self_ty, krate) = (&def.self_ty, &def.krate);
    let (impl_generics, _, where_clause) = def.generics.split_for_impl();
    super::wrap_in_const(
        krate,
        quote! {
            impl #impl_generics #private::OnlyOneIrisModuleImplBlock for #self_ty #where_clause {
                const HOOKS: &'static [#private::HookRegistration] = &[];
                fn dispatch(
                    &self,
                    _: &mut #private::HookContext,
                    _: &mut #private::HookPayload,
                ) -> #private::Status {
                    ::core::unreachable!()
                }
            }
        },
    )
}

/// `const __IRIS_HOOKS`: one registration per `#[hook]`. Registrations of `#[cfg]`-gated methods
/// are filtered at compile time.
fn registrations(def: &HooksDef, private: &TokenStream) -> TokenStream {
    let mut entries: Vec<(TokenStream, Option<TokenStream>)> = Vec::new();
    for handler in &def.handlers {
        let condition = cfg_condition(handler);
        for binding in &handler.hooks {
            entries.push((registration(handler, binding, private), condition.clone()));
        }
    }
    if entries.iter().all(|(_, condition)| condition.is_none()) {
        let entries = entries.iter().map(|(entry, _)| entry);
        let count = entries.len();
        return quote! {
            const __IRIS_HOOKS: [#private::HookRegistration; #count] = [#(#entries),*];
        };
    }
    let all = entries.len();
    let options = entries.iter().map(|(entry, condition)| match condition {
        Some(condition) => quote! {
            if ::core::cfg!(#condition) {
                ::core::option::Option::Some(#entry)
            } else {
                ::core::option::Option::None
            }
        },
        None => quote!(::core::option::Option::Some(#entry)),
    });
    quote! {
        const __IRIS_ALL_HOOKS: [::core::option::Option<#private::HookRegistration>; #all] =
            [#(#options),*];
        const __IRIS_HOOK_COUNT: usize = #private::count_hooks(&__IRIS_ALL_HOOKS);
        const __IRIS_HOOKS: [#private::HookRegistration; __IRIS_HOOK_COUNT] =
            #private::collect_hooks(__IRIS_ALL_HOOKS);
    }
}

fn registration(handler: &HandlerDef, binding: &HookBinding, private: &TokenStream) -> TokenStream {
    let hook = binding.spec.name;
    let manual_name = match binding.manual_name() {
        Some(lit) => quote!(::core::option::Option::Some(#lit)),
        None => quote!(::core::option::Option::None),
    };
    let run_asynchronously = binding.spec.phase != HookPhase::Preload && !binding.run_async_off();
    let method = handler.method.to_string();
    let enabled_by = match binding.enabled_by() {
        Some(lit) => quote!(::core::option::Option::Some(#lit)),
        None => quote!(::core::option::Option::None),
    };
    let timeout = match binding.timeout_millis() {
        Some(millis) => {
            quote!(::core::option::Option::Some(::core::time::Duration::from_millis(#millis)))
        }
        None => quote!(::core::option::Option::None),
    };
    let ioc_types = binding.ioc_types();
    quote! {
        #private::HookRegistration {
            hook: #hook,
            manual_name: #manual_name,
            run_asynchronously: #run_asynchronously,
            handler: #method,
            enabled_by: #enabled_by,
            timeout: #timeout,
            ioc_types: &[#(#ioc_types),*],
        }
    }
}

/// The `#[cfg]` predicates of a handler, combined with `all(...)`.
fn cfg_condition(handler: &HandlerDef) -> Option<TokenStream> {
    super::cfg_predicate(&handler.cfgs)
}

/// The arms of the dispatch `match` on the hook name and the payload's kind: one per handler,
/// with the names of all its hooks; a manual hook handled under several menu names gets its own
/// arm, which matches on the menu name. Matching the kind along with the name lets the compiler
/// compare only the names of hooks that pass that kind, as a hand-written match does.
fn dispatch_arms(def: &HooksDef, private: &TokenStream) -> TokenStream {
    let is_shared = |hook: &str| {
        def.handlers
            .iter()
            .flat_map(|handler| &handler.hooks)
            .filter(|binding| binding.spec.name == hook)
            .count()
            > 1
    };
    let mut arms = TokenStream::new();
    for handler in &def.handlers {
        let names: Vec<&str> = handler
            .hooks
            .iter()
            .map(|binding| binding.spec.name)
            .filter(|name| !is_shared(name))
            .collect();
        if names.is_empty() {
            continue;
        }
        let cfgs = &handler.cfgs;
        let (variant, call) = call_handler(handler, private);
        arms.extend(quote! {
            #(#cfgs)*
            (#(#names)|*, #variant) => #call,
        });
    }
    let mut shared: Vec<&str> = Vec::new();
    for binding in def.handlers.iter().flat_map(|handler| &handler.hooks) {
        let name = binding.spec.name;
        if !is_shared(name) || shared.contains(&name) {
            continue;
        }
        shared.push(name);
        let mut menu_arms = TokenStream::new();
        let mut variant = TokenStream::new();
        for handler in &def.handlers {
            for binding in handler.hooks.iter().filter(|b| b.spec.name == name) {
                let cfgs = &handler.cfgs;
                let menu = binding.manual_name();
                let (pattern, call) = call_handler(handler, private);
                variant = pattern;
                menu_arms.extend(quote! {
                    #(#cfgs)*
                    ::core::option::Option::Some(#menu) => #call,
                });
            }
        }
        arms.extend(quote! {
            (#name, #variant) => match __iris_ctx.hook_ui_name() {
                #menu_arms
                _ => #private::unhandled_hook(__iris_ctx),
            },
        });
    }
    arms
}

/// The payload pattern binding `__iris_data` to the handler's objects, and the call of the
/// handler with them.
fn call_handler(handler: &HandlerDef, private: &TokenStream) -> (TokenStream, TokenStream) {
    let data_type = format_ident!(
        "{}",
        handler
            .hooks
            .first()
            .map_or("Ioc", |b| b.spec.data.type_name())
    );
    let method = &handler.method;
    let ctx = quote_spanned!(handler.ctx_span=> __iris_ctx);
    let data = quote_spanned!(handler.data_span=> __iris_data.as_mut_slice());
    let into_status = super::respan(
        quote!(#private::IntoStatus::into_status(__iris_result)),
        handler.output_span,
    );
    let pattern = quote!(#private::HookPayload::#data_type(__iris_data));
    let call = quote! {{
        let __iris_result = Self::#method(self, #ctx, #data);
        #into_status
    }};
    (pattern, call)
}
