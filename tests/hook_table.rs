//! The one hook table (in `iris-module-vocabulary`, used by the macros and the runtime alike) must
//! hold exactly the 90 hooks IRIS seeds, in IRIS's order, each in the phase its name says: checked
//! against IRIS's own `create_safe_hooks`, kept verbatim in `fixtures/` (so the check needs
//! nothing outside the repository).

use iris_module_core::hooks::{HOOKS, HookPhase};

/// IRIS v2.4.20's `create_safe_hooks`, verbatim.
const IRIS_SEEDS: &str = include_str!("fixtures/iris_create_safe_hooks.py");

/// The `hook_name='...'` values of IRIS's function, in order.
fn seeded_hooks() -> Vec<&'static str> {
    IRIS_SEEDS
        .split("hook_name='")
        .skip(1)
        .map(|rest| &rest[..rest.find('\'').expect("a closing quote")])
        .collect()
}

/// The phase IRIS's name of a hook says it runs in.
fn phase_named(hook: &str) -> Option<HookPhase> {
    if hook.starts_with("on_preload_") {
        Some(HookPhase::Preload)
    } else if hook.starts_with("on_postload_") {
        Some(HookPhase::Postload)
    } else if hook.starts_with("on_manual_trigger_") {
        Some(HookPhase::Manual)
    } else {
        None
    }
}

#[test]
fn the_table_holds_exactly_the_hooks_iris_seeds_in_its_order() {
    let seeded = seeded_hooks();
    assert_eq!(seeded.len(), 90, "IRIS v2.4.20 seeds 90 hooks");
    let table: Vec<&str> = HOOKS.iter().map(|hook| hook.name).collect();
    assert_eq!(table, seeded);
}

#[test]
fn each_hook_is_in_the_phase_its_name_says() {
    for hook in HOOKS {
        assert_eq!(
            Some(hook.phase),
            phase_named(hook.name),
            "`{}` is in the wrong phase",
            hook.name
        );
    }
}
