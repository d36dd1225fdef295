//! The "IntelOwl Report" tab: the module's template for the observable's classification
//! rendered with the job, as the official module renders it (`results`: the job;
//! `nb_analyzer_reports`, `nb_connector_reports`: how many reports, when there are any;
//! `external_link`: the job's page in IntelOwl's interface).

use iris_module_core::jinja::TemplateError;
use iris_module_core::python_text::{str_of, truthy};
use serde_json::{Map, Value, json};

/// The template's context for `job`, of the IntelOwl at `url`.
pub fn context(url: &str, job: &Value) -> Value {
    let mut context = Map::new();
    context.insert("results".into(), job.clone());
    for (key, reports) in [
        ("nb_analyzer_reports", "analyzer_reports"),
        ("nb_connector_reports", "connector_reports"),
    ] {
        if let Some(list) = job[reports].as_array().filter(|list| !list.is_empty()) {
            context.insert(key.into(), json!(list.len()));
        }
    }
    // `if iol_report_id:`, Python's truth.
    let id = &job["id"];
    let link = if truthy(id) {
        format!("{}/jobs/{}", url.trim_matches('/'), str_of(id))
    } else {
        String::new()
    };
    context.insert("external_link".into(), json!(link));
    Value::Object(context)
}

/// Renders `template` with the context of `job` in `environment`.
pub fn render(
    environment: &minijinja::Environment<'_>,
    template: &str,
    url: &str,
    job: &Value,
) -> Result<String, TemplateError> {
    iris_module_core::jinja::render_in(environment, template, &context(url, job))
}

#[cfg(test)]
mod tests {
    use super::context;
    use serde_json::json;

    #[test]
    fn the_context_is_the_official_modules() {
        let job = json!({"id": 42, "analyzer_reports": [{}, {}], "connector_reports": []});
        assert_eq!(
            context("http://intelowl.example/", &job),
            json!({"results": job, "nb_analyzer_reports": 2,
                "external_link": "http://intelowl.example/jobs/42"})
        );
        assert_eq!(context("http://x", &json!({}))["external_link"], "");
    }
}
