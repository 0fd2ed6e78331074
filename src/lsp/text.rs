//! Positions as editors count them: the Language Server Protocol names a place by line
//! and UTF-16 code unit, bearing by byte offset. Every conversion clamps: a position
//! past the end of a line or of the text (a stale or hostile client) lands on the
//! nearest real place, never a panic.

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

/// The start of every line of a text, for converting both ways.
#[derive(Debug, Clone)]
pub(super) struct LineIndex {
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    pub(super) fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// The LSP position of byte `offset` (clamped to the text, moved back to a
    /// character boundary).
    pub(super) fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let character: usize = text[start..offset].chars().map(char::len_utf16).sum();
        Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            character: u32::try_from(character).unwrap_or(u32::MAX),
        }
    }

    /// The byte offset of an LSP position: a line past the end is the end of the text,
    /// a character past the end of its line is the end of that line, and a character
    /// inside a surrogate pair is the start of that character.
    pub(super) fn offset(&self, text: &str, position: Position) -> usize {
        let line = position.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let (_, end) = self.line_span(text, line);
        let mut units = 0usize;
        for (i, c) in text[start..end].char_indices() {
            if units + c.len_utf16() > position.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }

    pub(super) fn range(&self, text: &str, start: usize, end: usize) -> Range {
        Range {
            start: self.position(text, start),
            end: self.position(text, end.max(start)),
        }
    }

    /// The byte range of line `line` without its line break; an empty range at the end
    /// of the text for a line past it.
    pub(super) fn line_span(&self, text: &str, line: usize) -> (usize, usize) {
        let Some(&start) = self.starts.get(line) else {
            return (text.len(), text.len());
        };
        let mut end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |next| next - 1);
        if text[start..end].ends_with('\r') {
            end -= 1;
        }
        (start, end)
    }

    pub(super) fn line_count(&self) -> usize {
        self.starts.len()
    }
}

/// Applies one change of `textDocument/didChange`: a whole new text, or a range
/// replaced (incremental sync).
pub(super) fn apply_change(text: &mut String, change: TextDocumentContentChangeEvent) {
    match change.range {
        None => *text = change.text,
        Some(range) => {
            let index = LineIndex::new(text);
            let start = index.offset(text, range.start);
            let end = index.offset(text, range.end).max(start);
            text.replace_range(start..end, &change.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn offsets_and_positions_round_trip_with_utf16() {
        let text = "kind: Goal\ntitle: Café 𝄞 ok\r\nid: G-a";
        let index = LineIndex::new(text);
        for offset in (0..=text.len()).filter(|o| text.is_char_boundary(*o)) {
            let p = index.position(text, offset);
            let back = index.offset(text, p);
            // The `\r` of `\r\n` maps to the end of its line.
            if text[..offset].ends_with('\r') {
                continue;
            }
            assert_eq!(back, offset, "{offset} -> {p:?}");
        }
        // `𝄞` is two UTF-16 units.
        let after_clef = text.find(" ok").expect("in text");
        assert_eq!(index.position(text, after_clef), pos(1, 14));
    }

    #[test]
    fn positions_out_of_range_are_clamped() {
        let text = "a: 1\nbb: 2\n";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(text, pos(0, 999)), 4);
        assert_eq!(index.offset(text, pos(99, 0)), text.len());
        assert_eq!(index.position(text, 999), pos(2, 0));
        // Inside a surrogate pair: the start of the character.
        let clef = "x𝄞y";
        let index = LineIndex::new(clef);
        assert_eq!(index.offset(clef, pos(0, 2)), 1);
    }

    #[test]
    fn incremental_changes_apply_by_position() {
        let mut text = "kind: Goal\nid: G-a\n".to_owned();
        apply_change(
            &mut text,
            TextDocumentContentChangeEvent {
                range: Some(Range {
                    start: pos(1, 4),
                    end: pos(1, 7),
                }),
                range_length: None,
                text: "G-b".to_owned(),
            },
        );
        assert_eq!(text, "kind: Goal\nid: G-b\n");
        // A reversed range replaces nothing before its start.
        apply_change(
            &mut text,
            TextDocumentContentChangeEvent {
                range: Some(Range {
                    start: pos(0, 4),
                    end: pos(0, 0),
                }),
                range_length: None,
                text: "!".to_owned(),
            },
        );
        assert_eq!(text, "kind!: Goal\nid: G-b\n");
    }
}
