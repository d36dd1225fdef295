//! The case writer: modules add IOCs, assets, timeline events, notes, tasks and comments to a
//! case, typed, checked as IRIS checks them, without duplicates, and all or nothing.
//!
//! ```
//! use iris_module_core::case::*;
//!
//! let session = CaseSession::default();
//! let case = session.case(1);
//! let ioc = case.add_ioc(NewIoc::new("evil.example", "domain").tag("from-note").tlp("amber"))?;
//! let host = case.add_asset(NewAsset::new("DC01", "Windows - Server").ip("10.0.0.5"))?;
//! case.add_event(
//!     NewEvent::new("Security log cleared", "2024-05-01T08:00:00Z".parse().unwrap())
//!         .source("Security.evtx")
//!         .category("Defense Evasion")
//!         .assets([host.id()])
//!         .iocs([ioc.id()]),
//! )?;
//! assert!(ioc.created());
//! // The same IOC again is the same IOC.
//! assert!(case.add_ioc(NewIoc::new("evil.example", "domain"))?.existed());
//! // A name IRIS does not have is refused, with the close ones.
//! let error = case.add_asset(NewAsset::new("DC02", "Windows - Sever")).unwrap_err();
//! assert!(error.to_string().contains("did you mean"));
//! assert!(error.to_string().contains("`Windows - Server`"));
//! # Ok::<(), CaseError>(())
//! ```
//!
//! The rules, the same in IRIS, in the harness and in `cargo iris run`:
//! - **Names** (IOC types, asset types, TLPs, event categories, task statuses) are IRIS's: the
//!   exact name, else the one equal ignoring case; anything else is an error that lists the
//!   closest names. An IOC's value must match its type's validation pattern, as in IRIS.
//! - **Duplicates**: an object already in the case, or already added by the call, is not added
//!   again; `add_*` returns it with [`Added::existed`]. The same object is: an IOC with the same
//!   value and type (IRIS's rule); an asset with the same name and type; an event with the same
//!   title, date and raw record (the source is not compared: the same records imported from a
//!   renamed file are the same events); a note with the same title in the same directory; a
//!   task with the same title; a comment with the same text on the same object.
//! - **All or nothing**: what a call adds is stored when it ends, in one transaction with the
//!   handler's changes to its objects, only if it succeeded. A failed call adds nothing.
//! - **Inside IRIS**, objects are stored as IRIS stores an analyst's: linked to the case, with
//!   the acting user (who triggered the hook or pipeline), the case's update marks, the object
//!   history and the activity trail. Then IRIS's postload hook for each (`on_postload_ioc_create`,
//!   `on_postload_event_create`, `on_postload_ioc_commented`...) calls the other modules that
//!   registered it, as for an analyst's object, but never the module that added it: no module is
//!   re-entered by its own objects.

mod error;
pub(crate) mod memory;
mod names;
mod new;
mod patterns;
pub(crate) mod plan;
pub(crate) mod refs;
pub(crate) mod store;
mod text;
mod vocabulary;
mod writer;

pub use error::CaseError;
pub use new::{NewAsset, NewComment, NewEvent, NewIoc, NewNote, NewTask};
pub use plan::ObjectKind;
pub use refs::{AssetRef, CommentTarget, EventRef, IocRef, NoteRef, TaskRef};
pub use vocabulary::{Term, Vocabulary, iris_defaults};
pub use writer::{Added, Case, CaseSession, CommentRef};

/// A point in time, as timeline events take it (the `jiff` crate's; parse one with
/// `"2024-05-01T08:00:00Z".parse()`).
pub use jiff::Timestamp;
