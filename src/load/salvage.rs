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

/// One way to mend the text.
struct Mend {
    lines: Vec<Line>,
    message: String,
    help: String,
    /// 0-based line of the mistake in the text as written, and its byte column.
    at: (usize, usize),
    /// A line left out: its key, for the damage.
    dropped: Option<(usize, Option<String>)>,
}

/// A line of the mended text and where it came from.
#[derive(Clone)]
struct Line {
    text: String,
    /// The line as written this one comes from, and how its start changed: `(line,
    /// bytes replaced at its start, bytes written instead)`.
    from: Option<(usize, usize, usize)>,
}

fn lines_of(text: &str) -> Vec<&str> {
    text.split('\n').collect()
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Where a line's content starts: after its indentation and any `- ` markers.
fn content_column(line: &str) -> usize {
    let mut col = indentation(line);
    let bytes = line.as_bytes();
    while col + 1 < bytes.len() && bytes[col] == b'-' && bytes[col + 1] == b' ' {
        col += 2;
        while col < bytes.len() && bytes[col] == b' ' {
            col += 1;
        }
    }
    col
}

fn is_blank(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// The key a line starts, if it is `key: ...` or `- key: ...`.
fn key_of(line: &str) -> Option<String> {
    let rest = &line[content_column(line).min(line.len())..];
    let colon = rest.find(':')?;
    let key = rest[..colon].trim();
    let after = &rest[colon + 1..];
    let ok = !key.is_empty()
        && !key.contains(' ')
        && (after.is_empty() || after.starts_with(' ') || after.starts_with('\t'));
    ok.then(|| key.trim_matches(['"', '\'']).to_owned())
}

/// The mended text, starting from the text as written with line `index` replaced.
fn replace_line(
    original: &[&str],
    index: usize,
    text: String,
    replaced: usize,
    written: usize,
) -> Vec<Line> {
    original
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i == index {
                Line {
                    text: text.clone(),
                    from: Some((i, replaced, written)),
                }
            } else {
                Line {
                    text: (*l).to_owned(),
                    from: Some((i, 0, 0)),
                }
            }
        })
        .collect()
}

fn unchanged(original: &[&str]) -> Vec<Line> {
    original
        .iter()
        .enumerate()
        .map(|(i, l)| Line {
            text: (*l).to_owned(),
            from: Some((i, 0, 0)),
        })
        .collect()
}

/// The indentations worth trying for line `index`, nearest first: a sibling of the
/// line above, a child of it, then every level opened above.
fn indent_candidates(original: &[&str], index: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let above: Vec<&str> = original[..index]
        .iter()
        .rev()
        .copied()
        .filter(|l| !is_blank(l) && l.trim() != "---")
        .collect();
    let this = original[index].trim_start_matches([' ', '\t']);
    if let Some(prev) = above.first() {
        let opens = prev.trim_end().ends_with(':');
        if opens {
            if this.starts_with("- ") {
                out.push(indentation(prev));
            }
            out.push(content_column(prev) + 2);
        }
        out.push(content_column(prev));
        if !opens && this.starts_with("- ") {
            out.push(indentation(prev));
        }
    }
    for line in &above {
        for level in [content_column(line), indentation(line)] {
            if !out.contains(&level) {
                out.push(level);
            }
        }
    }
    if !out.contains(&0) {
        out.push(0);
    }
    out
}

fn reindent(
    original: &[&str],
    index: usize,
    message: &str,
    help: impl Fn(usize) -> String,
    at_col: usize,
) -> Vec<Mend> {
    let line = original[index];
    let body = line.trim_start_matches([' ', '\t']);
    let old = line.len() - body.len();
    indent_candidates(original, index)
        .into_iter()
        .map(|level| Mend {
            lines: replace_line(
                original,
                index,
                format!("{}{body}", " ".repeat(level)),
                old,
                level,
            ),
            message: message.to_owned(),
            help: help(level),
            at: (index, at_col),
            dropped: None,
        })
        .collect()
}

/// A YAML double-quoted form of `text`.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `key: value` with the value put in quotes.
fn quote_value(original: &[&str], index: usize, value_start: usize) -> Vec<Line> {
    let line = original[index];
    let value = line[value_start..].trim_end();
    let text = format!("{}{}", &line[..value_start], quoted(value));
    replace_line(original, index, text, value_start, value_start + 1)
}

/// The mends worth trying for `error`, most likely first.
fn mends(text: &str, error: &YamlError) -> Vec<Mend> {
    let original = lines_of(text);
    let mut out = Vec::new();
    let error_line = error
        .pos
        .map_or(0, |p| {
            usize::try_from(p.line).unwrap_or(1).saturating_sub(1)
        })
        .min(original.len().saturating_sub(1));
    let error_col = error.pos.map_or(0, |p| {
        let start: usize = original[..error_line].iter().map(|l| l.len() + 1).sum();
        p.start().saturating_sub(start)
    });

    // A tab in the indentation, wherever the parser noticed it.
    if let Some(index) = original
        .iter()
        .position(|l| l.trim_start_matches(' ').starts_with('\t') && !is_blank(l))
    {
        let col = original[index].find('\t').unwrap_or(0);
        out.extend(reindent(
            &original,
            index,
            "a tab in the indentation: YAML indents with spaces only",
            |level| {
                format!(
                    "replace the tab at the start of line {} with {} spaces, as the lines around it are indented",
                    index + 1,
                    level
                )
            },
            col,
        ));
        return out;
    }

    let message = error.message.as_str();
    if let Some(key) = message
        .strip_prefix("duplicate mapping key `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        let line = original[error_line];
        if indentation(line) == 0 && matches!(key, "kind" | "id") {
            // The next document, without `---` above it.
            let mut start = error_line;
            if key == "id" {
                if let Some(prev) = (0..error_line).rev().find(|&i| !is_blank(original[i])) {
                    if key_of(original[prev]).as_deref() == Some("kind")
                        && indentation(original[prev]) == 0
                    {
                        start = prev;
                    }
                }
            }
            let mut lines = unchanged(&original);
            lines.insert(
                start,
                Line {
                    text: "---".to_owned(),
                    from: None,
                },
            );
            out.push(Mend {
                lines,
                message: format!(
                    "a second document starts at line {} without `---` above it",
                    start + 1
                ),
                help: format!(
                    "put a line `---` above `{}` to start a new document",
                    original[start].trim()
                ),
                at: (start, 0),
                dropped: None,
            });
        } else {
            let first = (0..error_line).rev().find(|&i| {
                key_of(original[i]).as_deref() == Some(key)
                    && content_column(original[i]) == content_column(line)
            });
            let mut lines = unchanged(&original);
            let end = block_end(&original, error_line);
            lines.drain(error_line..end);
            out.push(Mend {
                lines,
                message: format!("`{key}` is written twice in the same mapping"),
                help: match first {
                    Some(f) => format!(
                        "keep one of the two: line {} or line {}",
                        f + 1,
                        error_line + 1
                    ),
                    None => format!("keep one `{key}:` and delete the other"),
                },
                at: (error_line, content_column(line)),
                dropped: Some((error_line, Some(key.to_owned()))),
            });
        }
        return out;
    }

    let line = original[error_line];
    let content = content_column(line);
    let key_colon = key_of(line).and_then(|_| line[content..].find(':').map(|c| content + c));
    let value_start = key_colon.map(|c| {
        let mut v = c + 1;
        while v < line.len() && line.as_bytes()[v] == b' ' {
            v += 1;
        }
        v
    });

    // A value that starts with a character YAML reserves.
    if let Some(v) = value_start.filter(|&v| v < line.len()) {
        let first = line[v..].chars().next().unwrap_or(' ');
        let unclosed = match first {
            '[' => !line[v..].contains(']'),
            '{' => !line[v..].contains('}'),
            '"' | '\'' => line[v..].trim_end().len() < 2 || !line[v..].trim_end().ends_with(first),
            _ => false,
        };
        if matches!(first, '"' | '\'') && unclosed {
            // A quote opened and not closed: close it where the line ends.
            let key = key_of(line).unwrap_or_default();
            let closed = format!("{}{first}", line.trim_end());
            out.push(Mend {
                lines: replace_line(&original, error_line, closed.clone(), 0, 0),
                message: format!("a value opens a quote `{first}` and does not close it"),
                help: format!("write `{key}: {}`", closed[v..].trim()),
                at: (error_line, v),
                dropped: None,
            });
        } else if matches!(first, '@' | '`' | '*' | '%' | '!') || unclosed {
            let value = line[v..].trim_end();
            let key = key_of(line).unwrap_or_default();
            out.push(Mend {
                lines: quote_value(&original, error_line, v),
                message: if unclosed {
                    format!("a value starting with `{first}` must be closed or put in quotes")
                } else {
                    format!("a value cannot start with `{first}` unless it is in quotes")
                },
                help: format!("write `{key}: {}`", quoted(value)),
                at: (error_line, v),
                dropped: None,
            });
        }
    }

    // `: ` inside a value, or a line indented deeper than its siblings.
    if message.contains("mapping values are not allowed") {
        match (key_colon, value_start) {
            (Some(colon), Some(v)) if error_col > colon && v < line.len() => {
                let value = line[v..].trim_end();
                let key = key_of(line).unwrap_or_default();
                out.push(Mend {
                    lines: quote_value(&original, error_line, v),
                    message: "`: ` inside a value needs the value in quotes".to_owned(),
                    help: format!("write `{key}: {}`", quoted(value)),
                    at: (error_line, error_col),
                    dropped: None,
                });
            }
            _ => {}
        }
    }

    // Indentation: the line where the parser stopped, then the line above it.
    for index in [error_line, error_line.saturating_sub(1)] {
        if is_blank(original[index]) {
            continue;
        }
        let at = indentation(original[index]);
        let name = key_of(original[index]);
        let shown = name
            .as_deref()
            .map_or_else(|| format!("line {}", index + 1), |k| format!("`{k}`"));
        out.extend(reindent(
            &original,
            index,
            &format!("{shown} is not indented like the lines around it"),
            |level| {
                format!(
                    "indent line {} by {level} spaces{}",
                    index + 1,
                    if level == 0 { " (none)" } else { "" }
                )
            },
            at,
        ));
    }

    // Nothing better: leave the line out.
    let mut lines = unchanged(&original);
    let end = block_end(&original, error_line);
    lines.drain(error_line..end);
    out.push(Mend {
        lines,
        message: first_words(message),
        help: format!("fix line {}; until then it is left out", error_line + 1),
        at: (error_line, error_col),
        dropped: Some((error_line, key_of(line))),
    });
    out
}

/// The end (exclusive) of the block a line opens: it and the lines indented deeper.
fn block_end(original: &[&str], index: usize) -> usize {
    let own = indentation(original[index]);
    let mut end = index + 1;
    while end < original.len()
        && (original[end].trim().is_empty() || indentation(original[end]) > own)
        && original[end].trim() != "---"
    {
        end += 1;
    }
    end
}

/// The parser's words, made a sentence of ours.
fn first_words(message: &str) -> String {
    let m = message.trim();
    if m.contains("found a tab") {
        "a tab in the indentation: YAML indents with spaces only".to_owned()
    } else {
        format!("this line is not valid YAML: {m}")
    }
}

/// Reads `text` after mending the mistake `error` names, when one mend reads.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<Salvaged> {
        let limits = YamlLimits::default();
        let text = text.to_owned();
        crate::pool::run(&limits, move || {
            let error = parse_documents(&text, &limits).expect_err("invalid YAML");
            salvage(&text, &error, &limits)
        })
    }

    #[test]
    fn common_mistakes_are_mended_at_their_line() {
        let cases = [
            ("kind: Goal\nid: G-a\ntitle: t\n\tunit: x\n", 4, "tab"),
            ("kind: Goal\nid: G-a\ntitle: t\nowner: @cmo\n", 4, "`@`"),
            ("kind: Goal\nid: G-a\ntitle: t\nowner: *cmo\n", 4, "`*`"),
            ("kind: Goal\nid: G-a\ntitle: Fix: the thing\n", 3, "`: `"),
            (
                "kind: Goal\nid: G-a\ntitle: t\nkind: Goal\nid: G-b\ntitle: u\n",
                4,
                "`---`",
            ),
            ("kind: Goal\nid: G-a\ntitle: t\n  unit: x\n", 4, "indented"),
            (
                "kind: Goal\nid: G-a\ntitle: t\nunit: x\nunit: y\n",
                5,
                "twice",
            ),
        ];
        for (text, line, words) in cases {
            let s = read(text).unwrap_or_else(|| panic!("not mended: {text:?}"));
            assert_eq!(s.pos.line, line, "{text:?}: {}", s.message);
            assert!(
                s.message.contains(words) || s.help.contains(words),
                "{text:?}: {} / {}",
                s.message,
                s.help
            );
        }
    }

    #[test]
    fn positions_map_back_to_the_text_as_written() {
        let text = "kind: Goal\nid: G-a\ntitle: t\nowner: @cmo\nunit: x\n";
        let s = read(text).expect("mended");
        let root = &s.roots[0];
        let unit = root.get("unit").expect("unit");
        assert_eq!((unit.pos.line, unit.pos.column), (5, 7));
        assert_eq!(&text[unit.pos.start()..unit.pos.end()], "x");
        let owner = root.get("owner").expect("owner");
        assert_eq!(owner.as_str(), Some("@cmo"));
        assert_eq!(owner.pos.line, 4);
        let missing = "kind: Goal\nid: G-a\ntitle: t\nkind: Goal\nid: G-b\ntitle: u\n";
        let s = read(missing).expect("mended");
        assert_eq!(s.roots.len(), 2);
        assert_eq!(s.roots[1].get("id").map(|n| n.pos.line), Some(5));
    }

    /// Found by the loader fuzz target: below a line the mend left out, keys were
    /// placed in the mended text, a line too high (an unknown property was underlined
    /// on the line above it, past its end).
    #[test]
    fn key_positions_map_back_to_the_text_as_written() {
        let text = "kind: Goal\nid: G-a\nperiodH 2026-H2\ntitle: t\nunit: x\n";
        let s = read(text).expect("mended");
        let unit = s.roots[0].get("unit").expect("unit");
        let key = unit.key_pos().expect("a key");
        assert_eq!((key.line, key.column), (5, 1));
        assert_eq!(&text[key.start()..key.end()], "unit");
        assert_eq!((unit.pos.line, unit.pos.column), (5, 7));
    }

    #[test]
    fn ids_of_an_unreadable_file_are_found() {
        let ids = scan_ids(
            "kind: Objective\nid: O-a\nkey_results:\n  - id: KR-a\n    title: t\n---\nkind: Project\nid: P-a\n",
        );
        assert_eq!(
            ids,
            [
                ("O-a".to_owned(), EntityKind::Objective),
                ("KR-a".to_owned(), EntityKind::KeyResult),
                ("P-a".to_owned(), EntityKind::Project)
            ]
        );
    }
}
