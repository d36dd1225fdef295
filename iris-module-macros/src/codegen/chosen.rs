//! The `#[chosen_hooks(by = "...")]` handler: the trait's `CHOSEN` and `chosen_hooks` (the
//! chooser's answer), and the dispatch arm that hands every other hook the module is called for
//! to the handler as an `AnyHook`.

use crate::model::ChosenDef;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};

/// The items of the impl, and the last arms of the dispatch `match` (`not_dispatched`: what a
/// call the handler cannot take returns).
pub fn generate(
    chosen: &ChosenDef,
    private: &TokenStream,
    not_dispatched: &TokenStream,
) -> (TokenStream, TokenStream) {
    let handler = chosen.method.to_string();
    let chooser = &chosen.chooser;
    let chooser_name = chooser.to_string();
    let timeout = match chosen.timeout_millis {
        Some(millis) => {
            quote!(::core::option::Option::Some(::core::time::Duration::from_millis(#millis)))
        }
        None => quote!(::core::option::Option::None),
    };
    let condition = super::cfg_predicate(&chosen.cfgs);
    let on = condition
        .as_ref()
        .map(|predicate| quote!(#[cfg(#predicate)]));
    let off = condition
        .as_ref()
        .map(|predicate| quote!(#[cfg(not(#predicate))]));
    // The chooser's type is checked on the `by` literal (the ident carries its span).
    let chosen_hooks = super::respan(
        quote!({
            let __iris_hooks: #private::ChosenHooks = Self::#chooser(self);
            __iris_hooks
        }),
        chooser.span(),
    );
    let items = quote! {
        #on
        const CHOSEN: ::core::option::Option<#private::ChosenHandler> =
            ::core::option::Option::Some(#private::ChosenHandler {
                handler: #handler,
                chooser: #chooser_name,
                timeout: #timeout,
            });

        #on
        fn chosen_hooks(&self) -> #private::ChosenHooks #chosen_hooks
    };
    let method = &chosen.method;
    let ctx = quote_spanned!(chosen.ctx_span=> __iris_ctx);
    let call = quote_spanned!(chosen.data_span=> &mut __iris_call);
    let into_status = super::respan(
        quote!(#private::IntoStatus::into_status(__iris_result)),
        chosen.output_span,
    );
    let arms = quote! {
        #on
        (_, __iris_payload) => match #private::find_hook(__iris_ctx.hook_name()) {
            ::core::option::Option::Some(__iris_spec) if __iris_spec.data == __iris_payload.kind() => {
                let __iris_ui = __iris_ctx.hook_ui_name().map(::std::borrow::ToOwned::to_owned);
                let mut __iris_call =
                    #private::AnyHook::new(__iris_spec, __iris_ui.as_deref(), __iris_payload);
                let __iris_result = Self::#method(self, #ctx, #call);
                #into_status
            }
            _ => #not_dispatched,
        },
        #off
        (_, __iris_payload) => #not_dispatched,
    };
    (items, arms)
}
