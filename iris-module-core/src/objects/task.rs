use super::{CustomAttributes, Extra, RelatedCase, TaskStatus, User};
use iris_module_macros::FieldChanges;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A task of a case (`CaseTasks`, table `case_tasks`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FieldChanges)]
#[serde(default)]
#[non_exhaustive]
pub struct Task {
    /// Primary key.
    pub id: Option<i64>,
    /// UUID.
    pub task_uuid: Option<String>,
    /// Title.
    pub task_title: Option<String>,
    /// Description.
    pub task_description: Option<String>,
    /// Comma-separated tags.
    pub task_tags: Option<String>,
    /// Open date.
    pub task_open_date: Option<String>,
    /// Close date.
    pub task_close_date: Option<String>,
    /// Last update.
    pub task_last_update: Option<String>,
    /// Id of the user who opened it.
    pub task_userid_open: Option<i64>,
    /// Id of the user who closed it.
    pub task_userid_close: Option<i64>,
    /// Id of the last user to update it.
    pub task_userid_update: Option<i64>,
    /// The user who opened it (relationship).
    pub user_open: Option<User>,
    /// The user who closed it (relationship).
    pub user_close: Option<User>,
    /// The last user to update it (relationship).
    pub user_update: Option<User>,
    /// Status id.
    pub task_status_id: Option<i64>,
    /// The status (relationship).
    pub status: Option<TaskStatus>,
    /// The case.
    pub task_case_id: Option<i64>,
    /// The case (relationship).
    pub case: Option<RelatedCase>,
    /// Custom attributes.
    pub custom_attributes: Option<CustomAttributes>,
    /// Modification history (JSON).
    pub modification_history: Option<Value>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Task {
    /// A new case task with a title, as in tests and fixtures.
    pub fn new(title: impl Into<String>) -> Self {
        Task {
            task_title: Some(title.into()),
            ..Task::default()
        }
    }
}

/// A task outside any case (`GlobalTasks`, table `global_tasks`). It has no case.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FieldChanges)]
#[serde(default)]
#[non_exhaustive]
pub struct GlobalTask {
    /// Primary key.
    pub id: Option<i64>,
    /// UUID.
    pub task_uuid: Option<String>,
    /// Title.
    pub task_title: Option<String>,
    /// Description.
    pub task_description: Option<String>,
    /// Comma-separated tags.
    pub task_tags: Option<String>,
    /// Open date.
    pub task_open_date: Option<String>,
    /// Close date.
    pub task_close_date: Option<String>,
    /// Last update.
    pub task_last_update: Option<String>,
    /// Id of the user who opened it.
    pub task_userid_open: Option<i64>,
    /// Id of the user who closed it.
    pub task_userid_close: Option<i64>,
    /// Id of the last user to update it.
    pub task_userid_update: Option<i64>,
    /// Id of the assignee.
    pub task_assignee_id: Option<i64>,
    /// The assignee (relationship).
    pub user_assigned: Option<User>,
    /// Status id.
    pub task_status_id: Option<i64>,
    /// The status (relationship).
    pub status: Option<TaskStatus>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

impl GlobalTask {
    /// A new global task with a title, as in tests and fixtures.
    pub fn new(title: impl Into<String>) -> Self {
        GlobalTask {
            task_title: Some(title.into()),
            ..GlobalTask::default()
        }
    }
}
