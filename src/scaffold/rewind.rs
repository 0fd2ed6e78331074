//! Undoing edits on the text of plan files: how the example's history is derived from
//! its final state.
//!
//! Each commit of the history lists what it changed as [`Edit`]s, written forwards
//! ("KR-churn `current` went from 3.8 to 3.6"). Starting from the final files, undoing
//! the edits of the newest commit gives the tree before it, and so on back to an empty
//! repository. Edits work on text, not on parsed YAML, so comments, key order and
//! formatting stay exactly as written; every edit must match exactly one place, so a
//! change to the fixture that breaks the history fails its tests instead of producing
//! a subtly different year.

use std::collections::BTreeMap;
use std::ops::Range;

/// Files by path (relative, with `/`) to their text.
pub(super) type Tree = BTreeMap<String, String>;

/// What one commit changed, stated forwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Edit {
    /// The file was created (as it reads after the commits that follow change it back).
    AddFile(&'static str),
    /// The document with this id was added to an existing file.
    Add(&'static str),
    /// The `key:` line of an entity (a document or a key result) changed its value.
    Set {
        id: &'static str,
        key: &'static str,
        from: &'static str,
        to: &'static str,
    },
    /// A check-in dated `date` was added to a key result.
    Checkin {
        id: &'static str,
        date: &'static str,
    },
    /// `spent` in a project's `budget:` line changed.
    Spent {
        id: &'static str,
        from: u32,
        to: u32,
    },
    /// The deliverable of a project with this title was marked done.
    Delivered {
        id: &'static str,
        title: &'static str,
    },
    /// Free text (a description, a comment) within an entity or a file changed.
    Text {
        scope: Scope,
        from: &'static str,
        to: &'static str,
    },
}

/// Where a [`Edit::Text`] applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// The text of one entity: its document, or its key-result entry.
    Entity(&'static str),
    /// A whole file, by path.
    File(&'static str),
}

/// Undoes `edit` on `tree`: afterwards `tree` is as it was before the edit.
pub(super) fn undo(tree: &mut Tree, edit: &Edit) -> Result<(), String> {
    match *edit {
        Edit::AddFile(path) => tree
            .remove(path)
            .map(drop)
            .ok_or_else(|| format!("no file `{path}` to remove")),
        Edit::Add(id) => remove_document(tree, id),
        Edit::Set { id, key, from, to } => {
            let at = locate(tree, id)?;
            let text = file(tree, &at.path)?;
            let prefix = format!("{}{key}:", " ".repeat(at.field_indent));
            let lines: Vec<Range<usize>> = lines_in(text, at.range.clone())
                .filter(|r| {
                    let line = &text[r.clone()];
                    line.starts_with(&prefix)
                        && line[prefix.len()..]
                            .chars()
                            .next()
                            .is_none_or(|c| c == ' ' || c == '\n')
                })
                .collect();
            let [line] = lines.as_slice() else {
                return Err(format!(
                    "`{id}` has {} `{key}:` lines, not one",
                    lines.len()
                ));
            };
            let value = text[line.clone()][prefix.len()..].trim();
            if value != to {
                return Err(format!(
                    "`{id}` has `{key}: {value}`, the edit expects `{to}`"
                ));
            }
            let replacement = format!("{prefix} {from}\n");
            replace_range(tree, &at.path, line.clone(), &replacement)
        }
        Edit::Checkin { id, date } => {
            let at = locate(tree, id)?;
            let text = file(tree, &at.path)?;
            let needle = format!("- {{date: {date},");
            let hits: Vec<Range<usize>> = lines_in(text, at.range.clone())
                .filter(|r| text[r.clone()].trim_start().starts_with(&needle))
                .collect();
            let [line] = hits.as_slice() else {
                return Err(format!(
                    "`{id}` has {} check-ins dated {date}, not one",
                    hits.len()
                ));
            };
            let line = line.clone();
            // The `checkins:` key goes with its last item.
            let header = lines_in(text, at.range.start..line.start)
                .last()
                .filter(|r| text[r.clone()].trim() == "checkins:");
            let next_is_item = text[line.end..]
                .lines()
                .next()
                .is_some_and(|l| l.trim_start().starts_with("- {date:"));
            let remove = match header {
                Some(h) if !next_is_item => h.start..line.end,
                _ => line,
            };
            replace_range(tree, &at.path, remove, "")
        }
        Edit::Spent { id, from, to } => {
            let at = locate(tree, id)?;
            let text = file(tree, &at.path)?;
            let line = single_line(text, &at, |l| l.starts_with("budget:"))
                .ok_or_else(|| format!("`{id}` has no single `budget:` line"))?;
            let old = &text[line.clone()];
            let needle = format!("spent: {to},");
            if old.matches(&needle).count() != 1 {
                return Err(format!("`{id}` budget does not read `{needle}`: {old}"));
            }
            let new = old.replace(&needle, &format!("spent: {from},"));
            replace_range(tree, &at.path, line, &new)
        }
        Edit::Delivered { id, title } => {
            let at = locate(tree, id)?;
            let text = file(tree, &at.path)?;
            let needle = format!("{{title: {title},");
            let line = single_line(text, &at, |l| l.contains(&needle))
                .ok_or_else(|| format!("`{id}` has no single deliverable `{title}`"))?;
            let old = &text[line.clone()];
            if !old.contains("done: true}") {
                return Err(format!("`{id}` deliverable `{title}` is not done"));
            }
            let new = old.replace("done: true}", "done: false}");
            replace_range(tree, &at.path, line, &new)
        }
        Edit::Text { scope, from, to } => {
            let (path, range) = match scope {
                Scope::Entity(id) => {
                    let at = locate(tree, id)?;
                    (at.path, at.range)
                }
                Scope::File(path) => {
                    let len = file(tree, path)?.len();
                    (path.to_owned(), 0..len)
                }
            };
            let text = file(tree, &path)?;
            let within = &text[range.clone()];
            let hits: Vec<usize> = within.match_indices(to).map(|(i, _)| i).collect();
            let [offset] = hits.as_slice() else {
                return Err(format!(
                    "{scope:?} contains {} copies of {to:?}, not one",
                    hits.len()
                ));
            };
            let start = range.start + offset;
            replace_range(tree, &path, start..start + to.len(), from)
        }
    }
}

/// Where an entity's text is.
#[derive(Debug, Clone, PartialEq, Eq)]
struct EntityText {
    path: String,
    range: Range<usize>,
    /// The indentation of the entity's own keys: 0 in a document, deeper in a key result.
    field_indent: usize,
    /// Whether the entity is a whole document.
    document: bool,
}

fn file<'t>(tree: &'t Tree, path: &str) -> Result<&'t str, String> {
    tree.get(path)
        .map(String::as_str)
        .ok_or_else(|| format!("no file `{path}`"))
}

/// The byte ranges of the lines (with their `\n`) that start within `range`.
fn lines_in(text: &str, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = 0;
    text.split_inclusive('\n')
        .map(move |line| {
            let r = at..at + line.len();
            at += line.len();
            r
        })
        .filter(move |r| r.start >= range.start && r.start < range.end)
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_separator(line: &str) -> bool {
    line.trim_end() == "---"
}

/// The one line among the entity's own keys that satisfies `test` (given the line
/// without its indentation).
fn single_line(text: &str, at: &EntityText, test: impl Fn(&str) -> bool) -> Option<Range<usize>> {
    let hits: Vec<Range<usize>> = lines_in(text, at.range.clone())
        .filter(|r| test(text[r.clone()].trim_start()))
        .collect();
    match hits.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// Finds the document (`id: X` at column 0) or key result (`- id: X`) with this id.
fn locate(tree: &Tree, id: &str) -> Result<EntityText, String> {
    let doc_line = format!("id: {id}");
    let kr_line = format!("- id: {id}");
    let mut found = Vec::new();
    for (path, text) in tree {
        let lines: Vec<Range<usize>> = lines_in(text, 0..text.len()).collect();
        for (i, r) in lines.iter().enumerate() {
            let line = text[r.clone()].trim_end();
            if line == doc_line {
                let start = lines[..i]
                    .iter()
                    .rev()
                    .find(|l| is_separator(&text[(*l).clone()]))
                    .map_or(0, |l| l.end);
                let end = lines[i..]
                    .iter()
                    .find(|l| is_separator(&text[(*l).clone()]))
                    .map_or(text.len(), |l| l.start);
                found.push(EntityText {
                    path: path.clone(),
                    range: start..end,
                    field_indent: 0,
                    document: true,
                });
            } else if line.trim_start() == kr_line {
                let dash = indent(line);
                let end = lines[i + 1..]
                    .iter()
                    .find(|l| {
                        let l = &text[(*l).clone()];
                        is_separator(l) || (!l.trim().is_empty() && indent(l) <= dash)
                    })
                    .map_or(text.len(), |l| l.start);
                found.push(EntityText {
                    path: path.clone(),
                    range: r.start..end,
                    field_indent: dash + 2,
                    document: false,
                });
            }
        }
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        n => Err(format!("{n} entities with id `{id}`, not one")),
    }
}

fn replace_range(
    tree: &mut Tree,
    path: &str,
    range: Range<usize>,
    with: &str,
) -> Result<(), String> {
    let text = tree
        .get_mut(path)
        .ok_or_else(|| format!("no file `{path}`"))?;
    text.replace_range(range, with);
    Ok(())
}

/// Removes the document with `id` and one `---` beside it. The comment lines that open
/// a file stay when its first document goes.
fn remove_document(tree: &mut Tree, id: &str) -> Result<(), String> {
    let at = locate(tree, id)?;
    if !at.document {
        return Err(format!("`{id}` is not a whole document"));
    }
    let text = file(tree, &at.path)?;
    let remove = if at.range.start == 0 {
        let body = lines_in(text, at.range.clone())
            .find(|r| !text[r.clone()].starts_with('#'))
            .map_or(at.range.start, |r| r.start);
        let separator = lines_in(text, at.range.end..text.len())
            .next()
            .filter(|r| is_separator(&text[r.clone()]))
            .ok_or_else(|| format!("`{id}` is the only document of `{}`", at.path))?;
        body..separator.end
    } else {
        let separator = lines_in(text, 0..at.range.start)
            .last()
            .filter(|r| is_separator(&text[r.clone()]))
            .ok_or_else(|| format!("no `---` before `{id}`"))?;
        separator.start..at.range.end
    };
    replace_range(tree, &at.path, remove, "")
}

#[cfg(test)]
mod tests;
