//! Where a case's objects are read and written: IRIS's database through the bridge, or memory in
//! tests and local runs. A store only looks up and stores; every rule (names, duplicates,
//! validation) is the case writer's, so both stores follow the same ones.

use super::plan::{Op, Plan};
use super::vocabulary::{Term, Vocabulary};

/// A case store.
pub trait CaseStore: Send + Sync {
    /// The entries of one of IRIS's lists.
    fn vocabulary(&self, vocabulary: Vocabulary) -> Result<Vec<Term>, StoreError>;

    /// The id of the object of `op.kind` in `op.case_id` whose identifying values
    /// ([`Op::key_values`]) are `op`'s, if there is one.
    fn find(&self, op: &Op) -> Result<Option<i64>, StoreError>;

    /// Stores every object of `plan` in one transaction, all or none, and returns their ids in
    /// order. Then, for each, calls the other modules that registered its hook ([`Op::hook`]).
    fn apply(&self, plan: &Plan<'_>) -> Result<Vec<i64>, StoreError>;
}

/// Why a store could not read or store.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The host (IRIS's database, through the bridge) failed or did not answer.
    #[error("{0}")]
    Host(String),
    /// What the host answered does not read.
    #[error("{0}")]
    Unreadable(String),
    /// A link to an object the call adds after the one linking.
    #[error("a link to object {0} of the call, which comes after it")]
    ForwardLink(usize),
    /// A link to an object that is not in the case (or not of the kind linked).
    #[error("{kind} {id} is not in case {case_id}")]
    NotInCase {
        /// The kind linked (`asset`, `IOC`...).
        kind: &'static str,
        /// The object's id.
        id: i64,
        /// The case of the object linking.
        case_id: i64,
    },
    /// A comment on a kind of object the case writer does not know.
    #[error("a comment on an unknown kind of object: {0:?}")]
    UnknownKind(Option<String>),
}
