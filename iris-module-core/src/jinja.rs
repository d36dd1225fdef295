//! Report templates rendered as Jinja2 renders an official module's (feature `jinja`): the
//! official modules render their `textfield_html` templates with Python's `jinja2.Template`, so
//! an administrator's template, kept in IRIS's configuration, must give the same HTML here.
//!
//! What differs from [`minijinja`]'s own defaults is what Python writes differently: `{{ x }}` of
//! `None`, a boolean, a float, a list or a dict is Python's `str()` of it (`None`, `True`,
//! `0.5`, `['a', 1]`), and `tojson` is Jinja2's (`json.dumps` with sorted keys and `\u`
//! escapes, `<`, `>`, `&` and `'` made safe for HTML). Nothing is auto-escaped, as in
//! `jinja2.Template`: what a template writes from a service's answer is the template's choice.

use crate::python_text::{jinja_tojson, str_of};
use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, Error, ErrorKind, Output, State};

/// An environment that renders as Python's `jinja2.Template` does.
pub fn environment() -> Environment<'static> {
    let mut environment = Environment::new();
    environment.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    environment.set_formatter(python_str);
    environment.add_filter("tojson", tojson);
    environment
}

/// Renders `template` with `context`, as `jinja2.Template(template).render(context)` does.
pub fn render(template: &str, context: &impl serde::Serialize) -> Result<String, TemplateError> {
    render_in(&environment(), template, context)
}

/// Renders `template` with `context` in `environment` (made once by [`environment`] for the
/// reports of a whole call).
pub fn render_in(
    environment: &Environment<'_>,
    template: &str,
    context: &impl serde::Serialize,
) -> Result<String, TemplateError> {
    environment
        .render_str(template, Value::from_serialize(context))
        .map_err(TemplateError)
}

/// A template that does not render: where, and why.
#[derive(Debug, thiserror::Error)]
#[error("the report template is wrong: {0:#}")]
pub struct TemplateError(#[source] pub Error);

/// `{{ value }}`: Python's `str()` of it (nothing for an undefined value).
fn python_str(out: &mut Output<'_>, _state: &State<'_, '_>, value: &Value) -> Result<(), Error> {
    if value.is_undefined() {
        return Ok(());
    }
    let text = match value.as_str() {
        Some(text) => text.to_owned(),
        None => str_of(&as_json(value)?),
    };
    out.write_str(&text)
        .map_err(|error| Error::new(ErrorKind::WriteFailure, error.to_string()))
}

/// Jinja2's `tojson(indent=None)`.
fn tojson(value: &Value, indent: Option<Value>, kwargs: Kwargs) -> Result<Value, Error> {
    let indent = match kwargs.get::<Option<Value>>("indent")?.or(indent) {
        Some(indent) if indent.is_none() => None,
        Some(indent) => Some(usize::try_from(indent)?),
        None => None,
    };
    kwargs.assert_all_used()?;
    Ok(Value::from_safe_string(jinja_tojson(
        &as_json(value)?,
        indent,
    )))
}

/// `value` as JSON (an undefined value is `null`).
fn as_json(value: &Value) -> Result<serde_json::Value, Error> {
    serde_json::to_value(value)
        .map_err(|error| Error::new(ErrorKind::BadSerialization, "not JSON").with_source(error))
}

#[cfg(test)]
mod tests {
    use super::render;
    use serde_json::json;

    fn rendered(template: &str, context: serde_json::Value) -> String {
        render(template, &context).unwrap()
    }

    #[test]
    fn values_are_written_as_python_writes_them() {
        let context = json!({"n": null, "t": true, "f": 0.5, "i": 3, "l": ["a", 1], "s": "<b>"});
        assert_eq!(
            rendered(
                "{{ n }} {{ t }} {{ f }} {{ i }} {{ l }} {{ s }} [{{ missing }}]",
                context
            ),
            "None True 0.5 3 ['a', 1] <b> []"
        );
    }

    #[test]
    fn tojson_is_jinja2s() {
        let context = json!({"r": {"b": [1, "é"], "a": "<x & 'y'>"}});
        assert_eq!(
            rendered("{{ r|tojson }}", context.clone()),
            r#"{"a": "\u003cx \u0026 \u0027y\u0027\u003e", "b": [1, "\u00e9"]}"#
        );
        assert_eq!(
            rendered("{{ r|tojson(indent=2) }}", context.clone()),
            "{\n  \"a\": \"\\u003cx \\u0026 \\u0027y\\u0027\\u003e\",\n  \"b\": [\n    1,\n    \"\\u00e9\"\n  ]\n}"
        );
        assert_eq!(
            rendered("{{ r.b|tojson(2) }}", context),
            "[\n  1,\n  \"\\u00e9\"\n]"
        );
    }
}
