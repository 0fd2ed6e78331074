//! Go to definition, find references and rename, for every id of the plan, across every
//! plan file: from the ids written in each file ([`super::occurrences`]).

use std::collections::HashMap;

use lsp_types::{
    GotoDefinitionParams, Location, PrepareRenameResponse, ReferenceParams, RenameParams,
    TextDocumentPositionParams, TextEdit, Url, WorkspaceEdit,
};

use super::occurrences::{Occurrence, Role};
use super::text::LineIndex;
use super::view::{View, uri_of};
use crate::model::check_id;

/// An answer that is an error for the client to show.
#[derive(Debug)]
pub(super) struct Refusal(pub String);

fn location(path: &std::path::Path, o: &Occurrence, text: &str) -> Option<Location> {
    Some(Location {
        uri: uri_of(path)?,
        range: LineIndex::new(text).range(text, o.start, o.end),
    })
}

/// Where the id under the cursor is declared (every declaration, when it is declared
/// twice).
pub(super) fn definition(view: View, params: &GotoDefinitionParams) -> Vec<Location> {
    let p = &params.text_document_position_params;
    let Some((_, here, _)) = view.occurrence_at(&p.text_document.uri, p.position) else {
        return Vec::new();
    };
    view.occurrences_of(&here.id)
        .into_iter()
        .filter(|(_, o, _)| matches!(o.role, Role::Declaration(_)))
        .filter_map(|(path, o, text)| location(path, o, text))
        .collect()
}

/// Every place the id under the cursor is written; its declarations too when the
/// client asks.
pub(super) fn references(view: View, params: &ReferenceParams) -> Vec<Location> {
    let p = &params.text_document_position;
    let Some((_, here, _)) = view.occurrence_at(&p.text_document.uri, p.position) else {
        return Vec::new();
    };
    let with_declaration = params.context.include_declaration;
    view.occurrences_of(&here.id)
        .into_iter()
        .filter(|(_, o, _)| with_declaration || matches!(o.role, Role::Reference(_)))
        .filter_map(|(path, o, text)| location(path, o, text))
        .collect()
}

/// The id under the cursor and its range, if it can be renamed.
pub(super) fn prepare_rename(
    view: View,
    params: &TextDocumentPositionParams,
) -> Option<PrepareRenameResponse> {
    let (_, here, text) = view.occurrence_at(&params.text_document.uri, params.position)?;
    Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: LineIndex::new(text).range(text, here.start, here.end),
        placeholder: here.id.clone(),
    })
}

/// Renames the id under the cursor everywhere in the plan: one edit per place, for the
/// client to apply.
pub(super) fn rename(view: View, params: &RenameParams) -> Result<Option<WorkspaceEdit>, Refusal> {
    let p = &params.text_document_position;
    let Some((_, here, _)) = view.occurrence_at(&p.text_document.uri, p.position) else {
        return Ok(None);
    };
    let new = params.new_name.trim();
    if let Err(e) = check_id(new) {
        return Err(Refusal(format!("`{new}` cannot be an id: {e}")));
    }
    if new != here.id {
        if let Some(kind) = view.snapshot.loaded.plan.declared_kind(new) {
            return Err(Refusal(format!(
                "`{new}` is already the id of {}; ids share one namespace",
                kind.a_noun()
            )));
        }
    }
    let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
    let mut index_of: HashMap<&std::path::Path, LineIndex> = HashMap::new();
    for (path, o, text) in view.occurrences_of(&here.id) {
        let Some(uri) = uri_of(path) else { continue };
        let index = index_of.entry(path).or_insert_with(|| LineIndex::new(text));
        changes.entry(uri).or_default().push(TextEdit {
            range: index.range(text, o.start, o.end),
            new_text: new.to_owned(),
        });
    }
    Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    }))
}
