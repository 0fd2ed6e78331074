//! Quick fixes for bearing's own diagnostics: the "did you mean" of a finding's help, the
//! nearest ids for a reference that names none, and a missing `---` where a second
//! document was written into the first.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Diagnostic, NumberOrString,
    Position, Range, TextEdit, Url, WorkspaceEdit,
};

use super::occurrences::Role;
use super::text::LineIndex;
use super::view::View;

/// At most this many ids are offered for a reference that names none.
const MAX_SUGGESTIONS: usize = 3;

pub(super) fn code_actions(view: View, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let uri = &params.text_document.uri;
    let mut out = Vec::new();
    for diagnostic in &params.context.diagnostics {
        if diagnostic.source.as_deref() != Some("bearing") {
            continue;
        }
        let code = match &diagnostic.code {
            Some(NumberOrString::String(code)) => code.as_str(),
            _ => "",
        };
        let mut offered: Vec<String> = Vec::new();
        if let Some(close) = did_you_mean(&diagnostic.message) {
            offered.push(close.to_owned());
        }
        if code == "unknown-reference" && diagnostic.message.contains("is not defined") {
            for id in nearest_ids(view, uri, diagnostic.range.start) {
                if !offered.contains(&id) {
                    offered.push(id);
                }
            }
        }
        for (i, replacement) in offered.into_iter().enumerate() {
            out.push(action(
                format!("Replace with `{replacement}`"),
                diagnostic,
                i == 0,
                uri,
                vec![TextEdit {
                    range: diagnostic.range,
                    new_text: replacement,
                }],
            ));
        }
        if code == "input"
            && diagnostic
                .message
                .starts_with("a second document starts at line")
            && diagnostic.range.start.character == 0
        {
            if let Some(text) = view.current_text(uri) {
                let at = document_start(text, diagnostic.range.start.line as usize);
                out.push(action(
                    "Start a new document here (insert `---`)".to_owned(),
                    diagnostic,
                    true,
                    uri,
                    vec![TextEdit {
                        range: Range { start: at, end: at },
                        new_text: "---\n".to_owned(),
                    }],
                ));
            }
        }
    }
    out
}

fn action(
    title: String,
    diagnostic: &Diagnostic,
    preferred: bool,
    uri: &Url,
    edits: Vec<TextEdit>,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }),
        is_preferred: Some(preferred),
        ..CodeAction::default()
    })
}

/// The `X` of "did you mean `X`?" in a diagnostic's help.
fn did_you_mean(message: &str) -> Option<&str> {
    let rest = &message[message.find("did you mean `")? + "did you mean `".len()..];
    let close = &rest[..rest.find('`')?];
    (!close.is_empty()).then_some(close)
}

/// The declared ids nearest to the reference at `at`, of the kinds its field takes.
fn nearest_ids(view: View, uri: &Url, at: Position) -> Vec<String> {
    let Some((_, here, _)) = view.occurrence_at(uri, at) else {
        return Vec::new();
    };
    let Role::Reference(field) = here.role else {
        return Vec::new();
    };
    let allowed = field.allowed();
    let wrong = here.id.to_ascii_lowercase();
    let limit = (wrong.chars().count() / 4).max(2);
    let mut near: Vec<(usize, &str)> = view
        .snapshot
        .loaded
        .plan
        .declared_ids()
        .filter(|(_, kind)| allowed.contains(kind))
        .filter_map(|(id, _)| {
            let d = distance(&wrong, &id.to_ascii_lowercase(), limit)?;
            Some((d, id))
        })
        .collect();
    near.sort();
    near.into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, id)| id.to_owned())
        .collect()
}

/// Edit distance between `a` and `b` when it is at most `limit`.
fn distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        let mut best = row[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let next = (row[j + 1] + 1).min(row[j] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
            best = best.min(next);
        }
        if best > limit {
            return None;
        }
    }
    row.last().copied().filter(|d| *d <= limit)
}

/// Where a new document should start so that the key on `line` begins it: before the
/// comment lines directly above it, which describe it.
fn document_start(text: &str, line: usize) -> Position {
    let index = LineIndex::new(text);
    let mut start = line.min(index.line_count().saturating_sub(1));
    while start > 0 {
        let (s, e) = index.line_span(text, start - 1);
        if !text[s..e].trim_start().starts_with('#') {
            break;
        }
        start -= 1;
    }
    Position {
        line: u32::try_from(start).unwrap_or(u32::MAX),
        character: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_and_distances() {
        assert_eq!(
            did_you_mean("unknown property `owner_x`\nhelp: did you mean `owner`? Unknown"),
            Some("owner")
        );
        assert_eq!(did_you_mean("no help"), None);
        assert_eq!(distance("kr-churm", "kr-churn", 2), Some(1));
        assert_eq!(distance("kr-churm", "g-growth", 2), None);
        assert_eq!(distance("", "ab", 2), Some(2));
    }

    #[test]
    fn a_new_document_starts_above_its_comments() {
        let text = "kind: Goal\nid: G-a\n\n# the next\n# goal\nkind: Goal\n";
        assert_eq!(
            document_start(text, 5),
            Position {
                line: 3,
                character: 0
            }
        );
        assert_eq!(
            document_start("a: 1\n", 9),
            Position {
                line: 1,
                character: 0
            }
        );
    }
}
