//! Anchors to positions: the one place that turns a JSON pointer into file, line and
//! column, by walking the YAML tree that kept them.

use std::borrow::Cow;

use super::Sources;
use crate::finding::{Anchor, Target};
use crate::vocab::Location;
use crate::yaml::node::{Node, Pos, Value};

impl Sources {
    /// The index of the file an anchor points into, or `None` for a document that does
    /// not exist.
    pub fn file_of(&self, anchor: &Anchor) -> Option<usize> {
        match anchor {
            Anchor::File { file, .. } => Some(*file),
            Anchor::Node { doc, .. } => self.docs.get(*doc).map(|d| d.file),
        }
    }

    /// Where an anchor points, or `None` for a document that does not exist.
    pub fn locate(&self, anchor: &Anchor) -> Option<Location> {
        match anchor {
            Anchor::File { file, pos } => {
                let source = self.files.get(*file)?;
                let pos = pos.unwrap_or(Pos {
                    line: 1,
                    column: 1,
                    offset: 0,
                    len: 0,
                });
                Some(self.location(*file, &source.text, pos))
            }
            Anchor::Node {
                doc,
                pointer,
                target,
            } => {
                let document = self.docs.get(*doc)?;
                let text = &self.files.get(document.file)?.text;
                let pos = resolve(&document.root, pointer, *target);
                Some(self.location(document.file, text, pos))
            }
        }
    }

    fn location(&self, file: usize, text: &str, pos: Pos) -> Location {
        let offset = pos.start().min(text.len());
        // Underline the token, never past its line; at least one character where possible.
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let mut len = pos.length().min(line_end - offset);
        if len == 0 {
            len = text[offset..line_end]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
        }
        while !text.is_char_boundary(offset + len) {
            len -= 1;
        }
        let width = u32::try_from(text[offset..offset + len].chars().count()).unwrap_or(0);
        Location {
            file: self.files[file].path.clone(),
            line: pos.line.max(1),
            column: pos.column.max(1),
            end_line: pos.line.max(1),
            end_column: pos.column.max(1) + width,
            offset,
            len,
            file_index: file,
        }
    }
}

/// The position of the node at `pointer`: its key or its value. A pointer that goes
/// further than the document (a missing property) stops at the deepest node found.
fn resolve(root: &Node, pointer: &str, target: Target) -> Pos {
    let mut node = root;
    for raw in pointer.split('/').skip(1) {
        // Escapes are rare in a plan's pointers: unescape only when there is one.
        let segment: Cow<str> = if raw.contains('~') {
            Cow::Owned(raw.replace("~1", "/").replace("~0", "~"))
        } else {
            Cow::Borrowed(raw)
        };
        let next = match &node.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.name == *segment)
                .map(|(_, v)| v),
            Value::Seq(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        match next {
            Some(child) => node = child,
            None => return node.pos,
        }
    }
    // A list item or the document has no key: its own position is the best answer.
    match target {
        Target::Key => node.key_pos().unwrap_or(node.pos),
        _ => node.pos,
    }
}
