//! Flow collections on one line (`[a, "b"]`, `{k: v}`), nested a few levels at most:
//! deeper ones are left to granit.

use std::borrow::Cow;

use serde_saphyr::granit_parser::{Event, ScalarStyle, StructureStyle};

use super::lexical::{flow_plain_length, key_length, skip_spaces};
use super::{GiveUp, Line, Reader};

impl<'t> Reader<'t, '_> {
    /// `[a, "b"]` or `{k: v, k2: [w]}` on one line, at most [`FLOW_DEPTH`] deep.
    /// Returns where it ends.
    pub(super) fn flow(
        &mut self,
        line: &Line,
        open_at: usize,
        depth: usize,
    ) -> Result<usize, GiveUp> {
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
            self.end(end_event)?;
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
                _ => self.scalar_at(line, at, flow_plain_length)?,
            };
            at = skip_spaces(bytes, at, line.end);
            if at >= line.end {
                // A collection that goes on to the next line: left to granit.
                return Err(GiveUp);
            }
            if bytes[at] == close {
                self.end(end_event)?;
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
}

/// Flow collections nest at most this deep on the fast path (deeper is left to granit).
const FLOW_DEPTH: usize = 4;
