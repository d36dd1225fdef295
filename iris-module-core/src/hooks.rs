//! The 90 hooks IRIS seeds (iris-web v2.4.20), with the data each passes (reference §4).

use crate::payload::DataKind;

/// When IRIS fires a hook.
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

impl HookPhase {
    /// The phase a hook name's prefix says.
    pub fn of(name: &str) -> Option<HookPhase> {
        if name.starts_with("on_preload_") {
            Some(HookPhase::Preload)
        } else if name.starts_with("on_postload_") {
            Some(HookPhase::Postload)
        } else if name.starts_with("on_manual_trigger_") {
            Some(HookPhase::Manual)
        } else {
            None
        }
    }
}

/// One IRIS hook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HookSpec {
    /// The hook name.
    pub name: &'static str,
    /// Its phase.
    pub phase: HookPhase,
    /// What each element of its data list is.
    pub data: DataKind,
}

macro_rules! hook_table {
    ($($name:ident: $data:ident,)*) => {
        /// Every hook IRIS seeds, in the order of iris-web's `create_safe_hooks`.
        pub const HOOKS: &[HookSpec] = &[$(
            HookSpec {
                name: stringify!($name),
                phase: match HookPhase::of_const(stringify!($name).as_bytes()) {
                    Some(phase) => phase,
                    None => panic!("hook names start with on_preload_, on_postload_ or on_manual_trigger_"),
                },
                data: DataKind::$data,
            },
        )*];
    };
}

impl HookPhase {
    const fn of_const(name: &[u8]) -> Option<HookPhase> {
        const fn starts_with(name: &[u8], prefix: &[u8]) -> bool {
            if name.len() < prefix.len() {
                return false;
            }
            let mut i = 0;
            while i < prefix.len() {
                if name[i] != prefix[i] {
                    return false;
                }
                i += 1;
            }
            true
        }
        if starts_with(name, b"on_preload_") {
            Some(HookPhase::Preload)
        } else if starts_with(name, b"on_postload_") {
            Some(HookPhase::Postload)
        } else if starts_with(name, b"on_manual_trigger_") {
            Some(HookPhase::Manual)
        } else {
            None
        }
    }
}

hook_table! {
    on_postload_alert_create: Alert,
    on_postload_alert_delete: AlertIds,
    on_postload_alert_update: Alert,
    on_postload_alert_resolution_update: Alert,
    on_postload_alert_status_update: Alert,
    on_postload_alert_escalate: Alert,
    on_postload_alert_merge: Alert,
    on_postload_alert_unmerge: Alert,
    on_manual_trigger_alert: Alert,
    on_preload_case_create: RequestBody,
    on_postload_case_create: Case,
    on_preload_case_delete: ObjectId,
    on_postload_case_delete: ObjectId,
    on_postload_case_update: Case,
    on_manual_trigger_case: Case,
    on_preload_asset_create: RequestBody,
    on_postload_asset_create: Asset,
    on_preload_asset_update: RequestBody,
    on_postload_asset_update: Asset,
    on_preload_asset_delete: ObjectId,
    on_postload_asset_delete: ObjectId,
    on_manual_trigger_asset: Asset,
    on_preload_note_create: RequestBody,
    on_postload_note_create: Note,
    on_preload_note_update: RequestBody,
    on_postload_note_update: Note,
    on_preload_note_delete: ObjectId,
    on_postload_note_delete: ObjectId,
    on_manual_trigger_note: Note,
    on_preload_ioc_create: RequestBody,
    on_postload_ioc_create: Ioc,
    on_preload_ioc_update: RequestBody,
    on_postload_ioc_update: Ioc,
    on_preload_ioc_delete: ObjectId,
    on_postload_ioc_delete: ObjectId,
    on_manual_trigger_ioc: Ioc,
    on_preload_event_create: RequestBody,
    on_postload_event_create: Event,
    on_preload_event_duplicate: ObjectId,
    on_preload_event_update: RequestBody,
    on_postload_event_update: Event,
    on_preload_event_delete: ObjectId,
    on_postload_event_delete: ObjectId,
    on_manual_trigger_event: Event,
    on_preload_evidence_create: RequestBody,
    on_postload_evidence_create: Evidence,
    on_preload_evidence_update: RequestBody,
    on_postload_evidence_update: Evidence,
    on_preload_evidence_delete: ObjectId,
    on_postload_evidence_delete: ObjectId,
    on_manual_trigger_evidence: Evidence,
    on_preload_task_create: RequestBody,
    on_postload_task_create: Task,
    on_preload_task_update: RequestBody,
    on_postload_task_update: Task,
    on_preload_task_delete: ObjectId,
    on_postload_task_delete: ObjectId,
    on_manual_trigger_task: Task,
    on_preload_global_task_create: RequestBody,
    on_postload_global_task_create: GlobalTask,
    on_preload_global_task_update: RequestBody,
    on_postload_global_task_update: GlobalTask,
    on_preload_global_task_delete: ObjectId,
    on_postload_global_task_delete: RequestBody,
    on_manual_trigger_global_task: GlobalTask,
    on_preload_report_create: ObjectId,
    on_postload_report_create: ReportGenerated,
    on_preload_activities_report_create: ObjectId,
    on_postload_activities_report_create: ObjectId,
    on_postload_asset_commented: CommentAdded,
    on_postload_asset_comment_update: Comment,
    on_postload_asset_comment_delete: ObjectId,
    on_postload_evidence_commented: CommentAdded,
    on_postload_evidence_comment_update: Comment,
    on_postload_evidence_comment_delete: ObjectId,
    on_postload_task_commented: CommentAdded,
    on_postload_task_comment_update: Comment,
    on_postload_task_comment_delete: ObjectId,
    on_postload_ioc_commented: CommentAdded,
    on_postload_ioc_comment_update: Comment,
    on_postload_ioc_comment_delete: ObjectId,
    on_postload_event_commented: CommentAdded,
    on_postload_event_comment_update: Comment,
    on_postload_event_comment_delete: ObjectId,
    on_postload_note_commented: CommentAdded,
    on_postload_note_comment_update: Comment,
    on_postload_note_comment_delete: ObjectId,
    on_postload_alert_commented: CommentAdded,
    on_postload_alert_comment_update: Comment,
    on_postload_alert_comment_delete: ObjectId,
}

/// Looks a hook up by name.
pub fn find_hook(name: &str) -> Option<&'static HookSpec> {
    HOOKS.iter().find(|hook| hook.name == name)
}
