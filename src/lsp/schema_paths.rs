//! What the JSON Schemas allow at a place of a document: the keys of a mapping, the
//! values of an enum, a property's title and description. The schemas are bearing's
//! own, embedded; only local `#/definitions/…` references are followed, to a bounded
//! depth.

use std::sync::OnceLock;

use serde_json::Value;

/// One step of a path into a document: a mapping key or an item of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Seg {
    Key(String),
    Item,
}

/// Which schema a document answers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DocSchema {
    Goal,
    Objective,
    Project,
    Config,
}

impl DocSchema {
    pub(super) fn from_kind(kind: &str) -> Option<DocSchema> {
        match kind {
            "Goal" => Some(DocSchema::Goal),
            "Objective" => Some(DocSchema::Objective),
            "Project" => Some(DocSchema::Project),
            _ => None,
        }
    }

    pub(super) fn root(self) -> &'static Value {
        static GOAL: OnceLock<Value> = OnceLock::new();
        static OBJECTIVE: OnceLock<Value> = OnceLock::new();
        static PROJECT: OnceLock<Value> = OnceLock::new();
        static CONFIG: OnceLock<Value> = OnceLock::new();
        let (cell, text) = match self {
            DocSchema::Goal => (&GOAL, crate::schema::GOAL),
            DocSchema::Objective => (&OBJECTIVE, crate::schema::OBJECTIVE),
            DocSchema::Project => (&PROJECT, crate::schema::PROJECT),
            DocSchema::Config => (&CONFIG, crate::schema::CONFIG),
        };
        cell.get_or_init(|| serde_json::from_str(text).unwrap_or(Value::Null))
    }
}

/// Deep enough for bearing's schemas; stops a reference loop.
const MAX_DEPTH: usize = 16;

/// The schemas that apply at `path` of a document answering to `root`: every branch of
/// `anyOf` / `oneOf` / `allOf`, references followed.
pub(super) fn at<'a>(root: &'a Value, path: &[Seg]) -> Vec<&'a Value> {
    let mut here = expand(root, root, 0);
    for seg in path {
        let mut next = Vec::new();
        for node in here {
            let child = match seg {
                Seg::Key(k) => node.get("properties").and_then(|p| p.get(k.as_str())),
                Seg::Item => node.get("items"),
            };
            if let Some(child) = child {
                next.extend(expand(root, child, 0));
            }
        }
        here = next;
    }
    here
}

/// A schema with its references followed and its alternatives spread out.
fn expand<'a>(root: &'a Value, node: &'a Value, depth: usize) -> Vec<&'a Value> {
    if depth > MAX_DEPTH {
        return Vec::new();
    }
    let node = match node.get("$ref").and_then(Value::as_str) {
        Some(reference) => match resolve(root, reference) {
            Some(target) => return expand(root, target, depth + 1),
            None => return Vec::new(),
        },
        None => node,
    };
    let mut out = vec![node];
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(branches)) = node.get(key) {
            for branch in branches {
                out.extend(expand(root, branch, depth + 1));
            }
        }
    }
    out
}

fn resolve<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    root.pointer(pointer)
}

/// The keys a mapping at this place may have, each with its schema, by name.
pub(super) fn properties<'a>(nodes: &[&'a Value]) -> Vec<(&'a str, &'a Value)> {
    let mut out: Vec<(&str, &Value)> = Vec::new();
    for node in nodes {
        if let Some(Value::Object(props)) = node.get("properties") {
            for (key, schema) in props {
                if !out.iter().any(|(k, _)| k == key) {
                    out.push((key.as_str(), schema));
                }
            }
        }
    }
    out
}

/// The values an enum, a constant or a boolean at this place may take, as YAML text.
pub(super) fn values(nodes: &[&Value]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |v: &Value| {
        let text = match v {
            Value::String(s) => s.clone(),
            Value::Bool(_) | Value::Number(_) => v.to_string(),
            _ => return,
        };
        if !out.contains(&text) {
            out.push(text);
        }
    };
    for node in nodes {
        if let Some(Value::Array(items)) = node.get("enum") {
            items.iter().for_each(&mut push);
        }
        if let Some(c) = node.get("const") {
            push(c);
        }
        if node.get("type").and_then(Value::as_str) == Some("boolean") {
            push(&Value::Bool(true));
            push(&Value::Bool(false));
        }
    }
    out
}

/// The keys a mapping at this place must have.
pub(super) fn required(nodes: &[&Value]) -> Vec<String> {
    nodes
        .iter()
        .filter_map(|n| n.get("required").and_then(Value::as_array))
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

/// A property's title and description, as Markdown.
pub(super) fn describe(nodes: &[&Value]) -> Option<String> {
    for node in nodes {
        let title = node.get("title").and_then(Value::as_str);
        let description = node.get("description").and_then(Value::as_str);
        match (title, description) {
            (Some(t), Some(d)) => return Some(format!("**{t}**\n\n{d}")),
            (None, Some(d)) => return Some(d.to_owned()),
            (Some(t), None) => return Some(format!("**{t}**")),
            (None, None) => {}
        }
    }
    None
}

/// Whether the value at this place is a mapping or a list, for what to insert after a
/// key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    Mapping,
    List,
    Scalar,
}

pub(super) fn shape(nodes: &[&Value]) -> Shape {
    let types: Vec<&str> = nodes
        .iter()
        .filter_map(|n| n.get("type").and_then(Value::as_str))
        .collect();
    if types.contains(&"array") && !types.contains(&"string") {
        Shape::List
    } else if types.contains(&"object") && !types.contains(&"string") {
        Shape::Mapping
    } else {
        Shape::Scalar
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Seg {
        Seg::Key(k.to_owned())
    }

    #[test]
    fn keys_values_and_descriptions_come_from_the_schemas() {
        let project = DocSchema::Project.root();
        let top = at(project, &[]);
        let keys: Vec<&str> = properties(&top).into_iter().map(|(k, _)| k).collect();
        for want in ["kind", "id", "title", "status", "contributes_to", "budget"] {
            assert!(keys.contains(&want), "{want} in {keys:?}");
        }
        let status = at(project, &[key("status")]);
        assert_eq!(
            values(&status),
            ["proposed", "active", "paused", "done", "cancelled"]
        );
        assert!(describe(&status).is_some_and(|d| d.contains("Status")));
        // Through `items`, `anyOf` and a reference.
        let contribution = at(project, &[key("contributes_to"), Seg::Item]);
        let keys: Vec<&str> = properties(&contribution)
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys, ["expected", "id"]);
        let objective = DocSchema::Objective.root();
        let kr = at(objective, &[key("key_results"), Seg::Item]);
        assert!(properties(&kr).iter().any(|(k, _)| *k == "baseline"));
        assert_eq!(shape(&at(objective, &[key("key_results")])), Shape::List);
        let config = DocSchema::Config.root();
        let level = at(config, &[key("rules"), key("orphan-project")]);
        assert!(
            values(&level).contains(&"warning".to_owned()),
            "{:?}",
            values(&level)
        );
        assert!(at(project, &[key("nothing"), Seg::Item]).is_empty());
    }
}
