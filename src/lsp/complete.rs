//! Completion: ids where an id is expected (each candidate with its kind, title, status
//! and progress), keys of the mapping being written and values of enums, from the
//! schemas; `kind:` values in a new document.

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionItemLabelDetails, CompletionList,
    CompletionParams, CompletionTextEdit, Documentation, MarkupContent, MarkupKind, TextEdit,
};

use super::cursor::{self, Context, Place};
use super::occurrences::Field;
use super::schema_paths::{self, DocSchema, Seg, Shape};
use super::text::LineIndex;
use super::view::View;
use crate::format::markdown::escape;
use crate::format::percent;
use crate::measure::progress::Track;
use crate::model::EntityKind;

/// At most this many ids are sent; the list is marked incomplete, and the client asks
/// again as more is typed. A plan may hold tens of thousands.
const MAX_IDS: usize = 200;

pub(super) fn completion(view: View, params: &CompletionParams) -> CompletionList {
    let p = &params.text_document_position;
    let empty = CompletionList {
        is_incomplete: false,
        items: Vec::new(),
    };
    let Some(text) = view.current_text(&p.text_document.uri) else {
        return empty;
    };
    let index = LineIndex::new(text);
    let offset = index.offset(text, p.position);
    let ctx = cursor::context(text, offset);
    let edit_range = index.range(text, ctx.word.0, offset.max(ctx.word.0));
    let typed = &text[ctx.word.0..offset.max(ctx.word.0)];
    let edit = |new_text: String| {
        Some(CompletionTextEdit::Edit(TextEdit {
            range: edit_range,
            new_text,
        }))
    };

    if let Some(field) = id_field(&ctx) {
        return ids(view, field, typed, &edit);
    }
    let schema = view.schema_for(&p.text_document.uri, ctx.kind.as_deref());
    let Some(schema) = schema else {
        // A document without a kind yet: start it.
        return new_document(&ctx, &edit).unwrap_or(empty);
    };
    let nodes = schema_paths::at(schema.root(), &ctx.path);
    let mut items = Vec::new();
    if matches!(ctx.place, Place::Value | Place::ItemStart) {
        for value in schema_paths::values(&nodes) {
            items.push(CompletionItem {
                label: value.clone(),
                kind: Some(CompletionItemKind::ENUM_MEMBER),
                documentation: markdown(schema_paths::describe(&nodes)),
                text_edit: edit(value),
                ..CompletionItem::default()
            });
        }
    }
    if matches!(ctx.place, Place::Key | Place::ItemStart) {
        let required = schema_paths::required(&nodes);
        for (key, sub) in schema_paths::properties(&nodes) {
            if ctx.siblings.iter().any(|s| s == key) {
                continue;
            }
            let sub_nodes = vec![sub];
            let resolved = resolve_one(schema, &ctx.path, key);
            let shape = schema_paths::shape(if resolved.is_empty() {
                &sub_nodes
            } else {
                &resolved
            });
            // A mapping or a list goes on the next lines, except in a one-line `{…}`.
            let suffix = match shape {
                Shape::Mapping | Shape::List if !ctx.flow => ":",
                _ => ": ",
            };
            items.push(CompletionItem {
                label: key.to_owned(),
                kind: Some(CompletionItemKind::PROPERTY),
                detail: sub
                    .get("title")
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned),
                documentation: markdown(schema_paths::describe(&resolved)),
                text_edit: edit(format!("{key}{suffix}")),
                filter_text: Some(key.to_owned()),
                // Required keys (`kind`, `id`, `title`) first.
                sort_text: Some(format!(
                    "{}{key}",
                    u8::from(!required.iter().any(|r| r == key))
                )),
                ..CompletionItem::default()
            });
        }
    }
    CompletionList {
        is_incomplete: false,
        items,
    }
}

/// The schemas of `key` under `path`.
fn resolve_one(schema: DocSchema, path: &[Seg], key: &str) -> Vec<&'static serde_json::Value> {
    let mut full = path.to_vec();
    full.push(Seg::Key(key.to_owned()));
    schema_paths::at(schema.root(), &full)
}

fn markdown(text: Option<String>) -> Option<Documentation> {
    text.map(|value| {
        Documentation::MarkupContent(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        })
    })
}

/// The id field the cursor is in a value of, if any: `supports: [G-|]`,
/// `- KR-|` under `contributes_to`, `{id: KR-|}`, `validated_by: P-|`.
fn id_field(ctx: &Context) -> Option<Field> {
    if !matches!(ctx.place, Place::Value | Place::ItemStart) {
        return None;
    }
    let keys: Vec<&Seg> = ctx.path.iter().collect();
    match keys.as_slice() {
        [Seg::Key(k)] if ctx.place == Place::Value => Field::from_key(k),
        [Seg::Key(k), Seg::Item] => Field::from_key(k),
        [Seg::Key(k), Seg::Item, Seg::Key(id)] if id == "id" && ctx.place == Place::Value => {
            Field::from_key(k).filter(|f| *f == Field::ContributesTo)
        }
        _ => None,
    }
}

/// Ids of the kinds `field` takes that contain what was typed, best matches first.
fn ids(
    view: View,
    field: Field,
    typed: &str,
    edit: &dyn Fn(String) -> Option<CompletionTextEdit>,
) -> CompletionList {
    let plan = &view.snapshot.loaded.plan;
    let analysis = view.snapshot.analysis;
    let allowed = field.allowed();
    let needle = typed.to_ascii_lowercase();
    let mut found: Vec<Candidate> = Vec::new();
    let mut consider = |c: Candidate| {
        if allowed.contains(&c.kind) && c.id.to_ascii_lowercase().contains(&needle) {
            found.push(c);
        }
    };
    for (i, g) in plan.goals.iter().enumerate() {
        let m = &analysis.goals[i];
        consider(Candidate {
            id: g.id.as_str().to_owned(),
            kind: EntityKind::Goal,
            title: g.title.clone(),
            status: g.status.as_str(),
            progress: m.progress,
            expected: m.expected,
            track: Some(m.track),
            parent: None,
        });
    }
    for (i, o) in plan.objectives.iter().enumerate() {
        let m = &analysis.objectives[i];
        consider(Candidate {
            id: o.id.as_str().to_owned(),
            kind: EntityKind::Objective,
            title: o.title.clone(),
            status: o.status.as_str(),
            progress: m.progress,
            expected: m.expected,
            track: Some(m.track),
            parent: None,
        });
        for kr in &o.key_results {
            let m = analysis.key_result(&kr.id);
            consider(Candidate {
                id: kr.id.as_str().to_owned(),
                kind: EntityKind::KeyResult,
                title: kr.title.clone(),
                status: o.status.as_str(),
                progress: m.and_then(|m| m.progress),
                expected: m.and_then(|m| m.expected),
                track: m.map(|m| m.track),
                parent: Some(o.id.as_str().to_owned()),
            });
        }
    }
    for (i, p) in plan.projects.iter().enumerate() {
        consider(Candidate {
            id: p.id.as_str().to_owned(),
            kind: EntityKind::Project,
            title: p.title.clone(),
            status: p.status.as_str(),
            progress: analysis.projects[i].impact,
            expected: None,
            track: None,
            parent: None,
        });
    }
    // Ids that start with what was typed first, then the rest; each by id.
    found.sort_by(|a, b| {
        let starts = |c: &Candidate| !c.id.to_ascii_lowercase().starts_with(&needle);
        (starts(a), &a.id).cmp(&(starts(b), &b.id))
    });
    let is_incomplete = found.len() > MAX_IDS;
    found.truncate(MAX_IDS);
    let items = found
        .into_iter()
        .enumerate()
        .map(|(rank, c)| c.item(rank, edit))
        .collect();
    CompletionList {
        is_incomplete,
        items,
    }
}

struct Candidate {
    id: String,
    kind: EntityKind,
    title: String,
    status: &'static str,
    progress: Option<f64>,
    expected: Option<f64>,
    track: Option<Track>,
    /// A key result's objective.
    parent: Option<String>,
}

impl Candidate {
    /// `active · 40% (expected 55%, at-risk)`
    fn standing(&self) -> String {
        let mut text = self.status.to_owned();
        if let Some(p) = self.progress {
            text.push_str(&format!(" · {}", percent(p)));
            let mut paren = Vec::new();
            if let Some(e) = self.expected {
                paren.push(format!("expected {}", percent(e)));
            }
            if let Some(t) = self.track {
                paren.push(t.as_str().to_owned());
            }
            if !paren.is_empty() {
                text.push_str(&format!(" ({})", paren.join(", ")));
            }
        }
        text
    }

    fn item(
        self,
        rank: usize,
        edit: &dyn Fn(String) -> Option<CompletionTextEdit>,
    ) -> CompletionItem {
        let standing = self.standing();
        let mut doc = format!("**{}** — {}", escape(&self.id), escape(&self.title));
        if let Some(parent) = &self.parent {
            doc.push_str(&format!("\n\nkey result of `{}`", escape(parent)));
        }
        doc.push_str(&format!("\n\n{} · {}", self.kind.noun(), escape(&standing)));
        CompletionItem {
            label: self.id.clone(),
            label_details: Some(CompletionItemLabelDetails {
                detail: Some(format!(" {}", self.kind.noun())),
                description: Some(self.title.clone()),
            }),
            kind: Some(match self.kind {
                EntityKind::Goal => CompletionItemKind::MODULE,
                EntityKind::Objective => CompletionItemKind::CLASS,
                EntityKind::KeyResult => CompletionItemKind::FIELD,
                EntityKind::Project => CompletionItemKind::STRUCT,
            }),
            detail: Some(format!(
                "{} · {} · {standing}",
                self.kind.noun(),
                self.title
            )),
            documentation: markdown(Some(doc)),
            sort_text: Some(format!("{rank:05}")),
            filter_text: Some(self.id.clone()),
            text_edit: edit(self.id),
            ..CompletionItem::default()
        }
    }
}

/// In a document with no `kind` yet: `kind`, `id`, `title` as keys, and the kinds as
/// values of `kind`.
fn new_document(
    ctx: &Context,
    edit: &dyn Fn(String) -> Option<CompletionTextEdit>,
) -> Option<CompletionList> {
    let items: Vec<CompletionItem> = match (ctx.place, ctx.path.as_slice()) {
        (Place::Value, [Seg::Key(k)]) if k == "kind" => ["Goal", "Objective", "Project"]
            .into_iter()
            .map(|kind| CompletionItem {
                label: kind.to_owned(),
                kind: Some(CompletionItemKind::ENUM_MEMBER),
                text_edit: edit(kind.to_owned()),
                ..CompletionItem::default()
            })
            .collect(),
        (Place::Key, []) => ["kind", "id", "title"]
            .into_iter()
            .filter(|k| !ctx.siblings.iter().any(|s| s == k))
            .map(|key| CompletionItem {
                label: key.to_owned(),
                kind: Some(CompletionItemKind::PROPERTY),
                text_edit: edit(format!("{key}: ")),
                ..CompletionItem::default()
            })
            .collect(),
        _ => return None,
    };
    Some(CompletionList {
        is_incomplete: false,
        items,
    })
}
