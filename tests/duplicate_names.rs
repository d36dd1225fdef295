//! Two modules with one name, in different Rust modules (where the compiler cannot see it): the
//! harness refuses to run either, as IRIS's load and the registry would.

use iris_module_core::prelude::*;
use iris_module_core::testing::Harness;

mod first {
    use iris_module_core::prelude::*;

    /// One module.
    #[iris_module(kind = "processor", name = "IrisSameName")]
    pub struct First;

    #[iris_module]
    impl First {
        #[hook("on_postload_ioc_create")]
        fn enrich(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
            Ok(())
        }
    }
}

mod second {
    use iris_module_core::prelude::*;

    /// Another, under the same IRIS name.
    #[iris_module(kind = "processor", name = "IrisSameName")]
    pub struct Second;

    #[iris_module]
    impl Second {
        #[hook("on_postload_ioc_create")]
        fn enrich(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
            Ok(())
        }
    }
}

#[test]
#[should_panic(expected = "two modules are named `IrisSameName`")]
fn the_harness_refuses_two_modules_with_one_name() {
    let harness = Harness::<first::First>::new().unwrap();
    harness
        .fire(
            "on_postload_ioc_create",
            &mut [Ioc::new("a.example", "domain")],
        )
        .assert_success();
}

#[test]
fn the_registry_names_both_places() {
    let duplicate = iris_module_core::Registry::collect().unwrap_err();
    let message = duplicate.to_string();
    assert!(message.contains("duplicate_names.rs"), "{message}");
    let _ = second::Second;
}

#[test]
fn the_refusal_points_at_the_test_that_built_the_harness() {
    use std::cell::RefCell;
    thread_local! {
        static WHERE: RefCell<Option<String>> = const { RefCell::new(None) };
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()));
        WHERE.with(|slot| *slot.borrow_mut() = place);
    }));
    let line = line!() + 1;
    let refused = std::panic::catch_unwind(|| Harness::<second::Second>::new());
    std::panic::set_hook(previous);
    assert!(
        refused.is_err(),
        "the harness ran a module whose name another has"
    );
    let place = WHERE
        .with(|slot| slot.borrow_mut().take())
        .unwrap_or_default();
    assert_eq!(place, format!("tests/duplicate_names.rs:{line}"));
}
