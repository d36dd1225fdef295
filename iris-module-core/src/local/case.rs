//! What a local run added to the case, as `cargo iris run` and `cargo iris pipeline` print it.

use crate::case::{CaseSession, MemoryCase};
use crate::module::ModuleInfo;
use std::sync::Arc;

/// A case in memory and the session a local run writes to it through (acting as user 1).
pub fn local_case(module: &ModuleInfo) -> (Arc<MemoryCase>, Arc<CaseSession>) {
    let cases = Arc::new(MemoryCase::default());
    let session = CaseSession::new(cases.clone(), module.name, Some(1));
    (cases, Arc::new(session))
}

/// `added to the case:` and one line per object (with its links), or `(nothing)`.
pub fn describe_added(cases: &MemoryCase) -> String {
    let mut text = String::from("added to the case:\n");
    let objects = cases.objects();
    if objects.is_empty() {
        text.push_str("  (nothing)\n");
    }
    for object in objects {
        text.push_str(&format!("  {object}"));
        for link in ["assets", "iocs"] {
            let ids = object.linked(link);
            if !ids.is_empty() {
                text.push_str(&format!(", {link} {ids:?}"));
            }
        }
        text.push('\n');
    }
    text
}
