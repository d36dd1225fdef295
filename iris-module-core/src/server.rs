//! IRIS's server settings, as a call carries them: where modules find the proxies.

use crate::objects::Extra;
use serde::{Deserialize, Serialize};

/// IRIS's server settings (`server_dict_conf`), where modules find the proxies.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServerSettings {
    /// Settings row id.
    pub id: Option<i64>,
    /// HTTP proxy URL (empty when unset).
    pub http_proxy: Option<String>,
    /// HTTPS proxy URL (empty when unset).
    pub https_proxy: Option<String>,
    /// Whether modules are not pushed again at start.
    pub prevent_post_mod_repush: Option<bool>,
    /// Whether objects are not pushed again at start.
    pub prevent_post_objects_repush: Option<bool>,
    /// Whether updates are available.
    pub has_updates_available: Option<bool>,
    /// Whether update checks are on.
    pub enable_updates_check: Option<bool>,
    /// Whether MFA is enforced.
    pub enforce_mfa: Option<bool>,
    /// The other settings (password policy...).
    #[serde(flatten)]
    pub extra: Extra,
}

impl ServerSettings {
    /// The proxy to use for a URL: `https_proxy` for `https://` URLs, `http_proxy` otherwise;
    /// `None` when the matching setting is empty.
    pub fn proxy_for(&self, url: &str) -> Option<&str> {
        let proxy = if url
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("https://")
        {
            &self.https_proxy
        } else {
            &self.http_proxy
        };
        proxy.as_deref().map(str::trim).filter(|p| !p.is_empty())
    }
}
