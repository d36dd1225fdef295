//! What a local run added to the case, as `cargo iris run` and `cargo iris pipeline` print it.

use crate::case::{CaseSession, MemoryCase};
use std::sync::Arc;

/// A case in memory and the session a local run of `module` writes to it through (acting as
/// user 1).
pub fn local_case(module: &str) -> (Arc<MemoryCase>, Arc<CaseSession>) {
    let cases = Arc::new(MemoryCase::default());
    let session = CaseSession::new(cases.clone(), module, Some(1));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{NewAsset, NewEvent};
    use crate::logging::HookLogger;
    use crate::status::Status;

    #[test]
    fn lists_what_the_run_added_with_its_links() {
        let (cases, session) = local_case("IrisTest");
        assert_eq!(describe_added(&cases), "added to the case:\n  (nothing)\n");
        let case = session.case(1);
        let host = case.add_asset(NewAsset::new("DC01", "Account")).unwrap();
        case.add_event(
            NewEvent::new("Logon", "2024-01-01T00:00:00Z".parse().unwrap()).assets([host.id()]),
        )
        .unwrap();
        session.settle(Status::success("ok"), &HookLogger::default());
        assert_eq!(
            describe_added(&cases),
            "added to the case:\n  asset #1 \"DC01\" in case 1\n  timeline event #2 \"Logon\" in case 1, assets [1]\n"
        );
    }
}
