//! What building a module from its configuration noted besides the module: the values of the
//! [`Secret`](super::Secret)s read inside its `Json<T>` parameters (which the call's redactor must
//! know), and the entries of [`Entries`](super::Entries) lists that were left out because they
//! were malformed (which its statuses and IRIS's log must name).

use super::entry_problem::EntryProblem;
use std::cell::RefCell;

/// What one build noted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuildNotes {
    /// The secrets read (their values: never shown, only removed from what leaves a call).
    pub secrets: Vec<String>,
    /// The entries left out, each with where it is and why.
    pub left_out: Vec<EntryProblem>,
}

thread_local! {
    /// The notes of the builds running on this thread, innermost last.
    static NOTES: RefCell<Vec<BuildNotes>> = const { RefCell::new(Vec::new()) };
}

/// Runs `build` and returns what it returned with what it noted on this thread meanwhile
/// (nested calls note into their own frame, which the caller passes on as it sees fit).
pub fn noted<T>(build: impl FnOnce() -> T) -> (T, BuildNotes) {
    struct Frame;
    impl Drop for Frame {
        fn drop(&mut self) {
            NOTES.with(|notes| notes.borrow_mut().pop());
        }
    }
    NOTES.with(|notes| notes.borrow_mut().push(BuildNotes::default()));
    let frame = Frame;
    let built = build();
    let notes = NOTES.with(|notes| notes.borrow_mut().last_mut().map(std::mem::take));
    drop(frame);
    (built, notes.unwrap_or_default())
}

/// Runs `note` on the innermost build's notes (outside any build, nothing is noted).
fn in_innermost(note: impl FnOnce(&mut BuildNotes)) {
    NOTES.with(|notes| {
        if let Some(frame) = notes.borrow_mut().last_mut() {
            note(frame);
        }
    });
}

/// Notes a secret's value in the innermost build (outside any, nothing to do).
pub(crate) fn note_secret(value: &str) {
    if value.is_empty() {
        return;
    }
    in_innermost(|frame| frame.secrets.push(value.to_owned()));
}

/// Notes an entry left out in the innermost build.
pub(crate) fn note_left_out(problem: EntryProblem) {
    in_innermost(|frame| frame.left_out.push(problem));
}

/// Passes `inner` (noted by a nested build) on to the innermost build.
pub(crate) fn pass_on(inner: BuildNotes) {
    in_innermost(|frame| {
        frame.secrets.extend(inner.secrets);
        frame.left_out.extend(inner.left_out);
    });
}

/// Runs `read` (the reading of parameter `param`) and marks the entries it left out as
/// the parameter's.
pub(crate) fn in_param<T>(param: &'static str, read: impl FnOnce() -> T) -> T {
    let (value, mut inner) = noted(read);
    for problem in &mut inner.left_out {
        problem.param = Some(param);
    }
    pass_on(inner);
    value
}
