//! From validator errors to violations a person can act on: which node, what is wrong,
//! and the property's own description as help.

use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

use super::Compiled;
use super::fix::{Expect, Repair, fix};
use crate::finding::Target;
use crate::format::suggest::closest;

/// One way a document breaks its schema.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Violation {
    /// JSON pointer of the node a finding underlines.
    pub pointer: String,
    /// Underline the key (a property that should not be there) or the value.
    pub target: Target,
    pub message: String,
    pub help: Option<String>,
    /// How a reader goes on: what the writer meant, or what to leave out.
    pub repair: Mend,
}

/// How to go on after a violation, at the node it names.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Mend {
    /// At `node`: the value's own repair.
    Value { node: String, repair: Repair },
    /// The key at `node` is misspelt: read its value under `to`.
    Rename { node: String, to: String },
    /// The key at `node` is not allowed and nothing is guessed: leave it out.
    Unknown { node: String },
    /// The mapping at `node` lacks the property `name`.
    Missing { node: String, name: String },
}

/// Every violation of `instance` against `schema`, in the validator's order.
pub(crate) fn violations(schema: &Compiled, instance: &Value) -> Vec<Violation> {
    let mut out = Vec::new();
    // Most documents are valid: the boolean check is much cheaper than collecting errors.
    if schema.validator.is_valid(instance) {
        return out;
    }
    for error in schema.validator.iter_errors(instance) {
        let pointer = error.instance_path().as_str().to_owned();
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let known = properties_at(&schema.json, &pointer);
                let here = lookup(instance, &pointer);
                for name in unexpected {
                    let node = format!("{pointer}/{}", escape(name));
                    let free = |k: &&str| here.and_then(|h| h.get(*k)).is_none();
                    let close = closest(name, known.iter().map(String::as_str)).filter(free);
                    let (message, help, repair) = match close {
                        Some(close) => (
                            format!("unknown property `{name}`: did you mean `{close}`?"),
                            format!("rename `{name}` to `{close}`"),
                            Mend::Rename {
                                node: node.clone(),
                                to: close.to_owned(),
                            },
                        ),
                        None if known.is_empty() => (
                            format!("unknown property `{name}`"),
                            "remove it: unknown properties are not allowed".to_owned(),
                            Mend::Unknown { node: node.clone() },
                        ),
                        None => (
                            format!("unknown property `{name}`"),
                            format!("remove it, or use one of: {}", known.join(", ")),
                            Mend::Unknown { node: node.clone() },
                        ),
                    };
                    out.push(Violation {
                        pointer: node,
                        target: Target::Key,
                        message,
                        help: Some(help),
                        repair,
                    });
                }
            }
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                let has_id = lookup(instance, &pointer)
                    .and_then(|v| v.get("id"))
                    .is_some();
                let help = describe(&schema.json, &format!("{pointer}/{}", escape(name)))
                    .map(|d| format!("add `{name}:` ({})", lower_first(d.trim_end_matches('.'))))
                    .unwrap_or_else(|| format!("add `{name}:`"));
                out.push(Violation {
                    pointer: if has_id {
                        format!("{pointer}/id")
                    } else {
                        pointer.clone()
                    },
                    target: Target::Value,
                    message: format!("missing `{name}`"),
                    help: Some(help),
                    repair: Mend::Missing {
                        node: pointer,
                        name: name.to_owned(),
                    },
                });
            }
            _ => {
                // One message per node: a date that fails both `pattern` and `format`
                // is one mistake.
                if out.iter().any(|v: &Violation| {
                    v.pointer == pointer && matches!(v.repair, Mend::Value { .. })
                }) {
                    continue;
                }
                let found = lookup(instance, &pointer).unwrap_or(&Value::Null);
                let name = field_name(&pointer);
                let expect = expect_at(&schema.json, &pointer);
                let (message, help, repair) = match (&expect, error.kind()) {
                    (_, ValidationErrorKind::UniqueItems) => {
                        let mut seen = Vec::new();
                        if let Some(items) = found.as_array() {
                            for item in items {
                                if !seen.contains(item) {
                                    seen.push(item.clone());
                                }
                            }
                        }
                        (
                            format!("`{name}` names the same entry twice"),
                            "remove the repeated entry".to_owned(),
                            Repair::Replace(Value::Array(seen)),
                        )
                    }
                    (Some(expect), _) => {
                        let f = fix(expect, &name, found);
                        (f.message, f.help, f.repair)
                    }
                    (None, _) => (
                        message(&error),
                        describe(&schema.json, &pointer).unwrap_or_default(),
                        Repair::Drop,
                    ),
                };
                out.push(Violation {
                    target: Target::Value,
                    message,
                    help: (!help.is_empty()).then_some(help),
                    repair: Mend::Value {
                        node: pointer.clone(),
                        repair,
                    },
                    pointer,
                });
            }
        }
    }
    // A required property written with a slip is one mistake, told once: as the slip.
    let renamed: Vec<(String, String)> = out
        .iter()
        .filter_map(|v| match &v.repair {
            Mend::Rename { node, to } => {
                let parent = node.rsplit_once('/').map_or("", |(p, _)| p).to_owned();
                Some((parent, to.clone()))
            }
            _ => None,
        })
        .collect();
    out.retain(|v| match &v.repair {
        Mend::Missing { node, name } => !renamed.iter().any(|(p, to)| p == node && to == name),
        _ => true,
    });
    out
}

/// The field a pointer names: its last segment that is not a list index, or `value`.
fn field_name(pointer: &str) -> String {
    pointer
        .rsplit('/')
        .find(|s| !s.is_empty() && !s.bytes().all(|b| b.is_ascii_digit()))
        .map_or_else(|| "value".to_owned(), unescape)
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What the node at `pointer` expects, from its subschemas and its field's name.
fn expect_at(root: &Value, pointer: &str) -> Option<Expect> {
    let subs = schemas_at(root, pointer);
    let segments: Vec<&str> = pointer.split('/').skip(1).collect();
    let name = field_name(pointer);
    let last_is_index = segments
        .last()
        .is_some_and(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()));
    let parent = if last_is_index {
        segments.len().checked_sub(2).and_then(|i| segments.get(i))
    } else {
        segments.len().checked_sub(3).and_then(|i| segments.get(i))
    };
    let reference = match name.as_str() {
        "supports" | "depends_on" | "contributes_to" => last_is_index,
        "validated_by" | "parent" => segments.len() == 1,
        "id" => parent == Some(&"contributes_to"),
        _ => false,
    };
    if reference {
        return Some(Expect::Reference);
    }
    let has = |key: &str, value: &str| {
        subs.iter()
            .any(|s| s.get(key).and_then(Value::as_str) == Some(value))
    };
    if let Some(values) = subs
        .iter()
        .find_map(|s| s.get("enum").and_then(Value::as_array))
    {
        return Some(Expect::Enum(
            values
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect(),
        ));
    }
    Some(match name.as_str() {
        "period" => Expect::Period,
        "currency" => Expect::Currency,
        "confidence" => Expect::Confidence,
        "id" => Expect::Id,
        "url" => Expect::Url,
        _ if has("format", "date") => Expect::Date,
        _ if has("type", "number") || has("type", "integer") => Expect::Number {
            minimum: subs
                .iter()
                .find_map(|s| s.get("minimum").and_then(Value::as_f64)),
            above: subs
                .iter()
                .find_map(|s| s.get("exclusiveMinimum").and_then(Value::as_f64)),
        },
        _ if has("type", "boolean") => Expect::Bool,
        _ if has("type", "array") => Expect::List,
        _ if has("type", "object") => Expect::Mapping,
        _ if has("type", "string") => Expect::Text,
        _ => return None,
    })
}

fn message(error: &jsonschema::ValidationError<'_>) -> String {
    let shown = |v: &Value| {
        let mut text = v.to_string();
        if text.len() > 80 {
            let cut = (0..=77)
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(0);
            text.truncate(cut);
            text.push_str("...");
        }
        text
    };
    match error.kind() {
        ValidationErrorKind::OneOfNotValid { .. } | ValidationErrorKind::AnyOf { .. } => {
            format!("{} is none of the accepted forms", shown(error.instance()))
        }
        ValidationErrorKind::Type { kind } => {
            format!(
                "expected {}, found {}",
                type_words(kind),
                shown(error.instance())
            )
        }
        _ => error.to_string(),
    }
}

fn type_words(kind: &jsonschema::error::TypeKind) -> String {
    let text = format!("{kind:?}").to_lowercase();
    // `Single(Number)` / `Multiple(...)`: keep the type names only.
    let names: Vec<&str> = [
        "string", "number", "integer", "boolean", "object", "array", "null",
    ]
    .into_iter()
    .filter(|n| text.contains(n))
    .collect();
    let words: Vec<&str> = names
        .iter()
        .map(|n| match *n {
            "string" => "a string",
            "number" => "a number",
            "integer" => "an integer",
            "boolean" => "true or false",
            "object" => "a mapping",
            "array" => "a list",
            _ => "null",
        })
        .collect();
    if words.is_empty() {
        text
    } else {
        words.join(" or ")
    }
}

fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

fn lookup<'v>(value: &'v Value, pointer: &str) -> Option<&'v Value> {
    value.pointer(pointer)
}

/// The subschemas that describe the node at `pointer`, following local `$ref`s, array
/// items and `anyOf`/`oneOf` branches.
fn schemas_at<'s>(root: &'s Value, pointer: &str) -> Vec<&'s Value> {
    let mut current = vec![root];
    for segment in pointer.split('/').skip(1) {
        let segment = unescape(segment);
        let mut next = Vec::new();
        for schema in current.iter().flat_map(|s| expand(root, s)) {
            if let Some(p) = schema.get("properties").and_then(|p| p.get(&segment)) {
                next.push(p);
            } else if segment.bytes().all(|b| b.is_ascii_digit()) {
                if let Some(items) = schema.get("items") {
                    next.push(items);
                }
            }
        }
        current = next;
    }
    current.into_iter().flat_map(|s| expand(root, s)).collect()
}

/// A schema with its `$ref` resolved and its `anyOf`/`oneOf` branches spread out.
fn expand<'s>(root: &'s Value, schema: &'s Value) -> Vec<&'s Value> {
    let mut out = Vec::new();
    let mut stack = vec![(schema, 0)];
    while let Some((s, depth)) = stack.pop() {
        if depth > 16 {
            continue;
        }
        out.push(s);
        if let Some(target) = s
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        {
            if let Some(resolved) = root.pointer(target) {
                stack.push((resolved, depth + 1));
            }
        }
        for key in ["anyOf", "oneOf", "allOf"] {
            if let Some(branches) = s.get(key).and_then(Value::as_array) {
                stack.extend(branches.iter().map(|b| (b, depth + 1)));
            }
        }
    }
    out
}

/// The property names allowed at `pointer`.
fn properties_at(root: &Value, pointer: &str) -> Vec<String> {
    let mut names: Vec<String> = schemas_at(root, pointer)
        .into_iter()
        .filter_map(|s| s.get("properties").and_then(Value::as_object))
        .flat_map(|p| p.keys().cloned())
        .collect();
    names.dedup();
    names
}

/// The title and description of the property at `pointer`, as one line of help.
fn describe(root: &Value, pointer: &str) -> Option<String> {
    if pointer.is_empty() {
        return None;
    }
    schemas_at(root, pointer).into_iter().find_map(|s| {
        let description = s.get("description").and_then(Value::as_str)?;
        let first = description
            .split("\n\n")
            .next()
            .unwrap_or(description)
            .replace('\n', " ");
        Some(first.trim().to_owned())
    })
}

#[cfg(test)]
mod tests;
