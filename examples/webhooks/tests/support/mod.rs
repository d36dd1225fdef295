//! What the drop-in's test files share: a harness for a `wh_configuration` document, whose
//! outboxes are this test process's own (never the user's).

use iris_module_core::shared::PrivateDir;
use iris_module_core::testing::Harness;
use iris_webhooks_module::IrisWebHooks;
use serde_json::{Value, json};
use std::sync::{Arc, OnceLock};

/// The module with `config` as its `wh_configuration`. Tests use distinct webhook names (or
/// receivers), so that one test's kept payloads are not another's.
pub fn harness(config: &Value) -> Harness<IrisWebHooks> {
    static STATE: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = STATE.get_or_init(|| tempfile::tempdir().unwrap());
    iris_module_core::shared::install(Arc::new(PrivateDir::new(dir.path().join("state"))));
    Harness::<IrisWebHooks>::from_config(json!({"wh_configuration": config.to_string()})).unwrap()
}
