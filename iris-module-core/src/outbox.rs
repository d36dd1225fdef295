//! What a module could not deliver, kept for its next call: an [`Outbox`] per destination (a
//! webhook, a SIEM), in the workers' [shared state](crate::shared) (inside IRIS, IRIS's own
//! PostgreSQL; elsewhere, a private directory of the user's), sent again in order before anything
//! newer.
//!
//! While items wait, one worker at a time sends a destination's items (the others add theirs
//! behind it), so their order holds across IRIS's worker processes and hosts; when none waits, a
//! new item is sent at once. An item is removed once the destination
//! took it: a worker killed between the two sends that one item again on the next call, so an
//! item is delivered at least once, never lost (a receiver that must see each once can key on the
//! id [`Outbox::deliver`] passes with each item).

use crate::shared::{SharedState, StateError};
use sha2::{Digest, Sha256};
use std::fmt;
use std::hash::BuildHasher;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The most items one outbox keeps; past it a new item is refused (and said so), never an old
/// one dropped.
pub const MAX_KEPT: usize = 10_000;

/// How long one worker holds a destination when its hook has no time limit.
const DEFAULT_HOLD: Duration = Duration::from_secs(120);

/// The items of one destination that are still to be delivered.
#[derive(Clone)]
pub struct Outbox {
    key: String,
    store: Arc<dyn SharedState>,
}

impl fmt::Debug for Outbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Outbox")
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

/// What one delivery came to.
#[derive(Debug, PartialEq, Eq)]
pub struct Delivered<E> {
    /// Items the destination took in this call, those kept from earlier calls included.
    pub sent: usize,
    /// Items kept for a later call (the destination refused one, the time ran out, or another
    /// worker is sending to it).
    pub kept: usize,
    /// Whether another worker was sending to the destination, so the new item was put behind it.
    pub behind_another_worker: bool,
    /// Why the destination refused the item it stopped at, when it did.
    pub refused: Option<E>,
}

impl<E> Default for Delivered<E> {
    fn default() -> Self {
        Delivered {
            sent: 0,
            kept: 0,
            behind_another_worker: false,
            refused: None,
        }
    }
}

/// Why an item was neither delivered nor kept.
#[derive(Debug)]
#[non_exhaustive]
pub enum OutboxError<E> {
    /// The destination refused it, and the outbox could not keep it.
    NotKept {
        /// Why the destination refused it.
        refused: E,
        /// Why the outbox could not keep it.
        store: StateError,
    },
    /// The outbox holds [`MAX_KEPT`] items already.
    Full,
    /// The outbox could not keep an item it did not try to send.
    Unavailable(StateError),
}

impl<E: fmt::Display> fmt::Display for OutboxError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutboxError::NotKept { refused, store } => {
                write!(
                    f,
                    "not delivered ({refused}) and not kept for later ({store})"
                )
            }
            OutboxError::Full => write!(
                f,
                "not delivered and not kept: {MAX_KEPT} items wait for this destination already"
            ),
            OutboxError::Unavailable(store) => {
                write!(f, "not delivered and not kept for later ({store})")
            }
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for OutboxError<E> {}

impl Outbox {
    /// The outbox of `destination` (a name and address: hashed, never stored as written) for
    /// module `module`, in the workers' shared state.
    pub fn new(module: &str, destination: &str) -> Self {
        Outbox::in_store(module, destination, crate::shared::current())
    }

    /// The same, kept in `store`.
    pub fn in_store(module: &str, destination: &str, store: Arc<dyn SharedState>) -> Self {
        let mut hasher = Sha256::new();
        for part in ["outbox", module, destination] {
            hasher.update(part.as_bytes());
            hasher.update([0]);
        }
        Outbox {
            key: hex::encode(&hasher.finalize()[..16]),
            store,
        }
    }

    /// How many items wait.
    pub fn len(&self) -> Result<usize, StateError> {
        self.store.outbox_len(&self.key)
    }

    /// Whether none waits.
    pub fn is_empty(&self) -> Result<bool, StateError> {
        self.len().map(|len| len == 0)
    }

    /// Sends what waits, oldest first, then `item`, each with `send(id, item)` (`id`: the item's
    /// own, the same at every attempt); stops at the first one `send` refuses, or at `deadline`,
    /// and keeps it and everything after it for a later call. When another worker is sending to
    /// the destination, `item` is put behind what it sends.
    pub fn deliver<E>(
        &self,
        item: &str,
        deadline: Option<Instant>,
        mut send: impl FnMut(&str, &str) -> Result<(), E>,
    ) -> Result<Delivered<E>, OutboxError<E>> {
        self.deliver_attempts(item, deadline, |attempt| send(attempt.id, attempt.item))
    }

    /// [`deliver`](Self::deliver), with `send` told whether items were waiting
    /// ([`Attempt::backlog`]): the destination refused before, so one try is enough (a receiver
    /// that stays down then costs each call one attempt, not a round of retries).
    pub fn deliver_attempts<E>(
        &self,
        item: &str,
        deadline: Option<Instant>,
        mut send: impl FnMut(&Attempt<'_>) -> Result<(), E>,
    ) -> Result<Delivered<E>, OutboxError<E>> {
        let item = &Kept::new(item);
        // Nothing waits (the usual case): sent at once, without holding the destination, so a
        // healthy destination costs one look at the store. Items of calls that run at the same
        // time have no order to keep between them; what is kept waits for the next call.
        if self.store.outbox_len(&self.key).is_ok_and(|len| len == 0) {
            return self.send_or_keep(item, false, &mut send);
        }
        let holder = random() as i64 >> 1;
        let hold = deadline.map_or(DEFAULT_HOLD, |deadline| {
            deadline.saturating_duration_since(Instant::now()) + Duration::from_secs(5)
        });
        let drain_key = format!("{}-sending", self.key);
        let held = match self.store.take_call_slot(&drain_key, 1, hold, holder) {
            Ok(held) => held.is_some(),
            // No shared state: sent now, kept nowhere if refused.
            Err(store) => return send_unkept(item, store, &mut send),
        };
        if !held {
            return self.keep(item, None).map(|_| Delivered {
                kept: 1,
                behind_another_worker: true,
                ..Delivered::default()
            });
        }
        let outcome = self.send_in_order(item, deadline, &mut send);
        let _ = self.store.release_call_slot(&drain_key, 0, holder);
        outcome
    }

    fn send_in_order<E>(
        &self,
        item: &Kept,
        deadline: Option<Instant>,
        send: &mut impl FnMut(&Attempt<'_>) -> Result<(), E>,
    ) -> Result<Delivered<E>, OutboxError<E>> {
        let mut delivered = Delivered::default();
        let out_of_time = || deadline.is_some_and(|deadline| Instant::now() >= deadline);
        let pending = match self.store.outbox_pending(&self.key, MAX_KEPT) {
            Ok(pending) => pending,
            // What waits cannot be read: the new item is sent now rather than lost.
            Err(store) => return send_unkept(item, store, send),
        };
        let waiting = pending.len();
        for (index, (id, stored)) in pending.into_iter().enumerate() {
            let old = Kept::read(&stored);
            // Stopped by the deadline before sending, or by a refusal; an item sent is removed
            // even if the deadline passed while it went.
            let refused = if out_of_time() {
                None
            } else {
                match send(&old.attempt(true)) {
                    Ok(()) => {
                        let _ = self.store.outbox_remove(&self.key, id);
                        delivered.sent += 1;
                        continue;
                    }
                    Err(refused) => Some(refused),
                }
            };
            self.keep::<E>(item, None)?;
            delivered.refused = refused;
            delivered.kept = waiting - index + 1;
            return Ok(delivered);
        }
        if out_of_time() {
            self.keep::<E>(item, None)?;
            delivered.kept += 1;
            return Ok(delivered);
        }
        let last = self.send_or_keep(item, waiting > 0, send)?;
        Ok(Delivered {
            sent: delivered.sent + last.sent,
            ..last
        })
    }

    /// Sends `item` alone (`backlog`: items were waiting), and keeps it if `send` refuses it.
    fn send_or_keep<E>(
        &self,
        item: &Kept,
        backlog: bool,
        send: &mut impl FnMut(&Attempt<'_>) -> Result<(), E>,
    ) -> Result<Delivered<E>, OutboxError<E>> {
        match send(&item.attempt(backlog)) {
            Ok(()) => Ok(Delivered {
                sent: 1,
                ..Delivered::default()
            }),
            Err(refused) => self.keep(item, Some(refused)).map(|refused| Delivered {
                kept: 1,
                refused,
                ..Delivered::default()
            }),
        }
    }

    /// Keeps `item` at the end; `refused` is why it was not delivered, when it was tried (given
    /// back once the item is kept).
    fn keep<E>(&self, item: &Kept, refused: Option<E>) -> Result<Option<E>, OutboxError<E>> {
        if self
            .store
            .outbox_len(&self.key)
            .is_ok_and(|len| len >= MAX_KEPT)
        {
            return Err(OutboxError::Full);
        }
        match (self.store.outbox_append(&self.key, &item.stored()), refused) {
            (Ok(()), refused) => Ok(refused),
            (Err(store), Some(refused)) => Err(OutboxError::NotKept { refused, store }),
            (Err(store), None) => Err(OutboxError::Unavailable(store)),
        }
    }
}

/// Sends `item` with no outbox to keep it (the store failed with `store`).
fn send_unkept<E>(
    item: &Kept,
    store: StateError,
    send: &mut impl FnMut(&Attempt<'_>) -> Result<(), E>,
) -> Result<Delivered<E>, OutboxError<E>> {
    match send(&item.attempt(false)) {
        Ok(()) => Ok(Delivered {
            sent: 1,
            ..Delivered::default()
        }),
        Err(refused) => Err(OutboxError::NotKept { refused, store }),
    }
}

/// One item to send.
#[derive(Debug)]
#[non_exhaustive]
pub struct Attempt<'a> {
    /// The item's id, the same at every attempt.
    pub id: &'a str,
    /// The item.
    pub item: &'a str,
    /// Whether items were waiting when this delivery began: the destination refused before.
    pub backlog: bool,
}

/// An item with its id, as kept: the id, a line break, the item.
struct Kept {
    id: String,
    text: String,
}

impl Kept {
    fn new(text: &str) -> Self {
        Kept {
            id: format!("{:016x}", random()),
            text: text.to_owned(),
        }
    }

    fn read(stored: &str) -> Self {
        let (id, text) = stored.split_once('\n').unwrap_or(("", stored));
        Kept {
            id: id.to_owned(),
            text: text.to_owned(),
        }
    }

    fn attempt(&self, backlog: bool) -> Attempt<'_> {
        Attempt {
            id: &self.id,
            item: &self.text,
            backlog,
        }
    }

    fn stored(&self) -> String {
        format!("{}\n{}", self.id, self.text)
    }
}

/// 64 random bits (the standard library's per-process random keys, hashing the time).
fn random() -> u64 {
    std::collections::hash_map::RandomState::new().hash_one(Instant::now())
}
