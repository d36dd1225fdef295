//! The objects IRIS passes to hooks (iris-web v2.4.20 models, reference §6), as serde types.
//!
//! Every object keeps the fields this crate does not model in `extra`, so a round trip through
//! Rust loses nothing. Columns that IRIS may leave empty are `Option`s.

mod alert;
mod asset;
mod case;
mod comment;
mod custom_attributes;
mod event;
mod evidence;
mod ids;
mod ioc;
mod note;
mod related;
mod report;
mod request;
mod tags;
mod task;

pub use alert::Alert;
pub use asset::Asset;
pub use case::Case;
pub use comment::{Comment, CommentAdded};
pub use custom_attributes::{AttributeField, AttributeType, CustomAttributes, HasCustomAttributes};
pub use event::Event;
pub use evidence::Evidence;
pub use ids::{AlertIds, ObjectId};
pub use ioc::{Ioc, IocType, Tlp};
pub use note::Note;
pub use related::{AssetType, CaseState, Client, EvidenceType, TaskStatus, User};
pub use report::ReportGenerated;
pub use request::RequestBody;
pub use tags::{Tagged, TagsTooLong};
pub use task::{GlobalTask, Task};

/// Fields of an object that this crate does not model, kept as IRIS sent them.
pub type Extra = serde_json::Map<String, serde_json::Value>;
