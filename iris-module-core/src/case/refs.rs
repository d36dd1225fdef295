//! References to a case's objects: one IRIS already stores (its id), or one this call adds
//! (stored when the call ends well).

use serde::Serialize;

/// Where an object is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// Stored in IRIS, with this id.
    Stored(i64),
    /// Added by this call: the `n`th object it adds, stored when the call ends well.
    New(usize),
}

macro_rules! object_ref {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub struct $name(pub(crate) Target);

        impl $name {
            /// The object IRIS stores with this id.
            pub fn stored(id: i64) -> Self {
                $name(Target::Stored(id))
            }

            /// Its id in IRIS, when it is stored already (`None` for an object this call adds:
            /// IRIS numbers it when the call ends).
            pub fn stored_id(self) -> Option<i64> {
                match self.0 {
                    Target::Stored(id) => Some(id),
                    Target::New(_) => None,
                }
            }

            /// Where it is.
            pub fn target(self) -> Target {
                self.0
            }
        }
    };
}

object_ref!(
    /// An IOC of the case.
    IocRef
);
object_ref!(
    /// An asset of the case.
    AssetRef
);
object_ref!(
    /// A timeline event of the case.
    EventRef
);
object_ref!(
    /// A note of the case.
    NoteRef
);
object_ref!(
    /// A task of the case.
    TaskRef
);

/// The object a comment is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CommentTarget {
    /// An IOC.
    Ioc(IocRef),
    /// An asset.
    Asset(AssetRef),
    /// A timeline event.
    Event(EventRef),
    /// A note.
    Note(NoteRef),
    /// A task.
    Task(TaskRef),
}

impl CommentTarget {
    /// IRIS's name of the object's kind, as its comment hooks spell it (`ioc`, `asset`...).
    pub fn kind_name(self) -> &'static str {
        match self {
            CommentTarget::Ioc(_) => "ioc",
            CommentTarget::Asset(_) => "asset",
            CommentTarget::Event(_) => "event",
            CommentTarget::Note(_) => "note",
            CommentTarget::Task(_) => "task",
        }
    }

    /// Where the object is.
    pub fn target(self) -> Target {
        match self {
            CommentTarget::Ioc(r) => r.0,
            CommentTarget::Asset(r) => r.0,
            CommentTarget::Event(r) => r.0,
            CommentTarget::Note(r) => r.0,
            CommentTarget::Task(r) => r.0,
        }
    }
}

macro_rules! comment_target_from {
    ($($variant:ident($ty:ident)),*) => {$(
        impl From<$ty> for CommentTarget {
            fn from(reference: $ty) -> Self {
                CommentTarget::$variant(reference)
            }
        }
    )*};
}

comment_target_from!(
    Ioc(IocRef),
    Asset(AssetRef),
    Event(EventRef),
    Note(NoteRef),
    Task(TaskRef)
);
