//! The text edit of a check-in: one new line (or a `checkins:` key and one line) in the
//! key result's block, every other byte of the file kept.
//!
//! Line-based on purpose: the loader tells where the key result and its `checkins`
//! start, and the block of a YAML mapping ends at the first content line indented less
//! than its keys. No YAML is re-emitted, so comments, blank lines, quoting and the
//! order of keys cannot change; the caller re-reads the result with the real loader and
//! refuses it unless the plan differs by exactly the new check-in.

/// Where the key result is, as the loader found it (0-based lines, columns in bytes
/// from the start of the line: plan files indent with spaces).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Place {
    /// The line of the key result's first key (`id: …` after `- `).
    pub kr_line: usize,
    /// The column of its keys.
    pub key_column: usize,
    /// Its `checkins` list, if it has one.
    pub checkins: Option<Checkins>,
}

/// A `checkins` value as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Checkins {
    /// `checkins:` then `- …` lines; the line and column of the first `-`.
    Block {
        first_item_line: usize,
        dash_column: usize,
    },
    /// `checkins: [ … ]` on one line; the line of the `[`.
    Flow { line: usize },
}

/// Why a check-in cannot be written in place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum InsertError {
    #[error("{0}")]
    Shape(String),
}

/// `text` with `entry` (a flow mapping, `{date: …, value: …}`) added as the key
/// result's last check-in.
pub(crate) fn insert(text: &str, place: Place, entry: &str) -> Result<String, InsertError> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let line = |i: usize| lines.get(i).copied().unwrap_or("");
    if line(place.kr_line)
        .get(place.key_column..)
        .is_some_and(|s| s.starts_with('{'))
    {
        return Err(InsertError::Shape(
            "it is written as a one-line `{…}` mapping; write it as a block to check in".to_owned(),
        ));
    }
    match place.checkins {
        Some(Checkins::Flow { line: at }) => insert_in_flow(&lines, at, entry),
        Some(Checkins::Block {
            first_item_line,
            dash_column,
        }) => {
            // Items at the key's own column (`checkins:` then `- …` unindented) are
            // still items: a line at that column starting with `-` continues the list.
            let last = block_end(&lines, first_item_line, |indent, rest| {
                indent > dash_column || (indent == dash_column && rest.starts_with('-'))
            });
            let new_line = format!("{}- {entry}", " ".repeat(dash_column));
            Ok(splice(&lines, last, &[new_line]))
        }
        None => {
            let column = place.key_column;
            let last = block_end(&lines, place.kr_line, |indent, _| indent >= column);
            let key = format!("{}checkins:", " ".repeat(column));
            let item = format!("{}- {entry}", " ".repeat(column + 2));
            Ok(splice(&lines, last, &[key, item]))
        }
    }
}

/// The last content line of the block that starts at `start`: lines continue it while
/// `inside(indent, text after the indent)` holds; blank and comment lines neither
/// continue nor end it, so a comment after the block stays after the new line.
fn block_end(lines: &[&str], start: usize, inside: impl Fn(usize, &str) -> bool) -> usize {
    let mut last = start;
    for (i, raw) in lines.iter().enumerate().skip(start + 1) {
        let content = raw.trim_end_matches(['\n', '\r']);
        let rest = content.trim_start_matches(' ');
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        let indent = content.len() - rest.len();
        if indent == 0 && (rest.starts_with("---") || rest.starts_with("...")) {
            break;
        }
        if !inside(indent, rest) {
            break;
        }
        last = i;
    }
    last
}

/// The lines with `new` inserted after line `after`, in the file's line endings.
fn splice(lines: &[&str], after: usize, new: &[String]) -> String {
    let eol = if lines.get(after).is_some_and(|l| l.ends_with("\r\n")) {
        "\r\n"
    } else {
        "\n"
    };
    let mut out = String::with_capacity(lines.iter().map(|l| l.len()).sum::<usize>() + 128);
    for (i, l) in lines.iter().enumerate() {
        out.push_str(l);
        if i == after {
            // A last line without a newline keeps having none: the new lines go after one.
            let unterminated = !l.ends_with('\n');
            for n in new {
                if unterminated {
                    out.push_str(eol);
                    out.push_str(n);
                } else {
                    out.push_str(n);
                    out.push_str(eol);
                }
            }
        }
    }
    out
}

/// `checkins: [a, b]` → `checkins: [a, b, entry]`, on its one line.
fn insert_in_flow(lines: &[&str], at: usize, entry: &str) -> Result<String, InsertError> {
    let refuse = || {
        InsertError::Shape(
            "its `checkins` list spans several lines in `[…]` style; write it as a block list to check in"
                .to_owned(),
        )
    };
    let line = lines.get(at).ok_or_else(refuse)?;
    let content = line.trim_end_matches(['\n', '\r']);
    let close = content.rfind(']').ok_or_else(refuse)?;
    let open = content.find('[').ok_or_else(refuse)?;
    // Only a comment may follow the `]`.
    let after = content[close + 1..].trim();
    if !(after.is_empty() || after.starts_with('#')) || open > close {
        return Err(refuse());
    }
    let inner = content[open + 1..close].trim();
    let joined = if inner.is_empty() {
        format!("{}{entry}{}", &content[..open + 1], &content[close..])
    } else {
        let body = content[..close].trim_end();
        format!("{body}, {entry}{}", &content[close..])
    };
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        if i == at {
            out.push_str(&joined);
            out.push_str(&l[content.len()..]);
        } else {
            out.push_str(l);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENTRY: &str = "{date: 2026-10-01, value: 4}";

    #[test]
    fn a_new_line_goes_after_the_last_check_in() {
        let text = "key_results:\n  - id: A\n    title: t\n    checkins:\n      - {date: 2026-09-01, value: 3}\n    # kept\n  - id: B\n";
        let place = Place {
            kr_line: 1,
            key_column: 4,
            checkins: Some(Checkins::Block {
                first_item_line: 4,
                dash_column: 6,
            }),
        };
        assert_eq!(
            insert(text, place, ENTRY).expect("inserts"),
            "key_results:\n  - id: A\n    title: t\n    checkins:\n      - {date: 2026-09-01, value: 3}\n      - {date: 2026-10-01, value: 4}\n    # kept\n  - id: B\n"
        );
    }

    #[test]
    fn a_key_result_without_check_ins_gets_the_key_after_its_block() {
        let text = "  - id: A\n    description: |\n      text\n\n      more\n\n---\n";
        let place = Place {
            kr_line: 0,
            key_column: 4,
            checkins: None,
        };
        assert_eq!(
            insert(text, place, ENTRY).expect("inserts"),
            "  - id: A\n    description: |\n      text\n\n      more\n    checkins:\n      - {date: 2026-10-01, value: 4}\n\n---\n"
        );
    }

    #[test]
    fn unindented_items_and_crlf_and_no_final_newline() {
        let text = "    checkins:\r\n    - {date: 2026-09-01, value: 3}";
        let place = Place {
            kr_line: 0,
            key_column: 4,
            checkins: Some(Checkins::Block {
                first_item_line: 1,
                dash_column: 4,
            }),
        };
        assert_eq!(
            insert(text, place, ENTRY).expect("inserts"),
            "    checkins:\r\n    - {date: 2026-09-01, value: 3}\n    - {date: 2026-10-01, value: 4}"
        );
    }

    #[test]
    fn a_flow_list_grows_on_its_line() {
        let text = "    checkins: [] # none yet\n";
        let place = Place {
            kr_line: 0,
            key_column: 4,
            checkins: Some(Checkins::Flow { line: 0 }),
        };
        assert_eq!(
            insert(text, place, ENTRY).expect("inserts"),
            "    checkins: [{date: 2026-10-01, value: 4}] # none yet\n"
        );
        let text = "    checkins: [{date: 2026-09-01, value: 3}]\n";
        assert_eq!(
            insert(text, place, ENTRY).expect("inserts"),
            "    checkins: [{date: 2026-09-01, value: 3}, {date: 2026-10-01, value: 4}]\n"
        );
    }
}
