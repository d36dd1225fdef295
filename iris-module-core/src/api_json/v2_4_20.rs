//! IRIS v2.4.20's marshmallow schemas (`source/app/schema/marshables.py`) for the objects hooks
//! pass, as the dumps in `tests/fixtures/iris-v2.4.20/schemas` show them: the fields each
//! declares, in order, then its model's columns in table order (marshmallow-sqlalchemy's
//! `SQLAlchemyAutoSchema`), less those it excludes or its object does not have.

use super::schema::Field::{self, *};
use super::schema::Schema;
use serde_json::{Map, Value};

macro_rules! schema {
    ($name:ident, $iris:literal, [$($field:expr),* $(,)?]) => {
        #[doc = concat!("`", $iris, "`.")]
        pub(crate) static $name: Schema = Schema {
            name: $iris,
            fields: &[$($field),*],
        };
    };
}

const fn renamed(key: &'static str, attribute: &'static str) -> Field {
    Renamed { key, attribute }
}

const fn many(key: &'static str, schema: &'static Schema) -> Field {
    Many {
        key,
        schema,
        excluded: &[],
    }
}

const fn keys(key: &'static str, primary_key: &'static str) -> Field {
    Keys { key, primary_key }
}

// `UserSchema` as every object nests it: `only=['id', 'user_name', 'user_login', 'user_email']`.
schema!(
    USER_BRIEF,
    "UserSchema",
    [
        Attribute("id"),
        renamed("user_name", "name"),
        renamed("user_login", "user"),
        renamed("user_email", "email"),
    ]
);

schema!(
    CUSTOMER,
    "CustomerSchema",
    [
        renamed("customer_name", "name"),
        renamed("customer_description", "description"),
        renamed("customer_sla", "sla"),
        renamed("customer_id", "client_id"),
        Attribute("client_uuid"),
        Attribute("creation_date"),
        Attribute("last_update_date"),
        Attribute("custom_attributes"),
    ]
);

schema!(
    CLASSIFICATION,
    "CaseClassificationSchema",
    [
        Attribute("name"),
        Attribute("name_expanded"),
        Attribute("description"),
        Attribute("id"),
        Attribute("creation_date"),
    ]
);

// Its declared `case_state_id` and `case_id` are not attributes of `CaseState`: not dumped.
schema!(
    CASE_STATE,
    "CaseStateSchema",
    [
        Attribute("state_name"),
        Attribute("state_description"),
        Attribute("state_id"),
        Attribute("protected"),
    ]
);

// `TagsSchema` as a case nests it: `only=['tag_title', 'id']`.
schema!(
    TAG_BRIEF,
    "TagsSchema",
    [Attribute("tag_title"), Attribute("id")]
);

schema!(
    REVIEW_STATUS,
    "ReviewStatusSchema",
    [Attribute("id"), Attribute("status_name")]
);

schema!(
    SEVERITY,
    "SeveritySchema",
    [
        Attribute("severity_id"),
        Attribute("severity_name"),
        Attribute("severity_description"),
    ]
);

schema!(
    ALERT_STATUS,
    "AlertStatusSchema",
    [
        Attribute("status_id"),
        Attribute("status_name"),
        Attribute("status_description"),
    ]
);

schema!(
    ALERT_RESOLUTION,
    "AlertResolutionSchema",
    [
        Attribute("resolution_status_id"),
        Attribute("resolution_status_name"),
        Attribute("resolution_status_description"),
    ]
);

schema!(
    ANALYSIS_STATUS,
    "AnalysisStatusSchema",
    [Attribute("id"), Attribute("name")]
);

schema!(
    IOC_TYPE,
    "IocTypeSchema",
    [
        Attribute("type_name"),
        Attribute("type_description"),
        Attribute("type_taxonomy"),
        Attribute("type_validation_regex"),
        Attribute("type_validation_expect"),
        Attribute("type_id"),
    ]
);

schema!(
    ASSET_TYPE,
    "AssetTypeSchema",
    [
        Attribute("asset_name"),
        Attribute("asset_description"),
        Attribute("asset_icon_compromised"),
        Attribute("asset_icon_not_compromised"),
        Attribute("asset_id"),
    ]
);

schema!(
    EVIDENCE_TYPE,
    "EvidenceTypeSchema",
    [
        Attribute("name"),
        Attribute("description"),
        Attribute("id"),
        Attribute("creation_date"),
    ]
);

schema!(
    NOTE_DIRECTORY,
    "CaseNoteDirectorySchema",
    [
        Attribute("id"),
        Attribute("name"),
        Attribute("parent_id"),
        Attribute("case_id"),
    ]
);

// `CaseProtagonistSchema` over the rows of IRIS's query (`role`, `name`, `contact`,
// `user_name`, `user_login`): of its fields, the rows have these three.
schema!(
    PROTAGONIST_ROW,
    "CaseProtagonistSchema",
    [Attribute("name"), Attribute("contact"), Attribute("role"),]
);

schema!(
    IOC,
    "IocSchema",
    [
        Attribute("ioc_value"),
        Attribute("ioc_enrichment"),
        One("ioc_type", &IOC_TYPE),
        Attribute("ioc_id"),
        Attribute("ioc_uuid"),
        Attribute("ioc_type_id"),
        Attribute("ioc_description"),
        Attribute("ioc_tags"),
        Attribute("user_id"),
        Attribute("ioc_misp"),
        Attribute("ioc_tlp_id"),
        Attribute("custom_attributes"),
        Attribute("modification_history"),
    ]
);

schema!(
    ASSET,
    "CaseAssetsSchema",
    [
        Attribute("asset_name"),
        Attribute("asset_enrichment"),
        One("asset_type", &ASSET_TYPE),
        Many {
            key: "alerts",
            schema: &ALERT,
            excluded: &["assets"],
        },
        One("analysis_status", &ANALYSIS_STATUS),
        Attribute("asset_id"),
        Attribute("asset_uuid"),
        Attribute("asset_description"),
        Attribute("asset_domain"),
        Attribute("asset_ip"),
        Attribute("asset_info"),
        Attribute("asset_compromise_status_id"),
        Attribute("asset_type_id"),
        Attribute("asset_tags"),
        Attribute("case_id"),
        Attribute("date_added"),
        Attribute("date_update"),
        Attribute("user_id"),
        Attribute("analysis_status_id"),
        Attribute("custom_attributes"),
        Attribute("modification_history"),
    ]
);

// `comments` is declared, but `Notes` has no such attribute: not dumped.
schema!(
    NOTE,
    "CaseNoteSchema",
    [
        One("directory", &NOTE_DIRECTORY),
        Attribute("note_id"),
        Attribute("note_uuid"),
        Attribute("note_title"),
        Attribute("note_content"),
        Attribute("note_user"),
        Attribute("note_creationdate"),
        Attribute("note_lastupdate"),
        Attribute("note_case_id"),
        Attribute("custom_attributes"),
        Attribute("directory_id"),
        Attribute("modification_history"),
    ]
);

// The declared `event_assets`, `event_iocs`, `event_category_id`, `event_comments_map` and
// `event_sync_iocs_assets` are not attributes of `CasesEvent`: not dumped.
schema!(
    EVENT,
    "EventSchema",
    [
        Attribute("event_title"),
        Microseconds("event_date"),
        Attribute("event_tz"),
        Microseconds("event_date_wtz"),
        Attribute("modification_history"),
        many("children", &EVENT),
        Attribute("event_id"),
        Attribute("parent_event_id"),
        Attribute("event_uuid"),
        Attribute("case_id"),
        Attribute("event_source"),
        Attribute("event_content"),
        Attribute("event_raw"),
        Attribute("event_added"),
        Attribute("event_in_graph"),
        Attribute("event_in_summary"),
        Attribute("user_id"),
        Attribute("event_color"),
        Attribute("event_tags"),
        Attribute("event_is_flagged"),
        Attribute("custom_attributes"),
    ]
);

schema!(
    EVIDENCE,
    "CaseEvidenceSchema",
    [
        Attribute("filename"),
        One("type", &EVIDENCE_TYPE),
        One("user", &USER_BRIEF),
        Key {
            key: "case",
            primary_key: "case_id",
            column: "case_id",
        },
        Attribute("id"),
        Attribute("file_uuid"),
        Attribute("date_added"),
        Attribute("acquisition_date"),
        Attribute("file_hash"),
        Attribute("file_description"),
        Attribute("file_size"),
        Attribute("start_date"),
        Attribute("end_date"),
        Attribute("case_id"),
        Attribute("user_id"),
        Attribute("type_id"),
        Attribute("custom_attributes"),
        Attribute("chain_of_custody"),
        Attribute("modification_history"),
    ]
);

// The declared `task_assignees_id` and `task_assignees` are not attributes of `CaseTasks`.
schema!(
    TASK,
    "CaseTaskSchema",
    [
        Attribute("task_title"),
        Attribute("task_status_id"),
        Attribute("id"),
        Attribute("task_uuid"),
        Attribute("task_description"),
        Attribute("task_tags"),
        Attribute("task_open_date"),
        Attribute("task_close_date"),
        Attribute("task_last_update"),
        Attribute("task_userid_open"),
        Attribute("task_userid_close"),
        Attribute("task_userid_update"),
        Attribute("task_case_id"),
        Attribute("custom_attributes"),
        Attribute("modification_history"),
    ]
);

schema!(
    COMMENT,
    "CommentSchema",
    [
        One("user", &USER_BRIEF),
        Attribute("comment_id"),
        Attribute("comment_uuid"),
        Attribute("comment_text"),
        Attribute("comment_date"),
        Attribute("comment_update_date"),
        Attribute("comment_user_id"),
        Attribute("comment_case_id"),
        Attribute("comment_alert_id"),
    ]
);

schema!(
    ALERT,
    "AlertSchema",
    [
        One("severity", &SEVERITY),
        One("status", &ALERT_STATUS),
        One("customer", &CUSTOMER),
        One("classification", &CLASSIFICATION),
        One("owner", &USER_BRIEF),
        many("iocs", &IOC),
        many("assets", &ASSET),
        One("resolution_status", &ALERT_RESOLUTION),
        keys("cases", "case_id"),
        keys("comments", "comment_id"),
        Attribute("alert_id"),
        Attribute("alert_uuid"),
        Attribute("alert_title"),
        Attribute("alert_description"),
        Attribute("alert_source"),
        Attribute("alert_source_ref"),
        Attribute("alert_source_link"),
        Attribute("alert_source_content"),
        Attribute("alert_severity_id"),
        Attribute("alert_status_id"),
        Attribute("alert_context"),
        Attribute("alert_source_event_time"),
        Attribute("alert_creation_time"),
        Attribute("alert_note"),
        Attribute("alert_tags"),
        Attribute("alert_owner_id"),
        Attribute("modification_history"),
        Attribute("alert_customer_id"),
        Attribute("alert_classification_id"),
        Attribute("alert_resolution_status_id"),
    ]
);

// `CaseDetailsSchema`: what IRIS's webhooks module and case pages dump a case with.
schema!(
    CASE,
    "CaseDetailsSchema",
    [
        One("client", &CUSTOMER),
        One("owner", &USER_BRIEF),
        One("classification", &CLASSIFICATION),
        One("state", &CASE_STATE),
        many("tags", &TAG_BRIEF),
        One("user", &USER_BRIEF),
        One("reviewer", &USER_BRIEF),
        One("review_status", &REVIEW_STATUS),
        One("severity", &SEVERITY),
        Computed {
            key: "status_name",
            compute: case_status_name,
        },
        many("protagonists", &PROTAGONIST_ROW),
        keys("alerts", "alert_id"),
        Attribute("case_id"),
        Attribute("soc_id"),
        Attribute("client_id"),
        Attribute("name"),
        Attribute("description"),
        Attribute("open_date"),
        Attribute("close_date"),
        Attribute("initial_date"),
        Attribute("closing_note"),
        Attribute("user_id"),
        Attribute("owner_id"),
        Attribute("status_id"),
        Attribute("state_id"),
        Attribute("custom_attributes"),
        Attribute("case_uuid"),
        Attribute("classification_id"),
        Attribute("reviewer_id"),
        Attribute("review_status_id"),
        Attribute("severity_id"),
        Attribute("modification_history"),
        keys("note_directories", "id"),
    ]
);

/// `CaseStatus(case.status_id).name` (`app/models/models.py`); `null` for an id it does not
/// have (where IRIS raises).
fn case_status_name(case: &Map<String, Value>) -> Value {
    const NAMES: [&str; 6] = [
        "unknown",
        "false_positive",
        "true_positive_with_impact",
        "not_applicable",
        "true_positive_without_impact",
        "legitimate",
    ];
    case.get("status_id")
        .and_then(Value::as_u64)
        .and_then(|id| NAMES.get(usize::try_from(id).ok()?))
        .map_or(Value::Null, |name| Value::String((*name).to_owned()))
}
