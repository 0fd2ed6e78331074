//! Where the cursor is in a YAML document, read from the lines of the text: which
//! document (between `---` lines), its `kind`, the path of keys and list items leading
//! to the cursor, and whether a key or a value is being typed.
//!
//! Text, not the parsed tree: while someone types, the document is often not valid
//! YAML, and completion is wanted most exactly then. Block style as plans are written
//! (`key: value`, indented lists, `- key: value` items, one-line `[a, b]` and
//! `{k: v}`, `|` text); anything else gives a best guess, never a panic.

use super::schema_paths::Seg;

/// What is being typed at the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// A mapping key.
    Key,
    /// The value of the last key of the path (or an item of the list it names).
    Value,
    /// Right after `- `: a list item, which may be a scalar or the first key of a
    /// mapping.
    ItemStart,
    /// Nothing to complete: inside text, or nesting too deep to be a plan.
    Unknown,
}

/// Deeper than any plan is written: the path is not followed further (hostile text
/// could otherwise make the path as long as the line).
const MAX_NESTING: usize = 64;

/// The cursor's context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Context {
    /// The document's byte range in the text.
    pub doc: (usize, usize),
    /// The document's `kind:` value, if written.
    pub kind: Option<String>,
    pub path: Vec<Seg>,
    pub place: Place,
    /// The byte range of the word being typed, which a completion replaces.
    pub word: (usize, usize),
    /// Keys already written in the mapping the cursor is in (for [`Place::Key`]).
    pub siblings: Vec<String>,
    /// Inside a one-line `[…]` or `{…}`.
    pub flow: bool,
}

/// A line's structure: its indentation, list dashes and key.
#[derive(Debug, Default)]
struct Line<'a> {
    dashes: Vec<usize>,
    /// Column and name of the key, and the text after its colon.
    key: Option<(usize, &'a str, &'a str)>,
    /// Column where the content after the dashes starts.
    content: usize,
}

fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

fn is_separator(line: &str) -> bool {
    let line = line.trim_end_matches('\r');
    line == "---" || line.starts_with("--- ") || line.starts_with("---\t") || line == "..."
}

/// Reads `line` (without its line break): dashes, then `key:` if there is one.
fn parse(line: &str) -> Line<'_> {
    let bytes = line.as_bytes();
    let mut p = bytes.iter().take_while(|b| **b == b' ').count();
    let mut out = Line::default();
    while p < bytes.len() && bytes[p] == b'-' && bytes.get(p + 1).is_none_or(|b| *b == b' ') {
        out.dashes.push(p);
        p += 1;
        while p < bytes.len() && bytes[p] == b' ' {
            p += 1;
        }
    }
    out.content = p;
    let rest = &line[p..];
    let (name, after) = if let Some(q @ ('"' | '\'')) = rest.chars().next() {
        match rest[1..].find(q) {
            Some(end) => (&rest[1..=end], &rest[end + 2..]),
            None => return out,
        }
    } else {
        let len = rest
            .find(|c: char| !(is_id_char(c) || c == ' '))
            .unwrap_or(rest.len());
        (rest[..len].trim_end(), &rest[len..])
    };
    if name.is_empty() || name.starts_with('#') {
        return out;
    }
    if let Some(value) = after.strip_prefix(':') {
        if value.is_empty() || value.starts_with([' ', '\t', '\r']) {
            out.key = Some((p, name, value));
        }
    }
    out
}

/// The YAML stack: each open mapping key or list item with its column.
#[derive(Debug, Default)]
struct Stack {
    entries: Vec<(usize, Seg, bool)>,
}

impl Stack {
    fn dash(&mut self, col: usize) {
        while let Some((c, seg, open)) = self.entries.last() {
            let keep = *c < col || (*c == col && matches!(seg, Seg::Key(_)) && *open);
            if keep {
                break;
            }
            self.entries.pop();
        }
        self.entries.push((col, Seg::Item, false));
    }

    fn key(&mut self, col: usize, name: &str, open: bool) {
        self.pop_to(col);
        self.entries.push((col, Seg::Key(name.to_owned()), open));
    }

    fn pop_to(&mut self, col: usize) {
        while self.entries.last().is_some_and(|(c, _, _)| *c >= col) {
            self.entries.pop();
        }
    }

    fn path(&self) -> Vec<Seg> {
        self.entries.iter().map(|(_, s, _)| s.clone()).collect()
    }
}

/// Whether the value after a colon starts a block scalar (`|`, `>-`, …).
fn starts_block_scalar(value: &str) -> bool {
    let v = value.split('#').next().unwrap_or("").trim();
    v.starts_with('|') || v.starts_with('>')
}

fn is_open(value: &str) -> bool {
    let v = value.trim();
    v.is_empty() || v.starts_with('#')
}

/// The context at byte `offset` of `text`.
pub(super) fn context(text: &str, offset: usize) -> Context {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    // The document around the cursor.
    let mut doc_start = 0;
    let mut at = 0;
    for line in text[..line_start].split_inclusive('\n') {
        at += line.len();
        if is_separator(line.trim_end_matches('\n')) {
            doc_start = at;
        }
    }
    let mut doc_end = text.len();
    let mut at = line_end;
    for line in text[line_end..].split_inclusive('\n').skip(1) {
        if is_separator(line.trim_end_matches('\n')) {
            doc_end = at + 1;
            break;
        }
        at += line.len();
    }
    let doc_end = doc_end.min(text.len()).max(line_end);
    let doc_text = &text[doc_start..doc_end];
    let kind = doc_text.lines().find_map(|l| {
        let parsed = parse(l);
        match parsed.key {
            Some((0, "kind", value)) if parsed.dashes.is_empty() => {
                let v = value.split('#').next().unwrap_or("").trim();
                let v = v.trim_matches(|c| c == '"' || c == '\'');
                (!v.is_empty()).then(|| v.to_owned())
            }
            _ => None,
        }
    });

    // The lines before the cursor's line build the stack.
    let mut stack = Stack::default();
    let mut scalar_above: Option<usize> = None;
    for line in text[doc_start..line_start].lines() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(col) = scalar_above {
            if indent > col {
                continue;
            }
            scalar_above = None;
        }
        let parsed = parse(line);
        for d in parsed.dashes.iter().take(MAX_NESTING) {
            stack.dash(*d);
        }
        if let Some((col, name, value)) = parsed.key {
            stack.key(col, name, is_open(value));
            if starts_block_scalar(value) {
                scalar_above = Some(col);
            }
        }
    }

    let prefix = &text[line_start..offset];
    let word_start = offset - prefix.len() + prefix.trim_end_matches(is_id_char).len();
    let word_end = offset + text[offset..line_end].len()
        - text[offset..line_end].trim_start_matches(is_id_char).len();
    let word = (word_start, word_end);
    let done = |stack: &Stack, place| Context {
        doc: (doc_start, doc_end),
        kind: kind.clone(),
        path: stack.path(),
        place,
        word,
        siblings: Vec::new(),
        flow: false,
    };

    // Inside a block scalar: nothing to complete; say Value of that key.
    if let Some(col) = scalar_above {
        let indent = prefix.len() - prefix.trim_start_matches(' ').len();
        if indent > col || prefix.trim().is_empty() && !text[offset..line_end].trim().is_empty() {
            return done(&stack, Place::Value);
        }
    }

    let parsed = parse(prefix);
    if parsed.dashes.len() > MAX_NESTING {
        return done(&stack, Place::Unknown);
    }
    for d in &parsed.dashes {
        stack.dash(*d);
    }
    if stack.entries.len() > MAX_NESTING {
        return done(&stack, Place::Unknown);
    }
    if let Some((col, name, value)) = parsed.key {
        stack.key(col, name, is_open(value));
        return flow(stack, value, done);
    }
    let typed = &prefix[parsed.content.min(prefix.len())..];
    if typed.starts_with(['[', '{']) {
        return flow(stack, typed, done);
    }
    if !parsed.dashes.is_empty() && typed.chars().all(is_id_char) {
        return done(&stack, Place::ItemStart);
    }
    if typed.chars().all(is_id_char) {
        let col = parsed.content;
        stack.pop_to(col);
        let mut ctx = done(&stack, Place::Key);
        ctx.siblings = siblings(doc_text, line_start - doc_start, col);
        return ctx;
    }
    done(&stack, Place::Value)
}

/// Inside the value after a colon: a plain value, or a place in a one-line `[…]` or
/// `{…}`.
fn flow(mut stack: Stack, value: &str, done: impl Fn(&Stack, Place) -> Context) -> Context {
    #[derive(Debug)]
    enum Open {
        Seq,
        Map {
            key: Option<String>,
            after_colon: bool,
        },
    }
    let mut open: Vec<Open> = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    for c in value.chars() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            } else {
                word.push(c);
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '[' | '{' if open.len() >= MAX_NESTING => return done(&stack, Place::Unknown),
            '[' => open.push(Open::Seq),
            '{' => open.push(Open::Map {
                key: None,
                after_colon: false,
            }),
            ']' | '}' => {
                open.pop();
            }
            ',' => {
                if let Some(Open::Map { key, after_colon }) = open.last_mut() {
                    *key = None;
                    *after_colon = false;
                }
            }
            ':' => {
                if let Some(Open::Map { key, after_colon }) = open.last_mut() {
                    *key = Some(word.trim().to_owned());
                    *after_colon = true;
                }
            }
            '#' if open.is_empty() => break,
            _ => {}
        }
        if matches!(c, ',' | ':' | '[' | '{' | ']' | '}') {
            word.clear();
        } else if c != '"' && c != '\'' {
            word.push(c);
        }
    }
    let mut place = Place::Value;
    for entry in &open {
        match entry {
            Open::Seq => {
                stack.entries.push((usize::MAX, Seg::Item, false));
                place = Place::Value;
            }
            Open::Map { key, after_colon } => match (key, after_colon) {
                (Some(k), true) => {
                    stack.entries.push((usize::MAX, Seg::Key(k.clone()), false));
                    place = Place::Value;
                }
                _ => place = Place::Key,
            },
        }
    }
    let mut ctx = done(&stack, place);
    ctx.flow = !open.is_empty();
    ctx
}

/// Keys written at column `col` in the mapping around line offset `at` of `doc`: up
/// and down from the cursor's line until a line starts left of the mapping (a list
/// item's first line, `- key:`, is part of it going up and ends it going down).
fn siblings(doc: &str, at: usize, col: usize) -> Vec<String> {
    let mut before = Vec::new();
    let mut after = Vec::new();
    let mut start = 0;
    for line in doc.split_inclusive('\n') {
        let end = start + line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        if end <= at {
            before.push(line);
        } else if start > at {
            after.push(line);
        }
        start = end;
    }
    let read = |line: &str| -> Option<(usize, Option<String>)> {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return None;
        }
        let parsed = parse(line);
        let starts = parsed.dashes.first().copied().unwrap_or(parsed.content);
        let key = parsed
            .key
            .filter(|(c, _, _)| *c == col)
            .map(|(_, name, _)| name.to_owned());
        Some((starts, key))
    };
    let mut keys = Vec::new();
    for line in before.iter().rev() {
        let Some((starts, key)) = read(line) else {
            continue;
        };
        keys.extend(key);
        if starts < col {
            break;
        }
    }
    keys.reverse();
    for line in after {
        let Some((starts, key)) = read(line) else {
            continue;
        };
        if starts < col {
            break;
        }
        keys.extend(key);
    }
    keys
}

#[cfg(test)]
mod tests;
