/// Enriches IOCs with reputation data.
pub struct Reputation {
    /// API key used for the lookups
    api_key: Secret,
    tag_malicious: bool,
    threshold: i64,
    report_template: String,
    client: Option<SomeClient>,
}
#[doc(hidden)]
#[allow(non_upper_case_globals, unused_qualifications)]
const _: () = {
    use ::iris_module_core as __iris_krate;
    #[automatically_derived]
    impl __iris_krate::__private::IrisModule for Reputation {
        const INFO: __iris_krate::__private::ModuleInfo = __iris_krate::__private::ModuleInfo {
            name: "IrisReputation",
            description: "Enriches IOCs with reputation data.",
            module_version: "0.1.0",
            interface_version: "1.2.0",
            kind: __iris_krate::__private::ModuleKind::Processor,
            params: &[
                __iris_krate::__private::ParamInfo {
                    name: "api_key",
                    human_name: "API key",
                    description: "API key used for the lookups",
                    kind: __IRIS_PARAM_OPS_0.kind,
                    default: __iris_krate::__private::DefaultValue::None,
                    mandatory: true,
                    section: ::core::option::Option::None,
                    field: "api_key",
                },
                __iris_krate::__private::ParamInfo {
                    name: "tag_malicious",
                    human_name: "Tag malicious",
                    description: "Tag malicious",
                    kind: __IRIS_PARAM_OPS_1.kind,
                    default: __iris_krate::__private::DefaultValue::Bool(true),
                    mandatory: false,
                    section: ::core::option::Option::Some("Behaviour"),
                    field: "tag_malicious",
                },
                __iris_krate::__private::ParamInfo {
                    name: "threshold",
                    human_name: "Threshold",
                    description: "Threshold",
                    kind: __IRIS_PARAM_OPS_2.kind,
                    default: __iris_krate::__private::DefaultValue::Int(30i64),
                    mandatory: false,
                    section: ::core::option::Option::None,
                    field: "threshold",
                },
                __iris_krate::__private::ParamInfo {
                    name: "report_template",
                    human_name: "Report template",
                    description: "Report template",
                    kind: __iris_krate::__private::ParamKind::TextfieldHtml,
                    default: __iris_krate::__private::DefaultValue::Str(
                        "<b>{{ score }}</b>",
                    ),
                    mandatory: false,
                    section: ::core::option::Option::None,
                    field: "report_template",
                },
            ],
            rust_type: ::core::concat!(
                ::core::module_path!(), "::", ::core::stringify!(Reputation)
            ),
            max_concurrent_calls: ::core::option::Option::Some(4u32),
            iris_versions: ::core::option::Option::Some(">=2.4, <2.6"),
            class_name: ::core::option::Option::None,
            load_relations: false,
        };
        fn from_config(
            __iris_config: &__iris_krate::__private::ModuleConfig,
        ) -> ::core::result::Result<Self, __iris_krate::__private::ConfigError> {
            let __iris_params = <Self as __iris_krate::__private::IrisModule>::INFO
                .params;
            let mut __iris_errors = __iris_krate::__private::ConfigErrors::new();
            let __iris_p0 = (__IRIS_PARAM_OPS_0
                .read)(
                __iris_config,
                &__iris_params[0usize],
                ::core::option::Option::None,
                &mut __iris_errors,
            );
            let __iris_p1 = (__IRIS_PARAM_OPS_1
                .read)(
                __iris_config,
                &__iris_params[1usize],
                ::core::option::Option::Some(|| <bool as __iris_krate::__private::defaults::BoolDefault>::from_literal(
                    true,
                )),
                &mut __iris_errors,
            );
            let __iris_p2 = (__IRIS_PARAM_OPS_2
                .read)(
                __iris_config,
                &__iris_params[2usize],
                ::core::option::Option::Some(|| <i64 as __iris_krate::__private::defaults::IntDefault>::from_literal(
                    30,
                )),
                &mut __iris_errors,
            );
            let __iris_p3 = (__IRIS_PARAM_OPS_3
                .read)(
                __iris_config,
                &__iris_params[3usize],
                ::core::option::Option::Some(|| <String as __iris_krate::__private::defaults::StrDefault>::from_literal(
                    "<b>{{ score }}</b>",
                )),
                &mut __iris_errors,
            );
            match (__iris_p0, __iris_p1, __iris_p2, __iris_p3) {
                (
                    ::core::option::Option::Some(__iris_p0),
                    ::core::option::Option::Some(__iris_p1),
                    ::core::option::Option::Some(__iris_p2),
                    ::core::option::Option::Some(__iris_p3),
                ) => {
                    ::core::result::Result::Ok(Self {
                        api_key: __iris_p0,
                        tag_malicious: __iris_p1,
                        threshold: __iris_p2,
                        report_template: __iris_p3,
                        client: <Option<
                            SomeClient,
                        > as __iris_krate::__private::DefaultField>::default_value(),
                    })
                }
                _ => ::core::result::Result::Err(__iris_errors.into_error()),
            }
        }
    }
    #[automatically_derived]
    impl __iris_krate::__private::RegisteredModule for Reputation {
        const ENTRY: __iris_krate::__private::ModuleEntry = {
            const fn __iris_entry<
                M: __iris_krate::__private::IrisModule
                    + __iris_krate::__private::HookHandlers + ::core::marker::Send
                    + ::core::marker::Sync,
            >() -> __iris_krate::__private::ModuleEntry {
                __iris_krate::__private::processor_entry::<M>()
            }
            __iris_entry::<Reputation>()
        };
    }
    #[automatically_derived]
    impl __iris_krate::__private::ProcessorModule for Reputation {}
    const __IRIS_PARAM_OPS_0: __iris_krate::__private::ParamOps<Secret> = {
        const fn __iris_ops<T: __iris_krate::__private::ConfigValue>() -> __iris_krate::__private::ParamOps<
            T,
        > {
            __iris_krate::__private::param::<T>()
        }
        __iris_ops::<Secret>()
    };
    const __IRIS_PARAM_OPS_1: __iris_krate::__private::ParamOps<bool> = {
        const fn __iris_ops<T: __iris_krate::__private::ConfigValue>() -> __iris_krate::__private::ParamOps<
            T,
        > {
            __iris_krate::__private::param::<T>()
        }
        __iris_ops::<bool>()
    };
    const __IRIS_PARAM_OPS_2: __iris_krate::__private::ParamOps<i64> = {
        const fn __iris_ops<T: __iris_krate::__private::ConfigValue>() -> __iris_krate::__private::ParamOps<
            T,
        > {
            __iris_krate::__private::param::<T>()
        }
        __iris_ops::<i64>()
    };
    const __IRIS_PARAM_OPS_3: __iris_krate::__private::ParamOps<String> = {
        const fn __iris_ops<T: __iris_krate::__private::ConfigValue>() -> __iris_krate::__private::ParamOps<
            T,
        > {
            __iris_krate::__private::param::<T>()
        }
        __iris_ops::<String>()
    };
    fn __iris_field_checks() {
        let _: () = <String as __iris_krate::__private::kinds::HoldsTextfieldHtml>::CHECKED;
    }
    impl Reputation {
        #[allow(dead_code)]
        fn __iris_configuration_fields(&self) {
            let _ = (
                &self.api_key,
                &self.tag_malicious,
                &self.threshold,
                &self.report_template,
            );
        }
    }
    __iris_krate::__private::inventory::submit! {
        __iris_krate::__private::ModuleRegistration { info : & < Reputation as
        __iris_krate::__private::IrisModule > ::INFO, entry : & < Reputation as
        __iris_krate::__private::RegisteredModule > ::ENTRY, location :
        __iris_krate::__private::SourceLocation { file : ::core::file!(), line :
        ::core::line!(), module_path : ::core::module_path!(), }, }
    }
};
#[doc(hidden)]
#[allow(non_camel_case_types, dead_code)]
struct iris_module_named_IrisReputation;
impl Reputation {
    fn enrich(&self, ctx: &mut HookContext, iocs: &mut [Ioc]) -> HookResult {
        Ok(())
    }
    fn check_asset(
        &self,
        ctx: &mut HookContext,
        assets: &mut [RequestBody],
    ) -> HookResult {
        Ok(())
    }
}
#[doc(hidden)]
#[allow(non_upper_case_globals, unused_qualifications)]
const _: () = {
    use ::iris_module_core as __iris_krate;
    const _: () = {
        const fn __iris_processor<M: __iris_krate::__private::ProcessorModule>() {}
        __iris_processor::<Reputation>()
    };
    const __IRIS_HOOKS: [__iris_krate::__private::HookRegistration; 4usize] = [
        __iris_krate::__private::HookRegistration {
            hook: "on_postload_ioc_create",
            manual_name: ::core::option::Option::None,
            run_asynchronously: true,
            handler: "enrich",
            enabled_by: ::core::option::Option::None,
            timeout: ::core::option::Option::None,
            ioc_types: &[],
        },
        __iris_krate::__private::HookRegistration {
            hook: "on_postload_ioc_update",
            manual_name: ::core::option::Option::None,
            run_asynchronously: true,
            handler: "enrich",
            enabled_by: ::core::option::Option::None,
            timeout: ::core::option::Option::None,
            ioc_types: &[],
        },
        __iris_krate::__private::HookRegistration {
            hook: "on_manual_trigger_ioc",
            manual_name: ::core::option::Option::Some("Get reputation"),
            run_asynchronously: true,
            handler: "enrich",
            enabled_by: ::core::option::Option::None,
            timeout: ::core::option::Option::Some(
                ::core::time::Duration::from_millis(600000u64),
            ),
            ioc_types: &[],
        },
        __iris_krate::__private::HookRegistration {
            hook: "on_preload_asset_create",
            manual_name: ::core::option::Option::None,
            run_asynchronously: false,
            handler: "check_asset",
            enabled_by: ::core::option::Option::None,
            timeout: ::core::option::Option::None,
            ioc_types: &[],
        },
    ];
    #[automatically_derived]
    impl __iris_krate::__private::OnlyOneIrisModuleImplBlock for Reputation {
        const HOOKS: &'static [__iris_krate::__private::HookRegistration] = &__IRIS_HOOKS;
        fn dispatch(
            &self,
            __iris_ctx: &mut __iris_krate::__private::HookContext,
            __iris_payload: &mut __iris_krate::__private::HookPayload,
        ) -> __iris_krate::__private::Status {
            match (__iris_ctx.hook_name(), __iris_payload) {
                (
                    "on_postload_ioc_create" | "on_postload_ioc_update"
                    | "on_manual_trigger_ioc",
                    __iris_krate::__private::HookPayload::Ioc(__iris_data),
                ) => {
                    let __iris_result = Self::enrich(
                        self,
                        __iris_ctx,
                        __iris_data.as_mut_slice(),
                    );
                    __iris_krate::__private::IntoStatus::into_status(__iris_result)
                }
                (
                    "on_preload_asset_create",
                    __iris_krate::__private::HookPayload::RequestBody(__iris_data),
                ) => {
                    let __iris_result = Self::check_asset(
                        self,
                        __iris_ctx,
                        __iris_data.as_mut_slice(),
                    );
                    __iris_krate::__private::IntoStatus::into_status(__iris_result)
                }
                (_, __iris_payload) => {
                    __iris_krate::__private::not_dispatched(
                        __iris_ctx,
                        __iris_payload,
                        <Self as __iris_krate::__private::OnlyOneIrisModuleImplBlock>::HOOKS,
                    )
                }
            }
        }
    }
};
