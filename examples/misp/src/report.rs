//! The "MISP Report" tab: the module's template for the IOC's kind rendered with what each
//! instance found, as the official module renders it (`results`: a list of `{"url", "name",
//! "result"}`, one per instance that answered, `result` its cleaned events).

use iris_module_core::jinja;
use serde_json::{Value, json};

/// What one instance found for one value.
pub fn instance_result(url: &str, name: &str, events: &[Value]) -> Value {
    json!({"url": url, "name": name, "result": events})
}

/// The environment the reports are rendered in (Jinja2's ways: see [`jinja`]).
pub fn environment() -> minijinja::Environment<'static> {
    jinja::environment()
}

/// Renders `template` with `results` in `environment`.
pub fn render(
    environment: &minijinja::Environment<'_>,
    template: &str,
    results: &[Value],
) -> Result<String, TemplateError> {
    environment
        .render_str(
            template,
            minijinja::Value::from_serialize(json!({ "results": results })),
        )
        .map_err(TemplateError)
}

/// A report template that does not render.
#[derive(Debug, thiserror::Error)]
#[error("the report template is wrong: {0:#}")]
pub struct TemplateError(#[source] minijinja::Error);
