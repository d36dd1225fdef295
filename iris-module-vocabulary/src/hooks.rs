//! The 90 hooks IRIS seeds (iris-web v2.4.20, `create_safe_hooks` in `post_init.py`), with the
//! phase of each and the kind of object it passes.

use crate::DataKind;

/// When IRIS fires a hook, which decides whether it may run asynchronously.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HookPhase {
    /// `on_preload_*`: inside the request, before commit; always synchronous. Create and update
    /// preload hooks may change the request body.
    Preload,
    /// `on_postload_*`: after commit; asynchronous (Celery) unless registered otherwise.
    Postload,
    /// `on_manual_trigger_*`: started by a user from a menu; asynchronous by default.
    Manual,
}

/// One IRIS hook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HookSpec {
    /// The hook name, e.g. `on_postload_ioc_create`.
    pub name: &'static str,
    /// Its phase.
    pub phase: HookPhase,
    /// What each element of its data list is.
    pub data: DataKind,
}

const fn h(name: &'static str, phase: HookPhase, data: DataKind) -> HookSpec {
    HookSpec { name, phase, data }
}

use DataKind::*;
use HookPhase::{Manual as M, Postload as P, Preload as L};

/// Every hook IRIS seeds, in the order of iris-web's `create_safe_hooks`.
pub const HOOKS: &[HookSpec] = &[
    h("on_postload_alert_create", P, Alert),
    h("on_postload_alert_delete", P, AlertIds),
    h("on_postload_alert_update", P, Alert),
    h("on_postload_alert_resolution_update", P, Alert),
    h("on_postload_alert_status_update", P, Alert),
    h("on_postload_alert_escalate", P, Alert),
    h("on_postload_alert_merge", P, Alert),
    h("on_postload_alert_unmerge", P, Alert),
    h("on_manual_trigger_alert", M, Alert),
    h("on_preload_case_create", L, RequestBody),
    h("on_postload_case_create", P, Case),
    h("on_preload_case_delete", L, ObjectId),
    h("on_postload_case_delete", P, ObjectId),
    h("on_postload_case_update", P, Case),
    h("on_manual_trigger_case", M, Case),
    h("on_preload_asset_create", L, RequestBody),
    h("on_postload_asset_create", P, Asset),
    h("on_preload_asset_update", L, RequestBody),
    h("on_postload_asset_update", P, Asset),
    h("on_preload_asset_delete", L, ObjectId),
    h("on_postload_asset_delete", P, ObjectId),
    h("on_manual_trigger_asset", M, Asset),
    h("on_preload_note_create", L, RequestBody),
    h("on_postload_note_create", P, Note),
    h("on_preload_note_update", L, RequestBody),
    h("on_postload_note_update", P, Note),
    h("on_preload_note_delete", L, ObjectId),
    h("on_postload_note_delete", P, ObjectId),
    h("on_manual_trigger_note", M, Note),
    h("on_preload_ioc_create", L, RequestBody),
    h("on_postload_ioc_create", P, Ioc),
    h("on_preload_ioc_update", L, RequestBody),
    h("on_postload_ioc_update", P, Ioc),
    h("on_preload_ioc_delete", L, ObjectId),
    h("on_postload_ioc_delete", P, ObjectId),
    h("on_manual_trigger_ioc", M, Ioc),
    h("on_preload_event_create", L, RequestBody),
    h("on_postload_event_create", P, Event),
    h("on_preload_event_duplicate", L, ObjectId),
    h("on_preload_event_update", L, RequestBody),
    h("on_postload_event_update", P, Event),
    h("on_preload_event_delete", L, ObjectId),
    h("on_postload_event_delete", P, ObjectId),
    h("on_manual_trigger_event", M, Event),
    h("on_preload_evidence_create", L, RequestBody),
    h("on_postload_evidence_create", P, Evidence),
    h("on_preload_evidence_update", L, RequestBody),
    h("on_postload_evidence_update", P, Evidence),
    h("on_preload_evidence_delete", L, ObjectId),
    h("on_postload_evidence_delete", P, ObjectId),
    h("on_manual_trigger_evidence", M, Evidence),
    h("on_preload_task_create", L, RequestBody),
    h("on_postload_task_create", P, Task),
    h("on_preload_task_update", L, RequestBody),
    h("on_postload_task_update", P, Task),
    h("on_preload_task_delete", L, ObjectId),
    h("on_postload_task_delete", P, ObjectId),
    h("on_manual_trigger_task", M, Task),
    h("on_preload_global_task_create", L, RequestBody),
    h("on_postload_global_task_create", P, GlobalTask),
    h("on_preload_global_task_update", L, RequestBody),
    h("on_postload_global_task_update", P, GlobalTask),
    h("on_preload_global_task_delete", L, ObjectId),
    h("on_postload_global_task_delete", P, RequestBody),
    h("on_manual_trigger_global_task", M, GlobalTask),
    h("on_preload_report_create", L, ObjectId),
    h("on_postload_report_create", P, ReportGenerated),
    h("on_preload_activities_report_create", L, ObjectId),
    h("on_postload_activities_report_create", P, ObjectId),
    h("on_postload_asset_commented", P, CommentAdded),
    h("on_postload_asset_comment_update", P, Comment),
    h("on_postload_asset_comment_delete", P, ObjectId),
    h("on_postload_evidence_commented", P, CommentAdded),
    h("on_postload_evidence_comment_update", P, Comment),
    h("on_postload_evidence_comment_delete", P, ObjectId),
    h("on_postload_task_commented", P, CommentAdded),
    h("on_postload_task_comment_update", P, Comment),
    h("on_postload_task_comment_delete", P, ObjectId),
    h("on_postload_ioc_commented", P, CommentAdded),
    h("on_postload_ioc_comment_update", P, Comment),
    h("on_postload_ioc_comment_delete", P, ObjectId),
    h("on_postload_event_commented", P, CommentAdded),
    h("on_postload_event_comment_update", P, Comment),
    h("on_postload_event_comment_delete", P, ObjectId),
    h("on_postload_note_commented", P, CommentAdded),
    h("on_postload_note_comment_update", P, Comment),
    h("on_postload_note_comment_delete", P, ObjectId),
    h("on_postload_alert_commented", P, CommentAdded),
    h("on_postload_alert_comment_update", P, Comment),
    h("on_postload_alert_comment_delete", P, ObjectId),
];

/// Looks a hook up by name.
pub fn find_hook(name: &str) -> Option<&'static HookSpec> {
    HOOKS.iter().find(|hook| hook.name == name)
}

/// What every caller says of a name that is not one of [`HOOKS`], with the closest hook when the
/// name looks like a typo of one: ``"`on_postload_ioc_creat` is not an IRIS hook; did you mean
/// `on_postload_ioc_create`?"``. A name longer than any hook is shown cut.
pub fn not_a_hook(name: &str) -> String {
    let shown = match name.char_indices().nth(crate::did_you_mean::LONGEST_NAME) {
        Some((cut, _)) => format!("{}…", &name[..cut]),
        None => name.to_owned(),
    };
    match crate::did_you_mean::closest(name, HOOKS.iter().map(|hook| hook.name)) {
        Some(hook) => format!("`{shown}` is not an IRIS hook; did you mean `{hook}`?"),
        None => format!("`{shown}` is not an IRIS hook"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_what_is_not_a_hook_and_suggests_one() {
        assert_eq!(
            not_a_hook("on_postload_ioc_creat"),
            "`on_postload_ioc_creat` is not an IRIS hook; did you mean `on_postload_ioc_create`?"
        );
        assert_eq!(not_a_hook("colour"), "`colour` is not an IRIS hook");
        let long = not_a_hook(&"é".repeat(10_000));
        assert!(long.len() < 200, "{long}");
    }

    #[test]
    fn the_90_hooks_with_the_reference_phase_counts_and_prefixes() {
        assert_eq!(HOOKS.len(), 90);
        let count = |phase| HOOKS.iter().filter(|h| h.phase == phase).count();
        assert_eq!((count(L), count(P), count(M)), (26, 55, 9));
        for hook in HOOKS {
            let prefix = match hook.phase {
                L => "on_preload_",
                P => "on_postload_",
                M => "on_manual_trigger_",
            };
            assert!(hook.name.starts_with(prefix), "{}", hook.name);
        }
        let mut names: Vec<_> = HOOKS.iter().map(|h| h.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 90, "hook names are unique");
    }

    #[test]
    fn every_data_kind_is_passed_by_some_hook() {
        for kind in DataKind::ALL {
            assert!(HOOKS.iter().any(|hook| hook.data == *kind), "{kind:?}");
        }
    }
}
