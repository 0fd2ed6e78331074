//! The work tree's plan files as the history walk would read them: parse each blob
//! once (issue 19). A check loads the work tree anyway; most of its files hold the very
//! text of a blob in history (same blob id), and the walk that starts from the plan at
//! the beginning of `stale-kr`'s window would otherwise read and parse them all again.

use std::sync::Arc;

use crate::change::state::FileEntities;
use crate::finding::Anchor;
use crate::history::tree::Entry;
use crate::history::walk::KnownFiles;
use crate::load::{Loaded, Piece};
use crate::model::{EntityKind, Id};

/// What a walk for the value series (`WalkOptions::changes` off) would make of each
/// loaded file, by the blob id of its bytes (`ids`, in load order; `None` where there is
/// none). Only files read cleanly are given: a file with any finding of its own, or
/// with an id declared twice anywhere (the plan kept one, a file read alone keeps its
/// own), is left for the walk to read as usual.
pub fn known_files(loaded: &Loaded, ids: &[Option<gix::ObjectId>]) -> KnownFiles {
    let file_of = |doc: usize| loaded.sources.docs.get(doc).map(|d| d.file);
    let mut unusable = vec![false; ids.len()];
    let mut mark = |file: Option<usize>| {
        if let Some(slot) = file.and_then(|f| unusable.get_mut(f)) {
            *slot = true;
        }
    };
    for finding in &loaded.findings {
        match &finding.at {
            Some(Anchor::File { file, .. }) => mark(Some(*file)),
            Some(Anchor::Node { doc, .. }) => mark(file_of(*doc)),
            None => {}
        }
    }
    for &file in &loaded.unreadable {
        mark(Some(file));
    }
    let mut declared: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
    for decl in &loaded.decls {
        *declared.entry(decl.id.as_str()).or_default() += 1;
    }
    for decl in &loaded.decls {
        if declared[decl.id.as_str()] > 1 {
            mark(file_of(decl.doc));
        }
    }

    // A walk for the series reads only documents that hold key results: objectives.
    let mut pieces: Vec<Piece> = ids.iter().map(|_| Piece::default()).collect();
    for decl in loaded.decls.iter().filter(|d| d.pointer.is_empty()) {
        if decl.kind == EntityKind::Objective {
            if let Some(piece) = file_of(decl.doc).and_then(|f| pieces.get_mut(f)) {
                piece.declared.push(Id::from(decl.id.as_str()));
                piece.kinds.push(EntityKind::Objective);
            }
        }
    }
    for objective in &loaded.plan.objectives {
        if let Some(piece) = file_of(objective.origin.doc).and_then(|f| pieces.get_mut(f)) {
            piece.objectives.push(Arc::clone(objective));
        }
    }
    ids.iter()
        .zip(pieces)
        .zip(unusable)
        .filter_map(|((id, piece), unusable)| {
            let id = (*id)?;
            (!unusable).then(|| {
                let file = FileEntities {
                    chunks: vec![Arc::new(piece)],
                };
                (Entry::Blob(id), Arc::new(file))
            })
        })
        .collect()
}
