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

    /// The parts of a compound IOC, each with its type, in order: `ip-dst|port` with
    /// `10.0.0.1|443` is `[("ip-dst", "10.0.0.1"), ("port", "443")]`, `filename|sha256` the file's
    /// name and its hash. A plain IOC is its one part; so is a value whose `|`s do not match its
    /// type's (it is kept whole, as IRIS stores it).
    pub fn parts(&self) -> Vec<(&str, &str)> {
        let type_name = self.type_name();
        let types: Vec<&str> = type_name.split('|').collect();
        let values: Vec<&str> = self.ioc_value.splitn(types.len(), '|').collect();
        if types.len() > 1 && values.len() == types.len() {
            types.into_iter().zip(values).collect()
        } else {
            vec![(type_name, self.ioc_value.as_str())]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Ioc;

    #[test]
    fn compound_iocs_are_split_into_their_typed_parts() {
        let port = Ioc::new("10.0.0.1|443", "ip-dst|port");
        assert_eq!(port.parts(), [("ip-dst", "10.0.0.1"), ("port", "443")]);
        let file = Ioc::new("invoice.pdf.exe|9f86d081", "filename|sha256");
        assert_eq!(
            file.parts(),
            [("filename", "invoice.pdf.exe"), ("sha256", "9f86d081")]
        );
        assert_eq!(
            Ioc::new("evil.example", "domain").parts(),
            [("domain", "evil.example")]
        );
        // A value without its separator stays whole; one with more keeps them in its last part.
        assert_eq!(
            Ioc::new("10.0.0.1", "ip-dst|port").parts(),
            [("ip-dst|port", "10.0.0.1")]
        );
        assert_eq!(
            Ioc::new("a|b|c", "filename|md5").parts(),
            [("filename", "a"), ("md5", "b|c")]
        );
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
