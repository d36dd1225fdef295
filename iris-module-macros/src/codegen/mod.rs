//! Code generation from a checked model. Generated code reaches the runtime only through
//! `<crate>::__private` and fully qualified `::core` paths.

pub mod hooks;
pub mod module;
pub mod table;

use proc_macro2::TokenStream;
use quote::quote;

/// Wraps generated items in an anonymous const, the sanctioned place for generated impls.
fn wrap_in_const(items: TokenStream) -> TokenStream {
    quote! {
        #[doc(hidden)]
        #[allow(non_upper_case_globals, unused_qualifications, clippy::all)]
        const _: () = {
            #items
        };
    }
}
