//! Generated `hooks_handler` dispatch versus a hand-written `match` over the same module, measured
//! in the same run (interleaved rounds, median per call), reported as a ratio. Both are called
//! through a trait object, as the runtime calls modules; an A/A column (the hand-written match
//! against itself) shows the noise floor.
//!
//! `cargo bench -p iris-module-tests --bench dispatch` (set `BENCH_ROUNDS` / `BENCH_CALLS` to
//! change the effort).

use iris_module_core::prelude::*;
use iris_module_core::{HookHandlers, HookPayload, IntoStatus};
use std::hint::black_box;
use std::time::Instant;

/// The module, written with the macros.
#[iris_module(kind = "processor", name = "IrisDispatchBench")]
pub struct Generated;

/// The same handlers, dispatched by hand.
pub struct HandWritten;

fn count_iocs(iocs: &mut [Ioc]) -> HookResult {
    for ioc in iocs {
        ioc.ioc_id = Some(ioc.ioc_id.unwrap_or(0) + 1);
    }
    Ok(())
}

fn count_assets(assets: &mut [Asset]) -> HookResult {
    for asset in assets {
        asset.asset_id = Some(asset.asset_id.unwrap_or(0) + 1);
    }
    Ok(())
}

fn count_notes(notes: &mut [Note]) -> HookResult {
    for note in notes {
        note.note_id = Some(note.note_id.unwrap_or(0) + 1);
    }
    Ok(())
}

fn count_deleted(ids: &[ObjectId]) -> HookResult {
    black_box(ids.len());
    Ok(())
}

#[iris_module]
impl Generated {
    #[hook("on_postload_ioc_create")]
    #[hook("on_postload_ioc_update")]
    #[hook("on_manual_trigger_ioc", manual_name = "Count")]
    fn iocs(&self, _ctx: &mut HookContext, iocs: &mut [Ioc]) -> HookResult {
        count_iocs(iocs)
    }

    #[hook("on_postload_asset_create")]
    #[hook("on_postload_asset_update")]
    fn assets(&self, _ctx: &mut HookContext, assets: &mut [Asset]) -> HookResult {
        count_assets(assets)
    }

    #[hook("on_postload_note_create")]
    fn notes(&self, _ctx: &mut HookContext, notes: &mut [Note]) -> HookResult {
        count_notes(notes)
    }

    #[hook("on_postload_ioc_delete")]
    fn deleted(&self, _ctx: &mut HookContext, ids: &[ObjectId]) -> HookResult {
        count_deleted(ids)
    }
}

impl HandWritten {
    fn iocs(&self, _ctx: &mut HookContext, iocs: &mut [Ioc]) -> HookResult {
        count_iocs(iocs)
    }

    fn assets(&self, _ctx: &mut HookContext, assets: &mut [Asset]) -> HookResult {
        count_assets(assets)
    }

    fn notes(&self, _ctx: &mut HookContext, notes: &mut [Note]) -> HookResult {
        count_notes(notes)
    }

    fn deleted(&self, _ctx: &mut HookContext, ids: &[ObjectId]) -> HookResult {
        count_deleted(ids)
    }

    /// What a developer writes without the macros.
    fn dispatch(&self, ctx: &mut HookContext, payload: &mut HookPayload) -> Status {
        match (ctx.hook_name(), payload) {
            (
                "on_postload_ioc_create" | "on_postload_ioc_update" | "on_manual_trigger_ioc",
                HookPayload::Ioc(iocs),
            ) => self.iocs(ctx, iocs).into_status(),
            (
                "on_postload_asset_create" | "on_postload_asset_update",
                HookPayload::Asset(assets),
            ) => self.assets(ctx, assets).into_status(),
            ("on_postload_note_create", HookPayload::Note(notes)) => {
                self.notes(ctx, notes).into_status()
            }
            ("on_postload_ioc_delete", HookPayload::ObjectId(ids)) => {
                self.deleted(ctx, ids).into_status()
            }
            _ => Status::error(format!("hook `{}` is not handled", ctx.hook_name())),
        }
    }
}

/// How the runtime calls a module: through a trait object (`run_hook` takes `&dyn DynModule`), so
/// neither contender can be inlined into the caller.
trait Dispatch {
    fn call(&self, ctx: &mut HookContext, payload: &mut HookPayload) -> Status;
}

impl Dispatch for Generated {
    fn call(&self, ctx: &mut HookContext, payload: &mut HookPayload) -> Status {
        HookHandlers::dispatch(self, ctx, payload)
    }
}

impl Dispatch for HandWritten {
    fn call(&self, ctx: &mut HookContext, payload: &mut HookPayload) -> Status {
        self.dispatch(ctx, payload)
    }
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Nanoseconds per call of `dispatch` over `calls` calls.
fn time(calls: usize, mut dispatch: impl FnMut() -> Status) -> f64 {
    let start = Instant::now();
    for _ in 0..calls {
        black_box(dispatch());
    }
    start.elapsed().as_nanos() as f64 / calls as f64
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let rounds = env_or("BENCH_ROUNDS", 21);
    let calls = env_or("BENCH_CALLS", 200_000);
    let generated = Generated;
    let hand = HandWritten;
    let cases: Vec<(&str, HookPayload)> = vec![
        (
            "on_postload_ioc_create",
            HookPayload::Ioc(vec![Ioc::new("a.example", "domain")]),
        ),
        (
            "on_postload_asset_update",
            HookPayload::Asset(vec![Asset::default()]),
        ),
        (
            "on_postload_ioc_delete",
            HookPayload::ObjectId(vec![ObjectId(7)]),
        ),
    ];
    println!(
        "hooks_handler dispatch: generated vs hand-written match ({rounds} rounds x {calls} calls, median ns/call)"
    );
    println!(
        "{:<28} {:>12} {:>14} {:>8} {:>8}",
        "hook", "generated", "hand-written", "ratio", "A/A"
    );
    let mut worst: f64 = 0.0;
    for (hook, payload) in cases {
        let mut ctx = HookContext::new(hook);
        let mut payloads = [payload.clone(), payload.clone(), payload];
        let mut samples = [Vec::new(), Vec::new(), Vec::new()];
        for round in 0..rounds {
            // Rotate the order every round, so no contender always runs first.
            for step in 0..3 {
                let which = (round + step) % 3;
                let payload = &mut payloads[which];
                // `black_box` makes the inputs opaque at every call, as they are when IRIS calls
                // `hooks_handler`: nothing can be hoisted out of the timing loop.
                let module: &dyn Dispatch = if which == 0 { &generated } else { &hand };
                let ns = time(calls, || {
                    black_box(module).call(black_box(&mut ctx), black_box(&mut *payload))
                });
                samples[which].push(ns);
            }
        }
        let [g, h, h2] = samples.map(median);
        let ratio = g / h;
        worst = worst.max(ratio);
        println!(
            "{hook:<28} {g:>12.2} {h:>14.2} {ratio:>8.3} {:>8.3}",
            h2 / h
        );
    }
    let verdict = if worst <= 1.05 { "within" } else { "outside" };
    println!(
        "worst ratio {worst:.3}: {verdict} the 5% target (A/A: the hand-written match against itself, the noise floor)"
    );
}
