//! A case store in memory: what the harness and `cargo iris run` write to, with IRIS's lists as
//! its first start fills them.

use super::plan::{ObjectKind, Op, Plan};
use super::refs::{Target, map_targets};
use super::store::{CaseStore, StoreError};
use super::vocabulary::{Term, Vocabulary, iris_defaults};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// One stored object.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredObject {
    /// Its kind.
    pub kind: ObjectKind,
    /// Its id.
    pub id: i64,
    /// Its case.
    pub case_id: i64,
    /// Its columns, by IRIS's names.
    pub fields: Map<String, Value>,
    /// Its links, with every reference to an object of the same call turned into
    /// `{"stored": id}`.
    pub links: Map<String, Value>,
    /// The module that added it.
    pub added_by: String,
    /// The acting user.
    pub user_id: Option<i64>,
    /// The hook IRIS fires for it (for the other modules).
    pub hook: String,
}

impl StoredObject {
    /// A column as text (`""` when absent or not text).
    pub fn text(&self, column: &str) -> &str {
        self.fields
            .get(column)
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// The ids of the objects linked under `link` (`assets`, `iocs`).
    pub fn linked(&self, link: &str) -> Vec<i64> {
        self.links
            .get(link)
            .and_then(Value::as_array)
            .map(|targets| {
                targets
                    .iter()
                    .filter_map(|target| target.get("stored").and_then(Value::as_i64))
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl std::fmt::Display for StoredObject {
    /// `IOC #3 "evil.example" in case 1`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let label = [
            "ioc_value",
            "asset_name",
            "event_title",
            "note_title",
            "task_title",
            "comment_text",
        ]
        .iter()
        .map(|column| self.text(column))
        .find(|text| !text.is_empty())
        .unwrap_or("");
        write!(
            f,
            "{} #{} {:?} in case {}",
            self.kind.label(),
            self.id,
            label,
            self.case_id
        )
    }
}

/// A case store in memory.
#[derive(Debug, Default)]
pub struct MemoryCase {
    state: Mutex<Stored>,
}

/// The objects, and the id of each one's identity ([`Op::identity`]).
#[derive(Debug, Default)]
struct Stored {
    objects: Vec<StoredObject>,
    identities: HashMap<String, i64>,
}

impl MemoryCase {
    /// Every object stored, in order.
    pub fn objects(&self) -> Vec<StoredObject> {
        self.lock().objects.clone()
    }

    /// The objects of one kind, in order.
    pub fn of_kind(&self, kind: ObjectKind) -> Vec<StoredObject> {
        self.lock()
            .objects
            .iter()
            .filter(|object| object.kind == kind)
            .cloned()
            .collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Stored> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// `value` with every target of a new object replaced by its stored id, `ids[n]`.
fn resolve_new(value: &Value, ids: &[i64]) -> Result<Value, StoreError> {
    map_targets(value, &mut |target| {
        let id = match target {
            Target::Stored(id) => id,
            Target::New(index) => *ids.get(index).ok_or(StoreError::ForwardLink(index))?,
        };
        Ok(json!({ "stored": id }))
    })
}

/// Checks that every stored object `links` names is in the op's case, with the right kind.
fn check_links(
    is_in_case: &dyn Fn(ObjectKind, i64) -> bool,
    op: &Op,
    links: &Map<String, Value>,
) -> Result<(), StoreError> {
    let mut wanted: Vec<(ObjectKind, i64)> = Vec::new();
    for (name, kind) in [("assets", ObjectKind::Asset), ("iocs", ObjectKind::Ioc)] {
        for target in links
            .get(name)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(id) = target.get("stored").and_then(Value::as_i64) {
                wanted.push((kind, id));
            }
        }
    }
    if let Some(target) = links.get("target") {
        let kind = target.get("kind").and_then(Value::as_str);
        let kind = kind
            .and_then(ObjectKind::from_iris_name)
            .ok_or_else(|| StoreError::UnknownKind(kind.map(str::to_owned)))?;
        if let Some(id) = target.pointer("/at/stored").and_then(Value::as_i64) {
            wanted.push((kind, id));
        }
    }
    for (kind, id) in wanted {
        if !is_in_case(kind, id) {
            return Err(StoreError::NotInCase {
                kind: kind.label(),
                id,
                case_id: op.case_id,
            });
        }
    }
    Ok(())
}

impl CaseStore for MemoryCase {
    fn vocabulary(&self, vocabulary: Vocabulary) -> Result<Vec<Term>, StoreError> {
        Ok(iris_defaults(vocabulary).to_vec())
    }

    fn find(&self, op: &Op) -> Result<Option<i64>, StoreError> {
        Ok(self.lock().identities.get(&op.identity()).copied())
    }

    fn apply(&self, plan: &Plan<'_>) -> Result<Vec<i64>, StoreError> {
        let mut stored = self.lock();
        let objects = &stored.objects;
        let mut added: Vec<StoredObject> = Vec::new();
        let mut ids = Vec::new();
        let mut identities = Vec::new();
        let mut next = objects.iter().map(|object| object.id).max().unwrap_or(0);
        for op in plan.ops {
            let links = match resolve_new(&Value::Object(op.links.clone()), &ids)? {
                Value::Object(links) => links,
                _ => Map::new(),
            };
            let is_in_case = |kind: ObjectKind, id: i64| {
                objects.iter().chain(added.iter()).any(|object| {
                    object.kind == kind && object.id == id && object.case_id == op.case_id
                })
            };
            check_links(&is_in_case, op, &links)?;
            next += 1;
            ids.push(next);
            // Found again later by what it links to once stored.
            identities.push(
                Op {
                    links: links.clone(),
                    ..op.clone()
                }
                .identity(),
            );
            added.push(StoredObject {
                kind: op.kind,
                id: next,
                case_id: op.case_id,
                fields: op.fields.clone(),
                links,
                added_by: plan.module.to_owned(),
                user_id: plan.user_id,
                hook: op.hook.clone(),
            });
        }
        // All or none: nothing is kept unless every object was.
        for (identity, &id) in identities.into_iter().zip(&ids) {
            stored.identities.insert(identity, id);
        }
        stored.objects.extend(added);
        Ok(ids)
    }
}
