//! `iris_module_core::fan_out`: several instances called at once, each failing on its own (an
//! error, a panic, no answer in time) without taking the others' results; the status names each
//! failing instance; each instance's requests keep their own pace.

use iris_module_core::HookError;
use iris_module_core::fan_out::{FanOut, InstanceFailure};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn instances(names: &[&str]) -> Vec<(String, String, String)> {
    names
        .iter()
        .map(|name| {
            (
                name.to_string(),
                format!("https://{name}.example"),
                name.to_string(),
            )
        })
        .collect()
}

#[test]
fn one_instance_down_leaves_the_others_results_and_the_status_names_it() {
    let started = Instant::now();
    let results = FanOut::new().timeout(Duration::from_millis(800)).run(
        instances(&["up", "down", "slow", "broken", "also-up"]),
        |call, name| match name.as_str() {
            "down" => Err(HookError::msg("connection refused")),
            "slow" => {
                std::thread::sleep(Duration::from_secs(5));
                Ok(0)
            }
            "broken" => panic!("index out of bounds"),
            _ => Ok(call.name().len()),
        },
    );
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_secs(3),
        "waited for the slow one: {elapsed:?}"
    );
    let answered: Vec<(&str, &usize)> = results.successes().collect();
    assert_eq!(answered, [("up", &2), ("also-up", &7)]);
    let failed: Vec<&str> = results.failures().map(|(name, _)| name).collect();
    assert_eq!(failed, ["down", "slow", "broken"]);
    assert!(matches!(
        results.outcomes[2].result,
        Err(InstanceFailure::TimedOut(_))
    ));
    let status = results.status().unwrap_err().to_string();
    assert_eq!(
        status,
        "instance `down`: connection refused; instance `slow`: no answer within 0.8 s; \
         instance `broken`: panicked: index out of bounds (2 of 5 instances answered)"
    );
    println!("fan-out: 5 instances, 2 answered, 3 failed, returned after {elapsed:?}");
}

#[test]
fn every_instance_answering_is_a_success_in_order_and_the_hook_deadline_bounds_all() {
    let results = FanOut::new().run(instances(&["a", "b", "c"]), |_, name| Ok(name));
    assert!(results.status().is_ok());
    let order: Vec<&str> = results.successes().map(|(name, _)| name).collect();
    assert_eq!(order, ["a", "b", "c"]);
    let deadline = Instant::now() + Duration::from_millis(300);
    let results = FanOut::new()
        .timeout(Duration::from_secs(60))
        .until(Some(deadline))
        .run(instances(&["stuck"]), |call, _| {
            assert!(call.remaining() <= Duration::from_millis(300));
            std::thread::sleep(Duration::from_secs(3));
            Ok(())
        });
    assert!(Instant::now() < deadline + Duration::from_secs(1));
    assert!(results.status().is_err());
}

#[test]
fn each_instance_keeps_its_own_pace() {
    // The pace is kept in the user's shared state: a namespace of this run's own.
    let service = format!("fan-out test {}", std::process::id());
    let interval = Duration::from_millis(150);
    let sent: Arc<Mutex<Vec<(String, Instant)>>> = Arc::default();
    let count = Arc::new(AtomicUsize::new(0));
    let (log, counted) = (Arc::clone(&sent), Arc::clone(&count));
    let results = FanOut::new().paced(&service, interval).run(
        instances(&["one", "two"]),
        move |call, name| {
            for _ in 0..3 {
                call.wait_turn().map_err(HookError::from)?;
                log.lock().unwrap().push((name.clone(), Instant::now()));
                counted.fetch_add(1, Ordering::SeqCst);
            }
            Ok(())
        },
    );
    assert!(results.status().is_ok(), "{:?}", results.status());
    assert_eq!(count.load(Ordering::SeqCst), 6);
    let sent = sent.lock().unwrap();
    for name in ["one", "two"] {
        let times: Vec<Instant> = sent
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, t)| *t)
            .collect();
        for pair in times.windows(2) {
            assert!(
                pair[1] - pair[0] >= interval - Duration::from_millis(5),
                "{name}: {:?}",
                pair[1] - pair[0]
            );
        }
    }
    // The two instances' paces are their own: both started at once.
    let firsts: Vec<Instant> = ["one", "two"]
        .iter()
        .map(|name| sent.iter().find(|(n, _)| n == name).unwrap().1)
        .collect();
    let apart = if firsts[0] > firsts[1] {
        firsts[0] - firsts[1]
    } else {
        firsts[1] - firsts[0]
    };
    assert!(apart < interval, "{apart:?}");
}
