//! Anchors to positions: the one place that turns a JSON pointer into file, line and
//! column, by walking the YAML tree that kept them.

use super::Sources;
use crate::finding::{Anchor, Target};
use crate::vocab::Location;
use crate::yaml::node::{Node, Pos, Value, key_pos};

impl Sources {
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
                let pos = resolve(text, &document.root, pointer, *target);
                Some(self.location(document.file, text, pos))
            }
        }
    }

    fn location(&self, file: usize, text: &str, pos: Pos) -> Location {
        let offset = pos.offset.min(text.len());
        // Underline the token, never past its line; at least one character where possible.
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let mut len = pos.len.min(line_end - offset);
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
fn resolve(text: &str, root: &Node, pointer: &str, target: Target) -> Pos {
    let mut node = root;
    let mut key_name = None;
    for raw in pointer.split('/').skip(1) {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        let next = match &node.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.name == segment)
                .map(|(k, v)| (Some(k.name.as_str()), v)),
            Value::Seq(items) => segment
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get(i))
                .map(|v| (None, v)),
            _ => None,
        };
        match next {
            Some((key, child)) => {
                key_name = key;
                node = child;
            }
            None => return node.pos,
        }
    }
    match (target, key_name) {
        (Target::Key, Some(name)) => key_pos(text, name, node).unwrap_or(node.pos),
        _ => node.pos,
    }
}
