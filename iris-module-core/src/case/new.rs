//! The objects a module adds, as it describes them: names rather than IRIS's ids, checked and
//! turned into [`Op`]s by the case writer.

use super::error::CaseError;
use super::plan::{ObjectKind, Op};
use super::refs::{AssetRef, CommentTarget, IocRef, Target};
use super::text;
use super::vocabulary::{Term, Vocabulary};
use crate::redact::bounded;
use serde_json::{Map, Value, json};

/// Looks a name up in one of IRIS's lists.
pub(crate) type Resolve<'a> = &'a dyn Fn(Vocabulary, &str) -> Result<Term, CaseError>;

/// A new IOC: IRIS's rule makes an IOC with the same value and type the same IOC.
#[derive(Clone, Debug, PartialEq)]
pub struct NewIoc {
    value: String,
    ioc_type: String,
    description: String,
    tags: Vec<String>,
    tlp: String,
}

impl NewIoc {
    /// An IOC of `value`, of the IOC type named `ioc_type` (`domain`, `ip-dst`...), TLP amber
    /// (IRIS's default for a new IOC).
    pub fn new(value: impl Into<String>, ioc_type: impl Into<String>) -> Self {
        NewIoc {
            value: value.into(),
            ioc_type: ioc_type.into(),
            description: String::new(),
            tags: Vec::new(),
            tlp: "amber".into(),
        }
    }

    /// Its description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = description.into();
        self
    }

    /// Adds a tag.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tags.push(tag.into());
        self
    }

    /// Its TLP, by name (`red`, `amber`, `amber+strict`, `green`, `clear`).
    pub fn tlp(mut self, tlp: impl Into<String>) -> Self {
        self.tlp = tlp.into();
        self
    }

    pub(crate) fn into_op(self, case_id: i64, resolve: Resolve<'_>) -> Result<Op, CaseError> {
        text::check(
            "IOC",
            &[
                ("value", &self.value),
                ("type", &self.ioc_type),
                ("TLP", &self.tlp),
                ("description", &self.description),
            ],
        )?;
        text::check_tags("IOC", &self.tags)?;
        let value = required("IOC", "value", &self.value)?;
        let ioc_type = resolve(Vocabulary::IocType, &self.ioc_type)?;
        check_pattern(&ioc_type, value)?;
        let tlp = resolve(Vocabulary::Tlp, &self.tlp)?;
        Ok(Op {
            kind: ObjectKind::Ioc,
            case_id,
            fields: fields([
                ("ioc_value", json!(value)),
                ("ioc_type_id", json!(ioc_type.id)),
                ("ioc_description", json!(self.description)),
                ("ioc_tags", json!(tags("IOC", &self.tags)?)),
                ("ioc_tlp_id", json!(tlp.id)),
            ]),
            links: Map::new(),
            key: &["ioc_value", "ioc_type_id"],
            hook: "on_postload_ioc_create".into(),
            activity: format!("added ioc \"{value}\""),
        })
    }
}

/// A new asset: an asset with the same name and type in the case is the same asset.
#[derive(Clone, Debug, PartialEq)]
pub struct NewAsset {
    name: String,
    asset_type: String,
    description: String,
    ip: String,
    domain: String,
    tags: Vec<String>,
    iocs: Vec<IocRef>,
}

impl NewAsset {
    /// An asset named `name`, of the asset type named `asset_type` (`Windows - Server`...).
    pub fn new(name: impl Into<String>, asset_type: impl Into<String>) -> Self {
        NewAsset {
            name: name.into(),
            asset_type: asset_type.into(),
            description: String::new(),
            ip: String::new(),
            domain: String::new(),
            tags: Vec::new(),
            iocs: Vec::new(),
        }
    }

    /// Its description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = description.into();
        self
    }

    /// Its IP address.
    pub fn ip(mut self, ip: impl Into<String>) -> Self {
        self.ip = ip.into();
        self
    }

    /// Its domain.
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.domain = domain.into();
        self
    }

    /// Adds a tag.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tags.push(tag.into());
        self
    }

    /// Links IOCs of the case to it.
    pub fn iocs(mut self, iocs: impl IntoIterator<Item = IocRef>) -> Self {
        self.iocs.extend(iocs);
        self
    }

    pub(crate) fn into_op(self, case_id: i64, resolve: Resolve<'_>) -> Result<Op, CaseError> {
        text::check(
            "asset",
            &[
                ("name", &self.name),
                ("type", &self.asset_type),
                ("IP address", &self.ip),
                ("domain", &self.domain),
                ("description", &self.description),
            ],
        )?;
        text::check_tags("asset", &self.tags)?;
        let name = required("asset", "name", &self.name)?;
        let asset_type = resolve(Vocabulary::AssetType, &self.asset_type)?;
        Ok(Op {
            kind: ObjectKind::Asset,
            case_id,
            fields: fields([
                ("asset_name", json!(name)),
                ("asset_type_id", json!(asset_type.id)),
                ("asset_description", json!(self.description)),
                ("asset_ip", json!(self.ip)),
                ("asset_domain", json!(self.domain)),
                ("asset_tags", json!(tags("asset", &self.tags)?)),
            ]),
            links: fields([("iocs", targets(self.iocs.iter().map(|r| r.0)))]),
            key: &["asset_name", "asset_type_id"],
            hook: "on_postload_asset_create".into(),
            activity: format!("added asset \"{name}\""),
        })
    }
}

/// A new timeline event: an event of the case with the same title, date and raw record is the
/// same event (so importing the same records twice adds nothing, whatever the file is called).
#[derive(Clone, Debug, PartialEq)]
pub struct NewEvent {
    title: String,
    date: jiff::Timestamp,
    source: String,
    content: String,
    raw: String,
    category: String,
    tags: Vec<String>,
    color: String,
    in_summary: bool,
    in_graph: bool,
    assets: Vec<AssetRef>,
    iocs: Vec<IocRef>,
}

impl NewEvent {
    /// An event titled `title` at `date`, in category `Unspecified`, shown in the graph and not
    /// in the summary (IRIS's defaults).
    pub fn new(title: impl Into<String>, date: jiff::Timestamp) -> Self {
        NewEvent {
            title: title.into(),
            date,
            source: String::new(),
            content: String::new(),
            raw: String::new(),
            category: "Unspecified".into(),
            tags: Vec::new(),
            color: String::new(),
            in_summary: false,
            in_graph: true,
            assets: Vec::new(),
            iocs: Vec::new(),
        }
    }

    /// Where it was seen (a file name, a sensor...).
    pub fn source(mut self, source: impl Into<String>) -> Self {
        self.source = source.into();
        self
    }

    /// Its description.
    pub fn content(mut self, content: impl Into<String>) -> Self {
        self.content = content.into();
        self
    }

    /// The raw record it comes from.
    pub fn raw(mut self, raw: impl Into<String>) -> Self {
        self.raw = raw.into();
        self
    }

    /// Its category, by name (`Defense Evasion`, `Persistence`...).
    pub fn category(mut self, category: impl Into<String>) -> Self {
        self.category = category.into();
        self
    }

    /// Adds a tag.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tags.push(tag.into());
        self
    }

    /// Its colour on the timeline (a CSS colour, `#ff0000`).
    pub fn color(mut self, color: impl Into<String>) -> Self {
        self.color = color.into();
        self
    }

    /// Whether the case summary shows it.
    pub fn in_summary(mut self, in_summary: bool) -> Self {
        self.in_summary = in_summary;
        self
    }

    /// Whether the case graph shows it.
    pub fn in_graph(mut self, in_graph: bool) -> Self {
        self.in_graph = in_graph;
        self
    }

    /// Links assets of the case to it.
    pub fn assets(mut self, assets: impl IntoIterator<Item = AssetRef>) -> Self {
        self.assets.extend(assets);
        self
    }

    /// Links IOCs of the case to it.
    pub fn iocs(mut self, iocs: impl IntoIterator<Item = IocRef>) -> Self {
        self.iocs.extend(iocs);
        self
    }

    pub(crate) fn into_op(self, case_id: i64, resolve: Resolve<'_>) -> Result<Op, CaseError> {
        text::check(
            "timeline event",
            &[
                ("title", &self.title),
                ("source", &self.source),
                ("category", &self.category),
                ("color", &self.color),
                ("content", &self.content),
                ("raw record", &self.raw),
            ],
        )?;
        text::check_tags("timeline event", &self.tags)?;
        let title = required("timeline event", "title", &self.title)?;
        let category = resolve(Vocabulary::EventCategory, &self.category)?;
        Ok(Op {
            kind: ObjectKind::Event,
            case_id,
            fields: fields([
                ("event_title", json!(title)),
                ("event_date", json!(utc_date(self.date))),
                ("event_source", json!(self.source)),
                ("event_content", Value::String(self.content)),
                ("event_raw", Value::String(self.raw)),
                ("event_tags", json!(tags("timeline event", &self.tags)?)),
                ("event_color", json!(self.color)),
                ("event_in_summary", json!(self.in_summary)),
                ("event_in_graph", json!(self.in_graph)),
            ]),
            links: fields([
                ("category_id", json!(category.id)),
                ("assets", targets(self.assets.iter().map(|r| r.0))),
                ("iocs", targets(self.iocs.iter().map(|r| r.0))),
            ]),
            key: &["event_title", "event_date", "event_raw"],
            hook: "on_postload_event_create".into(),
            activity: format!("added event \"{title}\""),
        })
    }
}

/// A new note: a note with the same title in the same directory of the case is the same note.
#[derive(Clone, Debug, PartialEq)]
pub struct NewNote {
    title: String,
    content: String,
    directory: String,
}

impl NewNote {
    /// The directory notes go to unless [`NewNote::directory`] names another.
    pub const DEFAULT_DIRECTORY: &'static str = "From modules";

    /// A note titled `title` (at most 155 characters, IRIS's limit) with `content` (Markdown).
    pub fn new(title: impl Into<String>, content: impl Into<String>) -> Self {
        NewNote {
            title: title.into(),
            content: content.into(),
            directory: Self::DEFAULT_DIRECTORY.into(),
        }
    }

    /// The directory (at the top of the case's notes; created if the case has none of that
    /// name).
    pub fn directory(mut self, directory: impl Into<String>) -> Self {
        self.directory = directory.into();
        self
    }

    pub(crate) fn into_op(self, case_id: i64) -> Result<Op, CaseError> {
        text::check(
            "note",
            &[
                ("title", &self.title),
                ("directory", &self.directory),
                ("content", &self.content),
            ],
        )?;
        let title = required("note", "title", &self.title)?;
        if title.chars().count() > 155 {
            return Err(CaseError::Invalid {
                object: "note",
                problem: "the title is longer than IRIS's 155 characters".into(),
            });
        }
        let directory = required("note", "directory", &self.directory)?;
        Ok(Op {
            kind: ObjectKind::Note,
            case_id,
            fields: fields([
                ("note_title", json!(title)),
                ("note_content", Value::String(self.content)),
            ]),
            links: fields([("directory", json!(directory))]),
            key: &["note_title", "directory"],
            hook: "on_postload_note_create".into(),
            activity: format!("created note \"{title}\""),
        })
    }
}

/// A new task: a task with the same title in the case is the same task.
#[derive(Clone, Debug, PartialEq)]
pub struct NewTask {
    title: String,
    description: String,
    status: String,
    tags: Vec<String>,
}

impl NewTask {
    /// A task titled `title`, status `To do`.
    pub fn new(title: impl Into<String>) -> Self {
        NewTask {
            title: title.into(),
            description: String::new(),
            status: "To do".into(),
            tags: Vec::new(),
        }
    }

    /// Its description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = description.into();
        self
    }

    /// Its status, by name (`To do`, `In progress`, `On hold`, `Done`, `Canceled`).
    pub fn status(mut self, status: impl Into<String>) -> Self {
        self.status = status.into();
        self
    }

    /// Adds a tag.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tags.push(tag.into());
        self
    }

    pub(crate) fn into_op(self, case_id: i64, resolve: Resolve<'_>) -> Result<Op, CaseError> {
        text::check(
            "task",
            &[
                ("title", &self.title),
                ("status", &self.status),
                ("description", &self.description),
            ],
        )?;
        text::check_tags("task", &self.tags)?;
        let title = required("task", "title", &self.title)?;
        let status = resolve(Vocabulary::TaskStatus, &self.status)?;
        Ok(Op {
            kind: ObjectKind::Task,
            case_id,
            fields: fields([
                ("task_title", json!(title)),
                ("task_description", json!(self.description)),
                ("task_tags", json!(tags("task", &self.tags)?)),
                ("task_status_id", json!(status.id)),
            ]),
            links: Map::new(),
            key: &["task_title"],
            hook: "on_postload_task_create".into(),
            activity: format!("added task \"{title}\""),
        })
    }
}

/// A new comment: the same text on the same object is the same comment.
#[derive(Clone, Debug, PartialEq)]
pub struct NewComment {
    on: CommentTarget,
    text: String,
}

impl NewComment {
    /// A comment saying `text` on the object `on` (an [`IocRef`], [`AssetRef`],
    /// [`super::EventRef`], [`super::NoteRef`] or [`super::TaskRef`]).
    pub fn new(on: impl Into<CommentTarget>, text: impl Into<String>) -> Self {
        NewComment {
            on: on.into(),
            text: text.into(),
        }
    }

    pub(crate) fn into_op(self, case_id: i64) -> Result<Op, CaseError> {
        text::check("comment", &[("text", &self.text)])?;
        let text = required("comment", "text", &self.text)?;
        let kind = self.on.kind_name();
        Ok(Op {
            kind: ObjectKind::Comment,
            case_id,
            fields: fields([("comment_text", json!(text))]),
            links: fields([("target", json!({ "kind": kind, "at": self.on.target() }))]),
            key: &["comment_text", "target"],
            hook: format!("on_postload_{kind}_commented"),
            // IRIS names the object: the store puts its name in place of `{target}`.
            activity: format!("{kind} \"{{target}}\" commented"),
        })
    }
}

/// `value`, trimmed, or an error if it is empty.
fn required<'v>(object: &'static str, what: &str, value: &'v str) -> Result<&'v str, CaseError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(CaseError::Invalid {
            object,
            problem: format!("the {what} is empty"),
        });
    }
    Ok(value)
}

/// IRIS's check of an IOC's value against its type (`IocSchema.verify_data`): the whole value
/// matches the type's pattern, ignoring case. The refusal quotes the value bounded.
fn check_pattern(ioc_type: &Term, value: &str) -> Result<(), CaseError> {
    let Some(pattern) = ioc_type.pattern.as_deref().filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    // A pattern Rust's engine cannot read (`None`) is IRIS's to check when it stores the IOC.
    if super::patterns::full_match(pattern, value) != Some(false) {
        return Ok(());
    }
    Err(CaseError::Invalid {
        object: "IOC",
        problem: format!(
            "`{}` is not a valid {} (expected: {})",
            bounded(value),
            ioc_type.name,
            bounded(ioc_type.expect.as_deref().unwrap_or(pattern))
        ),
    })
}

/// IRIS's tag column: the tags joined by commas (a tag cannot hold one).
fn tags(object: &'static str, tags: &[String]) -> Result<String, CaseError> {
    let mut kept: Vec<&str> = Vec::new();
    for tag in tags
        .iter()
        .map(|tag| tag.trim())
        .filter(|tag| !tag.is_empty())
    {
        if tag.contains(',') {
            return Err(CaseError::Invalid {
                object,
                problem: format!(
                    "the tag `{}` contains a comma, which IRIS uses between tags",
                    bounded(tag)
                ),
            });
        }
        if !kept.contains(&tag) {
            kept.push(tag);
        }
    }
    Ok(kept.join(","))
}

/// A date as IRIS stores it: UTC, to the microsecond.
fn utc_date(date: jiff::Timestamp) -> String {
    date.strftime("%Y-%m-%dT%H:%M:%S%.6f").to_string()
}

fn targets(targets: impl Iterator<Item = Target>) -> Value {
    Value::Array(targets.map(|target| json!(target)).collect())
}

fn fields<const N: usize>(entries: [(&str, Value); N]) -> Map<String, Value> {
    entries
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_to_the_microsecond() {
        let date: jiff::Timestamp = "2024-05-01T10:20:30.5+02:00".parse().unwrap();
        assert_eq!(utc_date(date), "2024-05-01T08:20:30.500000");
    }

    #[test]
    fn tags_are_joined_once_and_commas_refused() {
        assert_eq!(
            tags("IOC", &["a".into(), " b ".into(), "a".into(), "".into()]).unwrap(),
            "a,b"
        );
        assert!(tags("IOC", &["a,b".into()]).is_err());
    }
}
