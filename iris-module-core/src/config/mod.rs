//! Module configuration: the parameters a module declares, the values IRIS hands over, and how
//! each Rust type reads its value.

pub mod checks;
mod error;
mod json;
mod param;
mod secret;
mod source;
mod stored;
pub mod upgrade;
mod value;

pub use error::{ConfigError, ParamError};
pub use json::Json;
pub use param::{DefaultValue, ParamInfo, ParamKind};
pub use secret::Secret;
#[cfg(any(feature = "python", feature = "testing", feature = "local"))]
pub(crate) use secret::secrets_read;
pub use source::{ConfigErrors, ModuleConfig, TypedDefault};
pub use value::ConfigValue;
