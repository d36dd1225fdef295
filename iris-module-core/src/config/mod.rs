//! Module configuration: the parameters a module declares, the values IRIS hands over, and how
//! each Rust type reads its value.

pub mod checks;
mod entries;
mod entry_problem;
mod error;
mod json;
mod notes;
mod param;
mod secret;
mod source;
// The repair of stored configurations, which only the Python bridge reads; tested without it.
#[cfg_attr(not(feature = "python"), allow(dead_code))]
mod stored;
#[cfg_attr(not(feature = "python"), allow(dead_code))]
pub(crate) mod upgrade;
mod value;

pub use entries::Entries;
pub use entry_problem::EntryProblem;
pub use error::{ConfigError, ParamError, ValueError};
pub use json::Json;
pub use notes::{BuildNotes, noted};
pub use param::{DefaultValue, ParamInfo, ParamKind};
pub use secret::Secret;
pub use source::{ConfigErrors, ModuleConfig, TypedDefault};
pub use value::ConfigValue;
