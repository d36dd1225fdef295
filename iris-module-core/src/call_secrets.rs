//! The secrets of one module call, gathered for its [`Redactor`]: whatever IRIS or the module's
//! configuration holds that must never leave the call.

use crate::config::ModuleConfig;
use crate::module::ModuleInfo;
use crate::redact::Redactor;
use crate::server::ServerSettings;
use serde_json::Value;

/// The redactor of one module call: the values of the module's secret parameters in `config`
/// (when it could be read), the other `sensitive_string` values IRIS stores for it (a retired
/// one kept under "No longer used"), the [`Secret`](crate::config::Secret)s read inside its
/// other parameters while the module was built (`seen`: a `Json<T>` whose `T` holds secrets) and
/// the credentials of IRIS's proxy URLs.
pub(crate) fn call_redactor(
    info: &ModuleInfo,
    config: Option<&ModuleConfig>,
    seen: &[String],
    server: &ServerSettings,
) -> Redactor {
    let mut redactor = Redactor::default();
    if let Some(config) = config {
        for param in info.params.iter().filter(|param| param.is_sensitive()) {
            match config.get(param.name) {
                Some(Value::String(value)) => redactor.add(value),
                Some(Value::Number(value)) => redactor.add(&value.to_string()),
                _ => {}
            }
        }
        for secret in config.stored_secrets() {
            redactor.add(secret);
        }
    }
    for secret in seen {
        redactor.add(secret);
    }
    for proxy in [&server.http_proxy, &server.https_proxy]
        .into_iter()
        .flatten()
    {
        redactor.add_url_credentials(proxy);
    }
    redactor
}
