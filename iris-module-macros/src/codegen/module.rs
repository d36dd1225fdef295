//! The struct side: `IrisModule` (module info, configuration list, `from_config`), the compile-time
//! checks of every field, and the module's registration.

use crate::attr::values::DefaultLit;
use crate::model::{ModuleDef, ModuleKind, ParamDef, PipelineDef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};

/// Everything generated for a module struct.
pub fn generate(def: &ModuleDef) -> TokenStream {
    let ident = &def.ident;
    let krate = &def.krate();
    let private = super::private();
    let info = module_info(def, &private);
    let from_config = from_config(def, &private);
    let checks = field_checks(def, &private);
    let entry = module_entry(def, &private);
    let params_in_use = params_in_use(def);
    let param_ops = param_ops_consts(def, &private);
    let processor = match def.kind() {
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
                entry: &<#ident as #private::RegisteredModule>::ENTRY,
                location: #private::SourceLocation {
                    file: ::core::file!(),
                    line: ::core::line!(),
                    module_path: ::core::module_path!(),
                },
            }
        }
    };
    let name_marker = name_marker(def);
    let generated = super::wrap_in_const(
        krate,
        quote! {
            #[automatically_derived]
            impl #private::IrisModule for #ident {
                const INFO: #private::ModuleInfo = #info;
                #from_config
            }
            #[automatically_derived]
            impl #private::RegisteredModule for #ident {
                const ENTRY: #private::ModuleEntry = #entry;
            }
            #processor
            #param_ops
            #checks
            #params_in_use
            #registration
        },
    );
    quote!(#generated #name_marker)
}

/// An item named after the module's IRIS name, spanned on the name: two modules of one Rust
/// module with the same name are then an error on the second, "the name
/// `iris_module_named_X` is defined multiple times", where IRIS would otherwise only find out
/// at load (and the registry at run time, across Rust modules). Characters an identifier
/// cannot hold are written as `_` and six hex digits of their code (fixed width: `\u{1}a` and
/// `\u{1a}` must not both read `_1a`), so distinct names stay distinct.
fn name_marker(def: &ModuleDef) -> TokenStream {
    let name = def.name();
    let mut encoded = String::new();
    for character in name.chars() {
        if character.is_ascii_alphanumeric() {
            encoded.push(character);
        } else {
            encoded.push_str(&format!("_{:06x}", u32::from(character)));
        }
    }
    let span = def.name_span();
    let marker = proc_macro2::Ident::new(&format!("iris_module_named_{encoded}"), span);
    quote_spanned! {span=>
        #[doc(hidden)]
        #[allow(non_camel_case_types, dead_code)]
        struct #marker;
    }
}

/// What is emitted instead when the struct had errors: impls that keep other code (the module's
/// hooks, its registration) from reporting follow-on errors.
pub fn fallback(def: &ModuleDef) -> TokenStream {
    let (ident, krate) = (&def.ident, &def.krate());
    let private = super::private();
    let processor = match def.kind() {
        ModuleKind::Processor => quote!(impl #private::ProcessorModule for #ident {}),
        ModuleKind::Pipeline => TokenStream::new(),
    };
    super::wrap_in_const(
        krate,
        quote! {
            #processor
            impl #private::RegisteredModule for #ident {
                const ENTRY: #private::ModuleEntry = #private::ModuleEntry::Invalid;
            }
            impl #private::IrisModule for #ident {
                const INFO: #private::ModuleInfo = #private::ModuleInfo::INVALID;
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
    let name = def.name();
    let description = def.description();
    let version = match def.version() {
        Some(lit) => quote!(#lit),
        None => quote!(::core::env!("CARGO_PKG_VERSION")),
    };
    let interface_version = def.interface_version();
    let kind = match def.kind() {
        ModuleKind::Processor => quote!(#private::ModuleKind::Processor),
        ModuleKind::Pipeline => quote!(#private::ModuleKind::Pipeline),
    };
    let params = def
        .params
        .iter()
        .enumerate()
        .map(|(index, param)| param_info(index, param, private));
    let max_concurrent_calls = match def.max_concurrent_calls() {
        Some(limit) => quote!(::core::option::Option::Some(#limit)),
        None => quote!(::core::option::Option::None),
    };
    let class_name = match def.class_name() {
        Some(class) => quote!(::core::option::Option::Some(#class)),
        None => quote!(::core::option::Option::None),
    };
    let load_relations = def.load_relations();
    let iris_versions = match def.iris_versions() {
        Some(range) => quote!(::core::option::Option::Some(#range)),
        None => quote!(::core::option::Option::None),
    };
    quote! {
        #private::ModuleInfo {
            name: #name,
            description: #description,
            module_version: #version,
            interface_version: #interface_version,
            kind: #kind,
            params: &[#(#params),*],
            rust_type: ::core::concat!(::core::module_path!(), "::", ::core::stringify!(#ident)),
            max_concurrent_calls: #max_concurrent_calls,
            iris_versions: #iris_versions,
            class_name: #class_name,
            load_relations: #load_relations,
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
    match def.pipeline() {
        None => {
            // The bound is written here, in the user's crate, so that the error's last note is
            // on the struct rather than inside the runtime.
            let call = super::respan(quote!(__iris_entry::<#ident>), ident.span());
            quote! {{
                const fn __iris_entry<
                    M: #private::IrisModule + #private::HookHandlers + ::core::marker::Send
                        + ::core::marker::Sync,
                >() -> #private::ModuleEntry {
                    #private::processor_entry::<M>()
                }
                #call()
            }}
        }
        Some(pipeline) => {
            let PipelineDef {
                internal_name,
                human_name,
                kind_span,
            } = pipeline;
            let call = super::respan(quote!(__iris_entry::<#ident>), kind_span);
            quote! {{
                const fn __iris_entry<M: #private::Pipeline>(
                    names: #private::PipelineNames,
                ) -> #private::ModuleEntry {
                    #private::pipeline_entry::<M>(names)
                }
                #call(#private::PipelineNames {
                    internal_name: #internal_name,
                    human_name: #human_name,
                })
            }}
        }
    }
}

fn param_info(index: usize, param: &ParamDef, private: &TokenStream) -> TokenStream {
    let name = param.name();
    let human_name = param.human_name();
    let description = param.description();
    let mandatory = param.mandatory();
    let field = crate::attr::unraw(&param.field);
    let kind = match param.kind() {
        Some((kind, _)) => {
            let variant = format_ident!("{}", kind.variant_name());
            quote!(#private::ParamKind::#variant)
        }
        None => {
            let ops = param_ops(index);
            quote!(#ops.kind)
        }
    };
    let default = match param.default() {
        None => quote!(#private::DefaultValue::None),
        Some(DefaultLit::Str(lit)) => quote!(#private::DefaultValue::Str(#lit)),
        Some(DefaultLit::Bool(lit)) => quote!(#private::DefaultValue::Bool(#lit)),
        Some(DefaultLit::Int(_, value)) => match i64::try_from(*value) {
            Ok(value) => quote!(#private::DefaultValue::Int(#value)),
            Err(_) => {
                let value = u64::try_from(*value).unwrap_or(u64::MAX);
                quote!(#private::DefaultValue::UInt(#value))
            }
        },
        Some(DefaultLit::Float(_, value)) => quote!(#private::DefaultValue::Float(#value)),
        Some(DefaultLit::IncludeStr(mac)) => quote!(#private::DefaultValue::Str(#mac)),
    };
    let section = match param.section() {
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

/// `const __IRIS_PARAM_OPS_<n>`: how each parameter is read, from `param::<T>()` (or
/// `optional_param` for an optional parameter without a default): every use of the field type
/// goes through this one constant, so a type that cannot hold the parameter gives one error.
fn param_ops_consts(def: &ModuleDef, private: &TokenStream) -> TokenStream {
    def.params
        .iter()
        .enumerate()
        .map(|(index, param)| {
            let (helper, bound) = if param.default().is_none() && !param.mandatory() {
                (quote!(optional_param), quote!(OptionalValue))
            } else {
                (quote!(param), quote!(ConfigValue))
            };
            super::field_ops_const(
                &param_ops(index),
                &param.ty,
                quote!(#private::ParamOps),
                quote!(#private::#helper),
                quote!(#private::#bound),
            )
        })
        .collect()
}

/// The name of parameter `index`'s [`param_ops_consts`] constant.
fn param_ops(index: usize) -> syn::Ident {
    format_ident!("__IRIS_PARAM_OPS_{}", index)
}

/// Checks of explicit kinds, each spanned on the user's literal: `<Field as HoldsX>::CHECKED`
/// names the kind's check trait (from the vocabulary), so a field that cannot hold the kind is
/// one error ending with the fix.
fn field_checks(def: &ModuleDef, private: &TokenStream) -> TokenStream {
    let checks: Vec<TokenStream> = def
        .params
        .iter()
        .filter_map(|param| {
            let (kind, span) = param.kind()?;
            let ty = &param.ty;
            let check = format_ident!("{}", kind.check_trait());
            Some(super::respan(
                quote!(let _: () = <#ty as #private::kinds::#check>::CHECKED;),
                span,
            ))
        })
        .collect();
    if checks.is_empty() {
        return TokenStream::new();
    }
    quote! {
        fn __iris_field_checks() {
            #(#checks)*
        }
    }
}

/// The typed value of a parameter's `default = ...`: the literal given to the field type's
/// default trait, spanned on the literal, so the compiler checks the literal against the field.
fn typed_default(param: &ParamDef, private: &TokenStream) -> TokenStream {
    // A secret's default is refused by the check; generating it too would add a second error.
    let Some(default) = param.default().filter(|_| !param.holds("Secret")) else {
        return quote!(::core::option::Option::None);
    };
    let ty = &param.ty;
    let (check, literal) = match default {
        DefaultLit::Str(lit) => (quote!(StrDefault), quote!(#lit)),
        DefaultLit::Bool(lit) => (quote!(BoolDefault), quote!(#lit)),
        DefaultLit::Int(expr, _) => (quote!(IntDefault), quote!(#expr)),
        DefaultLit::Float(expr, _) => (quote!(FloatDefault), quote!(#expr)),
        DefaultLit::IncludeStr(mac) => (quote!(StrDefault), quote!(#mac)),
    };
    let call = super::respan(
        quote!(<#ty as #private::defaults::#check>::from_literal),
        default.span(),
    );
    quote!(::core::option::Option::Some(|| #call(#literal)))
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
        let ops = param_ops(index);
        let default = typed_default(param, private);
        let binding = &bindings[index];
        quote! {
            let #binding = (#ops.read)(
                __iris_config,
                &__iris_params[#index],
                #default,
                &mut __iris_errors,
            );
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
