//! Unit tests of the whole expansion on `parse_quote!` input: accumulation of errors, re-emission
//! of the item, checks across methods, and a golden expansion.

use crate::ctxt::Ctxt;
use crate::expand::iris_module;
use crate::parse::impl_block;
use proc_macro2::TokenStream;
use quote::quote;

/// The `compile_error!` messages in an expansion.
fn compile_errors(output: &TokenStream) -> Vec<String> {
    let file: syn::File = syn::parse2(output.clone()).expect("the expansion parses as items");
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Macro(mac)
                if mac
                    .mac
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "compile_error") =>
            {
                let lit: syn::LitStr = mac.mac.parse_body().ok()?;
                Some(lit.value())
            }
            _ => None,
        })
        .collect()
}

fn hooks_errors(item: syn::ItemImpl) -> Vec<String> {
    let mut item = item;
    let cx = Ctxt::new();
    let mut def = impl_block::parse(TokenStream::new(), &mut item, &cx);
    crate::check::check_hooks(&mut def, &cx);
    cx.messages()
}

#[test]
fn reports_every_mistake_of_a_struct_and_re_emits_it() {
    let output = iris_module(
        quote!(kind = "procesor", nme = "X"),
        quote! {
            pub struct Module {
                #[config_param(sectoin = "Main")]
                tag: String,
                #[config_param(kind = "html")]
                other: String,
            }
        },
    );
    let errors = compile_errors(&output);
    assert_eq!(errors.len(), 4, "{errors:#?}");
    assert!(errors[0].contains("did you mean `processor`"));
    assert!(errors[1].contains("did you mean `name`"));
    assert!(errors[2].contains("did you mean `section`"));
    assert!(errors[3].contains("unknown configuration type `html`"));
    let file: syn::File = syn::parse2(output).unwrap();
    let structs: Vec<_> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some(s),
            _ => None,
        })
        .collect();
    assert_eq!(structs.len(), 1, "the struct is emitted again");
    assert!(
        structs[0].fields.iter().all(|f| f.attrs.is_empty()),
        "without its helper attributes"
    );
}

#[test]
fn a_valid_module_expands_without_errors() {
    let output = iris_module(
        quote!(kind = "processor"),
        quote! {
            pub struct Module {
                #[config_param(default = 1)]
                limit: i64,
            }
        },
    );
    assert!(compile_errors(&output).is_empty());
    let text = output.to_string();
    assert!(text.contains("inventory :: submit !"), "{text}");
}

#[test]
fn rejects_duplicate_hooks_and_mismatched_data() {
    let errors = hooks_errors(syn::parse_quote! {
        impl Module {
            #[hook("on_postload_ioc_create")]
            #[hook("on_postload_asset_create")]
            fn a(&self, ctx: &mut HookContext, iocs: &mut [Ioc]) -> HookResult { Ok(()) }
            #[hook("on_postload_ioc_create")]
            fn b(&self, ctx: &mut HookContext, iocs: &mut [Asset]) -> HookResult { Ok(()) }
        }
    });
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(errors[0].contains("one method handles hooks of one data type"));
    assert!(errors[1].contains("passes `Ioc` objects, not `Asset`"));
    assert!(errors[2].contains("already handled by `a`"));
}

#[test]
fn allows_one_manual_hook_under_several_menu_names() {
    let errors = hooks_errors(syn::parse_quote! {
        impl Module {
            #[hook("on_manual_trigger_ioc", manual_name = "Quick")]
            fn a(&self, ctx: &mut HookContext, iocs: &mut [Ioc]) -> HookResult { Ok(()) }
            #[hook("on_manual_trigger_ioc", manual_name = "Deep")]
            fn b(&self, ctx: &mut HookContext, iocs: &mut [Ioc]) -> HookResult { Ok(()) }
        }
    });
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn never_panics_on_odd_input() {
    let inputs = [
        (quote!(), quote!()),
        (quote!(kind), quote!(struct)),
        (
            quote!(= = =),
            quote!(
                pub struct M;
            ),
        ),
        (
            quote!(kind = "processor"),
            quote!(impl M { #[hook(1 + )] fn f() {} }),
        ),
        (
            quote!(kind = "processor"),
            quote!(
                const X: u8 = 1;
            ),
        ),
        (quote!(crate = 3), quote!(impl M {})),
    ];
    for (args, item) in inputs {
        let _ = iris_module(args, item);
    }
}

/// The expansion of the example module, pretty-printed, is checked in at
/// `tests/expand/reputation.expanded.rs`. After an intended change, regenerate it with
/// `IRIS_BLESS=1 cargo test -p iris-module-macros` and review the diff.
#[test]
fn golden_expansion() {
    let module = iris_module(
        quote!(
            kind = "processor",
            name = "IrisReputation",
            version = "0.1.0",
            max_concurrent_calls = 4,
            iris_versions = ">=2.4, <2.6"
        ),
        quote! {
            /// Enriches IOCs with reputation data.
            pub struct Reputation {
                /// API key used for the lookups
                #[config_param(human_name = "API key", mandatory)]
                api_key: Secret,
                #[config_param(default = true, section = "Behaviour")]
                tag_malicious: bool,
                #[config_param(default = 30)]
                threshold: i64,
                #[config_param(kind = "textfield_html", default = "<b>{{ score }}</b>")]
                report_template: String,
                client: Option<SomeClient>,
            }
        },
    );
    let hooks = iris_module(
        TokenStream::new(),
        quote! {
            impl Reputation {
                #[hook("on_postload_ioc_create")]
                #[hook("on_postload_ioc_update")]
                #[hook("on_manual_trigger_ioc", manual_name = "Get reputation", timeout = "10m")]
                fn enrich(&self, ctx: &mut HookContext, iocs: &mut [Ioc]) -> HookResult {
                    Ok(())
                }

                #[hook("on_preload_asset_create")]
                fn check_asset(&self, ctx: &mut HookContext, assets: &mut [RequestBody]) -> HookResult {
                    Ok(())
                }
            }
        },
    );
    let file: syn::File = syn::parse2(quote!(#module #hooks)).unwrap();
    let actual = prettyplease::unparse(&file);
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/expand/reputation.expanded.rs"
    );
    if std::env::var_os("IRIS_BLESS").is_some() {
        std::fs::write(path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        actual == expected,
        "the expansion changed; if intended, run with IRIS_BLESS=1 and review the diff.\n{actual}"
    );
}
