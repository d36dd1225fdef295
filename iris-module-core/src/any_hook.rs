//! `AnyHook`: the call of any hook, as a `#[chosen_hooks]` handler receives it: which hook, what
//! it is about and what happened, the objects, and the case where IRIS gives one.

use crate::hooks::{HookPhase, HookSpec};
use crate::payload::{DataKind, HookPayload};
use std::fmt;

/// What happened to the object a hook is about, read from the hook's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HookAction {
    /// `*_create`.
    Create,
    /// `*_update`.
    Update,
    /// `*_delete`.
    Delete,
    /// `on_preload_event_duplicate`.
    Duplicate,
    /// `*_commented`: a comment was added to the object.
    Commented,
    /// `*_comment_update`.
    CommentUpdate,
    /// `*_comment_delete`.
    CommentDelete,
    /// `on_postload_alert_resolution_update`.
    ResolutionUpdate,
    /// `on_postload_alert_status_update`.
    StatusUpdate,
    /// `on_postload_alert_escalate`.
    Escalate,
    /// `on_postload_alert_merge`.
    Merge,
    /// `on_postload_alert_unmerge`.
    Unmerge,
    /// `on_manual_trigger_*`: a user chose the module's menu entry.
    Manual,
}

impl HookAction {
    /// The action as the hook's name spells it (`create`, `comment_update`, `manual`...).
    pub const fn as_str(self) -> &'static str {
        match self {
            HookAction::Create => "create",
            HookAction::Update => "update",
            HookAction::Delete => "delete",
            HookAction::Duplicate => "duplicate",
            HookAction::Commented => "commented",
            HookAction::CommentUpdate => "comment_update",
            HookAction::CommentDelete => "comment_delete",
            HookAction::ResolutionUpdate => "resolution_update",
            HookAction::StatusUpdate => "status_update",
            HookAction::Escalate => "escalate",
            HookAction::Merge => "merge",
            HookAction::Unmerge => "unmerge",
            HookAction::Manual => "manual",
        }
    }

    /// The actions, longest suffix first (so `comment_update` is not read as `update`).
    const BY_SUFFIX: [HookAction; 12] = [
        HookAction::ResolutionUpdate,
        HookAction::StatusUpdate,
        HookAction::CommentUpdate,
        HookAction::CommentDelete,
        HookAction::Commented,
        HookAction::Duplicate,
        HookAction::Escalate,
        HookAction::Unmerge,
        HookAction::Merge,
        HookAction::Create,
        HookAction::Update,
        HookAction::Delete,
    ];
}

impl fmt::Display for HookAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The object a hook is about, and what happened to it, read from an IRIS hook name:
/// `on_postload_global_task_create` is `("global_task", Create)`, `on_postload_ioc_commented`
/// `("ioc", Commented)`, `on_manual_trigger_case` `("case", Manual)`. Every one of IRIS's 90
/// hooks reads (a test holds it).
pub fn object_and_action(hook: &HookSpec) -> (&'static str, HookAction) {
    let rest = match hook.phase {
        HookPhase::Preload => hook.name.strip_prefix("on_preload_"),
        HookPhase::Postload => hook.name.strip_prefix("on_postload_"),
        HookPhase::Manual => hook.name.strip_prefix("on_manual_trigger_"),
    }
    .unwrap_or(hook.name);
    if hook.phase == HookPhase::Manual {
        return (rest, HookAction::Manual);
    }
    for action in HookAction::BY_SUFFIX {
        if let Some(object) = rest
            .strip_suffix(action.as_str())
            .and_then(|object| object.strip_suffix('_'))
        {
            return (object, action);
        }
    }
    (rest, HookAction::Update)
}

/// The call of any hook: what a `#[chosen_hooks(by = "...")]` handler receives for every hook
/// its configuration chose.
#[derive(Debug)]
pub struct AnyHook<'a> {
    spec: &'static HookSpec,
    ui_name: Option<&'a str>,
    objects: &'a mut HookPayload,
}

impl<'a> AnyHook<'a> {
    /// The call of `spec` from the menu entry `ui_name` (manual hooks) on `objects`.
    pub fn new(
        spec: &'static HookSpec,
        ui_name: Option<&'a str>,
        objects: &'a mut HookPayload,
    ) -> Self {
        AnyHook {
            spec,
            ui_name,
            objects,
        }
    }

    /// The hook's name (`on_postload_ioc_create`).
    pub fn name(&self) -> &'static str {
        self.spec.name
    }

    /// The hook: its name, phase and the kind of data it passes.
    pub fn spec(&self) -> &'static HookSpec {
        self.spec
    }

    /// Preload, postload or manual.
    pub fn phase(&self) -> HookPhase {
        self.spec.phase
    }

    /// The kind of object the hook is about, as its name spells it (`ioc`, `global_task`,
    /// `activities_report`; for comment hooks, the object commented on).
    pub fn object(&self) -> &'static str {
        object_and_action(self.spec).0
    }

    /// What happened to it.
    pub fn action(&self) -> HookAction {
        object_and_action(self.spec).1
    }

    /// The menu entry a manual hook was started from.
    pub fn ui_name(&self) -> Option<&'a str> {
        self.ui_name
    }

    /// The kind of the objects in [`objects`](Self::objects).
    pub fn data_kind(&self) -> DataKind {
        self.spec.data
    }

    /// The objects IRIS passed (changes made here are written back, as with typed handlers).
    pub fn objects(&mut self) -> &mut HookPayload {
        self.objects
    }

    /// The objects IRIS passed, to read.
    pub fn objects_ref(&self) -> &HookPayload {
        self.objects
    }

    /// The case the objects belong to, where they say (assets, events, evidence, notes, tasks,
    /// comments, cases, reports); otherwise ask [`HookContext::case_id`](crate::HookContext::case_id).
    pub fn case_id(&self) -> Option<i64> {
        match &*self.objects {
            HookPayload::Asset(items) => items.first()?.case_id,
            HookPayload::Case(items) => items.first()?.case_id,
            HookPayload::Event(items) => items.first()?.case_id,
            HookPayload::Evidence(items) => items.first()?.case_id,
            HookPayload::Note(items) => items.first()?.note_case_id,
            HookPayload::Task(items) => items.first()?.task_case_id,
            HookPayload::Comment(items) => items.first()?.comment_case_id,
            HookPayload::CommentAdded(items) => items.first()?.comment.comment_case_id,
            HookPayload::ReportGenerated(items) => items.first()?.case_id,
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hooks::{HOOKS, find_hook};

    fn read(name: &str) -> (&'static str, HookAction) {
        object_and_action(find_hook(name).unwrap())
    }

    #[test]
    fn every_hook_name_reads_as_an_object_and_an_action() {
        assert_eq!(
            read("on_postload_global_task_create"),
            ("global_task", HookAction::Create)
        );
        assert_eq!(
            read("on_postload_ioc_commented"),
            ("ioc", HookAction::Commented)
        );
        assert_eq!(
            read("on_postload_note_comment_update"),
            ("note", HookAction::CommentUpdate)
        );
        assert_eq!(
            read("on_postload_alert_resolution_update"),
            ("alert", HookAction::ResolutionUpdate)
        );
        assert_eq!(
            read("on_manual_trigger_global_task"),
            ("global_task", HookAction::Manual)
        );
        assert_eq!(
            read("on_preload_event_duplicate"),
            ("event", HookAction::Duplicate)
        );
        assert_eq!(
            read("on_postload_activities_report_create"),
            ("activities_report", HookAction::Create)
        );
        let objects = [
            "alert",
            "case",
            "asset",
            "note",
            "ioc",
            "event",
            "evidence",
            "task",
            "global_task",
            "report",
            "activities_report",
        ];
        for hook in HOOKS {
            let (object, action) = object_and_action(hook);
            assert!(objects.contains(&object), "{}: {object}", hook.name);
            if hook.phase != HookPhase::Manual {
                assert!(hook.name.ends_with(action.as_str()), "{}", hook.name);
            }
        }
    }

    #[test]
    fn the_case_comes_from_the_objects() {
        let mut payload = HookPayload::Note(vec![crate::objects::Note {
            note_case_id: Some(7),
            ..Default::default()
        }]);
        let hook = AnyHook::new(
            find_hook("on_postload_note_create").unwrap(),
            None,
            &mut payload,
        );
        assert_eq!(hook.case_id(), Some(7));
        assert_eq!((hook.object(), hook.action()), ("note", HookAction::Create));
        let mut iocs = HookPayload::Ioc(vec![]);
        let hook = AnyHook::new(
            find_hook("on_postload_ioc_create").unwrap(),
            None,
            &mut iocs,
        );
        assert_eq!(hook.case_id(), None);
    }
}
