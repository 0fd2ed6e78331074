//! The lines of a file being mended: each mended line knows the line as written it
//! comes from, so that positions map back to the text the user sees.

/// A line of the mended text and where it came from.
#[derive(Clone)]
pub(super) struct Line {
    pub(super) text: String,
    /// The line as written this one comes from, and how its start changed: `(line,
    /// bytes replaced at its start, bytes written instead)`.
    pub(super) from: Option<(usize, usize, usize)>,
}

pub(super) fn lines_of(text: &str) -> Vec<&str> {
    text.split('\n').collect()
}

pub(super) fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Where a line's content starts: after its indentation and any `- ` markers.
pub(super) fn content_column(line: &str) -> usize {
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

pub(super) fn is_blank(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// The key a line starts, if it is `key: ...` or `- key: ...`.
pub(super) fn key_of(line: &str) -> Option<String> {
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
pub(super) fn replace_line(
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

pub(super) fn unchanged(original: &[&str]) -> Vec<Line> {
    original
        .iter()
        .enumerate()
        .map(|(i, l)| Line {
            text: (*l).to_owned(),
            from: Some((i, 0, 0)),
        })
        .collect()
}

/// A YAML double-quoted form of `text`.
pub(super) fn quoted(text: &str) -> String {
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
pub(super) fn quote_value(original: &[&str], index: usize, value_start: usize) -> Vec<Line> {
    let line = original[index];
    let value = line[value_start..].trim_end();
    let text = format!("{}{}", &line[..value_start], quoted(value));
    replace_line(original, index, text, value_start, value_start + 1)
}
