//! The name an uploaded file is saved under: one plain path component, or a clear refusal.
//!
//! IRIS passes the name the browser sent (after werkzeug's `secure_filename`, but a module must
//! not rely on that: the test harness, the command line and other callers do not apply it). A name
//! is refused, never rewritten, so that what is saved is what the analyst uploaded.

use std::fmt;

/// The longest name most file systems hold, in bytes.
pub const MAX_NAME_BYTES: usize = 255;

/// Why a file name was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BadFileName {
    /// The name is empty (or only spaces).
    Empty,
    /// `.` or `..`.
    DotEntry,
    /// It holds a path separator (`/` or `\`), so it is a path, not a name.
    Separator,
    /// It holds a NUL byte or another control character.
    ControlCharacter,
    /// It starts with a dot: hidden files are where uploads in progress are kept.
    Hidden,
    /// It is longer than [`MAX_NAME_BYTES`] bytes.
    TooLong(usize),
}

impl fmt::Display for BadFileName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadFileName::Empty => f.write_str("the file name is empty"),
            BadFileName::DotEntry => f.write_str("`.` and `..` are not file names"),
            BadFileName::Separator => f.write_str(
                "the file name holds a path separator (`/` or `\\`): only a plain name is accepted",
            ),
            BadFileName::ControlCharacter => {
                f.write_str("the file name holds a NUL byte or a control character")
            }
            BadFileName::Hidden => f.write_str(
                "the file name starts with a dot (hidden files are reserved for uploads in progress)",
            ),
            BadFileName::TooLong(bytes) => write!(
                f,
                "the file name is {bytes} bytes long; at most {MAX_NAME_BYTES} are accepted"
            ),
        }
    }
}

impl std::error::Error for BadFileName {}

/// `name` if it is one safe path component: not empty, not `.` or `..`, no separator, no control
/// character, not hidden, not too long. Surrounding spaces are trimmed.
pub fn safe_file_name(name: &str) -> Result<&str, BadFileName> {
    let name = name.trim_matches(' ');
    if name.is_empty() {
        return Err(BadFileName::Empty);
    }
    if name == "." || name == ".." {
        return Err(BadFileName::DotEntry);
    }
    if name.contains(['/', '\\']) {
        return Err(BadFileName::Separator);
    }
    if name.chars().any(char::is_control) {
        return Err(BadFileName::ControlCharacter);
    }
    if name.starts_with('.') {
        return Err(BadFileName::Hidden);
    }
    if name.len() > MAX_NAME_BYTES {
        return Err(BadFileName::TooLong(name.len()));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::path::{Component, Path};

    #[test]
    fn plain_names_pass_and_lose_surrounding_spaces() {
        assert_eq!(safe_file_name("Security.evtx"), Ok("Security.evtx"));
        assert_eq!(safe_file_name(" dump 1.evtx "), Ok("dump 1.evtx"));
        assert_eq!(safe_file_name("journal..old"), Ok("journal..old"));
        assert_eq!(safe_file_name("Événements.evtx"), Ok("Événements.evtx"));
    }

    #[test]
    fn traversal_and_odd_names_are_refused() {
        for (name, error) in [
            ("", BadFileName::Empty),
            ("   ", BadFileName::Empty),
            ("..", BadFileName::DotEntry),
            (".", BadFileName::DotEntry),
            ("../etc/passwd", BadFileName::Separator),
            ("/etc/passwd", BadFileName::Separator),
            ("..\\..\\boot.ini", BadFileName::Separator),
            ("C:\\Windows\\x.evtx", BadFileName::Separator),
            ("a\0b", BadFileName::ControlCharacter),
            ("line\nbreak", BadFileName::ControlCharacter),
            (".bashrc", BadFileName::Hidden),
        ] {
            assert_eq!(safe_file_name(name), Err(error), "{name:?}");
        }
        assert_eq!(
            safe_file_name(&"a".repeat(256)),
            Err(BadFileName::TooLong(256))
        );
    }

    proptest! {
        /// Whatever the name, an accepted one joined to a base is one normal component under it.
        #[test]
        fn accepted_names_stay_in_their_directory(name in any::<String>()) {
            if let Ok(safe) = safe_file_name(&name) {
                let joined = Path::new("/base").join(safe);
                let components: Vec<_> = joined.components().collect();
                prop_assert_eq!(components.len(), 3);
                prop_assert!(matches!(components[2], Component::Normal(_)));
                prop_assert_eq!(joined.parent(), Some(Path::new("/base")));
                prop_assert!(!safe.contains('\0'));
            }
        }

        /// Names built from traversal pieces are refused or stay plain.
        #[test]
        fn traversal_pieces_never_escape(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("..".to_owned()), Just(".".to_owned()), Just("/".to_owned()),
                    Just("\\".to_owned()), Just("\0".to_owned()), Just("evil".to_owned()),
                    Just(" ".to_owned()), Just("%2e%2e".to_owned()), "[a-z.]{0,4}",
                ],
                0..8,
            )
        ) {
            let name = parts.concat();
            if let Ok(safe) = safe_file_name(&name) {
                prop_assert!(!safe.contains(['/', '\\', '\0']));
                prop_assert!(safe != ".." && safe != "." && !safe.starts_with('.'));
            }
        }
    }
}
