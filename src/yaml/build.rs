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
use super::scalar::{resolve_plain, resolve_tagged};

/// Maps with more entries than this check duplicates with a set instead of a scan.
const LINEAR_KEY_CHECK: usize = 16;

/// Every non-null document of `text`, in order.
pub(super) fn build_documents(text: &str, limits: &YamlLimits) -> Result<Vec<Node>, YamlError> {
    let mut builder = Builder::new(limits);
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

/// A collection being filled.
struct Frame {
    pos: Pos,
    anchor: usize,
    kind: FrameKind,
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

struct Builder<'l> {
    limits: &'l YamlLimits,
    stack: Vec<Frame>,
    documents: Vec<Node>,
    /// Anchored nodes of the current document, by the parser's anchor id.
    anchors: HashMap<usize, Node>,
    aliases: usize,
    replayed: usize,
}

impl<'l> Builder<'l> {
    fn new(limits: &'l YamlLimits) -> Self {
        Builder {
            limits,
            stack: Vec::new(),
            documents: Vec::new(),
            anchors: HashMap::new(),
            aliases: 0,
            replayed: 0,
        }
    }

    /// The most nodes all aliases of a file may expand to.
    fn replay_budget(&self) -> usize {
        self.limits.max_aliases.saturating_mul(20)
    }

    fn event(&mut self, event: Event<'_>, span: &Span) -> Result<(), YamlError> {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let pos = pos_of(span);
                if self.expects_key() {
                    let name = key_text(&text, style, tag.as_deref(), pos)?;
                    if anchor != 0 {
                        let node = Node {
                            value: Value::Str(name.to_string()),
                            pos,
                        };
                        self.anchors.insert(anchor, node);
                    }
                    return self.set_key(name, pos);
                }
                let value = scalar_value(text.into_owned(), style, tag.as_deref())
                    .map_err(|message| YamlError::from((message, pos)))?;
                self.complete(Node { value, pos }, anchor)
            }
            Event::SequenceStart(_, anchor, tag) => {
                let pos = pos_of(span);
                self.refuse_collection_tag(tag.as_deref(), "seq", pos)?;
                self.open(pos, anchor, FrameKind::Seq(Vec::new()))
            }
            Event::MappingStart(_, anchor, tag) => {
                let pos = pos_of(span);
                self.refuse_collection_tag(tag.as_deref(), "map", pos)?;
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
                self.complete(
                    Node {
                        value,
                        pos: frame.pos,
                    },
                    frame.anchor,
                )
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
        self.stack.push(Frame { pos, anchor, kind });
        Ok(())
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
        self.replayed = self.replayed.saturating_add(count_nodes(target));
        if self.replayed > self.replay_budget() {
            return Err(YamlError::from((
                format!(
                    "aliases expand beyond the alias budget of {} nodes (limit `limits.max-aliases` in bearing.yaml)",
                    self.replay_budget()
                ),
                pos,
            )));
        }
        let mut node = target.clone();
        // A replayed node is reported where the alias was written.
        move_to(&mut node, pos);
        if self.expects_key() {
            let Value::Str(name) = node.value else {
                return Err(YamlError::from((
                    "a mapping key must be text; this alias names something else".to_owned(),
                    pos,
                )));
            };
            return self.set_key(name.into(), pos);
        }
        self.complete(node, 0)
    }

    /// A finished node goes to its parent, or becomes a document.
    fn complete(&mut self, node: Node, anchor: usize) -> Result<(), YamlError> {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        let Some(parent) = self.stack.last_mut() else {
            // Null documents (empty, `~`, `null`) are not part of the plan.
            if node.value != Value::Null {
                self.documents.push(node);
            }
            return Ok(());
        };
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
    fn set_key(&mut self, name: CompactString, pos: Pos) -> Result<(), YamlError> {
        let Some(Frame {
            kind:
                FrameKind::Map {
                    entries,
                    key,
                    names,
                },
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
        *key = Some(Key { name });
        Ok(())
    }

    fn refuse_collection_tag(
        &self,
        tag: Option<&Tag>,
        expected: &str,
        pos: Pos,
    ) -> Result<(), YamlError> {
        match tag {
            None => Ok(()),
            Some(tag) if tag.is_yaml_core_schema() && tag.suffix() == expected => Ok(()),
            Some(tag) => Err(YamlError::from((
                format!("unsupported tag `{}`", tag_text(tag)),
                pos,
            ))),
        }
    }
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

/// The text of a mapping key: any scalar, as JSON would spell it.
fn key_text(
    text: &str,
    style: ScalarStyle,
    tag: Option<&Tag>,
    pos: Pos,
) -> Result<CompactString, YamlError> {
    if tag.is_none() {
        if style != ScalarStyle::Plain {
            return Ok(CompactString::new(text));
        }
        if text == "<<" {
            return Err(YamlError::from((
                "merge keys (`<<`) are not supported: write the entries out".to_owned(),
                pos,
            )));
        }
        // Almost every key is a plain word: no resolution needed.
        if text.starts_with(|c: char| c.is_ascii_lowercase())
            && !matches!(text, "null" | "true" | "false")
        {
            return Ok(CompactString::new(text));
        }
    }
    let value = scalar_value(text.to_owned(), style, tag)
        .map_err(|message| YamlError::from((message, pos)))?;
    Ok(match value {
        Value::Str(s) => s.into(),
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string().into(),
        Value::Int(i) => i.to_string().into(),
        Value::UInt(u) => u.to_string().into(),
        Value::Float(f) => f.to_string().into(),
        Value::Seq(_) | Value::Map(_) => CompactString::new(text),
    })
}

fn scalar_value(text: String, style: ScalarStyle, tag: Option<&Tag>) -> Result<Value, String> {
    match tag {
        None if style == ScalarStyle::Plain => resolve_plain(&text),
        None => Ok(Value::Str(text)),
        // The non-specific tag `!` means "a string".
        Some(tag) if tag.handle() == "!" && tag.suffix().is_empty() => Ok(Value::Str(text)),
        Some(tag) if tag.is_yaml_core_schema() => resolve_tagged(&text, tag.suffix()),
        Some(tag) => Err(format!("unsupported tag `{}`", tag_text(tag))),
    }
}

fn tag_text(tag: &Tag) -> String {
    if tag.is_yaml_core_schema() {
        format!("!!{}", tag.suffix())
    } else {
        format!("{}{}", tag.original_handle(), tag.suffix())
    }
}

fn count_nodes(node: &Node) -> usize {
    1 + match &node.value {
        Value::Seq(items) => items.iter().map(count_nodes).sum(),
        Value::Map(entries) => entries.iter().map(|(_, v)| 1 + count_nodes(v)).sum(),
        _ => 0,
    }
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
    use crate::yaml::parse::parse_documents_with_serde;
    use proptest::prelude::*;

    fn build(text: &str) -> Result<Vec<Node>, YamlError> {
        build_documents(text, &YamlLimits::default())
    }

    /// The builder and serde-saphyr read `text` alike: the same trees, positions
    /// included, or both refuse it on the same line.
    fn assert_same_reading(name: &str, text: &str) {
        let ours = build(text);
        let theirs = parse_documents_with_serde(text, &YamlLimits::default());
        match (ours, theirs) {
            (Ok(ours), Ok(theirs)) => assert_eq!(ours, theirs, "{name}"),
            (Err(ours), Err(theirs)) => assert_eq!(
                ours.pos.map(|p| p.line),
                theirs.pos.map(|p| p.line),
                "{name}: {} / {}",
                ours.message,
                theirs.message
            ),
            (ours, theirs) => panic!("{name}: builder {ours:?}\nserde-saphyr {theirs:?}"),
        }
    }

    fn yaml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                yaml_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                out.push(path);
            }
        }
    }

    #[test]
    fn every_fixture_reads_as_serde_saphyr_reads_it() {
        let mut files = Vec::new();
        yaml_files(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
            &mut files,
        );
        // BEARING_DIFF_DIR: also compare a workload (benches/check.sh makes them).
        if let Ok(extra) = std::env::var("BEARING_DIFF_DIR") {
            yaml_files(std::path::Path::new(&extra), &mut files);
        }
        assert!(files.len() > 50, "fixtures found: {}", files.len());
        for path in files {
            let text = std::fs::read_to_string(&path).expect("fixture is text");
            assert_same_reading(&path.display().to_string(), &text);
        }
    }

    #[test]
    fn shapes_read_alike() {
        for text in [
            "a: 1\nb: [1, 2.5, x, \"q\", 'r', ~, null, true, False]\n",
            "- a\n- {b: c, d: [e]}\n- - nested\n",
            "text: |\n  line one\n  line two\nfolded: >\n  a\n  b\n",
            "base: &b {x: 1}\nuse: *b\nlist: [*b, *b]\n",
            "s: &s text\nk: *s\n",
            "---\nid: a\n---\n---\nid: b\n...\n",
            "~\n",
            "key: !!str 12\nf: !!float 3\ni: !!int 7\n",
            "1: one\n2.5: two\ntrue: three\n",
            "date: 2026-01-31\nperiod: 2026-Q1\nneg: -3\nbig: 123456789012345678901\n",
            "plain: hello world  # comment\nquoted: \"a: b\"\n",
            "\u{feff}id: bom\n",
            "multi: a\n  b\n\n  c\n",
        ] {
            assert_same_reading(text, text);
        }
    }

    #[test]
    fn refusals_match() {
        for text in [
            "a: 1\na: 2\n",
            "a: !custom x\n",
            "base: &b {x: 1}\nm:\n  <<: *b\n",
            "a: [1, 2\n",
            "a: b: c\n",
            "- x\ny: 1\n",
            "a: *missing\n",
            "a: .inf\n",
        ] {
            assert_same_reading(text, text);
        }
    }

    proptest! {
        #[test]
        fn plain_scalars_resolve_alike(raw in "[-+0-9._xXoObeEaAfFnNiI]{1,12}") {
            let text = format!("v: {raw}\n");
            // Only texts that are plain scalars on both sides are comparable.
            if let (Ok(ours), Ok(theirs)) = (build(&text), parse_documents_with_serde(&text, &YamlLimits::default())) {
                prop_assert_eq!(ours, theirs, "{}", raw);
            } else {
                prop_assert_eq!(build(&text).is_ok(), parse_documents_with_serde(&text, &YamlLimits::default()).is_ok(), "{}", raw);
            }
        }

        #[test]
        fn words_resolve_alike(raw in "[a-zA-Z0-9 ~-]{1,16}") {
            let text = format!("v: {raw}\n");
            if let (Ok(ours), Ok(theirs)) = (build(&text), parse_documents_with_serde(&text, &YamlLimits::default())) {
                prop_assert_eq!(ours, theirs, "{}", raw);
            }
        }
    }
}
