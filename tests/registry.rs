//! The registry of every module linked into the program.

use iris_module_core::host::RegisteredModule;
use iris_module_core::{
    DuplicateModule, HookHandlers, IrisModule, ModuleConfig, ModuleRegistration, Registry,
    SourceLocation,
};
use iris_module_tests::Reputation;

#[test]
fn finds_every_linked_module_sorted_by_name() {
    let registry = Registry::collect().unwrap();
    let names: Vec<&str> = registry.modules().iter().map(|m| m.info.name).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);
    assert!(names.contains(&"IrisReputation"), "{names:?}");
    let found = registry.find("IrisReputation").unwrap();
    assert_eq!(found.hooks(), Reputation::HOOKS);
    assert!(found.pipeline().is_none());
    assert!(
        found.location.file.ends_with("lib.rs"),
        "{}",
        found.location
    );
    assert!(registry.find("IrisMissing").is_none());
}

#[test]
fn builds_instances_from_configuration() {
    let registry = Registry::collect().unwrap();
    let reputation = registry.find("IrisReputation").unwrap();
    let module = reputation
        .instantiate(&ModuleConfig::new().with("api_key", "k"))
        .unwrap();
    assert_eq!(module.info().name, "IrisReputation");
    let error = reputation.instantiate(&ModuleConfig::new()).err().unwrap();
    assert!(
        error
            .to_string()
            .contains("`api_key` (API key) is mandatory"),
        "{error}"
    );
}

static FIRST: ModuleRegistration = ModuleRegistration {
    info: &Reputation::INFO,
    entry: &Reputation::ENTRY,
    location: SourceLocation {
        file: "a/first.rs",
        line: 3,
        module_path: "a",
    },
};

static SECOND: ModuleRegistration = ModuleRegistration {
    location: SourceLocation {
        file: "b/second.rs",
        line: 9,
        module_path: "b",
    },
    ..FIRST
};

#[test]
fn reports_a_duplicate_name_with_both_locations() {
    let error = Registry::from_registrations([&SECOND, &FIRST]).unwrap_err();
    assert_eq!(
        error,
        DuplicateModule {
            name: "IrisReputation",
            first: FIRST.location,
            second: SECOND.location,
        }
    );
    let message = error.to_string();
    assert!(message.contains("a/first.rs:3"), "{message}");
    assert!(message.contains("b/second.rs:9"), "{message}");
}
