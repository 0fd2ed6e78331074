//! Entity ids: one namespace across kinds, safe to use as a file name.

use std::fmt;

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

/// An entity id as written in the plan. Held inline up to 24 bytes (nearly every id):
/// ids are copied into every index, measure and finding that names an entity, and a
/// copy is then no allocation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(pub CompactString);

impl Id {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

// Lookups by `&str` without building an `Id`: the derived `Hash`/`Eq` of the newtype
// are those of its string, as `Borrow` requires.
impl std::borrow::Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Id {
    fn from(s: &str) -> Self {
        Id(CompactString::new(s))
    }
}

impl From<String> for Id {
    fn from(s: String) -> Self {
        Id(CompactString::from(s))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error(
        "an id starts with a letter and holds only letters, digits, `_`, `.` and `-`, at most 64 characters"
    )]
    Shape,
    #[error(
        "`{0}` is a reserved device name on Windows and cannot be a file name of the report site"
    )]
    Reserved(String),
}

/// Names Windows refuses as file names, whatever the extension.
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Checks the shape of an id (`^[A-Za-z][A-Za-z0-9_.-]{0,63}$`) and refuses names that
/// cannot be files. Every id that passes maps to a plain file name in the output folder.
pub fn check_id(id: &str) -> Result<(), IdError> {
    let bytes = id.as_bytes();
    let shape_ok = !bytes.is_empty()
        && bytes.len() <= 64
        && bytes[0].is_ascii_alphabetic()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    if !shape_ok {
        return Err(IdError::Shape);
    }
    let stem = id.split('.').next().unwrap_or(id);
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(stem)) {
        return Err(IdError::Reserved(id.to_owned()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hostile_ids_are_refused() {
        for bad in [
            "../x",
            "/abs",
            "a/b",
            "..",
            "",
            "1abc",
            "a\0b",
            &"a".repeat(300),
            "é",
        ] {
            assert_eq!(check_id(bad), Err(IdError::Shape), "{bad:?}");
        }
        for reserved in ["CON", "con", "Nul.txt", "LPT1"] {
            assert!(
                matches!(check_id(reserved), Err(IdError::Reserved(_))),
                "{reserved}"
            );
        }
        for good in ["G-retention", "KR-repeat", "a", "P_1.2-x", "CONSOLE"] {
            assert_eq!(check_id(good), Ok(()), "{good}");
        }
    }

    proptest! {
        // P2: any id that passes is one plain path component inside the output folder.
        #[test]
        fn accepted_ids_are_plain_file_names(id in "\\PC{0,80}") {
            if check_id(&id).is_ok() {
                let path = std::path::Path::new("out").join(format!("{id}.html"));
                prop_assert_eq!(path.parent(), Some(std::path::Path::new("out")));
                prop_assert!(!id.contains(['/', '\\', '\0']));
                prop_assert!(id != "." && id != "..");
            }
        }
    }
}
