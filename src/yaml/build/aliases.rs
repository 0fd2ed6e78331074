//! Anchors and aliases: an anchored node kept within the budget, and an alias replayed
//! as a copy of it, moved to where the alias was written.

use super::{Anchored, Builder, Size, merge_key, not_a_key};
use crate::yaml::limits::{YamlError, depth_message};
use crate::yaml::node::{Node, Pos, Value};
use crate::yaml::scalar::value_key_text;

impl Builder<'_> {
    /// Keeps a copy of an anchored node for its aliases, charged to the alias budget;
    /// a node too large for what is left is not kept, and an alias to it is refused.
    pub(super) fn keep_anchor(&mut self, anchor: usize, node: &Node, size: Size) {
        let node = self.within_budget(size).then(|| {
            self.copied.add(Size { height: 0, ..size });
            node.clone()
        });
        self.anchors.insert(anchor, Anchored { node, size });
    }

    pub(super) fn alias(&mut self, id: usize, pos: Pos) -> Result<(), YamlError> {
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
}

/// A replayed node and everything in it, keys included, moved to where the alias was
/// written. (The node's own key is the one it gets where the alias stands.)
fn move_to(node: &mut Node, pos: Pos) {
    node.pos = pos;
    match &mut node.value {
        Value::Seq(items) => items.iter_mut().for_each(|n| move_to(n, pos)),
        Value::Map(entries) => entries.iter_mut().for_each(|(_, n)| {
            move_to(n, pos);
            n.key = pos;
        }),
        _ => {}
    }
}
