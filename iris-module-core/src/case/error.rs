//! What can go wrong when a module adds to a case.

use super::store::StoreError;
use super::vocabulary::Vocabulary;
use crate::redact::bounded;
use std::fmt;

/// An object the case writer refused, or a case it could not read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CaseError {
    /// A name that is not in IRIS's list (an IOC type, an asset type...).
    UnknownName {
        /// The list.
        vocabulary: Vocabulary,
        /// The name given.
        name: String,
        /// The closest names of the list, closest first.
        close: Vec<String>,
    },
    /// An object IRIS would refuse (an empty title, a value its IOC type does not allow...).
    Invalid {
        /// What was being added (`IOC`, `timeline event`...).
        object: &'static str,
        /// Why IRIS would refuse it.
        problem: String,
    },
    /// The case could not be read or written.
    Store(StoreError),
}

impl fmt::Display for CaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaseError::UnknownName {
                vocabulary,
                name,
                close,
            } => {
                // The name is the module's (or its input's): quoted bounded.
                write!(f, "unknown {} `{}`", vocabulary.label(), bounded(name))?;
                match close.as_slice() {
                    [] => write!(f, ": IRIS has no {} of that name", vocabulary.label()),
                    [only] => write!(f, "; did you mean `{only}`?"),
                    several => write!(f, "; did you mean one of `{}`?", several.join("`, `")),
                }
            }
            CaseError::Invalid { object, problem } => write!(f, "{object} refused: {problem}"),
            CaseError::Store(problem) => {
                let problem = problem.to_string();
                write!(f, "the case could not be read: {}", bounded(&problem))
            }
        }
    }
}

impl std::error::Error for CaseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CaseError::Store(problem) => Some(problem),
            _ => None,
        }
    }
}
