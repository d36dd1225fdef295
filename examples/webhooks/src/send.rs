//! One webhook's delivery for one call: what waits in its outbox first, then the new body, each
//! attempt's outcome logged as the official module words it, and what stays refused kept.

use crate::config::Webhook;
use crate::delivery::{Clients, Outcome, Request};
use iris_module_core::outbox::{Outbox, OutboxError};
use iris_module_core::prelude::HookContext;

/// Posts `body` to `webhook` of module `module` after what its outbox holds; whether everything
/// was delivered (a payload kept behind another worker's sending counts as on its way).
pub fn post(
    module: &str,
    clients: &Clients,
    ctx: &HookContext,
    webhook: &Webhook,
    body: &str,
) -> bool {
    let url = webhook.request_url.expose();
    // Kept per webhook and URL: what one webhook kept never goes to another address (two
    // webhooks may share a name; a corrected URL starts afresh).
    let outbox = Outbox::new(module, &format!("{}\n{url}", webhook.name));
    let mut outcomes = Vec::new();
    let delivered = outbox.deliver_attempts(body, ctx.deadline(), |attempt| {
        let request = Request {
            url,
            headers: &webhook.request_headers,
            body: attempt.item,
            verify_tls: webhook.verify_ssl,
            proxy: ctx.server().proxy_for(url),
            once: attempt.backlog,
        };
        let outcome = clients.post(&request, ctx.deadline());
        if outcome.may_pass_later() {
            Err(outcome)
        } else {
            outcomes.push(outcome);
            Ok(())
        }
    });
    let mut all_delivered = true;
    for outcome in &outcomes {
        all_delivered &= report(ctx, &webhook.name, outcome, url);
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
            all_delivered && delivered.behind_another_worker
        }
        Ok(_) => all_delivered,
        Err(error) => {
            let error = match error {
                OutboxError::NotKept { refused, store } => format!(
                    "not delivered ({}) and not kept for later ({store})",
                    refused.describe(url)
                ),
                other => other.to_string(),
            };
            ctx.error(format!("Webhook {}: {error}", webhook.name));
            false
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
