//! What VirusTotal is asked about an IOC: the v3 collection and id for its IRIS type.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The kind of VirusTotal object an IOC is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `/ip_addresses/{ip}`.
    Ip,
    /// `/domains/{domain}`.
    Domain,
    /// `/urls/{base64url(url)}`.
    Url,
    /// `/files/{md5 | sha1 | sha256}`.
    File,
}

impl Kind {
    /// The v3 collection.
    pub fn collection(self) -> &'static str {
        match self {
            Kind::Ip => "ip_addresses",
            Kind::Domain => "domains",
            Kind::Url => "urls",
            Kind::File => "files",
        }
    }

    /// The kind of the VirusTotal web page (`https://www.virustotal.com/gui/<kind>/<id>`).
    pub fn gui(self) -> &'static str {
        match self {
            Kind::Ip => "ip-address",
            Kind::Domain => "domain",
            Kind::Url => "url",
            Kind::File => "file",
        }
    }
}

/// An IOC as VirusTotal knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// Its kind.
    pub kind: Kind,
    /// The value looked up (the port of `ip-dst|port`, the file name of `filename|md5` left out).
    pub value: String,
    /// Its id in the collection.
    pub id: String,
}

/// The VirusTotal object for an IOC of IRIS type `type_name` with `value`, as iris-vt-module
/// dispatches (`ip-*`, `domain*`, hashes), plus URLs; `None` for types VirusTotal does not look up.
pub fn target(type_name: &str, value: &str) -> Option<Target> {
    let value = value.trim();
    let (kind, looked_up) = if type_name.starts_with("ip-") {
        (Kind::Ip, value.split('|').next().unwrap_or(value))
    } else if type_name == "domain" || type_name == "hostname" || type_name.starts_with("domain|") {
        (Kind::Domain, value.split('|').next().unwrap_or(value))
    } else if type_name == "url" || type_name == "uri" {
        (Kind::Url, value)
    } else if matches!(type_name, "md5" | "sha1" | "sha256") {
        (Kind::File, value)
    } else if let Some(hash) = type_name.strip_prefix("filename|")
        && matches!(hash, "md5" | "sha1" | "sha256")
    {
        (Kind::File, value.rsplit('|').next().unwrap_or(value))
    } else {
        return None;
    };
    let looked_up = looked_up.trim().to_owned();
    if looked_up.is_empty() {
        return None;
    }
    let id = match kind {
        Kind::Url => URL_SAFE_NO_PAD.encode(looked_up.as_bytes()),
        Kind::File => looked_up.to_lowercase(),
        _ => looked_up.clone(),
    };
    Some(Target {
        kind,
        value: looked_up,
        id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iris_types_map_to_collections() {
        let t = target("ip-dst|port", "10.0.0.1|443").unwrap();
        assert_eq!((t.kind, t.id.as_str()), (Kind::Ip, "10.0.0.1"));
        let t = target("domain|ip", "evil.example|10.0.0.1").unwrap();
        assert_eq!((t.kind, t.id.as_str()), (Kind::Domain, "evil.example"));
        let t = target("url", "http://evil.example/x").unwrap();
        assert_eq!(
            (t.kind, t.id.as_str()),
            (Kind::Url, "aHR0cDovL2V2aWwuZXhhbXBsZS94")
        );
        let t = target("filename|sha256", "a.exe|ABCDEF").unwrap();
        assert_eq!((t.kind, t.id.as_str()), (Kind::File, "abcdef"));
        assert_eq!(
            target("md5", "44D88612FEA8A8F36DE82E1278ABB02F")
                .unwrap()
                .kind,
            Kind::File
        );
        assert!(target("email-src", "a@b.example").is_none());
        assert!(target("domain", "  ").is_none());
    }
}
