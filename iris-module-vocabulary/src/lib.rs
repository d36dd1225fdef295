//! The words of DFIR-IRIS that a module is written in, defined once: the hooks IRIS fires
//! ([`HOOKS`]), the kind of object each passes ([`DataKind`]) and the configuration types
//! ([`ParamKind`]), IRIS's IOC types and the rule of a hook's IOC-type filter
//! ([`ioc_type_names`], [`ioc_type_passes`]), and the IRIS versions a module runs in
//! ([`SUPPORTED_IRIS_VERSIONS`], [`check_iris_version`]), and the one rule for suggesting a name
//! for a misspelt one ([`did_you_mean`]). The macros of `iris-module-core` check modules against these tables
//! at compile time and the runtime dispatches with the same values, so the two cannot disagree.
//!
//! To add a hook, a data kind or a configuration type, edit the table here (`hooks.rs`,
//! `with_data_kinds!`, `with_param_kinds!`); the compiler then points at every place that has to
//! handle it.

mod data_kind;
pub mod did_you_mean;
mod hooks;
mod ioc_types;
mod iris_versions;
mod param_kind;

pub use data_kind::DataKind;
pub use hooks::{HOOKS, HookPhase, HookSpec, find_hook, not_a_hook};
pub use ioc_types::{
    IRIS_DEFAULTS_JSON, IocTypeProblem, ioc_type_filter_problem, ioc_type_names, ioc_type_passes,
};
pub use iris_versions::{
    IrisVersionFit, RangeError, SUPPORTED_IRIS_VERSIONS, check as check_iris_version,
    parse_range as parse_iris_range, parse_reported as parse_iris_version,
};
pub use param_kind::ParamKind;
