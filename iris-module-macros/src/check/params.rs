//! The configuration parameters: names IRIS accepts, unique; a JSON default that is JSON; no
//! default for a secret.

use crate::attr::values::DefaultLit;
use crate::ctxt::Ctxt;
use crate::model::ParamDef;
use iris_module_vocabulary::ParamKind;

/// Records every problem of the parameters.
pub fn check_params(params: &[ParamDef], cx: &Ctxt) {
    for (index, param) in params.iter().enumerate() {
        check_name(param, cx);
        check_json_default(param, cx);
        check_secret_default(param, cx);
        let name = param.name();
        if let Some(first) = params[..index].iter().find(|p| p.name() == name) {
            cx.spanned(
                &param.field,
                format!(
                    "duplicate configuration parameter `{name}`: field `{}` already uses that name",
                    first.field
                ),
            );
        }
    }
}

fn check_name(param: &ParamDef, cx: &Ctxt) {
    let Some(lit) = param.keys.name.value() else {
        return;
    };
    let value = lit.value();
    let valid = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !valid {
        cx.spanned(
            lit,
            "a parameter name must be non-empty and use only ASCII letters, digits, `_` and `-`",
        );
    }
}

/// The default of a JSON parameter (`kind = "textfield_json"` or a `Json<T>` field) must be a
/// JSON document; whether it has `T`'s shape is checked when the module is configured.
fn check_json_default(param: &ParamDef, cx: &Ctxt) {
    let Some(DefaultLit::Str(lit)) = param.default() else {
        return;
    };
    let is_json =
        param.kind().map(|(kind, _)| kind) == Some(ParamKind::TextfieldJson) || param.holds("Json");
    if !is_json {
        return;
    }
    if let Err(error) = serde_json::from_str::<serde_json::Value>(&lit.value()) {
        cx.spanned(
            lit,
            format!("the default of a JSON parameter must be a JSON document: {error}"),
        );
    }
}

/// A `Secret` takes no default: the default is written in the source and in the wheel, and IRIS
/// shows it to every administrator on the module's configuration page. (A `Secret` reached
/// through an alias is refused by the type check: `Secret` takes no string default.)
fn check_secret_default(param: &ParamDef, cx: &Ctxt) {
    let Some(default) = param.default() else {
        return;
    };
    if param.holds("Secret") {
        cx.at(
            default.span(),
            "a `Secret` parameter takes no default: a default is written in the source and the \
             wheel, and IRIS shows it on the configuration page; leave it out (add `mandatory` if \
             the module cannot run without it) and set the value in IRIS",
        );
    }
}
