//! `EntryProblem`: an entry left out of an [`Entries`](super::Entries) list, and how it is named.

use std::fmt;

/// An entry left out of an [`Entries`](super::Entries) list: where it is, its name, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct EntryProblem {
    /// The parameter whose document holds it (set when a module's parameter is read).
    pub param: Option<&'static str>,
    /// Its path in the document: `webhooks[1]` (`[1]` until the document's reader places it).
    pub path: String,
    /// The entry's `name`, when it has one.
    pub name: Option<String>,
    /// Why it does not have the entries' shape.
    pub reason: String,
}

impl fmt::Display for EntryProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(param) = self.param {
            write!(f, "{param}: ")?;
        }
        f.write_str(&self.path)?;
        if let Some(name) = &self.name {
            write!(f, " {name:?}")?;
        }
        write!(f, ": {}", self.reason)
    }
}
