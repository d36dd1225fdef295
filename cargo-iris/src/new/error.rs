//! Why `cargo iris new` wrote nothing.

use std::path::PathBuf;

/// An answer that does not follow its rule, saying why (and the fix, when there is one).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BadAnswer(pub String);

/// Why no crate was written.
#[derive(Debug, thiserror::Error)]
pub enum NewError {
    /// The crate's directory is there already.
    #[error("{} already exists: choose another name or --path", .0.display())]
    Exists(PathBuf),
    /// The package name does not follow the skeleton's rule.
    #[error(transparent)]
    Name(BadAnswer),
    /// Answers given as flags that do not follow their rules, each as `--flag: why`.
    #[error("{}", .0.join("\n"))]
    Flags(Vec<String>),
    /// No terminal to ask in, and answers missing.
    #[error("not a terminal, so nothing is asked: give {} or --no-input for the defaults", .0.join(", "))]
    NotATerminal(Vec<&'static str>),
    /// The terminal's prompt failed.
    #[error("{0}")]
    Prompt(#[from] dialoguer::Error),
    /// `--core-path` is not an iris-module-core source tree.
    #[error("--core-path {}: {problem}", path.display())]
    CorePath {
        /// The path given.
        path: PathBuf,
        /// What is wrong with it.
        problem: String,
    },
    /// The current directory cannot be read.
    #[error("the current directory: {0}")]
    CurrentDirectory(#[source] std::io::Error),
    /// A licence the templates do not have.
    #[error("unknown licence `{0}`")]
    Licence(String),
    /// A template that does not render.
    #[error("template {path}: {source}")]
    Template {
        /// The template's path in the crate.
        path: &'static str,
        /// Why it does not render.
        source: minijinja::Error,
    },
    /// A file could not be written (nothing is left behind).
    #[error("{}: {source}", path.display())]
    Write {
        /// The crate's directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}
