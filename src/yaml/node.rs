//! A YAML tree that remembers where every node, and every mapping key, was written.
//!
//! The builder ([`super::build`]) makes these trees from the parser's events and keeps
//! each key's position on the value it names ([`Node::key`]), so a finding can point at a
//! key as well as at a value. The [`Deserialize`] impl reads the same tree through
//! serde-saphyr's deserializer (`Spanned` values and keys): the differential tests and the
//! fuzz target hold the builder to it, and scalar resolution borrows it for the rare
//! numeric spellings. Nothing here knows about plans.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// Where a node starts in its source text: 1-based line and column (in characters),
/// byte offset and byte length of the token when known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
    /// Byte offset and length, kept in 32 bits: a file is read only under the loader's
    /// size budget, far below 4 GiB, and a plan holds millions of these (a smaller node
    /// is fewer pages touched).
    pub offset: u32,
    pub len: u32,
}

impl Pos {
    /// The byte offset where the node starts.
    pub fn start(self) -> usize {
        self.offset as usize
    }

    /// The byte length of the node's token.
    pub fn length(self) -> usize {
        self.len as usize
    }

    /// The byte offset just past the node's token.
    pub fn end(self) -> usize {
        self.start() + self.length()
    }

    /// A byte offset or length as stored: the loader's size budget keeps every file far
    /// below 4 GiB, so the clamp is never reached on a file that was read.
    pub fn narrow(bytes: usize) -> u32 {
        u32::try_from(bytes).unwrap_or(u32::MAX)
    }

    fn from_location(location: &serde_saphyr::Location) -> Self {
        let span = location.span();
        Pos {
            line: u32::try_from(location.line()).unwrap_or(u32::MAX),
            column: u32::try_from(location.column()).unwrap_or(u32::MAX),
            offset: span
                .byte_offset()
                .and_then(|o| u32::try_from(o).ok())
                .unwrap_or(0),
            len: span
                .byte_len()
                .and_then(|l| u32::try_from(l).ok())
                .unwrap_or(0),
        }
    }
}

/// One YAML node with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
    /// Where the key of the mapping entry this node is the value of was written, read
    /// through [`Node::key_pos`]; line 0 for a document or a list item. Not an
    /// `Option`: a plan holds millions of nodes, and this keeps each one 8 bytes
    /// smaller.
    pub key: Pos,
}

/// A mapping key: always text in a plan (YAML would allow more; we never need it).
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: compact_str::CompactString,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    /// Integers beyond `i64`, kept exact.
    UInt(u64),
    Float(f64),
    // Boxed slices rather than `String` and `Vec`: no spare capacity to carry, and a
    // value of 24 bytes instead of 32 (a plan holds millions of nodes; fewer pages
    // touched is less time).
    Str(Box<str>),
    Seq(Box<[Node]>),
    Map(Box<[(Key, Node)]>),
}

impl Node {
    /// Where the key of the entry whose value this node is was written; `None` for a
    /// document or a list item (then the node's own position is the best answer).
    pub fn key_pos(&self) -> Option<Pos> {
        (self.key.line > 0).then_some(self.key)
    }

    /// The value under `key` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, node)| node)
    }

    /// The key and value under `key` when this node is a mapping.
    pub fn entry(&self, key: &str) -> Option<(&Key, &Node)> {
        match &self.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.name == key)
                .map(|(k, v)| (k, v)),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A short name of the node's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) | Value::UInt(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Value>::deserialize(deserializer)?;
        Ok(Node {
            value: spanned.value,
            pos: Pos::from_location(&spanned.referenced),
            key: Pos::default(),
        })
    }
}

/// Key text: scalars of any type become their text, as in JSON.
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = KeyText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a scalar mapping key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyText, E> {
                Ok(KeyText(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<KeyText, E> {
                Ok(KeyText(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<KeyText, E> {
                Ok(KeyText("null".to_owned()))
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(match i64::try_from(v) {
            Ok(i) => Value::Int(i),
            Err(_) => Value::UInt(v),
        })
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        // Beyond 64 bits a plan number cannot mean anything exact: keep it as a float
        // so that the schema still sees a number.
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map_or(Value::Float(v as f64), |u| {
            i64::try_from(u).map_or(Value::UInt(u), Value::Int)
        }))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.into()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v.into_boxed_str()))
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Value, E> {
        Err(E::custom("binary values are not supported in plan files"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(node) = seq.next_element::<Node>()? {
            items.push(node);
        }
        Ok(Value::Seq(items.into_boxed_slice()))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1024));
        while let Some(key) = map.next_key::<Spanned<KeyText>>()? {
            let mut node = map.next_value::<Node>()?;
            node.key = Pos::from_location(&key.referenced);
            entries.push((
                Key {
                    name: key.value.0.into(),
                },
                node,
            ));
        }
        Ok(Value::Map(entries.into_boxed_slice()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<Node> {
        serde_saphyr::from_multiple::<Node>(text).expect("valid yaml")
    }

    #[test]
    fn keys_and_values_keep_their_positions() {
        let docs =
            parse("kind: Goal\nid: G-1\nlist: [a, {id: b}]\nnested:\n  - id: KR-1\n    x: 2.5\n");
        let root = &docs[0];
        let value = root.get("id").expect("id");
        let key_at = value.key_pos().expect("key found");
        assert_eq!((key_at.line, key_at.column), (2, 1));
        assert_eq!((value.pos.line, value.pos.column), (2, 5));
        assert_eq!(
            &"kind: Goal\nid: G-1\n"[value.pos.start()..value.pos.end()],
            "G-1"
        );
        let Value::Seq(list) = &root.get("list").expect("list").value else {
            panic!()
        };
        // A flow mapping starts at its brace.
        assert_eq!((list[1].pos.line, list[1].pos.column), (3, 11));
        let v = list[1].get("id").expect("id");
        let key_at = v.key_pos().expect("key found");
        assert_eq!((key_at.line, key_at.column), (3, 12));
        let Value::Seq(nested) = &root.get("nested").expect("nested").value else {
            panic!()
        };
        let v = nested[0].get("x").expect("x");
        let key_at = v.key_pos().expect("key found");
        assert_eq!((key_at.line, key_at.column), (6, 5));
        assert_eq!(v.value, Value::Float(2.5));
    }

    #[test]
    fn keys_are_found_across_comments_quotes_and_block_values() {
        let text = "a: 1\n\"title\": x\nkey_results: # the list\n  # first\n  - id: KR-1\nowner: 'id: trap'\nid: &anchor G-1\n";
        let docs = parse(text);
        let root = &docs[0];
        let at = |name: &str| {
            root.get(name)
                .expect("entry")
                .key_pos()
                .map(|p| (p.line, p.column, p.len))
        };
        assert_eq!(at("title"), Some((2, 1, 7)));
        assert_eq!(at("key_results"), Some((3, 1, 11)));
        assert_eq!(at("id"), Some((7, 1, 2)));
    }

    #[test]
    fn documents_are_split() {
        let docs = parse("---\nid: a\n---\nid: b\n");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].get("id").expect("id").pos.line, 4);
    }
}
