//! Where ids are written in a file: every declaration (a document's `id`, a key result's
//! `id`) and every reference (`supports`, `contributes_to`, `depends_on`,
//! `validated_by`, `parent`), with its byte span. Read from the YAML trees, not from the
//! model, so a document that fails its schema still takes part in navigation and
//! rename. Only the known places are visited: no recursion into hostile nesting.

use crate::model::EntityKind;
use crate::yaml::node::{Node, Value};

/// A field whose values are ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Supports,
    ContributesTo,
    DependsOn,
    ValidatedBy,
    Parent,
}

impl Field {
    pub(super) const ALL: [Field; 5] = [
        Field::Supports,
        Field::ContributesTo,
        Field::DependsOn,
        Field::ValidatedBy,
        Field::Parent,
    ];

    pub(super) fn key(self) -> &'static str {
        match self {
            Field::Supports => "supports",
            Field::ContributesTo => "contributes_to",
            Field::DependsOn => "depends_on",
            Field::ValidatedBy => "validated_by",
            Field::Parent => "parent",
        }
    }

    pub(super) fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The kinds of entity the field may name (as `unknown-reference` checks them).
    pub(super) fn allowed(self) -> &'static [EntityKind] {
        match self {
            Field::Supports | Field::Parent => &[EntityKind::Goal],
            Field::ContributesTo => &[EntityKind::KeyResult, EntityKind::Objective],
            Field::DependsOn | Field::ValidatedBy => &[EntityKind::Project],
        }
    }
}

/// What an occurrence of an id is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Declaration(EntityKind),
    Reference(Field),
}

/// One id written in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Occurrence {
    pub id: String,
    /// Byte span of the id itself (inside quotes, when quoted).
    pub start: usize,
    pub end: usize,
    pub role: Role,
    /// The document's index in its file.
    pub doc: usize,
}

/// Every id written in the documents `roots` of `text`, in document order.
pub(super) fn collect(text: &str, roots: &[Node]) -> Vec<Occurrence> {
    let mut out = Vec::new();
    for (doc, root) in roots.iter().enumerate() {
        let Value::Map(_) = &root.value else { continue };
        let kind = root
            .get("kind")
            .and_then(Node::as_str)
            .and_then(EntityKind::from_kind);
        let mut push = |node: &Node, role| {
            if let Some(o) = occurrence(text, node, role, doc) {
                out.push(o);
            }
        };
        if let (Some(kind), Some(id)) = (kind, root.get("id")) {
            push(id, Role::Declaration(kind));
        }
        if let Some(Value::Seq(items)) = root.get("key_results").map(|n| &n.value) {
            for item in items {
                if let Some(id) = item.get("id") {
                    push(id, Role::Declaration(EntityKind::KeyResult));
                }
            }
        }
        for field in Field::ALL {
            let Some(node) = root.get(field.key()) else {
                continue;
            };
            match &node.value {
                Value::Seq(items) => {
                    for item in items {
                        // `contributes_to` entries may be `{id: …, expected: …}`.
                        let target = match &item.value {
                            Value::Map(_) => item.get("id"),
                            _ => Some(item),
                        };
                        if let Some(target) = target {
                            push(target, Role::Reference(field));
                        }
                    }
                }
                _ => push(node, Role::Reference(field)),
            }
        }
    }
    out
}

/// The occurrence of the string `node`, with the span of its text: the token's own span
/// without quotes, found on the token's line.
fn occurrence(text: &str, node: &Node, role: Role, doc: usize) -> Option<Occurrence> {
    let id = node.as_str()?;
    if id.is_empty() {
        return None;
    }
    let from = node.pos.start().min(text.len());
    let line_end = text[from..].find('\n').map_or(text.len(), |i| from + i);
    let start = from + text.get(from..line_end)?.find(id)?;
    Some(Occurrence {
        id: id.to_owned(),
        start,
        end: start + id.len(),
        role,
        doc,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse::{YamlLimits, parse_documents};

    fn spans(text: &str) -> Vec<(String, &str, Role)> {
        let roots = parse_documents(text, &YamlLimits::default()).expect("yaml");
        collect(text, &roots)
            .into_iter()
            .map(|o| (o.id.clone(), &text[o.start..o.end], o.role))
            .collect()
    }

    #[test]
    fn declarations_and_references_with_their_spans() {
        let text = "kind: Objective\nid: O-a\nsupports: [G-a, \"G-b\"]\nkey_results:\n  - id: 'KR-a'\n    title: t\n---\nkind: Project\nid: P-a\ncontributes_to:\n  - KR-a\n  - {id: O-a, expected: 2}\ndepends_on: [P-b]\nvalidated_by: P-c\n";
        let found = spans(text);
        let expect = [
            ("O-a", Role::Declaration(EntityKind::Objective)),
            ("KR-a", Role::Declaration(EntityKind::KeyResult)),
            ("G-a", Role::Reference(Field::Supports)),
            ("G-b", Role::Reference(Field::Supports)),
            ("P-a", Role::Declaration(EntityKind::Project)),
            ("KR-a", Role::Reference(Field::ContributesTo)),
            ("O-a", Role::Reference(Field::ContributesTo)),
            ("P-b", Role::Reference(Field::DependsOn)),
            ("P-c", Role::Reference(Field::ValidatedBy)),
        ];
        assert_eq!(found.len(), expect.len(), "{found:?}");
        for ((id, span, role), (want, want_role)) in found.iter().zip(expect) {
            assert_eq!((id.as_str(), *span, *role), (want, want, want_role));
        }
    }

    #[test]
    fn odd_shapes_are_skipped_not_fatal() {
        let found = spans("- a\n---\nkind: Goal\nid: [x]\nparent: {a: b}\nsupports: 3\n");
        assert!(found.is_empty(), "{found:?}");
    }
}
