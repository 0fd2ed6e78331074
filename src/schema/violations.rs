//! From validator errors to violations a person can act on: which node, what is wrong,
//! and the property's own description as help.

use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

use super::Compiled;
use crate::finding::Target;

/// One way a document breaks its schema.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Violation {
    /// JSON pointer of the offending node in the document.
    pub pointer: String,
    /// Underline the key (a property that is wrong) or the value (a list item).
    pub target: Target,
    pub message: String,
    pub help: Option<String>,
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
                for name in unexpected {
                    let help = match closest(name, &known) {
                        Some(close) => {
                            format!("did you mean `{close}`? Unknown properties are not allowed")
                        }
                        None if known.is_empty() => {
                            "remove it: unknown properties are not allowed".to_owned()
                        }
                        None => format!("remove it, or use one of: {}", known.join(", ")),
                    };
                    out.push(Violation {
                        pointer: format!("{pointer}/{}", escape(name)),
                        target: Target::Key,
                        message: format!("unknown property `{name}`"),
                        help: Some(help),
                    });
                }
            }
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                let has_id = lookup(instance, &pointer)
                    .and_then(|v| v.get("id"))
                    .is_some();
                let help = describe(&schema.json, &format!("{pointer}/{}", escape(name)))
                    .map(|d| format!("add `{name}:` ({d})"))
                    .unwrap_or_else(|| format!("add `{name}:`"));
                out.push(Violation {
                    pointer: if has_id {
                        format!("{pointer}/id")
                    } else {
                        pointer.clone()
                    },
                    target: if has_id { Target::Key } else { Target::Value },
                    message: format!("missing required property `{name}`"),
                    help: Some(help),
                });
            }
            _ => {
                // One message per node: a date that fails both `pattern` and `format`
                // is one mistake.
                if out.iter().any(|v: &Violation| {
                    v.pointer == pointer
                        && !v.message.starts_with("missing")
                        && !v.message.starts_with("unknown property")
                }) {
                    continue;
                }
                let last_is_index = pointer
                    .rsplit('/')
                    .next()
                    .is_some_and(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()));
                out.push(Violation {
                    target: if pointer.is_empty() || last_is_index {
                        Target::Value
                    } else {
                        Target::Key
                    },
                    message: message(&error),
                    help: describe(&schema.json, &pointer),
                    pointer,
                });
            }
        }
    }
    out
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
        ValidationErrorKind::Enum { options } => {
            let allowed: Vec<String> = options
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            format!(
                "{} is not one of: {}",
                shown(error.instance()),
                allowed.join(", ")
            )
        }
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

/// The known name closest to `name`, when it is close enough to be a typo.
fn closest<'k>(name: &str, known: &'k [String]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (edit_distance(name, k), k))
        .filter(|(d, k)| *d <= 2.min(k.len() / 3 + 1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.as_str())
}

/// Edit distance where swapping two neighbours counts as one typo (`stauts`).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn project() -> &'static Compiled {
        crate::schema::for_kind("Project").expect("project")
    }

    #[test]
    fn unknown_property_is_a_key_with_a_suggestion() {
        let v = violations(
            project(),
            &json!({"kind": "Project", "id": "P-a", "title": "x", "stauts": "active"}),
        );
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].pointer, "/stauts");
        assert_eq!(v[0].target, Target::Key);
        assert!(
            v[0].help.as_deref().is_some_and(|h| h.contains("`status`")),
            "{v:?}"
        );
    }

    #[test]
    fn missing_title_points_at_the_id() {
        let v = violations(project(), &json!({"kind": "Project", "id": "P-a"}));
        assert_eq!(v[0].pointer, "/id");
        assert!(v[0].message.contains("`title`"));
    }

    #[test]
    fn nested_errors_keep_their_pointer_and_help() {
        let objective = crate::schema::for_kind("Objective").expect("objective");
        let v = violations(
            objective,
            &json!({"kind": "Objective", "id": "O-a", "title": "x", "key_results": [{"id": "KR-a", "title": "y", "confidence": "high"}]}),
        );
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].pointer, "/key_results/0/confidence");
        assert!(
            v[0].message.contains("expected a number"),
            "{}",
            v[0].message
        );
        assert!(v[0].help.is_some());
    }

    #[test]
    fn distance() {
        assert_eq!(edit_distance("stauts", "status"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
