//! The VirusTotal example against hostile servers, part of the fault-injection suite (run by
//! `.ci/run` with `--ignored --nocapture`; prints a `faults:` line): servers that echo the key,
//! redirect to another origin or to themselves, or answer too late. The key must show nowhere and
//! reach no other origin; nothing may hang.

use iris_module_core::config::Secret;
use iris_module_core::objects::Ioc;
use iris_module_core::testing::Harness;
use iris_module_core::testing::loopback::{Answer, HttpServer};
use iris_vt_module::Vt;
use iris_vt_module::client::VtClient;
use serde_json::json;
use std::time::{Duration, Instant};

const KEY: &str = "vt-key-under-attack-0b9d2e";

/// How a hostile server answers.
type Handler = Box<dyn Fn(&iris_module_core::testing::loopback::Received) -> Answer + Send + Sync>;

/// A hostile server's handler, given the base URL of another origin.
type Hostile = Box<dyn Fn(&str) -> Handler>;

#[test]
#[ignore = "fault-injection suite: .ci/run runs it with --ignored"]
fn hostile_servers_get_the_key_nowhere_else_and_it_shows_nowhere() {
    let started = Instant::now();
    let (mut scenarios, mut leaked, mut elsewhere) = (0, 0, 0);
    let mut hostile: Vec<Hostile> = Vec::new();
    for status in [400, 401, 403, 429, 500] {
        hostile.push(Box::new(move |_| {
            Box::new(move |request: &iris_module_core::testing::loopback::Received| {
                let key = request.header("x-apikey").unwrap_or_default().to_owned();
                Answer::json(
                    status,
                    json!({"error": {"code": "Echo", "message": format!("key {key}, x-apikey: {key}")}})
                        .to_string(),
                )
            })
        }));
    }
    for status in [301, 302, 303, 307, 308] {
        hostile.push(Box::new(move |elsewhere: &str| {
            let target = elsewhere.to_owned();
            Box::new(
                move |request: &iris_module_core::testing::loopback::Received| {
                    Answer::json(status, "")
                        .with_header("Location", &format!("{target}{}", request.url))
                },
            )
        }));
    }
    for make in &hostile {
        scenarios += 1;
        let third_party = HttpServer::start(|_| Answer::json(200, "{}"));
        let server = HttpServer::start(make(&third_party.base));
        let harness = Harness::<Vt>::from_config(json!({
            "vt_api_key": KEY, "vt_api_url": format!("{}/api/v3", server.base),
            "vt_key_is_premium": "True",
        }))
        .unwrap();
        let run = harness.fire(
            "on_manual_trigger_ioc",
            &mut [Ioc::new("evil.example", "domain")],
        );
        leaked += usize::from(format!("{:?} {:?}", run.status, run.log).contains(KEY));
        elsewhere += third_party
            .received()
            .iter()
            .filter(|request| request.header("x-apikey").is_some())
            .count();
    }
    // A server that answers after the client's time limit: an error, no hang.
    scenarios += 1;
    let slow = HttpServer::start(|_| {
        std::thread::sleep(Duration::from_millis(2500));
        Answer::json(200, "{}")
    });
    let client = VtClient::new(
        &format!("{}/api/v3", slow.base),
        Secret::new(KEY),
        0,
        Duration::from_secs(1),
    );
    let begun = Instant::now();
    let target = iris_vt_module::target::target("domain", "evil.example").unwrap();
    let error = client.lookup(&target, None).unwrap_err();
    let hung = usize::from(begun.elapsed() > Duration::from_secs(5));
    leaked += usize::from(error.to_string().contains(KEY));
    println!(
        "faults: hostile virustotal scenarios={scenarios} secrets_leaked={leaked} \
         key_sent_to_another_origin={elsewhere} hangs={hung} ({:.1} s)",
        started.elapsed().as_secs_f64()
    );
    assert_eq!((leaked, elsewhere, hung), (0, 0, 0));
}
