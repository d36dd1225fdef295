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
