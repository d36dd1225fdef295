//! IOC-type filters on hooks (`#[hook("...", ioc_types = [...])]`) through the harness: the
//! handler is given the IOCs of its types only, each in its order; the others go back to IRIS as
//! they came, in their places, even when the handler panics; one log line says what was left.

use iris_module_core::prelude::*;
use iris_module_core::testing::Harness;
use serde_json::json;

/// Tags what it is given, and says how many.
#[iris_module(kind = "processor")]
pub struct Filtered;

#[iris_module]
impl Filtered {
    #[hook("on_postload_ioc_create", ioc_types = ["domain", "ip-*"])]
    fn network(&self, ctx: &mut HookContext, iocs: &mut [Ioc]) {
        for ioc in iocs.iter_mut() {
            let parts: Vec<String> = ioc
                .parts()
                .iter()
                .map(|(kind, value)| format!("{kind}={value}"))
                .collect();
            ioc.ioc_description = Some(parts.join(" "));
        }
        ctx.info(format!("given {}", iocs.len()));
    }

    #[hook("on_postload_ioc_update", ioc_types = ["md5"])]
    fn hashes(&self, _ctx: &mut HookContext, iocs: &mut [Ioc]) {
        for ioc in iocs.iter_mut() {
            ioc.ioc_description = Some("hashed".into());
        }
        if iocs.len() > 1 {
            panic!("two hashes");
        }
    }

    #[hook("on_manual_trigger_ioc", manual_name = "Check domains", ioc_types = ["domain"])]
    fn domains(&self, ctx: &mut HookContext, iocs: &mut [Ioc]) {
        ctx.info(format!("domains given {}", iocs.len()));
    }

    #[hook("on_postload_ioc_delete")]
    fn every(&self, ctx: &mut HookContext, ids: &mut [ObjectId]) {
        ctx.info(format!("deleted {}", ids.len()));
    }
}

fn harness() -> Harness<Filtered> {
    Harness::from_config(json!({})).unwrap()
}

fn iocs() -> Vec<Ioc> {
    vec![
        Ioc::new("d41d8cd98f00b204e9800998ecf8427e", "md5"),
        Ioc::new("evil.example", "domain"),
        Ioc::new("e3b0c44298fc1c149afbf4c8996fb924", "sha256"),
        Ioc::new("10.0.0.1|443", "ip-dst|port"),
        Ioc::new("b1946ac92492d2347c6235b4d2611184", "md5"),
    ]
}

fn descriptions(iocs: &[Ioc]) -> Vec<Option<&str>> {
    iocs.iter()
        .map(|ioc| ioc.ioc_description.as_deref())
        .collect()
}

#[test]
fn the_handler_is_given_its_types_only_and_the_others_stay_in_their_places() {
    let mut iocs = iocs();
    let run = harness().fire("on_postload_ioc_create", &mut iocs);
    run.assert_success();
    assert!(run.logged("given 2"), "{:?}", run.lines());
    assert!(
        run.logged("3 IOC(s) left to IRIS as they are: of type `md5`, `sha256`, not in this hook's `ioc_types` (domain, ip-*)"),
        "{:?}",
        run.lines()
    );
    let values: Vec<&str> = iocs.iter().map(|ioc| ioc.ioc_value.as_str()).collect();
    assert_eq!(values, iocs_values());
    assert_eq!(
        descriptions(&iocs),
        [
            None,
            Some("domain=evil.example"),
            None,
            Some("ip-dst=10.0.0.1 port=443"),
            None
        ]
    );
}

fn iocs_values() -> Vec<&'static str> {
    vec![
        "d41d8cd98f00b204e9800998ecf8427e",
        "evil.example",
        "e3b0c44298fc1c149afbf4c8996fb924",
        "10.0.0.1|443",
        "b1946ac92492d2347c6235b4d2611184",
    ]
}

#[test]
fn a_call_with_none_of_its_types_does_not_reach_the_handler() {
    let mut iocs = vec![Ioc::new("e3b0c44298fc1c149afbf4c8996fb924", "sha256")];
    let run = harness().fire("on_postload_ioc_create", &mut iocs);
    run.assert_success();
    assert!(!run.logged("given"), "{:?}", run.lines());
    assert!(
        run.status
            .message
            .contains("no IOC of the types this hook handles"),
        "{:?}",
        run.status
    );
    assert_eq!(descriptions(&iocs), [None]);
}

#[test]
fn after_a_panic_every_ioc_goes_back_in_its_place() {
    let mut iocs = iocs();
    let run = harness().fire("on_postload_ioc_update", &mut iocs);
    run.assert_failure("two hashes");
    let values: Vec<&str> = iocs.iter().map(|ioc| ioc.ioc_value.as_str()).collect();
    assert_eq!(values, iocs_values());
    // What the handler changed before it panicked is kept, as for any handler.
    assert_eq!(
        descriptions(&iocs),
        [Some("hashed"), None, None, None, Some("hashed")]
    );
}

#[test]
fn hooks_without_a_filter_and_the_registrations() {
    let mut ids = vec![ObjectId(3)];
    harness()
        .fire("on_postload_ioc_delete", &mut ids)
        .assert_success();
    let filters: Vec<(&str, &[&str])> = <Filtered as iris_module_core::HookHandlers>::HOOKS
        .iter()
        .map(|hook| (hook.hook, hook.ioc_types))
        .collect();
    assert_eq!(
        filters,
        [
            ("on_postload_ioc_create", &["domain", "ip-*"][..]),
            ("on_postload_ioc_update", &["md5"][..]),
            ("on_manual_trigger_ioc", &["domain"][..]),
            ("on_postload_ioc_delete", &[][..]),
        ]
    );
}

/// The handler a manual hook's call reaches is its one handler, whatever menu entry IRIS names
/// (an entry renamed in IRIS): the filter is that handler's.
#[test]
fn a_manual_hook_s_filter_holds_under_any_menu_entry() {
    for entry in ["Check domains", "Renamed in IRIS"] {
        let mut iocs = iocs();
        let run = harness().fire_manual("on_manual_trigger_ioc", entry, &mut iocs);
        run.assert_success();
        assert!(run.logged("domains given 1"), "{entry}: {:?}", run.lines());
    }
}
