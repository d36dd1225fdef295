//! What a webhook says about a hook call, as the official module (1.0.8) words it: the title
//! (`[#42 - Ransomware] Asset updated`), the description (`Jane Doe updated asset WKS-01 on case
//! #42`, with links), the link to the object, and the objects for templates.

use crate::config::Rendering;
use iris_module_core::api_json::{self, ApiKind};
use iris_module_core::python_text::str_of;
use serde_json::Value;

/// The facts of one hook call that every webhook words the same way.
#[derive(Clone, Debug, PartialEq)]
pub struct Subject {
    /// The last word of the hook's name (`create`, `update`, `delete`, `escalate`...).
    pub verb: String,
    /// The object word (`case`, `asset`, `global`, `activities`...), as the official module
    /// reads it from the hook's name.
    pub object: String,
    /// Who did it (`N/A` when the object does not say).
    pub user_name: String,
    /// The object's name (`N/A` when there is none).
    pub object_name: String,
    /// The case's name (`N/A` when there is none).
    pub case_name: String,
    /// The case's id, when the object says.
    pub case_id: Option<String>,
    /// The link to the object in IRIS, when there is one.
    pub object_url: Option<String>,
    /// The generated report (base64), for `%FILE%`.
    pub file: String,
    /// The objects as IRIS's API dumps them, under their template name (`cases`, `iocs`...),
    /// when they have one.
    pub records: Option<(&'static str, Vec<Value>)>,
    /// IRIS's address (`None` when the configuration has none).
    pub server_url: String,
}

/// A title and a description, with links written one way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// `[case name] Object verbd`.
    pub title: String,
    /// `user verbd object name on case #id`.
    pub description: String,
}

impl Subject {
    /// The facts of a call of `hook` on `objects` (as JSON), with links into `instance_url`.
    pub fn of(hook: &str, objects: &[Value], instance_url: Option<&str>) -> Subject {
        let words: Vec<&str> = hook.split('_').collect();
        let verb = words.last().copied().unwrap_or_default().to_owned();
        let object = if hook.starts_with("on_manual_trigger") {
            words.get(3..).unwrap_or_default().join("_")
        } else {
            words.get(2).copied().unwrap_or_default().to_owned()
        };
        let server_url = instance_url.unwrap_or("None").to_owned();
        let first = objects.first().unwrap_or(&Value::Null);
        let mut subject = Subject {
            verb,
            user_name: user_name(first),
            object_name: "N/A".into(),
            case_name: "N/A".into(),
            case_id: None,
            object_url: None,
            file: String::new(),
            records: None,
            server_url,
            object: object.clone(),
        };
        subject.describe(&object, first, objects);
        subject
    }

    fn describe(&mut self, object: &str, first: &Value, objects: &[Value]) {
        let field = |name: &str| str_of(first.get(name).unwrap_or(&Value::Null));
        let case_name = || str_of(first.pointer("/case/name").unwrap_or(&Value::Null));
        let server = self.server_url.clone();
        // An object in the case: its name, its case, its page and its id on that page.
        let mut in_case = |name: &str, case_key: &str, page: &str, id: &str, records| {
            self.object_name = field(name);
            self.case_name = case_name();
            let case_id = field(case_key);
            self.object_url = Some(format!(
                "{server}/case/{page}?cid={case_id}&shared={}",
                field(id)
            ));
            self.case_id = Some(case_id);
            self.records = Some(records);
        };
        let is_object = first.is_object();
        match object {
            "asset" if is_object => in_case(
                "asset_name",
                "case_id",
                "assets",
                "asset_id",
                dumps("assets", ApiKind::Asset, objects),
            ),
            "note" if is_object => in_case(
                "note_title",
                "note_case_id",
                "notes",
                "note_id",
                dumps("notes", ApiKind::Note, objects),
            ),
            "event" if is_object => in_case(
                "event_title",
                "case_id",
                "timeline",
                "event_id",
                dumps("events", ApiKind::Event, objects),
            ),
            "evidence" if is_object => in_case(
                "filename",
                "case_id",
                "evidences",
                "id",
                dumps("evidences", ApiKind::Evidence, objects),
            ),
            "task" | "global_task" if is_object && first.get("task_case_id").is_some() => in_case(
                "task_title",
                "task_case_id",
                "tasks",
                "id",
                dumps("tasks", ApiKind::Task, objects),
            ),
            "case" if is_object => {
                self.object_name = field("name");
                self.case_name = field("name");
                self.object_url = Some(format!("{server}/case?cid={}", field("case_id")));
                self.records = Some(dumps("cases", ApiKind::Case, objects));
            }
            "ioc" if is_object => {
                self.object_name = field("ioc_value");
                self.records = Some(dumps("iocs", ApiKind::Ioc, objects));
            }
            "alert" => {
                let ids = match first {
                    Value::Object(map) => match map.get("alert_ids") {
                        Some(ids) => str_of(ids),
                        None => field("alert_id"),
                    },
                    other => str_of(other),
                };
                self.object_url = Some(format!("{server}/alerts/filter?alert_ids={ids}"));
                // Alerts are dumped; the ids some alert hooks pass instead are sent as they are.
                self.records = Some(if first.get("alert_id").is_some() {
                    dumps("alerts", ApiKind::Alert, objects)
                } else {
                    ("alerts", objects.to_vec())
                });
            }
            "report" if is_object => {
                self.object_name = field("report_id");
                self.case_name = field("report_id");
                self.case_id = Some(field("case_id"));
                self.user_name = field("user_name");
                self.file = first
                    .get("file")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
            }
            // A deleted object is passed as its id: named by it.
            _ => {
                if let Some(id) = first.as_i64() {
                    self.object_name = id.to_string();
                }
            }
        }
        // Python's truthiness: no case line for a case id of 0 or none.
        if self
            .case_id
            .as_deref()
            .is_some_and(|id| matches!(id, "" | "0" | "None"))
        {
            self.case_id = None;
        }
    }

    /// The title and the description, links written as `rendering` says.
    pub fn message(&self, rendering: Rendering) -> Message {
        let object_name = match &self.object_url {
            Some(url) => rendering.link(url, &self.object_name),
            None => self.object_name.clone(),
        };
        let case_info = match &self.case_id {
            Some(id) => format!(
                "on case {}",
                rendering.link(
                    &format!("{}/case?cid={id}", self.server_url),
                    &format!("#{id}")
                )
            ),
            None => String::new(),
        };
        Message {
            title: format!(
                "[{}] {} {}d",
                self.case_name,
                capitalize(&self.object),
                self.verb
            ),
            // The trailing space when there is no case line is the official module's.
            description: format!(
                "{} {}d {} {} {}",
                self.user_name, self.verb, self.object, object_name, case_info
            ),
        }
    }
}

/// The objects under their template name, as IRIS's API dumps them (the official module dumps
/// them with IRIS's marshmallow schemas).
fn dumps(name: &'static str, kind: ApiKind, objects: &[Value]) -> (&'static str, Vec<Value>) {
    let dumped = objects.iter().map(|object| api_json::dump(kind, object));
    (name, dumped.collect())
}

/// Who did it: the object's `user`, else its `user_update` (tasks), else `N/A`.
fn user_name(first: &Value) -> String {
    ["user", "user_update"]
        .iter()
        .find_map(|key| first.get(key).filter(|user| user.is_object()))
        .map_or_else(
            || "N/A".to_owned(),
            |user| str_of(user.get("name").unwrap_or(&Value::Null)),
        )
}

/// Python's `str.capitalize()`: the first character upper-cased, the rest lower-cased.
fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const IRIS: Option<&str> = Some("https://iris.local");

    fn case() -> Value {
        json!({"case_id": 42, "name": "#42 - Ransomware", "user": {"name": "Jane Doe"}})
    }

    #[test]
    fn a_case_as_the_official_module_words_it() {
        let subject = Subject::of("on_postload_case_create", &[case()], IRIS);
        let message = subject.message(Rendering::MarkdownSlack);
        assert_eq!(message.title, "[#42 - Ransomware] Case created");
        assert_eq!(
            message.description,
            "Jane Doe created case <https://iris.local/case?cid=42|#42 - Ransomware> "
        );
    }

    #[test]
    fn an_asset_in_each_rendering() {
        let asset = json!({"asset_id": 7, "asset_name": "WKS-01", "case_id": 42,
            "case": {"name": "#42 - Ransomware"}, "user": {"name": "Jane Doe"}});
        let subject = Subject::of("on_postload_asset_update", &[asset], IRIS);
        assert_eq!(
            subject.message(Rendering::Markdown).description,
            "Jane Doe updated asset [WKS-01](https://iris.local/case/assets?cid=42&shared=7) on case [#42](https://iris.local/case?cid=42)"
        );
        assert_eq!(
            subject.message(Rendering::Html).description,
            "Jane Doe updated asset <a href='https://iris.local/case/assets?cid=42&shared=7'>WKS-01</a> on case <a href='https://iris.local/case?cid=42'>#42</a>"
        );
        assert_eq!(
            subject.message(Rendering::Plain).description,
            "Jane Doe updated asset https://iris.local/case/assets?cid=42&shared=7 on case https://iris.local/case?cid=42"
        );
        assert_eq!(
            subject.message(Rendering::Plain).title,
            "[#42 - Ransomware] Asset updated"
        );
    }

    #[test]
    fn iocs_alerts_reports_and_the_rest() {
        let ioc = json!({"ioc_value": "1.2.3.4", "user": {"name": "Jane Doe"}});
        let m =
            Subject::of("on_postload_ioc_create", &[ioc], IRIS).message(Rendering::MarkdownSlack);
        assert_eq!(
            (m.title.as_str(), m.description.as_str()),
            ("[N/A] Ioc created", "Jane Doe created ioc 1.2.3.4 ")
        );
        let m = Subject::of(
            "on_postload_alert_delete",
            &[json!({"alert_ids": [21, 22]})],
            IRIS,
        )
        .message(Rendering::MarkdownSlack);
        assert_eq!(
            m.description,
            "N/A deleted alert <https://iris.local/alerts/filter?alert_ids=[21, 22]|N/A> "
        );
        let report =
            json!({"report_id": 3, "case_id": 42, "user_name": "Jane Doe", "file": "UEsD"});
        let subject = Subject::of("on_postload_report_create", &[report], IRIS);
        let m = subject.message(Rendering::MarkdownSlack);
        assert_eq!(
            (m.title.as_str(), m.description.as_str()),
            (
                "[3] Report created",
                "Jane Doe created report 3 on case <https://iris.local/case?cid=42|#42>"
            )
        );
        assert_eq!(subject.file, "UEsD");
        let m = Subject::of(
            "on_postload_global_task_create",
            &[json!({"task_title": "Audit"})],
            IRIS,
        )
        .message(Rendering::MarkdownSlack);
        assert_eq!(
            (m.title.as_str(), m.description.as_str()),
            ("[N/A] Global created", "N/A created global N/A ")
        );
        let m = Subject::of("on_manual_trigger_case", &[case()], IRIS).message(Rendering::Plain);
        assert_eq!(
            (m.title.as_str(), m.description.as_str()),
            (
                "[#42 - Ransomware] Case cased",
                "Jane Doe cased case https://iris.local/case?cid=42 "
            )
        );
        let m = Subject::of("on_postload_case_create", &[case()], None).message(Rendering::Plain);
        assert_eq!(m.description, "Jane Doe created case None/case?cid=42 ");
    }

    #[test]
    fn a_deleted_object_is_named_by_its_id() {
        let m = Subject::of("on_postload_ioc_delete", &[json!(12)], IRIS).message(Rendering::Plain);
        assert_eq!(
            (m.title.as_str(), m.description.as_str()),
            ("[N/A] Ioc deleted", "N/A deleted ioc 12 ")
        );
    }
}
