//! YAML text to [`Node`] trees, straight from the parser's events.
//!
//! serde-saphyr's parser (granit) scans the text; this builder turns its events into
//! nodes and enforces everything a plan needs on the way: nesting depth, alias count and
//! alias expansion budgets (THREATS.md Y1–Y4), duplicate keys, no merge keys, only the
//! core-schema tags, strict booleans. Going through serde's visitor protocol instead
//! (`Spanned<T>` for every node) cost about two thirds of the whole parse on the bench
//! workload; reading the events directly keeps the same answers at a third of the time.

use std::collections::{HashMap, HashSet};

use compact_str::CompactString;

use serde_saphyr::granit_parser::{
    Event, Marker, Options, Parser, ScalarStyle, ScanError, Span, Tag,
};

use super::node::{Key, Node, Pos, Value};
use super::parse::{YamlError, YamlLimits};
use super::scalar::{is_non_specific, plain_word, scalar_value, tag_text, value_key_text};

/// Maps with more entries than this check duplicates with a set instead of a scan.
const LINEAR_KEY_CHECK: usize = 16;

/// Every non-null document of `text`, in order.
pub(super) fn build_documents(text: &str, limits: &YamlLimits) -> Result<Vec<Node>, YamlError> {
    // Plain block YAML, nearly every plan file, is read without granit's scanner; the
    // rest, and every error, is read by granit.
    if let Some(documents) = super::fast::documents(text, limits) {
        return Ok(documents);
    }
    build_with_granit(text, limits)
}

/// Every non-null document of `text`, read by granit: any YAML, and its errors.
pub(super) fn build_with_granit(text: &str, limits: &YamlLimits) -> Result<Vec<Node>, YamlError> {
    let mut builder = Builder::new(limits, text.len());
    let mut options = Options::default();
    // The scanner's own nesting guard, one level beyond ours so ours speaks first.
    options.flow_nesting_limit = limits.max_depth.saturating_add(1);
    options.block_nesting_limit = limits.max_depth.saturating_add(1);
    for item in Parser::new_from_str_with_options(text, options) {
        let (event, span) = item.map_err(|error| scan_error(&error, limits))?;
        builder.event(event, &span)?;
    }
    Ok(builder.documents)
}

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

enum FrameKind {
    Seq(Vec<Node>),
    Map {
        entries: Vec<(Key, Node)>,
        /// The key read, waiting for its value.
        key: Option<Key>,
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

    pub(super) fn event(&mut self, event: Event<'_>, span: &Span) -> Result<(), YamlError> {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let pos = pos_of(span);
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
                                self.keep_anchor(anchor, &Node { value, pos }, size);
                            }
                            return self.set_key(name, pos, size);
                        }
                    };
                    if anchor != 0 {
                        let node = Node {
                            value: Value::Str(name.to_string()),
                            pos,
                        };
                        self.keep_anchor(anchor, &node, size);
                    }
                    return self.set_key(name, pos, size);
                }
                let value = scalar_value(text.into_owned(), style, tag.as_deref())
                    .map_err(|message| YamlError::from((message, pos)))?;
                self.complete(Node { value, pos }, anchor, size)
            }
            Event::SequenceStart(_, anchor, tag) => {
                let pos = pos_of(span);
                refuse_collection_tag(tag.as_deref(), "seq", pos)?;
                self.open(pos, anchor, FrameKind::Seq(Vec::new()))
            }
            Event::MappingStart(_, anchor, tag) => {
                let pos = pos_of(span);
                refuse_collection_tag(tag.as_deref(), "map", pos)?;
                let kind = FrameKind::Map {
                    entries: Vec::new(),
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
                    FrameKind::Seq(items) => Value::Seq(items),
                    FrameKind::Map { entries, .. } => Value::Map(entries),
                };
                let size = Size {
                    height: frame.size.height + 1,
                    nodes: frame.size.nodes.saturating_add(1),
                    bytes: frame.size.bytes,
                };
                let node = Node {
                    value,
                    pos: frame.pos,
                };
                self.complete(node, frame.anchor, size)
            }
            Event::Alias(id) => self.alias(id, pos_of(span)),
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

    /// Keeps a copy of an anchored node for its aliases, charged to the alias budget;
    /// a node too large for what is left is not kept, and an alias to it is refused.
    fn keep_anchor(&mut self, anchor: usize, node: &Node, size: Size) {
        let node = self.within_budget(size).then(|| {
            self.copied.add(Size { height: 0, ..size });
            node.clone()
        });
        self.anchors.insert(anchor, Anchored { node, size });
    }

    fn alias(&mut self, id: usize, pos: Pos) -> Result<(), YamlError> {
        self.aliases += 1;
        if self.aliases > self.limits.max_aliases {
            return Err(YamlError::from((
                format!(
                    "aliases exceed the alias budget: more than {} in one file (limit `limits.max-aliases` in bearing.yaml)",
                    self.limits.max_aliases
                ),
                pos,
            )));
        }
        let Some(target) = self.anchors.get(&id) else {
            return Err(YamlError::from((
                "an alias refers to the node that contains it (a recursive alias)".to_owned(),
                pos,
            )));
        };
        let size = target.size;
        if self.stack.len().saturating_add(size.height) > self.limits.max_depth {
            return Err(YamlError::from((depth_message(self.limits), pos)));
        }
        let (Some(target), true) = (&target.node, self.within_budget(size)) else {
            return Err(YamlError::from((
                format!(
                    "aliases expand beyond the alias budget of {} nodes or {} bytes (limit `limits.max-aliases` in bearing.yaml)",
                    self.node_budget(),
                    self.byte_budget
                ),
                pos,
            )));
        };
        let mut node = target.clone();
        self.copied.add(Size { height: 0, ..size });
        // A replayed node is reported where the alias was written.
        move_to(&mut node, pos);
        if self.expects_key() {
            let name = value_key_text(&node.value).ok_or_else(|| not_a_key(pos))?;
            if name == "<<" {
                return Err(merge_key(pos));
            }
            return self.set_key(name, pos, size);
        }
        self.complete(node, 0, size)
    }

    /// A finished node goes to its parent, or becomes a document.
    fn complete(&mut self, node: Node, anchor: usize, size: Size) -> Result<(), YamlError> {
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
            FrameKind::Seq(items) => items.push(node),
            FrameKind::Map { entries, key, .. } => match key.take() {
                Some(key) => entries.push((key, node)),
                None => unreachable!("keys are read by `set_key`, never completed as nodes"),
            },
        }
        Ok(())
    }

    /// The key of the next entry of the innermost mapping.
    fn set_key(&mut self, name: CompactString, pos: Pos, size: Size) -> Result<(), YamlError> {
        let Some(Frame {
            kind:
                FrameKind::Map {
                    entries,
                    key,
                    names,
                },
            size: frame_size,
            ..
        }) = self.stack.last_mut()
        else {
            unreachable!("`set_key` runs only where a key is expected");
        };
        if is_duplicate(entries, names, &name) {
            return Err(YamlError::from((
                format!("duplicate mapping key `{name}`"),
                pos,
            )));
        }
        frame_size.add(Size { height: 0, ..size });
        *key = Some(Key { name });
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

fn move_to(node: &mut Node, pos: Pos) {
    node.pos = pos;
    match &mut node.value {
        Value::Seq(items) => items.iter_mut().for_each(|n| move_to(n, pos)),
        Value::Map(entries) => entries.iter_mut().for_each(|(_, n)| move_to(n, pos)),
        _ => {}
    }
}

fn depth_message(limits: &YamlLimits) -> String {
    format!(
        "nesting deeper than {} levels (limit `limits.max-depth` in bearing.yaml)",
        limits.max_depth
    )
}

fn pos_of(span: &Span) -> Pos {
    let start = marker_offset(&span.start);
    Pos {
        line: u32::try_from(span.start.line()).unwrap_or(u32::MAX),
        column: u32::try_from(span.start.col() + 1).unwrap_or(u32::MAX),
        offset: start,
        len: marker_offset(&span.end).saturating_sub(start),
    }
}

fn marker_offset(marker: &Marker) -> usize {
    marker.byte_offset().unwrap_or(0)
}

fn scan_error(error: &ScanError, limits: &YamlLimits) -> YamlError {
    let marker = error.marker();
    let info = error.info();
    let lower = info.to_ascii_lowercase();
    let message = if lower.contains("recursion limit") || lower.contains("nesting limit") {
        depth_message(limits)
    } else {
        info
    };
    YamlError {
        message,
        pos: Some(Pos {
            line: u32::try_from(marker.line().max(1)).unwrap_or(u32::MAX),
            column: u32::try_from(marker.col() + 1).unwrap_or(u32::MAX),
            offset: marker_offset(marker),
            len: 0,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(text: &str) -> Result<Vec<Node>, YamlError> {
        build_documents(text, &YamlLimits::default())
    }

    fn message(text: &str) -> String {
        build(text).expect_err("must be refused").message
    }

    #[test]
    fn a_merge_key_through_an_alias_is_refused() {
        assert!(message("k: &k <<\nc:\n  *k : 1\n").contains("merge"));
    }

    #[test]
    fn an_alias_cannot_nest_deeper_than_the_limit() {
        let text = format!(
            "a: &a {}{}\nb: {}*a{}\n",
            "[".repeat(40),
            "]".repeat(40),
            "[".repeat(30),
            "]".repeat(30)
        );
        assert!(message(&text).contains("nesting deeper"));
    }

    #[test]
    fn aliases_are_charged_by_bytes_as_well_as_nodes() {
        // 1,000 copies of a 1 MB string would take 1 GB; serde-saphyr refused it too.
        let mut text = format!("a: &a {}\nb: [", "x".repeat(1_000_000));
        text.push_str(&vec!["*a"; 999].join(","));
        text.push_str("]\n");
        assert!(message(&text).contains("alias budget"));
    }

    #[test]
    fn nested_anchors_are_not_copied_past_the_budget() {
        // Each level would keep its own copy of the whole list: 62 copies of 100,000
        // items. None is kept; the file reads, and an alias to it is refused.
        let depth = 60;
        let mut text = String::from("a: ");
        for level in 0..depth {
            text.push_str(&format!("&a{level} ["));
        }
        text.push_str(&vec!["1"; 100_000].join(","));
        text.push_str(&"]".repeat(depth));
        text.push('\n');
        assert_eq!(build(&text).expect("reads").len(), 1);
        text.push_str("b: *a0\n");
        assert!(message(&text).contains("alias budget"));
    }

    #[test]
    fn tagged_numbers_follow_their_tag() {
        assert!(message("a: !!float 0x10\n").contains("not a number"));
        assert!(message("a: !!float 1_0\n").contains("not a number"));
        assert_eq!(
            build("a: !!int 0X1F\n").expect("reads")[0]
                .get("a")
                .map(|n| &n.value),
            Some(&Value::Int(31))
        );
    }
}
