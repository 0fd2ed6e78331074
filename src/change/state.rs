//! The plan as the history walk keeps it: each file as its documents, each document
//! parsed once (by its text), and for every id the files that declare it. Replacing one
//! file updates the state without touching the others, so a commit costs what it
//! changed; an unchanged document is the same [`Arc`] before and after, so comparing it
//! costs a pointer comparison.
//!
//! Pure: no gix here. Duplicate ids resolve as in the loader: the first declaration in
//! path order and document order wins, even when that document fails its schema.

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Limits;
use crate::load::{FileContent, Piece, RawFile, read_piece};
use crate::model::{EntityKind, Goal, Id, Objective, Project};

/// One goal, objective (with its key results) or project.
#[derive(Debug, Clone, Copy)]
pub enum EntityRef<'a> {
    Goal(&'a Arc<Goal>),
    Objective(&'a Arc<Objective>),
    Project(&'a Arc<Project>),
}

impl<'a> EntityRef<'a> {
    pub fn id(&self) -> &'a Id {
        match self {
            EntityRef::Goal(g) => &g.id,
            EntityRef::Objective(o) => &o.id,
            EntityRef::Project(p) => &p.id,
        }
    }

    pub fn kind(&self) -> EntityKind {
        match self {
            EntityRef::Goal(_) => EntityKind::Goal,
            EntityRef::Objective(_) => EntityKind::Objective,
            EntityRef::Project(_) => EntityKind::Project,
        }
    }

    pub fn title(&self) -> &'a str {
        match self {
            EntityRef::Goal(g) => &g.title,
            EntityRef::Objective(o) => &o.title,
            EntityRef::Project(p) => &p.title,
        }
    }
}

/// Parses a piece of a file (one document, or a whole file when it cannot be split
/// safely) with the plan loader: the same YAML reader, limits, schemas and model. Runs
/// on a worker of [`crate::pool`], whose stack fits the configured depth.
pub fn parse_piece(content: FileContent, limits: &Limits) -> Piece {
    crate::pool::run(&limits.yaml, || read_piece(content, &limits.yaml))
}

/// What the history needs of a piece beyond what the loader gives.
impl Piece {
    fn get(&self, id: &Id) -> Option<EntityRef<'_>> {
        self.goals
            .iter()
            .find(|g| &g.id == id)
            .map(EntityRef::Goal)
            .or_else(|| {
                self.objectives
                    .iter()
                    .find(|o| &o.id == id)
                    .map(EntityRef::Objective)
            })
            .or_else(|| {
                self.projects
                    .iter()
                    .find(|p| &p.id == id)
                    .map(EntityRef::Project)
            })
    }

    pub fn entities(&self) -> impl Iterator<Item = EntityRef<'_>> {
        self.goals
            .iter()
            .map(EntityRef::Goal)
            .chain(self.objectives.iter().map(EntityRef::Objective))
            .chain(self.projects.iter().map(EntityRef::Project))
    }
}

/// One plan file: its pieces in order.
#[derive(Debug, Default)]
pub struct FileEntities {
    pub chunks: Vec<Arc<Piece>>,
}

impl FileEntities {
    /// A file parsed whole, as the loader reads it.
    pub fn whole(content: FileContent, limits: &Limits) -> FileEntities {
        FileEntities {
            chunks: vec![Arc::new(parse_piece(content, limits))],
        }
    }

    /// Every id the file declares, valid documents or not.
    pub fn declared(&self) -> impl Iterator<Item = &Id> {
        self.chunks.iter().flat_map(|c| c.declared.iter())
    }

    /// The piece that declares `id` first, and the entity when it is valid there.
    pub fn get(&self, id: &Id) -> Option<(&Arc<Piece>, Option<EntityRef<'_>>)> {
        let chunk = self.chunks.iter().find(|c| c.declared.contains(id))?;
        Some((chunk, chunk.get(id)))
    }

    /// Every valid entity that owns its id in this file.
    pub fn entities(&self) -> impl Iterator<Item = EntityRef<'_>> {
        self.chunks.iter().enumerate().flat_map(move |(n, c)| {
            c.entities().filter(move |e| {
                !self.chunks[..n]
                    .iter()
                    .any(|earlier| earlier.declared.contains(e.id()))
            })
        })
    }

    pub fn problems(&self) -> impl Iterator<Item = &String> {
        self.chunks.iter().flat_map(|c| c.problems.iter())
    }
}

/// Where the effective entity of an id lives: its file and that file's entities.
#[derive(Debug, Clone)]
pub struct Home {
    pub file: Arc<FileEntities>,
    pub path: String,
}

impl Home {
    /// The entity, when its first declaration is a valid document.
    pub fn entity<'a>(&'a self, id: &Id) -> Option<EntityRef<'a>> {
        self.file.get(id).and_then(|(_, e)| e)
    }

    /// The parsed piece that declares `id`: the same `Arc` means the same text.
    pub fn chunk(&self, id: &Id) -> Option<&Arc<Piece>> {
        self.file.get(id).map(|(c, _)| c)
    }

    /// Whether `id` is declared by the very same parsed piece here and in `other`: the
    /// same text, so the entity cannot have changed (it may have moved).
    pub fn same_piece(&self, other: &Home, id: &Id) -> bool {
        match (self.chunk(id), other.chunk(id)) {
            (Some(x), Some(y)) => Arc::ptr_eq(x, y),
            _ => false,
        }
    }
}

/// The first declaration of an id: its file, the parsed piece (the same `Arc` means the
/// same text) and the entity, when that document is valid.
#[derive(Debug, Clone, Copy)]
pub struct Declaration<'a> {
    pub path: &'a str,
    pub chunk: &'a Arc<Piece>,
    pub entity: Option<EntityRef<'a>>,
}

/// The plan at one commit, file by file.
#[derive(Debug, Default)]
pub struct PlanState {
    // foldhash: these maps are hit for every file and id of every commit a walk reads.
    files: foldhash::HashMap<String, Arc<FileEntities>>,
    /// For every id, the files that declare it, in path order.
    owners: foldhash::HashMap<Id, Vec<String>>,
}

impl PlanState {
    /// Puts `entities` at `path` (or removes the file with `None`).
    pub fn replace(&mut self, path: &str, entities: Option<Arc<FileEntities>>) {
        if let Some(old) = self.files.remove(path) {
            for id in old.declared() {
                if let Some(paths) = self.owners.get_mut(id) {
                    paths.retain(|p| p != path);
                    if paths.is_empty() {
                        self.owners.remove(id);
                    }
                }
            }
        }
        if let Some(new) = entities {
            for id in new.declared() {
                let paths = self.owners.entry(id.clone()).or_default();
                if !paths.iter().any(|p| p == path) {
                    paths.push(path.to_owned());
                    paths.sort_by(|a, b| path_order(a, b));
                }
            }
            self.files.insert(path.to_owned(), new);
        }
    }

    pub fn file(&self, path: &str) -> Option<&Arc<FileEntities>> {
        self.files.get(path)
    }

    /// The file that holds the first declaration of `id`.
    pub fn locate(&self, id: &Id) -> Option<Home> {
        let path = self.owners.get(id)?.first()?;
        Some(Home {
            file: self.files.get(path)?.clone(),
            path: path.clone(),
        })
    }

    /// Where each id is declared first, as [`Self::locate`] finds it, for every id at
    /// once: one pass over the files instead of one search per id.
    pub fn declarations(&self) -> foldhash::HashMap<&Id, Declaration<'_>> {
        let files = self.files_in_path_order();
        let mut out = foldhash::HashMap::default();
        out.reserve(self.owners.len());
        for (path, file) in files {
            for chunk in &file.chunks {
                for id in &chunk.declared {
                    out.entry(id).or_insert_with(|| Declaration {
                        path,
                        chunk,
                        entity: chunk.get(id),
                    });
                }
            }
        }
        out
    }

    /// Every file and its entities.
    pub fn files(&self) -> impl Iterator<Item = (&String, &Arc<FileEntities>)> {
        self.files.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The plan this state holds, as the loader would build it from the same files:
    /// files in path order, the first declaration of an id wins. (Entities keep the
    /// origins of their own document; they are for comparing, not for pointing at
    /// lines.)
    pub fn to_plan(&self) -> crate::model::Plan {
        let files = self.files_in_path_order();
        // Cloned on every core: the entities are most of the plan's memory.
        let entities = self.effective_entities_of(&files);
        let (mut goals, mut objectives, mut projects) = (Vec::new(), Vec::new(), Vec::new());
        for e in entities {
            match e {
                EntityRef::Goal(g) => goals.push(g.clone()),
                EntityRef::Objective(o) => objectives.push(o.clone()),
                EntityRef::Project(p) => projects.push(p.clone()),
            }
        }
        let declared = files.iter().flat_map(|(_, file)| {
            file.chunks.iter().flat_map(|c| {
                c.declared
                    .iter()
                    .map(Id::as_str)
                    .zip(c.kinds.iter().copied())
            })
        });
        let mut plan = crate::model::Plan::new(goals, objectives, projects);
        plan.declare(declared);
        plan
    }

    /// The entities of the plan this state holds, in the loader's order: files in path
    /// order, each id from the first file that declares it.
    pub fn effective_entities(&self) -> Vec<EntityRef<'_>> {
        self.effective_entities_of(&self.files_in_path_order())
            .collect()
    }

    fn effective_entities_of<'a>(
        &'a self,
        files: &[(&'a String, &'a Arc<FileEntities>)],
    ) -> impl Iterator<Item = EntityRef<'a>> {
        files.iter().flat_map(move |&(path, file)| {
            file.entities()
                .filter(move |e| self.owners.get(e.id()).and_then(|p| p.first()) == Some(path))
        })
    }

    fn files_in_path_order(&self) -> Vec<(&String, &Arc<FileEntities>)> {
        let mut files: Vec<(&String, &Arc<FileEntities>)> = self.files.iter().collect();
        files.par_sort_unstable_by(|(a, _), (b, _)| path_order(a, b));
        files
    }
}

/// A piece of text as the loader's input.
pub fn raw(path: &str, text: &str) -> RawFile {
    RawFile {
        path: path.to_owned(),
        content: FileContent::Bytes(text.as_bytes().to_vec()),
    }
}

/// A plan file a commit could not read.
#[derive(Debug, Clone, Serialize)]
pub struct FileProblem {
    pub path: String,
    pub message: String,
}

/// Orders paths component by component, as `PathBuf` does in the working tree reader
/// (so `a/b.yaml` sorts before `a-b.yaml`), which decides the first of duplicate ids.
pub fn path_order(a: &str, b: &str) -> std::cmp::Ordering {
    // Component by component is byte by byte with `/` below every other byte (paths
    // hold no NUL): where they first differ, a component that ends sorts first.
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let key = |c: &u8| if *c == b'/' { 0 } else { *c };
    a.get(same).map(key).cmp(&b.get(same).map(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Arc<FileEntities> {
        Arc::new(FileEntities::whole(
            raw("x.yaml", text).content,
            &Limits::default(),
        ))
    }

    #[test]
    fn the_first_file_by_path_owns_an_id() {
        let mut state = PlanState::default();
        state.replace(
            "plans/b.yaml",
            Some(parse("kind: Project\nid: P-a\ntitle: In b\n")),
        );
        state.replace(
            "plans/a.yaml",
            Some(parse("kind: Project\nid: P-a\ntitle: In a\n")),
        );
        let id = Id::from("P-a");
        let at = state.locate(&id).expect("located");
        assert_eq!(at.path, "plans/a.yaml");
        assert_eq!(at.entity(&id).expect("entity").title(), "In a");
        state.replace("plans/a.yaml", None);
        assert_eq!(state.locate(&id).expect("still in b").path, "plans/b.yaml");
        state.replace("plans/b.yaml", None);
        assert!(state.locate(&id).is_none());
        assert!(state.is_empty());
    }

    #[test]
    fn a_first_declaration_with_a_mistake_still_hides_a_later_one() {
        // A missing title is a mistake in one field: the entity is kept (issue 14), and
        // the later document with the same id is the duplicate.
        let mut state = PlanState::default();
        state.replace("a.yaml", Some(parse("kind: Project\nid: P-a\n")));
        state.replace(
            "b.yaml",
            Some(parse("kind: Project\nid: P-a\ntitle: Valid\n")),
        );
        let at = state.locate(&Id::from("P-a")).expect("declared");
        assert!(
            at.entity(&Id::from("P-a")).is_some(),
            "the loader keeps the first too"
        );
    }

    #[test]
    fn unreadable_files_say_why() {
        let bad = parse("kind: [unclosed\n");
        assert!(bad.entities().next().is_none());
        assert_eq!(bad.problems().count(), 1);
    }

    #[test]
    fn paths_sort_by_component() {
        let mut paths = vec!["plans/a-b.yaml", "plans/a/b.yaml", "plans/a.yaml"];
        paths.sort_by(|a, b| path_order(a, b));
        assert_eq!(paths, ["plans/a/b.yaml", "plans/a-b.yaml", "plans/a.yaml"]);
        let mut bufs: Vec<std::path::PathBuf> =
            ["plans/a-b.yaml", "plans/a/b.yaml", "plans/a.yaml"]
                .iter()
                .map(Into::into)
                .collect();
        bufs.sort();
        assert_eq!(bufs[0], std::path::PathBuf::from("plans/a/b.yaml"));
    }
}
