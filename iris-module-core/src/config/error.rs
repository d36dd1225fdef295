//! The errors of reading a module's configuration: every parameter that is wrong, at once.

use std::fmt;

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

/// Why a value IRIS stores (or a default, or a pipeline argument) is not one of the parameter's
/// type. Never shows a sensitive value: the messages that would say only name its JSON type.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValueError {
    /// The value is not of the kind the type holds.
    #[error("expected {expected}, found {found}")]
    Expected {
        /// What the type holds (`an integer`, `true or false`...).
        expected: &'static str,
        /// What was found: a short quotation, or only its JSON type for a secret.
        found: String,
    },
    /// A number the type cannot hold.
    #[error("{value} is out of range (expected {range})")]
    OutOfRange {
        /// The number.
        value: String,
        /// The range the type holds.
        range: String,
    },
    /// A `Json<T>` document that does not have `T`'s shape.
    #[error("is not valid JSON for this parameter: {0}")]
    NotTheShape(String),
    /// A configuration type of a module's own refuses the value.
    #[error("{0}")]
    Refused(String),
}

impl ValueError {
    /// A configuration type of your own refuses the value, saying why (never the value of a
    /// secret).
    pub fn refused(reason: impl Into<String>) -> Self {
        ValueError::Refused(reason.into())
    }
}
