//! Parsing: attribute arguments and annotated items into the model of `crate::model`.

pub mod config_param;
pub mod hook_attr;
pub mod impl_block;
pub mod module_args;
pub mod module_struct;
pub mod pipeline_args;
pub mod values;

/// A key path as the user wrote it (`kind`, `crate`, `a::b`), for messages and matching.
pub fn path_key(path: &syn::Path) -> String {
    let segments: Vec<String> = path
        .segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect();
    segments.join("::")
}

/// Whether `attr` is the helper attribute `name` (also when written with a path ending in it).
pub fn is_helper(attr: &syn::Attribute, name: &str) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|segment| segment.ident == name)
}

/// The text of the `///` doc comments among `attrs`, lines joined, outer blank lines removed.
pub fn doc_text(attrs: &[syn::Attribute]) -> String {
    let mut lines = Vec::new();
    for attr in attrs {
        if !attr.path().is_ident("doc") {
            continue;
        }
        if let syn::Meta::NameValue(syn::MetaNameValue {
            value:
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(lit),
                    ..
                }),
            ..
        }) = &attr.meta
        {
            let line = lit.value();
            lines.push(
                line.strip_prefix(' ')
                    .unwrap_or(&line)
                    .trim_end()
                    .to_owned(),
            );
        }
    }
    lines.join("\n").trim().to_owned()
}

/// Why a module struct or its impl block cannot have generic parameters.
pub const GENERIC_MODULE: &str =
    "an IRIS module cannot be generic: IRIS instantiates it by name, with no type arguments";

/// Records `message` when `generics` has parameters or a where clause.
pub fn reject_generics(
    generics: &syn::Generics,
    message: &str,
    errors: &mut crate::errors::Errors,
) {
    if !generics.params.is_empty() || generics.where_clause.is_some() {
        errors.spanned(generics, message);
    }
}
