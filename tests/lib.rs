//! Modules shared by the integration tests and the benchmarks: the surface of the foundation
//! issue, written exactly as a user would.

use iris_module_core::prelude::*;

/// A stand-in for an API client a module keeps (not configuration: built with `Default`).
#[derive(Debug, Default)]
pub struct SomeClient {
    /// Requests made.
    pub requests: std::sync::atomic::AtomicUsize,
}

/// Enriches IOCs with reputation data.
#[iris_module(kind = "processor", name = "IrisReputation", version = "0.1.0")]
#[derive(Debug)]
pub struct Reputation {
    /// API key used for the lookups
    #[config_param(human_name = "API key", mandatory)]
    pub api_key: Secret,
    #[config_param(default = true, section = "Behaviour")]
    pub tag_malicious: bool,
    #[config_param(default = 30)]
    pub threshold: i64,
    #[config_param(kind = "textfield_html", default = "<b>{{ score }}</b>")]
    pub report_template: String,
    pub client: Option<SomeClient>,
}

impl Reputation {
    /// A made-up score: the value's length times seven, capped at 100.
    pub fn score(value: &str) -> i64 {
        (value.len() as i64 * 7).min(100)
    }
}

#[iris_module]
impl Reputation {
    #[hook("on_postload_ioc_create")]
    #[hook("on_postload_ioc_update")]
    #[hook("on_manual_trigger_ioc", manual_name = "Get reputation")]
    fn enrich(&self, ctx: &mut HookContext, iocs: &mut [Ioc]) -> HookResult {
        for ioc in iocs.iter_mut() {
            if ioc.ioc_value == "panic.example" {
                panic!("lookup of {} exploded", ioc.ioc_value);
            }
            let score = Self::score(&ioc.ioc_value);
            log::info!("score of {} is {score}", ioc.ioc_value);
            if self.tag_malicious && score >= self.threshold {
                ioc.add_tag("reputation:malicious")?;
            }
            let report = self
                .report_template
                .replace("{{ score }}", &score.to_string());
            ioc.add_tab_attribute_field("Reputation", "HTML report", AttributeType::Html, report);
        }
        ctx.info(format!("{} IOCs enriched", iocs.len()));
        Ok(())
    }

    #[hook("on_preload_asset_create")]
    fn check_asset(&self, ctx: &mut HookContext, assets: &mut [RequestBody]) -> HookResult {
        for body in assets.iter_mut() {
            if body
                .get_str("asset_name")
                .is_some_and(|name| name.contains(' '))
            {
                ctx.warn("asset names should not contain spaces");
            }
            body.set("asset_description", "checked by IrisReputation");
        }
        Ok(())
    }

    #[hook("on_postload_ioc_delete", run_async = false)]
    fn forget(&self, ctx: &mut HookContext, ids: &[ObjectId]) -> Status {
        Status::success(format!("forgot {} IOCs", ids.len())).merge({
            ctx.debug("deleted ids processed");
            Status::success("")
        })
    }

    #[hook("on_manual_trigger_note", manual_name = "Slow lookup")]
    fn slow_lookup(&self, ctx: &mut HookContext, notes: &mut [Note]) -> HookResult {
        // Stands for a blocking network call: the bridge runs handlers with the GIL released.
        std::thread::sleep(std::time::Duration::from_millis(300));
        for note in notes.iter_mut() {
            let title = note.note_title.clone().unwrap_or_default();
            note.note_title = Some(format!("{title} (looked up)"));
        }
        ctx.info("slow lookup done");
        Ok(())
    }

    /// Not a hook: an ordinary method stays as written.
    pub fn api_key_is_set(&self) -> bool {
        !self.api_key.is_empty()
    }
}

/// The README's Rust examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
pub mod readme {}
