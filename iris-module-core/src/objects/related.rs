//! Smaller objects reached through relationships.

use super::{CustomAttributes, Extra};
use serde::{Deserialize, Serialize};

/// A user (`User`), as reached through `user`, `owner`... relationships.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct User {
    /// Primary key.
    pub id: Option<i64>,
    /// Login.
    pub user: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// UUID.
    pub uuid: Option<String>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A case (`Cases`), as reached through the `case` relationship of the objects it holds
/// (assets, notes, events, evidence, tasks): its identity, without its own relationships.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct RelatedCase {
    /// Primary key.
    pub case_id: Option<i64>,
    /// UUID.
    pub case_uuid: Option<String>,
    /// Name (`#42 - Ransomware`: IRIS prefixes the id).
    pub name: Option<String>,
    /// The SOC's ticket id.
    pub soc_id: Option<String>,
    /// The customer's id.
    pub client_id: Option<i64>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An asset type (`AssetsType`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct AssetType {
    /// Primary key.
    pub asset_id: Option<i64>,
    /// Name (`Windows - Computer`, `Account`...).
    pub asset_name: Option<String>,
    /// Description.
    pub asset_description: Option<String>,
    /// Fields not modelled here (icons...).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A customer (`Client`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Client {
    /// Primary key.
    pub client_id: Option<i64>,
    /// UUID.
    pub client_uuid: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Service-level agreement.
    pub sla: Option<String>,
    /// Custom attributes.
    pub custom_attributes: Option<CustomAttributes>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A case state (`CaseState`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct CaseState {
    /// Primary key.
    pub state_id: Option<i64>,
    /// Name.
    pub state_name: Option<String>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An evidence type (`EvidenceTypes`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct EvidenceType {
    /// Primary key.
    pub id: Option<i64>,
    /// Name.
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A task status (`TaskStatus`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct TaskStatus {
    /// Primary key.
    pub id: Option<i64>,
    /// Name (`To do`, `In progress`, `Done`...).
    pub status_name: Option<String>,
    /// Description.
    pub status_description: Option<String>,
    /// Bootstrap colour class.
    pub status_bscolor: Option<String>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}
