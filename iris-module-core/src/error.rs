//! The errors of hooks, configuration and hook data.

use crate::payload::DataKind;
use std::fmt;

/// An error a hook handler returns. Any `std::error::Error` converts into it with `?`; build one
/// from a message with [`HookError::msg`].
pub struct HookError {
    message: String,
}

impl HookError {
    /// An error with this message.
    pub fn msg(message: impl fmt::Display) -> Self {
        HookError {
            message: message.to_string(),
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl<E: std::error::Error + Send + Sync + 'static> From<E> for HookError {
    fn from(error: E) -> Self {
        let mut message = error.to_string();
        let mut source = error.source();
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        HookError { message }
    }
}

impl fmt::Display for HookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for HookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HookError({:?})", self.message)
    }
}

/// What a hook handler returns in the common case.
pub type HookResult = Result<(), HookError>;

/// One configuration parameter that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError {
    /// IRIS `param_name`.
    pub param: String,
    /// IRIS `param_human_name`.
    pub human_name: String,
    /// What is wrong. Never contains the value of a `sensitive_string`.
    pub problem: String,
}

/// The module configuration could not be read: every parameter that is wrong, at once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The problems, one per parameter (or one for the whole configuration).
    pub problems: Vec<ParamError>,
}

impl ConfigError {
    /// An error about the configuration as a whole (not one parameter).
    pub fn whole(problem: impl Into<String>) -> Self {
        ConfigError {
            problems: vec![ParamError {
                param: String::new(),
                human_name: String::new(),
                problem: problem.into(),
            }],
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid module configuration: ")?;
        for (index, problem) in self.problems.iter().enumerate() {
            if index > 0 {
                f.write_str("; ")?;
            }
            if problem.param.is_empty() {
                f.write_str(&problem.problem)?;
            } else {
                write!(
                    f,
                    "parameter `{}` ({}) {}",
                    problem.param, problem.human_name, problem.problem
                )?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

/// Hook data that does not have the shape the hook passes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayloadError {
    /// What the elements should be.
    pub kind: DataKind,
    /// The first element that does not fit.
    pub index: usize,
    /// Why.
    pub reason: String,
}

impl fmt::Display for PayloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "hook data element {} is not a valid `{}`: {}",
            self.index,
            self.kind.type_name(),
            self.reason
        )
    }
}

impl std::error::Error for PayloadError {}
