//! Secret redaction: every text the runtime hands IRIS (a status message, a log line, an error)
//! passes through a [`Redactor`] that knows the module's secrets (its `sensitive_string`
//! parameters) and the credentials of IRIS's proxy URLs, and removes them, whatever the text's
//! source: an HTTP body that echoes a key, an error's `Display`, a URL.
//!
//! Each secret is removed as it is, percent-encoded (as in a URL or a form) and JSON-escaped (as
//! in a body that quotes it); the user-info part of any URL (`scheme://user:password@host`) is
//! removed too, so a proxy URL with credentials never shows whole.

mod pattern;

use pattern::SecretPattern;
use std::borrow::Cow;
use std::sync::Arc;

/// What a removed secret is replaced with.
pub const REDACTED: &str = "[redacted]";

/// The longest outside text (a file name, a server's answer) put into a message as it is:
/// longer text is cut, so that no message grows with what an outsider sends.
pub const MAX_OUTSIDE_TEXT: usize = 512;

/// Removes known secrets from text. Cheap to clone; empty (removing only URL credentials) by
/// default.
#[derive(Clone, Default)]
pub struct Redactor {
    /// Each secret with its pattern, longest first (so that a secret containing another is
    /// removed whole).
    secrets: Vec<(String, Arc<SecretPattern>)>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} secret(s))", self.secrets.len())
    }
}

impl Redactor {
    /// A redactor of `secrets` (empty ones are ignored).
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Self {
        let mut redactor = Redactor::default();
        for secret in secrets {
            redactor.add(secret);
        }
        redactor
    }

    /// Adds a secret: it is then removed in every form a server, a client or a module may write
    /// it in (see [`pattern`]): as it is in any ASCII case, percent-, JSON- or HTML-escaped
    /// character by character, in base64 or in hex.
    pub fn add(&mut self, secret: &str) {
        if self.secrets.iter().any(|(known, _)| known == secret) {
            return;
        }
        if let Some(pattern) = SecretPattern::of(secret) {
            self.secrets.push((secret.to_owned(), pattern));
            self.secrets
                .sort_by_key(|(secret, _)| std::cmp::Reverse(secret.len()));
        }
    }

    /// Adds the credentials of a URL (`scheme://user:password@host...`), if it has any.
    pub fn add_url_credentials(&mut self, url: &str) {
        if let Some((user, password)) = url_credentials(url) {
            self.add(&percent_decode(password));
            self.add(password);
            if !user.is_empty() && !password.is_empty() {
                self.add(&format!(
                    "{}:{}",
                    percent_decode(user),
                    percent_decode(password)
                ));
            }
        }
    }

    /// Whether it knows any secret (a redactor without one only removes URL credentials from
    /// messages, and leaves data alone).
    pub fn has_secrets(&self) -> bool {
        !self.secrets.is_empty()
    }

    /// `text` without any secret and without URL credentials: for messages (statuses, log
    /// lines, errors).
    pub fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        match strip_url_credentials(text) {
            Cow::Borrowed(text) => self.redact_secrets(text),
            Cow::Owned(text) => Cow::Owned(self.redact_secrets(&text).into_owned()),
        }
    }

    /// Removes the known secrets from every string of `value` (object keys included); whether
    /// any was removed. Unlike [`redact`](Self::redact), URL credentials the redactor was not
    /// told about stay: this is data (an IOC's URL is evidence), not a message.
    pub fn redact_value(&self, value: &mut serde_json::Value) -> bool {
        use serde_json::Value;
        if !self.has_secrets() {
            return false;
        }
        match value {
            Value::String(text) => match self.redact_secrets(text) {
                Cow::Borrowed(_) => false,
                Cow::Owned(clean) => {
                    *text = clean;
                    true
                }
            },
            Value::Array(items) => items
                .iter_mut()
                .fold(false, |found, item| self.redact_value(item) | found),
            Value::Object(map) => {
                let mut found = false;
                if map
                    .keys()
                    .any(|key| self.redact_secrets(key) != key.as_str())
                {
                    let entries = std::mem::take(map);
                    for (key, value) in entries {
                        map.insert(self.redact_secrets(&key).into_owned(), value);
                    }
                    found = true;
                }
                map.values_mut()
                    .fold(found, |found, item| self.redact_value(item) | found)
            }
            _ => false,
        }
    }

    /// `text` without the known secrets (URL credentials the redactor was not told about stay).
    pub fn redact_secrets<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let mut text = Cow::Borrowed(text);
        for (_, pattern) in &self.secrets {
            if let Some(clean) = pattern.replace(&text, REDACTED) {
                text = Cow::Owned(clean);
            }
        }
        text
    }
}

/// `text` cut to [`MAX_OUTSIDE_TEXT`] bytes (at a character boundary), with what was cut said.
pub fn bounded(text: &str) -> Cow<'_, str> {
    if text.len() <= MAX_OUTSIDE_TEXT {
        return Cow::Borrowed(text);
    }
    let mut end = MAX_OUTSIDE_TEXT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    Cow::Owned(format!(
        "{}… ({} more bytes)",
        &text[..end],
        text.len() - end
    ))
}

/// The (user, password) of a URL's user-info, when it has a password.
fn url_credentials(url: &str) -> Option<(&str, &str)> {
    // A proxy is often written without its scheme (`user:password@host:port`).
    let rest = url.find("://").map_or(url, |at| &url[at + 3..]);
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let userinfo = &authority[..authority.rfind('@')?];
    Some(userinfo.split_once(':').unwrap_or((userinfo, "")))
}

/// Removes the user-info of every URL in `text` (`https://u:p@host` becomes `https://[redacted]@host`).
fn strip_url_credentials(text: &str) -> Cow<'_, str> {
    if !text.contains("://") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        let (before, after) = rest.split_at(at + 3);
        out.push_str(before);
        let end = after
            .find(|c: char| {
                c == '/' || c == '?' || c == '#' || c.is_whitespace() || c == '"' || c == '\''
            })
            .unwrap_or(after.len());
        let authority = &after[..end];
        match authority.rfind('@') {
            Some(userinfo_end) => {
                out.push_str(REDACTED);
                out.push_str(&authority[userinfo_end..]);
            }
            None => out.push_str(authority),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_removed_in_every_form_it_arrives_in() {
        let redactor = Redactor::new(["k3y/with+odd\"chars"]);
        for text in [
            "error: invalid key k3y/with+odd\"chars",
            "GET /api?apikey=k3y%2Fwith%2Bodd%22chars",
            "GET /api?apikey=k3y%2fwith%2bodd%22chars",
            r#"{"error": "bad key k3y/with+odd\"chars"}"#,
        ] {
            let out = redactor.redact(text);
            assert!(out.contains(REDACTED), "{text} -> {out}");
            assert!(!out.contains("k3y"), "{text} -> {out}");
        }
        assert_eq!(redactor.redact("nothing here"), "nothing here");
    }

    #[test]
    fn a_short_secret_is_removed_where_it_stands_alone() {
        let redactor = Redactor::new(["k", "pw12"]);
        assert_eq!(
            redactor.redact("hook failed: key k rejected (pw12), look kk"),
            "hook failed: key [redacted] rejected ([redacted]), look kk"
        );
    }

    #[test]
    fn a_short_secret_leaves_its_encodings_words_alone() {
        // "k" is "aw==" in base64 and "6b" in hex: neither is taken for a trace of it.
        let redactor = Redactor::new(["k"]);
        let text = "element 0 is not a valid `Ioc`: expected a string, 6b bytes, K.";
        assert_eq!(
            redactor.redact(text),
            "element 0 is not a valid `Ioc`: expected a string, 6b bytes, [redacted]."
        );
    }

    #[test]
    fn url_credentials_never_show() {
        let mut redactor = Redactor::default();
        redactor.add_url_credentials("http://proxy-user:p%40ss@proxy.example:3128");
        assert_eq!(
            redactor.redact("invalid proxy http://proxy-user:p%40ss@proxy.example:3128 (bad port)"),
            "invalid proxy http://[redacted]@proxy.example:3128 (bad port)"
        );
        assert_eq!(
            redactor.redact("the password was p@ss, encoded p%40ss"),
            "the password was [redacted], encoded [redacted]"
        );
        // Any URL's user-info goes, even one the redactor was not told about.
        let mut schemeless = Redactor::default();
        schemeless.add_url_credentials("user:pw-of-a-proxy@proxy:3128");
        assert_eq!(schemeless.redact("proxy pw-of-a-proxy"), "proxy [redacted]");
        assert_eq!(
            Redactor::default().redact("see https://a:b@host/x and ftp://host/y"),
            "see https://[redacted]@host/x and ftp://host/y"
        );
    }

    #[test]
    fn outside_text_is_bounded_at_a_character_boundary() {
        let long = "é".repeat(1000);
        let cut = bounded(&long);
        assert!(cut.len() < MAX_OUTSIDE_TEXT + 40, "{}", cut.len());
        assert!(cut.ends_with("more bytes)"));
        assert_eq!(bounded("short"), "short");
    }
}
