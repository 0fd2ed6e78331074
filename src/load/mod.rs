//! The loader: plan files (already read by the caller) to documents, entities and the
//! findings of reading them, keeping every node's position.
//!
//! Each file is decoded, parsed and validated once, files in parallel. This module does
//! no I/O: the workspace (or, later, a git tree) hands it bytes or a refusal.

mod damage;
mod decode;
mod document;
mod file;
mod intent;
mod json;
mod locate;
mod reading;
mod salvage;

use std::sync::Arc;

pub use damage::Damage;
pub use document::IdDecl;
pub use intent::Rewritten;
pub use reading::{Reading, read};
use reading::{drop_later_duplicates, read_all};

use crate::finding::Finding;
use crate::model::{EntityKind, Goal, Id, Objective, Plan, Project};
use crate::vocab::Rule;
use crate::yaml::node::Node;
use crate::yaml::parse::YamlLimits;
use document::Parsed;
use file::{FileOutcome, read_file};

/// One plan file as the loader receives it.
#[derive(Debug, Clone)]
pub struct RawFile {
    /// The path shown in findings: relative to the plan root, with `/`.
    pub path: String,
    pub content: FileContent,
}

#[derive(Debug, Clone)]
pub enum FileContent {
    Bytes(Vec<u8>),
    /// The caller would not read it (too large, a symlink): why, in lower case.
    Refused(String),
    /// Not read: the files before it, in path order, spent `limits.max-total-bytes`
    /// (`limit`). The first such file gets the one finding that counts them all
    /// (`count`, set by the loader); the others none (one mistake, one finding, however
    /// many files it keeps unread).
    OverTotal {
        limit: u64,
        count: usize,
    },
}

/// How to read more than the total limit, and what it costs.
const OVER_TOTAL_HELP: &str = "raise `limits.max-total-bytes` in bearing.yaml (at most 256 MiB; \
    a check needs about fifteen times the plan's size in memory), or move files that are \
    not plans out of the plan folders";

/// The finding for the first of `count` files left unread by the total limit.
fn over_total(limit: u64, count: usize) -> String {
    let rest = match count.saturating_sub(1) {
        0 => "this file was not read".to_owned(),
        more => format!(
            "this file and the {} after it were not read",
            crate::format::count(more, "file", "files")
        ),
    };
    format!(
        "the plan files exceed the {} total limit (`limits.max-total-bytes` in bearing.yaml): {rest}",
        crate::format::bytes(limit)
    )
}

/// Makes the first file left unread by the total limit the one that counts them all.
fn say_over_total_once<'a>(contents: impl Iterator<Item = &'a mut FileContent>) {
    let mut unread: Vec<&mut FileContent> = contents
        .filter(|c| matches!(c, FileContent::OverTotal { .. }))
        .collect();
    let total = unread.len();
    if let Some(FileContent::OverTotal { count, .. }) = unread.first_mut().map(|c| &mut **c) {
        *count = total;
    }
}

/// A plan file's text, kept for snippets.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    /// Shared with the file as kept for another load ([`ReadFile`]): never copied.
    pub text: Arc<String>,
}

/// One YAML document and the file it came from. The tree is shared: a second load of
/// the same text (the plan at a base revision) holds the same tree.
#[derive(Debug, Clone)]
pub struct Document {
    pub file: usize,
    pub root: Arc<Node>,
}

/// Everything read, for turning anchors into positions.
#[derive(Debug, Default)]
pub struct Sources {
    pub files: Vec<SourceFile>,
    pub docs: Vec<Document>,
}

/// The result of loading: the plan, what it declares, and the findings of reading it
/// (`input` and `schema`), before rule levels are applied.
#[derive(Debug, Default)]
pub struct Loaded {
    pub sources: Sources,
    pub plan: Plan,
    /// Every id declared, valid documents or not, in load order.
    pub decls: Vec<IdDecl>,
    pub findings: Vec<Finding>,
    /// What was set aside or left out, for holding back what it alone causes.
    pub damage: Damage,
    /// The files that could not be read at all (by index): the plan is incomplete.
    pub unreadable: Vec<usize>,
    /// The ids declared more than once, each once, sorted: the first declaration counts.
    pub declared_twice: Vec<String>,
}

impl Loaded {
    /// Whether some file could not be read at all. A file read after mending a YAML
    /// mistake has its `input` finding but counts as read.
    pub fn has_input_errors(&self) -> bool {
        !self.unreadable.is_empty()
    }
}

/// A plan file as a load read it and placed it in its plan, kept so that another load
/// of a plan holding the same text places it again instead of reading it: the plan at
/// the base of `check --base` shares every file the change left alone with the work
/// tree. Its trees and entities are shared, not copied.
#[derive(Debug, Clone)]
pub struct ReadFile(FileOutcome);

/// What [`load_reusing`] loads: a file to read, or one another load read already.
#[derive(Debug, Clone)]
pub enum LoadInput {
    Read(RawFile),
    Kept { path: String, file: Arc<ReadFile> },
}

/// Loads files in the given order (sort them first for a stable output). A reference
/// that plainly means another entity (an id in another case, a slip, a title) is read
/// as meant, with its `unknown-reference` finding.
pub fn load(files: Vec<RawFile>, limits: &YamlLimits) -> Loaded {
    as_meant(load_alone(files, limits))
}

/// [`load`] of files some of which another load read already: the same plan as
/// [`load`] of their texts would give, without reading those again.
pub fn load_reusing(inputs: Vec<LoadInput>, limits: &YamlLimits) -> Loaded {
    as_meant(read_all(inputs, limits, false).put_together())
}

fn as_meant(mut loaded: Loaded) -> Loaded {
    let (meant, _) = intent::read_as_meant(&mut loaded.plan);
    loaded.findings.extend(meant);
    loaded
}

/// Reads every reference of a whole plan that plainly means another entity (an id in
/// another case, a slip, a title) as meant, with its `unknown-reference` finding; and
/// what was rewritten, to undo it.
pub fn read_as_meant(plan: &mut Plan) -> (Vec<Finding>, Rewritten) {
    intent::read_as_meant(plan)
}

/// One piece of a plan file read on the calling thread, without a plan around it: what
/// the history walk keeps of each of the tens of thousands of documents it reads.
#[derive(Debug, Default)]
pub struct Piece {
    /// The valid entities, later duplicates of an id dropped as [`load`] drops them.
    pub goals: Vec<Arc<Goal>>,
    pub objectives: Vec<Arc<Objective>>,
    pub projects: Vec<Arc<Project>>,
    /// Every id its documents declare, valid or not, in order.
    pub declared: Vec<Id>,
    /// The kind of each declared id.
    pub kinds: Vec<EntityKind>,
    /// Why the text could not be read at all (`input` findings), if so.
    pub problems: Vec<String>,
}

/// Reads one piece of text as [`load`] reads a file, but builds no plan and keeps no
/// source: the same decoding, YAML reader, limits, schemas and model. Run it on a
/// worker of [`crate::pool`], whose stack fits the configured depth.
pub fn read_piece(content: FileContent, limits: &YamlLimits) -> Piece {
    let content = match content {
        FileContent::OverTotal { limit, .. } => FileContent::OverTotal { limit, count: 1 },
        content => content,
    };
    let outcome = read_file(0, content, limits);
    let mut piece = Piece {
        problems: outcome
            .findings
            .into_iter()
            .filter(|f| f.rule == Rule::Input)
            .map(|f| f.message)
            .collect(),
        ..Piece::default()
    };
    let mut decls = Vec::new();
    for doc in outcome.docs {
        decls.extend(doc.decls);
        match doc.entity {
            Some(Parsed::Goal(g)) => piece.goals.push(g),
            Some(Parsed::Objective(o)) => piece.objectives.push(o),
            Some(Parsed::Project(p)) => piece.projects.push(p),
            None => {}
        }
    }
    drop_later_duplicates(
        &mut piece.goals,
        &mut piece.objectives,
        &mut piece.projects,
        &decls,
    );
    (piece.declared, piece.kinds) = decls
        .into_iter()
        .filter(|d| d.pointer.is_empty())
        .map(|d| (Id::from(d.id), d.kind))
        .unzip();
    piece
}

/// Loads files as [`load`] does, but leaves every reference as written: for a piece of
/// a plan (one file, as the language server reads each), whose references may name ids
/// of the other pieces. Put the pieces together, then [`read_as_meant`].
pub fn load_alone(files: Vec<RawFile>, limits: &YamlLimits) -> Loaded {
    read_all(
        files.into_iter().map(LoadInput::Read).collect(),
        limits,
        false,
    )
    .put_together()
}

/// A YAML node as the JSON value the schema validator checks.
pub fn node_to_json(node: &Node) -> serde_json::Value {
    json::to_json(node)
}

#[cfg(test)]
mod tests;
