//! The "MISP Report" tab: the module's template for the IOC's kind rendered with what each
//! instance found, as the official module renders it (`results`: a list of `{"url", "name",
//! "result"}`, one per instance that answered, `result` its cleaned events).

use iris_module_core::jinja::{self, TemplateError};
use serde_json::{Value, json};

/// What one instance found for one value.
pub fn instance_result(url: &str, name: &str, events: &[Value]) -> Value {
    json!({"url": url, "name": name, "result": events})
}

/// Renders `template` with `results` in `environment`.
pub fn render(
    environment: &minijinja::Environment<'_>,
    template: &str,
    results: &[Value],
) -> Result<String, TemplateError> {
    jinja::render_in(environment, template, &json!({ "results": results }))
}
