//! Indicators in free text: what an analyst pastes into a note (a threat report, an e-mail, a
//! log excerpt), defanged or not. Found with one pass of a compiled regular expression over the
//! bytes, refanged, and listed once each, in order of appearance.

use crate::refanging::{lowercase_domain, refang};
use regex::bytes::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

/// What an indicator is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndicatorKind {
    /// A URL (`hxxps://evil[.]example/x`).
    Url,
    /// An e-mail address (`user[at]example[.]com`).
    Email,
    /// An IPv4 address (`10[.]0[.]0[.]1`).
    Ip,
    /// An MD5 hash (32 hex digits).
    Md5,
    /// A SHA-1 hash (40 hex digits).
    Sha1,
    /// A SHA-256 hash (64 hex digits).
    Sha256,
    /// A defanged domain name (`evil[.]example`); plain words with dots are not taken for domains.
    Domain,
}

impl IndicatorKind {
    /// The IRIS IOC type name closest to it.
    pub fn iris_type(self) -> &'static str {
        match self {
            IndicatorKind::Url => "url",
            IndicatorKind::Email => "email",
            IndicatorKind::Ip => "ip-any",
            IndicatorKind::Md5 => "md5",
            IndicatorKind::Sha1 => "sha1",
            IndicatorKind::Sha256 => "sha256",
            IndicatorKind::Domain => "domain",
        }
    }
}

/// One indicator found in a text, refanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Indicator {
    /// What it is.
    pub kind: IndicatorKind,
    /// Its value, refanged.
    pub value: String,
}

/// The dot of a domain or an address, plain or defanged.
const DOT: &str = r"(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\.)";
/// A defanged dot only.
const DEFANGED_DOT: &str = r"(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\))";

/// One alternation, tried leftmost-first in this order, with ASCII semantics for `\b`, classes
/// and case (so that the scan stays on the fast automaton whatever the text holds); non-ASCII
/// characters may still be part of names.
static PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    let label = r"[a-z0-9\x80-\xff-]+";
    let pattern = format!(
        r"(?i-u)(?P<url>\b(?:hxxps?|https?|fxp|ftp)(?:\[:\]|:)(?:\[//\]|//)(?:\[\.\]|\(\.\)|\[/\]|[^\s<>\x22'\[\]()])+)|(?P<email>[a-z0-9_.+\x80-\xff-]+(?:@|\[at\]|\(at\)|\[@\]){label}(?:{DOT}{label})+)|(?P<ip>\b[0-9]{{1,3}}(?:{DOT}[0-9]{{1,3}}){{3}}\b)|(?P<hash>\b(?:[a-f0-9]{{64}}|[a-f0-9]{{40}}|[a-f0-9]{{32}})\b)|(?P<domain>{label}(?:\.{label})*(?:{DEFANGED_DOT}{label}(?:\.{label})*)+)"
    );
    // The pattern is a constant: a failure here is a bug caught by the tests, never a user error.
    Regex::new(&pattern).expect("the indicator pattern compiles")
});

/// The indicators in `text`, each once, in order of first appearance; domain-like ones are
/// lower-cased when `lowercase_domains` is set.
pub fn extract(text: &str, lowercase_domains: bool) -> Vec<Indicator> {
    let mut seen = HashSet::new();
    let mut found = Vec::new();
    for captures in PATTERN.captures_iter(text.as_bytes()) {
        let (kind, matched) = if let Some(m) = captures.name("url") {
            (IndicatorKind::Url, m)
        } else if let Some(m) = captures.name("email") {
            (IndicatorKind::Email, m)
        } else if let Some(m) = captures.name("ip") {
            (IndicatorKind::Ip, m)
        } else if let Some(m) = captures.name("hash") {
            let kind = match m.len() {
                32 => IndicatorKind::Md5,
                40 => IndicatorKind::Sha1,
                _ => IndicatorKind::Sha256,
            };
            (kind, m)
        } else if let Some(m) = captures.name("domain") {
            (IndicatorKind::Domain, m)
        } else {
            continue;
        };
        // Every match starts and ends next to an ASCII byte or a whole character, so the slice is
        // valid UTF-8.
        let Some(mut raw) = text.get(matched.start()..matched.end()) else {
            continue;
        };
        if kind == IndicatorKind::Url {
            // The sentence's punctuation, not the URL's.
            raw = raw.trim_end_matches(['.', ',', ';', ':', '!', '?']);
        }
        let mut value = refang(raw);
        if matches!(
            kind,
            IndicatorKind::Md5 | IndicatorKind::Sha1 | IndicatorKind::Sha256
        ) {
            value.make_ascii_lowercase();
        } else if lowercase_domains {
            value = lowercase_domain(kind.iris_type(), &value);
        }
        if seen.insert(value.clone()) {
            found.push(Indicator { kind, value });
        }
    }
    found
}

/// The indicators as the HTML report of a custom-attribute field.
pub fn report_html(indicators: &[Indicator]) -> String {
    let mut html = format!(
        "<p>{} indicator(s) found in this note.</p><ul>",
        indicators.len()
    );
    for indicator in indicators {
        html.push_str("<li><code>");
        html.push_str(&html_escape::encode_safe(&indicator.value));
        html.push_str("</code> (");
        html.push_str(indicator.kind.iris_type());
        html.push_str(")</li>");
    }
    html.push_str("</ul>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<(&'static str, String)> {
        extract(text, true)
            .into_iter()
            .map(|i| (i.kind.iris_type(), i.value))
            .collect()
    }

    #[test]
    fn finds_defanged_and_plain_indicators_once_each() {
        let text = "C2 at hxxps://Evil[.]Example[/]gate.php and 10[.]0[.]0[.]1, \
                    mail from bad[at]evil[.]example; again hxxps://evil[.]example[/]gate.php. \
                    Dropper 44d88612fea8a8f36de82e1278abb02f, beacon to c2[.]Bad-Domain[.]org.";
        assert_eq!(
            values(text),
            [
                ("url", "https://evil.example/gate.php".to_owned()),
                ("ip-any", "10.0.0.1".to_owned()),
                ("email", "bad@evil.example".to_owned()),
                ("md5", "44d88612fea8a8f36de82e1278abb02f".to_owned()),
                ("domain", "c2.bad-domain.org".to_owned()),
            ]
        );
    }

    #[test]
    fn plain_dotted_words_are_not_domains() {
        assert!(values("see section 3.2 of file.txt, version 1.2").is_empty());
    }

    #[test]
    fn non_ascii_text_is_scanned_too() {
        assert_eq!(
            values("Écrit par l'équipe: évil[.]example → 192.168.1.1"),
            [
                ("domain", "évil.example".to_owned()),
                ("ip-any", "192.168.1.1".to_owned())
            ]
        );
    }

    #[test]
    fn the_report_escapes_values() {
        let html = report_html(&[Indicator {
            kind: IndicatorKind::Url,
            value: "https://x.example/?a=<b>".into(),
        }]);
        assert_eq!(
            html,
            "<p>1 indicator(s) found in this note.</p><ul><li><code>https:&#x2F;&#x2F;x.example&#x2F;?a=&lt;b&gt;</code> (url)</li></ul>"
        );
    }
}
