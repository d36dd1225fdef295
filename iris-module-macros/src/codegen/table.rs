//! `__hook_table!()`: the macros' hook table as a value, so a test can compare it with the
//! runtime's.

use crate::hooks::HOOKS;
use proc_macro2::TokenStream;
use quote::quote;

/// `&[(name, phase, data type)]` for every hook the macros accept.
pub fn generate() -> TokenStream {
    let rows = HOOKS.iter().map(|hook| {
        let name = hook.name;
        let phase = hook.phase.name();
        let data = hook.data;
        quote!((#name, #phase, #data))
    });
    quote!(&[#(#rows),*])
}
