//! What changed in a plan root between two commits: its trees compared subtree by
//! subtree, an unchanged subtree (same id) never read.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use gix::ObjectId;

use super::{Entry, FileChange, entry_of, is_plan_entry, join, list_files, tree_error};
use crate::history::HistoryError;

/// Decoded trees: those of the commit being compared, and those of the one before (the
/// walk compares each commit with its first parent, so a tree read as "new" for one
/// commit is read as "old" for the next).
#[derive(Debug, Default)]
pub struct TreeCache {
    previous: HashMap<ObjectId, Rc<Vec<u8>>>,
    current: HashMap<ObjectId, Rc<Vec<u8>>>,
}

impl TreeCache {
    /// Moves on to the next commit: only the trees just read are kept.
    pub fn next_commit(&mut self) {
        self.previous = std::mem::take(&mut self.current);
    }

    /// The raw tree object `id`.
    fn get(&mut self, repo: &gix::Repository, id: ObjectId) -> Result<Rc<Vec<u8>>, HistoryError> {
        if let Some(t) = self.current.get(&id) {
            return Ok(t.clone());
        }
        let tree = match self.previous.remove(&id) {
            Some(t) => t,
            None => {
                let mut object = repo.find_object(id).map_err(|e| tree_error(id, e))?;
                Rc::new(std::mem::take(&mut object.data))
            }
        };
        self.current.insert(id, tree.clone());
        Ok(tree)
    }
}

/// The plan files that differ between two versions of the entry at `path`, from any
/// handle on the repository (the walk compares trees on a thread of its own).
/// Subtrees with the same id are skipped without being read: a commit that touches
/// one file costs one tree read per level, whatever the size of the plan. `cache`
/// keeps the trees of the previous commit, which is the next one's parent.
pub fn diff_entries(
    repo: &gix::Repository,
    cache: &mut TreeCache,
    path: &str,
    old: Option<Entry>,
    new: Option<Entry>,
    out: &mut Vec<FileChange>,
) -> Result<(), HistoryError> {
    if old == new {
        return Ok(());
    }
    if let (Some(Entry::Tree(a)), Some(Entry::Tree(b))) = (old, new) {
        // Both trees are sorted in git's order: pair their entries in one pass, and
        // give a path only to the children whose ids differ.
        let (before, after) = (cache.get(repo, a)?, cache.get(repo, b)?);
        let hash = repo.object_hash();
        let mut xs = gix::objs::TreeRefIter::from_bytes(&before, hash);
        let mut ys = gix::objs::TreeRefIter::from_bytes(&after, hash);
        let (mut x, mut y) = (xs.next().transpose(), ys.next().transpose());
        let mut children: Vec<(String, Option<Entry>, Option<Entry>)> = Vec::new();
        loop {
            let (ex, ey) = (
                x.as_ref().map_err(|e| tree_error(a, e))?.as_ref(),
                y.as_ref().map_err(|e| tree_error(b, e))?.as_ref(),
            );
            let order = match (ex, ey) {
                (None, None) => break,
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (Some(p), Some(q)) => gix::objs::tree::name_order(
                    p.filename,
                    p.mode.is_tree(),
                    q.filename,
                    q.mode.is_tree(),
                ),
            };
            let (old_child, new_child) = match order {
                std::cmp::Ordering::Less => (ex, None),
                std::cmp::Ordering::Greater => (None, ey),
                std::cmp::Ordering::Equal => (ex, ey),
            };
            let name = old_child.or(new_child).map(|e| e.filename);
            let (o, n) = (old_child.map(entry_of), new_child.map(entry_of));
            if let Some(name) = name.filter(|_| o != n) {
                let name = String::from_utf8_lossy(name);
                let o = o.filter(|e| is_plan_entry(&name, *e));
                let n = n.filter(|e| is_plan_entry(&name, *e));
                if o.is_some() || n.is_some() {
                    children.push((join(path, &name), o, n));
                }
            }
            if old_child.is_some() {
                x = xs.next().transpose();
            }
            if new_child.is_some() {
                y = ys.next().transpose();
            }
        }
        for (child, o, n) in children {
            diff_entries(repo, cache, &child, o, n, out)?;
        }
        return Ok(());
    }
    // A file became a folder or the other way round, or one side is missing: list
    // both sides and pair the files by path.
    let (mut before, mut after) = (BTreeMap::new(), BTreeMap::new());
    if let Some(e) = old {
        list_files(repo, path, e, &mut before)?;
    }
    if let Some(e) = new {
        list_files(repo, path, e, &mut after)?;
    }
    let mut paths: Vec<&String> = before.keys().chain(after.keys()).collect();
    paths.sort();
    paths.dedup();
    for p in paths {
        let (o, n) = (before.get(p).copied(), after.get(p).copied());
        if o != n {
            out.push(FileChange {
                path: p.clone(),
                old: o,
                new: n,
            });
        }
    }
    Ok(())
}
