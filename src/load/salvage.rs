//! A file that is not valid YAML, read anyway where the mistake is one people make
//! (issue 14): a tab in the indentation, a line indented one step off, two documents
//! without `---` between them, a value starting with `@`, `*` or `` ` ``, a `: ` inside
//! a value, a key written twice. The mistake is named with its fix at its own line,
//! the file is mended in memory the way the writer meant it, and every position is
//! mapped back to the text as written, so snippets and lines stay true.
//!
//! When no mend reads, the file stays unread; its ids are still scanned, so that what
//! references them is held back rather than reported as unknown.

use super::damage::Damage;
use crate::model::EntityKind;
use crate::yaml::node::{Node, Pos, Value};
use crate::yaml::parse::{YamlError, YamlLimits, parse_documents};

/// A file read after mending one mistake.
pub(super) struct Salvaged {
    pub roots: Vec<Node>,
    pub message: String,
    pub help: String,
    /// Where the mistake is, in the text as written.
    pub pos: Pos,
    /// What the mend could not recover (a line left out).
    pub damage: Damage,
    /// The document or key result the mistake is in, when its id can be read.
    pub entity: Option<String>,
}

/// The mistake in words when nothing could be read.
pub(super) struct Diagnosis {
    pub message: String,
    pub help: Option<String>,
    pub pos: Option<Pos>,
}

mod lines;
mod mends;
#[cfg(test)]
mod tests;

use lines::{Line, indentation, lines_of};
use mends::mends;

/// The parser's words, made a sentence of ours.
fn first_words(message: &str) -> String {
    let m = message.trim();
    if m.contains("found a tab") {
        "a tab in the indentation: YAML indents with spaces only".to_owned()
    } else {
        format!("this line is not valid YAML: {m}")
    }
}

/// Whether the parser refused the text for what hostile input does (a budget, a tag,
/// a merge key, control characters): refused as it was, never mended.
fn refused_outright(text: &str, error: &YamlError) -> bool {
    let m = error.message.as_str();
    m.contains("nesting")
        || m.contains("alias")
        || m.contains("tag")
        || m.contains("merge")
        || text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
}

/// Reads `text` after mending the mistake `error` names, when one mend reads.
pub(super) fn salvage(text: &str, error: &YamlError, limits: &YamlLimits) -> Option<Salvaged> {
    if refused_outright(text, error) {
        return None;
    }
    let original = lines_of(text);
    let starts: Vec<usize> = original
        .iter()
        .scan(0usize, |offset, l| {
            let start = *offset;
            *offset += l.len() + 1;
            Some(start)
        })
        .collect();
    for mend in mends(text, error).into_iter().take(24) {
        let mended: String = mend
            .lines
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let Ok(mut roots) = parse_documents(&mended, limits) else {
            continue;
        };
        let map = LineMap::new(&mend.lines, &original, &starts);
        for root in &mut roots {
            map.remap(root);
        }
        let (line, col) = mend.at;
        let pos = position(&original, &starts, line, col);
        let mut damage = Damage::default();
        if let Some((dropped_line, key)) = &mend.dropped {
            match (key, entity_at(&roots, dropped_line + 1)) {
                (Some(key), Some(entity)) => damage.field(&entity, key),
                _ => {
                    damage.unknown_references = true;
                    damage.unknown_ids = true;
                }
            }
        }
        let entity = entity_at(&roots, line + 1);
        return Some(Salvaged {
            entity,
            roots,
            message: mend.message,
            help: mend.help,
            pos,
            damage,
        });
    }
    None
}

/// The mistake in words when the file could not be read at all.
pub(super) fn diagnose(text: &str, error: &YamlError) -> Diagnosis {
    let original = lines_of(text);
    let starts: Vec<usize> = original
        .iter()
        .scan(0usize, |offset, l| {
            let start = *offset;
            *offset += l.len() + 1;
            Some(start)
        })
        .collect();
    if refused_outright(text, error) {
        return Diagnosis {
            message: error.message.clone(),
            help: None,
            pos: error.pos,
        };
    }
    match mends(text, error).into_iter().next() {
        Some(mend) => Diagnosis {
            pos: Some(position(&original, &starts, mend.at.0, mend.at.1)),
            message: mend.message,
            help: Some(mend.help),
        },
        _ => Diagnosis {
            message: error.message.clone(),
            help: None,
            pos: error.pos,
        },
    }
}

/// The ids a text declares, read line by line: what an unreadable file would have
/// defined, so that references to it are held back rather than called unknown.
pub(super) fn scan_ids(text: &str) -> Vec<(String, EntityKind)> {
    let mut out = Vec::new();
    let mut kind = EntityKind::Goal;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let top = indentation(line) == 0;
        if let Some(rest) = trimmed.strip_prefix("kind:") {
            kind = EntityKind::from_kind(rest.trim().trim_matches(['"', '\''])).unwrap_or(kind);
            continue;
        }
        let body = trimmed.strip_prefix("- ").unwrap_or(trimmed).trim_start();
        if let Some(rest) = body.strip_prefix("id:") {
            let id = rest
                .split('#')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches(['"', '\'']);
            if crate::model::check_id(id).is_ok() {
                let k = if top {
                    kind
                } else if trimmed.starts_with("- ") {
                    EntityKind::KeyResult
                } else {
                    continue;
                };
                out.push((id.to_owned(), k));
            }
        }
    }
    out
}

/// The id of the document or key result that line `line` (1-based) belongs to, read
/// from the text: the nearest `id:` above it in the same document.
pub(super) fn id_before(text: &str, line: u32) -> Option<String> {
    let lines = lines_of(text);
    let last = usize::try_from(line).ok()?.min(lines.len());
    for l in lines[..last].iter().rev() {
        if l.trim() == "---" {
            break;
        }
        let trimmed = l.trim_start();
        let body = trimmed.strip_prefix("- ").unwrap_or(trimmed).trim_start();
        if let Some(rest) = body.strip_prefix("id:") {
            let id = rest
                .split(" #")
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches(['"', '\'']);
            if crate::model::check_id(id).is_ok() {
                return Some(id.to_owned());
            }
        }
    }
    None
}

/// The id of the entity (document or key result) that line `line` (1-based) is in.
fn entity_at(roots: &[Node], line: usize) -> Option<String> {
    let line = u32::try_from(line).ok()?;
    let root = roots.iter().rev().find(|r| r.pos.line <= line)?;
    let mut id = root.get("id").and_then(Node::as_str).map(str::to_owned);
    if let Some(Value::Seq(krs)) = root.get("key_results").map(|n| &n.value) {
        if let Some(kr) = krs.iter().rev().find(|kr| kr.pos.line <= line) {
            let last_line = kr_last_line(kr);
            if line <= last_line + 1 {
                id = kr
                    .get("id")
                    .and_then(Node::as_str)
                    .map(str::to_owned)
                    .or(id);
            }
        }
    }
    id
}

fn kr_last_line(node: &Node) -> u32 {
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .map(|(_, v)| kr_last_line(v))
            .max()
            .unwrap_or(node.pos.line)
            .max(node.pos.line),
        Value::Seq(items) => items
            .iter()
            .map(kr_last_line)
            .max()
            .unwrap_or(node.pos.line),
        _ => node.pos.line,
    }
}

fn position(original: &[&str], starts: &[usize], line: usize, col: usize) -> Pos {
    let text = original.get(line).copied().unwrap_or("");
    let col = col.min(text.len());
    let col = (0..=col)
        .rev()
        .find(|&c| text.is_char_boundary(c))
        .unwrap_or(0);
    let len = text[col..].chars().next().map_or(0, char::len_utf8);
    Pos {
        line: u32::try_from(line + 1).unwrap_or(u32::MAX),
        column: u32::try_from(text[..col].chars().count() + 1).unwrap_or(u32::MAX),
        offset: Pos::narrow(starts.get(line).copied().unwrap_or(0) + col),
        len: Pos::narrow(len),
    }
}

/// From positions in the mended text to positions in the text as written.
struct LineMap<'a> {
    mended_starts: Vec<usize>,
    lines: &'a [Line],
    original: &'a [&'a str],
    starts: &'a [usize],
}

impl<'a> LineMap<'a> {
    fn new(lines: &'a [Line], original: &'a [&'a str], starts: &'a [usize]) -> LineMap<'a> {
        let mended_starts = lines
            .iter()
            .scan(0usize, |offset, l| {
                let start = *offset;
                *offset += l.text.len() + 1;
                Some(start)
            })
            .collect();
        LineMap {
            mended_starts,
            lines,
            original,
            starts,
        }
    }

    fn pos(&self, pos: Pos) -> Pos {
        let index = self
            .mended_starts
            .partition_point(|&s| s <= pos.start())
            .saturating_sub(1);
        let within = pos.start() - self.mended_starts.get(index).copied().unwrap_or(0);
        // A line inserted by the mend maps to the start of the next line as written.
        let (line, col) = match self.lines.get(index).and_then(|l| l.from) {
            Some((o, replaced, written)) => {
                let col = if within >= written {
                    within - written + replaced
                } else {
                    within.min(replaced)
                };
                (o, col)
            }
            None => {
                let next = self.lines[index..]
                    .iter()
                    .find_map(|l| l.from)
                    .map_or(0, |f| f.0);
                (next, 0)
            }
        };
        let text = self.original.get(line).copied().unwrap_or("");
        let mut mapped = position(self.original, self.starts, line, col);
        mapped.len = Pos::narrow(
            pos.length()
                .min(text.len().saturating_sub(col.min(text.len()))),
        );
        mapped
    }

    fn remap(&self, node: &mut Node) {
        node.pos = self.pos(node.pos);
        // The key's position too: a finding on a key (an unknown property) points at it.
        if node.key_pos().is_some() {
            node.key = self.pos(node.key);
        }
        match &mut node.value {
            Value::Seq(items) => items.iter_mut().for_each(|n| self.remap(n)),
            Value::Map(entries) => entries.iter_mut().for_each(|(_, n)| self.remap(n)),
            _ => {}
        }
    }
}
