//! The catalogue of mends: for the mistake the parser names, each way the writer may
//! have meant the text, with the mistake in words and its fix.

use super::first_words;
use super::lines::{
    Line, content_column, indentation, is_blank, key_of, lines_of, quote_value, quoted,
    replace_line, unchanged,
};
use crate::yaml::parse::YamlError;

/// One way to mend the text.
pub(super) struct Mend {
    pub(super) lines: Vec<Line>,
    pub(super) message: String,
    pub(super) help: String,
    /// 0-based line of the mistake in the text as written, and its byte column.
    pub(super) at: (usize, usize),
    /// A line left out: its key, for the damage.
    pub(super) dropped: Option<(usize, Option<String>)>,
}

/// The mends worth trying for `error`, most likely first.
pub(super) fn mends(text: &str, error: &YamlError) -> Vec<Mend> {
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
pub(super) fn block_end(original: &[&str], index: usize) -> usize {
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

/// The indentations worth trying for line `index`, nearest first: a sibling of the
/// line above, a child of it, then every level opened above.
pub(super) fn indent_candidates(original: &[&str], index: usize) -> Vec<usize> {
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

pub(super) fn reindent(
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
