//! The generated code must not depend on the user's prelude or names: everything it uses is
//! reached through absolute paths. This file shadows the prelude's names and denies warnings.

#![no_implicit_prelude]
#![deny(warnings)]

#[allow(dead_code)]
struct Result;
#[allow(dead_code)]
struct Option;
#[allow(dead_code)]
struct Some;
#[allow(dead_code)]
struct None;
#[allow(dead_code)]
struct Ok;
#[allow(dead_code)]
struct Err;
#[allow(dead_code)]
struct Vec;
#[allow(dead_code)]
struct String;
#[allow(dead_code)]
struct Default;
#[allow(dead_code)]
struct Box;
#[allow(dead_code)]
mod core {}
#[allow(dead_code)]
mod inventory {}

mod module {
    use ::iris_module_core::prelude::{
        HookContext, HookError, Ioc, Json, Secret, Status, iris_module,
    };

    /// A module written without the prelude.
    #[iris_module(kind = "processor", name = "IrisHygiene")]
    pub struct Hygiene {
        #[config_param(mandatory)]
        pub key: Secret,
        #[config_param(default = 3)]
        pub limit: ::std::option::Option<u8>,
        #[config_param(kind = "textfield_json", default = "{}")]
        pub extra: Json<::serde_json::Value>,
        pub seen: ::std::vec::Vec<u8>,
    }

    impl Hygiene {
        /// Reads every field (and so proves their types).
        pub fn summary(&self) -> (bool, ::std::option::Option<u8>, bool, usize) {
            (
                self.key.is_empty(),
                self.limit,
                self.extra.is_object(),
                self.seen.len(),
            )
        }
    }

    #[iris_module]
    impl Hygiene {
        #[hook("on_postload_ioc_create")]
        #[hook("on_manual_trigger_ioc", manual_name = "A")]
        fn a(
            &self,
            _ctx: &mut HookContext,
            _iocs: &mut [Ioc],
        ) -> ::std::result::Result<(), HookError> {
            ::std::result::Result::Ok(())
        }

        #[hook("on_manual_trigger_ioc", manual_name = "B")]
        #[cfg(test)]
        fn b(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> Status {
            Status::success("b")
        }
    }
}

mod pipeline {
    use ::iris_module_core::pipeline::{
        Pipeline, PipelineArgs, PipelineContext, PipelineFile, PipelineResult, Upload,
    };
    use ::iris_module_core::prelude::{HookError, Status, iris_module};

    /// A pipeline written without the prelude.
    #[iris_module(
        kind = "pipeline",
        name = "IrisHygienePipeline",
        pipeline_name = "hygiene"
    )]
    pub struct HygienePipeline {
        #[config_param(default = 2)]
        pub limit: u8,
    }

    /// Its arguments, without the prelude.
    #[derive(PipelineArgs)]
    pub struct HygieneArgs {
        pub index: ::std::string::String,
        #[pipeline_arg(name = "host")]
        pub hostname: ::std::option::Option<::std::string::String>,
    }

    impl Pipeline for HygienePipeline {
        type Args = HygieneArgs;

        fn upload(&self, _upload: &Upload) -> ::std::result::Result<(), HookError> {
            ::std::result::Result::Ok(())
        }

        fn process(
            &self,
            _ctx: &mut PipelineContext,
            args: HygieneArgs,
            _files: &[PipelineFile],
        ) -> PipelineResult {
            ::std::result::Result::Ok(Status::success(::std::format!(
                "{} {:?} {}",
                args.index,
                args.hostname,
                self.limit
            )))
        }
    }
}

#[test]
fn generated_pipeline_code_resolves_without_the_prelude() {
    let registry = ::iris_module_core::Registry::collect().unwrap();
    let found = registry.find("IrisHygienePipeline").unwrap();
    let info = found.pipeline().unwrap();
    ::std::assert_eq!(info.args.len(), 2);
    ::std::assert_eq!(info.args[1].name, "host");
    let args: ::serde_json::Map<::std::string::String, ::serde_json::Value> =
        ::serde_json::from_str(r#"{"index": "main", "host": null}"#).unwrap();
    let read =
        <pipeline::HygieneArgs as ::iris_module_core::pipeline::PipelineArgs>::from_args(&args);
    ::std::assert!(read.is_ok());
}

#[test]
fn generated_code_resolves_without_the_prelude() {
    let registry = ::iris_module_core::Registry::collect().unwrap();
    let found = registry.find("IrisHygiene").unwrap();
    ::std::assert_eq!(found.hooks().len(), 3);
    ::std::assert_eq!(found.info.params.len(), 3);
    let config = ::iris_module_core::ModuleConfig::new().with("key", "k");
    let built = <module::Hygiene as ::iris_module_core::IrisModule>::from_config(&config);
    ::std::assert_eq!(
        built.map(|m| m.summary()).ok(),
        ::std::option::Option::Some((false, ::std::option::Option::Some(3), true, 0))
    );
}
