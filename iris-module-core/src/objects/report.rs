use super::Extra;
use iris_module_macros::FieldChanges;
use serde::{Deserialize, Serialize};

/// What `on_postload_report_create` passes: the generated report.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FieldChanges)]
#[serde(default)]
#[non_exhaustive]
pub struct ReportGenerated {
    /// The report template id.
    pub report_id: Option<i64>,
    /// Where IRIS wrote the document.
    pub file_path: Option<String>,
    /// The case.
    pub case_id: Option<i64>,
    /// The case creator's name.
    pub user_name: Option<String>,
    /// The generated document, base64-encoded.
    pub file: Option<String>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}
