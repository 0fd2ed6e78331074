//! Shapes a writer plainly meant, read so before the schema judges the document:
//! fields written beside a mapping instead of under it, key-result fields at the
//! objective's level, a period whose end comes before its start.

use serde_json::{Map, Value as Json};

use super::{KEY_RESULT_FIELDS, MAPPING_FIELDS, Reader};
use crate::finding::Target;
use crate::schema::Compiled;
use crate::yaml::node::{Node, Value};

/// `budget:` with nothing after it, and `planned:`, `spent:` written beside it instead
/// of under it: one mistake, one finding, read as meant.
pub(super) fn unindented_mappings(
    reader: &mut Reader,
    compiled: &'static Compiled,
    json: &mut Json,
) {
    // The document itself, then each key result (by index).
    let mut places: Vec<(Option<usize>, &Node)> = vec![(None, reader.root)];
    if let Some(Value::Seq(krs)) = reader.root.get("key_results").map(|n| &n.value) {
        places.extend(krs.iter().enumerate().map(|(i, kr)| (Some(i), kr)));
    }
    let mut found = Vec::new();
    for (index, node) in places {
        let Value::Map(entries) = &node.value else {
            continue;
        };
        // Almost every document has none: look at the schema (and spell the pointer)
        // only when one is there.
        if !entries.iter().any(|(k, v)| {
            MAPPING_FIELDS.contains(&k.name.as_str()) && matches!(v.value, Value::Null)
        }) {
            continue;
        }
        let pointer = index.map_or_else(String::new, |i| format!("/key_results/{i}"));
        let known_here = schema_properties(compiled, &pointer);
        for (i, (key, value)) in entries.iter().enumerate() {
            let name = key.name.as_str();
            if !MAPPING_FIELDS.contains(&name) || !matches!(value.value, Value::Null) {
                continue;
            }
            let inner = schema_properties(compiled, &format!("{pointer}/{name}"));
            let moved: Vec<&str> = entries[i + 1..]
                .iter()
                .map(|(k, _)| k.name.as_str())
                .take_while(|k| inner.iter().any(|p| p == k) && !known_here.iter().any(|p| p == k))
                .collect();
            if !moved.is_empty() {
                found.push((
                    pointer.clone(),
                    name.to_owned(),
                    moved.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>(),
                ));
            }
        }
    }
    for (pointer, name, moved) in found {
        let Some(Json::Object(map)) =
            json.pointer_mut(if pointer.is_empty() { "" } else { &pointer })
        else {
            continue;
        };
        let mut inner = Map::new();
        for key in &moved {
            if let Some(v) = map.remove(key) {
                inner.insert(key.clone(), v);
            }
        }
        map.insert(name.clone(), Json::Object(inner));
        let kr = reader.key_result_id(json, &pointer);
        let listed = words(&moved);
        reader.finding(
            &format!("{pointer}/{}", moved[0]),
            Target::Key,
            format!("the fields of `{name}` are not indented under it"),
            Some(format!(
                "indent {listed} by two more spaces, under `{name}:`"
            )),
            kr,
        );
    }
}

/// `baseline:`, `target:` written at the objective's level: they belong to a key result.
pub(super) fn key_result_fields_at_objective_level(reader: &mut Reader, json: &mut Json) {
    let Value::Map(entries) = &reader.root.value else {
        return;
    };
    let written: Vec<String> = entries
        .iter()
        .map(|(k, _)| k.name.to_string())
        .filter(|k| KEY_RESULT_FIELDS.contains(&k.as_str()))
        .collect();
    if written.is_empty() {
        return;
    }
    let Some(map) = json.as_object_mut() else {
        return;
    };
    let values: Vec<(String, Json)> = written
        .iter()
        .filter_map(|k| map.remove(k).map(|v| (k.clone(), v)))
        .collect();
    // The last key result that lacks all of them is the one they were meant for.
    let target = map
        .get_mut("key_results")
        .and_then(Json::as_array_mut)
        .and_then(|krs| {
            krs.iter_mut()
                .rev()
                .find(|kr| written.iter().all(|k| kr.get(k).is_none()) && kr.is_object())
        });
    let help = match target {
        Some(kr) => {
            let id = kr
                .get("id")
                .and_then(Json::as_str)
                .unwrap_or("its key result")
                .to_owned();
            if let Some(kr) = kr.as_object_mut() {
                kr.extend(values);
            }
            format!(
                "indent {} under the key result it measures (`{id}`?), in `key_results:`",
                words(&written)
            )
        }
        None => format!(
            "move {} into a key result: under `key_results:`, a `- id:` line, then the fields indented below it",
            words(&written)
        ),
    };
    reader.finding(
        &format!("/{}", written[0]),
        Target::Key,
        format!(
            "{} {} to a key result, not to the objective",
            words(&written),
            if written.len() == 1 {
                "belongs"
            } else {
                "belong"
            }
        ),
        Some(help),
        None,
    );
}

/// `{start: 2026-12-31, end: 2026-07-01}`: the period ends before it starts.
pub(super) fn reversed_period(reader: &mut Reader, json: &mut Json) {
    let Some(period) = json.get_mut("period").and_then(Json::as_object_mut) else {
        return;
    };
    let (Some(start), Some(end)) = (
        period
            .get("start")
            .and_then(Json::as_str)
            .and_then(|s| s.parse::<jiff::civil::Date>().ok()),
        period
            .get("end")
            .and_then(Json::as_str)
            .and_then(|s| s.parse::<jiff::civil::Date>().ok()),
    ) else {
        return;
    };
    if end >= start {
        return;
    }
    period.insert("start".to_owned(), Json::String(end.to_string()));
    period.insert("end".to_owned(), Json::String(start.to_string()));
    reader.finding(
        "/period/end",
        Target::Value,
        format!("`period` ends ({end}) before it starts ({start})"),
        Some("swap `start` and `end`: `start` is the first day, `end` the last".to_owned()),
        None,
    );
}

/// `a`, `` `a` and `b` ``, `` `a`, `b` and `c` ``.
fn words(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The property names the schema allows at `pointer` (through `$ref`s, list items and
/// `oneOf`/`anyOf` branches).
fn schema_properties(compiled: &'static Compiled, pointer: &str) -> Vec<String> {
    let root = &compiled.json;
    let resolve = |mut s: &'static Json| -> &'static Json {
        for _ in 0..8 {
            match s
                .get("$ref")
                .and_then(Json::as_str)
                .and_then(|r| r.strip_prefix('#'))
                .and_then(|r| root.pointer(r))
            {
                Some(next) => s = next,
                None => break,
            }
        }
        s
    };
    let mut node = resolve(root);
    for segment in pointer.split('/').skip(1) {
        let next = if segment.bytes().all(|b| b.is_ascii_digit()) {
            node.get("items")
        } else {
            node.get("properties").and_then(|p| p.get(segment))
        };
        match next {
            Some(n) => node = resolve(n),
            None => return Vec::new(),
        }
    }
    let mut names: Vec<String> = Vec::new();
    let mut stack = vec![node];
    while let Some(s) = stack.pop() {
        if let Some(props) = s.get("properties").and_then(Json::as_object) {
            names.extend(props.keys().cloned());
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(branches) = s.get(key).and_then(Json::as_array) {
                stack.extend(branches.iter().map(resolve));
            }
        }
    }
    names
}
