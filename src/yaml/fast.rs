//! A fast reader for the one style plans are written in, in front of serde-saphyr's.
//!
//! Nearly every plan file is plain block YAML: `key: value` lines, indented `- ` lists,
//! one-line `[a, b]` and `{k: v}` collections, quoted one-line strings, `|` text, and
//! comments. This reader understands exactly that subset, line by line, and feeds the
//! same events with the same spans to the same [`Builder`] as serde-saphyr's parser
//! (granit), so depth, duplicate keys and scalar resolution are enforced in one place.
//!
//! It is an optimisation, never a second opinion: on anything outside the subset
//! (anchors, aliases, tags, `>` text, multi-line or escaped strings, tabs, carriage
//! returns, directives, empty values, ...) and on any error, it gives up, and
//! [`super::build`] reads the file again with granit from the start. So every error
//! message, and every file that is not plain, comes from serde-saphyr's parser. The
//! differential tests below hold the two readings equal, positions included.

use std::borrow::Cow;

use serde_saphyr::granit_parser::{Event, Marker, ScalarStyle, Span, StructureStyle};

use super::build::Builder;
use super::node::Node;
use super::parse::YamlLimits;

/// The documents of `text`, or `None` when `text` is not in the plain subset (or is not
/// valid): the caller then reads it with granit.
pub(super) fn documents(text: &str, limits: &YamlLimits) -> Option<Vec<Node>> {
    if !plain_characters(text) {
        return None;
    }
    let mut reader = Reader {
        text,
        next: 0,
        number: 1,
        builder: Builder::new(limits, text.len()),
        open: Vec::new(),
        pending: None,
        has_root: false,
        last_column: (usize::MAX, 0, 0),
    };
    reader.run().ok()?;
    Some(reader.builder.finish())
}

/// Outside the subset, or invalid: read the file with granit instead.
struct GiveUp;

type Step = Result<(), GiveUp>;

/// Only `\n` line breaks, no tabs or other control characters, no byte-order mark, none
/// of the characters YAML treats specially (C1 controls, U+2028/9, U+FEFF, U+FFFE/F),
/// and a final line break.
fn plain_characters(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.last().is_some_and(|&b| b != b'\n') {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if (b < 0x20 && b != b'\n') || b == 0x7f {
                return false;
            }
        } else {
            let next = bytes.get(i + 1).copied().unwrap_or(0);
            let after = bytes.get(i + 2).copied().unwrap_or(0);
            let special = (b == 0xc2 && (0x80..=0x9f).contains(&next))
                || (b == 0xe2 && next == 0x80 && (after == 0xa8 || after == 0xa9))
                || (b == 0xef && next == 0xbb && after == 0xbf)
                || (b == 0xef && next == 0xbf && (after == 0xbe || after == 0xbf));
            if special {
                return false;
            }
        }
        i += 1;
    }
    true
}

/// One line of the text, without its `\n`.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    /// Leading spaces.
    indent: usize,
    /// 1-based.
    number: usize,
}

impl Line {
    fn at(text: &str, start: usize, number: usize) -> Line {
        let rest = &text.as_bytes()[start..];
        let end = start + rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        let indent = rest[..end - start]
            .iter()
            .take_while(|&&b| b == b' ')
            .count();
        Line {
            start,
            end,
            indent,
            number,
        }
    }

    fn is_blank(&self) -> bool {
        self.start + self.indent == self.end
    }
}

/// A block collection still open, by the column of its entries.
#[derive(Debug, Clone, Copy)]
struct Open {
    indent: usize,
    sequence: bool,
}

struct Reader<'t, 'l> {
    text: &'t str,
    /// Where the next line starts, and its number.
    next: usize,
    number: usize,
    builder: Builder<'l>,
    open: Vec<Open>,
    /// The column of a key written with no value on its line: its value is the block
    /// collection on the lines below.
    pending: Option<usize>,
    /// Whether the current document has its root mapping.
    has_root: bool,
    /// The last column computed: line start, byte offset, column. Columns count
    /// characters, and counting each from the start of its line would make a long
    /// one-line list quadratic.
    last_column: (usize, usize, usize),
}

impl<'t> Reader<'t, '_> {
    fn run(&mut self) -> Step {
        while self.next < self.text.len() {
            let line = Line::at(self.text, self.next, self.number);
            self.advance(&line);
            let content = &self.text[line.start + line.indent..line.end];
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            if line.indent == 0 && content.starts_with("---") {
                if !content[3..].bytes().all(|b| b == b' ') {
                    return Err(GiveUp);
                }
                self.end_document()?;
                continue;
            }
            self.content_line(&line, content)?;
        }
        self.end_document()
    }

    fn advance(&mut self, line: &Line) {
        self.next = line.end + 1;
        self.number = line.number + 1;
    }

    fn end_document(&mut self) -> Step {
        if self.pending.is_some() {
            return Err(GiveUp);
        }
        while !self.open.is_empty() {
            self.close()?;
        }
        if self.has_root {
            self.emit(Event::DocumentEnd, self.text.len(), self.text.len(), 0, 0)?;
        }
        self.has_root = false;
        Ok(())
    }

    fn close(&mut self) -> Step {
        let Some(open) = self.open.pop() else {
            return Ok(());
        };
        let event = if open.sequence {
            Event::SequenceEnd
        } else {
            Event::MappingEnd
        };
        self.emit(event, 0, 0, 0, 0)
    }

    fn content_line(&mut self, line: &Line, content: &'t str) -> Step {
        let indent = line.indent;
        let dash = content == "-" || content.starts_with("- ");
        while let Some(top) = self.open.last() {
            if top.indent > indent {
                self.close()?;
            } else {
                break;
            }
        }
        if let Some(key_column) = self.pending.take() {
            // A key's block value: more indented than the key (a list at the key's own
            // column is valid YAML, but granit places it differently; left to granit).
            if indent <= key_column {
                return Err(GiveUp);
            }
            self.open_block(line, indent, dash)?;
        } else {
            match self.open.last() {
                None if !self.has_root && indent == 0 && !dash => {
                    self.has_root = true;
                    self.open_block(line, 0, false)?;
                }
                Some(top) if top.indent == indent && top.sequence == dash => {}
                _ => return Err(GiveUp),
            }
        }
        if dash {
            self.item(line, content)
        } else {
            self.entry(line, indent)
        }
    }

    fn open_block(&mut self, line: &Line, indent: usize, sequence: bool) -> Step {
        let at = line.start + indent;
        let event = if sequence {
            Event::SequenceStart(StructureStyle::Block, 0, None)
        } else {
            Event::MappingStart(StructureStyle::Block, 0, None)
        };
        self.emit(event, at, at, line.number, indent)?;
        self.open.push(Open { indent, sequence });
        Ok(())
    }

    /// `- value` or `- key: value` (the first entry of a mapping in the list).
    fn item(&mut self, line: &Line, content: &'t str) -> Step {
        let spaces = content[1..].bytes().take_while(|&b| b == b' ').count();
        let rest = &content[1 + spaces..];
        if rest.is_empty() || rest.starts_with('#') || rest == "-" || rest.starts_with("- ") {
            return Err(GiveUp);
        }
        let column = line.indent + 1 + spaces;
        if starts_with_key(rest) {
            self.open_block(line, column, false)?;
            return self.entry(line, column);
        }
        self.inline_value(line, column)
    }

    /// `key: value`, `key: |` or `key:` with its value on the lines below.
    fn entry(&mut self, line: &Line, column: usize) -> Step {
        let rest = &self.text[line.start + column..line.end];
        let key_len = key_length(rest);
        if key_len == 0 || rest.as_bytes().get(key_len) != Some(&b':') {
            return Err(GiveUp);
        }
        let key_at = line.start + column;
        self.scalar(
            Cow::Borrowed(&rest[..key_len]),
            ScalarStyle::Plain,
            key_at,
            key_at + key_len,
            line,
        )?;
        let after = &rest[key_len + 1..];
        let spaces = after.bytes().take_while(|&b| b == b' ').count();
        let value = &after[spaces..];
        if value.is_empty() || (spaces > 0 && value.starts_with('#')) {
            self.pending = Some(column);
            return Ok(());
        }
        if spaces == 0 {
            return Err(GiveUp);
        }
        let value_column = column + key_len + 1 + spaces;
        if value.starts_with('|') {
            return self.literal(value, column);
        }
        self.inline_value(line, value_column)
    }

    /// A value that ends on its line, written at `column`. A more-indented line below
    /// would continue it; [`Self::content_line`] gives up on such a line, as nothing is
    /// open to take it. (A more-indented comment line is only a comment.)
    fn inline_value(&mut self, line: &Line, column: usize) -> Step {
        let at = line.start + column;
        let value = &self.text[at..line.end];
        let end = match value.as_bytes()[0] {
            b'"' | b'\'' => {
                let (text, style, len) = quoted(value).ok_or(GiveUp)?;
                self.scalar(text, style, at, at + len, line)?;
                at + len
            }
            b'[' | b'{' => self.flow(line, at, 0)?,
            _ => {
                let len = block_plain_length(value).ok_or(GiveUp)?;
                self.scalar(
                    Cow::Borrowed(&value[..len]),
                    ScalarStyle::Plain,
                    at,
                    at + len,
                    line,
                )?;
                return Ok(());
            }
        };
        if only_comment(&self.text[end..line.end]) {
            Ok(())
        } else {
            Err(GiveUp)
        }
    }

    /// `[a, "b"]` or `{k: v, k2: [w]}` on one line, at most [`FLOW_DEPTH`] deep.
    /// Returns where it ends.
    fn flow(&mut self, line: &Line, open_at: usize, depth: usize) -> Result<usize, GiveUp> {
        if depth >= FLOW_DEPTH {
            return Err(GiveUp);
        }
        let bytes = self.text.as_bytes();
        let mapping = bytes[open_at] == b'{';
        let (start_event, end_event, close) = if mapping {
            (
                Event::MappingStart(StructureStyle::Flow, 0, None),
                Event::MappingEnd,
                b'}',
            )
        } else {
            (
                Event::SequenceStart(StructureStyle::Flow, 0, None),
                Event::SequenceEnd,
                b']',
            )
        };
        self.scalar_like(start_event, open_at, open_at + 1, line)?;
        let mut at = skip_spaces(bytes, open_at + 1, line.end);
        if bytes.get(at) == Some(&close) && at < line.end {
            self.emit(end_event, 0, 0, 0, 0)?;
            return Ok(at + 1);
        }
        loop {
            if mapping {
                let len = key_length(&self.text[at..line.end]);
                if len == 0
                    || bytes.get(at + len) != Some(&b':')
                    || bytes.get(at + len + 1) != Some(&b' ')
                {
                    return Err(GiveUp);
                }
                self.scalar(
                    Cow::Borrowed(&self.text[at..at + len]),
                    ScalarStyle::Plain,
                    at,
                    at + len,
                    line,
                )?;
                at = skip_spaces(bytes, at + len + 1, line.end);
            }
            at = match bytes.get(at) {
                Some(b'[' | b'{') if at < line.end => self.flow(line, at, depth + 1)?,
                _ => self.flow_scalar(line, at)?,
            };
            at = skip_spaces(bytes, at, line.end);
            if at >= line.end {
                // A collection that goes on to the next line: left to granit.
                return Err(GiveUp);
            }
            if bytes[at] == close {
                self.emit(end_event, 0, 0, 0, 0)?;
                return Ok(at + 1);
            }
            if bytes[at] != b',' {
                return Err(GiveUp);
            }
            at = skip_spaces(bytes, at + 1, line.end);
            if at >= line.end || bytes[at] == close {
                // `[a, ]`, or a collection that goes on: left to granit.
                return Err(GiveUp);
            }
        }
    }

    /// One scalar inside a flow collection. Returns where it ends.
    fn flow_scalar(&mut self, line: &Line, at: usize) -> Result<usize, GiveUp> {
        let value = &self.text[at..line.end];
        match value.as_bytes().first() {
            Some(b'"' | b'\'') => {
                let (text, style, len) = quoted(value).ok_or(GiveUp)?;
                self.scalar(text, style, at, at + len, line)?;
                Ok(at + len)
            }
            Some(_) => {
                let len = flow_plain_length(value).ok_or(GiveUp)?;
                self.scalar(
                    Cow::Borrowed(&value[..len]),
                    ScalarStyle::Plain,
                    at,
                    at + len,
                    line,
                )?;
                Ok(at + len)
            }
            None => Err(GiveUp),
        }
    }

    /// `key: |`, `|-` or `|+`: the more-indented lines below, as text.
    fn literal(&mut self, header: &str, key_column: usize) -> Step {
        let chomp = match header.as_bytes().get(1) {
            Some(b'-') => Chomp::Strip,
            Some(b'+') => Chomp::Keep,
            _ => Chomp::Clip,
        };
        let after = if chomp == Chomp::Clip { 1 } else { 2 };
        if !only_comment(&header[after..]) {
            return Err(GiveUp);
        }
        if self.next >= self.text.len() {
            return Err(GiveUp);
        }
        let first = Line::at(self.text, self.next, self.number);
        if first.is_blank() || first.indent <= key_column {
            // Leading empty lines, or an empty text: left to granit.
            return Err(GiveUp);
        }
        let indent = first.indent;
        let mut lines: Vec<&str> = Vec::new();
        let mut end = self.text.len();
        while self.next < self.text.len() {
            let current = Line::at(self.text, self.next, self.number);
            if current.is_blank() {
                if current.end - current.start > indent {
                    return Err(GiveUp);
                }
                lines.push("");
            } else if current.indent >= indent {
                lines.push(&self.text[current.start + indent..current.end]);
            } else {
                end = current.start + current.indent;
                break;
            }
            self.advance(&current);
        }
        let kept = match chomp {
            Chomp::Keep => lines.len(),
            Chomp::Clip | Chomp::Strip => lines
                .iter()
                .rposition(|l| !l.is_empty())
                .map_or(0, |i| i + 1),
        };
        let mut value = String::with_capacity(end - first.start);
        for (i, text) in lines[..kept].iter().enumerate() {
            value.push_str(text);
            if i + 1 < kept || chomp != Chomp::Strip {
                value.push('\n');
            }
        }
        let start = first.start + indent;
        self.scalar(Cow::Owned(value), ScalarStyle::Literal, start, end, &first)
    }

    fn scalar(
        &mut self,
        text: Cow<'t, str>,
        style: ScalarStyle,
        start: usize,
        end: usize,
        line: &Line,
    ) -> Step {
        self.scalar_like(Event::Scalar(text, style, 0, None), start, end, line)
    }

    fn scalar_like(&mut self, event: Event<'t>, start: usize, end: usize, line: &Line) -> Step {
        let column = self.column(line.start, start);
        self.emit(event, start, end, line.number, column)
    }

    /// The column (in characters) of byte `at` of the line starting at `line_start`,
    /// counted on from the last one asked on the same line.
    fn column(&mut self, line_start: usize, at: usize) -> usize {
        let (last_line, last_at, last_column) = self.last_column;
        let (from, base) = if last_line == line_start && last_at <= at {
            (last_at, last_column)
        } else {
            (line_start, 0)
        };
        let column = base + characters(&self.text[from..at]);
        self.last_column = (line_start, at, column);
        column
    }

    fn emit(
        &mut self,
        event: Event<'t>,
        start: usize,
        end: usize,
        line: usize,
        column: usize,
    ) -> Step {
        let span = Span::new(
            Marker::new(start, line, column).with_byte_offset(Some(start)),
            Marker::new(end, line, column).with_byte_offset(Some(end)),
        );
        self.builder.event(event, &span).map_err(|_| GiveUp)
    }
}

/// Flow collections nest at most this deep on the fast path (deeper is left to granit).
const FLOW_DEPTH: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chomp {
    Clip,
    Strip,
    Keep,
}

fn characters(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
    }
}

fn skip_spaces(bytes: &[u8], mut at: usize, end: usize) -> usize {
    while at < end && bytes[at] == b' ' {
        at += 1;
    }
    at
}

/// The longest plain key granit accepts (as libyaml: a simple key spans at most 1024
/// characters).
const MAX_KEY: usize = 1024;

/// A key of the subset: a word of letters, digits, `_` and `-`, not starting with `-`,
/// of at most [`MAX_KEY`] characters; 0 when there is none.
fn key_length(text: &str) -> usize {
    let bytes = text.as_bytes();
    if bytes.first().is_none_or(|&b| b == b'-') {
        return 0;
    }
    let len = bytes
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        .count();
    if len > MAX_KEY { 0 } else { len }
}

fn starts_with_key(text: &str) -> bool {
    let len = key_length(text);
    len > 0
        && text.as_bytes().get(len) == Some(&b':')
        && matches!(text.as_bytes().get(len + 1), None | Some(b' '))
}

/// Nothing, or spaces, or spaces then a comment.
fn only_comment(rest: &str) -> bool {
    let trimmed = rest.trim_start_matches(' ');
    trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < rest.len())
}

/// Whether a plain scalar of the subset may start with this byte: not an indicator,
/// except `-` before a non-space (`-5`).
fn plain_start(text: &str) -> bool {
    let bytes = text.as_bytes();
    match bytes.first() {
        None => false,
        Some(b'-') => !matches!(bytes.get(1), None | Some(b' ')),
        Some(
            b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|'
            | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`' | b' ',
        ) => false,
        Some(_) => true,
    }
}

/// The length of a plain value that fills the rest of a block line, up to a comment
/// and without trailing spaces; `None` when it is not plain or holds `: `.
fn block_plain_length(text: &str) -> Option<usize> {
    if !plain_start(text) {
        return None;
    }
    let body = match text.find(" #") {
        Some(comment) => &text[..comment],
        None => text,
    };
    let body = body.trim_end_matches(' ');
    if body.is_empty() || body.contains(": ") || body.ends_with(':') {
        return None;
    }
    Some(body.len())
}

/// The length of a plain scalar inside a flow collection, without trailing spaces;
/// `None` when it holds anything a flow scalar of the subset may not.
fn flow_plain_length(text: &str) -> Option<usize> {
    // Inside brackets `-` may not start a scalar before a flow indicator either (`[-]`).
    let bytes = text.as_bytes();
    if !plain_start(text)
        || (bytes[0] == b'-' && matches!(bytes.get(1), Some(b',' | b'[' | b']' | b'{' | b'}')))
    {
        return None;
    }
    let len = text
        .bytes()
        .position(|b| matches!(b, b',' | b']' | b'}'))
        .unwrap_or(text.len());
    let body = text[..len].trim_end_matches(' ');
    if body.is_empty()
        || body
            .bytes()
            .any(|b| matches!(b, b'[' | b'{' | b'#' | b':' | b'"' | b'\''))
    {
        return None;
    }
    Some(body.len())
}

/// A one-line quoted scalar at the start of `text`: its value, style and written length
/// (quotes included). `None` for escapes in double quotes or an unclosed quote.
fn quoted(text: &str) -> Option<(Cow<'_, str>, ScalarStyle, usize)> {
    let bytes = text.as_bytes();
    if bytes[0] == b'"' {
        let close = 1 + text[1..].find('"')?;
        let inner = &text[1..close];
        if inner.contains('\\') {
            return None;
        }
        return Some((Cow::Borrowed(inner), ScalarStyle::DoubleQuoted, close + 1));
    }
    let mut at = 1;
    let mut doubled = false;
    loop {
        let close = at + text[at..].find('\'')?;
        if bytes.get(close + 1) == Some(&b'\'') {
            doubled = true;
            at = close + 2;
            continue;
        }
        let inner = &text[1..close];
        let value = if doubled {
            Cow::Owned(inner.replace("''", "'"))
        } else {
            Cow::Borrowed(inner)
        };
        return Some((value, ScalarStyle::SingleQuoted, close + 1));
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::build::build_with_granit;
    use super::*;

    fn limits() -> YamlLimits {
        YamlLimits::default()
    }

    /// The fast reader reads `text`, and reads it as granit does, positions included.
    fn assert_read_as_granit(text: &str) {
        let fast = documents(text, &limits());
        let Some(fast) = fast else {
            panic!("left to granit:\n{text}");
        };
        let granit = build_with_granit(text, &limits());
        assert_eq!(Ok(fast), granit, "\n{text}");
    }

    fn assert_left_to_granit(text: &str) {
        assert_eq!(documents(text, &limits()), None, "\n{text}");
    }

    #[test]
    fn the_plain_style_is_read_as_granit_reads_it() {
        for text in [
            "kind: Objective\nid: O-1\ntitle: \"Qual \u{20ac}7,761\"\n",
            "# comment\n\nkind: Goal # trailing\nid: G-1   \n",
            "supports: [G-a, G-b]\nx: {date: 2025-09-09, value: 62, note: first full month}\n",
            "f: [ a , \"b\" ]\ne: []\nm: {}\n",
            "c: [{id: KR-1, expected: -1.26}, KR-2, {id: KR-3, expected: 3}]\nn: {a: [1, 2], b: {c: []}}\n",
            "g: 'it''s'\nh: 'plain'\ni: \"\u{e9}t\u{e9}\"\n",
            "f: [\"\u{e9}t\u{e9}\", x, {k: \u{20ac}, l: 'm'}]\n",
            "d: |\n  Context.\n\n  - a\n    b\nnext: 1\n",
            "a: |\n  x\n   y\n\n\n# c\nb: |-\n  z\n\nc: |+\n  w\n\n\nh: |\n  last\n",
            "o:\n  d: |\n    x\n\n  e: 1\n",
            "a: |  # note\n  x\n  # not a comment\nb: 1\n",
            "key_results:\n  - id: KR-1\n    t: 1\n  - id: KR-2\n    checkins:\n      - {date: 2025-09-09, value: 62}\n",
            "list:\n  - a\n  - -5\n  - \"q\"   # c\n  - [x, y]\n",
            "---\nkind: x\n---\n# only a comment\n---\nkind: y\n",
            "---\n---\n",
            "",
            "# nothing\n",
            "n: -3\nf: 1.5\nb: true\nno: no\nnull: ~\nbig: 123456789012345678901\n",
            "url: https://example.com/a#b\ntext: C# and F#\nmix: a [b] {c}, d\n",
            "x: ...\ny: [...]\nz: ---x\n",
            "1: one\ntrue: two\n",
            "deep:\n  a:\n    b:\n      c: 1\n  d: 2\n",
            "k: \"a: b\"\nq: 'x # y'\n",
            "a: b\n  # c\nd: 1\nl:\n  - x\n     # c\n  - y\n",
        ] {
            assert_read_as_granit(text);
        }
    }

    #[test]
    fn everything_else_is_left_to_granit() {
        for text in [
            "a: 1",                  // no final line break
            "a: 1\r\n",              // carriage return
            "a:\t1\n",               // tab
            "\u{feff}a: 1\n",        // byte-order mark
            "a: &x 1\nb: *x\n",      // anchors and aliases
            "a: !!str 1\n",          // tags
            "a: >\n  folded\n",      // folded text
            "a: |2\n   x\n",         // indentation indicator
            "a: |\n\n  x\n",         // leading empty line
            "a: |\n  x\n    \n",     // a blank line with more spaces than the text
            "a: \"esc\\n\"\n",       // escapes
            "a: \"two\n  lines\"\n", // multi-line quotes
            "a: b\n  c\n",           // multi-line plain
            "a: b\n\n  c\n",
            "a: b: c\n",              // `: ` in a plain value
            "a:\n",                   // empty value
            "a:\nb: 1\n",             // empty value
            "a:\n- x\n",              // a list at the key's column
            "- x\n",                  // a root list
            "  a: 1\n",               // an indented root
            "a: [x,\n  y]\n",         // multi-line flow
            "a: [x, ]\n",             // trailing comma
            "a: {b:c}\n",             // `b:c` is one plain scalar in a flow mapping
            "a: [[[[[x]]]]]\n",       // deeply nested flow
            "? a\n: b\n",             // complex key
            "\"a\": 1\n",             // quoted key
            "a b: 1\n",               // key with a space
            "%YAML 1.2\n---\na: 1\n", // directive
            "a: 1\n...\n",            // document end marker
            "--- a\n",                // content after the marker
            "a: 1\na: 2\n",           // duplicate key: granit speaks
            "a:b\n",
            "a: - b\n",
            "l:\n  - - x\n",
            "l:\n  -\n    x\n",
            "a: 1\n b: 2\n", // a stray indent
            "a: \u{85}x\n",  // NEL
        ] {
            assert_left_to_granit(text);
        }
    }

    #[test]
    fn keys_longer_than_granit_allows_are_left_to_it() {
        let key = "k".repeat(MAX_KEY);
        assert_read_as_granit(&format!("{key}: 1\nl:\n  - {key}: 1\nf: {{{key}: 1}}\n"));
        let key = "k".repeat(MAX_KEY + 1);
        assert_left_to_granit(&format!("{key}: 1\n"));
        assert_left_to_granit(&format!("l:\n  - {key}: 1\n"));
        assert_left_to_granit(&format!("a: {{b: 1, {key}: 1}}\n"));
    }

    #[test]
    fn a_long_one_line_list_reads_in_linear_time() {
        for item in ["x", "\u{e9}"] {
            let mut text = String::from("a: [");
            while text.len() < 1 << 20 {
                text.push_str(item);
                text.push(',');
            }
            text.push_str("z]\n");
            let start = std::time::Instant::now();
            let read = documents(&text, &limits());
            assert!(read.is_some());
            // Quadratic column counting took seconds in a release build.
            assert!(
                start.elapsed() < std::time::Duration::from_secs(3),
                "{:?}",
                start.elapsed()
            );
        }
    }

    #[test]
    fn too_deep_is_left_to_granit() {
        let mut text = String::new();
        for depth in 0..100 {
            text.push_str(&" ".repeat(depth));
            text.push_str("a:\n");
        }
        text.push_str(&" ".repeat(100));
        text.push_str("b: 1\n");
        assert_left_to_granit(&text);
    }

    #[test]
    fn the_worked_example_is_read_the_fast_way() {
        let mut files = Vec::new();
        super::super::oracle::yaml_files(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/example"),
            &mut files,
        );
        assert!(files.len() > 5);
        for path in files {
            let text = std::fs::read_to_string(&path).expect("fixture is text");
            assert_read_as_granit(&text);
        }
    }

    /// Every fixture (and with BEARING_DIFF_DIR, a whole workload): where the fast reader
    /// reads a file, it reads it as granit does.
    #[test]
    fn wherever_the_fast_reader_reads_it_agrees_with_granit() {
        let mut files = Vec::new();
        super::super::oracle::yaml_files(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
            &mut files,
        );
        if let Ok(extra) = std::env::var("BEARING_DIFF_DIR") {
            super::super::oracle::yaml_files(std::path::Path::new(&extra), &mut files);
        }
        let mut read = 0;
        for path in &files {
            let text = std::fs::read_to_string(path).expect("fixture is text");
            if let Some(fast) = documents(&text, &limits()) {
                read += 1;
                assert_eq!(
                    Ok(fast),
                    build_with_granit(&text, &limits()),
                    "{}",
                    path.display()
                );
            }
        }
        assert!(
            read * 2 > files.len(),
            "{read} of {} read fast",
            files.len()
        );
    }

    const KEYS: &[&str] = &[
        "id", "title", "k-1", "_x", "1", "true", "a b", "\u{e9}", "key:", "-k", "n",
    ];

    const WORDS: &[&str] = &[
        "a",
        "hello world",
        "-5",
        "3.14",
        "2026-Q1",
        "2025-09-09",
        "true",
        "no",
        "~",
        "null",
        "x: y",
        "a #b",
        "a#b",
        "\u{20ac}7,761",
        "it's",
        "\"q\"",
        "[x]",
        "{y}",
        "- z",
        ":",
        "?",
        "&a",
        "*a",
        "!t",
        "|",
        ">",
        "%",
        "@x",
        "`",
        "a,b",
        "",
        " lead",
        "trail ",
        "1e3",
        "0x1F",
        "...",
        "---",
        "C#",
        "https://x.y/z",
        "100%",
        "a  b",
        "'",
        "\\",
        "x:",
        "\u{e9}t\u{e9}",
    ];

    #[derive(Debug, Clone)]
    enum Shape {
        Word(usize, u8),
        Literal(Vec<usize>, u8),
        Flow(Vec<usize>, bool),
        Map(Vec<(usize, Shape)>),
        List(Vec<Shape>),
    }

    fn shape() -> impl Strategy<Value = Shape> {
        let leaf = prop_oneof![
            (0..WORDS.len(), 0u8..4).prop_map(|(w, s)| Shape::Word(w, s)),
            (prop::collection::vec(0..WORDS.len(), 1..4), 0u8..6)
                .prop_map(|(l, c)| Shape::Literal(l, c)),
            (prop::collection::vec(0..WORDS.len(), 0..4), any::<bool>())
                .prop_map(|(items, m)| Shape::Flow(items, m)),
        ];
        leaf.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec((0..KEYS.len(), inner.clone()), 1..4).prop_map(Shape::Map),
                prop::collection::vec(inner, 1..4).prop_map(Shape::List),
            ]
        })
    }

    fn word(w: usize, style: u8) -> String {
        let text = WORDS[w];
        match style {
            1 => format!("\"{text}\""),
            2 => format!("'{}'", text.replace('\'', "''")),
            _ => text.to_owned(),
        }
    }

    /// Writes `shape` as the value of a key (or list item) whose entries are at `indent`.
    fn render(shape: &Shape, indent: usize, step: usize, out: &mut String) {
        match shape {
            Shape::Word(w, style) => {
                out.push(' ');
                out.push_str(&word(*w, *style));
                if *style == 3 {
                    out.push_str(" # note");
                }
                out.push('\n');
            }
            Shape::Literal(lines, chomp) => {
                out.push_str([" |", " |-", " |+", " |", " | # c", " |"][usize::from(*chomp)]);
                out.push('\n');
                for (i, l) in lines.iter().enumerate() {
                    if *chomp == 5 && i == 1 {
                        out.push('\n');
                    }
                    out.push_str(&" ".repeat(indent + step));
                    out.push_str(WORDS[*l]);
                    out.push('\n');
                }
                if *chomp >= 2 {
                    out.push('\n');
                }
            }
            Shape::Flow(items, mapping) => {
                let items: Vec<String> = items
                    .iter()
                    .enumerate()
                    .map(|(i, w)| {
                        let item = match w % 7 {
                            0 => format!("[{}]", word(*w, 0)),
                            1 => format!("{{{}: {}}}", KEYS[i % KEYS.len()], word(*w, 1)),
                            _ => word(*w, (*w % 3) as u8),
                        };
                        if *mapping {
                            format!("{}: {item}", KEYS[i % KEYS.len()])
                        } else {
                            item
                        }
                    })
                    .collect();
                let (open, close) = if *mapping { ("{", "}") } else { ("[", "]") };
                out.push_str(&format!(" {open}{}{close}\n", items.join(", ")));
            }
            Shape::Map(entries) => {
                out.push('\n');
                for (k, v) in entries {
                    out.push_str(&" ".repeat(indent + step));
                    out.push_str(KEYS[*k]);
                    out.push(':');
                    render(v, indent + step, step, out);
                }
            }
            Shape::List(items) => {
                out.push('\n');
                for item in items {
                    out.push_str(&" ".repeat(indent + step));
                    out.push('-');
                    match item {
                        Shape::Map(entries) => {
                            for (i, (k, v)) in entries.iter().enumerate() {
                                if i > 0 {
                                    out.push_str(&" ".repeat(indent + step + 2));
                                } else {
                                    out.push(' ');
                                }
                                out.push_str(KEYS[*k]);
                                out.push(':');
                                render(v, indent + step + 2, step, out);
                            }
                        }
                        other => render(other, indent + step, step, out),
                    }
                }
            }
        }
    }

    fn document(entries: &[(usize, Shape)], step: usize) -> String {
        let mut out = String::from("# a plan\n");
        for (k, v) in entries {
            out.push_str(KEYS[*k]);
            out.push(':');
            render(v, 0, step, &mut out);
        }
        out
    }

    const NOISE: &[&str] = &[
        " ", "\n", "#", ":", "-", "\"", "'", "|", "[", "]", ",", "\t", "\u{e9}", "  ", "---\n", "&",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Plan-shaped documents, and the same with a stray character: whatever the fast
        /// reader reads, it reads as granit does.
        #[test]
        fn generated_documents_read_alike(
            entries in prop::collection::vec((0..KEYS.len(), shape()), 1..5),
            step in 1usize..5,
            noise in proptest::option::of((any::<prop::sample::Index>(), 0..NOISE.len())),
        ) {
            let mut text = document(&entries, step);
            if let Some((at, n)) = noise {
                let mut at = at.index(text.len());
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                text.insert_str(at, NOISE[n]);
            }
            if let Some(fast) = documents(&text, &limits()) {
                prop_assert_eq!(Ok(fast), build_with_granit(&text, &limits()), "{}", text);
            }
        }
    }

    /// The generator is not vacuous: most clean documents of plain words are read fast.
    #[test]
    fn the_generator_reaches_the_fast_reader() {
        let plain = Shape::Map(vec![
            (0, Shape::Word(0, 0)),
            (1, Shape::Flow(vec![1, 2], false)),
            (
                2,
                Shape::List(vec![
                    Shape::Word(4, 1),
                    Shape::Map(vec![(0, Shape::Literal(vec![1, 2], 0))]),
                ]),
            ),
        ]);
        for step in 1..5 {
            assert_read_as_granit(&document(&[(0, plain.clone())], step));
        }
    }
}
