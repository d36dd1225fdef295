//! `misp_config`: the MISP instances, in the official module's format, read unchanged. One JSON
//! object whose `url` is an address or a list of them; `key`, `name` and `ssl` are each one value
//! for every instance or a list parallel to `url`:
//!
//! ```json
//! {"name": ["A", "B"], "type": "private", "url": ["https://a.example", "https://b.example/"],
//!  "key": ["K1", "K2"], "ssl": [false, true]}
//! ```
//!
//! A list of such objects is read too, their instances one after the other. `type` is read and
//! unused, as in the official module. Every key is a [`Secret`]: it never shows in a log, a
//! status or what the module writes into IRIS.

use iris_module_core::config::Secret;
use serde::Deserialize;
use serde::de::{self, Deserializer};
use std::fmt;

/// One MISP instance.
#[derive(Clone, Debug, PartialEq)]
pub struct Instance {
    /// Its name, as the report and the status call it.
    pub name: String,
    /// Its address, as configured (the report shows it so).
    pub url: String,
    /// Its API key (sent as `Authorization`).
    pub key: Secret,
    /// How its TLS certificate is checked.
    pub tls: Tls,
}

/// How an instance's TLS certificate is checked (the official module's `ssl`, which is the
/// `verify` of Python's `requests`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tls {
    /// Against the system's roots (`true`, `""`, or no `ssl`).
    Verified,
    /// Not checked (`false`).
    Unverified,
    /// Against the PEM certificates of this file (a path).
    CaFile(String),
}

/// Every configured instance, in the configuration's order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Instances(pub Vec<Instance>);

/// A value given once for every instance, or once for each.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrEach<T> {
    Each(Vec<T>),
    One(T),
}

impl<T: Clone> OneOrEach<T> {
    /// The value of each of `count` instances; an error naming `field` when a list is not
    /// parallel to `url`.
    fn spread(self, field: &str, count: usize) -> Result<Vec<T>, String> {
        match self {
            OneOrEach::One(value) => Ok(vec![value; count]),
            OneOrEach::Each(values) if values.len() == count => Ok(values),
            OneOrEach::Each(values) => Err(format!(
                "`{field}` has {} value(s) for {count} URL(s): give one value, or one for each URL",
                values.len()
            )),
        }
    }
}

/// `ssl` as written: a boolean, a CA file's path, or `""` (verified).
#[derive(Clone, Deserialize)]
#[serde(untagged)]
enum Ssl {
    Flag(bool),
    Path(String),
}

impl From<Ssl> for Tls {
    fn from(ssl: Ssl) -> Tls {
        match ssl {
            Ssl::Flag(true) => Tls::Verified,
            Ssl::Flag(false) => Tls::Unverified,
            Ssl::Path(path) if path.is_empty() => Tls::Verified,
            Ssl::Path(path) => Tls::CaFile(path),
        }
    }
}

/// One object of the configuration, as written.
#[derive(Deserialize)]
struct Written {
    name: Option<OneOrEach<String>>,
    #[serde(rename = "type")]
    _kind: Option<serde_json::Value>,
    url: Option<OneOrEach<String>>,
    key: Option<OneOrEach<Secret>>,
    ssl: Option<OneOrEach<Ssl>>,
}

impl Written {
    fn instances(self) -> Result<Vec<Instance>, String> {
        let urls = match self.url {
            Some(OneOrEach::One(url)) => vec![url],
            Some(OneOrEach::Each(urls)) => urls,
            None => return Err("no `url`: the address of each MISP instance".into()),
        };
        if urls.is_empty() || urls.iter().any(|url| url.trim().is_empty()) {
            return Err("an empty `url`: give the address of each MISP instance".into());
        }
        let count = urls.len();
        let keys = self
            .key
            .ok_or("no `key`: the API key of each MISP instance")?
            .spread("key", count)?;
        if keys.iter().any(Secret::is_empty) {
            return Err("an empty `key`: give the API key of each MISP instance".into());
        }
        let names = match self.name {
            Some(names) => names.spread("name", count)?,
            None => urls.clone(),
        };
        let tls = match self.ssl {
            Some(ssl) => ssl.spread("ssl", count)?,
            None => vec![Ssl::Flag(true); count],
        };
        Ok(urls
            .into_iter()
            .zip(keys)
            .zip(names)
            .zip(tls)
            .map(|(((url, key), name), tls)| Instance {
                name,
                url,
                key,
                tls: tls.into(),
            })
            .collect())
    }
}

impl<'de> Deserialize<'de> for Instances {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Document {
            Several(Vec<Written>),
            One(Written),
        }
        let written = match Document::deserialize(deserializer) {
            Ok(Document::One(one)) => vec![one],
            Ok(Document::Several(several)) => several,
            Err(_) => return Err(de::Error::custom(Expected)),
        };
        let mut instances = Vec::new();
        for (index, object) in written.into_iter().enumerate() {
            let read = object.instances().map_err(|why| match index {
                0 => de::Error::custom(why),
                _ => de::Error::custom(format!("instance object {}: {why}", index + 1)),
            })?;
            instances.extend(read);
        }
        if instances.is_empty() {
            return Err(de::Error::custom("no MISP instance is configured"));
        }
        Ok(Instances(instances))
    }
}

/// What `misp_config` must be.
struct Expected;

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "expected an object with `url`, `key` and optionally `name` and `ssl`, each a value \
             or a list parallel to `url` (or a list of such objects)",
        )
    }
}

impl Instances {
    /// The name each instance goes by in statuses: its own, with its address when two share it.
    pub fn labels(&self) -> Vec<String> {
        self.0
            .iter()
            .map(|instance| {
                let shared = self.0.iter().filter(|i| i.name == instance.name).count() > 1;
                if shared {
                    format!("{} ({})", instance.name, instance.url)
                } else {
                    instance.name.clone()
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(value: serde_json::Value) -> Result<Vec<Instance>, String> {
        serde_json::from_value::<Instances>(value)
            .map(|instances| instances.0)
            .map_err(|error| error.to_string())
    }

    #[test]
    fn the_official_default_and_parallel_lists_are_read() {
        let default = read(json!({"name": "Public_MISP", "type": "public",
            "url": ["https://URL"], "key": ["APIKEY"], "ssl": [false]}))
        .unwrap();
        assert_eq!(default.len(), 1);
        assert_eq!(default[0].name, "Public_MISP");
        assert_eq!(default[0].key.expose(), "APIKEY");
        assert_eq!(default[0].tls, Tls::Unverified);

        let two = read(
            json!({"name": ["A", "B"], "url": ["https://a", "https://b/"],
            "key": ["K1", "K2"], "ssl": [false, "/etc/ca.pem"]}),
        )
        .unwrap();
        assert_eq!(two[1].name, "B");
        assert_eq!(two[1].url, "https://b/");
        assert_eq!(two[1].key.expose(), "K2");
        assert_eq!(two[1].tls, Tls::CaFile("/etc/ca.pem".into()));

        let strings = read(json!({"name": "One", "url": "https://one", "key": "K"})).unwrap();
        assert_eq!(strings[0].tls, Tls::Verified);
        let listed = read(json!([{"url": "https://a", "key": "K1"},
            {"url": "https://b", "key": "K2", "name": "B"}]))
        .unwrap();
        assert_eq!(
            (listed[0].name.as_str(), listed[1].name.as_str()),
            ("https://a", "B")
        );
    }

    #[test]
    fn lists_that_are_not_parallel_are_refused_by_field() {
        let error = read(json!({"url": ["https://a", "https://b"], "key": ["K1"]})).unwrap_err();
        assert!(
            error.contains("`key` has 1 value(s) for 2 URL(s)"),
            "{error}"
        );
        let error = read(json!({"url": "https://a"})).unwrap_err();
        assert!(error.contains("no `key`"), "{error}");
        let error = read(json!({"url": "", "key": "K"})).unwrap_err();
        assert!(error.contains("empty `url`"), "{error}");
        let error = read(json!(42)).unwrap_err();
        assert!(error.contains("expected an object"), "{error}");
        let error = read(json!([{"url": "https://a", "key": "K"}, {"key": "K"}])).unwrap_err();
        assert!(error.contains("instance object 2: no `url`"), "{error}");
    }

    #[test]
    fn instances_sharing_a_name_are_told_apart_by_address() {
        let instances: Instances = serde_json::from_value(
            json!({"name": "MISP", "url": ["https://a", "https://b"], "key": "K"}),
        )
        .unwrap();
        assert_eq!(
            instances.labels(),
            ["MISP (https://a)".to_owned(), "MISP (https://b)".to_owned()]
        );
    }
}
