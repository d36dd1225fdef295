//! The outbox (`iris_module_core::outbox`) in a private directory: what a destination refuses is
//! kept and sent first on the next call, in order and once; a worker finding another one sending
//! what waits puts its item behind; a deadline stops the sending. And a race: threads delivering to one
//! destination that refuses at random, every item delivered once, each thread's in its order.

use iris_module_core::outbox::{Delivered, Outbox};
use iris_module_core::shared::{PrivateDir, SharedState};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn outbox(dir: &std::path::Path) -> Outbox {
    let store: Arc<dyn SharedState> = Arc::new(PrivateDir::new(dir.join("state")));
    Outbox::in_store("IrisWebHooks", "soc https://hooks.example/x", store)
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn what_is_refused_is_sent_first_next_time_in_order_and_once() {
    let dir = temp();
    let outbox = outbox(dir.path());
    let mut received = Vec::new();
    let refuse = |_: &str, _: &str| Err::<(), _>("down");
    let kept = outbox.deliver("one", None, refuse).unwrap();
    assert_eq!((kept.sent, kept.kept, kept.refused), (0, 1, Some("down")));
    assert_eq!(outbox.deliver("two", None, refuse).unwrap().kept, 2);
    let mut ids = Vec::new();
    let delivered = outbox
        .deliver("three", None, |id, item| {
            ids.push(id.to_owned());
            received.push(item.to_owned());
            Ok::<(), &str>(())
        })
        .unwrap();
    assert_eq!(
        delivered,
        Delivered {
            sent: 3,
            ..Delivered::default()
        }
    );
    assert_eq!(received, ["one", "two", "three"]);
    assert!(outbox.is_empty().unwrap());
    // Each item's id is its own, and the same at every attempt.
    let mut distinct = ids.clone();
    distinct.dedup();
    assert_eq!(distinct.len(), 3);
}

#[test]
fn a_refusal_in_the_middle_keeps_it_and_what_follows() {
    let dir = temp();
    let outbox = outbox(dir.path());
    for item in ["a", "b", "c"] {
        outbox.deliver(item, None, |_, _| Err::<(), _>(())).unwrap();
    }
    let mut seen = Vec::new();
    let delivered = outbox
        .deliver("d", None, |_, item| {
            seen.push(item.to_owned());
            if item == "b" { Err(()) } else { Ok(()) }
        })
        .unwrap();
    assert_eq!((delivered.sent, delivered.kept), (1, 3));
    assert_eq!(seen, ["a", "b"]);
    let mut rest = Vec::new();
    outbox
        .deliver("e", None, |_, item| {
            rest.push(item.to_owned());
            Ok::<(), ()>(())
        })
        .unwrap();
    assert_eq!(rest, ["b", "c", "d", "e"]);
}

#[test]
fn another_worker_sending_puts_the_item_behind_and_a_deadline_stops_the_sending() {
    let dir = temp();
    let outbox = outbox(dir.path());
    // Something waits, so that the first worker holds the destination while it sends.
    outbox
        .deliver("old", None, |_, _| Err::<(), _>(()))
        .unwrap();
    let (gate_in, gate_out) = std::sync::mpsc::channel::<()>();
    let (started_in, started_out) = std::sync::mpsc::channel::<()>();
    let first = outbox.clone();
    let worker = std::thread::spawn(move || {
        first
            .deliver("first", None, |_, _| {
                let _ = started_in.send(());
                let _ = gate_out.recv();
                Ok::<(), ()>(())
            })
            .unwrap()
    });
    started_out.recv().unwrap();
    let behind = outbox
        .deliver("queued", None, |_, _| -> Result<(), ()> {
            panic!("sent while another worker sends")
        })
        .unwrap();
    assert!(behind.behind_another_worker && behind.kept == 1);
    gate_in.send(()).unwrap();
    drop(gate_in);
    // It sent what waited when it started, then its own ("queued" came after).
    assert_eq!(worker.join().unwrap().sent, 2);
    let past = Instant::now() - Duration::from_millis(1);
    let stopped = outbox
        .deliver("late", Some(past), |_, _| -> Result<(), ()> {
            panic!("sent past the deadline")
        })
        .unwrap();
    assert_eq!((stopped.sent, stopped.kept), (0, 2));
    let mut order = Vec::new();
    outbox
        .deliver("now", None, |_, item| {
            order.push(item.to_owned());
            Ok::<(), ()>(())
        })
        .unwrap();
    assert_eq!(order, ["queued", "late", "now"]);
}

#[test]
fn racing_workers_and_a_flaky_destination_lose_nothing_and_send_nothing_twice() {
    const THREADS: usize = 4;
    const ITEMS: usize = 40;
    let dir = temp();
    let outbox = outbox(dir.path());
    let received: Arc<Mutex<Vec<String>>> = Arc::default();
    let refusals = Arc::new(Mutex::new(0usize));
    let flaky = |received: &Arc<Mutex<Vec<String>>>, refusals: &Arc<Mutex<usize>>, item: &str| {
        // A refusal about one time in three, decided by the item and the time.
        let roll =
            std::collections::hash_map::RandomState::new().hash_one((item, Instant::now())) % 3;
        if roll == 0 {
            *refusals.lock().unwrap() += 1;
            return Err(());
        }
        received.lock().unwrap().push(item.to_owned());
        Ok(())
    };
    use std::hash::BuildHasher;
    let workers: Vec<_> = (0..THREADS)
        .map(|thread| {
            let (outbox, received, refusals) =
                (outbox.clone(), Arc::clone(&received), Arc::clone(&refusals));
            std::thread::spawn(move || {
                for index in 0..ITEMS {
                    outbox
                        .deliver(&format!("{thread}:{index:03}"), None, |_, item| {
                            flaky(&received, &refusals, item)
                        })
                        .unwrap();
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    // What is still kept goes on the next calls, the destination up.
    let mut drains = 0;
    while !outbox.is_empty().unwrap() {
        drains += 1;
        outbox
            .deliver(&format!("drain:{drains:03}"), None, |_, item| {
                received.lock().unwrap().push(item.to_owned());
                Ok::<(), ()>(())
            })
            .unwrap();
    }
    let received = received.lock().unwrap().clone();
    let items: Vec<&String> = received
        .iter()
        .filter(|item| !item.starts_with("drain"))
        .collect();
    let mut distinct = items.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), THREADS * ITEMS, "every item delivered");
    assert_eq!(items.len(), THREADS * ITEMS, "none delivered twice");
    for thread in 0..THREADS {
        let prefix = format!("{thread}:");
        let mine: Vec<&&String> = items
            .iter()
            .filter(|item| item.starts_with(&prefix))
            .collect();
        assert!(
            mine.windows(2).all(|pair| pair[0] < pair[1]),
            "thread {thread}'s items in order"
        );
    }
    println!(
        "faults: outbox race: {THREADS} workers, {} items, {} refusals, {} drains after; delivered {}, twice 0, lost 0, out of order 0",
        THREADS * ITEMS,
        refusals.lock().unwrap(),
        drains,
        distinct.len()
    );
}

#[test]
fn the_sender_is_told_when_the_destination_refused_before() {
    let dir = temp();
    let outbox = outbox(dir.path());
    let mut seen = Vec::new();
    outbox
        .deliver_attempts("first", None, |attempt| {
            seen.push((attempt.item.to_owned(), attempt.backlog));
            Err::<(), _>(())
        })
        .unwrap();
    outbox
        .deliver_attempts("second", None, |attempt| {
            seen.push((attempt.item.to_owned(), attempt.backlog));
            Ok::<(), ()>(())
        })
        .unwrap();
    outbox
        .deliver_attempts("third", None, |attempt| {
            seen.push((attempt.item.to_owned(), attempt.backlog));
            Ok::<(), ()>(())
        })
        .unwrap();
    let expected = [
        ("first", false),
        ("first", true),
        ("second", true),
        ("third", false),
    ];
    let expected: Vec<(String, bool)> = expected.iter().map(|(i, b)| (i.to_string(), *b)).collect();
    assert_eq!(seen, expected);
}

#[test]
fn an_item_sent_as_the_deadline_passes_is_not_sent_again() {
    let dir = temp();
    let outbox = outbox(dir.path());
    outbox
        .deliver("old", None, |_, _| Err::<(), _>(()))
        .unwrap();
    // The deadline passes while "old" is being sent: it was delivered, the new one is kept.
    let deadline = Instant::now() + Duration::from_millis(50);
    let delivered = outbox
        .deliver("new", Some(deadline), |_, _| {
            std::thread::sleep(Duration::from_millis(100));
            Ok::<(), ()>(())
        })
        .unwrap();
    assert_eq!((delivered.sent, delivered.kept), (1, 1));
    let mut next = Vec::new();
    outbox
        .deliver("next", None, |_, item| {
            next.push(item.to_owned());
            Ok::<(), ()>(())
        })
        .unwrap();
    assert_eq!(next, ["new", "next"]);
}
