//! Which kind a document is: its `kind:` as written, or else what its id or fields
//! plainly say, with a finding that asks for the fix.

use serde_json::Value as Json;

use super::Reader;
use crate::finding::Target;
use crate::format::suggest::closest;
use crate::model::EntityKind;
use crate::yaml::node::Node;

pub(super) fn kind_name(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Goal => "Goal",
        EntityKind::Objective => "Objective",
        EntityKind::Project => "Project",
        EntityKind::KeyResult => "KeyResult",
    }
}

/// The kind a document without a usable `kind` most likely is, from its id's prefix or
/// the fields only one kind has.
pub(super) fn guess_kind(json: &Json) -> Option<EntityKind> {
    let id = json.get("id").and_then(Json::as_str).unwrap_or_default();
    let prefix = id
        .split(['-', '_', '.'])
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    let by_prefix = match prefix.as_str() {
        "G" | "GOAL" => Some(EntityKind::Goal),
        "O" | "OBJ" | "OKR" => Some(EntityKind::Objective),
        "P" | "PRJ" | "PROJ" | "PROJECT" => Some(EntityKind::Project),
        _ => None,
    };
    let has = |keys: &[&str]| keys.iter().any(|k| json.get(*k).is_some());
    by_prefix.or_else(|| {
        if has(&["key_results", "supports", "period"]) {
            Some(EntityKind::Objective)
        } else if has(&[
            "contributes_to",
            "budget",
            "deliverables",
            "stage",
            "depends_on",
        ]) {
            Some(EntityKind::Project)
        } else if has(&["category", "parent"]) {
            Some(EntityKind::Goal)
        } else {
            None
        }
    })
}

/// The document's kind, read as meant where a slip is plain (`goal`, `Objectve`, a
/// missing `kind:` on a document that is clearly a goal).
pub(super) fn read_kind(reader: &mut Reader, json: &mut Json) -> Option<EntityKind> {
    const KINDS: [&str; 3] = ["Goal", "Objective", "Project"];
    let kind_node = reader.root.get("kind");
    let written = kind_node.and_then(Node::as_str);
    if let Some(kind) = written.and_then(EntityKind::from_kind) {
        return Some(kind);
    }
    let pointer = if kind_node.is_some() {
        "/kind"
    } else if reader.entity.is_some() {
        "/id"
    } else {
        ""
    };
    let meant = match written {
        Some(text) => closest(text, KINDS).and_then(EntityKind::from_kind),
        None if kind_node.is_none() => guess_kind(json),
        None => None,
    };
    let (message, help) = match (kind_node, meant) {
        (None, Some(kind)) => (
            "this document has no `kind`".to_owned(),
            format!(
                "this document looks like {}: add `kind: {}` as its first line",
                kind.a_noun(),
                kind_name(kind)
            ),
        ),
        (None, None) => (
            "this document has no `kind`".to_owned(),
            "add `kind: Goal`, `kind: Objective` or `kind: Project` as the first line of the document".to_owned(),
        ),
        (Some(node), Some(kind)) => (
            format!(
                "{} is not a kind: did you mean `{}`?",
                node.as_str().map_or_else(|| node.type_name().to_owned(), |s| format!("`{s}`")),
                kind_name(kind)
            ),
            format!("write `kind: {}` (kinds are capitalised: Goal, Objective, Project)", kind_name(kind)),
        ),
        (Some(node), None) => (
            format!(
                "{} is not a kind",
                node.as_str().map_or_else(|| node.type_name().to_owned(), |s| format!("`{s}`"))
            ),
            "a document's `kind` is one of: Goal, Objective, Project".to_owned(),
        ),
    };
    reader.finding(pointer, Target::Value, message, Some(help), None);
    if let (Some(kind), Some(map)) = (meant, json.as_object_mut()) {
        map.insert("kind".to_owned(), Json::String(kind_name(kind).to_owned()));
    }
    meant
}
