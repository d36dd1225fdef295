use super::{AssetType, CustomAttributes, Extra, RelatedCase, User};
use iris_module_macros::FieldChanges;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// An asset of a case (`CaseAssets`, table `case_assets`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FieldChanges)]
#[serde(default)]
#[non_exhaustive]
pub struct Asset {
    /// Primary key.
    pub asset_id: Option<i64>,
    /// UUID.
    pub asset_uuid: Option<String>,
    /// Name (host name, account...).
    pub asset_name: String,
    /// Description.
    pub asset_description: Option<String>,
    /// Domain.
    pub asset_domain: Option<String>,
    /// IP address(es).
    pub asset_ip: Option<String>,
    /// Free-form information.
    pub asset_info: Option<String>,
    /// Compromise status id.
    pub asset_compromise_status_id: Option<i64>,
    /// Foreign key to the asset type.
    pub asset_type_id: Option<i64>,
    /// The asset type (relationship).
    pub asset_type: Option<AssetType>,
    /// Comma-separated tags.
    pub asset_tags: Option<String>,
    /// The case.
    pub case_id: Option<i64>,
    /// The case (relationship).
    pub case: Option<RelatedCase>,
    /// When it was added.
    pub date_added: Option<String>,
    /// When it was last updated.
    pub date_update: Option<String>,
    /// Id of the user who created it.
    pub user_id: Option<i64>,
    /// The creating user (relationship).
    pub user: Option<User>,
    /// Analysis status id.
    pub analysis_status_id: Option<i64>,
    /// Custom attributes.
    pub custom_attributes: Option<CustomAttributes>,
    /// Enrichment data (JSONB).
    pub asset_enrichment: Option<Value>,
    /// Modification history (JSON).
    pub modification_history: Option<Value>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Asset {
    /// A new asset with a name and an asset type name (`Windows - Server`), as in tests and
    /// fixtures.
    pub fn new(name: impl Into<String>, type_name: impl Into<String>) -> Self {
        Asset {
            asset_name: name.into(),
            asset_type: Some(AssetType {
                asset_name: Some(type_name.into()),
                ..AssetType::default()
            }),
            ..Asset::default()
        }
    }
}
