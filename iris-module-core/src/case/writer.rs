//! The case writer: what a hook handler or a pipeline adds to a case during one call, checked as
//! it is added and stored when the call ends well.

use super::error::CaseError;
use super::memory::MemoryCase;
use super::names::resolve;
use super::new::{NewAsset, NewComment, NewEvent, NewIoc, NewNote, NewTask};
use super::plan::{ObjectKind, Op, Plan};
use super::refs::{AssetRef, EventRef, IocRef, NoteRef, Target, TaskRef, first_new};
use super::store::CaseStore;
use super::vocabulary::{Term, Vocabulary};
use crate::logging::HookLogger;
use crate::redact::Redactor;
use crate::status::Status;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// What one call (a hook call, a pipeline run) adds to cases: held until the call ends, then
/// stored in one transaction if it succeeded, dropped if it failed.
pub struct CaseSession {
    store: Arc<dyn CaseStore>,
    module: String,
    user_id: Option<i64>,
    state: Mutex<SessionState>,
}

#[derive(Default)]
struct SessionState {
    ops: Vec<Op>,
    /// The index in `ops` of each op's [`Op::identity`].
    added: HashMap<String, usize>,
    found: usize,
    /// How many texts of the added objects held a secret of the module, removed.
    redacted: usize,
    terms: HashMap<Vocabulary, Arc<Vec<Term>>>,
    end: CallEnd,
}

/// Where the call stands: still running, given up by its caller (past its time limit: nothing it
/// added is stored), or storing / done storing (too late to give it up: what it added is, or is
/// being, stored).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum CallEnd {
    #[default]
    Running,
    Abandoned,
    Settling,
}

impl CaseSession {
    /// A session writing to `store` for the module `module` (IRIS's `module_name`), acting as
    /// `user_id` when the caller knows the user.
    pub fn new(store: Arc<dyn CaseStore>, module: impl Into<String>, user_id: Option<i64>) -> Self {
        CaseSession {
            store,
            module: module.into(),
            user_id,
            state: Mutex::default(),
        }
    }

    /// The case `case_id`, to add to (a module's calls add through their context, which removes
    /// the module's secrets from what is added).
    pub fn case(&self, case_id: i64) -> Case<'_> {
        static NO_SECRETS: std::sync::LazyLock<Redactor> =
            std::sync::LazyLock::new(Redactor::default);
        self.case_redacting(case_id, &NO_SECRETS)
    }

    /// The case `case_id`, to add to, with `redactor`'s secrets (the module's) removed from
    /// every object added.
    pub(crate) fn case_redacting<'a>(&'a self, case_id: i64, redactor: &'a Redactor) -> Case<'a> {
        Case {
            session: self,
            case_id,
            redactor,
        }
    }

    /// The objects added so far and not stored yet.
    pub fn pending(&self) -> Vec<Op> {
        self.lock().ops.clone()
    }

    /// Gives the call up (its caller stopped waiting for it): nothing it added is stored, then or
    /// later. `false` when it is too late: the call has begun storing what it added (or has
    /// stored it), and its outcome is to be waited for.
    pub fn abandon(&self) -> bool {
        let mut state = self.lock();
        match state.end {
            CallEnd::Running | CallEnd::Abandoned => {
                state.end = CallEnd::Abandoned;
                true
            }
            CallEnd::Settling => false,
        }
    }

    /// Ends the call: if `status` is a success, stores what the call added (all or nothing) and
    /// says so in `logger`; otherwise drops it. A store that fails turns the status into an
    /// error that says nothing was added. A call given up ([`abandon`](Self::abandon)) stores
    /// nothing.
    pub fn settle(&self, status: Status, logger: &HookLogger) -> Status {
        let (ops, found, redacted) = {
            let mut state = self.lock();
            if state.end == CallEnd::Abandoned {
                let dropped = std::mem::take(&mut state.ops).len();
                drop(state);
                logger.warn(format!(
                    "case: nothing added, the call ran past its time limit ({dropped} new \
                     object(s) dropped)"
                ));
                return Status::error("the call ran past its time limit: nothing was added");
            }
            state.end = CallEnd::Settling;
            (
                std::mem::take(&mut state.ops),
                std::mem::take(&mut state.found),
                std::mem::take(&mut state.redacted),
            )
        };
        if redacted > 0 {
            logger.warn(format!(
                "case: {redacted} text(s) of what the module added held one of its secrets, \
                 removed"
            ));
        }
        if ops.is_empty() {
            if found > 0 {
                logger.info(format!("case: nothing new to add ({found} already there)"));
            }
            return status;
        }
        if status.is_failure() {
            logger.warn(format!(
                "case: nothing added, the call failed ({} new object(s) dropped)",
                ops.len()
            ));
            return status;
        }
        let plan = Plan {
            module: &self.module,
            user_id: self.user_id,
            ops: &ops,
        };
        match self.store.apply(&plan) {
            Ok(_) => {
                logger.info(format!("case: added {}{}", counts(&ops), already(found)));
                status
            }
            Err(problem) => {
                let message = format!(
                    "the {} object(s) the module added could not be stored, and none was: {problem}",
                    ops.len()
                );
                logger.error(&message);
                let mut failed = Status::error(message);
                failed.logs = status.logs;
                failed
            }
        }
    }

    fn lock(&self) -> MutexGuard<'_, SessionState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn resolve(&self, vocabulary: Vocabulary, name: &str) -> Result<Term, CaseError> {
        let cached = self.lock().terms.get(&vocabulary).cloned();
        let terms = match cached {
            Some(terms) => terms,
            None => {
                let terms = Arc::new(
                    self.store
                        .vocabulary(vocabulary)
                        .map_err(CaseError::Store)?,
                );
                self.lock().terms.insert(vocabulary, Arc::clone(&terms));
                terms
            }
        };
        resolve(vocabulary, &terms, name).cloned()
    }

    /// Adds `op` unless the same object is already added by this call or stored in the case.
    fn add(&self, mut op: Op, redactor: &Redactor) -> Result<(Target, bool), CaseError> {
        let redacted = op.redact(redactor);
        let mut state = self.lock();
        state.redacted += redacted;
        let identity = op.identity();
        if let Some(&index) = state.added.get(&identity) {
            state.found += 1;
            return Ok((Target::New(index), false));
        }
        for link in op.links.values() {
            if let Some(index) = first_new(link).filter(|index| *index >= state.ops.len()) {
                return Err(CaseError::Invalid {
                    object: op.kind.label(),
                    problem: format!(
                        "it links to object {index} of a call, which this call has not added (a reference kept from another call?)"
                    ),
                });
            }
        }
        // An object that refers to one this call adds cannot be stored already.
        let refers_to_new = op
            .key_values()
            .values()
            .any(|value| first_new(value).is_some());
        if !refers_to_new && let Some(id) = self.store.find(&op).map_err(CaseError::Store)? {
            state.found += 1;
            return Ok((Target::Stored(id), false));
        }
        let index = state.ops.len();
        state.ops.push(op);
        state.added.insert(identity, index);
        Ok((Target::New(index), true))
    }
}

impl Default for CaseSession {
    /// A session on an empty case in memory.
    fn default() -> Self {
        CaseSession::new(Arc::new(MemoryCase::default()), "", None)
    }
}

impl fmt::Debug for CaseSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CaseSession")
            .field("module", &self.module)
            .field("user_id", &self.user_id)
            .field("pending", &self.lock().ops.len())
            .finish_non_exhaustive()
    }
}

/// `2 IOC(s), 1 timeline event(s)`.
fn counts(ops: &[Op]) -> String {
    let mut counted: Vec<(ObjectKind, usize)> = Vec::new();
    for op in ops {
        match counted.iter_mut().find(|(kind, _)| *kind == op.kind) {
            Some((_, count)) => *count += 1,
            None => counted.push((op.kind, 1)),
        }
    }
    counted
        .iter()
        .map(|(kind, count)| format!("{count} {}(s)", kind.label()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn already(found: usize) -> String {
    if found == 0 {
        String::new()
    } else {
        format!("; {found} already there")
    }
}

/// One case, to add objects to. Each `add_*` checks the object as IRIS would (names resolved to
/// IRIS's ids, values validated), then says whether it is new or was already there (the same
/// object added earlier in the call, or stored in the case): running a module twice adds
/// nothing twice. New objects are stored when the call ends well.
#[derive(Clone, Copy, Debug)]
pub struct Case<'a> {
    session: &'a CaseSession,
    case_id: i64,
    redactor: &'a Redactor,
}

/// The outcome of an `add_*`: the object, and whether this call created it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Added<R> {
    reference: R,
    created: bool,
}

impl<R: Copy> Added<R> {
    /// The object, to link others to.
    pub fn id(&self) -> R {
        self.reference
    }

    /// Whether this call created it (it is stored when the call ends well).
    pub fn created(&self) -> bool {
        self.created
    }

    /// Whether it was already there.
    pub fn existed(&self) -> bool {
        !self.created
    }
}

impl Case<'_> {
    /// The case's id.
    pub fn id(&self) -> i64 {
        self.case_id
    }

    fn add<R>(&self, op: Op, reference: fn(Target) -> R) -> Result<Added<R>, CaseError> {
        let (target, created) = self.session.add(op, self.redactor)?;
        Ok(Added {
            reference: reference(target),
            created,
        })
    }

    fn resolver(&self) -> impl Fn(Vocabulary, &str) -> Result<Term, CaseError> + '_ {
        |vocabulary, name| self.session.resolve(vocabulary, name)
    }

    /// Adds an IOC (linked to the case; IRIS keeps one IOC per value and type).
    pub fn add_ioc(&self, ioc: NewIoc) -> Result<Added<IocRef>, CaseError> {
        self.add(ioc.into_op(self.case_id, &self.resolver())?, IocRef)
    }

    /// Adds an asset.
    pub fn add_asset(&self, asset: NewAsset) -> Result<Added<AssetRef>, CaseError> {
        self.add(asset.into_op(self.case_id, &self.resolver())?, AssetRef)
    }

    /// Adds a timeline event.
    pub fn add_event(&self, event: NewEvent) -> Result<Added<EventRef>, CaseError> {
        self.add(event.into_op(self.case_id, &self.resolver())?, EventRef)
    }

    /// Adds a note.
    pub fn add_note(&self, note: NewNote) -> Result<Added<NoteRef>, CaseError> {
        self.add(note.into_op(self.case_id)?, NoteRef)
    }

    /// Adds a task.
    pub fn add_task(&self, task: NewTask) -> Result<Added<TaskRef>, CaseError> {
        self.add(task.into_op(self.case_id, &self.resolver())?, TaskRef)
    }

    /// Adds a comment on an object of the case.
    pub fn add_comment(&self, comment: NewComment) -> Result<Added<CommentRef>, CaseError> {
        self.add(comment.into_op(self.case_id)?, CommentRef)
    }
}

/// A comment of the case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CommentRef(pub(crate) Target);
