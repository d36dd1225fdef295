//! Where a case's objects are read and written: IRIS's database through the bridge, or memory in
//! tests and local runs. A store only looks up and stores; every rule (names, duplicates,
//! validation) is the case writer's, so both stores follow the same ones.

use super::plan::{Op, Plan};
use super::vocabulary::{Term, Vocabulary};

/// A case store.
pub trait CaseStore: Send + Sync {
    /// The entries of one of IRIS's lists.
    fn vocabulary(&self, vocabulary: Vocabulary) -> Result<Vec<Term>, String>;

    /// The id of the object of `op.kind` in `op.case_id` whose identifying values
    /// ([`Op::key_values`]) are `op`'s, if there is one.
    fn find(&self, op: &Op) -> Result<Option<i64>, String>;

    /// Stores every object of `plan` in one transaction, all or none, and returns their ids in
    /// order. Then, for each, calls the other modules that registered its hook ([`Op::hook`]).
    fn apply(&self, plan: &Plan<'_>) -> Result<Vec<i64>, String>;
}
