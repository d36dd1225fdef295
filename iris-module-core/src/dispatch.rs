//! Running one hook call with the safety net every caller needs: unknown hooks and panics become
//! error statuses, and the call's log lines become the status logs.

use crate::context::HookContext;
use crate::ioc_filter::SetAside;
use crate::module::{DynModule, HookRegistration};
use crate::panic::panic_message;
use crate::payload::HookPayload;
use crate::status::{Status, codes};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Calls `module`'s handler for `ctx.hook_name()` on `payload`, then stores what it added to
/// cases if it succeeded (see [`crate::case`]). Never panics: a panic in the handler becomes an
/// error status naming it, and whatever the handler changed before it stays in `payload`. The
/// module's secrets (the context's redactor) are removed from the fields it changed.
pub fn run_hook(
    module: &dyn DynModule,
    ctx: &mut HookContext,
    payload: &mut HookPayload,
) -> Status {
    for problem in ctx.left_out() {
        ctx.warn(format!(
            "configuration entry left out until it is fixed: {problem}"
        ));
    }
    // Only a module with secrets needs the snapshot its changes are cleaned against.
    let before = ctx.redactor().has_secrets().then(|| payload.clone());
    let status = call_handler(module, ctx, payload);
    let status = match &before {
        Some(before) => scrub_changes(ctx, payload, before, status),
        None => status,
    };
    let status = ctx.case_session().settle(status, ctx.logger());
    ctx.logger().lead_logs(status)
}

/// The module's secrets removed from what the handler changed, each removal said in the log; a
/// payload that cannot be cleaned fails the call, its changes undone.
fn scrub_changes(
    ctx: &HookContext,
    payload: &mut HookPayload,
    before: &HookPayload,
    status: Status,
) -> Status {
    match crate::scrub::scrub_payload(payload, before, ctx.redactor()) {
        Ok(found) => {
            for (index, field) in found {
                ctx.warn(format!(
                    "object {index}: `{field}` held one of the module's secrets, removed"
                ));
            }
            status
        }
        Err(problem) => {
            let problem = problem.to_string();
            ctx.error(&problem);
            Status::error(problem)
        }
    }
}

/// The handler's status, or the failure of a call that cannot reach it.
fn call_handler(
    module: &dyn DynModule,
    ctx: &mut HookContext,
    payload: &mut HookPayload,
) -> Status {
    match precheck(module, ctx, payload) {
        Some(failure) => failure,
        None => {
            let aside = SetAside::of_call(module, ctx, payload);
            if aside
                .as_ref()
                .is_some_and(|aside| aside.left_nothing(payload))
            {
                if let Some(aside) = aside {
                    aside.put_back(payload);
                }
                return Status::success("no IOC of the types this hook handles");
            }
            let scope = ctx.logger().enter_for(module.info().crate_name());
            let outcome = catch_unwind(AssertUnwindSafe(|| module.dispatch(ctx, payload)));
            drop(scope);
            // Put back even after a panic: IRIS is given back every IOC.
            if let Some(aside) = aside {
                aside.put_back(payload);
            }
            match outcome {
                Ok(status) => status,
                Err(panic) => {
                    let reason = panic_message(panic.as_ref());
                    ctx.error(format!("handler panicked: {reason}"));
                    Status::with_code(
                        codes::CRITICAL,
                        format!(
                            "module `{}` panicked in hook `{}`: {reason}",
                            module.info().name,
                            ctx.hook_name()
                        ),
                    )
                }
            }
        }
    }
}

/// A failure status when the call cannot reach a handler.
fn precheck(module: &dyn DynModule, ctx: &HookContext, payload: &HookPayload) -> Option<Status> {
    let Some(hook) = ctx.hook() else {
        return Some(Status::error(iris_module_vocabulary::not_a_hook(
            ctx.hook_name(),
        )));
    };
    let declared = module
        .hooks()
        .iter()
        .any(|registration| registration.hook == hook.name);
    // A hook no `#[hook]` declares reaches the module only if its configuration chose it.
    if !declared && !module.chooses(hook.name, ctx.hook_ui_name()) {
        return Some(unhandled_hook(ctx));
    }
    if payload.kind() != hook.data {
        return Some(payload_mismatch(ctx, payload));
    }
    None
}

/// The failure of a hook this module does not handle.
#[cold]
#[inline(never)]
pub fn unhandled_hook(ctx: &HookContext) -> Status {
    let ui = ctx
        .hook_ui_name()
        .map(|name| format!(" (menu entry `{name}`)"))
        .unwrap_or_default();
    Status::with_code(
        codes::NOT_IMPLEMENTED,
        format!(
            "hook `{}`{ui} is not handled by this module",
            ctx.hook_name()
        ),
    )
}

/// The failure of a call the dispatch `match` did not take: a hook the module does not handle
/// (of those in `handled`), or one called with data of the wrong kind.
#[cold]
#[inline(never)]
pub fn not_dispatched(
    ctx: &HookContext,
    payload: &HookPayload,
    handled: &[HookRegistration],
) -> Status {
    if handled
        .iter()
        .any(|registration| registration.hook == ctx.hook_name())
    {
        payload_mismatch(ctx, payload)
    } else {
        unhandled_hook(ctx)
    }
}

/// The failure of a hook called with data of the wrong kind.
#[cold]
#[inline(never)]
pub fn payload_mismatch(ctx: &HookContext, payload: &HookPayload) -> Status {
    let expected =
        crate::hooks::find_hook(ctx.hook_name()).map_or("?", |hook| hook.data.type_name());
    Status::error(format!(
        "hook `{}` passes `{expected}` objects, but the call carried `{}`",
        ctx.hook_name(),
        payload.kind().type_name()
    ))
}
