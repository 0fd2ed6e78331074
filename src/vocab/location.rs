//! Where a finding is: file, line and column, resolved from the YAML tree by the loader.

use serde::Serialize;

/// A resolved position, 1-based, with the byte span underlined in human output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    #[serde(skip)]
    pub offset: usize,
    #[serde(skip)]
    pub len: usize,
    /// Index of the file in the plan's list of source files.
    #[serde(skip)]
    pub file_index: usize,
}
