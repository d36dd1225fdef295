//! The shared cache out of use (its directory cannot be made): MISP is asked directly, the
//! reports are written, and the log says why the cache was not used.

mod support;

use iris_misp_module::IrisMisp;
use iris_module_core::objects::Ioc;
use iris_module_core::shared::PrivateDir;
use iris_module_core::testing::Harness;
use serde_json::json;
use std::sync::Arc;
use support::{KEY, start};

#[test]
fn misp_is_asked_directly_and_the_log_says_why() {
    let file = tempfile::NamedTempFile::new().unwrap();
    // A directory inside a regular file: nothing can be made there.
    iris_module_core::shared::install(Arc::new(PrivateDir::new(file.path().join("cache"))));
    let server = start(KEY);
    let config = json!({
        "misp_config": json!({"name": "Public_MISP", "url": server.base, "key": KEY}).to_string(),
        "misp_on_create_hook_enabled": true,
    });
    let harness = Harness::<IrisMisp>::from_config(config).unwrap();
    let mut iocs = [
        Ioc::new("evil.example", "domain"),
        Ioc::new("clean.example", "domain"),
    ];
    let run = harness.fire("on_postload_ioc_create", &mut iocs);
    assert!(run.status.is_success(), "{:?}", run.status);
    assert!(iocs.iter().all(|ioc| ioc.custom_attributes.is_some()));
    assert_eq!(server.received().len(), 2);
    assert!(
        run.logged("instance `Public_MISP`: the shared cache could not be used"),
        "{:?}",
        run.log
    );
}
