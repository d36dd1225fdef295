//! What IntelOwl is asked to analyse for an IOC: its classification (`ip`, `domain`, `url`,
//! `hash`, `generic`), chosen as the official module chooses it, and the value. A compound IOC
//! sends the part its classification names (the address of an `ip-dst|port`, the domain of a
//! `domain|ip`, the hash of a `filename|md5`): the official module sends the whole value, which
//! IntelOwl cannot parse as an address.

use iris_module_core::objects::Ioc;

/// The hash types the official module sends as `hash` (other hashes go as `generic`).
const HASH_TYPES: [&str; 5] = ["md5", "sha1", "sha224", "sha256", "sha512"];

/// An observable to analyse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Observable {
    /// IntelOwl's `observable_classification`.
    pub classification: &'static str,
    /// IntelOwl's `observable_name`.
    pub name: String,
}

/// The observable of `ioc` (every IOC has one, as in the official module: what is neither an
/// address, a domain, a URL nor one of its hashes goes as `generic`).
pub fn observable(ioc: &Ioc) -> Observable {
    let type_name = ioc.type_name();
    let classification = if type_name.contains("ip-") {
        "ip"
    } else if type_name.contains("domain") {
        "domain"
    } else if type_name.contains("url") {
        "url"
    } else if HASH_TYPES.contains(&type_name) {
        "hash"
    } else {
        "generic"
    };
    let parts = ioc.parts();
    let name = match (classification, parts.as_slice()) {
        ("ip", [(address, value), ..]) if address.starts_with("ip-") => value,
        ("domain", [(domain, value), ..]) if *domain == "domain" => value,
        _ => ioc.ioc_value.as_str(),
    };
    Observable {
        classification,
        name: name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(value: &str, type_name: &str) -> (&'static str, String) {
        let observable = observable(&Ioc::new(value, type_name));
        (observable.classification, observable.name)
    }

    #[test]
    fn each_type_is_classified_as_the_official_module_does() {
        assert_eq!(of("203.0.113.7", "ip-dst"), ("ip", "203.0.113.7".into()));
        assert_eq!(
            of("evil.example", "domain"),
            ("domain", "evil.example".into())
        );
        assert_eq!(
            of("http://evil.example/x", "url"),
            ("url", "http://evil.example/x".into())
        );
        assert_eq!(of("d41d8", "md5"), ("hash", "d41d8".into()));
        assert_eq!(of("abc", "sha384"), ("generic", "abc".into()));
        assert_eq!(
            of("host.example", "hostname"),
            ("generic", "host.example".into())
        );
        assert_eq!(
            of("a.exe|d41d8", "filename|md5"),
            ("generic", "a.exe|d41d8".into())
        );
    }

    #[test]
    fn a_compound_ioc_sends_the_part_its_classification_names() {
        assert_eq!(
            of("203.0.113.7|443", "ip-dst|port"),
            ("ip", "203.0.113.7".into())
        );
        assert_eq!(
            of("evil.example|203.0.113.7", "domain|ip"),
            ("domain", "evil.example".into())
        );
        // Without its separator, the value as it is.
        assert_eq!(
            of("203.0.113.7", "ip-src|port"),
            ("ip", "203.0.113.7".into())
        );
    }
}
