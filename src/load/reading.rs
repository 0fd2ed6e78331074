//! Reading a plan's files, on every core, and putting the plan together from them, on
//! one: the two steps of every load, apart so that a history walk can take what it
//! needs of the files before the plan is built.

use std::collections::hash_map::Entry;
use std::sync::Arc;

use rayon::prelude::*;

use super::document::Parsed;
use super::file::{FileOutcome, read_file};
use super::{Document, IdDecl, YamlLimits};
use super::{
    FileContent, LoadInput, Loaded, Piece, RawFile, ReadFile, SourceFile, as_meant,
    say_over_total_once,
};
use crate::model::{EntityKind, Goal, Id, Objective, Plan, Project};

/// The files of a plan read (on every core) and placed, the plan not yet put together
/// from them (one core): what a history walk takes of each file can be handed to it
/// first, so that the walk starts while the plan is put together.
pub struct Reading {
    paths: Vec<String>,
    outcomes: Vec<FileOutcome>,
    kept: Vec<Arc<ReadFile>>,
}

/// Reads files as [`load`] does, and keeps each file as read for [`load_reusing`] when
/// `keep` is set ([`Reading::take_kept`]), stopping before the plan is put together:
/// see [`Reading::into_loaded`].
pub fn read(files: Vec<RawFile>, limits: &YamlLimits, keep: bool) -> Reading {
    read_all(
        files.into_iter().map(LoadInput::Read).collect(),
        limits,
        keep,
    )
}

/// How many files a core reads before it may hand the rest of its share to a core that
/// is done with its own.
const FILES_PER_PIECE: usize = 8;

/// Reads the files not read yet (on every core), places each in the plan, and keeps
/// them as placed when asked to.
pub(super) fn read_all(inputs: Vec<LoadInput>, limits: &YamlLimits, keep: bool) -> Reading {
    let limits = *limits;
    let mut paths = Vec::with_capacity(inputs.len());
    let mut contents: Vec<Result<FileContent, Arc<ReadFile>>> = inputs
        .into_iter()
        .map(|input| match input {
            LoadInput::Read(file) => {
                paths.push(file.path);
                Ok(file.content)
            }
            LoadInput::Kept { path, file } => {
                paths.push(path);
                Err(file)
            }
        })
        .collect();
    say_over_total_once(contents.iter_mut().filter_map(|c| c.as_mut().ok()));
    // Where each file's documents begin is known once every file is read.
    let process = |(index, content): (usize, Result<FileContent, Arc<ReadFile>>)| match content {
        Ok(content) => read_file(index, content, &limits),
        Err(kept) => Arc::unwrap_or_clone(kept).0,
    };
    // Reading a document tree recurses once per nesting level: the pool's workers have
    // a stack that fits the configured depth.
    // In pieces of a few files: rayon splits a list once per core and further only when
    // a piece is stolen, so a core that finished its half early would wait on a piece
    // of hundreds of files being read on the other.
    let mut outcomes: Vec<FileOutcome> = crate::pool::run(&limits, || {
        contents
            .into_par_iter()
            .with_max_len(FILES_PER_PIECE)
            .enumerate()
            .map(process)
            .collect()
    });
    let mut first_doc = 0;
    let places: Vec<(usize, usize)> = outcomes
        .iter()
        .enumerate()
        .map(|(file, outcome)| {
            let place = (file, first_doc);
            first_doc += outcome.docs.len();
            place
        })
        .collect();
    let kept: Vec<Arc<ReadFile>> = crate::pool::run(&limits, || {
        outcomes
            .par_iter_mut()
            .zip(places)
            .filter_map(|(outcome, (file, first_doc))| {
                outcome.place(file, first_doc);
                keep.then(|| Arc::new(ReadFile(outcome.clone())))
            })
            .collect()
    });

    Reading {
        paths,
        outcomes,
        kept,
    }
}

impl Reading {
    /// The plan as [`load`] gives it.
    pub fn into_loaded(self) -> Loaded {
        as_meant(self.put_together())
    }

    /// Each file as read, in load order, when kept (else none); a second call has none.
    pub fn take_kept(&mut self) -> Vec<Arc<ReadFile>> {
        std::mem::take(&mut self.kept)
    }

    /// The path of each file, in load order.
    pub fn paths(&self) -> &[String] {
        &self.paths
    }

    /// Per file in load order, what reading it alone with [`read_piece`] gives of its
    /// objectives (their ids, in `declared`, and the entities), for a file that was read
    /// cleanly: no finding of its own, and no id it declares declared again anywhere
    /// (the plan keeps one of the two, a file read alone keeps its own). `None` for any
    /// other file.
    pub fn clean_objectives(&self) -> Vec<Option<Piece>> {
        let mut declared: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
        let decls = || {
            self.outcomes
                .iter()
                .flat_map(|o| &o.docs)
                .flat_map(|d| &d.decls)
        };
        for decl in decls() {
            *declared.entry(decl.id.as_str()).or_default() += 1;
        }
        self.outcomes
            .iter()
            .map(|outcome| {
                let clean = !outcome.unreadable
                    && outcome.findings.is_empty()
                    && outcome.docs.iter().all(|d| {
                        d.findings.is_empty()
                            && d.decls.iter().all(|decl| declared[decl.id.as_str()] == 1)
                    });
                clean.then(|| {
                    let mut piece = Piece::default();
                    for doc in &outcome.docs {
                        for decl in &doc.decls {
                            if decl.pointer.is_empty() && decl.kind == EntityKind::Objective {
                                piece.declared.push(Id::from(decl.id.as_str()));
                                piece.kinds.push(EntityKind::Objective);
                            }
                        }
                        if let Some(Parsed::Objective(o)) = &doc.entity {
                            piece.objectives.push(Arc::clone(o));
                        }
                    }
                    piece
                })
            })
            .collect()
    }

    /// The plan from its files, references as written (see [`load_alone`]).
    pub(super) fn put_together(self) -> Loaded {
        let Reading {
            paths, outcomes, ..
        } = self;
        let mut loaded = Loaded::default();
        // Sized up front: the entities are large, and growing the vectors copied them.
        let (mut goals, mut objectives, mut projects) = {
            let (mut g, mut o, mut p) = (0, 0, 0);
            for doc in outcomes.iter().flat_map(|o| &o.docs) {
                match doc.entity {
                    Some(Parsed::Goal(_)) => g += 1,
                    Some(Parsed::Objective(_)) => o += 1,
                    Some(Parsed::Project(_)) => p += 1,
                    None => {}
                }
            }
            (
                Vec::with_capacity(g),
                Vec::with_capacity(o),
                Vec::with_capacity(p),
            )
        };
        let docs = outcomes.iter().flat_map(|o| &o.docs);
        loaded.sources.docs.reserve(docs.clone().count());
        loaded.decls.reserve(docs.map(|d| d.decls.len()).sum());
        loaded.sources.files.reserve(outcomes.len());
        for (file_index, (path, outcome)) in paths.into_iter().zip(outcomes).enumerate() {
            loaded.findings.extend(outcome.findings);
            loaded.damage.merge(outcome.damage);
            if outcome.unreadable {
                loaded.unreadable.push(file_index);
            }
            for (root, doc) in outcome.roots.into_iter().zip(outcome.docs) {
                loaded.sources.docs.push(Document {
                    file: file_index,
                    root,
                });
                loaded.findings.extend(doc.findings);
                loaded.damage.merge(doc.damage);
                loaded.decls.extend(doc.decls);
                match doc.entity {
                    Some(Parsed::Goal(g)) => goals.push(g),
                    Some(Parsed::Objective(o)) => objectives.push(o),
                    Some(Parsed::Project(p)) => projects.push(p),
                    None => {}
                }
            }
            loaded.sources.files.push(SourceFile {
                path,
                text: outcome.text,
            });
        }
        loaded.declared_twice =
            drop_later_duplicates(&mut goals, &mut objectives, &mut projects, &loaded.decls);
        loaded.plan = Plan::new(goals, objectives, projects);
        loaded
            .plan
            .declare(loaded.decls.iter().map(|d| (d.id.as_str(), d.kind)));
        loaded.plan.declare(
            loaded
                .damage
                .pieces
                .iter()
                .map(|(id, kind)| (id.as_str(), *kind)),
        );
        loaded
    }
}

/// A document whose exact id was declared before (by any kind) stays out of the plan, so
/// that nothing is counted twice; `duplicate-id` reports it. Ids that differ by case are
/// distinct for references, so both stay. Returns the ids declared more than once.
pub(super) fn drop_later_duplicates(
    goals: &mut Vec<Arc<Goal>>,
    objectives: &mut Vec<Arc<Objective>>,
    projects: &mut Vec<Arc<Project>>,
    decls: &[IdDecl],
) -> Vec<String> {
    // The first declaration of each id, by any kind. Ids declared twice are rare: the
    // entities are read against the few that are, not against every declaration.
    let mut first = foldhash::HashMap::with_capacity_and_hasher(decls.len(), Default::default());
    let mut twice = Vec::new();
    for (i, d) in decls.iter().enumerate() {
        match first.entry(d.id.as_str()) {
            Entry::Occupied(_) => twice.push(d.id.clone()),
            Entry::Vacant(at) => {
                at.insert(i);
            }
        }
    }
    if twice.is_empty() {
        return twice;
    }
    twice.sort_unstable();
    twice.dedup();
    let again: foldhash::HashSet<&str> = twice.iter().map(String::as_str).collect();
    // Of those, the first document that declares each (a key result's id does not count).
    let mut first_doc = foldhash::HashMap::default();
    for d in decls
        .iter()
        .filter(|d| d.pointer.is_empty() && again.contains(d.id.as_str()))
    {
        first_doc.entry(d.id.as_str()).or_insert(d.doc);
    }
    let keep = |id: &str, doc: usize| !again.contains(id) || first_doc.get(id) == Some(&doc);
    goals.retain(|g| keep(g.id.as_str(), g.origin.doc));
    objectives.retain(|o| keep(o.id.as_str(), o.origin.doc));
    projects.retain(|p| keep(p.id.as_str(), p.origin.doc));
    // A key result whose id was declared before (a key result copied and not renamed)
    // is set aside too: its objective keeps the first.
    for o in objectives.iter_mut() {
        let later = |kr: &crate::model::KeyResult| {
            again.contains(kr.id.as_str())
                && first.get(kr.id.as_str()).is_some_and(|&i| {
                    let d = &decls[i];
                    (d.doc, d.pointer.as_str()) != (kr.origin.doc, kr.origin.pointer.as_str())
                })
        };
        if o.key_results.iter().any(later) {
            Arc::make_mut(o).key_results.retain(|kr| !later(kr));
        }
    }
    twice
}
