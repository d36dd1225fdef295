//! References to a case's objects: one IRIS already stores (its id), or one this call adds
//! (stored when the call ends well).

use super::plan::ObjectKind;
use super::store::StoreError;
use serde::Serialize;
use serde_json::Value;

/// Where an object is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// Stored in IRIS, with this id.
    Stored(i64),
    /// Added by this call: the `n`th object it adds, stored when the call ends well.
    New(usize),
}

impl Target {
    /// The target `value` writes, if it is one: `{"stored": id}` or `{"new": n}` (the form
    /// [`Target`] serializes to, in the links the stores receive).
    fn from_json(value: &Value) -> Option<Target> {
        let Value::Object(map) = value else {
            return None;
        };
        if map.len() != 1 {
            return None;
        }
        if let Some(index) = map.get("new").and_then(Value::as_u64) {
            return usize::try_from(index).ok().map(Target::New);
        }
        map.get("stored")
            .and_then(Value::as_i64)
            .map(Target::Stored)
    }
}

/// `value` (a link's JSON: targets, possibly in lists) with each target replaced by what `visit`
/// makes of it.
pub(crate) fn map_targets(
    value: &Value,
    visit: &mut dyn FnMut(Target) -> Result<Value, StoreError>,
) -> Result<Value, StoreError> {
    if let Some(target) = Target::from_json(value) {
        return visit(target);
    }
    Ok(match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(name, inner)| Ok((name.clone(), map_targets(inner, visit)?)))
                .collect::<Result<_, StoreError>>()?,
        ),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| map_targets(item, visit))
                .collect::<Result<_, _>>()?,
        ),
        other => other.clone(),
    })
}

/// The first object of the call that `value` refers to, if it refers to one.
pub(crate) fn first_new(value: &Value) -> Option<usize> {
    let mut first = None;
    let _ = map_targets(value, &mut |target| {
        if let (Target::New(index), None) = (target, first) {
            first = Some(index);
        }
        Ok(Value::Null)
    });
    first
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
#[non_exhaustive]
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
    /// The kind of the object.
    pub fn kind(self) -> ObjectKind {
        match self {
            CommentTarget::Ioc(_) => ObjectKind::Ioc,
            CommentTarget::Asset(_) => ObjectKind::Asset,
            CommentTarget::Event(_) => ObjectKind::Event,
            CommentTarget::Note(_) => ObjectKind::Note,
            CommentTarget::Task(_) => ObjectKind::Task,
        }
    }

    /// IRIS's name of the object's kind, as its comment hooks spell it (`ioc`, `asset`...).
    pub fn kind_name(self) -> &'static str {
        self.kind().iris_name()
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
