//! `IrisWebHooks`: posts a message to webhooks (Slack, Teams, Mattermost, a SOAR...) for the IRIS
//! hooks each one chooses. A drop-in for the official `iris-webhooks-module` (1.0.8, which IRIS
//! v2.4.20 installs, and 1.0.1): the same package (`iris_webhooks_module`), class
//! (`IrisWebHooksInterface`), module name and configuration, so that IRIS's stored entry
//! upgrades in place and its `wh_configuration` is read unchanged. The differences, and why,
//! are in `README.md`.

pub mod body;
pub mod config;
pub mod delivery;
pub mod message;
pub mod send;

use config::WebhooksConfig;
use delivery::Clients;
use iris_module_core::IrisModule;
use iris_module_core::prelude::*;
use message::Subject;

/// Provides webhooks for IRIS. See https://docs.dfir-iris.org/operations/modules/natives/IrisWebHooks/
#[iris_module(kind = "processor", name = "IrisWebHooks", load_relations)]
pub struct IrisWebHooks {
    /// JSON Webhooks configuration
    #[config_param(human_name = "Webhooks configuration", default = "{}", mandatory)]
    wh_configuration: Json<WebhooksConfig>,
    /// The HTTP clients, kept between calls.
    clients: Clients,
}

#[iris_module]
impl IrisWebHooks {
    /// The hooks of every active webhook: its triggers, its manual hooks under its menu entry.
    fn registrations(&self) -> ChosenHooks {
        let mut hooks = ChosenHooks::new();
        for webhook in self.wh_configuration.webhooks.iter() {
            webhook.choose(&mut hooks);
        }
        hooks
    }

    /// Posts each webhook that chose this hook, in the configuration's order; the call's
    /// status names the webhooks that were not delivered.
    #[chosen_hooks(by = "registrations")]
    fn post(&self, ctx: &mut HookContext, hook: &mut AnyHook) -> HookResult {
        let config = &*self.wh_configuration;
        let objects = hook.objects_ref().to_json();
        let subject = Subject::of(hook.name(), &objects, config.instance_url.as_deref());
        let mut undelivered = Vec::new();
        for webhook in config.webhooks.iter() {
            if !webhook.sends_for(hook.name(), hook.ui_name()) {
                continue;
            }
            let message = subject.message(webhook.rendering);
            let body = if webhook.use_rendering {
                body::rendered(&webhook.request_body, &message, &subject.file)
            } else {
                body::from_template(&webhook.request_body, &subject)
            };
            let body = iris_module_core::python_text::json_dumps(&body);
            if !send::post(Self::INFO.name, &self.clients, ctx, webhook, &body) {
                undelivered.push(webhook.name.as_str());
            }
        }
        if undelivered.is_empty() {
            Ok(())
        } else {
            Err(HookError::msg(format!(
                "not delivered: {}",
                undelivered.join(", ")
            )))
        }
    }
}

iris_module_core::python_module!(IrisWebHooks);
