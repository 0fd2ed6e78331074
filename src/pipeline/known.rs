//! The work tree's plan files as the history walk would read them: parse each blob
//! once (issue 19). A check loads the work tree anyway; most of its files hold the very
//! text of a blob in history (same blob id), and the walk that starts from the plan at
//! the beginning of `stale-kr`'s window would otherwise read and parse them all again.

use std::sync::Arc;

use crate::change::state::FileEntities;
use crate::history::tree::Entry;
use crate::history::walk::KnownFiles;
use crate::load::Reading;

/// What a walk for the value series (`WalkOptions::changes` off) would make of each
/// file read, by the blob id of its bytes (`ids`, in load order; `None` where there is
/// none): the objectives of each file read cleanly ([`Reading::clean_objectives`]), the
/// only documents that hold key results. Any other file is left for the walk to read as
/// usual. Known before the plan is put together, so that the walk need not wait for it.
pub fn known_files(reading: &Reading, ids: &[Option<gix::ObjectId>]) -> KnownFiles {
    ids.iter()
        .zip(reading.clean_objectives())
        .filter_map(|(id, piece)| {
            let file = FileEntities {
                chunks: vec![Arc::new(piece?)],
            };
            Some((Entry::Blob((*id)?), Arc::new(file)))
        })
        .collect()
}
