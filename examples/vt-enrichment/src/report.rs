//! The "VT Report" tab: an HTML report rendered from the module's templates (Jinja, as official
//! modules write them), with everything from VirusTotal escaped (IRIS shows `html` fields as is).

use crate::insight::Insight;
use crate::target::Target;
use iris_module_core::objects::Ioc;
use minijinja::{AutoEscape, Environment, context};
use serde_json::Value;

/// Renders `template` for `ioc`. The template sees `ioc` (`value`, `type`), `kind` (`ip`,
/// `domain`, `url`, `file`), `insight` (`stats`, `ratio`, `reputation`, `asn`, `as_owner`,
/// `country`, `last_analysis`, `permalink`) and `attributes` (VirusTotal's, also as `results`).
pub fn render(
    template: &str,
    ioc: &Ioc,
    target: &Target,
    insight: &Insight,
    data: &Value,
) -> Result<String, TemplateError> {
    let mut environment = Environment::new();
    environment.set_auto_escape_callback(|_| AutoEscape::Html);
    let attributes = &data["attributes"];
    environment
        .render_str(
            template,
            context! {
                ioc => context! { value => ioc.ioc_value, type => ioc.type_name() },
                kind => format!("{:?}", target.kind).to_lowercase(),
                insight => insight,
                attributes => attributes,
                results => attributes,
            },
        )
        .map_err(TemplateError)
}

/// A report template that does not render.
#[derive(Debug, thiserror::Error)]
#[error("the report template is wrong: {0:#}")]
pub struct TemplateError(#[source] minijinja::Error);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target::target;
    use serde_json::json;

    #[test]
    fn values_from_virustotal_are_escaped() {
        let target = target("domain", "evil.example").unwrap();
        let data = json!({"attributes": {"whois": "<script>alert(1)</script>"}});
        let insight = Insight::read(&target, &data).unwrap();
        let ioc = Ioc::new("evil.example", "domain");
        let html = render(
            "<pre>{{ attributes.whois }}</pre>",
            &ioc,
            &target,
            &insight,
            &data,
        );
        assert_eq!(
            html.unwrap(),
            "<pre>&lt;script&gt;alert(1)&lt;&#x2f;script&gt;</pre>"
        );
        let error = render("{% if %}", &ioc, &target, &insight, &data)
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("the report template is wrong"), "{error}");
    }
}
