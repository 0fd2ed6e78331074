//! The budgets a file is read under, and the error a file that cannot be read gets.
//!
//! Both readers (the fast one and granit's), the builder and scalar resolution report
//! through [`YamlError`]; [`super::parse`] re-exports both types, where the rest of the
//! crate finds them. They live apart from it so that every module of `yaml` depends on
//! them and none on the module that chooses a reader.

use super::node::Pos;

/// Budgets for one file. The defaults suit hand-written plans with a wide margin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YamlLimits {
    /// Deepest nesting of lists and mappings.
    pub max_depth: usize,
    /// Most alias uses (`*name`) in one file.
    pub max_aliases: usize,
}

impl Default for YamlLimits {
    fn default() -> Self {
        YamlLimits {
            max_depth: 64,
            max_aliases: 1_000,
        }
    }
}

/// Why a file could not be read as YAML, with the position the parser reported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub(crate) struct YamlError {
    pub message: String,
    pub pos: Option<Pos>,
}

impl From<(String, Pos)> for YamlError {
    fn from((message, pos): (String, Pos)) -> Self {
        YamlError {
            message,
            pos: Some(pos),
        }
    }
}

/// What a file nested deeper than [`YamlLimits::max_depth`] is told, whichever of the
/// builder and granit's scanner notices first.
pub(super) fn depth_message(limits: &YamlLimits) -> String {
    format!(
        "nesting deeper than {} levels (limit `limits.max-depth` in bearing.yaml)",
        limits.max_depth
    )
}
