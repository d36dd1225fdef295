//! Module configuration: the parameters a module declares, the values IRIS hands over, and how
//! each Rust type reads its value.

pub mod checks;
mod error;
mod json;
mod param;
mod secret;
mod source;
// The repair of stored configurations, which only the Python bridge reads; tested without it.
#[cfg_attr(not(feature = "python"), allow(dead_code))]
mod stored;
#[cfg_attr(not(feature = "python"), allow(dead_code))]
pub(crate) mod upgrade;
mod value;

pub use error::{ConfigError, ParamError, ValueError};
pub use json::Json;
pub use param::{DefaultValue, ParamInfo, ParamKind};
pub use secret::Secret;
#[cfg(any(feature = "python", feature = "testing", feature = "local"))]
pub(crate) use secret::secrets_read;
pub use source::{ConfigErrors, ModuleConfig, TypedDefault};
pub use value::ConfigValue;
