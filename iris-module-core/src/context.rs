//! `HookContext`: what a handler knows about the call besides its data.

use crate::case::{Case, CaseSession};
use crate::config::EntryProblem;
use crate::hooks::{HookSpec, find_hook};
use crate::logging::HookLogger;
use crate::objects::{Enriched, StateShape};
use crate::redact::Redactor;
use crate::server::ServerSettings;
use std::sync::Arc;

/// The context of one hook call.
#[derive(Debug, Default)]
pub struct HookContext {
    hook_name: String,
    hook_ui_name: Option<String>,
    module_name: &'static str,
    module_id: Option<i64>,
    server: ServerSettings,
    logger: HookLogger,
    case_id: CaseIdSource,
    cases: Arc<CaseSession>,
    redactor: Arc<Redactor>,
    left_out: Arc<[EntryProblem]>,
    deadline: Option<std::time::Instant>,
}

/// Where the case IRIS called the hook for comes from: given, or asked of IRIS the first time a
/// handler wants it (asking costs a call into Python, which most handlers never need).
#[derive(Default)]
struct CaseIdSource {
    known: std::sync::OnceLock<Option<i64>>,
    ask: Option<Box<dyn Fn() -> Option<i64> + Send + Sync>>,
}

impl std::fmt::Debug for CaseIdSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CaseIdSource")
            .field("known", &self.known.get())
            .finish_non_exhaustive()
    }
}

impl HookContext {
    /// The context of a call of `hook_name`.
    pub fn new(hook_name: impl Into<String>) -> Self {
        HookContext {
            hook_name: hook_name.into(),
            ..HookContext::default()
        }
    }

    /// Sets the menu entry of a manual hook.
    pub fn with_ui_name(mut self, ui_name: Option<impl Into<String>>) -> Self {
        self.hook_ui_name = ui_name.map(Into::into);
        self
    }

    /// Sets the module's name (its `module_name`): the key of its state on objects.
    pub fn with_module_name(mut self, module_name: &'static str) -> Self {
        self.module_name = module_name;
        self
    }

    /// The module's name (its `module_name`), `""` when the host gave none.
    pub fn module_name(&self) -> &'static str {
        self.module_name
    }

    /// The module's state kept on `object` (an IOC, an asset) by an earlier call: under the
    /// module's name in the object's enrichment data. `None` when there is none; an error when
    /// what is stored is not a `T`.
    pub fn state<T: serde::de::DeserializeOwned>(
        &self,
        object: &impl Enriched,
    ) -> Result<Option<T>, StateShape> {
        object.state_in(self.state_key())
    }

    /// Keeps `state` on `object` for the module's later calls (the other modules' keys stay).
    pub fn set_state<T: serde::Serialize>(
        &self,
        object: &mut impl Enriched,
        state: &T,
    ) -> Result<(), serde_json::Error> {
        object.set_state_in(self.state_key(), state)
    }

    /// Removes the module's state from `object`.
    pub fn clear_state(&self, object: &mut impl Enriched) {
        object.clear_state_in(self.state_key());
    }

    /// The key of the module's state: its name (`"module"` when the host gave none).
    pub(crate) fn state_key(&self) -> &'static str {
        if self.module_name.is_empty() {
            "module"
        } else {
            self.module_name
        }
    }

    /// Sets the module's id in IRIS.
    pub fn with_module_id(mut self, module_id: Option<i64>) -> Self {
        self.module_id = module_id;
        self
    }

    /// Sets the configuration entries left out when the module was built (malformed entries of
    /// its [`Entries`](crate::config::Entries) lists), which the call's log names.
    pub fn with_left_out(mut self, left_out: Arc<[EntryProblem]>) -> Self {
        self.left_out = left_out;
        self
    }

    /// Sets when the call should be over (its time limit, a little before).
    pub fn with_deadline(mut self, deadline: Option<std::time::Instant>) -> Self {
        self.deadline = deadline;
        self
    }

    /// When the call should be over: a tenth of its time limit before the limit, so that what it
    /// does in the end (a retried request given up, its status) is back before IRIS's worker
    /// stops waiting. `None` outside a time-limited run. Give it to
    /// [`http::Retry::until`](crate::http::Retry::until) (feature `http`).
    pub fn deadline(&self) -> Option<std::time::Instant> {
        self.deadline
    }

    /// The configuration entries left out when the module was built.
    pub fn left_out(&self) -> &[EntryProblem] {
        &self.left_out
    }

    /// Sets the server settings.
    pub fn with_server(mut self, server: ServerSettings) -> Self {
        self.server = server;
        self
    }

    /// Sets the case IRIS called the hook for.
    pub fn with_case_id(mut self, case_id: Option<i64>) -> Self {
        self.case_id = CaseIdSource {
            known: std::sync::OnceLock::from(case_id),
            ask: None,
        };
        self
    }

    /// Finds the case IRIS called the hook for with `ask`, the first time a handler wants it.
    pub fn with_case_id_from(
        mut self,
        ask: impl Fn() -> Option<i64> + Send + Sync + 'static,
    ) -> Self {
        self.case_id = CaseIdSource {
            known: std::sync::OnceLock::new(),
            ask: Some(Box::new(ask)),
        };
        self
    }

    /// Removes `redactor`'s secrets (the module's) from everything the call lets out: its log
    /// lines as they are written, the fields it changes in IRIS's objects, and what it adds to
    /// cases.
    pub fn with_redactor(mut self, redactor: Arc<Redactor>) -> Self {
        self.logger = self.logger.redacting(Arc::clone(&redactor));
        self.redactor = redactor;
        self
    }

    /// The call's redactor.
    pub(crate) fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    /// `text` without the module's secrets: for what the module sends elsewhere besides the
    /// objects IRIS passed (a message to another server, a file it writes).
    pub fn redact<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        self.redactor.redact_secrets(text)
    }

    /// Writes what the handler adds to cases through `cases` (by default, a case in memory).
    pub fn with_case_session(mut self, cases: Arc<CaseSession>) -> Self {
        self.cases = cases;
        self
    }

    /// The case IRIS called the hook for, when it says (IRIS passes it to hooks run in its
    /// worker and to manual hooks; the objects of most hooks carry their case too).
    pub fn case_id(&self) -> Option<i64> {
        *self
            .case_id
            .known
            .get_or_init(|| self.case_id.ask.as_ref().and_then(|ask| ask()))
    }

    /// The case `case_id`, to add IOCs, assets, timeline events, notes, tasks and comments to
    /// (see [`crate::case`]): stored when the handler returns `Ok`, dropped if it fails.
    pub fn case(&self, case_id: i64) -> Case<'_> {
        self.cases.case_redacting(case_id, &self.redactor)
    }

    /// What the call adds to cases.
    pub fn case_session(&self) -> &Arc<CaseSession> {
        &self.cases
    }

    /// The hook being called.
    pub fn hook_name(&self) -> &str {
        &self.hook_name
    }

    /// The hook's description, when it is one of IRIS's hooks.
    pub fn hook(&self) -> Option<&'static HookSpec> {
        find_hook(&self.hook_name)
    }

    /// The menu entry a manual hook was triggered from (`None` for automatic hooks).
    pub fn hook_ui_name(&self) -> Option<&str> {
        self.hook_ui_name.as_deref()
    }

    /// The module's id in IRIS, when known.
    pub fn module_id(&self) -> Option<i64> {
        self.module_id
    }

    /// The server settings (proxies...).
    pub fn server(&self) -> &ServerSettings {
        &self.server
    }

    /// The call's log; clone it into threads you spawn.
    pub fn logger(&self) -> &HookLogger {
        &self.logger
    }

    crate::logging::log_methods!(logger);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_proxy_by_scheme() {
        let server = ServerSettings {
            http_proxy: Some("http://p:3128".into()),
            https_proxy: Some(" ".into()),
            ..ServerSettings::default()
        };
        assert_eq!(server.proxy_for("http://x"), Some("http://p:3128"));
        assert_eq!(server.proxy_for("HTTPS://x"), None);
    }
}
