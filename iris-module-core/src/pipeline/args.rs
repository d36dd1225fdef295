//! Pipeline arguments: what the analyst types when triggering a pipeline (`args_<name>` fields
//! of IRIS's form), read into a typed struct that `#[derive(PipelineArgs)]` describes.

use crate::config::{ConfigValue, ValueError};
use serde_json::{Map, Value};
use std::fmt;

/// One pipeline argument, as `pipeline_info["pipeline_args"]` lists it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PipelineArgInfo {
    /// The argument's name in IRIS (the form field is `args_<name>`).
    pub name: &'static str,
    /// Whether IRIS refuses to trigger the pipeline without it.
    pub required: bool,
    /// What it is for (the field's doc comment).
    pub description: &'static str,
    /// The Rust field it is read into.
    pub field: &'static str,
}

impl PipelineArgInfo {
    /// IRIS's `[name, "required" | "optional"]`.
    pub fn iris_entry(&self) -> Value {
        Value::Array(vec![
            Value::from(self.name),
            Value::from(if self.required {
                "required"
            } else {
                "optional"
            }),
        ])
    }
}

/// The typed arguments of a pipeline: implemented by `#[derive(PipelineArgs)]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a set of pipeline arguments",
    note = "add `#[derive(PipelineArgs)]` to the struct, with one field per argument"
)]
pub trait PipelineArgs: Sized {
    /// The arguments, in declaration order (never empty: IRIS refuses a pipeline without one).
    const ARGS: &'static [PipelineArgInfo];

    /// Reads the arguments IRIS passes (`pipeline_args`: name to value or null); every missing
    /// or unreadable argument is reported at once.
    fn from_args(args: &Map<String, Value>) -> Result<Self, ArgsError>;
}

/// A type a pipeline argument can be read into: every configuration value type, read the same
/// way (one reader for both, [`ConfigValue::from_config`]). `Option<T>` makes the argument
/// optional; anything else makes it required.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold a pipeline argument",
    label = "not a pipeline argument type",
    note = "use `String`, `Secret`, `bool`, an integer, a float or `Json<T>`, or an `Option` of one of these for an optional argument"
)]
pub trait ArgValue: Sized {
    /// Whether the argument must be given.
    const REQUIRED: bool;

    /// Reads the value IRIS passes (a string, or null when left empty).
    fn from_arg(raw: &Value) -> Result<Option<Self>, ValueError>;
}

#[diagnostic::do_not_recommend]
impl<T: ConfigValue> ArgValue for T {
    const REQUIRED: bool = !T::OPTIONAL;

    fn from_arg(raw: &Value) -> Result<Option<Self>, ValueError> {
        if is_empty(raw) {
            return Ok(if T::OPTIONAL { T::unset() } else { None });
        }
        T::from_config(raw).map(Some)
    }
}

/// IRIS passes `None` for an argument left empty; a form may also send an empty string.
fn is_empty(raw: &Value) -> bool {
    match raw {
        Value::Null => true,
        Value::String(text) => text.trim().is_empty(),
        _ => false,
    }
}

/// The pipeline arguments could not be read: every problem at once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArgsError {
    /// One line per argument.
    pub problems: Vec<String>,
}

impl fmt::Display for ArgsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid pipeline arguments: {}",
            self.problems.join("; ")
        )
    }
}

impl std::error::Error for ArgsError {}

/// How the derive reads an argument of type `T`: whether it is required, and its reader.
#[doc(hidden)]
pub struct ArgOps<T> {
    pub required: bool,
    pub read: fn(&Map<String, Value>, &PipelineArgInfo, &mut ArgsError) -> Option<T>,
}

/// The operations on an argument of type `T` (for the derive: every use of a field's type goes
/// through this one call, so a type that cannot hold an argument is one error).
#[doc(hidden)]
pub const fn arg<T: ArgValue>() -> ArgOps<T> {
    ArgOps {
        required: T::REQUIRED,
        read: read_arg::<T>,
    }
}

/// Reads argument `info` as a `T`, recording what is wrong in `errors` (for the derive).
#[doc(hidden)]
pub fn read_arg<T: ArgValue>(
    args: &Map<String, Value>,
    info: &PipelineArgInfo,
    errors: &mut ArgsError,
) -> Option<T> {
    let raw = args.get(info.name).unwrap_or(&Value::Null);
    match T::from_arg(raw) {
        Ok(Some(value)) => Some(value),
        Ok(None) => {
            errors
                .problems
                .push(format!("`{}` is required but was not given", info.name));
            None
        }
        Err(problem) => {
            errors.problems.push(format!("`{}` {problem}", info.name));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn info(name: &'static str, required: bool) -> PipelineArgInfo {
        PipelineArgInfo {
            name,
            required,
            description: "",
            field: name,
        }
    }

    #[test]
    fn required_optional_and_typed_values() {
        let args = json!({"index": "main", "host": null, "limit": "25", "verbose": ""});
        let args = args.as_object().unwrap();
        let mut errors = ArgsError::default();
        assert_eq!(
            read_arg::<String>(args, &info("index", true), &mut errors),
            Some("main".into())
        );
        assert_eq!(
            read_arg::<Option<String>>(args, &info("host", false), &mut errors),
            Some(None)
        );
        assert_eq!(
            read_arg::<u32>(args, &info("limit", true), &mut errors),
            Some(25)
        );
        assert_eq!(
            read_arg::<Option<bool>>(args, &info("verbose", false), &mut errors),
            Some(None)
        );
        assert!(errors.problems.is_empty());
        assert_eq!(
            read_arg::<isize>(
                &json!({"n": "-3"}).as_object().unwrap().clone(),
                &info("n", true),
                &mut errors
            ),
            Some(-3)
        );
        assert!(errors.problems.is_empty());
        const { assert!(!<Option<u8> as ArgValue>::REQUIRED && <u8 as ArgValue>::REQUIRED) };
    }

    #[test]
    fn every_problem_is_reported() {
        let args = json!({"limit": "many"});
        let args = args.as_object().unwrap();
        let mut errors = ArgsError::default();
        assert_eq!(
            read_arg::<String>(args, &info("index", true), &mut errors),
            None
        );
        assert_eq!(
            read_arg::<u32>(args, &info("limit", true), &mut errors),
            None
        );
        assert_eq!(
            errors.to_string(),
            "invalid pipeline arguments: `index` is required but was not given; `limit` expected \
             an integer, found \"many\""
        );
    }

    #[test]
    fn iris_entries() {
        assert_eq!(
            info("index_evtx", true).iris_entry(),
            json!(["index_evtx", "required"])
        );
        assert_eq!(
            info("hostname_evtx", false).iris_entry(),
            json!(["hostname_evtx", "optional"])
        );
    }
}
