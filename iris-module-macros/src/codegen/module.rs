//! The struct side: `IrisModule` (module info, configuration list, `from_config`), the compile-time
//! checks of every field, and the module's registration.

use crate::model::{DefaultLit, ModuleDef, ModuleKind, ParamDef, PipelineDef};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::spanned::Spanned;

/// Everything generated for a module struct.
pub fn generate(def: &ModuleDef) -> TokenStream {
    let ident = &def.ident;
    let krate = &def.krate;
    let private = super::private();
    let info = module_info(def, &private);
    let from_config = from_config(def, &private);
    let checks = field_checks(def, &private);
    let entry = module_entry(def, &private);
    let params_in_use = params_in_use(def);
    let processor = match def.kind {
        ModuleKind::Processor => quote! {
            #[automatically_derived]
            impl #private::ProcessorModule for #ident {}
        },
        ModuleKind::Pipeline => TokenStream::new(),
    };
    let registration = quote! {
        #private::inventory::submit! {
            #private::ModuleRegistration {
                info: &<#ident as #private::IrisModule>::INFO,
                entry: &<#ident as #private::IrisModule>::ENTRY,
                location: #private::SourceLocation {
                    file: ::core::file!(),
                    line: ::core::line!(),
                    module_path: ::core::module_path!(),
                },
            }
        }
    };
    super::wrap_in_const(
        krate,
        quote! {
            #[automatically_derived]
            impl #private::IrisModule for #ident {
                const INFO: #private::ModuleInfo = #info;
                const ENTRY: #private::ModuleEntry = #entry;
                #from_config
            }
            #processor
            #checks
            #params_in_use
            #registration
        },
    )
}

/// What is emitted instead when the struct had errors: impls that keep other code (the module's
/// hooks, its registration) from reporting follow-on errors.
pub fn fallback(ident: &syn::Ident, krate: &syn::Path, kind: ModuleKind) -> TokenStream {
    let private = super::private();
    let processor = match kind {
        ModuleKind::Processor => quote!(impl #private::ProcessorModule for #ident {}),
        ModuleKind::Pipeline => TokenStream::new(),
    };
    super::wrap_in_const(
        krate,
        quote! {
            #processor
            impl #private::IrisModule for #ident {
                const INFO: #private::ModuleInfo = #private::ModuleInfo::INVALID;
                const ENTRY: #private::ModuleEntry = #private::ModuleEntry::INVALID;
                fn from_config(
                    _: &#private::ModuleConfig,
                ) -> ::core::result::Result<Self, #private::ConfigError> {
                    ::core::unreachable!()
                }
            }
        },
    )
}

fn module_info(def: &ModuleDef, private: &TokenStream) -> TokenStream {
    let ident = &def.ident;
    let name = &def.name;
    let description = &def.description;
    let version = match &def.version {
        Some(lit) => quote!(#lit),
        None => quote!(::core::env!("CARGO_PKG_VERSION")),
    };
    let interface_version = &def.interface_version;
    let kind = match def.kind {
        ModuleKind::Processor => quote!(#private::ModuleKind::Processor),
        ModuleKind::Pipeline => quote!(#private::ModuleKind::Pipeline),
    };
    let params = def.params.iter().map(|param| param_info(param, private));
    quote! {
        #private::ModuleInfo {
            name: #name,
            description: #description,
            module_version: #version,
            interface_version: #interface_version,
            kind: #kind,
            params: &[#(#params),*],
            rust_type: ::core::concat!(::core::module_path!(), "::", ::core::stringify!(#ident)),
        }
    }
}

/// Configuration fields are read by IRIS's forms and `register_hooks` (`enabled_by`) even when no
/// handler reads them: they are marked used, so that `dead_code` does not flag them.
fn params_in_use(def: &ModuleDef) -> TokenStream {
    if def.params.is_empty() {
        return TokenStream::new();
    }
    let ident = &def.ident;
    let fields = def.params.iter().map(|param| &param.field);
    quote! {
        impl #ident {
            #[allow(dead_code)]
            fn __iris_configuration_fields(&self) {
                let _ = (#(&self.#fields,)*);
            }
        }
    }
}

/// `ENTRY`: one call that needs the module's hook handlers (processor) or its `Pipeline` impl
/// (pipeline), so that a missing one is one error, spanned on the module's kind.
fn module_entry(def: &ModuleDef, private: &TokenStream) -> TokenStream {
    let ident = &def.ident;
    match &def.pipeline {
        None => quote!(#private::processor_entry::<#ident>()),
        Some(pipeline) => {
            let PipelineDef {
                internal_name,
                human_name,
                update_support,
                import_support,
                kind_span,
            } = pipeline;
            let call = super::respan(quote!(#private::pipeline_entry::<#ident>), *kind_span);
            quote! {
                #call(#private::PipelineNames {
                    internal_name: #internal_name,
                    human_name: #human_name,
                    update_support: #update_support,
                    import_support: #import_support,
                })
            }
        }
    }
}

fn param_info(param: &ParamDef, private: &TokenStream) -> TokenStream {
    let ParamDef {
        name,
        human_name,
        description,
        mandatory,
        ..
    } = param;
    let field = param.field.to_string();
    let field = field.strip_prefix("r#").unwrap_or(&field);
    let kind = match param.kind {
        Some((kind, _)) => {
            let variant = format_ident!("{}", variant_name(kind));
            quote!(#private::ParamKind::#variant)
        }
        None => {
            let ops = param_ops(param, private);
            quote!(#ops.kind)
        }
    };
    let default = match &param.default {
        None => quote!(#private::DefaultValue::None),
        Some(DefaultLit::Str(lit)) => quote!(#private::DefaultValue::Str(#lit)),
        Some(DefaultLit::Bool(lit)) => quote!(#private::DefaultValue::Bool(#lit)),
        Some(DefaultLit::Int(_, value)) => quote!(#private::DefaultValue::Int(#value)),
        Some(DefaultLit::Float(_, value)) => quote!(#private::DefaultValue::Float(#value)),
    };
    let section = match &param.section {
        Some(section) => quote!(::core::option::Option::Some(#section)),
        None => quote!(::core::option::Option::None),
    };
    quote! {
        #private::ParamInfo {
            name: #name,
            human_name: #human_name,
            description: #description,
            kind: #kind,
            default: #default,
            mandatory: #mandatory,
            section: #section,
            field: #field,
        }
    }
}

/// `textfield_html` becomes `TextfieldHtml`, the runtime's `ParamKind` variant.
pub fn variant_name(kind: &str) -> String {
    kind.split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// `param::<T>()` (or `optional_param` for an optional parameter without a default), spanned on
/// the field type: every use of the type goes through this one call, so a type that cannot hold
/// the parameter gives one error, on the type.
fn param_ops(param: &ParamDef, private: &TokenStream) -> TokenStream {
    let ty = &param.ty;
    let helper = if param.default.is_none() && !param.mandatory {
        quote!(optional_param)
    } else {
        quote!(param)
    };
    super::respan(quote!(#private::#helper::<#ty>()), ty.span())
}

/// Checks of explicit kinds and defaults, each spanned on the user's literal.
fn field_checks(def: &ModuleDef, private: &TokenStream) -> TokenStream {
    let mut checks = Vec::new();
    for param in &def.params {
        let ty = &param.ty;
        if let Some((kind, span)) = param.kind {
            let marker = format_ident!("Holds{}", variant_name(kind));
            checks.push(super::respan(
                require(ty, quote!(#private::kinds::#marker)),
                span,
            ));
        }
        if let Some(default) = &param.default {
            let (marker, span) = default_marker(default);
            checks.push(super::respan(
                require(ty, quote!(#private::defaults::#marker)),
                span,
            ));
        }
    }
    if checks.is_empty() {
        return TokenStream::new();
    }
    quote! {
        fn __iris_field_checks() {
            #(#checks)*
        }
    }
}

/// A block that compiles only when `ty` implements `bound`.
fn require(ty: &syn::Type, bound: TokenStream) -> TokenStream {
    quote!({
        fn __iris_require<T: ?::core::marker::Sized + #bound>() {}
        __iris_require::<#ty>();
    })
}

fn default_marker(default: &DefaultLit) -> (syn::Ident, Span) {
    let (name, span) = match default {
        DefaultLit::Str(lit) => ("FromStrDefault", lit.span()),
        DefaultLit::Bool(lit) => ("FromBoolDefault", lit.span()),
        DefaultLit::Int(expr, _) => ("FromIntDefault", expr.span()),
        DefaultLit::Float(expr, _) => ("FromFloatDefault", expr.span()),
    };
    (syn::Ident::new(name, span), span)
}

fn from_config(def: &ModuleDef, private: &TokenStream) -> TokenStream {
    let plain = def
        .plain_fields
        .iter()
        .map(|(field, ty)| quote!(#field: <#ty as #private::DefaultField>::default_value()));
    let construct = if def.unit {
        quote!(Self)
    } else {
        let fields = def.params.iter().enumerate().map(|(index, param)| {
            let field = &param.field;
            let binding = format_ident!("__iris_p{}", index);
            quote!(#field: #binding)
        });
        quote!(Self { #(#fields,)* #(#plain,)* })
    };
    if def.params.is_empty() {
        return quote! {
            fn from_config(
                _: &#private::ModuleConfig,
            ) -> ::core::result::Result<Self, #private::ConfigError> {
                ::core::result::Result::Ok(#construct)
            }
        };
    }
    let bindings: Vec<_> = (0..def.params.len())
        .map(|index| format_ident!("__iris_p{}", index))
        .collect();
    let reads = def.params.iter().enumerate().map(|(index, param)| {
        let ops = param_ops(param, private);
        let binding = &bindings[index];
        quote! {
            let #binding = (#ops.read)(__iris_config, &__iris_params[#index], &mut __iris_errors);
        }
    });
    quote! {
        fn from_config(
            __iris_config: &#private::ModuleConfig,
        ) -> ::core::result::Result<Self, #private::ConfigError> {
            let __iris_params = <Self as #private::IrisModule>::INFO.params;
            let mut __iris_errors = #private::ConfigErrors::new();
            #(#reads)*
            match (#(#bindings,)*) {
                (#(::core::option::Option::Some(#bindings),)*) => {
                    ::core::result::Result::Ok(#construct)
                }
                _ => ::core::result::Result::Err(__iris_errors.into_error()),
            }
        }
    }
}
