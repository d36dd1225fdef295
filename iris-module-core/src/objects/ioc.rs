use super::{CustomAttributes, Extra, User};
use iris_module_macros::FieldChanges;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// An indicator of compromise (`Ioc`, table `ioc`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FieldChanges)]
#[serde(default)]
#[non_exhaustive]
pub struct Ioc {
    /// Primary key.
    pub ioc_id: Option<i64>,
    /// UUID.
    pub ioc_uuid: Option<String>,
    /// The indicator itself (`evil.example`, `10.0.0.1`, a hash...).
    pub ioc_value: String,
    /// Foreign key to the IOC type.
    pub ioc_type_id: Option<i64>,
    /// The IOC type (relationship), e.g. `domain`, `ip-src`, `sha256`.
    pub ioc_type: Option<IocType>,
    /// Free-text description.
    pub ioc_description: Option<String>,
    /// Comma-separated tags (`String(512)` in IRIS).
    pub ioc_tags: Option<String>,
    /// Id of the user who created it.
    pub user_id: Option<i64>,
    /// The creating user (relationship).
    pub user: Option<User>,
    /// MISP reference.
    pub ioc_misp: Option<String>,
    /// Foreign key to the TLP.
    pub ioc_tlp_id: Option<i64>,
    /// The TLP (relationship).
    pub tlp: Option<Tlp>,
    /// Custom attributes (tabs of fields).
    pub custom_attributes: Option<CustomAttributes>,
    /// Enrichment data (JSONB).
    pub ioc_enrichment: Option<Value>,
    /// Modification history (JSON).
    pub modification_history: Option<Value>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Ioc {
    /// A new IOC with a value and a type name, as in tests and fixtures.
    pub fn new(value: impl Into<String>, type_name: impl Into<String>) -> Self {
        Ioc {
            ioc_value: value.into(),
            ioc_type: Some(IocType {
                type_name: type_name.into(),
                ..IocType::default()
            }),
            ..Ioc::default()
        }
    }

    /// The IOC type name (`ioc.ioc_type.type_name`), or `""` when IRIS sent no type.
    pub fn type_name(&self) -> &str {
        self.ioc_type.as_ref().map_or("", |t| t.type_name.as_str())
    }
}

/// An IOC type (`IocType`, table `ioc_type`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct IocType {
    /// Primary key.
    pub type_id: Option<i64>,
    /// The type name, following MISP naming (`ip-src`, `domain`, `filename|sha256`...).
    pub type_name: String,
    /// Description.
    pub type_description: Option<String>,
    /// Taxonomy.
    pub type_taxonomy: Option<String>,
    /// Validation regex.
    pub type_validation_regex: Option<String>,
    /// Validation hint.
    pub type_validation_expect: Option<String>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A Traffic Light Protocol level (`Tlp`, table `tlp`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Tlp {
    /// Primary key.
    pub tlp_id: Option<i64>,
    /// Name (`red`, `amber`, `green`, `clear`...).
    pub tlp_name: Option<String>,
    /// Bootstrap colour class.
    pub tlp_bscolor: Option<String>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}
