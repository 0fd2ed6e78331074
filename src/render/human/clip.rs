//! What of a long line a finding shows: the part around the mistake, marked where it
//! was cut, so that a minified file or a 10,000-character line stays readable.

/// The longest line a snippet shows whole, in bytes; longer lines are cut.
pub(super) const LONGEST_SHOWN_LINE: usize = 240;

/// The farthest into a long line a span may start and still be shown with its line.
const FARTHEST_SHOWN_COLUMN: usize = 1000;

/// A snippet text with the lines around a span cut to [`LONGEST_SHOWN_LINE`], and the
/// span within it.
#[derive(Debug, PartialEq)]
pub(super) struct Clipped {
    pub(super) text: String,
    pub(super) offset: usize,
    pub(super) len: usize,
}

/// `Some(None)` when the lines around the span (one before, one after, as miette shows
/// them) are all short enough to show as they are. Otherwise a text in which every
/// earlier line is empty (the line numbers stay) and those lines are cut, keeping the
/// start of each (so columns stay) and at most 120 bytes past the start of the span;
/// `None` when the span starts too far into its line for that ([`FARTHEST_SHOWN_COLUMN`]).
pub(super) fn clip(text: &str, offset: usize, len: usize) -> Option<Option<Clipped>> {
    let offset = offset.min(text.len());
    let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = |at: usize| text[at..].find('\n').map_or(text.len(), |i| at + i);
    let here = line_start(offset);
    let first = if here == 0 { 0 } else { line_start(here - 1) };
    let span_end = (offset + len).min(text.len());
    let last_end = {
        let end = line_end(span_end);
        if end < text.len() {
            line_end(end + 1)
        } else {
            end
        }
    };
    let region = &text[first..last_end];
    if region.split('\n').all(|l| l.len() <= LONGEST_SHOWN_LINE) {
        return Some(None);
    }
    if offset - here > FARTHEST_SHOWN_COLUMN {
        return None;
    }
    let cut = |line: &str, keep: usize| -> String {
        let mut at = keep.min(line.len());
        while !line.is_char_boundary(at) {
            at -= 1;
        }
        if at < line.len() {
            format!("{}…", &line[..at])
        } else {
            line.to_owned()
        }
    };
    let mut out: String = "\n".repeat(text[..first].matches('\n').count());
    let mut new_offset = out.len();
    let mut new_len = 0;
    let mut at = first;
    for (i, line) in region.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let end = at + line.len();
        if (at..=end).contains(&offset) {
            let column = offset - at;
            let keep = LONGEST_SHOWN_LINE.max(column + 120);
            let shown = cut(line, keep);
            new_offset = out.len() + column.min(shown.len());
            let visible_end = (keep.min(line.len())).max(column);
            new_len = span_end.min(at + visible_end).saturating_sub(offset);
            out.push_str(&shown);
        } else {
            out.push_str(&cut(line, LONGEST_SHOWN_LINE));
        }
        at = end + 1;
    }
    Some(Some(Clipped {
        text: out,
        offset: new_offset,
        len: new_len,
    }))
}
