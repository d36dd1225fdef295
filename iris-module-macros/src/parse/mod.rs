//! Parsing: annotated items and their attributes into the model of `crate::model`. Only what
//! the syntax itself rules out is reported here; rules about values are in `crate::check`.

pub mod chosen_attr;
pub mod hook_attr;
pub mod impl_block;
pub mod module_struct;
pub mod pipeline_args;

use crate::attr;
use crate::ctxt::Ctxt;
use proc_macro2::TokenStream;
use syn::parse::{ParseStream, Parser};

/// Reads the `key = value, ...` arguments of an attribute macro (`#[iris_module(...)]`); `false`
/// when they are not a list of keys at all (reported).
pub fn read_macro_args(
    args: TokenStream,
    cx: &Ctxt,
    read: impl FnMut(&syn::Path, ParseStream, &Ctxt),
) -> bool {
    let parser = |input: ParseStream| attr::read_list(input, cx, read);
    match parser.parse2(args) {
        Ok(()) => true,
        Err(error) => {
            cx.push(error);
            false
        }
    }
}

/// Reads a helper attribute (`#[config_param(...)]`): bare, or with a list of keys.
pub fn read_helper(
    helper: &syn::Attribute,
    cx: &Ctxt,
    read: impl FnMut(&syn::Path, ParseStream, &Ctxt),
) {
    match &helper.meta {
        syn::Meta::Path(_) => {}
        syn::Meta::NameValue(nv) => {
            let name = attr::path_key(&nv.path);
            cx.spanned(
                nv,
                format!("expected `#[{name}]` or `#[{name}(key = value, ...)]`"),
            );
        }
        syn::Meta::List(list) => {
            if let Err(error) =
                list.parse_args_with(|input: ParseStream| attr::read_list(input, cx, read))
            {
                cx.push(error);
            }
        }
    }
}

/// Reads every helper attribute `name` among `attrs` (also when written with a path ending in it).
pub fn read_helpers(
    attrs: &[syn::Attribute],
    name: &str,
    cx: &Ctxt,
    mut read: impl FnMut(&syn::Path, ParseStream, &Ctxt),
) {
    for helper in attrs.iter().filter(|attr| attr::is_helper(attr, name)) {
        read_helper(helper, cx, &mut read);
    }
}

/// Why a module struct or its impl block cannot have generic parameters.
pub const GENERIC_MODULE: &str =
    "an IRIS module cannot be generic: IRIS instantiates it by name, with no type arguments";

/// Records `message` when `generics` has parameters or a where clause.
pub fn reject_generics(generics: &syn::Generics, message: &str, cx: &Ctxt) {
    if !generics.params.is_empty() || generics.where_clause.is_some() {
        cx.spanned(generics, message);
    }
}

/// Takes the helper attributes `name` off `attrs`, returning them.
pub fn take_helpers(attrs: &mut Vec<syn::Attribute>, name: &str) -> Vec<syn::Attribute> {
    let (helpers, others) = std::mem::take(attrs)
        .into_iter()
        .partition(|attr| attr::is_helper(attr, name));
    *attrs = others;
    helpers
}
