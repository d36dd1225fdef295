//! A webhook's body, as the official module (1.0.8) builds it: rendered (`%TITLE%`,
//! `%DESCRIPTION%`, `%FILE%` replaced) or from a template (its strings name fields of the
//! objects: `cases.name`, `object_url`, `${{iocs.ioc_value}}` inside a text).

use crate::config::PLACEHOLDERS;
use crate::message::{Message, Subject};
use iris_module_core::python_text::{json_dumps, json_string_content, str_of};
use regex::Regex;
use serde_json::{Map, Value};
use std::sync::OnceLock;

/// The body of a rendered webhook: the placeholders replaced in `template`'s JSON text.
///
/// The official module puts the text in raw and reads the JSON again, so a title with a quote,
/// a backslash or a newline breaks its delivery; here the text goes in escaped, which gives the
/// same body whenever the official one is delivered.
pub fn rendered(template: &Value, message: &Message, file: &str) -> Value {
    let mut text = json_dumps(template);
    let values = [message.title.as_str(), message.description.as_str(), file];
    for (placeholder, value) in PLACEHOLDERS.into_iter().zip(values) {
        let mut escaped = String::new();
        json_string_content(value, &mut escaped);
        text = text.replace(placeholder, &escaped);
    }
    // Every placeholder sits inside a JSON string (the template is JSON), and what replaced
    // it is escaped for one: the text is JSON still.
    serde_json::from_str(&text).unwrap_or_else(|_| template.clone())
}

/// The body of a template webhook: each string of `template` names a field of the objects
/// (`cases.name`), or holds `${{...}}` placeholders that do.
pub fn from_template(template: &Value, subject: &Subject) -> Value {
    let mut data = Map::new();
    if let Some((name, records)) = &subject.records {
        data.insert((*name).to_owned(), Value::Array(records.clone()));
    }
    data.insert(
        "object_url".into(),
        subject
            .object_url
            .clone()
            .map_or(Value::Null, Value::String),
    );
    map_template(template, &data)
}

fn map_template(template: &Value, data: &Map<String, Value>) -> Value {
    match template {
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(key, value)| (key.clone(), map_template(value, data)))
                .collect(),
        ),
        Value::String(text) if text.contains("${{") => Value::String(placeholders(text, data)),
        Value::String(path) => resolve(path, data),
        // The official module fails the whole call on a number, a boolean, null or a list
        // (it reads every value as a path); here they are sent as written.
        other => other.clone(),
    }
}

/// `${{path}}` in `text`, each replaced by the Python text of what `path` names.
fn placeholders(text: &str, data: &Map<String, Value>) -> String {
    static PLACEHOLDER: OnceLock<Regex> = OnceLock::new();
    let pattern = PLACEHOLDER.get_or_init(|| Regex::new(r"\$\{\{(.*?)\}\}").expect("valid"));
    let mut keys: Vec<&str> = Vec::new();
    for found in pattern.captures_iter(text) {
        if let Some(key) = found.get(1).map(|m| m.as_str())
            && !keys.contains(&key)
        {
            keys.push(key);
        }
    }
    let mut out = text.to_owned();
    for key in keys {
        out = out.replace(&format!("${{{{{key}}}}}"), &str_of(&resolve(key, data)));
    }
    out
}

/// What a dotted path names: through the list of objects it starts with, one value per object
/// (one object: the value itself), anything missing as `""`.
fn resolve(path: &str, data: &Map<String, Value>) -> Value {
    let keys: Vec<&str> = path.split('.').collect();
    let blank = |value: Value| {
        if value.is_null() {
            Value::String(String::new())
        } else {
            value
        }
    };
    match data.get(keys[0]) {
        Some(Value::Array(items)) => {
            let mut values: Vec<Value> = items
                .iter()
                .map(|item| blank(nested(item, &keys[1..])))
                .collect();
            if keys.len() > 1 && values.len() == 1 {
                values.remove(0)
            } else if keys.len() > 1 && values.is_empty() {
                Value::String(String::new())
            } else {
                Value::Array(values)
            }
        }
        _ => blank(nested(&Value::Object(data.clone()), &keys)),
    }
}

/// The value at `keys` under `value`. As in the official module, a list on the way takes the
/// next key for itself (`cases.tags.x.tag_title` reads each tag's title).
fn nested(value: &Value, keys: &[&str]) -> Value {
    let Some((key, rest)) = keys.split_first() else {
        return value.clone();
    };
    match value {
        Value::Array(items) => Value::Array(items.iter().map(|item| nested(item, rest)).collect()),
        Value::Object(map) => map
            .get(*key)
            .map_or(Value::Null, |inner| nested(inner, rest)),
        _ => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Rendering;
    use serde_json::json;

    fn case_subject() -> Subject {
        // As the bridge reads it (IRIS's attribute names); templates read its API dump.
        let case = json!({"case_id": 42, "name": "#42 - Ransomware", "owner": {"id": 3, "user": "jdoe"},
            "tags": [{"tag_title": "ransom", "id": 4}], "user": {"name": "Jane Doe"}});
        Subject::of(
            "on_postload_case_create",
            &[case],
            Some("https://iris.local"),
        )
    }

    #[test]
    fn rendering_replaces_the_placeholders_escaped() {
        let subject = case_subject();
        let mut message = subject.message(Rendering::MarkdownSlack);
        let body = rendered(
            &json!({"text": "%TITLE%", "a": [{"text": "%DESCRIPTION%"}], "f": "%FILE%"}),
            &message,
            "",
        );
        assert_eq!(
            body,
            json!({"text": "[#42 - Ransomware] Case created",
            "a": [{"text": "Jane Doe created case <https://iris.local/case?cid=42|#42 - Ransomware> "}], "f": ""})
        );
        message.title = "a \"quoted\" \\ name\n".into();
        let body = rendered(&json!({"text": "%TITLE%"}), &message, "");
        assert_eq!(body["text"], "a \"quoted\" \\ name\n");
    }

    #[test]
    fn templates_resolve_as_the_official_module_does() {
        let template = json!({"title": "${{cases.name}} (#${{cases.case_id}}) by ${{cases.owner.user_login}}",
            "url": "object_url", "owner": "cases.owner", "missing": "cases.nope", "literal": "hello world",
            "nested": {"cid": "cases.case_id"}, "tags": "cases.tags.tag_title", "titles": "cases.tags.x.tag_title",
            "spaced": "${{ object_url }}", "n": 5});
        let body = from_template(&template, &case_subject());
        assert_eq!(
            body,
            json!({"title": "#42 - Ransomware (#42) by jdoe", "url": "https://iris.local/case?cid=42",
            "owner": {"id": 3, "user_name": null, "user_login": "jdoe", "user_email": null}, "missing": "", "literal": "", "nested": {"cid": 42},
            "tags": [{"tag_title": "ransom", "id": 4}], "titles": ["ransom"], "spaced": "", "n": 5})
        );
    }

    #[test]
    fn lists_in_placeholders_are_written_as_python_does() {
        let iocs = [
            json!({"ioc_value": "1.2.3.4"}),
            json!({"ioc_value": "5.6.7.8"}),
        ];
        let subject = Subject::of("on_manual_trigger_ioc", &iocs, None);
        let body = from_template(
            &json!({"t": "IOCs: ${{iocs.ioc_value}}", "all": "iocs"}),
            &subject,
        );
        assert_eq!(body["t"], "IOCs: ['1.2.3.4', '5.6.7.8']");
        assert_eq!(body["all"].as_array().map(Vec::len), Some(2));
    }
}
