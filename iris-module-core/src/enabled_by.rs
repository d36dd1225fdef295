//! The compile-time check of `#[hook(..., enabled_by = "param")]`: the parameter must be one of
//! the module's `bool` parameters. The impl block's macro cannot see the struct's parameters, so
//! the generated code asks [`enabled_by`] while the module's constants are evaluated, and stops
//! the build with a message (and the closest `bool` parameter) on the user's literal.

use crate::module::ModuleInfo;
use iris_module_vocabulary::did_you_mean::{edit_distance, is_likely_typo};

/// What `enabled_by = "name"` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnabledBy {
    /// A `bool` parameter: as it should.
    Bool,
    /// A parameter that is not a `bool`.
    NotBool,
    /// No parameter, and no `bool` parameter with a close name.
    Missing,
    /// No parameter; the `bool` parameter with the closest name.
    MissingLike(&'static str),
    /// The module struct did not compile (its own errors say why): nothing to check.
    Unknown,
}

/// What `name` names among the parameters of `info`.
pub const fn enabled_by(info: &ModuleInfo, name: &str) -> EnabledBy {
    if info.name.is_empty() {
        return EnabledBy::Unknown;
    }
    let mut closest = "";
    let mut closest_distance = usize::MAX;
    let mut index = 0;
    while index < info.params.len() {
        let param = &info.params[index];
        let is_bool = matches!(param.kind, crate::config::ParamKind::Bool);
        if bytes_equal(param.name.as_bytes(), name.as_bytes()) {
            return if is_bool {
                EnabledBy::Bool
            } else {
                EnabledBy::NotBool
            };
        }
        let distance = edit_distance(param.name, name);
        if is_bool && is_likely_typo(name, param.name) && distance < closest_distance {
            closest = param.name;
            closest_distance = distance;
        }
        index += 1;
    }
    if closest_distance == usize::MAX {
        EnabledBy::Missing
    } else {
        EnabledBy::MissingLike(closest)
    }
}

/// The `bool` parameter named by a [`EnabledBy::MissingLike`], or `""`.
pub const fn suggestion(found: EnabledBy) -> &'static str {
    match found {
        EnabledBy::MissingLike(closest) => closest,
        _ => "",
    }
}

const fn bytes_equal(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut index = 0;
    while index < a.len() {
        if a[index] != b[index] {
            return false;
        }
        index += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{DefaultValue, ParamInfo, ParamKind};
    use crate::module::ModuleInfo;

    const fn param(name: &'static str, kind: ParamKind) -> ParamInfo {
        ParamInfo {
            name,
            human_name: name,
            description: "",
            kind,
            default: DefaultValue::None,
            mandatory: false,
            section: None,
            field: name,
        }
    }

    const INFO: ModuleInfo = ModuleInfo {
        params: &[
            param("lookup_on_create", ParamKind::Bool),
            param("threshold", ParamKind::Int),
            param("tag", ParamKind::String),
        ],
        ..ModuleInfo::INVALID
    };

    #[test]
    fn finds_bool_parameters_and_suggests_the_closest() {
        let info = ModuleInfo { name: "M", ..INFO };
        assert_eq!(enabled_by(&info, "lookup_on_create"), EnabledBy::Bool);
        assert_eq!(enabled_by(&info, "threshold"), EnabledBy::NotBool);
        assert_eq!(
            enabled_by(&info, "lookup_on_creat"),
            EnabledBy::MissingLike("lookup_on_create")
        );
        assert_eq!(enabled_by(&info, "colour"), EnabledBy::Missing);
        assert_eq!(enabled_by(&INFO, "anything"), EnabledBy::Unknown);
    }
}
