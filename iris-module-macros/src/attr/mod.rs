//! Attribute arguments: each attribute's keys are declared once, in `keys.rs`, as a table that
//! gives every key its slot and its kind of value; reading, duplicate and unknown-key errors, and
//! did-you-mean suggestions all come from that table.

pub mod ioc_types;
pub mod iris_versions;
pub mod keys;
pub mod limits;
pub mod values;

use crate::ctxt::Ctxt;
use syn::Path;
use syn::parse::ParseStream;

/// What an attribute said about one key.
#[derive(Default)]
pub enum Slot<T> {
    /// The key was not written.
    #[default]
    Absent,
    /// The key was written, with a value that could not be used (already reported).
    Invalid(Path),
    /// The key was written with a usable value.
    Set(Path, T),
}

impl<T> Slot<T> {
    /// The value, if the key was written with a usable one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Slot::Set(_, value) => Some(value),
            _ => None,
        }
    }

    /// The key as written, if it was.
    pub fn key(&self) -> Option<&Path> {
        match self {
            Slot::Absent => None,
            Slot::Invalid(key) | Slot::Set(key, _) => Some(key),
        }
    }

    /// Whether the key was written at all.
    pub fn is_written(&self) -> bool {
        !matches!(self, Slot::Absent)
    }
}

impl<T: AttrValue> Slot<T> {
    /// Reads the value after `key` into the slot; a second setting is reported on its key (and
    /// its value still read, so later keys are checked).
    pub fn read(&mut self, key: &Path, input: ParseStream, attribute: &str, cx: &Ctxt) {
        let value = T::read(key, input, cx);
        if self.is_written() {
            cx.spanned(
                key,
                format!("duplicate {attribute} argument `{}`", path_key(key)),
            );
            return;
        }
        *self = match value {
            Some(value) => Slot::Set(key.clone(), value),
            None => Slot::Invalid(key.clone()),
        };
    }
}

/// A kind of attribute value: how it is read after its key.
pub trait AttrValue: Sized {
    /// Reads the value following `key` (`= value`, or nothing for a flag); `None` when it is
    /// unusable, the reason recorded in `cx`.
    fn read(key: &Path, input: ParseStream, cx: &Ctxt) -> Option<Self>;
}

/// Declares the keys of one attribute: a struct with a [`Slot`] per key, the list of key names
/// (for did-you-mean suggestions) and the reader that routes each key to its slot.
macro_rules! attribute_keys {
    (
        $(#[$doc:meta])*
        pub struct $name:ident for $attribute:literal {
            $($(#[$key_doc:meta])* $key:ident $(as $spelled:literal)?: $value:ty,)*
        }
    ) => {
        $(#[$doc])*
        #[derive(Default)]
        pub struct $name {
            $($(#[$key_doc])* pub $key: $crate::attr::Slot<$value>,)*
            /// The unknown keys written (already reported), for checks that would otherwise
            /// report a misspelt key a second time as missing.
            pub unknown: Vec<String>,
        }

        impl $name {
            /// Every key, as written in the attribute.
            pub const KEYS: &'static [&'static str] =
                &[$(attribute_keys!(@spelling $key $($spelled)?),)*];

            /// Reads `key` and its value into its slot. An unknown key is reported with the
            /// closest known one; its value is skipped so later keys are still read.
            pub fn read(
                &mut self,
                key: &syn::Path,
                input: syn::parse::ParseStream,
                cx: &$crate::ctxt::Ctxt,
            ) {
                let spelled = $crate::attr::path_key(key);
                $(
                    if spelled == attribute_keys!(@spelling $key $($spelled)?) {
                        self.$key.read(key, input, $attribute, cx);
                        return;
                    }
                )*
                self.unknown.push(spelled);
                $crate::attr::unknown_key(key, input, $attribute, Self::KEYS, cx);
            }
        }
    };
    (@spelling $key:ident $spelled:literal) => { $spelled };
    (@spelling $key:ident) => { stringify!($key) };
}
pub(crate) use attribute_keys;

/// Reports an unknown key of `attribute` with a did-you-mean, then skips its value.
pub fn unknown_key(key: &Path, input: ParseStream, attribute: &str, keys: &[&str], cx: &Ctxt) {
    let spelled = path_key(key);
    cx.spanned(
        key,
        format!(
            "unknown {attribute} argument `{spelled}`{}",
            crate::suggest::help(&spelled, keys)
        ),
    );
    skip_value(input);
}

/// Skips `= value` or `(...)` after a key, so that later keys are still read.
pub fn skip_value(input: ParseStream) {
    if input.peek(syn::Token![=]) {
        let _ = input.parse::<syn::Token![=]>();
        let _ = input.parse::<syn::Expr>();
    } else if input.peek(syn::token::Paren) {
        let _ = input.parse::<proc_macro2::TokenTree>();
    }
}

/// Reads `key = value, ...` arguments from `input` into `keys` with `read`.
pub fn read_list(
    input: ParseStream,
    cx: &Ctxt,
    mut read: impl FnMut(&Path, ParseStream, &Ctxt),
) -> syn::Result<()> {
    while !input.is_empty() {
        let key = parse_key(input)?;
        read(&key, input, cx);
        if input.is_empty() {
            break;
        }
        input.parse::<syn::Token![,]>()?;
    }
    Ok(())
}

/// A key: an identifier (keywords such as `crate` included) or a `::` path of them.
pub fn parse_key(input: ParseStream) -> syn::Result<Path> {
    use syn::ext::IdentExt;
    if !input.peek(syn::Ident::peek_any) {
        return Err(input.error("expected an argument name, as in `key = value`"));
    }
    let mut segments = syn::punctuated::Punctuated::new();
    loop {
        segments.push_value(syn::PathSegment::from(syn::Ident::parse_any(input)?));
        if !input.peek(syn::Token![::]) {
            break;
        }
        segments.push_punct(input.parse()?);
    }
    Ok(Path {
        leading_colon: None,
        segments,
    })
}

/// A key path as the user wrote it (`kind`, `crate`, `a::b`), for messages and matching.
pub fn path_key(path: &Path) -> String {
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

/// The name of a field or type as IRIS sees it: without the `r#` of a raw identifier.
pub fn unraw(ident: &syn::Ident) -> String {
    use syn::ext::IdentExt;
    ident.unraw().to_string()
}
