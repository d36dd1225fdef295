//! A record's JSON made fit for a line of NDJSON (RFC 8259): the parser escapes the values it
//! writes, but writes the names of a damaged file's elements and attributes as they are, raw
//! control characters included. Each record is checked; one with raw control characters inside
//! its strings is sent with them escaped (serde_json writes the escapes); one that is still not
//! valid JSON after that (a quote or a backslash in a name...) is not sent.

use serde_json::Value;
use serde_json::value::RawValue;
use std::borrow::Cow;

/// Why a record cannot be sent.
#[derive(Debug, thiserror::Error)]
pub enum Unsound {
    /// A raw control character, outside a string (or right after a backslash).
    #[error("a raw control character (0x{byte:02x}) at byte {at} of its JSON")]
    ControlCharacter {
        /// The character.
        byte: u8,
        /// Where, in bytes.
        at: usize,
    },
    /// Bytes that are not UTF-8.
    #[error("its JSON is not UTF-8: {0}")]
    NotUtf8(#[from] std::str::Utf8Error),
    /// Not JSON, as serde_json reads it.
    #[error("its JSON is not valid: {0}")]
    NotJson(#[source] serde_json::Error),
}

/// `record` as it can be sent: as the parser wrote it when it is valid JSON on one line, with its
/// raw control characters escaped when that is what it takes, or why it cannot be sent.
pub fn sound(record: &[u8]) -> Result<Cow<'_, [u8]>, Unsound> {
    if check(record).is_ok() {
        return Ok(Cow::Borrowed(record));
    }
    let escaped = escape_control_characters(record);
    check(&escaped).map(|()| Cow::Owned(escaped))
}

/// Whether `record` is one line of valid JSON, as serde_json reads it: no raw control character
/// (inside a string it is invalid, outside it a newline would split the line), UTF-8, and, when
/// it holds a `\u` escape of a surrogate, one serde_json decodes (a lone one it refuses).
fn check(record: &[u8]) -> Result<(), Unsound> {
    if let Some(at) = record.iter().position(|&byte| byte < 0x20) {
        return Err(Unsound::ControlCharacter {
            byte: record[at],
            at,
        });
    }
    let text = std::str::from_utf8(record)?;
    let invalid = Unsound::NotJson;
    serde_json::from_str::<&RawValue>(text).map_err(invalid)?;
    let surrogate_escape = ["\\ud", "\\uD"].iter().any(|escape| text.contains(escape));
    if surrogate_escape {
        serde_json::from_str::<Value>(text).map_err(invalid)?;
    }
    Ok(())
}

/// `record` with every raw control character inside a string replaced by its escape, as
/// serde_json writes it (`\n`, `\u0001`...). A control character right after a backslash is left
/// as it is (the escape it would end is invalid either way).
fn escape_control_characters(record: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(record.len() + 32);
    let (mut in_string, mut after_backslash) = (false, false);
    for &byte in record {
        if in_string && !after_backslash && byte < 0x20 {
            let quoted = Value::String(char::from(byte).to_string()).to_string();
            out.extend_from_slice(quoted.trim_matches('"').as_bytes());
            continue;
        }
        out.push(byte);
        if after_backslash {
            after_backslash = false;
        } else if in_string && byte == b'\\' {
            after_backslash = true;
        } else if byte == b'"' {
            in_string = !in_string;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_records_go_as_they_are() {
        let record = br#"{"Event":{"System":{"Computer":"WKS \"1\" \\ \u0001"},"x":[1,2.5,null]}}"#;
        assert!(matches!(sound(record), Ok(Cow::Borrowed(_))));
    }

    #[test]
    fn control_characters_in_names_and_values_are_escaped() {
        for byte in 0x00..0x20u8 {
            let mut record = br#"{"Com?uter":"W?S","a":{"?":1}}"#.to_vec();
            for at in record.iter_mut().filter(|b| **b == b'?') {
                *at = byte;
            }
            let sent = sound(&record).unwrap();
            assert!(matches!(sent, Cow::Owned(_)), "0x{byte:02x}");
            let value: Value = serde_json::from_slice(&sent).unwrap();
            let c = char::from(byte);
            assert_eq!(value[format!("Com{c}uter")], format!("W{c}S"));
            assert_eq!(value["a"][c.to_string()], 1);
            assert!(!sent.contains(&b'\n'));
        }
    }

    #[test]
    fn what_cannot_be_made_valid_is_refused_with_the_reason() {
        for (record, why) in [
            (&br#"{"Com"puter":"x"}"#[..], "not valid"),
            (br#"{"C\muter":"x"}"#, "not valid"),
            (br#"{"a":"b\"#, "not valid"),
            (b"{\"a\":\"\xff\"}", "not UTF-8"),
            (br#"{"a\ud800":"x"}"#, "not valid"),
            (br#"{"a":"\uDC00"}"#, "not valid"),
            (b"{\"a\":1}\n{\"b\":2}", "control character"),
            (b"{\"a\":1,\"b\\\x01\":2}", "control character"),
            (br#"{"a":1} {"b":2}"#, "not valid"),
        ] {
            let error = sound(record).unwrap_err().to_string();
            assert!(
                error.contains(why),
                "{:?}: {error}",
                String::from_utf8_lossy(record)
            );
        }
    }

    #[test]
    fn a_paired_surrogate_escape_is_valid() {
        assert!(matches!(
            sound(br#"{"a":"\ud83d\ude00"}"#),
            Ok(Cow::Borrowed(_))
        ));
    }
}
