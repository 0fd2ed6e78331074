//! A hook for the differential fuzz target (`fuzz/`), and only for it: hidden from the
//! documentation and not part of the library's interface. It exists because the readers
//! it compares are private to `yaml`.
//!
//! [`differential`] reads one text every way the crate can and reports any difference:
//! the fast reader against granit, and the builder against serde-saphyr's own
//! deserialisation ([`super::oracle`]). The tests below run the same check on every
//! fixture and on chosen and generated texts.

use super::fast;
use super::granit;
use super::limits::{YamlError, YamlLimits};
use super::node::{Node, Value};
use super::oracle::serde_documents;
use super::parse::{parse_documents, stack_size_for};

/// Reads `text` with the default limits every way the crate can; `Err` says how two
/// readings differ:
///
/// - wherever the fast reader reads `text`, granit reads the same nodes with the same
///   positions, keys' included (the fast reader may always give up);
/// - where the builder (behind either reader) and serde-saphyr's deserializer both read
///   `text`, they read the same nodes with the same positions, and neither reads what
///   the other refuses, but for the keys [`same_reading`] explains.
///
/// It runs on a thread of its own, with the stack the crate gives a reader: a panic in
/// a reader is a panic here.
pub fn differential(text: &str) -> Result<(), String> {
    let text = text.to_owned();
    let limits = YamlLimits::default();
    let reader = std::thread::Builder::new()
        .stack_size(stack_size_for(&limits))
        .spawn(move || compare(&text, &limits))
        .map_err(|error| format!("no thread to read on: {error}"))?;
    match reader.join() {
        Ok(outcome) => outcome,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

fn compare(text: &str, limits: &YamlLimits) -> Result<(), String> {
    if let Some(fast) = fast::documents(text, limits) {
        let granit = granit::documents(text, limits);
        if granit.as_ref() != Ok(&fast) {
            return Err(format!(
                "the fast reader and granit differ\nfast:   {fast:?}\ngranit: {granit:?}"
            ));
        }
    }
    same_reading(
        &parse_documents(text, limits),
        &serde_documents(text, limits),
    )
}

/// The builder's reading and serde-saphyr's agree where they are comparable: the same
/// trees, positions included; or both refuse the text. Not compared:
///
/// - where both refuse a text, which of its problems each reports first (the builder
///   stops at the first event it refuses, serde-saphyr reads further on some texts);
/// - the builder refuses keys that read the same as text (`null` and an empty key,
///   `1` and `"1"`): a plan is JSON to the schema, where they would be one key.
///   serde-saphyr compares keys as YAML nodes and keeps both: there, its tree has two
///   keys of that name;
/// - the builder refuses local tags (`!int`, `!str`) and takes only the core schema's
///   (`!!int`); serde-saphyr reads a local tag named after a core one as that one.
fn same_reading(
    ours: &Result<Vec<Node>, YamlError>,
    theirs: &Result<Vec<Node>, YamlError>,
) -> Result<(), String> {
    let agree = match (ours, theirs) {
        (Ok(ours), Ok(theirs)) => ours == theirs,
        (Err(_), Err(_)) => true,
        (Err(ours), Ok(theirs)) => {
            (ours.message.starts_with("duplicate mapping key `")
                && theirs.iter().any(has_keys_named_alike))
                || refuses_a_local_core_tag(ours)
        }
        (Ok(_), Err(_)) => false,
    };
    if agree {
        Ok(())
    } else {
        Err(format!(
            "the builder and serde-saphyr differ\nbuilder:      {ours:?}\nserde-saphyr: {theirs:?}"
        ))
    }
}

/// The builder's refusal of a local tag named after a core-schema one (`!int`).
fn refuses_a_local_core_tag(error: &YamlError) -> bool {
    let tag = error
        .message
        .strip_prefix("unsupported tag `!")
        .and_then(|rest| rest.strip_suffix('`'));
    tag.is_some_and(|tag| {
        matches!(
            tag,
            "str" | "int" | "float" | "bool" | "null" | "seq" | "map" | "timestamp"
        )
    })
}

/// A mapping in `node` with two keys of the same name.
fn has_keys_named_alike(node: &Node) -> bool {
    match &node.value {
        Value::Map(entries) => {
            entries
                .iter()
                .enumerate()
                .any(|(i, (key, _))| entries[..i].iter().any(|(k, _)| k.name == key.name))
                || entries.iter().any(|(_, value)| has_keys_named_alike(value))
        }
        Value::Seq(items) => items.iter().any(has_keys_named_alike),
        _ => false,
    }
}

#[cfg(test)]
mod tests;
