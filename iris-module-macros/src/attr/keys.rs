//! The keys of every attribute, each declared once: adding a key means adding a line here (and
//! using its slot where the model is built).

use super::attribute_keys;
use super::ioc_types::IocTypesValue;
use super::iris_versions::IrisVersionsValue;
use super::limits::{CallLimitValue, TimeoutValue};
use super::values::{CratePath, DefaultLit, Flag, KindValue, ModuleKindValue, PipelineArgsKey};
use syn::{LitBool, LitStr};

attribute_keys! {
    /// `#[iris_module(...)]` on the module struct.
    pub struct ModuleKeys for "iris_module" {
        /// `kind = "processor" | "pipeline"`.
        kind: ModuleKindValue,
        /// IRIS `_module_name`.
        name: LitStr,
        /// The Python class IRIS loads (default: the name plus `Interface`).
        class_name: LitStr,
        /// IRIS `_module_description`.
        description: LitStr,
        /// The module version.
        version: LitStr,
        /// The IRIS interface version.
        interface_version: LitStr,
        /// Where the runtime crate is.
        krate as "crate": CratePath,
        /// `pipeline_internal_name`.
        pipeline_name: LitStr,
        /// `pipeline_human_name`.
        pipeline_human_name: LitStr,
        /// `pipeline_update_support`.
        update_support: LitBool,
        /// `pipeline_import_support`.
        import_support: LitBool,
        /// Never accepted: said to be the `Args` type's fields.
        pipeline_args: PipelineArgsKey,
        /// The most calls of the module's hooks that run at once, across IRIS's workers.
        max_concurrent_calls: CallLimitValue,
        /// The IRIS versions the module runs in (within the framework's).
        iris_versions: IrisVersionsValue,
        /// The objects' relationships are loaded for the handlers.
        load_relations: Flag,
    }
}

attribute_keys! {
    /// `#[iris_module(...)]` on the module's impl block.
    pub struct ImplKeys for "iris_module" {
        /// Where the runtime crate is.
        krate as "crate": CratePath,
    }
}

attribute_keys! {
    /// `#[config_param(...)]` on a field of the module struct.
    pub struct ParamKeys for "config_param" {
        /// IRIS `param_name` (default: the field's name).
        name: LitStr,
        /// IRIS `param_human_name`.
        human_name: LitStr,
        /// IRIS `param_description` (default: the doc comment).
        description: LitStr,
        /// IRIS `default`.
        default: DefaultLit,
        /// IRIS `mandatory`.
        mandatory: Flag,
        /// IRIS `section`.
        section: LitStr,
        /// IRIS `type` (default: the field type's).
        kind: KindValue,
    }
}

attribute_keys! {
    /// The keys after the hook name in `#[hook("...", ...)]`.
    pub struct HookKeys for "hook" {
        /// The menu entry of a manual hook.
        manual_name: LitStr,
        /// Whether IRIS runs the hook in its worker.
        run_async: LitBool,
        /// The `bool` parameter that turns the registration on.
        enabled_by: LitStr,
        /// The hook's time limit (default: the runtime's `DEFAULT_HOOK_TIMEOUT`).
        timeout: TimeoutValue,
        /// The IOC types the handler is given (an IOC hook's; default: all).
        ioc_types: IocTypesValue,
    }
}

attribute_keys! {
    /// `#[chosen_hooks(...)]` on the method that handles the hooks the configuration chooses.
    pub struct ChosenKeys for "chosen_hooks" {
        /// The method of the impl block that chooses the hooks (`fn name(&self) -> ChosenHooks`).
        by: LitStr,
        /// The time limit of each call (default: the runtime's `DEFAULT_HOOK_TIMEOUT`).
        timeout: TimeoutValue,
    }
}

attribute_keys! {
    /// `#[pipeline_arg(...)]` on a field of a `#[derive(PipelineArgs)]` struct.
    pub struct ArgKeys for "pipeline_arg" {
        /// The argument's name in IRIS.
        name: LitStr,
    }
}

attribute_keys! {
    /// `#[pipeline_args(...)]` on a `#[derive(PipelineArgs)]` struct.
    pub struct ArgsKeys for "pipeline_args" {
        /// Where the runtime crate is.
        krate as "crate": CratePath,
    }
}

attribute_keys! {
    /// `#[field_changes(...)]` on one of the runtime's object types.
    pub struct FieldChangesKeys for "field_changes" {
        /// Where the runtime crate is.
        krate as "crate": CratePath,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ctxt::Ctxt;

    /// Reads one `#[config_param(...)]` through the table.
    fn param_keys(attr: syn::Attribute) -> (ParamKeys, Vec<String>) {
        let cx = Ctxt::new();
        let mut keys = ParamKeys::default();
        crate::parse::read_helper(&attr, &cx, |key, input, cx| keys.read(key, input, cx));
        let messages = cx.messages();
        (keys, messages)
    }

    #[test]
    fn reads_every_key_and_reports_each_mistake_once() {
        let (keys, messages) = param_keys(syn::parse_quote! {
            #[config_param(name = "vt_key", human_name = "VT key", kind = "sensitiv_string",
                           default = 3, mandatory, sectoin = "Main", name = "again", mandatroy)]
        });
        assert_eq!(keys.name.value().unwrap().value(), "vt_key");
        assert_eq!(keys.human_name.value().unwrap().value(), "VT key");
        assert!(keys.mandatory.value().unwrap().0);
        assert!(matches!(keys.default.value(), Some(DefaultLit::Int(_, 3))));
        assert!(matches!(keys.kind, crate::attr::Slot::Invalid(_)));
        assert_eq!(keys.unknown, ["sectoin", "mandatroy"]);
        assert_eq!(
            messages,
            [
                "unknown configuration type `sensitiv_string`\n  = help: did you mean `sensitive_string`?",
                "unknown config_param argument `sectoin`\n  = help: did you mean `section`?",
                "duplicate config_param argument `name`",
                "unknown config_param argument `mandatroy`\n  = help: did you mean `mandatory`?",
            ]
        );
    }

    #[test]
    fn negative_and_unsigned_numbers_are_defaults() {
        let (keys, messages) = param_keys(syn::parse_quote!(#[config_param(default = -2.5)]));
        assert!(messages.is_empty(), "{messages:?}");
        assert!(matches!(keys.default.value(), Some(DefaultLit::Float(_, v)) if *v == -2.5));
        let (keys, messages) =
            param_keys(syn::parse_quote!(#[config_param(default = 18446744073709551615)]));
        assert!(messages.is_empty(), "{messages:?}");
        assert!(
            matches!(keys.default.value(), Some(DefaultLit::Int(_, v)) if *v == i128::from(u64::MAX))
        );
    }

    #[test]
    fn a_key_without_its_value_is_named() {
        let (keys, messages) = param_keys(syn::parse_quote!(#[config_param(section, mandatory)]));
        assert!(matches!(keys.section, crate::attr::Slot::Invalid(_)));
        assert!(keys.mandatory.value().unwrap().0);
        assert_eq!(messages, ["expected `section = ...`"]);
    }
}
