//! Names to IRIS's ids: the exact name, else the one name equal to it ignoring case; an unknown
//! name is an error listing the close names.

use super::error::CaseError;
use super::vocabulary::{Term, Vocabulary};

/// The entry named `name`: the exact name, else the one name equal to it ignoring case; an
/// unknown name is an error listing the close names.
pub fn resolve<'t>(
    vocabulary: Vocabulary,
    terms: &'t [Term],
    name: &str,
) -> Result<&'t Term, CaseError> {
    let name = name.trim();
    if let Some(term) = terms.iter().find(|term| term.name == name) {
        return Ok(term);
    }
    let mut folded = terms
        .iter()
        .filter(|term| term.name.eq_ignore_ascii_case(name));
    if let (Some(term), None) = (folded.next(), folded.next()) {
        return Ok(term);
    }
    Err(CaseError::UnknownName {
        vocabulary,
        name: name.to_owned(),
        close: close_names(terms, name),
    })
}

/// Up to three names that look like `name`, closest first.
fn close_names(terms: &[Term], name: &str) -> Vec<String> {
    iris_module_vocabulary::did_you_mean::closest_few(
        name,
        terms.iter().map(|term| term.name.as_str()),
        3,
    )
    .into_iter()
    .map(str::to_owned)
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::vocabulary::iris_defaults;

    #[test]
    fn resolves_exactly_then_ignoring_case_and_suggests() {
        let types = iris_defaults(Vocabulary::IocType);
        assert_eq!(
            resolve(Vocabulary::IocType, types, "domain").unwrap().name,
            "domain"
        );
        assert_eq!(
            resolve(Vocabulary::IocType, types, "SHA256").unwrap().name,
            "sha256"
        );
        let error = resolve(Vocabulary::IocType, types, "domian").unwrap_err();
        assert!(
            error.to_string().contains("did you mean `domain`?"),
            "{error}"
        );
        let error = resolve(
            Vocabulary::EventCategory,
            iris_defaults(Vocabulary::EventCategory),
            "zzz",
        )
        .unwrap_err();
        assert!(
            error.to_string().contains("unknown event category `zzz`"),
            "{error}"
        );
    }
}
