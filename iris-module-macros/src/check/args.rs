//! The arguments of a pipeline: at least one, each with a name IRIS's form accepts, unique.

use crate::ctxt::Ctxt;
use crate::model::ArgsDef;

/// Records every problem of the arguments struct.
pub fn check_args(def: &ArgsDef, cx: &Ctxt) {
    if def.args.is_empty() {
        cx.spanned(
            &def.ident,
            "IRIS's health check refuses a pipeline without arguments (`pipeline_args` must not \
             be empty): declare at least one field",
        );
    }
    for (index, arg) in def.args.iter().enumerate() {
        if let Some(lit) = arg.keys.name.value() {
            let value = lit.value();
            if value.trim().is_empty() || value.chars().any(char::is_whitespace) {
                cx.spanned(
                    lit,
                    "an argument name must be non-empty, without spaces (IRIS's form field is \
                     `args_<name>`)",
                );
            }
        }
        let name = arg.name();
        if let Some(first) = def.args[..index].iter().find(|other| other.name() == name) {
            cx.spanned(
                &arg.field,
                format!(
                    "duplicate pipeline argument `{name}`: field `{}` already uses that name",
                    first.field
                ),
            );
        }
    }
}
