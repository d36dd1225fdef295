//! The impl side: `HookHandlers` (the registrations and the `hooks_handler` dispatch `match`).

use crate::hooks::Phase;
use crate::model::{HandlerDef, HookBinding, HooksDef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};

/// Everything generated for the impl block.
pub fn generate(def: &HooksDef) -> TokenStream {
    let self_ty = &def.self_ty;
    let krate = &def.krate;
    let private = super::private();
    let hooks_const = registrations(def, &private);
    let mut arms = Vec::new();
    for handler in &def.handlers {
        for binding in &handler.hooks {
            arms.push(dispatch_arm(def, handler, binding, &private));
        }
    }
    super::wrap_in_const(
        krate,
        quote! {
            #hooks_const
            #[automatically_derived]
            impl #private::HookHandlers for #self_ty {
                const HOOKS: &'static [#private::HookRegistration] = &__IRIS_HOOKS;

                fn dispatch(
                    &self,
                    __iris_ctx: &mut #private::HookContext,
                    __iris_payload: &mut #private::HookPayload,
                ) -> #private::Status {
                    match (__iris_ctx.hook_name(), __iris_ctx.hook_ui_name()) {
                        #(#arms)*
                        _ => #private::Status::unhandled_hook(__iris_ctx),
                    }
                }
            }
        },
    )
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
            impl #impl_generics #private::HookHandlers for #self_ty #where_clause {
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
    let manual_name = match &binding.manual_name {
        Some(lit) => quote!(::core::option::Option::Some(#lit)),
        None => quote!(::core::option::Option::None),
    };
    let run_asynchronously = binding.spec.phase != Phase::Preload
        && binding.run_async.as_ref().is_none_or(|lit| lit.value);
    let method = handler.method.to_string();
    quote! {
        #private::HookRegistration {
            hook: #hook,
            manual_name: #manual_name,
            run_asynchronously: #run_asynchronously,
            handler: #method,
        }
    }
}

/// The `#[cfg]` predicates of a handler, combined with `all(...)`.
fn cfg_condition(handler: &HandlerDef) -> Option<TokenStream> {
    if handler.cfgs.is_empty() {
        return None;
    }
    let predicates = handler.cfgs.iter().filter_map(|attr| match &attr.meta {
        syn::Meta::List(list) => Some(list.tokens.clone()),
        _ => None,
    });
    Some(quote!(all(#(#predicates),*)))
}

fn dispatch_arm(
    def: &HooksDef,
    handler: &HandlerDef,
    binding: &HookBinding,
    private: &TokenStream,
) -> TokenStream {
    let hook = binding.spec.name;
    let shared_manual_hook = def
        .handlers
        .iter()
        .flat_map(|h| &h.hooks)
        .filter(|other| other.spec.name == hook)
        .count()
        > 1;
    let ui_pattern = match (&binding.manual_name, shared_manual_hook) {
        (Some(lit), true) => quote!(::core::option::Option::Some(#lit)),
        _ => quote!(_),
    };
    let cfgs = &handler.cfgs;
    let method = &handler.method;
    let data_type = format_ident!("{}", binding.spec.data);
    let ctx = quote_spanned!(handler.ctx_span=> __iris_ctx);
    let data = quote_spanned!(handler.data_span=> __iris_data);
    let into_status = super::respan(
        quote!(#private::IntoStatus::into_status(__iris_result)),
        handler.output_span,
    );
    let call = quote! {{
        let __iris_result = Self::#method(self, #ctx, #data);
        #into_status
    }};
    quote! {
        #(#cfgs)*
        (#hook, #ui_pattern) => {
            match <#private::#data_type as #private::HookObject>::slice_mut(__iris_payload) {
                ::core::option::Option::Some(__iris_data) => #call,
                ::core::option::Option::None => {
                    #private::Status::payload_mismatch(__iris_ctx, __iris_payload)
                }
            }
        }
    }
}
