//! The one hook table (in `iris-module-vocabulary`, used by the macros and the runtime alike) must
//! equal the reference list of the 90 hooks IRIS seeds.

use iris_module_core::hooks::{HOOKS, HookPhase};
use std::path::Path;

/// `(number, name, phase)` rows of a reference list.
fn fixture() -> Vec<(String, String)> {
    let text = include_str!("fixtures/iris_hooks.txt");
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            (fields[1].to_owned(), fields[2].to_owned())
        })
        .collect()
}

fn phase_name(phase: HookPhase) -> &'static str {
    match phase {
        HookPhase::Preload => "preload",
        HookPhase::Postload => "postload",
        HookPhase::Manual => "manual",
    }
}

#[test]
fn the_table_holds_exactly_the_90_reference_hooks_in_order() {
    let expected = fixture();
    assert_eq!(expected.len(), 90);
    let runtime: Vec<(String, String)> = HOOKS
        .iter()
        .map(|hook| (hook.name.to_owned(), phase_name(hook.phase).to_owned()))
        .collect();
    assert_eq!(runtime, expected);
}

/// The fixture is a copy of the reference table; when the reference is beside the checkout (as in
/// CI), check that the copy is faithful.
#[test]
fn the_fixture_matches_the_reference_document_when_present() {
    let reference =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference/iris-interface.md");
    let Ok(text) = std::fs::read_to_string(&reference) else {
        eprintln!(
            "{} not found; checked the fixture only",
            reference.display()
        );
        return;
    };
    let from_reference: Vec<(String, String)> = text
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let is_row = cells.len() > 4 && cells[1].parse::<u32>().is_ok();
            let name = cells.get(2)?.strip_prefix("`on_")?.strip_suffix('`')?;
            is_row.then(|| (format!("on_{name}"), cells[3].to_owned()))
        })
        .collect();
    assert_eq!(from_reference, fixture());
}
