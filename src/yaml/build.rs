//! YAML events to [`Node`] trees, enforcing on the way everything a plan needs.
//!
//! Both readers feed this builder the same events: granit's parser (serde-saphyr's, in
//! [`super::granit`]) and the fast reader for plain block YAML ([`super::fast`]). It
//! turns them into nodes with their positions, keeps each mapping key's position on the
//! value it names, and enforces nesting depth, alias count and alias expansion budgets
//! (docs/threat-model.md Y1–Y4), duplicate keys, no merge keys, only the core-schema tags and strict
//! booleans. Going through serde's visitor protocol instead (`Spanned<T>` for every node)
//! cost about two thirds of the whole parse on the bench workload; reading the events
//! directly keeps the same answers at a third of the time.
//!
//! The builder knows nothing of where its events come from: which reader runs is
//! [`super::parse`]'s choice.

use std::collections::{HashMap, HashSet};

use compact_str::CompactString;

use serde_saphyr::granit_parser::{Event, ScalarStyle, Tag};

use super::limits::{YamlError, YamlLimits, depth_message};
use super::node::{Key, Node, Pos, Value};
use super::scalar::{is_non_specific, plain_word, scalar_value, tag_text, value_key_text};

mod aliases;

/// Maps with more entries than this check duplicates with a set instead of a scan.
const LINEAR_KEY_CHECK: usize = 16;

/// What a finished node would cost to repeat through an alias.
#[derive(Debug, Clone, Copy, Default)]
struct Size {
    /// Nested collections inside and including the node (0 for a scalar).
    height: usize,
    /// Nodes, mapping keys included.
    nodes: usize,
    /// Bytes of text: scalars and mapping keys.
    bytes: usize,
}

impl Size {
    fn scalar(text: &str) -> Size {
        Size {
            height: 0,
            nodes: 1,
            bytes: text.len(),
        }
    }

    fn add(&mut self, child: Size) {
        self.height = self.height.max(child.height);
        self.nodes = self.nodes.saturating_add(child.nodes);
        self.bytes = self.bytes.saturating_add(child.bytes);
    }
}

/// A collection being filled.
struct Frame {
    pos: Pos,
    anchor: usize,
    kind: FrameKind,
    /// The children so far.
    size: Size,
}

/// The children of an open collection wait in the builder's scratch lists from `start`
/// on (the innermost collection's are always last), and go to a slice of their own, of
/// exactly their number, when it ends: no list per collection grown and copied as it
/// fills, then copied again to fit.
enum FrameKind {
    Seq {
        start: usize,
    },
    Map {
        start: usize,
        /// The key read and where it was written, waiting for its value.
        key: Option<(Key, Pos)>,
        /// Key names, once the map is too large for a linear duplicate check.
        names: Option<HashSet<CompactString>>,
    },
}

/// An anchored node, kept for its aliases unless keeping it would exceed the budget.
struct Anchored {
    node: Option<Node>,
    size: Size,
}

pub(super) struct Builder<'l> {
    limits: &'l YamlLimits,
    stack: Vec<Frame>,
    /// The items of the open sequences, and the entries of the open mappings.
    items: Vec<Node>,
    entries: Vec<(Key, Node)>,
    documents: Vec<Node>,
    /// Anchored nodes of the current document, by the parser's anchor id.
    anchors: HashMap<usize, Anchored>,
    aliases: usize,
    /// Nodes and bytes copied so far, for aliases and for the anchors kept for them.
    copied: Size,
    /// The most bytes aliases may copy: four times the file, at least 1 MiB.
    byte_budget: usize,
}

impl<'l> Builder<'l> {
    pub(super) fn new(limits: &'l YamlLimits, text_len: usize) -> Self {
        Builder {
            limits,
            stack: Vec::new(),
            items: Vec::new(),
            entries: Vec::new(),
            documents: Vec::new(),
            anchors: HashMap::new(),
            aliases: 0,
            copied: Size::default(),
            byte_budget: text_len.saturating_mul(4).max(1 << 20),
        }
    }

    /// The most nodes aliases (and the anchors kept for them) may copy.
    fn node_budget(&self) -> usize {
        self.limits.max_aliases.saturating_mul(20)
    }

    fn within_budget(&self, extra: Size) -> bool {
        self.copied.nodes.saturating_add(extra.nodes) <= self.node_budget()
            && self.copied.bytes.saturating_add(extra.bytes) <= self.byte_budget
    }

    /// The documents built so far: all of them once the last event is in.
    pub(super) fn finish(self) -> Vec<Node> {
        self.documents
    }

    /// One event of the parse, and where its node was written: for a scalar the scalar
    /// (quotes included), for a collection its first character, for an alias the alias.
    /// The ends of collections and documents, and the other events, build no node: their
    /// `pos` is not read.
    pub(super) fn event(&mut self, event: Event<'_>, pos: Pos) -> Result<(), YamlError> {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let size = Size::scalar(&text);
                if self.expects_key() {
                    let tag = tag.as_deref();
                    if style == ScalarStyle::Plain && tag.is_none() && text == "<<" {
                        return Err(merge_key(pos));
                    }
                    let name = match plain_word(&text, style, tag) {
                        Some(name) => name,
                        None => {
                            let value = scalar_value(text.to_string(), style, tag)
                                .map_err(|message| YamlError::from((message, pos)))?;
                            let name = value_key_text(&value).ok_or_else(|| not_a_key(pos))?;
                            if anchor != 0 {
                                let node = Node {
                                    value,
                                    pos,
                                    key: Pos::default(),
                                };
                                self.keep_anchor(anchor, &node, size);
                            }
                            return self.set_key(name, pos, size);
                        }
                    };
                    if anchor != 0 {
                        let node = Node {
                            value: Value::Str(name.as_str().into()),
                            pos,
                            key: Pos::default(),
                        };
                        self.keep_anchor(anchor, &node, size);
                    }
                    return self.set_key(name, pos, size);
                }
                let value = scalar_value(text.into_owned(), style, tag.as_deref())
                    .map_err(|message| YamlError::from((message, pos)))?;
                self.complete(
                    Node {
                        value,
                        pos,
                        key: Pos::default(),
                    },
                    anchor,
                    size,
                )
            }
            Event::SequenceStart(_, anchor, tag) => {
                refuse_collection_tag(tag.as_deref(), "seq", pos)?;
                let kind = FrameKind::Seq {
                    start: self.items.len(),
                };
                self.open(pos, anchor, kind)
            }
            Event::MappingStart(_, anchor, tag) => {
                refuse_collection_tag(tag.as_deref(), "map", pos)?;
                let kind = FrameKind::Map {
                    start: self.entries.len(),
                    key: None,
                    names: None,
                };
                self.open(pos, anchor, kind)
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Ok(());
                };
                let value = match frame.kind {
                    FrameKind::Seq { start } => Value::Seq(self.items.drain(start..).collect()),
                    FrameKind::Map { start, .. } => {
                        Value::Map(self.entries.drain(start..).collect())
                    }
                };
                let size = Size {
                    height: frame.size.height + 1,
                    nodes: frame.size.nodes.saturating_add(1),
                    bytes: frame.size.bytes,
                };
                let node = Node {
                    value,
                    pos: frame.pos,
                    key: Pos::default(),
                };
                self.complete(node, frame.anchor, size)
            }
            Event::Alias(id) => self.alias(id, pos),
            Event::DocumentEnd => {
                self.anchors.clear();
                Ok(())
            }
            // Stream and document starts, comments: nothing to build.
            _ => Ok(()),
        }
    }

    fn expects_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                kind: FrameKind::Map { key: None, .. },
                ..
            })
        )
    }

    fn open(&mut self, pos: Pos, anchor: usize, kind: FrameKind) -> Result<(), YamlError> {
        if self.expects_key() {
            return Err(YamlError::from((
                "a mapping key must be a scalar (text or number), not a list or mapping".to_owned(),
                pos,
            )));
        }
        if self.stack.len() >= self.limits.max_depth {
            return Err(YamlError::from((depth_message(self.limits), pos)));
        }
        self.stack.push(Frame {
            pos,
            anchor,
            kind,
            size: Size::default(),
        });
        Ok(())
    }

    /// A finished node (with no key yet) goes to its parent, or becomes a document. An
    /// anchor keeps it before it gets its key here: an alias to it is the value of
    /// another key, or of none.
    fn complete(&mut self, mut node: Node, anchor: usize, size: Size) -> Result<(), YamlError> {
        if anchor != 0 {
            self.keep_anchor(anchor, &node, size);
        }
        let Some(parent) = self.stack.last_mut() else {
            // Null documents (empty, `~`, `null`) are not part of the plan.
            if node.value != Value::Null {
                self.documents.push(node);
            }
            return Ok(());
        };
        parent.size.add(size);
        match &mut parent.kind {
            FrameKind::Seq { .. } => self.items.push(node),
            FrameKind::Map { key, .. } => match key.take() {
                Some((key, key_pos)) => {
                    node.key = key_pos;
                    self.entries.push((key, node));
                }
                // Scalars and aliases in a key's place go to `set_key`, and `open` refuses
                // a collection there: no event sequence gets here. Were one to, the node
                // is a key that is not a scalar.
                None => return Err(not_a_key(node.pos)),
            },
        }
        Ok(())
    }

    /// The key of the next entry of the innermost mapping.
    fn set_key(&mut self, name: CompactString, pos: Pos, size: Size) -> Result<(), YamlError> {
        let Some(Frame {
            kind: FrameKind::Map {
                start, key, names, ..
            },
            size: frame_size,
            ..
        }) = self.stack.last_mut()
        else {
            // Called only where `expects_key` holds; were it not, a key is out of place.
            return Err(YamlError::from((
                "a mapping key where no mapping expects one".to_owned(),
                pos,
            )));
        };
        if is_duplicate(&self.entries[*start..], names, &name) {
            return Err(YamlError::from((
                format!("duplicate mapping key `{name}`"),
                pos,
            )));
        }
        frame_size.add(Size { height: 0, ..size });
        *key = Some((Key { name }, pos));
        Ok(())
    }
}

fn refuse_collection_tag(tag: Option<&Tag>, expected: &str, pos: Pos) -> Result<(), YamlError> {
    match tag {
        None => Ok(()),
        Some(tag) if is_non_specific(tag) || tag.core_suffix() == Some(expected) => Ok(()),
        Some(tag) => Err(YamlError::from((
            format!("unsupported tag `{}`", tag_text(tag)),
            pos,
        ))),
    }
}

fn merge_key(pos: Pos) -> YamlError {
    YamlError::from((
        "merge keys (`<<`) are not supported: write the entries out".to_owned(),
        pos,
    ))
}

fn not_a_key(pos: Pos) -> YamlError {
    YamlError::from((
        "a mapping key must be a scalar (text or number), not a list or mapping".to_owned(),
        pos,
    ))
}

fn is_duplicate(
    entries: &[(Key, Node)],
    names: &mut Option<HashSet<CompactString>>,
    name: &CompactString,
) -> bool {
    if entries.len() < LINEAR_KEY_CHECK {
        return entries.iter().any(|(key, _)| key.name == name);
    }
    let names = names.get_or_insert_with(|| entries.iter().map(|(k, _)| k.name.clone()).collect());
    !names.insert(name.clone())
}
