//! The module struct: its kind, names, versions and pipeline options.

use crate::ctxt::Ctxt;
use crate::model::{ModuleDef, ModuleKind};
use crate::suggest;
use proc_macro2::Span;
use syn::LitStr;

/// Records every problem of the module struct's attribute and configuration.
pub fn check_module(def: &ModuleDef, cx: &Ctxt) {
    check_kind(def, cx);
    check_names(def, cx);
    check_pipeline(def, cx);
    check_call_limit(def, cx);
    super::params::check_params(&def.params, cx);
}

/// `kind` is required; a misspelt `kind` key or an unreadable one was already reported.
fn check_kind(def: &ModuleDef, cx: &Ctxt) {
    let misspelt = def
        .keys
        .unknown
        .iter()
        .any(|key| suggest::closest(key, ["kind"]).is_some());
    if !def.keys.kind.is_written() && !def.keys_malformed && !misspelt {
        cx.at(
            Span::call_site(),
            "missing `kind`: write `#[iris_module(kind = \"processor\")]` or \
             `#[iris_module(kind = \"pipeline\", pipeline_name = \"...\")]`",
        );
    }
}

fn check_names(def: &ModuleDef, cx: &Ctxt) {
    if let Some(lit) = def.keys.name.value() {
        let value = lit.value();
        if value.trim().is_empty() {
            cx.spanned(lit, "the module name must not be empty");
        } else if value == "IrisBaseModule" {
            cx.spanned(
                lit,
                "`IrisBaseModule` is the interface's placeholder name: IRIS refuses to mark such \
                 a module ready",
            );
        }
    }
    if let Some(lit) = def.keys.class_name.value()
        && !is_python_identifier(&lit.value())
    {
        cx.spanned(
            lit,
            "the class name must be a Python identifier (letters, digits and `_`, not starting \
             with a digit): IRIS imports `<package>.<class>` and reads the class of that name",
        );
    }
    if let Some(lit) = blank(def.keys.version.value()) {
        cx.spanned(lit, "the module version must not be empty");
    }
    if let Some(lit) = def.keys.interface_version.value() {
        let value = lit.value();
        if !interface_version_accepted(&value) {
            cx.spanned(
                lit,
                format!("IRIS accepts interface versions from 1.1 to 1.2.0, not `{value}`"),
            );
        }
    }
}

/// `max_concurrent_calls` limits hook calls: a processor's.
fn check_call_limit(def: &ModuleDef, cx: &Ctxt) {
    if let (Some(key), Some(kind)) = (def.keys.max_concurrent_calls.key(), def.keys.kind.value())
        && kind.0 == ModuleKind::Pipeline
    {
        cx.spanned(
            key,
            "`max_concurrent_calls` limits the calls of a processor's hooks; a pipeline's runs \
             are IRIS's import tasks, not limited by it",
        );
    }
}

/// Whether `name` is an ASCII Python identifier.
fn is_python_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `lit` when it is blank (empty or only whitespace).
fn blank(lit: Option<&LitStr>) -> Option<&LitStr> {
    lit.filter(|lit| lit.value().trim().is_empty())
}

/// The pipeline options: only on a pipeline, and each as IRIS's checks accept it.
fn check_pipeline(def: &ModuleDef, cx: &Ctxt) {
    let keys = &def.keys;
    let options = [
        keys.pipeline_name.key(),
        keys.pipeline_human_name.key(),
        keys.update_support.key(),
        keys.import_support.key(),
    ];
    let Some(kind) = keys.kind.value() else {
        return;
    };
    if kind.0 == ModuleKind::Processor {
        for key in options.into_iter().flatten() {
            cx.spanned(
                key,
                format!(
                    "`{}` is a pipeline option; it cannot be used on a processor module",
                    crate::attr::path_key(key)
                ),
            );
        }
        return;
    }
    match keys.pipeline_name.value() {
        Some(lit) => {
            let value = lit.value();
            if value.trim().is_empty() {
                cx.spanned(lit, "the pipeline name must not be empty");
            } else if value.contains('-') {
                cx.spanned(
                    lit,
                    "IRIS splits `<module>-<pipeline_name>` on `-`: the pipeline name cannot \
                     contain `-` (use `_`)",
                );
            } else if value.chars().any(char::is_whitespace) {
                cx.spanned(lit, "the pipeline name cannot contain spaces (use `_`)");
            }
        }
        None if !keys.pipeline_name.is_written() => cx.at(
            kind.1,
            "a pipeline module needs `pipeline_name = \"...\"` (IRIS's \
             `pipeline_internal_name`, unique among modules)",
        ),
        None => {}
    }
    if let Some(lit) = blank(keys.pipeline_human_name.value()) {
        cx.spanned(lit, "the pipeline's human name must not be empty");
    }
    for (slot, key) in [
        (&keys.update_support, "update_support"),
        (&keys.import_support, "import_support"),
    ] {
        if let Some(lit) = slot.value().filter(|lit| !lit.value) {
            cx.spanned(
                lit,
                format!(
                    "IRIS's health check refuses a pipeline whose `pipeline_{key}` is false \
                     (`check_pipeline_args` requires every key to be set); leave it out"
                ),
            );
        }
    }
}

/// Whether `1.1 <= version <= 1.2.0` as `packaging.version` compares release numbers.
pub fn interface_version_accepted(version: &str) -> bool {
    let Some(parts) = version
        .split('.')
        .map(|part| part.parse::<u64>().ok())
        .collect::<Option<Vec<_>>>()
    else {
        return false;
    };
    let padded = |mut v: Vec<u64>| {
        v.resize(3.max(v.len()), 0);
        v
    };
    let version = padded(parts);
    version >= padded(vec![1, 1]) && version <= padded(vec![1, 2, 0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interface_versions_follow_iris_bounds() {
        for ok in ["1.1", "1.1.0", "1.2", "1.2.0", "1.1.9"] {
            assert!(interface_version_accepted(ok), "{ok}");
        }
        for bad in ["1.0", "1.2.1", "2", "1.x", "", "1.3"] {
            assert!(!interface_version_accepted(bad), "{bad}");
        }
    }
}
