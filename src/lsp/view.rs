//! What a request sees: the plan as last checked, the open buffers, and the way from a
//! URI and a position to a file and an id, and back.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::{Position, Url};

use super::diagnostics::Texts;
use super::files::is_config_path;
use super::occurrences::Occurrence;
use super::schema_paths::DocSchema;
use super::state::{PlanState, Snapshot};
use super::text::LineIndex;

/// A document the client has open: its text as the client has it.
#[derive(Debug, Clone)]
pub(super) struct OpenDoc {
    pub text: String,
    pub version: i32,
    /// The file it is, when it is a local file.
    pub path: Option<PathBuf>,
}

/// The plan and the buffers, for answering one request.
#[derive(Clone, Copy)]
pub(super) struct View<'a> {
    pub state: &'a PlanState,
    pub snapshot: Snapshot<'a>,
    pub open: &'a HashMap<Url, OpenDoc>,
}

impl std::fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("View").finish_non_exhaustive()
    }
}

/// The local path of a `file:` URI.
pub(super) fn path_of(uri: &Url) -> Option<PathBuf> {
    (uri.scheme() == "file")
        .then(|| uri.to_file_path().ok())
        .flatten()
}

/// The `file:` URI of a path.
pub(super) fn uri_of(path: &Path) -> Option<Url> {
    Url::from_file_path(path).ok()
}

impl<'a> View<'a> {
    /// The text of a plan file as it was checked: the buffer's when open, else the
    /// disk's.
    pub(super) fn checked_text(&self, path: &Path) -> Option<&'a str> {
        self.state.file(path).map(|f| f.text.as_str())
    }

    /// The text the client has now: the open buffer, else the checked text.
    pub(super) fn current_text(&self, uri: &Url) -> Option<&'a str> {
        if let Some(doc) = self.open.get(uri) {
            return Some(doc.text.as_str());
        }
        self.checked_text(&path_of(uri)?)
    }

    /// The id at `position` of the file `uri`, with the file's path and text.
    pub(super) fn occurrence_at(
        &self,
        uri: &Url,
        position: Position,
    ) -> Option<(PathBuf, &'a Occurrence, &'a str)> {
        let path = path_of(uri)?;
        let file = self.state.file(&path)?;
        let text = file.text.as_str();
        let offset = LineIndex::new(text).offset(text, position);
        let found = file
            .occurrences
            .iter()
            .find(|o| o.start <= offset && offset <= o.end)?;
        Some((path, found, text))
    }

    /// Every place `id` is written in the plan, file by file in plan order.
    pub(super) fn occurrences_of(&self, id: &str) -> Vec<(&'a Path, &'a Occurrence, &'a str)> {
        self.state
            .files()
            .flat_map(|(path, file)| {
                file.occurrences
                    .iter()
                    .filter(move |o| o.id == id)
                    .map(move |o| (path.as_path(), o, file.text.as_str()))
            })
            .collect()
    }
}

impl View<'_> {
    /// The schema a document of this file answers to: bearing.yaml's, or its kind's.
    pub(super) fn schema_for(&self, uri: &Url, kind: Option<&str>) -> Option<DocSchema> {
        let path = path_of(uri)?;
        if is_config_path(&self.state.workspace, &path) {
            return Some(DocSchema::Config);
        }
        DocSchema::from_kind(kind?)
    }
}

impl Texts for View<'_> {
    fn file(&self, index: usize) -> Option<(Url, &str)> {
        let path = self.snapshot.paths.get(index)?;
        let text = self.snapshot.loaded.sources.files.get(index)?.text.as_str();
        Some((uri_of(path)?, text))
    }
}
