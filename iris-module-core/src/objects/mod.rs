//! The objects IRIS passes to hooks, as serde types: the models of iris-web v2.4.20
//! (`app/models`) as its marshmallow schemas dump them.
//!
//! Every object keeps the fields this crate does not model in `extra`, so a round trip through
//! Rust loses nothing. Columns that IRIS may leave empty are `Option`s.

mod alert;
mod asset;
mod attribute_owners;
mod case;
mod comment;
mod custom_attributes;
mod event;
mod evidence;
mod extra;
mod ids;
mod ioc;
mod module_state;
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
pub use extra::Extra;
pub use ids::{AlertIds, ObjectId};
pub use ioc::{Ioc, IocType, Tlp};
#[cfg_attr(not(feature = "python"), allow(unused_imports))]
pub(crate) use module_state::{ENRICHMENT_FIELDS, changed_keys};
pub use module_state::{Enriched, StateShape};
pub use note::Note;
pub use related::{AssetType, CaseState, Client, EvidenceType, RelatedCase, TaskStatus, User};
pub use report::ReportGenerated;
pub use request::RequestBody;
pub use tags::{Tagged, TagsTooLong};
pub use task::{GlobalTask, Task};

#[cfg(test)]
mod constructor_tests {
    use super::*;

    #[test]
    fn each_object_a_hook_passes_has_a_constructor_for_tests() {
        let asset = Asset::new("DC01", "Windows - Server");
        assert_eq!(
            (
                asset.asset_name.as_str(),
                asset.asset_type.and_then(|t| t.asset_name)
            ),
            ("DC01", Some("Windows - Server".to_owned()))
        );
        assert_eq!(Ioc::new("a.example", "domain").type_name(), "domain");
        let note = Note::new("Triage", "text");
        assert_eq!(
            (note.note_title.as_deref(), note.note_content.as_deref()),
            (Some("Triage"), Some("text"))
        );
        assert_eq!(Event::new("Logon").event_title.as_deref(), Some("Logon"));
        assert_eq!(Task::new("Reimage").task_title.as_deref(), Some("Reimage"));
        assert_eq!(
            GlobalTask::new("Audit").task_title.as_deref(),
            Some("Audit")
        );
        assert_eq!(Case::new("Case 1").name.as_deref(), Some("Case 1"));
        assert_eq!(Evidence::new("a.evtx").filename, "a.evtx");
        assert_eq!(Alert::new("Beacon").alert_title, "Beacon");
        assert_eq!(Comment::new("seen").comment_text.as_deref(), Some("seen"));
    }
}
