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
pub mod python;

use config::WebhooksConfig;
use delivery::{Clients, Outcome, Request};
use iris_module_core::IrisModule;
use iris_module_core::outbox::{Outbox, OutboxError};
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
            let url = webhook.request_url.expose();
            let body = python::json_dumps(&body);
            // Kept per webhook and URL: what one webhook kept never goes to another address
            // (two webhooks may share a name; a corrected URL starts afresh).
            let outbox = Outbox::new(
                <Self as IrisModule>::INFO.name,
                &format!("{}\n{url}", webhook.name),
            );
            let send = |_id: &str, body: &str| {
                let request = Request {
                    url,
                    headers: &webhook.request_headers,
                    body,
                    verify_tls: webhook.verify_ssl,
                    proxy: ctx.server().proxy_for(url),
                };
                let outcome = self.clients.post(&request, ctx.deadline());
                if outcome.may_pass_later() {
                    Err(outcome)
                } else {
                    Ok(outcome)
                }
            };
            let mut outcomes = Vec::new();
            let delivered = outbox.deliver(&body, ctx.deadline(), |id, body| {
                send(id, body).map(|outcome| outcomes.push(outcome))
            });
            for outcome in &outcomes {
                if !report(ctx, &webhook.name, outcome, url) {
                    undelivered.push(webhook.name.as_str());
                }
            }
            match delivered {
                Ok(delivered) if delivered.kept > 0 => {
                    let why = match &delivered.refused {
                        Some(outcome) => outcome.describe(url),
                        None if delivered.behind_another_worker => {
                            "another worker is sending to it".to_owned()
                        }
                        None => "the hook's time ran out".to_owned(),
                    };
                    ctx.warn(format!(
                        "Webhook {}: {} payload(s) kept, to be sent first on the next call: {why}",
                        webhook.name, delivered.kept
                    ));
                    if !delivered.behind_another_worker {
                        undelivered.push(webhook.name.as_str());
                    }
                }
                Ok(_) => {}
                Err(error) => {
                    let error = match error {
                        OutboxError::NotKept { refused, store } => format!(
                            "not delivered ({}) and not kept for later ({store})",
                            refused.describe(url)
                        ),
                        other => other.to_string(),
                    };
                    ctx.error(format!("Webhook {}: {error}", webhook.name));
                    undelivered.push(webhook.name.as_str());
                }
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

/// Logs one attempt's outcome: delivered (as the official module says it), or refused for good.
/// Whether it was delivered.
fn report(ctx: &HookContext, name: &str, outcome: &Outcome, url: &str) -> bool {
    if let Outcome::Delivered(status) = outcome {
        ctx.info(format!(
            "Webhook {name} - Payload delivered successfully, code {status}."
        ));
        return true;
    }
    ctx.error(format!(
        "Webhook {name}: {} (not sent again)",
        outcome.describe(url)
    ));
    false
}

iris_module_core::python_module!(IrisWebHooks);
