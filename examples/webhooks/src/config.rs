//! `wh_configuration`: the webhooks an administrator lists, in the official module's format
//! (1.0.8, and 1.0.1's, which is a subset). A malformed webhook is left out and named; the
//! others register.

use iris_module_core::config::{Entries, Secret};
use iris_module_core::hooks::HookPhase;
use iris_module_core::prelude::{ChosenHooks, Trigger};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use std::fmt;

/// The whole document.
#[derive(Debug, Default, Deserialize)]
pub struct WebhooksConfig {
    /// The webhooks; a malformed one is left out and named with its path.
    #[serde(default)]
    pub webhooks: Entries<Webhook>,
    /// IRIS's address, the start of the links in the messages (`None` is written `None`, as
    /// the official module writes it).
    #[serde(default)]
    pub instance_url: Option<String>,
}

/// One webhook.
#[derive(Debug, Deserialize)]
#[serde(try_from = "RawWebhook")]
pub struct Webhook {
    /// Its name, as the log calls it.
    pub name: String,
    /// The hooks (or `all`, `all_create`, `all_update`, `all_delete`) it is sent for.
    pub trigger_on: Vec<Trigger>,
    /// Where it is posted. A secret: a Slack, Teams or Discord URL holds its token.
    pub request_url: Secret,
    /// The body: a JSON value where `%TITLE%`, `%DESCRIPTION%` and `%FILE%` are replaced
    /// (rendering) or whose strings name the object's fields (template).
    pub request_body: Value,
    /// Whether the body is rendered (`%TITLE%`...) rather than a template.
    pub use_rendering: bool,
    /// How links are written: `markdown`, `markdown_slack`, `html`, or as the bare URL.
    pub rendering: Rendering,
    /// The menu entry of its manual hooks.
    pub manual_trigger_name: Option<String>,
    /// Headers sent with it, in the order written; every value is a secret. A `null` value
    /// sends no such header.
    pub request_headers: Vec<(String, Secret)>,
    /// Whether TLS certificates are verified.
    pub verify_ssl: bool,
    /// Whether it is sent at all (only `"active": false` turns it off, as in the official
    /// module).
    pub active: bool,
}

/// How a link is written in a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rendering {
    /// `[text](url)`.
    Markdown,
    /// `<url|text>`.
    MarkdownSlack,
    /// `<a href='url'>text</a>`.
    Html,
    /// The URL alone.
    Plain,
}

impl Rendering {
    /// `link` to `url`, written this way.
    pub fn link(self, url: &str, text: &str) -> String {
        match self {
            Rendering::Markdown => format!("[{text}]({url})"),
            Rendering::MarkdownSlack => format!("<{url}|{text}>"),
            Rendering::Html => format!("<a href='{url}'>{text}</a>"),
            Rendering::Plain => url.to_owned(),
        }
    }
}

impl Webhook {
    /// Adds the registrations its triggers ask for to `hooks`: automatic hooks by name or
    /// group, manual hooks under its menu entry; nothing when it is not active.
    pub fn choose(&self, hooks: &mut ChosenHooks) {
        if !self.active {
            return;
        }
        for trigger in &self.trigger_on {
            match &self.manual_trigger_name {
                Some(menu) => hooks.add_manual(*trigger, menu),
                None => hooks.add(*trigger),
            };
        }
    }

    /// Whether it is sent for a call of `hook` (from the menu entry `ui_name`): one of the
    /// registrations it asks for.
    pub fn sends_for(&self, hook: &str, ui_name: Option<&str>) -> bool {
        let mut hooks = ChosenHooks::new();
        self.choose(&mut hooks);
        hooks.chooses(hook, ui_name)
    }
}

/// The webhook as written, before its rules are checked.
#[derive(Deserialize)]
struct RawWebhook {
    name: String,
    trigger_on: Vec<Trigger>,
    request_url: Secret,
    #[serde(deserialize_with = "present")]
    request_body: Value,
    #[serde(default)]
    use_rendering: Option<Value>,
    #[serde(default)]
    request_rendering: Value,
    #[serde(default)]
    manual_trigger_name: Option<String>,
    #[serde(default)]
    request_headers: Option<Headers>,
    #[serde(default)]
    verify_ssl: Option<bool>,
    #[serde(default)]
    active: Value,
}

/// A `request_body` of `null` is as missing as none (the official module checks `is None`).
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::Null => Err(de::Error::custom("request_body is null")),
        value => Ok(value),
    }
}

impl TryFrom<RawWebhook> for Webhook {
    type Error = String;

    fn try_from(raw: RawWebhook) -> Result<Self, String> {
        let menu = raw
            .manual_trigger_name
            .filter(|name| !name.trim().is_empty());
        for (index, trigger) in raw.trigger_on.iter().enumerate() {
            if let Trigger::Hook(hook) = trigger {
                if hook.phase == HookPhase::Preload && !hook.name.ends_with("_delete") {
                    return Err(format!(
                        "trigger_on[{index}]: `{}` is not supported (a webhook is sent for \
                         on_postload_*, on_manual_trigger_* and on_preload_*_delete hooks)",
                        hook.name
                    ));
                }
                if hook.phase == HookPhase::Manual && menu.is_none() {
                    return Err(format!(
                        "trigger_on[{index}]: `{}` needs manual_trigger_name, the menu entry",
                        hook.name
                    ));
                }
            }
        }
        let rendering = match raw.request_rendering.as_str() {
            Some("markdown") => Rendering::Markdown,
            Some("markdown_slack") => Rendering::MarkdownSlack,
            Some("html") => Rendering::Html,
            _ => Rendering::Plain,
        };
        let use_rendering = match &raw.use_rendering {
            Some(value) => iris_module_core::python_text::truthy(value),
            // 1.0.1 always renders, and had no such key: its bodies (`%TITLE%`...) are rendered
            // still, where 1.0.8 would read `%TITLE%` as a field name, hence "".
            None => has_placeholder(&raw.request_body),
        };
        Ok(Webhook {
            name: raw.name,
            trigger_on: raw.trigger_on,
            request_url: raw.request_url,
            request_body: raw.request_body,
            use_rendering,
            rendering,
            manual_trigger_name: menu,
            request_headers: raw.request_headers.map(|h| h.0).unwrap_or_default(),
            verify_ssl: raw.verify_ssl.unwrap_or(true),
            active: raw.active != Value::Bool(false),
        })
    }
}

/// The placeholders a rendered body holds, in the order they are replaced: the title, the
/// description, the generated report (base64).
pub const PLACEHOLDERS: [&str; 3] = ["%TITLE%", "%DESCRIPTION%", "%FILE%"];

/// Whether a rendering placeholder is in `body`'s text.
fn has_placeholder(body: &Value) -> bool {
    let text = body.to_string();
    PLACEHOLDERS
        .iter()
        .any(|placeholder| text.contains(placeholder))
}

/// `request_headers`: name → value (or `null`), kept in the order written.
struct Headers(Vec<(String, Secret)>);

impl<'de> Deserialize<'de> for Headers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct HeadersVisitor;
        impl<'de> Visitor<'de> for HeadersVisitor {
            type Value = Headers;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of header names and string values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Headers, A::Error> {
                let mut headers: Vec<(String, Option<Secret>)> = Vec::new();
                while let Some((name, value)) = map.next_entry::<String, Option<Secret>>()? {
                    // As Python's json.loads reads it: a repeated name keeps its first place
                    // and its last value.
                    match headers.iter_mut().find(|(seen, _)| *seen == name) {
                        Some(slot) => slot.1 = value,
                        None => headers.push((name, value)),
                    }
                }
                let sent = headers
                    .into_iter()
                    .filter_map(|(name, value)| Some((name, value?)))
                    .collect();
                Ok(Headers(sent))
            }
        }
        deserializer.deserialize_map(HeadersVisitor)
    }
}
