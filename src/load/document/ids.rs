//! The ids a document declares and the ids its references name.

use serde_json::Value as Json;

use super::IdDecl;
use crate::load::damage::Damage;
use crate::model::{EntityKind, check_id};

/// The ids a reference field holds, as written.
pub(super) fn reference_ids(value: &Json) -> Vec<String> {
    match value {
        Json::String(s) => vec![s.clone()],
        Json::Array(items) => items.iter().flat_map(reference_ids).collect(),
        Json::Object(map) => map
            .get("id")
            .and_then(Json::as_str)
            .map(|s| vec![s.to_owned()])
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Every reference a document set aside wrote, kept for holding back.
pub(super) fn references(json: &Json, from: &str, damage: &mut Damage) {
    for field in [
        "supports",
        "contributes_to",
        "depends_on",
        "validated_by",
        "parent",
    ] {
        if let Some(value) = json.get(field) {
            for to in reference_ids(value) {
                damage.references.push((from.to_owned(), to));
            }
        }
    }
}

/// The document's own id and its key results' ids, when they are strings of a valid
/// shape. Ids of pieces set aside are still declared: a reference to them is not
/// unknown, and two of them may still collide.
pub(super) fn collect_ids(json: &Json, kind: EntityKind, doc: usize, decls: &mut Vec<IdDecl>) {
    let valid = |v: Option<&Json>| {
        v.and_then(Json::as_str)
            .filter(|id| {
                check_id(id).is_ok()
                    || matches!(check_id(id), Err(crate::model::IdError::Reserved(_)))
            })
            .map(str::to_owned)
    };
    let Some(id) = valid(json.get("id")) else {
        return;
    };
    decls.push(IdDecl {
        id: id.clone(),
        kind,
        doc,
        pointer: String::new(),
        parent: None,
    });
    if kind == EntityKind::Objective {
        if let Some(krs) = json.get("key_results").and_then(Json::as_array) {
            for (i, kr) in krs.iter().enumerate() {
                if let Some(kr_id) = valid(kr.get("id")) {
                    decls.push(IdDecl {
                        id: kr_id,
                        kind: EntityKind::KeyResult,
                        doc,
                        pointer: format!("/key_results/{i}"),
                        parent: Some(id.clone()),
                    });
                }
            }
        }
    }
}
