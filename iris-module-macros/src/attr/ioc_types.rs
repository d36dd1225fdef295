//! `ioc_types = ["domain", "ip-*"]` on an IOC hook: the IOC types its handler is given, each an
//! IRIS v2.4.20 type or a family of them, checked by the rule the runtime filters with
//! (`iris_module_vocabulary::ioc_type_filter_problem`).

use super::AttrValue;
use super::values::{string, ungroup, value_of};
use crate::ctxt::Ctxt;
use syn::parse::ParseStream;
use syn::{Expr, ExprLit, Lit, LitStr, Path};

/// The filter's entries, as written.
pub struct IocTypesValue {
    /// Each entry.
    pub entries: Vec<LitStr>,
}

impl AttrValue for IocTypesValue {
    fn read(key: &Path, input: ParseStream, cx: &Ctxt) -> Option<Self> {
        let value = value_of(key, input, cx)?;
        let Expr::Array(array) = ungroup(&value) else {
            cx.spanned(
                &value,
                "expected a list of IOC types: `ioc_types = [\"domain\", \"ip-*\"]`",
            );
            return None;
        };
        if array.elems.is_empty() {
            cx.spanned(
                array,
                "an empty `ioc_types` would skip every IOC: name the types the handler takes, or \
                 leave `ioc_types` out for all",
            );
            return None;
        }
        let mut entries: Vec<LitStr> = Vec::new();
        let mut usable = true;
        for element in &array.elems {
            if !matches!(
                ungroup(element),
                Expr::Lit(ExprLit {
                    lit: Lit::Str(_),
                    ..
                })
            ) {
                cx.spanned(
                    element,
                    "an IOC type is written as a string: `\"domain\"`, or `\"ip-*\"` for a family",
                );
                usable = false;
                continue;
            }
            let Some(lit) = string(element, "ioc_types", cx) else {
                usable = false;
                continue;
            };
            let entry = lit.value();
            if entries.iter().any(|earlier| earlier.value() == entry) {
                cx.spanned(&lit, format!("`{entry}` is already in `ioc_types`"));
                usable = false;
                continue;
            }
            if let Some(problem) = iris_module_vocabulary::ioc_type_filter_problem(&entry) {
                let help = problem
                    .closest
                    .map(|closest| format!("\n  = help: did you mean `{closest}`?"))
                    .unwrap_or_default();
                cx.spanned(&lit, format!("{}{help}", problem.message));
                usable = false;
            }
            entries.push(lit);
        }
        usable.then_some(IocTypesValue { entries })
    }
}
