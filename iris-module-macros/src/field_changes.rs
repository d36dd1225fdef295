//! `#[derive(FieldChanges)]`, for the runtime's own object types: compares an object with its
//! snapshot field by field (IRIS attribute names, as serde names them), so that a bridge writes
//! back only what a handler changed without encoding whole objects.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields, LitStr};

/// One field of the object: its Rust name, its serde name, and whether it is the flattened map of
/// unmodelled fields.
struct ObjectField {
    ident: syn::Ident,
    name: String,
    flatten: bool,
}

/// The expansion of the derive, or the errors that prevent it.
pub fn derive(input: TokenStream) -> TokenStream {
    match syn::parse2::<DeriveInput>(input).and_then(|input| {
        let fields = object_fields(&input)?;
        let cx = crate::ctxt::Ctxt::new();
        let mut keys = crate::attr::keys::FieldChangesKeys::default();
        crate::parse::read_helpers(&input.attrs, "field_changes", &cx, |key, input, cx| {
            keys.read(key, input, cx);
        });
        let krate = keys.krate.path();
        let generated = generate(&input.ident, &fields, &krate);
        let errors = cx.to_compile_errors();
        Ok(quote!(#generated #errors))
    }) {
        Ok(tokens) => tokens,
        Err(error) => error.to_compile_error(),
    }
}

fn object_fields(input: &DeriveInput) -> syn::Result<Vec<ObjectField>> {
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "`FieldChanges` compares the named fields of a struct",
        ));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "`FieldChanges` compares the named fields of a struct",
        ));
    };
    let mut fields = Vec::new();
    for field in &named.named {
        let Some(ident) = field.ident.clone() else {
            continue;
        };
        let mut name = ident.to_string();
        let mut flatten = false;
        let mut skip = false;
        for attr in field
            .attrs
            .iter()
            .filter(|attr| attr.path().is_ident("serde"))
        {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    name = meta.value()?.parse::<LitStr>()?.value();
                } else if meta.path.is_ident("flatten") {
                    flatten = true;
                } else if meta.path.is_ident("skip") || meta.path.is_ident("skip_serializing") {
                    skip = true;
                } else if meta.input.peek(syn::Token![=]) {
                    let _: syn::Expr = meta.value()?.parse()?;
                }
                Ok(())
            })?;
        }
        if !skip {
            fields.push(ObjectField {
                ident,
                name,
                flatten,
            });
        }
    }
    Ok(fields)
}

fn generate(ident: &syn::Ident, fields: &[ObjectField], krate: &syn::Path) -> TokenStream {
    let diff = quote!(#krate::diff);
    let compares = fields.iter().map(|field| {
        let (member, name) = (&field.ident, &field.name);
        if field.flatten {
            quote!(#diff::map_changes(&before.#member, &self.#member, out);)
        } else {
            quote!(#diff::field_change(#name, &before.#member, &self.#member, out);)
        }
    });
    let names = fields
        .iter()
        .filter(|field| !field.flatten)
        .map(|field| &field.name);
    quote! {
        #[automatically_derived]
        impl #diff::FieldChanges for #ident {
            const FIELDS: &'static [&'static str] = &[#(#names),*];

            fn changes_since(
                &self,
                before: &Self,
                out: &mut ::std::vec::Vec<#diff::FieldChange>,
            ) {
                #(#compares)*
            }
        }
    }
}
