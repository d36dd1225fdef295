use iris_module_core::prelude::*;
use iris_module_core::{IrisModule, ModuleConfig, ParamKind};

#[derive(Debug, Default, PartialEq, serde::Deserialize)]
pub struct Rule {
    pub name: String,
}

/// Every parameter type and option.
#[iris_module(
    kind = "processor",
    name = "IrisEverything",
    description = "Explicit description",
    version = "2.0.1",
    interface_version = "1.1",
    max_concurrent_calls = 3,
    iris_versions = ">=2.4.20, <2.6",
    load_relations
)]
pub struct Everything {
    #[config_param(name = "everything_key", human_name = "Key", mandatory = true)]
    key: Secret,
    #[config_param]
    label: String,
    #[config_param(default = -3)]
    offset: i32,
    #[config_param(default = 0.75, section = "Thresholds")]
    ratio: f64,
    #[config_param(default = 4)]
    ratio_from_int: f32,
    #[config_param]
    enabled: bool,
    #[config_param]
    maybe_count: Option<u16>,
    #[config_param(kind = "textfield_json", default = "[]")]
    rules: Json<Vec<Rule>>,
    #[config_param(kind = "textfield_markdown", default = "# Notes")]
    notes: String,
    #[config_param(kind = "textfield_html", default = "<p/>")]
    template: String,
    #[config_param(kind = "string", default = "x")]
    r#type: String,
    cache: std::collections::HashMap<String, String>,
}

#[iris_module]
impl Everything {
    #[hook("on_postload_alert_delete")]
    fn alerts_deleted(&self, _ctx: &mut HookContext, _ids: &[AlertIds]) -> HookResult {
        Ok(())
    }

    #[hook("on_postload_report_create")]
    fn report(&self, _ctx: &mut HookContext, _reports: &mut [ReportGenerated]) -> Status {
        Status::success("ok")
    }

    #[hook("on_postload_note_commented")]
    fn commented(&self, _ctx: &mut HookContext, _comments: &mut [CommentAdded]) -> Result<Status, HookError> {
        Ok(Status::success("ok"))
    }

    #[hook("on_manual_trigger_case", manual_name = "Summarise")]
    #[hook("on_postload_case_update", run_async = false)]
    fn case(&self, _ctx: &mut HookContext, _cases: &mut [Case]) -> HookResult {
        Ok(())
    }

    #[hook("on_manual_trigger_ioc", manual_name = "Quick look")]
    fn quick(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        Ok(())
    }

    #[hook("on_manual_trigger_ioc", manual_name = "Deep look", timeout = "1h 30m")]
    fn deep(&self, _ctx: &mut HookContext, _iocs: &mut [iris_module_core::objects::Ioc]) -> HookResult {
        Ok(())
    }

    #[hook("on_preload_global_task_delete", run_async = false)]
    fn global_task(&self, _ctx: &mut HookContext, _ids: &[ObjectId]) -> HookResult {
        Ok(())
    }
}

fn main() {
    let info = &Everything::INFO;
    assert_eq!(
        (info.name, info.description, info.module_version, info.interface_version),
        ("IrisEverything", "Explicit description", "2.0.1", "1.1")
    );
    assert_eq!(info.max_concurrent_calls, Some(3));
    assert_eq!(info.iris_versions, Some(">=2.4.20, <2.6"));
    assert!(info.load_relations);
    let deep = <Everything as iris_module_core::HookHandlers>::HOOKS.iter().find(|h| h.manual_name == Some("Deep look")).unwrap();
    assert_eq!(deep.timeout, Some(std::time::Duration::from_secs(5400)));
    assert!(<Everything as iris_module_core::HookHandlers>::HOOKS.iter().filter(|h| h.manual_name != Some("Deep look")).all(|h| h.timeout.is_none()));
    let kinds: Vec<_> = info.params.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [
            ParamKind::SensitiveString,
            ParamKind::String,
            ParamKind::Int,
            ParamKind::Float,
            ParamKind::Float,
            ParamKind::Bool,
            ParamKind::Int,
            ParamKind::TextfieldJson,
            ParamKind::TextfieldMarkdown,
            ParamKind::TextfieldHtml,
            ParamKind::String,
        ]
    );
    assert_eq!(info.params[10].name, "type");
    let module = Everything::from_config(
        &ModuleConfig::new()
            .with("everything_key", "k")
            .with("rules", "[{\"name\": \"r1\"}]")
            .with("maybe_count", "9"),
    )
    .unwrap();
    assert_eq!(module.key.expose(), "k");
    assert_eq!((module.offset, module.ratio, module.ratio_from_int), (-3, 0.75, 4.0));
    assert_eq!((module.label.as_str(), module.enabled), ("", false));
    assert_eq!(module.maybe_count, Some(9));
    assert_eq!(module.rules.0, vec![Rule { name: "r1".into() }]);
    assert_eq!((module.notes.as_str(), module.template.as_str()), ("# Notes", "<p/>"));
    assert_eq!(module.r#type, "x");
    assert!(module.cache.is_empty());
    let hooks = <Everything as iris_module_core::HookHandlers>::HOOKS;
    assert_eq!(hooks.len(), 8);
    let case_update = hooks.iter().find(|h| h.hook == "on_postload_case_update").unwrap();
    assert!(!case_update.run_asynchronously);
}
