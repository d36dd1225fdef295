//! What text the case writer hands IRIS's database: the one rule for control characters.
//!
//! - **NUL** (U+0000) is refused in every text field of every object: PostgreSQL cannot store it
//!   in a text column, so one such value would fail the whole call when it is stored. It is not
//!   stripped (evidence is never altered in silence): the refusal names the object, the field and
//!   where the character is, before anything is stored.
//! - **Every other control character** (U+0001 to U+001F) is kept as it is, in every field: IRIS
//!   stores it, as it does an analyst's (white space around names, titles and values is trimmed,
//!   as before).

use super::error::CaseError;

/// Checks each `(field label, text)` of an `object` (`IOC`, `timeline event`...).
pub(crate) fn check(object: &'static str, fields: &[(&str, &str)]) -> Result<(), CaseError> {
    for &(label, text) in fields {
        if let Some(byte) = text.find('\0') {
            let position = text[..byte].chars().count() + 1;
            return Err(CaseError::Invalid {
                object,
                problem: format!(
                    "the {label} contains a NUL character (U+0000) at character {position}, which IRIS's database (PostgreSQL) cannot store"
                ),
            });
        }
    }
    Ok(())
}

/// Checks each tag of an `object`.
pub(crate) fn check_tags(object: &'static str, tags: &[String]) -> Result<(), CaseError> {
    tags.iter()
        .try_for_each(|tag| check(object, &[("tag", tag)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_is_refused_with_its_field_and_other_controls_are_kept() {
        let control: String = (1u8..0x20).map(char::from).collect();
        assert!(check("IOC", &[("value", &control)]).is_ok());
        assert!(check_tags("IOC", &["a".into(), "b\0".into()]).is_err());
        let error = check("note", &[("title", "ok"), ("content", "é\0")]);
        assert_eq!(
            error.unwrap_err().to_string(),
            "note refused: the content contains a NUL character (U+0000) at character 2, which \
             IRIS's database (PostgreSQL) cannot store"
        );
    }
}
