//! Block scalars (`key: |`, `|-`, `|+`): the more-indented lines below, as text, with
//! their final line breaks chomped as the header says.

use std::borrow::Cow;

use serde_saphyr::granit_parser::ScalarStyle;

use super::lexical::only_comment;
use super::{GiveUp, Line, Reader, Step};

impl<'t> Reader<'t, '_> {
    /// `key: |`, `|-` or `|+`: the more-indented lines below, as text.
    pub(super) fn literal(&mut self, header: &str, key_column: usize) -> Step {
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chomp {
    Clip,
    Strip,
    Keep,
}
