//! What MISP is asked for an IOC: which of its values, among which MISP attribute types, as the
//! official module asks (`mispclient.py`'s lists, in their order). A compound IOC is searched by
//! its part (the address of `ip-dst|port`, the hash of `filename|sha256`), and its value is left
//! as it is.

use iris_module_core::objects::Ioc;

/// The hash types searched as they are (the official module's list).
const HASH_TYPES: [&str; 11] = [
    "md5",
    "sha1",
    "sha224",
    "sha256",
    "sha384",
    "sha512",
    "sha512/224",
    "sha512/256",
    "ssdeep",
    "tlsh",
    "authentihash",
];

/// What a value is searched as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A domain (`search_domain`).
    Domain,
    /// An IP address (`search_ip`).
    Ip,
    /// A hash (`search_hash`).
    Hash,
    /// A JA3 fingerprint (`search_ja3`).
    Ja3,
}

impl Kind {
    /// The MISP attribute types searched (the `type` of `events/restSearch`).
    pub fn attribute_types(self) -> &'static [&'static str] {
        match self {
            Kind::Domain => &[
                "domain",
                "hostname",
                "domain|ip",
                "email-src",
                "email-dst",
                "url",
                "link",
                "named pipe",
                "target-email",
                "uri",
                "whois-registrant-email",
                "dns-soa-email",
                "hostname|port",
                "jabber-id",
            ],
            Kind::Ip => &[
                "ip-src",
                "ip-dst",
                "domain|ip",
                "ip-src|port",
                "ip-dst|port",
            ],
            Kind::Hash => &[
                "md5",
                "sha1",
                "sha256",
                "ssdeep",
                "sha224",
                "sha384",
                "sha512",
                "sha512/224",
                "sha512/256",
                "tlsh",
                "authentihash",
                "filename|md5",
                "filename|sha1",
                "filename|sha256",
                "filename|ssdeep",
                "filename|sha224",
                "filename|sha384",
                "filename|sha512",
                "filename|sha512/224",
                "filename|sha512/256",
                "filename|tlsh",
                "filename|authentihash",
            ],
            Kind::Ja3 => &["ja3-fingerprint-md5"],
        }
    }

    /// How the log names it.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Domain => "domain",
            Kind::Ip => "IP",
            Kind::Hash => "hash",
            Kind::Ja3 => "JA3",
        }
    }
}

/// One search of one value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Search {
    /// What the value is searched as.
    pub kind: Kind,
    /// The value.
    pub value: String,
}

impl Search {
    fn new(kind: Kind, value: &str) -> Search {
        Search {
            kind,
            value: value.to_owned(),
        }
    }

    /// The key of its answer in the cache (the kind and the value).
    pub fn cache_key(&self) -> String {
        format!("{:?}\u{0}{}", self.kind, self.value)
    }
}

/// The searches of `ioc`, in order (a `domain|ip` is two: its domain, then its address); none
/// for a type the module does not look up, or a compound value without its parts.
pub fn searches(ioc: &Ioc) -> Vec<Search> {
    let type_name = ioc.type_name();
    let parts = ioc.parts();
    let part = |index: usize| {
        (parts.len() > 1)
            .then(|| parts.get(index).map(|(_, value)| *value))
            .flatten()
    };
    let whole = ioc.ioc_value.as_str();
    let found = match type_name {
        "domain|ip" => match (part(0), part(1)) {
            (Some(domain), Some(ip)) => {
                vec![Search::new(Kind::Domain, domain), Search::new(Kind::Ip, ip)]
            }
            _ => Vec::new(),
        },
        t if t.starts_with("ip") && t.ends_with("|port") => part(0)
            .map(|ip| Search::new(Kind::Ip, ip))
            .into_iter()
            .collect(),
        t if t.starts_with("ip") => vec![Search::new(Kind::Ip, whole)],
        t if t.contains("domain") => vec![Search::new(Kind::Domain, whole)],
        "ja3-fingerprint-md5" => vec![Search::new(Kind::Ja3, whole)],
        t if t.starts_with("filename|") => part(1)
            .map(|hash| Search::new(Kind::Hash, hash))
            .into_iter()
            .collect(),
        t if HASH_TYPES.contains(&t) => vec![Search::new(Kind::Hash, whole)],
        _ => Vec::new(),
    };
    found
        .into_iter()
        .filter(|search| !search.value.trim().is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(value: &str, type_name: &str) -> Vec<(Kind, String)> {
        searches(&Ioc::new(value, type_name))
            .into_iter()
            .map(|search| (search.kind, search.value))
            .collect()
    }

    #[test]
    fn each_type_is_searched_as_the_official_module_does() {
        assert_eq!(
            of("evil.example", "domain"),
            [(Kind::Domain, "evil.example".into())]
        );
        assert_eq!(
            of("203.0.113.7", "ip-src"),
            [(Kind::Ip, "203.0.113.7".into())]
        );
        assert_eq!(
            of("203.0.113.7|443", "ip-dst|port"),
            [(Kind::Ip, "203.0.113.7".into())]
        );
        assert_eq!(of("d41d8", "md5"), [(Kind::Hash, "d41d8".into())]);
        assert_eq!(
            of("a.exe|d41d8", "filename|md5"),
            [(Kind::Hash, "d41d8".into())]
        );
        assert_eq!(
            of("a.exe|abc", "filename|vhash"),
            [(Kind::Hash, "abc".into())]
        );
        assert_eq!(
            of("e7d7", "ja3-fingerprint-md5"),
            [(Kind::Ja3, "e7d7".into())]
        );
        assert_eq!(
            of("evil.example|203.0.113.7", "domain|ip"),
            [
                (Kind::Domain, "evil.example".into()),
                (Kind::Ip, "203.0.113.7".into())
            ]
        );
    }

    #[test]
    fn other_types_and_values_without_their_parts_are_not_searched() {
        assert!(of("http://evil.example/", "url").is_empty());
        assert!(of("203.0.113.7", "ip-dst|port").is_empty());
        assert!(of("evil.example", "domain|ip").is_empty());
        assert!(of("", "domain").is_empty());
        assert!(of("a.exe", "filename").is_empty());
    }
}
