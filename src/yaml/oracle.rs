//! The oracle: serde-saphyr's own reading of a YAML text, through its deserializer with
//! the options the builder mirrors, and the reference for what each budget means. The
//! differential checks ([`super::fuzzing`]) hold the builder ([`super::build`]) equal to
//! it, trees, positions and refusals alike. Also where the tests find the fixtures.

use super::limits::{YamlError, YamlLimits};
use super::node::{Node, Pos};

/// The documents of `text` read through serde-saphyr's deserializer with the options the
/// builder mirrors.
pub(super) fn serde_documents(text: &str, limits: &YamlLimits) -> Result<Vec<Node>, YamlError> {
    use serde_saphyr::{DuplicateKeyPolicy, MergeKeyPolicy};
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: limits.max_depth,
            max_aliases: limits.max_aliases,
            flow_nesting_limit: limits.max_depth,
            alias_anchor_min_aliases: limits.max_aliases.min(100),
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: limits.max_aliases.saturating_mul(20),
            max_replay_stack_depth: limits.max_depth,
        },
        strict_booleans: true,
        reject_unsupported_tags: true,
        duplicate_keys: DuplicateKeyPolicy::Error,
        merge_keys: MergeKeyPolicy::Error,
        with_snippet: false,
    };
    serde_saphyr::from_multiple_with_options::<Node>(text, options).map_err(|error| YamlError {
        message: error.to_string(),
        pos: error.location().map(|location| Pos {
            line: u32::try_from(location.line()).unwrap_or(u32::MAX),
            column: u32::try_from(location.column()).unwrap_or(u32::MAX),
            offset: 0,
            len: 0,
        }),
    })
}

/// Every YAML file under `dir`, appended to `out`.
#[cfg(test)]
pub(super) fn yaml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

/// Every YAML file under `folder` of the repository.
#[cfg(test)]
pub(super) fn fixture_files(folder: &str) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    yaml_files(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder),
        &mut files,
    );
    files
}
