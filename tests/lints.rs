//! The generated code is clean under strict lints (in the manner of thiserror's `test_lints.rs`):
//! a module with every kind of parameter, hooks and a pipeline, in a crate that denies
//! `missing_docs`, `unreachable_pub` and clippy's pedantic group. `cargo clippy --all-targets`
//! (CI) checks it; `cargo test` compiles it.

#![deny(missing_docs, unreachable_pub, unused_qualifications, clippy::pedantic)]

use iris_module_core::pipeline::{
    Pipeline, PipelineArgs, PipelineContext, PipelineFile, PipelineResult, Upload,
};
use iris_module_core::prelude::*;

/// A processor with a parameter of each kind.
#[iris_module(kind = "processor", name = "IrisLints", version = "0.1.0")]
pub struct Lints {
    /// A secret
    #[config_param(mandatory)]
    key: Secret,
    /// A flag
    #[config_param(default = true)]
    flag: bool,
    /// A number
    #[config_param(default = 3)]
    count: u8,
    /// A ratio
    #[config_param(default = 0.5)]
    ratio: f64,
    /// A list
    #[config_param(default = "[]")]
    list: Json<Vec<String>>,
    /// An optional text
    #[config_param]
    label: Option<String>,
}

#[iris_module]
impl Lints {
    #[hook("on_postload_ioc_create")]
    #[hook("on_manual_trigger_ioc", manual_name = "Check", run_async = true)]
    fn iocs(&self, ctx: &mut HookContext, iocs: &mut [Ioc]) -> HookResult {
        if self.key.is_empty() {
            return Err(HookError::msg("no key"));
        }
        ctx.info(format!(
            "{} {} {} {} {} {:?} {}",
            iocs.len(),
            self.flag,
            self.count,
            self.ratio,
            self.list.len(),
            self.label,
            self.key.expose().len()
        ));
        Ok(())
    }

    // The macros add no `allow` to a handler: under clippy's pedantic group, a handler that does
    // not read `self` is the author's to allow, as for any method.
    #[hook("on_postload_ioc_delete")]
    #[expect(
        clippy::unused_self,
        reason = "the dispatch calls every handler with `&self`"
    )]
    fn deleted(&self, _ctx: &mut HookContext, _ids: &[ObjectId]) -> Status {
        Status::success("ok")
    }
}

/// A pipeline.
#[iris_module(kind = "pipeline", name = "IrisLintsPipeline", pipeline_name = "lints")]
pub struct LintsPipeline;

/// Its arguments.
#[derive(PipelineArgs)]
pub struct LintsArgs {
    /// A required argument
    pub index: String,
    /// An optional one
    #[pipeline_arg(name = "host_name")]
    pub host: Option<String>,
}

impl Pipeline for LintsPipeline {
    type Args = LintsArgs;

    fn upload(&self, _upload: &Upload) -> Result<(), HookError> {
        Ok(())
    }

    fn process(
        &self,
        _ctx: &mut PipelineContext,
        args: LintsArgs,
        files: &[PipelineFile],
    ) -> PipelineResult {
        Ok(Status::success(format!(
            "{} {:?} {}",
            args.index,
            args.host,
            files.len()
        )))
    }
}

#[test]
fn the_strictly_linted_modules_work() {
    let harness =
        iris_module_core::testing::Harness::<Lints>::from_config(serde_json::json!({"key": "k"}))
            .unwrap();
    harness
        .fire(
            "on_postload_ioc_create",
            &mut [Ioc::new("a.example", "domain")],
        )
        .assert_success();
}
