//! Going on after a schema violation: each broken field read as meant or left out,
//! the smallest piece set aside, in a stable order.

use std::collections::BTreeSet;

use serde_json::Value as Json;

use super::Reader;
use super::ids::reference_ids;
use crate::schema::Mend;
use crate::schema::fix::Repair;

/// The index of the key result a pointer is inside: `/key_results/2/target` → 2.
pub(super) fn key_result_index(pointer: &str) -> Option<usize> {
    pointer
        .strip_prefix("/key_results/")?
        .split('/')
        .next()?
        .parse()
        .ok()
}

/// Whether a pointer is inside one of the key results set aside.
pub(super) fn under(pointer: &str, dropped: &BTreeSet<usize>) -> bool {
    key_result_index(pointer).is_some_and(|i| dropped.contains(&i))
}

/// Applies the repairs of one round. Returns whether the whole document must be set
/// aside. On later rounds (`strict`), a guess that did not take is left out instead.
pub(super) fn mend(
    reader: &mut Reader,
    json: &mut Json,
    violations: &[crate::schema::Violation],
    dropped_krs: &mut BTreeSet<usize>,
    strict: bool,
) -> bool {
    let mut removals: Vec<String> = Vec::new();
    let mut whole = false;
    for v in violations {
        match &v.repair {
            Mend::Rename { node, to } => {
                let (parent, key) = split_pointer(node);
                if let Some(Json::Object(map)) = json.pointer_mut(&parent) {
                    if let Some(value) = map.remove(&key) {
                        if strict || map.contains_key(to) {
                            continue;
                        }
                        map.insert(to.clone(), value);
                    }
                }
            }
            Mend::Unknown { node } => removals.push(node.clone()),
            Mend::Missing { node, name } => {
                let in_kr = key_result_index(node);
                let is_kr = in_kr.is_some() && node.matches('/').count() == 2;
                match name.as_str() {
                    "id" if node.is_empty() => whole = true,
                    "id" if is_kr => {
                        dropped_krs.insert(in_kr.unwrap_or_default());
                    }
                    "title" => {
                        if let Some(Json::Object(map)) = json.pointer_mut(node) {
                            map.insert("title".to_owned(), Json::String(String::new()));
                        }
                    }
                    _ => removals.push(smallest_removal(node)),
                }
            }
            Mend::Value { node, repair } => {
                let repair = match repair {
                    Repair::Replace(_) if strict => &Repair::Drop,
                    other => other,
                };
                match repair {
                    Repair::Keep => {}
                    Repair::Replace(value) => {
                        if let Some(slot) = json.pointer_mut(node) {
                            *slot = value.clone();
                        }
                    }
                    Repair::Drop => {
                        if node.is_empty() || node == "/id" || node == "/kind" {
                            whole = true;
                        } else if let Some(index) = key_result_index(node)
                            .filter(|_| node.matches('/').count() == 2 || node.ends_with("/id"))
                        {
                            dropped_krs.insert(index);
                        } else {
                            removals.push(smallest_removal(node));
                        }
                    }
                }
            }
        }
    }
    // Later items first, so that earlier pointers still name their nodes.
    removals.sort_by(|a, b| compare_pointers(b, a));
    removals.dedup();
    for node in removals {
        let (parent, key) = split_pointer(&node);
        let entity = match key_result_index(&node) {
            Some(_) => reader.key_result_id(json, &node),
            None => reader.entity.clone(),
        };
        let field = node
            .split('/')
            .nth(if key_result_index(&node).is_some() {
                3
            } else {
                1
            })
            .unwrap_or_default()
            .to_owned();
        match json.pointer_mut(&parent) {
            Some(Json::Object(map)) => {
                if let Some(value) = map.remove(&key) {
                    lost(reader, entity.as_deref(), &field, &value);
                }
            }
            Some(Json::Array(items)) => {
                if let Ok(i) = key.parse::<usize>() {
                    if i < items.len() {
                        let value = items.remove(i);
                        lost(reader, entity.as_deref(), &field, &value);
                    }
                }
            }
            _ => {}
        }
    }
    whole
}

/// Records a field left out of an entity, with the references it held.
fn lost(reader: &mut Reader, entity: Option<&str>, field: &str, value: &Json) {
    let damage = &mut reader.out.damage;
    match entity {
        Some(id) => {
            damage.field(id, field);
            if matches!(
                field,
                "supports" | "contributes_to" | "depends_on" | "validated_by" | "parent"
            ) {
                for to in reference_ids(value) {
                    damage.references.push((id.to_owned(), to));
                }
            }
        }
        None => damage.unknown_references = true,
    }
}

/// What to leave out for a node that cannot be read: a whole check-in or link (half of
/// one means nothing), a whole period, else the node itself.
fn smallest_removal(node: &str) -> String {
    let segments: Vec<&str> = node.split('/').collect();
    for whole_item in ["checkins", "links"] {
        if let Some(at) = segments.iter().position(|s| *s == whole_item) {
            if segments.len() > at + 1 {
                return segments[..=at + 1].join("/");
            }
        }
    }
    if let Some(at) = segments.iter().position(|s| *s == "period") {
        return segments[..=at].join("/");
    }
    node.to_owned()
}

fn split_pointer(pointer: &str) -> (String, String) {
    match pointer.rfind('/') {
        Some(i) => (
            pointer[..i].to_owned(),
            pointer[i + 1..].replace("~1", "/").replace("~0", "~"),
        ),
        None => (String::new(), pointer.to_owned()),
    }
}

/// Pointers in document order, list indices compared as numbers.
fn compare_pointers(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |p: &str| -> Vec<(u8, usize, String)> {
        p.split('/')
            .map(|s| match s.parse::<usize>() {
                Ok(n) => (0, n, String::new()),
                Err(_) => (1, 0, s.to_owned()),
            })
            .collect()
    };
    key(a).cmp(&key(b))
}
