//! The case a local run writes to.

use crate::case::CaseSession;
use crate::case::memory::MemoryCase;
use std::sync::Arc;

/// A case in memory and the session a local run of `module` writes to it through (acting as
/// user 1).
pub fn local_case(module: &str) -> (Arc<MemoryCase>, Arc<CaseSession>) {
    let cases = Arc::new(MemoryCase::default());
    let session = CaseSession::new(cases.clone(), module, Some(1));
    (cases, Arc::new(session))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{NewAsset, NewEvent};
    use crate::local::{HookReport, Report};
    use crate::logging::HookLogger;
    use crate::status::Status;

    #[test]
    fn lists_what_the_run_added_with_its_links() {
        let (cases, session) = local_case("IrisTest");
        let report = |cases: &MemoryCase| {
            Report::Hook(HookReport {
                module: "IrisTest",
                module_version: "1.0",
                hook: "on_manual_trigger_case".into(),
                objects: 0,
                status: Status::success("ok"),
                log: Vec::new(),
                changes: Vec::new(),
                added: cases.objects(),
            })
            .to_string()
        };
        assert!(report(&cases).ends_with("added to the case:\n  (nothing)\n"));
        let case = session.case(1);
        let host = case.add_asset(NewAsset::new("DC01", "Account")).unwrap();
        case.add_event(
            NewEvent::new("Logon", "2024-01-01T00:00:00Z".parse().unwrap()).assets([host.id()]),
        )
        .unwrap();
        session.settle(Status::success("ok"), &HookLogger::default());
        assert!(report(&cases).ends_with(
            "added to the case:\n  asset #1 \"DC01\" in case 1\n  timeline event #2 \"Logon\" in case 1, assets [1]\n"
        ));
    }
}
