//! A fast reader for the one style plans are written in, in front of serde-saphyr's.
//!
//! Nearly every plan file is plain block YAML: `key: value` lines, indented `- ` lists,
//! one-line `[a, b]` and `{k: v}` collections, quoted one-line strings, `|` text, and
//! comments. This reader understands exactly that subset, line by line, and feeds the
//! same events with the same positions to the same [`Builder`] as serde-saphyr's parser
//! (granit, [`super::granit`]), so depth, duplicate keys and scalar resolution are
//! enforced in one place.
//!
//! It is an optimisation, never a second opinion: on anything outside the subset
//! (anchors, aliases, tags, `>` text, multi-line or escaped strings, tabs, carriage
//! returns, directives, empty values, ...) and on any error, it gives up, and
//! [`super::parse`] reads the file again with granit from the start. So every error
//! message, and every file that is not plain, comes from serde-saphyr's parser. The
//! differential tests (`fast/tests.rs`) and the fuzz target (`fuzz/`) hold the two
//! readings equal, positions included; the pieces of a line it recognises are in
//! `fast/lexical.rs`.

use std::borrow::Cow;

use serde_saphyr::granit_parser::{Event, ScalarStyle, StructureStyle};

use super::build::Builder;
use super::limits::YamlLimits;
use super::node::{Node, Pos};

mod flow;
mod lexical;
mod literal;
#[cfg(test)]
mod tests;

use lexical::{
    block_plain_length, characters, key_length, only_comment, plain_characters, quoted,
    starts_with_key,
};

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
        let end = start + memchr::memchr(b'\n', rest).unwrap_or(rest.len());
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
            self.end(Event::DocumentEnd)?;
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
        self.end(event)
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
        // Only spaces, and the `- ` of list items, come before it on its line: its column
        // in characters is its byte column.
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
        let end = match self.text.as_bytes()[at] {
            b'[' | b'{' => self.flow(line, at, 0)?,
            _ => self.scalar_at(line, at, block_plain_length)?,
        };
        // A plain value stops before its comment: the same check holds for all.
        if only_comment(&self.text[end..line.end]) {
            Ok(())
        } else {
            Err(GiveUp)
        }
    }

    /// A quoted scalar at `at`, or a plain one as long as `plain_length` finds it (block
    /// and flow context differ). Returns where it ends.
    fn scalar_at(
        &mut self,
        line: &Line,
        at: usize,
        plain_length: fn(&str) -> Option<usize>,
    ) -> Result<usize, GiveUp> {
        let text: &'t str = self.text;
        let value = &text[at..line.end];
        let (scalar, style, len) = match value.as_bytes().first() {
            Some(b'"' | b'\'') => quoted(value).ok_or(GiveUp)?,
            Some(_) => {
                let len = plain_length(value).ok_or(GiveUp)?;
                (Cow::Borrowed(&value[..len]), ScalarStyle::Plain, len)
            }
            None => return Err(GiveUp),
        };
        self.scalar(scalar, style, at, at + len, line)?;
        Ok(at + len)
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

    /// An event whose node starts at byte `start` of the text and ends before byte
    /// `end`, on line `line`, at the 0-based character column `column`: the position
    /// granit reports for it.
    fn emit(
        &mut self,
        event: Event<'t>,
        start: usize,
        end: usize,
        line: usize,
        column: usize,
    ) -> Step {
        let pos = Pos {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
            offset: Pos::narrow(start),
            len: Pos::narrow(end - start),
        };
        self.builder.event(event, pos).map_err(|_| GiveUp)
    }

    /// The end of a collection or a document: the builder makes no node of it and does
    /// not read its position, so none is computed.
    fn end(&mut self, event: Event<'t>) -> Step {
        self.builder
            .event(event, Pos::default())
            .map_err(|_| GiveUp)
    }
}
