//! Hover: on an id, its trace up to the goal it serves, with progress, expected
//! progress and track at each step, and what moves it; on a key, what the schema says
//! of it.

use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use super::cursor::{self, Place};
use super::schema_paths::{self, Seg};
use super::text::LineIndex;
use super::view::View;
use crate::format::markdown::escape;
use crate::format::percent;
use crate::trace::{TraceNode, trace};

pub(super) fn hover(view: View, params: &HoverParams) -> Option<Hover> {
    let p = &params.text_document_position_params;
    if let Some((_, here, text)) = view.occurrence_at(&p.text_document.uri, p.position) {
        let markdown = describe_id(view, &here.id);
        return Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: markdown,
            }),
            range: Some(LineIndex::new(text).range(text, here.start, here.end)),
        });
    }
    describe_key(view, p)
}

/// An id's trace as Markdown.
pub(super) fn describe_id(view: View, id: &str) -> String {
    let plan = &view.snapshot.loaded.plan;
    let Some(t) = trace(plan, view.snapshot.analysis, id) else {
        return match plan.declared_kind(id) {
            Some(kind) => format!(
                "{} `{}`: not checked until its document matches the schema",
                kind.noun(),
                escape(id)
            ),
            None => format!("`{}` is not defined in the plan", escape(id)),
        };
    };
    let mut out = String::new();
    out.push_str(&line(&t.entity, true));
    out.push('\n');
    if !t.above.is_empty() {
        out.push_str("\nServes:\n\n");
        for node in &t.above {
            tree(node, 0, &mut out);
        }
    }
    if !t.below.is_empty() {
        out.push_str("\nMoved by:\n\n");
        for node in &t.below {
            tree(node, 0, &mut out);
        }
    }
    out
}

fn tree(node: &TraceNode, depth: usize, out: &mut String) {
    if depth > 8 {
        return;
    }
    out.push_str(&"  ".repeat(depth));
    out.push_str("- ");
    out.push_str(&line(node, false));
    out.push('\n');
    for child in &node.children {
        tree(child, depth + 1, out);
    }
}

/// `key result **KR-churn** — Cut churn · active · progress 25% (expected 50%,
/// off-track)`
fn line(node: &TraceNode, head: bool) -> String {
    let mut text = format!(
        "{} **{}** — {} · {}",
        node.kind.noun(),
        escape(node.id.as_str()),
        escape(&node.title),
        node.status.as_str()
    );
    if let Some(progress) = node.progress {
        text.push_str(&format!(" · progress {}", percent(progress)));
        let mut paren = Vec::new();
        if let Some(expected) = node.expected {
            paren.push(format!("expected {}", percent(expected)));
        }
        if let Some(track) = node.track {
            paren.push(track.as_str().to_owned());
        }
        if !paren.is_empty() {
            text.push_str(&format!(" ({})", paren.join(", ")));
        }
    } else if let Some(track) = node.track {
        text.push_str(&format!(" · {}", track.as_str()));
    }
    if let Some(note) = &node.note {
        text.push_str(&format!(" · *{}*", escape(note)));
    }
    if head { format!("### {text}") } else { text }
}

/// A key's title and description from the schema of its document.
fn describe_key(view: View, p: &lsp_types::TextDocumentPositionParams) -> Option<Hover> {
    let uri = &p.text_document.uri;
    let text = view.current_text(uri)?;
    let index = LineIndex::new(text);
    let offset = index.offset(text, p.position);
    let ctx = cursor::context(text, offset);
    if ctx.word.0 == ctx.word.1 {
        return None;
    }
    let word = &text[ctx.word.0..ctx.word.1];
    let after = text[ctx.word.1..].trim_start_matches([' ', '"', '\'']);
    let (schema, path) = match ctx.place {
        Place::Key | Place::ItemStart if after.starts_with(':') => {
            let schema = view.schema_for(uri, ctx.kind.as_deref())?;
            let mut path = ctx.path.clone();
            path.push(Seg::Key(word.to_owned()));
            (schema, path)
        }
        // The key of the value under the cursor: its line's own key.
        Place::Value => (view.schema_for(uri, ctx.kind.as_deref())?, ctx.path.clone()),
        _ => return None,
    };
    if ctx.place == Place::Value && path.is_empty() {
        return None;
    }
    let nodes = schema_paths::at(schema.root(), &path);
    let value = schema_paths::describe(&nodes)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(index.range(text, ctx.word.0, ctx.word.1)),
    })
}
