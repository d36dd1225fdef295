//! A hook cannot hold a worker: a handler past its time limit ends with an error status naming
//! the limit, nothing it did is kept (not even once it ends later), and the next call is served at
//! once; a module's concurrent calls stay within `max_concurrent_calls`, a call finding every slot
//! held waits a bounded time, then fails naming the limit. Each test reports its counts.

use iris_module_core::case::ObjectKind;
use iris_module_core::prelude::*;
use iris_module_core::shared::{PrivateDir, SharedState};
use iris_module_core::testing::Harness;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

/// This binary's shared state: a private directory of its own (no lease of another run).
fn own_state() {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| tempfile::tempdir().unwrap());
    let store: Arc<dyn SharedState> = Arc::new(PrivateDir::new(dir.path().join("state")));
    iris_module_core::shared::install(store);
}

/// A handler that takes 1.5 s under a 300 ms limit, after changing its IOC and adding one to the
/// case; and a quick one.
#[iris_module(kind = "processor", name = "IrisTimed")]
pub struct Timed;

#[iris_module]
impl Timed {
    #[hook("on_postload_ioc_create", timeout = "300ms")]
    fn slow(&self, ctx: &mut HookContext, iocs: &mut [Ioc]) -> HookResult {
        let case = ctx.case(ctx.case_id().unwrap_or(1));
        case.add_ioc(NewIoc::new("slow.example", "domain"))?;
        for ioc in iocs.iter_mut() {
            ioc.ioc_tags = Some("changed by a slow call".into());
        }
        ctx.info("slow call: looking up");
        thread::sleep(Duration::from_millis(1500));
        Ok(())
    }

    #[hook("on_postload_ioc_update")]
    fn quick(&self, _ctx: &mut HookContext, iocs: &mut [Ioc]) -> HookResult {
        for ioc in iocs.iter_mut() {
            ioc.ioc_tags = Some("quick".into());
        }
        Ok(())
    }
}

fn ioc(value: &str) -> Ioc {
    let mut ioc = Ioc::default();
    ioc.ioc_value = value.into();
    ioc
}

#[test]
fn a_handler_past_its_limit_is_an_error_naming_it_and_nothing_it_did_is_kept() {
    own_state();
    let harness = Harness::<Timed>::new().unwrap();
    let mut iocs = vec![ioc("evil.example")];
    let started = Instant::now();
    let run = harness.fire("on_postload_ioc_create", &mut iocs);
    let took = started.elapsed();
    run.assert_failure("ran past its time limit of 300ms");
    assert!(
        run.logged("slow call: looking up"),
        "the lines logged before the limit are kept"
    );
    assert!(took < Duration::from_millis(1000), "waited {took:?}");
    assert_eq!(iocs[0].ioc_tags, None, "its change is not applied");

    // The next call is served at once, while the slow handler still runs.
    let mut next = vec![ioc("other.example")];
    harness
        .fire("on_postload_ioc_update", &mut next)
        .assert_success();
    assert_eq!(next[0].ioc_tags.as_deref(), Some("quick"));

    // Once the slow handler has ended, what it added is still not stored.
    thread::sleep(
        Duration::from_millis(1500).saturating_sub(started.elapsed()) + Duration::from_millis(300),
    );
    assert!(
        harness.cases().of_kind(ObjectKind::Ioc).is_empty(),
        "{:?}",
        harness.cases().objects()
    );
    println!(
        "faults: calls past their limit 1, given up in {took:?}, next calls served 1, kept after the limit 0"
    );
}

static RUNNING: AtomicUsize = AtomicUsize::new(0);
static MOST: AtomicUsize = AtomicUsize::new(0);

/// At most two calls at once; each takes 200 ms and counts how many run with it.
#[iris_module(kind = "processor", name = "IrisPair", max_concurrent_calls = 2)]
pub struct Pair;

#[iris_module]
impl Pair {
    #[hook("on_postload_ioc_create")]
    fn count(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
        MOST.fetch_max(now, Ordering::SeqCst);
        thread::sleep(Duration::from_millis(200));
        RUNNING.fetch_sub(1, Ordering::SeqCst);
        Ok(())
    }
}

#[test]
fn concurrent_calls_stay_within_the_module_limit_and_each_is_served() {
    own_state();
    // Separate harnesses stand for separate workers: the limit is held in the shared state.
    let calls = 8;
    let statuses: Vec<bool> = thread::scope(|scope| {
        let handles: Vec<_> = (0..calls)
            .map(|n| {
                scope.spawn(move || {
                    let harness = Harness::<Pair>::new().unwrap();
                    harness
                        .fire(
                            "on_postload_ioc_create",
                            &mut [ioc(&format!("h{n}.example"))],
                        )
                        .is_success()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let most = MOST.load(Ordering::SeqCst);
    assert!(statuses.iter().all(|ok| *ok), "{statuses:?}");
    assert_eq!(
        most, 2,
        "at most 2 calls at once, and the limit was reached"
    );
    println!(
        "faults: concurrent calls {calls}, served {}, most at once {most} (limit 2)",
        statuses.len()
    );
}

/// One call at a time, under a 2 s limit: a second call waits at most 1 s for the slot.
#[iris_module(kind = "processor", name = "IrisSingle", max_concurrent_calls = 1)]
pub struct Single;

#[iris_module]
impl Single {
    #[hook("on_postload_ioc_create", timeout = "2s")]
    fn hold(&self, _ctx: &mut HookContext, _iocs: &mut [Ioc]) -> HookResult {
        thread::sleep(Duration::from_millis(1600));
        Ok(())
    }
}

#[test]
fn a_call_finding_every_slot_held_waits_a_bounded_time_then_fails_naming_the_limit() {
    own_state();
    let (first, second, waited) = thread::scope(|scope| {
        let first = scope.spawn(|| {
            Harness::<Single>::new()
                .unwrap()
                .fire("on_postload_ioc_create", &mut [ioc("a.example")])
        });
        thread::sleep(Duration::from_millis(200));
        let started = Instant::now();
        let second = Harness::<Single>::new()
            .unwrap()
            .fire("on_postload_ioc_create", &mut [ioc("b.example")]);
        (first.join().unwrap(), second, started.elapsed())
    });
    first.assert_success();
    second.assert_failure("allows 1 concurrent call(s) (`max_concurrent_calls`)");
    assert!(
        (Duration::from_millis(900)..Duration::from_secs(3)).contains(&waited),
        "{waited:?}"
    );
    // The slot is given back: the next call runs.
    Harness::<Single>::new()
        .unwrap()
        .fire("on_postload_ioc_create", &mut [ioc("c.example")])
        .assert_success();
    println!("faults: calls over the limit 1, refused after {waited:?}, slot given back 1");
}
