//! The licence texts of new modules (SPDX's, from the `license` crate).

use license::License;
use license::licenses::{Apache2_0, Bsd3Clause, Gpl3_0OrLater, Lgpl3_0OrLater, Mit};

/// The licence chosen by its short name: its SPDX id, name and full text, with the year and the
/// holder filled in where the text has placeholders.
pub fn license(
    choice: &str,
    year: i32,
    holder: &str,
) -> Option<(&'static str, &'static str, String)> {
    let license: &dyn License = match choice {
        "MIT" => &Mit,
        "BSD-3" => &Bsd3Clause,
        "GPL-3.0" => &Gpl3_0OrLater,
        "LGPL-3.0" => &Lgpl3_0OrLater,
        "Apache-2.0" => &Apache2_0,
        _ => return None,
    };
    let text = license
        .text()
        .replace("<year>", &year.to_string())
        .replace("<copyright holders>", holder)
        .replace("<owner>", holder);
    Some((license.id(), license.name(), text))
}

/// The short name (as [`super::answers::LICENSES`] lists them) of a licence given by its short
/// name or its SPDX id, ignoring case: `BSD-3-Clause` is `BSD-3`, `LGPL-3.0-or-later` is
/// `LGPL-3.0`.
pub fn short_name(given: &str) -> Option<&'static str> {
    const NAMES: &[(&str, &[&str])] = &[
        ("MIT", &["MIT"]),
        ("BSD-3", &["BSD-3", "BSD-3-Clause"]),
        ("GPL-3.0", &["GPL-3.0", "GPL-3.0-or-later"]),
        ("LGPL-3.0", &["LGPL-3.0", "LGPL-3.0-or-later"]),
        ("Apache-2.0", &["Apache-2.0"]),
    ];
    let given = given.trim();
    NAMES
        .iter()
        .find(|(_, names)| names.iter().any(|name| name.eq_ignore_ascii_case(given)))
        .map(|(short, _)| *short)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_choice_has_its_full_text() {
        for choice in super::super::answers::LICENSES {
            let (id, name, text) = super::license(choice, 2026, "ACME").unwrap();
            assert!(text.len() > 1000, "{id}: {name}");
            assert!(!text.contains("<year>") && !text.contains("<copyright holders>"));
        }
        let (id, _, text) = super::license("MIT", 2026, "ACME").unwrap();
        assert_eq!(id, "MIT");
        assert!(text.contains("Copyright (c) 2026 ACME"));
        assert!(super::license("WTFPL", 2026, "ACME").is_none());
    }
}
