//! How one secret is found in a text, whatever encoding it arrives in: each of its characters as
//! it is (in any ASCII case), percent-encoded (`%2F`, `%2f`, `+` for a space), JSON-escaped any
//! number of times (`\/`, `\"`, `\\\"`, `\u002f`), or HTML-escaped (`&quot;`, `&#47;`, `&#x2f;`),
//! mixed freely; and the whole secret in base64 (standard or URL-safe, at any of the three
//! alignments it can have inside a longer encoded text, such as `user:key` in a Basic
//! authorization) or in hex.
//!
//! Patterns are compiled once per secret and shared (a bridge builds a redactor per call).

use regex::Regex;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

/// A secret shorter than this is removed only where it stands as a word of its own (not inside a
/// longer run of letters and digits), so that a short value does not garble every message.
pub const WHOLE_WORD_BELOW: usize = 8;

/// The shortest base64 or hex run taken as a trace of a secret: shorter ones (those of a secret
/// of a few characters) are everyday words and numbers.
const MIN_ENCODED_RUN: usize = 8;

/// One secret's pattern.
#[derive(Debug)]
pub struct SecretPattern {
    regex: Regex,
    whole_words_only: bool,
}

impl SecretPattern {
    /// The pattern of `secret` (not empty), compiled once per secret for the process.
    pub fn of(secret: &str) -> Option<Arc<SecretPattern>> {
        /// Beyond this many secrets the cache starts again (it holds a few per module).
        const MAX_CACHED: usize = 1024;
        static CACHE: LazyLock<Mutex<HashMap<String, Arc<SecretPattern>>>> =
            LazyLock::new(Mutex::default);
        if secret.is_empty() {
            return None;
        }
        let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(pattern) = cache.get(secret) {
            return Some(Arc::clone(pattern));
        }
        let regex = Regex::new(&source(secret)).ok()?;
        let pattern = Arc::new(SecretPattern {
            regex,
            whole_words_only: secret.chars().count() < WHOLE_WORD_BELOW,
        });
        if cache.len() >= MAX_CACHED {
            cache.clear();
        }
        cache.insert(secret.to_owned(), Arc::clone(&pattern));
        Some(pattern)
    }

    /// `text` with each trace of the secret replaced by `with`; `None` when it holds none.
    pub fn replace(&self, text: &str, with: &str) -> Option<String> {
        let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let mut out = String::new();
        let mut rest = 0;
        for found in self.regex.find_iter(text) {
            if self.whole_words_only
                && (is_word(text[..found.start()].chars().next_back())
                    || is_word(text[found.end()..].chars().next()))
            {
                continue;
            }
            out.push_str(&text[rest..found.start()]);
            out.push_str(with);
            rest = found.end();
        }
        if rest == 0 && out.is_empty() {
            return None;
        }
        out.push_str(&text[rest..]);
        Some(out)
    }
}

/// The regular expression of every form of `secret`.
fn source(secret: &str) -> String {
    let mut alternatives = vec![characters(secret)];
    for alphabet in [
        &base64::engine::general_purpose::STANDARD,
        &base64::engine::general_purpose::URL_SAFE,
    ] {
        for run in base64_runs(secret, alphabet) {
            alternatives.push(regex::escape(&run));
        }
    }
    let hex = hex::encode(secret);
    if hex.len() >= MIN_ENCODED_RUN {
        alternatives.push(format!("(?i:{hex})"));
    }
    // Longest first: the leftmost match is then the whole trace.
    alternatives.sort_by_key(|alternative| std::cmp::Reverse(alternative.len()));
    alternatives.join("|")
}

/// The secret character by character, each in any of its textual encodings.
fn characters(secret: &str) -> String {
    let mut out = String::from("(?:");
    for c in secret.chars() {
        out.push_str("(?:");
        let mut forms = vec![format!("(?i:{})", regex::escape(&c.to_string()))];
        let mut utf8 = [0; 4];
        let percent: String = c
            .encode_utf8(&mut utf8)
            .bytes()
            .map(|byte| format!("%{byte:02x}"))
            .collect();
        forms.push(format!("(?i:{})", regex::escape(&percent)));
        let mut utf16 = [0; 2];
        let json: String = c
            .encode_utf16(&mut utf16)
            .iter()
            .map(|unit| format!("\\u{unit:04x}"))
            .collect();
        // JSON escapes, however many times the text was quoted into JSON: `\` doubled each time.
        forms.push(format!(r"(?i:\\+u{})", regex::escape(&json[2..])));
        forms.push(format!("&#0*{};", c as u32));
        forms.push(format!("(?i:&#x0*{:x};)", c as u32));
        if let Some(entity) = html_entity(c) {
            forms.push(regex::escape(entity));
        }
        if c == ' ' {
            forms.push(r"\+".into());
        }
        if !c.is_alphanumeric() {
            // `\"`, `\\\"`, `\/`: the character escaped by one or more backslashes.
            forms.push(format!(r"\\+{}", regex::escape(&c.to_string())));
        }
        out.push_str(&forms.join("|"));
        out.push(')');
    }
    out.push(')');
    out
}

/// The named HTML entity of `c`, where it has one that escapers use.
fn html_entity(c: char) -> Option<&'static str> {
    match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&apos;"),
        _ => None,
    }
}

/// The base64 characters that depend on the secret's bytes alone, at each of the three offsets
/// it can start at inside a longer encoded text (runs shorter than [`MIN_ENCODED_RUN`] left out).
fn base64_runs(secret: &str, alphabet: &base64::engine::GeneralPurpose) -> Vec<String> {
    use base64::Engine as _;
    let bytes = secret.len();
    let mut runs = Vec::new();
    for offset in 0..3 {
        let mut data = vec![0u8; offset];
        data.extend_from_slice(secret.as_bytes());
        let encoded = alphabet.encode(&data);
        let first = (8 * offset).div_ceil(6);
        let end = (8 * (offset + bytes)) / 6;
        if end > first && end - first >= MIN_ENCODED_RUN {
            runs.push(encoded[first..end].to_owned());
        }
    }
    runs
}
