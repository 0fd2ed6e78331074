//! Plan files inside a commit's tree: the plan folders looked up by path, listed
//! recursively, compared subtree by subtree, and read as [`RawFile`]s under the same
//! limits as the working tree.
//!
//! Hostile input (docs/threat-model.md): a blob's size comes from the object header before a byte
//! of it is inflated (G7); symlinks (P4) and submodules (P5) under a plan folder become
//! [`FileContent::Refused`] with the working tree's wording, never read.

use std::collections::{BTreeMap, HashMap};

use gix::ObjectId;
use gix::objs::tree::EntryKind;

use rayon::prelude::*;

use super::git::{GitRepo, with_thread_repo};
use super::{HistoryError, git_error};
use crate::change::state::path_order;
use crate::config::Limits;
use crate::load::{FileContent, RawFile};

mod blob;
mod diff;

use blob::{blob_size, fetch_blob, within_limits};
pub use blob::{is_damaged, read_blob};
pub use diff::{TreeCache, diff_entries};

/// What a tree entry under a plan folder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entry {
    Tree(ObjectId),
    Blob(ObjectId),
    /// A symlink: refused, never followed.
    Link(ObjectId),
    /// A submodule (a commit inside a tree): refused.
    Submodule(ObjectId),
}

impl Entry {
    pub fn id(&self) -> ObjectId {
        match *self {
            Entry::Tree(id) | Entry::Blob(id) | Entry::Link(id) | Entry::Submodule(id) => id,
        }
    }
}

/// A plan file's blob, admitted to be read, or refused from its entry and size alone.
type Admitted = Result<ObjectId, FileContent>;

/// A plan file that differs between two trees; `None` where it does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// Path relative to the top of the work tree.
    pub path: String,
    pub old: Option<Entry>,
    pub new: Option<Entry>,
}

/// A tree git cannot read or decode, named: which object is what `git fsck` needs
/// (found by the history fuzz target; docs/threat-model.md G8).
fn tree_error(id: ObjectId, e: impl std::fmt::Display) -> HistoryError {
    git_error(format!("tree {}: {e}", super::git::short(&id)))
}

/// Why a symlink under a plan folder is not read (the working tree says the same).
pub const SYMLINK_REFUSED: &str = "symlinks are not allowed in plan folders; copy the file instead";
/// Why a submodule under a plan folder is not read.
pub const SUBMODULE_REFUSED: &str =
    "a git submodule inside a plan folder is not read; keep plan files in this repository";

impl GitRepo {
    /// The entry at `path` (relative to the top, `/`-separated) in a commit's tree.
    pub fn entry_at(&self, tree: ObjectId, path: &str) -> Result<Option<Entry>, HistoryError> {
        let mut current = Entry::Tree(tree);
        for part in path.split('/').filter(|p| !p.is_empty() && *p != ".") {
            let Entry::Tree(id) = current else {
                return Ok(None);
            };
            match tree_entries(self.repo(), id)?
                .into_iter()
                .find(|(name, _)| name == part)
            {
                Some((_, entry)) => current = entry,
                None => return Ok(None),
            }
        }
        Ok(Some(current))
    }

    /// Every plan file under `roots` (paths relative to the top of the work tree) in a
    /// commit's tree, read under the limits and sorted as the working tree reader sorts
    /// them. Paths are shown relative to the plan root, like the working tree's.
    pub fn read_plan(
        &self,
        tree: ObjectId,
        roots: &[String],
        limits: &Limits,
    ) -> Result<Vec<RawFile>, HistoryError> {
        Ok(self
            .read_plans(&[tree], roots, limits)?
            .pop()
            .unwrap_or_default())
    }

    /// [`Self::read_plan`], leaving unread each blob the caller `holds` already (the
    /// work tree's files, read and parsed): such a file comes back as what `holds`
    /// gave for its blob id. The limits count it as if read.
    pub fn read_plan_holding<T: Send>(
        &self,
        tree: ObjectId,
        roots: &[String],
        limits: &Limits,
        holds: impl Fn(&ObjectId) -> Option<T> + Sync,
    ) -> Result<Vec<TreeFile<T>>, HistoryError> {
        let files = self.admitted_files(tree, roots, limits)?;
        let sync = self.sync();
        Ok(files
            .into_par_iter()
            .map(
                |(path, admitted)| match admitted.map(|id| (holds(&id), id)) {
                    Ok((Some(held), _)) => TreeFile::Held { path, held },
                    Ok((None, id)) => TreeFile::Read(RawFile {
                        path,
                        content: with_thread_repo(sync, |repo| fetch_blob(repo, id)),
                    }),
                    Err(refused) => TreeFile::Read(RawFile {
                        path,
                        content: refused,
                    }),
                },
            )
            .collect())
    }

    /// [`Self::read_plan`] for several trees at once (a diff's two sides): a blob that
    /// several of them hold, like every file the change left alone, is inflated once.
    pub fn read_plans(
        &self,
        trees: &[ObjectId],
        roots: &[String],
        limits: &Limits,
    ) -> Result<Vec<Vec<RawFile>>, HistoryError> {
        let mut sides = Vec::with_capacity(trees.len());
        for &tree in trees {
            sides.push(self.admitted_files(tree, roots, limits)?);
        }
        // Each distinct blob once, the versions of one path next to each other: they
        // are deltas of one another, and a thread's pack cache then still holds the base.
        let mut by_path: Vec<(&str, usize, ObjectId)> = sides
            .iter()
            .enumerate()
            .flat_map(|(side, files)| {
                files.iter().filter_map(move |(path, admitted)| {
                    admitted.as_ref().ok().map(|id| (path.as_str(), side, *id))
                })
            })
            .collect();
        by_path.sort_unstable_by(|a, b| path_order(a.0, b.0).then(a.1.cmp(&b.1)));
        // How many files hold each blob: the last of them takes it, the others a copy.
        let mut uses: HashMap<ObjectId, usize> = HashMap::with_capacity(by_path.len());
        let mut order = Vec::with_capacity(by_path.len());
        for (_, _, id) in by_path {
            let n = uses.entry(id).or_default();
            if *n == 0 {
                order.push(id);
            }
            *n += 1;
        }
        // The admitted blobs are inflated on every core, each thread with its own handle.
        let sync = self.sync();
        let mut blobs: HashMap<ObjectId, FileContent> = order
            .into_par_iter()
            .map(|id| (id, with_thread_repo(sync, |repo| fetch_blob(repo, id))))
            .collect();
        let mut content_of = |id: ObjectId| {
            let last = uses.get_mut(&id).is_none_or(|n| {
                *n -= 1;
                *n == 0
            });
            let content = if last {
                blobs.remove(&id)
            } else {
                blobs.get(&id).cloned()
            };
            // Every admitted id was fetched above.
            content.unwrap_or_else(|| FileContent::Refused(format!("blob {id} was not read")))
        };
        Ok(sides
            .into_iter()
            .map(|side| {
                side.into_iter()
                    .map(|(path, admitted)| RawFile {
                        path,
                        content: admitted.map_or_else(|refused| refused, &mut content_of),
                    })
                    .collect()
            })
            .collect())
    }

    /// The plan files of one tree in path order, each admitted (its blob id) or refused
    /// from its entry and size alone. Sizes are checked in path order: the total limit
    /// counts files in that order, as in the working tree.
    fn admitted_files(
        &self,
        tree: ObjectId,
        roots: &[String],
        limits: &Limits,
    ) -> Result<Vec<(String, Admitted)>, HistoryError> {
        let mut files = BTreeMap::new();
        for root in roots {
            if let Some(entry) = self.entry_at(tree, root)? {
                list_files(self.repo(), root, entry, &mut files)?;
            }
        }
        let mut listed: Vec<(String, Entry)> = files.into_iter().collect();
        listed.sort_by(|a, b| path_order(&a.0, &b.0));
        // Headers are read on every core (each is a few inflated bytes, but thousands
        // of them); the limits are then applied in path order.
        let sync = self.sync();
        let sized: Vec<Result<(ObjectId, u64), FileContent>> = listed
            .par_iter()
            .map(|(_, entry)| with_thread_repo(sync, |repo| blob_size(repo, *entry)))
            .collect();
        let mut total = 0;
        Ok(listed
            .into_iter()
            .zip(sized)
            .map(|((path, _), sized)| {
                let admitted =
                    sized.and_then(|(id, size)| within_limits(id, size, limits, &mut total));
                (self.shown(&path), admitted)
            })
            .collect())
    }

    /// A path relative to the top of the work tree as findings show it: relative to the
    /// plan root.
    pub fn shown(&self, path: &str) -> String {
        path.strip_prefix(self.prefix()).unwrap_or(path).to_owned()
    }
}

/// A plan file of a tree: read, or held by the caller already.
#[derive(Debug, Clone)]
pub enum TreeFile<T> {
    Read(RawFile),
    Held { path: String, held: T },
}

/// The entries of one tree, by name, from any handle on the repository.
pub fn tree_entries(
    repo: &gix::Repository,
    id: ObjectId,
) -> Result<Vec<(String, Entry)>, HistoryError> {
    let object = repo.find_object(id).map_err(|e| tree_error(id, e))?;
    let tree = gix::objs::TreeRefIter::from_bytes(&object.data, repo.object_hash());
    let mut out = Vec::new();
    for entry in tree {
        let entry = entry.map_err(|e| tree_error(id, e))?;
        out.push((
            String::from_utf8_lossy(entry.filename).into_owned(),
            entry_of(&entry),
        ));
    }
    Ok(out)
}

/// Every plan file under `entry` (found at `path`) from any handle on the repository, as the working tree reader would
/// see them: `*.yaml` / `*.yml`, symlinks and submodules (to refuse), no dot files.
/// A root that is itself a file is taken whatever its name, as a path given on the
/// command line is.
pub fn list_files(
    repo: &gix::Repository,
    path: &str,
    entry: Entry,
    out: &mut BTreeMap<String, Entry>,
) -> Result<(), HistoryError> {
    match entry {
        Entry::Tree(id) => {
            for (name, child) in tree_entries(repo, id)? {
                if let Some(child_path) = keep(path, &name, child) {
                    list_files(repo, &child_path, child, out)?;
                }
            }
        }
        file => {
            out.insert(path.to_owned(), file);
        }
    }
    Ok(())
}

/// What a tree entry is, with its id.
fn entry_of(entry: &gix::objs::tree::EntryRef<'_>) -> Entry {
    let oid = entry.oid.to_owned();
    match entry.mode.kind() {
        EntryKind::Tree => Entry::Tree(oid),
        EntryKind::Blob | EntryKind::BlobExecutable => Entry::Blob(oid),
        EntryKind::Link => Entry::Link(oid),
        EntryKind::Commit => Entry::Submodule(oid),
    }
}

/// Whether a child entry belongs to the plan (and its path), as the working tree walk
/// decides: dot names are skipped, folders are entered, symlinks and submodules are kept
/// (to be refused), and blobs only when named `*.yaml` / `*.yml`.
fn keep(parent: &str, name: &str, entry: Entry) -> Option<String> {
    is_plan_entry(name, entry).then(|| join(parent, name))
}

/// [`keep`] without building the path.
fn is_plan_entry(name: &str, entry: Entry) -> bool {
    if name.starts_with('.') {
        return false;
    }
    match entry {
        Entry::Tree(_) | Entry::Link(_) | Entry::Submodule(_) => true,
        Entry::Blob(_) => name.ends_with(".yaml") || name.ends_with(".yml"),
    }
}

fn join(parent: &str, name: &str) -> String {
    if parent.is_empty() || parent == "." {
        name.to_owned()
    } else {
        format!("{}/{name}", parent.trim_end_matches('/'))
    }
}

#[cfg(test)]
mod tests;
